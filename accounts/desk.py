"""What the accounts app puts on the staff desk (``staff_queue`` hook): teachers
waiting for validation, schools proposed by teachers."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.admin_queue import QueueLine, service_line
from accounts.models import School, TeacherStatus, User, ValidationStatus


def staff_queue_lines(*, user: User, service_id: int | None) -> list[QueueLine | None]:
    return [
        service_line(
            User.objects.teachers().filter(status=TeacherStatus.PENDING),
            label=_("Enseignant·es en attente de validation"),
            params={
                "status__exact": TeacherStatus.PENDING,
                "is_staff__exact": 0,
                "is_active__exact": 1,
            },
            service_lookup="support_service",
            service_id=service_id,
            since="pending_since",
        ),
        service_line(
            School.objects.filter(status=ValidationStatus.PENDING),
            label=_("Écoles proposées par des enseignant·es"),
            params={"status__exact": ValidationStatus.PENDING},
            service_lookup="support_service",
            service_id=service_id,
        ),
    ]
