"""What the notification centre contributes to other apps' pages (see etwinning/hooks.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from etwinning import hooks
from notifications import demo, selectors


@hooks.register("profile_links")
def preferences_link(user) -> dict:
    return {
        "url": reverse("notifications:preferences"),
        "label": _("Mes préférences de notification"),
        "description": _(
            "Pour chaque type de notification : immédiatement par e-mail, dans un résumé "
            "quotidien ou hebdomadaire, ou seulement sur le site."
        ),
    }


hooks.register("demo_seeders", demo.seed, order=90)
hooks.register("user_data_exporters", selectors.user_data_export)
