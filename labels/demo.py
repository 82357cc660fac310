"""Demo data: a label round for this school year, an awarded National Quality
Label on a European demo project (its Belgian school, École communale de Jambes, then
meets the eTwinning School label conditions: accounts/demo.py), and three contest
editions: the open one, last year's after its deadline with the FWB demo staff member
on its jury and entries to score, and the year before's with published winners. The
demo can show the whole year of the contest at once, whatever the day. Idempotent."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from accounts.demo import summary
from accounts.models import TeacherStatus, User
from labels import clock, selectors, services
from labels.certificates import national_label_certificate_issue
from labels.models import (
    BRUSSELS,
    CRITERIA,
    PREREQUISITES,
    ApplicationStatus,
    ContestEdition,
    ContestEntry,
    LabelRound,
    NationalLabelApplication,
    SchoolLabelApplication,
    default_deadline,
)
from projects.models import MemberStatus, Project, ProjectState

TRY = "To try"
# What the contest's teachers read, in the four languages (labels/translation.py).
CEREMONY_PLACE = {
    "ceremony_place_fr": "Bruxelles, Espace Wallonie-Bruxelles",
    "ceremony_place_nl": "Brussel, Espace Wallonie-Bruxelles",
    "ceremony_place_de": "Brüssel, Espace Wallonie-Bruxelles",
    "ceremony_place_en": "Brussels, Espace Wallonie-Bruxelles",
}
INTRODUCTION = {
    "introduction_fr": "Inscrivez votre projet eTwinning : des prix en matériel multimédia "
    "récompensent les meilleurs projets de chaque catégorie.",
    "introduction_nl": "Schrijf uw eTwinning-project in: prijzen in multimediamateriaal "
    "belonen de beste projecten van elke categorie.",
    "introduction_de": "Melden Sie Ihr eTwinning-Projekt an: Preise in Form von "
    "Multimedia-Ausstattung belohnen die besten Projekte jeder Kategorie.",
    "introduction_en": "Enter your eTwinning project: prizes of multimedia equipment "
    "reward the best projects in each category.",
}
LABEL_TEXT = (
    "Les élèves ont travaillé en équipes mixtes, publié leurs productions dans le "
    "journal du projet et présenté les résultats aux parents."
)


def _round(year: int) -> LabelRound:
    label_round, _created = LabelRound.objects.get_or_create(
        year=year,
        defaults={
            "opens_at": datetime.datetime(year, 9, 1, tzinfo=BRUSSELS),
            "closes_at": datetime.datetime(year + 1, 8, 31, 23, 59, 59, tzinfo=BRUSSELS),
        },
    )
    return label_round


def _european_demo_project() -> Project | None:
    for project in Project.objects.filter(
        state__in=(ProjectState.FINISHED, ProjectState.ACTIVE)
    ).order_by("-state", "pk"):
        # finished first (ordering "-state": finished > active)
        if len(selectors.project_countries(project)) >= 2:
            return project
    return None


def _staff(service_id: int) -> User | None:
    return (
        User.objects.filter(is_staff=True, staff_service_id=service_id).first()
        or User.objects.filter(is_superuser=True).first()
    )


@transaction.atomic
def seed(stdout) -> None:
    now = clock.now()
    today = clock.local_date(now)
    label_round = _round(selectors.school_year_of(today))
    project = _european_demo_project()
    if project is not None:
        membership = (
            project.memberships.filter(
                status=MemberStatus.ACTIVE, school__support_service__code="be-fwb"
            )
            .select_related("user", "school")
            .first()
            or project.memberships.filter(status=MemberStatus.ACTIVE)
            .select_related("user", "school")
            .first()
        )
        if (
            membership
            and membership.user
            and not NationalLabelApplication.objects.filter(
                project=project, teacher=membership.user
            ).exists()
        ):
            NationalLabelApplication.objects.create(
                round=label_round,
                project=project,
                teacher=membership.user,
                school=membership.school,
                service_id=membership.school.support_service_id,
                country_id=membership.school.country_id,
                pupil_collaboration=True,
                ict_use=True,
                data_protection=True,
                copyright=True,
                e_safety=True,
                text_innovation=LABEL_TEXT,
                text_curriculum=LABEL_TEXT,
                text_collaboration=LABEL_TEXT,
                text_technology=LABEL_TEXT,
                text_results=LABEL_TEXT,
                evidence_links=f"https://etwinning.example/projects/{project.pk}/",
                status=ApplicationStatus.AWARDED,
                score_innovation=5,
                score_curriculum=5,
                score_collaboration=6,
                score_technology=5,
                score_results=4,
                comment="Un très beau projet, bien documenté.",
                decided_by=_staff(membership.school.support_service_id),
                decided_at=now,
            )
            stdout.write(f"  label: National Quality Label for « {project} »\n")
    # The open edition: this year's if its deadline is ahead, else next year's.
    year = today.year if now < default_deadline(today.year) else today.year + 1
    if not ContestEdition.objects.filter(year=year).exists():
        services.contest_edition_create(year=year, **CEREMONY_PLACE, **INTRODUCTION)
        stdout.write(f"  contest: edition {year} open\n")
    _scoring_edition(year - 1, stdout)
    _published_edition(year - 2, stdout)
    _applications_to_decide(label_round, exclude=project)
    _what_to_try(stdout)
    _certificate_to_verify(stdout)


def _fwb_projects() -> list[Project]:
    return list(
        Project.objects.filter(
            state__in=(ProjectState.ACTIVE, ProjectState.FINISHED),
            memberships__school__support_service__code="be-fwb",
            memberships__status=MemberStatus.ACTIVE,
        )
        .distinct()
        .order_by("pk")[:3]
    )


def _enter(edition: ContestEdition, *, winners: int = 0) -> None:
    categories = list(edition.categories.all())
    for index, project in enumerate(_fwb_projects()):
        founder = project.memberships.filter(status=MemberStatus.ACTIVE).first()
        ContestEntry.objects.create(
            edition=edition,
            project=project,
            category=categories[min(index + 1, len(categories) - 1)],
            submitted_by=founder.user if founder else None,
            presentation=project.summary,
            evidence_links=f"https://etwinning.example/projects/{project.pk}/",
            is_winner=index < winners,
        )


def _scoring_edition(year: int, stdout) -> None:
    """Deadline passed, results not published: its jury, the FWB demo staff member,
    can score the entries."""
    edition = ContestEdition.objects.filter(year=year).first()
    if edition is None:
        edition = services.contest_edition_create(year=year, **CEREMONY_PLACE)
        _enter(edition)
        stdout.write(f"  contest: edition {year} closed, its jury scoring\n")
    juror = User.objects.filter(is_staff=True, staff_service__code="be-fwb").order_by("pk").first()
    if juror is not None and not edition.results_published:
        edition.jury.add(juror)
        with translation.override("fr"):
            url = settings.SITE_URL + reverse("labels:jury", args=[year])
        summary(stdout, TRY, f"the contest jury: {juror.email} scores edition {year} at {url}")


def _published_edition(year: int, stdout) -> None:
    if ContestEdition.objects.filter(year=year).exists():
        return
    edition = services.contest_edition_create(year=year, **CEREMONY_PLACE)
    _enter(edition, winners=2)
    edition.results_published_at = edition.deadline + datetime.timedelta(days=60)
    edition.save(update_fields=["results_published_at"])
    stdout.write(f"  contest: past edition {year} with winners\n")


def _applications_to_decide(label_round: LabelRound, *, exclude: Project | None) -> None:
    """A National Quality Label application and an eTwinning School label application
    waiting for the FWB staff (their lines on the staff desk)."""
    fwb = {"school__support_service__code": "be-fwb", "status": MemberStatus.ACTIVE}
    for project in _fwb_projects():
        if project == exclude or len(selectors.project_countries(project)) < 2:
            continue
        membership = project.memberships.filter(**fwb).select_related("school").first()
        if membership is None:
            continue
        NationalLabelApplication.objects.get_or_create(
            round=label_round,
            project=project,
            teacher=membership.user,
            defaults={
                "school": membership.school,
                "service_id": membership.school.support_service_id,
                "country_id": membership.school.country_id,
                **{code: True for code, _label in PREREQUISITES},
                **{f"text_{code}": LABEL_TEXT for code, _label in CRITERIA},
                "evidence_links": f"https://etwinning.example/projects/{project.pk}/",
            },
        )
        break
    candidates = selectors.school_label_candidates().values("pk")  # left for the visitor to try
    teacher = (
        User.objects.filter(
            is_staff=False, status=TeacherStatus.VALIDATED, school__support_service__code="be-fwb"
        )
        .exclude(school__in=candidates)
        .select_related("school")
        .order_by("pk")
        .first()
    )
    if teacher is not None:
        SchoolLabelApplication.objects.get_or_create(
            round=label_round,
            school=teacher.school,
            defaults={"applicant": teacher, "head_name": "Mme Lejeune", "head_declaration": True},
        )


def _certificate_to_verify(stdout) -> None:
    """The awarded National Quality Label's certificate, issued as its holder's first
    download would: its public address is printed for the newcomer to open."""
    application = (
        NationalLabelApplication.objects.awarded()
        .select_related("teacher", "project", "service", "round", "school")
        .order_by("pk")
        .first()
    )
    if application is None or application.teacher is None:
        return
    with translation.override("fr"):
        certificate, _details = national_label_certificate_issue(application=application)
        verify = settings.SITE_URL + reverse("certificates:verify", args=[certificate.code])
        pdf = settings.SITE_URL + reverse("labels:certificate", args=[application.pk])
    summary(stdout, TRY, f"a certificate anyone can verify: {verify}")
    summary(stdout, TRY, f"  its PDF, for {application.teacher.email}: {pdf}")


def _what_to_try(stdout) -> None:
    with translation.override("fr"):
        url = settings.SITE_URL + reverse("labels:school_apply")
    for school in selectors.school_label_candidates().filter(support_service__code="be-fwb")[:1]:
        teacher = school.teachers.filter(status=TeacherStatus.VALIDATED).order_by("pk").first()
        summary(
            stdout,
            TRY,
            f"the eTwinning School label: {school.name} qualifies; "
            f"{teacher.email} applies at {url}",
        )
