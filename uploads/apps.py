from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UploadsConfig(AppConfig):
    """The one pipeline every uploaded file goes through, and the media housekeeping
    (orphaned files). Low in the house: it imports no other portal app."""

    name = "uploads"
    verbose_name = _("Fichiers envoyés")
