from django.apps import AppConfig

from etwinning import hooks


class EtwinningConfig(AppConfig):
    """The project package as an app: it discovers every app's ``hooks.py`` once all
    apps are ready (listed last in INSTALLED_APPS)."""

    name = "etwinning"
    verbose_name = "eTwinning FWB"

    def ready(self) -> None:
        hooks.autodiscover()
