"""Registration, capacity, the waiting list and its automatic promotion."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.tests.factories import TeacherFactory
from notifications.models import Notification
from trainings import services
from trainings.models import Registration, RegistrationStatus, TrainingFormat
from trainings.tests.factories import RegistrationFactory, TrainingFactory

pytestmark = pytest.mark.django_db


def test_a_teacher_gets_a_seat_while_seats_are_free(teacher):
    training = TrainingFactory(capacity=2)
    registration = services.registration_create(training=training, teacher=teacher)
    assert registration.status == RegistrationStatus.CONFIRMED


def test_a_full_training_puts_the_teacher_on_the_waiting_list(teacher):
    training = TrainingFactory(capacity=1)
    RegistrationFactory(training=training)
    registration = services.registration_create(training=training, teacher=teacher)
    assert registration.status == RegistrationStatus.WAITLISTED


def test_a_teacher_cannot_register_twice(teacher):
    training = TrainingFactory()
    services.registration_create(training=training, teacher=teacher)
    with pytest.raises(ValidationError, match="déjà inscrit"):
        services.registration_create(training=training, teacher=teacher)
    assert Registration.objects.filter(training=training, teacher=teacher).count() == 1


def test_registration_closes_after_the_deadline(teacher):
    start = timezone.now() + timedelta(days=1)
    training = TrainingFactory(
        starts_at=start, registration_deadline=timezone.now() - timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="date limite"):
        services.registration_create(training=training, teacher=teacher)
    assert not Registration.objects.exists()


def test_an_unvalidated_teacher_cannot_register(pending_teacher):
    with pytest.raises(PermissionDenied):
        services.registration_create(training=TrainingFactory(), teacher=pending_teacher)


def test_staff_cannot_register_as_teachers(staff_fwb):
    with pytest.raises(PermissionDenied):
        services.registration_create(training=TrainingFactory(), teacher=staff_fwb)


def test_an_unpublished_training_takes_no_registration(teacher):
    with pytest.raises(ValidationError, match="pas publiée"):
        services.registration_create(training=TrainingFactory(is_published=False), teacher=teacher)


def test_a_training_abroad_needs_an_application(teacher):
    training = TrainingFactory(format=TrainingFormat.ABROAD, place="Lisbonne")
    with pytest.raises(ValidationError, match="candidature"):
        services.registration_create(training=training, teacher=teacher)


def test_unregistering_promotes_the_first_waiting_teacher_and_emails_them(
    teacher, django_capture_on_commit_callbacks
):
    training = TrainingFactory(capacity=1)
    seated = services.registration_create(training=training, teacher=teacher)
    first = TeacherFactory(preferred_language="nl", first_name="Els")
    second = TeacherFactory()
    first_wait = services.registration_create(training=training, teacher=first)
    services.registration_create(training=training, teacher=second)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=seated, by=teacher)

    first_wait.refresh_from_db()
    assert first_wait.status == RegistrationStatus.CONFIRMED
    assert first_wait.promoted_at is not None
    assert Registration.objects.get(teacher=second).status == RegistrationStatus.WAITLISTED
    assert [m.to for m in mail.outbox] == [[first.email]]
    # In the promoted teacher's language (Dutch), naming the training.
    assert training.title in mail.outbox[0].subject
    assert "Els" in mail.outbox[0].body


def test_the_promotion_email_is_sent_only_after_commit(teacher, django_capture_on_commit_callbacks):
    training = TrainingFactory(capacity=1)
    seated = services.registration_create(training=training, teacher=teacher)
    waiting = services.registration_create(training=training, teacher=TeacherFactory())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.registration_cancel(registration=seated, by=teacher)
    assert mail.outbox == []
    assert not Notification.objects.exists()
    # The e-mail and the notification centre's entry, both after commit.
    assert len(callbacks) == 2
    for callback in callbacks:
        callback()
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert len(mail.outbox) == 1
    assert list(Notification.objects.values_list("recipient_id", "kind")) == [
        (waiting.teacher_id, "trainings.promoted")
    ]


def test_a_waiting_teacher_leaving_promotes_nobody(teacher):
    training = TrainingFactory(capacity=1)
    RegistrationFactory(training=training)
    waiting = services.registration_create(training=training, teacher=teacher)
    mail.outbox.clear()
    services.registration_cancel(registration=waiting, by=teacher)
    assert training.registrations.confirmed().count() == 1
    assert mail.outbox == []


def test_a_teacher_may_register_again_after_unregistering(teacher):
    training = TrainingFactory()
    first = services.registration_create(training=training, teacher=teacher)
    services.registration_cancel(registration=first, by=teacher)
    again = services.registration_create(training=training, teacher=teacher)
    assert again.status == RegistrationStatus.CONFIRMED
    assert again.pk != first.pk


def test_another_teacher_cannot_cancel_my_registration(teacher):
    registration = services.registration_create(training=TrainingFactory(), teacher=teacher)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=registration, by=TeacherFactory())


def test_more_seats_move_the_waiting_list_up(
    teacher, staff_fwb, django_capture_on_commit_callbacks
):
    training = TrainingFactory(capacity=1)
    RegistrationFactory(training=training)
    waiting = services.registration_create(training=training, teacher=teacher)
    training.capacity = 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.training_save(training=training, by=staff_fwb)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [[teacher.email]]


def test_staff_of_another_service_cannot_change_the_training(staff_vl):
    training = TrainingFactory(capacity=1)
    training.capacity = 5
    with pytest.raises(PermissionDenied):
        services.training_save(training=training, by=staff_vl)


def test_the_database_refuses_two_live_registrations_of_one_teacher(teacher):
    from django.db import IntegrityError

    training = TrainingFactory()
    RegistrationFactory(training=training, teacher=teacher)
    with pytest.raises(IntegrityError):
        RegistrationFactory(training=training, teacher=teacher, status="waitlisted")
