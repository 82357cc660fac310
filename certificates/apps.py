from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Certificates anyone can verify (a code, a public page) and everyone can read
    (tagged PDF/UA documents). Low in the house: it imports accounts only; the apps
    that award things (labels, trainings) call its services."""

    name = "certificates"
    verbose_name = _("Certificats")
