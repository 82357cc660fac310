from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The portal's own pages: home, about, who can take part, contact, news,
    statistics. The top of the house: it reads the feature apps, nothing imports it;
    the feature apps add their parts through hooks (etwinning/hooks.py)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = _("Portail")
