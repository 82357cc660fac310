"""The project lifecycle's notification kinds (registered in hooks.py). Each keeps its
own e-mail (projects/tasks.py), sent only when the reader's preference is « immediately »."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from notifications.kinds import IMMEDIATE, Kind

COFOUNDER_INVITATION = "projects.cofounder_invitation"
COFOUNDER_DECLINED = "projects.cofounder_declined"
PARTNER_INVITATION = "projects.partner_invitation"
APPROVED = "projects.approved"
REJECTED = "projects.rejected"


def decision_kind(state: str) -> str:
    """The kind of an approval decision (``approved`` or ``rejected``)."""
    return f"projects.{state}"


def kinds() -> list[Kind]:
    return [
        Kind(
            code=COFOUNDER_INVITATION,
            label=_("Invitations à cofonder un projet"),
            default_delivery=IMMEDIATE,
            email_template=None,
            message=_("%(inviter)s vous invite à cofonder le projet « %(project)s »."),
        ),
        Kind(
            code=COFOUNDER_DECLINED,
            label=_("Invitations à cofonder déclinées"),
            default_delivery=IMMEDIATE,
            email_template=None,
            message=_("%(teacher)s a décliné votre invitation à cofonder « %(project)s »."),
        ),
        Kind(
            code=PARTNER_INVITATION,
            label=_("Invitations à rejoindre un projet"),
            default_delivery=IMMEDIATE,
            email_template=None,
            message=_("%(inviter)s vous invite à rejoindre le projet « %(project)s »."),
        ),
        Kind(
            code=APPROVED,
            label=_("Approbations de vos projets"),
            default_delivery=IMMEDIATE,
            email_template=None,
            message=_("Le projet « %(project)s » est approuvé par %(service)s."),
        ),
        Kind(
            code=REJECTED,
            label=_("Refus de vos projets"),
            default_delivery=IMMEDIATE,
            email_template=None,
            message=_("Le projet « %(project)s » est refusé par %(service)s."),
        ),
    ]
