"""What the groups app puts on the staff desk (``staff_queue`` hook): groups teachers
proposed, to approve. Reports on group posts are partners' reports (the same queue,
line « Signalements à modérer »)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.admin_queue import QueueLine, service_line
from groups.models import Group, GroupStatus


def staff_queue_lines(*, user, service_id: int | None) -> list[QueueLine | None]:
    return [
        service_line(
            Group.objects.filter(status=GroupStatus.PROPOSED),
            label=_("Groupes proposés à approuver"),
            params={"status__exact": GroupStatus.PROPOSED},
            service_lookup="service",
            service_id=service_id,
        )
    ]
