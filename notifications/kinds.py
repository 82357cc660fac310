"""Notification kinds: each app declares its own in its ``hooks.py``::

    hooks.register("notification_kinds", lambda: [Kind(code="partners.message", ...)])

A kind's ``message`` is a lazy-translated text with ``%(name)s`` placeholders filled
from the notification's ``params``, rendered in the reader's language at display time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from etwinning import hooks

IMMEDIATE = "immediate"
DAILY = "daily"
WEEKLY = "weekly"
SITE = "site"
DELIVERIES = (IMMEDIATE, DAILY, WEEKLY, SITE)
DELIVERY_LABELS = {
    IMMEDIATE: _("Immédiatement par e-mail"),
    DAILY: _("Dans un résumé quotidien"),
    WEEKLY: _("Dans un résumé hebdomadaire"),
    SITE: _("Seulement sur le site"),
}


@dataclass(frozen=True)
class Kind:
    code: str  # "groups.reply", "partners.message", …
    label: Any  # lazy-translated, shown in the preferences page
    default_delivery: str  # "immediate" | "daily" | "weekly" | "site"
    # accounts.emails template name for the immediate e-mail; None if the app keeps
    # sending its own mail (it asks services.wants_immediate_email first).
    email_template: str | None
    # Lazy-translated text with %(param)s placeholders; the label when empty.
    message: Any = ""

    def __post_init__(self) -> None:
        if self.default_delivery not in DELIVERIES:
            raise ValueError(f"{self.code}: unknown delivery {self.default_delivery!r}")

    def render(self, params: Mapping[str, Any] | None) -> str:
        """The message in the active language; a missing parameter shows as empty."""
        text = str(self.message or self.label)
        try:
            return text % _Lenient(params or {})
        except (TypeError, ValueError):
            return text


class _Lenient(dict):
    def __missing__(self, key: str) -> str:
        return ""


def all_kinds() -> dict[str, Kind]:
    """Every kind declared through the ``notification_kinds`` hook, by code."""
    found: dict[str, Kind] = {}
    for contributed in hooks.call("notification_kinds"):
        for kind in contributed:
            found[kind.code] = kind
    return found


def get_kind(code: str) -> Kind:
    try:
        return all_kinds()[code]
    except KeyError:
        raise ValueError(f"Unknown notification kind {code!r} (declare it in a hooks.py)") from None
