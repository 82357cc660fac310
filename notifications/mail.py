"""The e-mails of the notification centre: a kind's immediate e-mail and the digest,
both rendered in the reader's language through accounts.emails."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation

from accounts.emails import absolute_url, language_for, send_localised_mail
from notifications import selectors
from notifications.kinds import all_kinds
from notifications.models import Notification


def item(notification: Notification, language: str, kinds) -> dict:
    """A notification as an e-mail shows it: its text and an absolute link."""
    with translation.override(language):
        path = selectors.target_path(notification, language)
        return {
            "message": selectors.message(notification, kinds),
            "url": settings.SITE_URL + path if path else "",
            "created_at": notification.created_at,
        }


def immediate_emails_send(*, notification_ids: list[int]) -> int:
    """Each notification's immediate e-mail, at most once: the row is claimed
    (``emailed_at``) by one UPDATE before its message is sent."""
    kinds = all_kinds()
    sent = 0
    rows = Notification.objects.filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ).select_related("recipient")
    for notification in rows:
        kind = kinds.get(notification.kind)
        if kind is None or not kind.email_template:
            continue
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed:
            continue
        recipient = notification.recipient
        language = language_for(recipient.preferred_language)
        send_localised_mail(
            to=recipient.email,
            language=language,
            template=kind.email_template,
            context={
                "notification": notification,
                "recipient": recipient,
                **item(notification, language, kinds),
                "list_url": absolute_url("notifications:list", language=language),
                "preferences_url": absolute_url("notifications:preferences", language=language),
            },
        )
        sent += 1
    return sent
