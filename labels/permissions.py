"""Who may do what in the labels app: every view asks these helpers."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.scoping import can_act_for_service
from labels.models import ApplicationStatus, ContestEdition, NationalLabelApplication
from labels.services import is_juror


def can_download_certificate(user, application: NationalLabelApplication) -> bool:
    """The awarded teacher, or staff of the application's service."""
    if application.status != ApplicationStatus.AWARDED or not user.is_authenticated:
        return False
    return application.teacher_id == user.pk or can_act_for_service(user, application.service_id)


def certificate_or_403(user, pk: int) -> NationalLabelApplication:
    application = get_object_or_404(
        NationalLabelApplication.objects.select_related(
            "teacher", "project", "service", "round", "school"
        ),
        pk=pk,
    )
    if not can_download_certificate(user, application):
        raise PermissionDenied
    return application


def require_validated_teacher(user) -> None:
    if not getattr(user, "is_validated_teacher", False):
        raise PermissionDenied


def jury_edition_or_403(user, year: int) -> ContestEdition:
    edition = get_object_or_404(ContestEdition, year=year)
    if not is_juror(user, edition):
        raise PermissionDenied
    return edition
