"""The labels app's notification kinds (registered in hooks.py). Each keeps its own
e-mail (labels/tasks.py), sent only when the reader's preference is « immediately »."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from notifications.kinds import IMMEDIATE, Kind

NATIONAL_AWARDED = "labels.national_awarded"
NATIONAL_REFUSED = "labels.national_refused"
CONTEST_WON = "labels.contest_won"
CONTEST_RESULTS = "labels.contest_results"


def kinds() -> list[Kind]:
    return [
        Kind(
            code=NATIONAL_AWARDED,
            label=_("Labels de qualité nationaux obtenus"),
            default_delivery=IMMEDIATE,
            email_template=None,
            message=_("Le projet « %(project)s » reçoit le label de qualité national."),
        ),
        Kind(
            code=NATIONAL_REFUSED,
            label=_("Demandes de label de qualité refusées"),
            default_delivery=IMMEDIATE,
            email_template=None,
            message=_("Votre demande de label pour « %(project)s » n'est pas retenue."),
        ),
        Kind(
            code=CONTEST_WON,
            label=_("Prix remportés au concours"),
            default_delivery=IMMEDIATE,
            email_template=None,
            message=_("Votre projet est lauréat du concours %(year)s : félicitations !"),
        ),
        Kind(
            code=CONTEST_RESULTS,
            label=_("Résultats du concours"),
            default_delivery=IMMEDIATE,
            email_template=None,
            message=_("Les résultats du concours %(year)s sont publiés."),
        ),
    ]
