"""Reads of the labels app, including the ones other apps use:

- home page sections: :func:`latest_labelled_projects`, :func:`latest_prize_winners`,
  :func:`open_edition`;
- projects' extension points: :func:`project_public_panel`, :func:`gallery_label_filter`;
- accounts' extension points: :func:`dashboard_panel`, :func:`user_data_export`;
- the rounds, the labels' and the contest's figures the services and the admin read
  (:func:`current_round`, :func:`european_eligible_projects`, :func:`entry_totals`…).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import School, TeacherStatus, User
from accounts.selectors import FWB_SERVICE_CODE
from labels import clock
from labels.models import (
    ApplicationStatus,
    ContestEdition,
    ContestEntry,
    EuropeanLabel,
    JuryScore,
    LabelRound,
    NationalLabelApplication,
    SchoolLabelApplication,
)
from projects.models import MemberStatus, Project, ProjectState

GALLERY_PARAM = "label"


def open_edition(now: datetime.datetime | None = None) -> ContestEdition | None:
    """The contest edition still accepting entries (the nearest deadline, which is
    excluded: an edition closing at ``now`` is closed)."""
    now = now or clock.now()
    return ContestEdition.objects.filter(deadline__gt=now).order_by("deadline").first()


# --- Rounds and figures --------------------------------------------------------------


def school_year_of(day: datetime.date) -> int:
    """The school year (its starting calendar year) containing ``day``:
    September to August."""
    return day.year if day.month >= 9 else day.year - 1


def current_round(now: datetime.datetime | None = None) -> LabelRound | None:
    now = now or clock.now()
    return LabelRound.objects.filter(year=school_year_of(clock.local_date(now))).first()


def project_countries(project: Project) -> set[int]:
    """Countries of the schools that took part (active members, or who left
    after taking part): the school is copied per membership, so it stays put."""
    return set(
        project.memberships.filter(status__in=(MemberStatus.ACTIVE, MemberStatus.LEFT))
        .values_list("school__country_id", flat=True)
        .distinct()
    )


def european_eligible_projects():
    """Projects with awarded National Quality Labels in at least two countries,
    annotated with ``average_score`` (mean total of their national labels)."""
    awarded = NationalLabelApplication.objects.awarded()
    project_ids = (
        awarded.values("project")
        .annotate(countries=Count("country", distinct=True))
        .filter(countries__gte=2)
        .values("project")
    )
    return Project.objects.filter(pk__in=project_ids)


def project_average_score(project: Project) -> Decimal | None:
    rows = NationalLabelApplication.objects.awarded().filter(project=project)
    values = [a.total for a in rows]
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"))


def entry_totals(edition: ContestEdition) -> dict[int, float]:
    """Average per juror of the total points of each entry."""
    totals: dict[int, dict[int, int]] = {}
    for entry_id, juror_id, points in JuryScore.objects.filter(entry__edition=edition).values_list(
        "entry_id", "juror_id", "points"
    ):
        totals.setdefault(entry_id, {}).setdefault(juror_id, 0)
        totals[entry_id][juror_id] += points
    return {
        entry_id: sum(per_juror.values()) / len(per_juror) for entry_id, per_juror in totals.items()
    }


# --- Pages ---------------------------------------------------------------------------


def latest_labelled_projects(limit: int = 6) -> list[Project]:
    """Public projects with a National Quality Label, most recently awarded first."""
    awarded = (
        NationalLabelApplication.objects.awarded()
        .filter(project__in=Project.objects.visible_publicly())
        .order_by("-decided_at")
        .values_list("project_id", flat=True)
    )
    seen: list[int] = []
    for project_id in awarded[: limit * 4]:
        if project_id not in seen:
            seen.append(project_id)
        if len(seen) == limit:
            break
    projects = Project.objects.in_bulk(seen)
    return [projects[pk] for pk in seen if pk in projects]


def latest_prize_winners(limit: int = 6) -> list[ContestEntry]:
    return list(
        ContestEntry.objects.filter(is_winner=True, edition__results_published_at__isnull=False)
        .select_related("project", "category", "edition")
        .order_by("-edition__year", "category__position")[:limit]
    )


def labelled_projects() -> QuerySet[Project]:
    return (
        Project.objects.visible_publicly()
        .filter(
            Q(national_label_applications__status=ApplicationStatus.AWARDED)
            | Q(european_labels__isnull=False)
        )
        .distinct()
        .order_by("-finished_at", "-activated_at", "-pk")
    )


@dataclass
class ProjectLabels:
    national: list[NationalLabelApplication]
    european: list[EuropeanLabel]
    prizes: list[ContestEntry]

    def __bool__(self) -> bool:
        return bool(self.national or self.european or self.prizes)


def project_labels(project: Project) -> ProjectLabels:
    return ProjectLabels(
        national=list(
            NationalLabelApplication.objects.awarded()
            .filter(project=project)
            .select_related("country", "round", "teacher", "school")
            .order_by("country__code")
        ),
        european=list(EuropeanLabel.objects.filter(project=project).select_related("round")),
        prizes=list(
            ContestEntry.objects.filter(
                project=project, is_winner=True, edition__results_published_at__isnull=False
            ).select_related("edition", "category")
        ),
    )


def project_public_panel(project: Project) -> dict | None:
    labels = project_labels(project)
    if not labels:
        return None
    countries = sorted({a.country.name for a in labels.national})
    return {"template": "labels/_project_panel.html", "labels": labels, "countries": countries}


def gallery_label_filter(queryset: QuerySet, params) -> tuple[QuerySet, dict]:
    value = params.get(GALLERY_PARAM, "")
    # Badges on the gallery cards: three EXISTS sub-queries in the page's one query.
    queryset = queryset.annotate(
        has_national_label=Exists(
            NationalLabelApplication.objects.awarded().filter(project=OuterRef("pk"))
        ),
        has_european_label=Exists(EuropeanLabel.objects.filter(project=OuterRef("pk"))),
        has_prize=Exists(
            ContestEntry.objects.filter(
                project=OuterRef("pk"), is_winner=True, edition__results_published_at__isnull=False
            )
        ),
    )
    if value == "national":
        queryset = queryset.filter(
            pk__in=NationalLabelApplication.objects.awarded().values("project_id")
        )
    elif value == "european":
        queryset = queryset.filter(pk__in=EuropeanLabel.objects.values("project_id"))
    elif value == "prize":
        queryset = queryset.filter(
            pk__in=ContestEntry.objects.filter(
                is_winner=True, edition__results_published_at__isnull=False
            ).values("project_id")
        )
    else:
        value = ""
    return queryset, {
        "name": GALLERY_PARAM,
        "label": _("Labels et prix"),
        "empty_label": _("Tous les projets"),
        "choices": [
            ("national", _("Label de qualité national")),
            ("european", _("Label de qualité européen")),
            ("prize", _("Lauréats du concours")),
        ],
        "value": value,
    }


def teacher_profile_panel(teacher: User) -> dict | None:
    """The labels a teacher was awarded, for their profile page (partners): only for
    public projects, since any teacher may read the profile."""
    awarded = list(
        NationalLabelApplication.objects.awarded()
        .filter(teacher=teacher, project__in=Project.objects.visible_publicly())
        .select_related("project", "round")
        .order_by("-pk")
    )
    if not awarded:
        return None
    return {"template": "labels/_teacher_panel.html", "awarded": awarded}


def school_label_candidates(now: datetime.datetime | None = None) -> QuerySet[School]:
    """Schools meeting the eTwinning School label prerequisites: registered over
    two years, at least three validated teachers, and at least one project with a
    National Quality Label awarded in the last two years. One query."""
    now = now or clock.now()
    two_years_ago = now - datetime.timedelta(days=730)
    recent_label = NationalLabelApplication.objects.filter(
        status=ApplicationStatus.AWARDED,
        decided_at__gte=two_years_ago,
        project__memberships__school=OuterRef("pk"),
        project__memberships__status__in=(MemberStatus.ACTIVE, MemberStatus.LEFT),
    )
    return (
        School.objects.validated()
        .filter(created_at__lte=two_years_ago)
        .annotate(
            active_teachers=Count(
                "teachers",
                filter=Q(
                    teachers__status=TeacherStatus.VALIDATED,
                    teachers__is_active=True,
                    teachers__is_staff=False,
                ),
                distinct=True,
            )
        )
        .filter(active_teachers__gte=3)
        .filter(Exists(recent_label))
        .select_related("support_service", "country")
        .order_by("name")
    )


def school_current_label(school: School) -> SchoolLabelApplication | None:
    today = clock.local_date(clock.now())
    return (
        SchoolLabelApplication.objects.filter(
            school=school, status=ApplicationStatus.AWARDED, valid_until__gte=today
        )
        .select_related("round")
        .order_by("-valid_until")
        .first()
    )


def contest_reminder_recipients() -> QuerySet[User]:
    """FWB validated teachers who are active members of an active project."""
    return (
        User.objects.teachers()
        .validated()
        .filter(support_service__code=FWB_SERVICE_CODE)
        .filter(
            project_memberships__status=MemberStatus.ACTIVE,
            project_memberships__project__state=ProjectState.ACTIVE,
        )
        .distinct()
        .order_by("pk")
    )


def teacher_applications(user: User) -> QuerySet[NationalLabelApplication]:
    return NationalLabelApplication.objects.filter(teacher=user).select_related(
        "project", "round", "service"
    )


def teacher_european_labels(user: User) -> QuerySet[EuropeanLabel]:
    """European Quality Labels of the projects ``user`` is an active member of."""
    return (
        EuropeanLabel.objects.filter(
            project__memberships__user=user, project__memberships__status=MemberStatus.ACTIVE
        )
        .select_related("project", "round")
        .distinct()
        .order_by("-round__year", "project__title")
    )


def teacher_entries(user: User) -> QuerySet[ContestEntry]:
    return ContestEntry.objects.filter(
        project__memberships__user=user, project__memberships__status=MemberStatus.ACTIVE
    ).select_related("project", "edition", "category")


def dashboard_panel(user: User) -> dict | None:
    if not getattr(user, "is_validated_teacher", False):
        return None
    return {
        "template": "labels/_dashboard_panel.html",
        "applications": list(teacher_applications(user)[:5]),
        "entries": list(teacher_entries(user).order_by("-edition__year")[:5]),
        "edition": open_edition(),
    }


def user_data_export(user: User) -> dict:
    return {
        "national_quality_label_applications": [
            {
                "project": a.project.title,
                "school_year": str(a.round),
                "status": a.status,
                "prerequisites": {
                    code: getattr(a, code)
                    for code in (
                        "pupil_collaboration",
                        "ict_use",
                        "data_protection",
                        "copyright",
                        "e_safety",
                    )
                },
                "texts": {
                    code: getattr(a, f"text_{code}")
                    for code in (
                        "innovation",
                        "curriculum",
                        "collaboration",
                        "technology",
                        "results",
                    )
                },
                "evidence_links": a.evidence_list(),
                "total": a.total,
                "comment": a.comment if a.status != ApplicationStatus.SUBMITTED else "",
                "created_at": a.created_at.isoformat(),
            }
            for a in teacher_applications(user)
        ],
        "school_label_applications": [
            {
                "school": s.school.name,
                "school_year": str(s.round),
                "head_name": s.head_name,
                "status": s.status,
            }
            for s in SchoolLabelApplication.objects.filter(applicant=user).select_related(
                "school", "round"
            )
        ],
        "contest_entries": [
            {
                "edition": e.edition.year,
                "project": e.project.title,
                "category": e.category.name,
                "presentation": e.presentation,
                "evidence_links": e.evidence_list(),
                "winner": e.is_winner and e.edition.results_published,
            }
            for e in ContestEntry.objects.filter(submitted_by=user).select_related(
                "edition", "project", "category"
            )
        ],
    }
