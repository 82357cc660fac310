"""E-mail notifications of partner search. Tasks take ids and are idempotent enough:
a retried notification at worst sends a second e-mail."""

from __future__ import annotations

from celery import shared_task

from accounts.emails import absolute_url, send_localised_mail
from notifications.services import wants_immediate_email
from partners import notification_kinds, search_index, services
from partners.models import Contact, ContactStatus, Message


@shared_task
def notify_contact_request(contact_id: int) -> None:
    contact = Contact.objects.select_related("sender", "recipient").filter(pk=contact_id).first()
    if contact is None or contact.status != ContactStatus.PENDING:
        return
    recipient = contact.recipient
    if not wants_immediate_email(user_id=recipient.pk, kind=notification_kinds.CONTACT_REQUEST):
        return
    send_localised_mail(
        to=recipient.email,
        language=recipient.preferred_language,
        template="partners_contact_request",
        context={
            "contact": contact,
            "sender_name": str(contact.sender),
            "url": absolute_url("partners:contacts", language=recipient.preferred_language),
        },
    )


@shared_task
def notify_contact_accepted(contact_id: int) -> None:
    contact = Contact.objects.select_related("sender", "recipient").filter(pk=contact_id).first()
    if contact is None or contact.status != ContactStatus.ACCEPTED:
        return
    sender = contact.sender
    if not wants_immediate_email(user_id=sender.pk, kind=notification_kinds.CONTACT_ACCEPTED):
        return
    send_localised_mail(
        to=sender.email,
        language=sender.preferred_language,
        template="partners_contact_accepted",
        context={
            "contact": contact,
            "recipient_name": str(contact.recipient),
            "url": absolute_url("partners:contacts", language=sender.preferred_language),
        },
    )


@shared_task
def notify_message(message_id: int) -> None:
    message = Message.objects.select_related("sender", "recipient").filter(pk=message_id).first()
    if message is None or message.is_hidden:
        return
    recipient = message.recipient
    if not wants_immediate_email(user_id=recipient.pk, kind=notification_kinds.MESSAGE):
        return
    send_localised_mail(
        to=recipient.email,
        language=recipient.preferred_language,
        template="partners_message",
        context={
            "message": message,
            "sender_name": str(message.sender),
            "url": absolute_url(
                "partners:conversation",
                language=recipient.preferred_language,
                kwargs={"user_id": message.sender_id},
            ),
        },
    )


@shared_task
def expire_announcements() -> int:
    return services.announcements_expire()


@shared_task(bind=True, max_retries=5, retry_backoff=True)
def reindex_school(self, school_id: int) -> int:
    """A school's name, city, country or levels changed: its teachers' search
    rows follow. Re-indexing is idempotent, so a retry is harmless."""
    from django.db import DatabaseError

    try:
        return search_index.school_reindex(school_id)
    except DatabaseError as error:
        raise self.retry(exc=error) from error
