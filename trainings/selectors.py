"""Reads of the trainings app: lists, a training's seats, a teacher's own
registrations, the dashboard panel and the teacher's data export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from trainings.models import (
    ACTIVE_STATUSES,
    Registration,
    RegistrationStatus,
    Training,
    TrainingFormat,
)


def with_seats(queryset: QuerySet[Training]) -> QuerySet[Training]:
    """Annotate ``seats_taken`` and ``waiting`` in the same query as the list."""
    return queryset.annotate(
        seats_taken=Count("registrations", filter=Q(registrations__status="confirmed")),
        waiting=Count("registrations", filter=Q(registrations__status="waitlisted")),
    )


def training_list(*, format: str = "", include_past: bool = False) -> QuerySet[Training]:
    queryset = Training.objects.published().select_related("language", "service")
    if not include_past:
        queryset = queryset.filter(ends_at__gte=timezone.now())
    if format in TrainingFormat.values:
        queryset = queryset.filter(format=format)
    return with_seats(queryset).order_by("starts_at")


def training_detail(*, pk: int) -> Training:
    return with_seats(Training.objects.published().select_related("language", "service")).get(pk=pk)


@dataclass(frozen=True)
class TeacherPlace:
    """Where one teacher stands for one training."""

    registration: Registration | None
    waitlist_position: int | None


def teacher_place(*, training: Training, teacher: User) -> TeacherPlace:
    if not teacher.is_authenticated:
        return TeacherPlace(None, None)
    registration = (
        Registration.objects.filter(training=training, teacher=teacher)
        .order_by("-created_at", "-pk")
        .first()
    )
    position = None
    if registration and registration.status == RegistrationStatus.WAITLISTED:
        position = (
            Registration.objects.waitlisted()
            .filter(training=training)
            .filter(
                Q(created_at__lt=registration.created_at)
                | Q(created_at=registration.created_at, pk__lt=registration.pk)
            )
            .count()
            + 1
        )
    return TeacherPlace(registration, position)


def teacher_registrations(*, teacher: User) -> list[Registration]:
    return list(
        Registration.objects.filter(teacher=teacher)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("training", "training__language")
        .order_by("-training__starts_at")
    )


def dashboard_panel(user: User) -> dict[str, Any] | None:
    if user.is_staff:
        return None
    upcoming = list(
        Registration.objects.filter(
            teacher=user, status__in=ACTIVE_STATUSES, training__ends_at__gte=timezone.now()
        )
        .select_related("training")
        .order_by("training__starts_at")[:5]
    )
    return {"template": "trainings/_dashboard_panel.html", "registrations": upcoming}


def user_data_export(user: User) -> dict[str, Any]:
    return {
        "training_registrations": [
            {
                "training": r.training.title,
                "starts_at": r.training.starts_at.isoformat(),
                "status": r.status,
                "motivation": r.motivation,
                "attended": r.attended,
                "registered_at": r.created_at.isoformat(),
            }
            for r in Registration.objects.filter(teacher=user).select_related("training")
        ],
        "training_requests": list(
            user.training_requests.values(
                "topic", "audience", "participants", "preferred_dates", "status", "created_at"
            )
        ),
    }
