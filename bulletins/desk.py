"""What the bulletin app puts on the staff desk (``staff_queue`` hook): this month's
issue while it is not scheduled, and the addresses that bounced lately."""

from __future__ import annotations

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.admin_queue import QueueLine, service_line
from bulletins.models import BulletinIssue, Delivery, DeliveryStatus, IssueStatus

# Bounces are looked at (a school's contact address to correct, a teacher to reach
# otherwise) while they are recent; older ones have had their chance.
BOUNCE_DAYS = 30


def staff_queue_lines(*, user, service_id: int | None) -> list[QueueLine | None]:
    today = timezone.localdate()  # Brussels (TIME_ZONE), as the monthly drafts
    month = today.replace(day=1)
    since = today - datetime.timedelta(days=BOUNCE_DAYS)
    return [
        service_line(
            BulletinIssue.objects.filter(issue_month=month, status=IssueStatus.DRAFT),
            label=_("Bulletin de %(month)s pas encore programmé")
            % {"month": formats.date_format(month, "F Y")},
            params={"status__exact": IssueStatus.DRAFT, "issue_month": month.isoformat()},
            service_lookup="service",
            service_id=service_id,
        ),
        service_line(
            Delivery.objects.filter(status=DeliveryStatus.BOUNCED, sent_at__date__gte=since),
            label=_("Adresses rejetées (bounces) ces %(days)d derniers jours")
            % {"days": BOUNCE_DAYS},
            params={
                "status__exact": DeliveryStatus.BOUNCED,
                "sent_at__date__gte": since.isoformat(),
            },
            service_lookup="issue__service",
            service_id=service_id,
            since="sent_at",
        ),
    ]
