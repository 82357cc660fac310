"""Messages between contacts: permissions, notification, unread counts."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.tests.factories import TeacherFactory
from partners import services
from partners.models import Message
from partners.selectors import unread_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    a = TeacherFactory(first_name="Claire", preferred_language="fr")
    b = TeacherFactory(first_name="Ines", preferred_language="en")
    contact = services.contact_request_send(sender=a, recipient=b, message="Bonjour")
    services.contact_accept(contact=contact, by=b)
    return a, b


def test_contacts_exchange_messages_and_the_recipient_is_mailed_in_their_language(
    pair, django_capture_on_commit_callbacks
):
    a, b = pair
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(sender=a, recipient=b, body="Shall we start in October?")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [b.email]
    assert "New message from" in mail.outbox[0].subject
    assert "Shall we start in October?" in mail.outbox[0].body
    assert "/en/partners/messages/" in mail.outbox[0].body


def test_no_message_to_a_non_contact():
    a, b = TeacherFactory(), TeacherFactory()
    with pytest.raises(PermissionDenied):
        services.message_send(sender=a, recipient=b, body="Hello")
    assert not Message.objects.exists()


def test_no_message_while_the_request_is_pending():
    a, b = TeacherFactory(), TeacherFactory()
    services.contact_request_send(sender=a, recipient=b, message="Bonjour")
    with pytest.raises(PermissionDenied):
        services.message_send(sender=a, recipient=b, body="Hello")


def test_unread_count_falls_when_the_conversation_is_opened(pair, client):
    a, b = pair
    services.message_send(sender=a, recipient=b, body="Un")
    services.message_send(sender=a, recipient=b, body="Deux")
    assert unread_count(b) == 2
    client.force_login(b)
    page = client.get(reverse("partners:inbox"))
    assert "2 non lus" in page.content.decode()
    response = client.get(reverse("partners:conversation", args=[a.pk]))
    assert response.status_code == 200
    assert unread_count(b) == 0


def test_the_nav_badge_shows_unread_messages(pair, client):
    a, b = pair
    services.message_send(sender=a, recipient=b, body="Un")
    client.force_login(b)
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert 'data-testid="partners-unread">1<' in html


def test_a_third_teacher_cannot_read_the_conversation(pair, client):
    a, b = pair
    services.message_send(sender=a, recipient=b, body="Secret")
    intruder = TeacherFactory()
    client.force_login(intruder)
    assert client.get(reverse("partners:conversation", args=[a.pk])).status_code == 404
    assert client.get(reverse("partners:conversation", args=[b.pk])).status_code == 404


def test_a_message_is_sent_from_the_conversation_page(pair, client):
    a, b = pair
    client.force_login(a)
    url = reverse("partners:conversation", args=[b.pk])
    response = client.post(url, {"body": "Hello from the page"})
    assert response.status_code == 302
    assert Message.objects.get().body == "Hello from the page"
    assert "Hello from the page" in client.get(url).content.decode()


def test_an_empty_message_is_refused_with_a_clear_error(pair, client):
    a, b = pair
    client.force_login(a)
    response = client.post(reverse("partners:conversation", args=[b.pk]), {"body": "  "})
    assert response.status_code == 200
    assert not Message.objects.exists()
    assert response.context["form"].errors
