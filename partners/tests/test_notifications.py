"""Contact requests, acceptances and messages also land in the notification centre; the
e-mail goes only to readers whose preference for that kind is « immediately » (the
default)."""

import pytest
from django.core import mail

from accounts.tests.factories import TeacherFactory
from notifications import selectors
from notifications.models import Notification, Preference
from partners import services

pytestmark = pytest.mark.django_db


def test_a_contact_request_notifies_the_recipient_and_mails_by_default(
    django_capture_on_commit_callbacks,
):
    sender = TeacherFactory(first_name="Claire", last_name="Dubois")
    recipient = TeacherFactory(preferred_language="nl")
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_request_send(sender=sender, recipient=recipient, message="Bonjour !")
    notification = Notification.objects.get(recipient=recipient)
    assert (notification.kind, notification.actor_id) == ("partners.contact_request", sender.pk)
    assert selectors.target_path(notification, "nl") == "/nl/partners/contacts/"
    assert "Claire Dubois" in selectors.message(notification)
    assert [m.to for m in mail.outbox] == [[recipient.email]]


def test_a_reader_who_chose_the_digest_gets_the_notification_and_no_e_mail(
    django_capture_on_commit_callbacks,
):
    sender, recipient = TeacherFactory(), TeacherFactory()
    Preference.objects.create(user=recipient, kind="partners.contact_request", delivery="daily")
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_request_send(sender=sender, recipient=recipient, message="Bonjour !")
    assert Notification.objects.get(recipient=recipient).delivery == "daily"
    assert mail.outbox == []


def test_an_acceptance_and_a_message_notify_the_other_teacher(django_capture_on_commit_callbacks):
    a, b = TeacherFactory(), TeacherFactory()
    with django_capture_on_commit_callbacks(execute=True):
        contact = services.contact_request_send(sender=a, recipient=b, message="Bonjour !")
    Preference.objects.create(user=b, kind="partners.message", delivery="site")
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_accept(contact=contact, by=b)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(sender=a, recipient=b, body="On commence en mars ?")
    kinds = sorted(Notification.objects.values_list("recipient_id", "kind"))
    assert kinds == sorted(
        [
            (b.pk, "partners.contact_request"),
            (a.pk, "partners.contact_accepted"),
            (b.pk, "partners.message"),
        ]
    )
    message = Notification.objects.get(kind="partners.message")
    assert selectors.target_path(message, "fr") == f"/fr/partners/messages/{a.pk}/"
    # The request and the acceptance mailed; the message not (b chose « only on the site »).
    assert [m.to for m in mail.outbox] == [[b.email], [a.email]]
