"""Factories for the labels app's tests, built on the projects' factories."""

from __future__ import annotations

import datetime

from django.utils import timezone

from labels import clock
from labels.models import (
    ApplicationStatus,
    ContestCategory,
    ContestEdition,
    ContestEntry,
    LabelRound,
    NationalLabelApplication,
    SchoolLabelApplication,
)
from labels.selectors import school_year_of
from projects.models import ProjectState
from projects.tests.factories import active_project, member, school_in, teacher_in

TEXT = "Les élèves ont collaboré chaque semaine dans l'espace du projet."


def open_round(**kwargs) -> LabelRound:
    now = timezone.now()
    # The school year of the Brussels day, as the services compute it (at 00:30 on
    # 1 September in Brussels the UTC date is still 31 August).
    year = school_year_of(clock.local_date(now))
    defaults = {
        "opens_at": now - datetime.timedelta(days=30),
        "closes_at": now + datetime.timedelta(days=30),
    }
    label_round, _created = LabelRound.objects.update_or_create(
        year=year, defaults={**defaults, **kwargs}
    )
    return label_round


def european_project(*, fwb_teacher=None, other="fr", state=ProjectState.FINISHED, **kwargs):
    """A finished project between an FWB teacher and a teacher of ``other``."""
    founder = fwb_teacher or teacher_in("be-fwb")
    partner = teacher_in(other)
    project = active_project(founder, partner, **kwargs)
    project.state = state
    project.finished_at = timezone.now() if state == ProjectState.FINISHED else None
    project.save()
    return project, founder, partner


def application(project, teacher, *, status=ApplicationStatus.SUBMITTED, scores=None, **kwargs):
    label_round = kwargs.pop("round", None) or open_round()
    membership = project.memberships.get(user=teacher)
    scores = scores or {}
    return NationalLabelApplication.objects.create(
        round=label_round,
        project=project,
        teacher=teacher,
        school=membership.school,
        service_id=membership.school.support_service_id,
        country_id=membership.school.country_id,
        **{
            "pupil_collaboration": True,
            "ict_use": True,
            "data_protection": True,
            "copyright": True,
            "e_safety": True,
            **kwargs,
        },
        text_innovation=TEXT,
        text_curriculum=TEXT,
        text_collaboration=TEXT,
        text_technology=TEXT,
        text_results=TEXT,
        evidence_links="https://example.org/p/1",
        status=status,
        decided_at=timezone.now() if status != ApplicationStatus.SUBMITTED else None,
        **{f"score_{k}": v for k, v in scores.items()},
    )


def awarded_school_label(school, applicant) -> SchoolLabelApplication:
    """The eTwinning School label of ``school``, awarded today, valid about two years."""
    return SchoolLabelApplication.objects.create(
        round=open_round(),
        school=school,
        applicant=applicant,
        head_name="Mme Leroy",
        head_declaration=True,
        status=ApplicationStatus.AWARDED,
        valid_until=timezone.localdate() + datetime.timedelta(days=700),
        decided_at=timezone.now(),
    )


def winning_entry(edition: ContestEdition, project, submitted_by) -> ContestEntry:
    """``project`` entered ``edition`` (in a new category) and won."""
    return ContestEntry.objects.create(
        edition=edition,
        project=project,
        category=ContestCategory.objects.create(edition=edition, name="7 à 11 ans"),
        submitted_by=submitted_by,
        presentation="Notre projet",
        evidence_links="https://example.org/a",
        is_winner=True,
    )


GOOD_SCORES = {"innovation": 5, "curriculum": 5, "collaboration": 5, "technology": 5, "results": 4}

__all__ = ["member", "school_in", "teacher_in"]


def enter(edition, project, user, *, category=None, presentation="Notre projet"):
    """Submit ``project`` to the contest ``edition`` through the service (the clock
    must be before the deadline)."""
    from labels.services import contest_entry_submit

    return contest_entry_submit(
        edition=edition,
        project=project,
        user=user,
        category=category or edition.categories.first(),
        presentation=presentation,
        evidence_links="https://example.org/a",
    )
