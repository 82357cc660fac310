from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpaceConfig(AppConfig):
    """The project space (TwinSpace): a sub-app of projects with its own label."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "projects.space"
    label = "space"
    verbose_name = _("Espaces de projet")
