"""Who may do what in the labels app: every view asks these helpers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.scoping import can_act_for_service
from labels import clock
from labels.models import (
    ApplicationStatus,
    ContestEdition,
    ContestEntry,
    EuropeanLabel,
    NationalLabelApplication,
    SchoolLabelApplication,
)
from labels.services import is_juror
from projects import permissions as project_permissions
from projects.models import Project


def can_download_certificate(user, application: NationalLabelApplication) -> bool:
    """The awarded teacher, or staff of the application's service."""
    if application.status != ApplicationStatus.AWARDED or not user.is_authenticated:
        return False
    return application.teacher_id == user.pk or can_act_for_service(user, application.service_id)


def certificate_or_404(user, pk: int) -> NationalLabelApplication:
    """The certificate, or 404 to anyone else: the project may not be public, and
    even its existence is not theirs to know."""
    application = get_object_or_404(
        NationalLabelApplication.objects.select_related(
            "teacher", "project", "service", "round", "school"
        ),
        pk=pk,
    )
    if not can_download_certificate(user, application):
        raise Http404
    return application


def european_label_or_404(user, pk: int) -> EuropeanLabel:
    """A European Quality Label, for an active teacher member of its project."""
    label = get_object_or_404(EuropeanLabel.objects.select_related("project", "round"), pk=pk)
    if not project_permissions.is_member(user, label.project):
        raise Http404
    return label


def school_label_or_404(user, pk: int) -> SchoolLabelApplication:
    """An awarded, still valid eTwinning School label, for a validated teacher whose
    main school it is, or staff of the school's service."""
    application = get_object_or_404(
        SchoolLabelApplication.objects.select_related("school__support_service", "round"),
        pk=pk,
        status=ApplicationStatus.AWARDED,
        valid_until__gte=clock.local_date(clock.now()),
    )
    school = application.school
    teacher_of_school = getattr(user, "is_validated_teacher", False) and user.school_id == school.pk
    if not (teacher_of_school or can_act_for_service(user, school.support_service_id)):
        raise Http404
    return application


def contest_prize_or_404(user, pk: int) -> ContestEntry:
    """A winning entry of a published edition, for an active teacher member of its
    project."""
    entry = get_object_or_404(
        ContestEntry.objects.select_related("project", "edition", "category"),
        pk=pk,
        is_winner=True,
        edition__results_published_at__isnull=False,
    )
    if not project_permissions.is_member(user, entry.project):
        raise Http404
    return entry


def require_validated_teacher(user) -> None:
    if not getattr(user, "is_validated_teacher", False):
        raise PermissionDenied


def jury_edition_or_404(user, year: int) -> ContestEdition:
    """The edition whose entries ``user`` scores; 404 to anyone not on its jury
    (the grid lists entries of projects that may not be public)."""
    edition = get_object_or_404(ContestEdition, year=year)
    if not is_juror(user, edition):
        raise Http404
    return edition


def project_for_application_or_404(user, project_pk: int) -> Project:
    """The project a teacher applies for: only its active teacher members may open
    the page, everyone else gets 404 (as every member-only page does), so a
    non-public project's title is never shown to them."""
    project = get_object_or_404(Project, pk=project_pk)
    if not project_permissions.is_member(user, project):
        raise Http404
    return project
