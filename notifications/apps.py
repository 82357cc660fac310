from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """The notification centre: one list and one bell for everything that happens to a
    teacher, per-kind delivery preferences and the daily/weekly digests. Low in the house:
    it imports accounts only; the feature apps call ``notifications.services.notify`` and
    declare their kinds through the ``notification_kinds`` hook."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("Notifications")
