"""The groups app's notification kinds (notifications.kinds.Kind), declared through
the ``notification_kinds`` hook in groups/hooks.py."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from notifications.kinds import DAILY, IMMEDIATE, Kind

# The notification centre's own e-mail of one notification, in the reader's language.
EMAIL = "notifications_item"


def kinds() -> list[Kind]:
    return [
        Kind(
            code="groups.thread",
            label=_("Nouvelle discussion dans un de mes groupes"),
            default_delivery=DAILY,
            email_template=EMAIL,
            message=_("%(author)s a ouvert « %(thread)s » dans le groupe « %(group)s »."),
        ),
        Kind(
            code="groups.reply",
            label=_("Réponse dans une discussion que je suis"),
            default_delivery=DAILY,
            email_template=EMAIL,
            message=_("%(author)s a répondu dans « %(thread)s » (groupe « %(group)s »)."),
        ),
        Kind(
            code="groups.report",
            label=_("Message signalé dans un groupe que je modère"),
            default_delivery=IMMEDIATE,
            email_template=EMAIL,
            message=_(
                "Un message de %(author)s a été signalé dans « %(thread)s » (groupe « %(group)s »)."
            ),
        ),
        Kind(
            code="groups.accepted",
            label=_("Demande d'adhésion à un groupe acceptée"),
            default_delivery=IMMEDIATE,
            email_template=EMAIL,
            message=_("Votre demande a été acceptée : bienvenue dans le groupe « %(group)s »."),
        ),
        Kind(
            code="groups.invited",
            label=_("Invitation à rejoindre un groupe"),
            default_delivery=IMMEDIATE,
            email_template=EMAIL,
            message=_("Vous êtes invité·e à rejoindre le groupe « %(group)s »."),
        ),
    ]
