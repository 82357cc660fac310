"""The trainings app's notification kinds (registered in hooks.py). The promotion keeps
its own e-mail (trainings/tasks.py), sent only when the reader's preference is
« immediately »."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from notifications.kinds import IMMEDIATE, Kind

PROMOTED = "trainings.promoted"


def kinds() -> list[Kind]:
    return [
        Kind(
            code=PROMOTED,
            label=_("Places libérées dans une formation (liste d'attente)"),
            default_delivery=IMMEDIATE,
            email_template=None,
            message=_(
                "Une place s'est libérée : votre inscription à « %(training)s » est confirmée."
            ),
        ),
    ]
