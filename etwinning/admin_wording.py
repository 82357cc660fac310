"""Django admin strings the project translates itself: django.contrib.admin's Dutch
catalogue lacks them (« Nom du modèle » stayed French on /nl/admin/). Named here so
that makemessages keeps them in locale/; the project's catalogue wins over Django's."""

from django.utils.translation import gettext_noop

ADMIN_MESSAGES = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
)
