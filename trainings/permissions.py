"""Who may do what in the trainings app — the one place views ask."""

from __future__ import annotations

from accounts.models import User
from trainings.models import Registration


def can_register(user: User) -> bool:
    """Validated teachers register, apply and request trainings."""
    return user.is_authenticated and user.is_validated_teacher


def can_download_certificate(user: User, registration: Registration) -> bool:
    return (
        user.is_authenticated
        and registration.teacher_id == user.pk
        and registration.can_download_certificate
    )
