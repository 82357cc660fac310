"""What the trainings app puts on the staff desk (``staff_queue`` hook): trainings
schools asked for, to answer."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.admin_queue import QueueLine, service_line
from trainings.models import RequestStatus, TrainingRequest


def staff_queue_lines(*, user, service_id: int | None) -> list[QueueLine | None]:
    return [
        service_line(
            TrainingRequest.objects.filter(status=RequestStatus.PENDING),
            label=_("Demandes de formation à traiter"),
            params={"status__exact": RequestStatus.PENDING},
            service_lookup="school__support_service",
            service_id=service_id,
        )
    ]
