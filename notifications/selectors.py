"""Reads of the notification centre: the bell's count, a reader's list, and how a
notification reads (message and link) in a given language."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation

from notifications.kinds import DELIVERY_LABELS, Kind, all_kinds
from notifications.models import Notification, Preference


def unread_count(user) -> int:
    """The bell: one count over the partial index of unread rows."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def is_notification_view(view_name: str) -> bool:
    """Whether a page (its URL name) is one of the notification centre's: the bell
    is then marked as the current page."""
    return view_name.startswith("notifications:")


def is_notification_page(path: str) -> bool:
    """``is_notification_view`` for a path (the page htmx refreshes the bell on)."""
    try:
        return is_notification_view(resolve(path).view_name)
    except Resolver404:
        return False


def notifications_for(user) -> QuerySet[Notification]:
    """A reader's notifications, unread first, newest first."""
    return (
        Notification.objects.filter(recipient_id=user.pk)
        .select_related("actor")
        .annotate(
            unread_first=Case(
                When(read_at__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("unread_first", "-created_at", "-pk")
    )


def message(notification: Notification, kinds: dict[str, Kind] | None = None) -> str:
    """The notification's text in the active language."""
    kind = (kinds if kinds is not None else all_kinds()).get(notification.kind)
    if kind is None:
        return notification.kind
    return kind.render(notification.params)


def target_path(notification: Notification, language: str) -> str:
    """The link to the object, for ``language`` (a stored path is re-prefixed)."""
    if notification.url:
        # Resolved under the language it was built in (its prefix), reversed in the reader's.
        prefix = notification.url.lstrip("/").split("/", 1)[0]
        built_in = prefix if prefix in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        with translation.override(built_in):
            return translate_url(notification.url, language)
    target = notification.target if notification.target_type_id else None
    if target is not None and hasattr(target, "get_absolute_url"):
        with translation.override(language):
            return target.get_absolute_url()
    return ""


@dataclass(frozen=True)
class PreferenceRow:
    code: str
    label: str
    delivery: str
    default: str


def preference_rows(user) -> list[PreferenceRow]:
    """Every kind with the reader's current choice, by label."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    rows = [
        PreferenceRow(
            code=kind.code,
            label=str(kind.label),
            delivery=chosen.get(kind.code, kind.default_delivery),
            default=kind.default_delivery,
        )
        for kind in all_kinds().values()
    ]
    return sorted(rows, key=lambda row: (row.code.split(".")[0], row.label))


def delivery_choices() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in DELIVERY_LABELS.items()]


def user_data_export(user) -> dict:
    """A reader's notifications (as they read them, in their language) and delivery
    choices, for their GDPR export."""
    kinds = all_kinds()
    language = getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        notifications = [
            {
                "kind": n.kind,
                "message": message(n, kinds),
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
                "delivery": n.delivery,
            }
            for n in Notification.objects.filter(recipient_id=user.pk).order_by("-created_at")
        ]
    preferences = dict(
        Preference.objects.filter(user_id=user.pk).order_by("kind").values_list("kind", "delivery")
    )
    return {"notifications": notifications, "notification_preferences": preferences}
