import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from accounts.tests.factories import TeacherFactory
from partners import services
from partners.models import Contact, ContactStatus
from partners.selectors import are_contacts, contacts_of

pytestmark = pytest.mark.django_db


def test_a_request_accepted_makes_both_teachers_contacts(django_capture_on_commit_callbacks):
    a, b = TeacherFactory(), TeacherFactory()
    with django_capture_on_commit_callbacks(execute=True):
        contact = services.contact_request_send(sender=a, recipient=b, message="Bonjour !")
    assert contact.status == ContactStatus.PENDING
    assert not are_contacts(a, b)
    assert mail.outbox[-1].to == [b.email]
    services.contact_accept(contact=contact, by=b)
    assert are_contacts(a, b) and are_contacts(b, a)
    assert list(contacts_of(a)) == [b]
    assert list(contacts_of(b)) == [a]


def test_a_declined_request_makes_no_contact():
    a, b = TeacherFactory(), TeacherFactory()
    contact = services.contact_request_send(sender=a, recipient=b, message="Bonjour")
    services.contact_decline(contact=contact, by=b)
    assert not are_contacts(a, b)
    assert list(contacts_of(a)) == []


def test_only_the_recipient_answers_a_request():
    a, b = TeacherFactory(), TeacherFactory()
    contact = services.contact_request_send(sender=a, recipient=b, message="Bonjour")
    with pytest.raises(PermissionDenied):
        services.contact_accept(contact=contact, by=a)


def test_a_second_request_between_the_same_pair_is_refused_in_either_direction():
    a, b = TeacherFactory(), TeacherFactory()
    services.contact_request_send(sender=a, recipient=b, message="Bonjour")
    with pytest.raises(ValidationError):
        services.contact_request_send(sender=b, recipient=a, message="Salut")
    with pytest.raises(IntegrityError):
        Contact.objects.create(sender=b, recipient=a, message="x")


def test_a_teacher_cannot_contact_themselves():
    a = TeacherFactory()
    with pytest.raises(ValidationError):
        services.contact_request_send(sender=a, recipient=a, message="Moi")
    with pytest.raises(IntegrityError):
        Contact.objects.create(sender=a, recipient=a, message="x")


def test_a_teacher_awaiting_validation_cannot_send_requests():
    a, b = TeacherFactory(status="pending"), TeacherFactory()
    with pytest.raises(PermissionDenied):
        services.contact_request_send(sender=a, recipient=b, message="Bonjour")
