"""Reminder e-mails the day before, sent once per registration."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import TeacherFactory
from trainings.models import RegistrationStatus
from trainings.tasks import send_training_reminders
from trainings.tests.factories import RegistrationFactory, TrainingFactory

pytestmark = pytest.mark.django_db


def starting_tomorrow(**kwargs):
    tomorrow = timezone.localdate() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time(9, 30)))
    return TrainingFactory(
        starts_at=start, ends_at=start + timedelta(hours=2), registration_deadline=start, **kwargs
    )


def test_confirmed_teachers_are_reminded_the_day_before_in_their_language():
    training = starting_tomorrow(title_fr="Le TwinSpace", title_de="Der TwinSpace")
    registration = RegistrationFactory(
        training=training, teacher=TeacherFactory(preferred_language="de")
    )
    assert send_training_reminders() == 1
    assert [m.to for m in mail.outbox] == [[registration.teacher.email]]
    assert "Der TwinSpace" in mail.outbox[0].subject
    registration.refresh_from_db()
    assert registration.reminded_at is not None


def test_a_second_run_sends_nothing_more():
    RegistrationFactory(training=starting_tomorrow())
    send_training_reminders()
    assert send_training_reminders() == 0
    assert len(mail.outbox) == 1


def test_waiting_and_cancelled_teachers_get_no_reminder():
    training = starting_tomorrow()
    RegistrationFactory(training=training, status=RegistrationStatus.WAITLISTED)
    RegistrationFactory(training=training, status=RegistrationStatus.CANCELLED)
    assert send_training_reminders() == 0
    assert mail.outbox == []


def test_trainings_later_than_tomorrow_are_not_reminded_yet():
    RegistrationFactory(training=TrainingFactory())  # in ten days
    assert send_training_reminders() == 0


def test_the_reminder_runs_on_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["trainings-send-reminders"]
    assert entry["task"] == "trainings.tasks.send_training_reminders"


def test_a_failed_send_releases_the_claim(monkeypatch):
    from trainings import tasks

    registration = RegistrationFactory(training=starting_tomorrow())

    def broken(*args, **kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr(tasks, "_send_to_teacher", broken)
    with pytest.raises(ConnectionError):
        tasks.send_reminder_email(registration.pk)
    registration.refresh_from_db()
    assert registration.reminded_at is None


def test_a_stale_promotion_task_sends_nothing():
    """The task re-reads the row: a teacher who left meanwhile gets no e-mail."""
    from trainings.tasks import send_promotion_email

    registration = RegistrationFactory(status=RegistrationStatus.CANCELLED)
    send_promotion_email(registration.pk)
    send_promotion_email(999_999)
    assert mail.outbox == []
