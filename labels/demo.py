"""Demo data: a label round for this school year, an awarded National Quality
Label on a European demo project, an open contest edition and a past edition
with winners. Idempotent."""

from __future__ import annotations

import datetime

from django.db import transaction

from accounts.models import User
from labels import clock, services
from labels.models import (
    BRUSSELS,
    ApplicationStatus,
    ContestEdition,
    ContestEntry,
    LabelRound,
    NationalLabelApplication,
    default_deadline,
)
from projects.models import MemberStatus, Project, ProjectState

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
        if len(services.project_countries(project)) >= 2:
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
    label_round = _round(services.school_year_of(today))
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
        services.contest_edition_create(
            year=year,
            ceremony_place="Bruxelles, Espace Wallonie-Bruxelles",
            introduction="Inscrivez votre projet eTwinning : des prix en matériel multimédia "
            "récompensent les meilleurs projets de chaque catégorie.",
        )
        stdout.write(f"  contest: edition {year} open\n")
    past_year = year - 1
    if not ContestEdition.objects.filter(year=past_year).exists():
        past = services.contest_edition_create(
            year=past_year, ceremony_place="Bruxelles, Espace Wallonie-Bruxelles"
        )
        categories = list(past.categories.all())
        fwb_projects = Project.objects.filter(
            state__in=(ProjectState.ACTIVE, ProjectState.FINISHED),
            memberships__school__support_service__code="be-fwb",
            memberships__status=MemberStatus.ACTIVE,
        ).distinct()[:3]
        for index, fwb_project in enumerate(fwb_projects):
            founder = fwb_project.memberships.filter(status=MemberStatus.ACTIVE).first()
            category = categories[min(index + 1, len(categories) - 1)]
            ContestEntry.objects.create(
                edition=past,
                project=fwb_project,
                category=category,
                submitted_by=founder.user if founder else None,
                presentation=fwb_project.summary,
                evidence_links=f"https://etwinning.example/projects/{fwb_project.pk}/",
                is_winner=index < 2,
            )
        past.results_published_at = past.deadline + datetime.timedelta(days=60)
        past.save(update_fields=["results_published_at"])
        stdout.write(f"  contest: past edition {past_year} with winners\n")
