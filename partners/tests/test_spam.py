"""Spam control: every daily limit, identical mass messages, suspension."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.tests.factories import TeacherFactory
from partners import services
from partners.models import Suspension
from partners.tests.factories import publish

pytestmark = pytest.mark.django_db


def _contacts(sender, n):
    others = []
    for _ in range(n):
        other = TeacherFactory()
        contact = services.contact_request_send(
            sender=sender, recipient=other, message=f"Bonjour {other.pk}"
        )
        services.contact_accept(contact=contact, by=other)
        others.append(other)
    return others


def test_contact_requests_per_day_are_limited(settings):
    settings.PARTNERS_CONTACT_REQUESTS_PER_DAY = 2
    sender = TeacherFactory()
    _contacts(sender, 2)
    with pytest.raises(ValidationError) as error:
        services.contact_request_send(sender=sender, recipient=TeacherFactory(), message="Encore")
    assert "2 par jour" in " ".join(error.value.messages)


def test_messages_per_day_are_limited(settings):
    settings.PARTNERS_MESSAGES_PER_DAY = 3
    sender = TeacherFactory()
    (other,) = _contacts(sender, 1)
    for n in range(3):
        services.message_send(sender=sender, recipient=other, body=f"Message {n}")
    with pytest.raises(ValidationError) as error:
        services.message_send(sender=sender, recipient=other, body="Un de trop")
    assert "3 par jour" in " ".join(error.value.messages)


def test_announcements_per_day_are_limited(settings):
    settings.PARTNERS_ANNOUNCEMENTS_PER_DAY = 1
    author = TeacherFactory()
    publish(author)
    with pytest.raises(ValidationError) as error:
        publish(author, title="Deuxième")
    assert "1 par jour" in " ".join(error.value.messages)


def test_identical_message_to_many_recipients_is_refused(settings):
    settings.PARTNERS_IDENTICAL_MESSAGE_RECIPIENTS = 2
    sender = TeacherFactory()
    others = _contacts(sender, 3)
    text = "Buy my teaching materials at example.com!"
    services.message_send(sender=sender, recipient=others[0], body=text)
    services.message_send(sender=sender, recipient=others[1], body=text.upper())
    with pytest.raises(ValidationError) as error:
        services.message_send(sender=sender, recipient=others[2], body=text)
    assert "identique" in " ".join(error.value.messages)
    # A personalised message still goes through.
    services.message_send(
        sender=sender, recipient=others[2], body="Hello, about your maths project"
    )


def test_identical_contact_requests_to_many_teachers_are_refused(settings):
    settings.PARTNERS_IDENTICAL_MESSAGE_RECIPIENTS = 2
    sender = TeacherFactory()
    for _ in range(2):
        services.contact_request_send(
            sender=sender, recipient=TeacherFactory(), message="Same text"
        )
    with pytest.raises(ValidationError):
        services.contact_request_send(
            sender=sender, recipient=TeacherFactory(), message="same  TEXT"
        )


def test_the_limit_message_is_shown_on_the_page_and_the_text_kept(settings, client):
    settings.PARTNERS_CONTACT_REQUESTS_PER_DAY = 1
    sender = TeacherFactory()
    services.contact_request_send(sender=sender, recipient=TeacherFactory(), message="Premier")
    target = TeacherFactory()
    client.force_login(sender)
    response = client.post(
        reverse("partners:contact_request", args=[target.pk]), {"message": "Mon message"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Limite atteinte" in html
    assert "Mon message" in html


def test_a_suspended_teacher_cannot_publish_request_or_message(staff_fwb):
    teacher = TeacherFactory()
    (other,) = _contacts(teacher, 1)
    services.teacher_suspend(teacher=teacher, by=staff_fwb, reason="spam")
    assert Suspension.objects.filter(teacher=teacher).exists()
    with pytest.raises(PermissionDenied):
        publish(teacher)
    with pytest.raises(PermissionDenied):
        services.contact_request_send(sender=teacher, recipient=TeacherFactory(), message="x")
    with pytest.raises(PermissionDenied):
        services.message_send(sender=teacher, recipient=other, body="x")
