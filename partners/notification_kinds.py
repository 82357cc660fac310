"""Partner search's notification kinds (registered in hooks.py). Each keeps its own
e-mail (partners/tasks.py), sent only when the reader's preference is « immediately »."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from notifications.kinds import IMMEDIATE, Kind

CONTACT_REQUEST = "partners.contact_request"
CONTACT_ACCEPTED = "partners.contact_accepted"
MESSAGE = "partners.message"


def kinds() -> list[Kind]:
    return [
        Kind(
            code=CONTACT_REQUEST,
            label=_("Demandes de contact reçues"),
            default_delivery=IMMEDIATE,
            email_template=None,
            message=_("%(name)s souhaite vous ajouter à ses contacts."),
        ),
        Kind(
            code=CONTACT_ACCEPTED,
            label=_("Demandes de contact acceptées"),
            default_delivery=IMMEDIATE,
            email_template=None,
            message=_("%(name)s a accepté votre demande de contact."),
        ),
        Kind(
            code=MESSAGE,
            label=_("Messages de vos contacts"),
            default_delivery=IMMEDIATE,
            email_template=None,
            message=_("Nouveau message de %(name)s."),
        ),
    ]
