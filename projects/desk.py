"""What the projects app puts on the staff desk (``staff_queue`` hook): projects
waiting for the service's approval."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.admin_queue import QueueLine, service_line
from projects.models import Approval, ApprovalState, ProjectState


def staff_queue_lines(*, user, service_id: int | None) -> list[QueueLine | None]:
    return [
        service_line(
            Approval.objects.filter(
                state=ApprovalState.PENDING, project__state=ProjectState.AWAITING_APPROVAL
            ),
            label=_("Projets en attente de votre approbation"),
            params={
                "state__exact": ApprovalState.PENDING,
                "project__state__exact": ProjectState.AWAITING_APPROVAL,
            },
            service_lookup="service",
            service_id=service_id,
        )
    ]
