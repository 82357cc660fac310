"""What partner search puts on the staff desk (``staff_queue`` hook): reports on
announcements, profiles and messages to moderate."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.admin_queue import QueueLine, service_line
from partners.models import Report, ReportStatus


def staff_queue_lines(*, user, service_id: int | None) -> list[QueueLine | None]:
    return [
        service_line(
            Report.objects.filter(status=ReportStatus.OPEN),
            label=_("Signalements à modérer"),
            params={"status__exact": ReportStatus.OPEN},
            service_lookup="reported_teacher__support_service",
            service_id=service_id,
        )
    ]
