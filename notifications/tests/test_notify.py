"""notify(): after commit only, in bulk, one row per recipient, the delivery each
reader chose (else the kind's default), the immediate e-mail only when it is chosen."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import TeacherFactory
from notifications import services
from notifications.models import Notification, Preference

pytestmark = pytest.mark.django_db


def test_nothing_is_created_before_commit_and_every_recipient_gets_one_after(
    test_kinds, django_capture_on_commit_callbacks
):
    readers = TeacherFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify(
            kind="test.daily", recipients=[r.pk for r in readers], params={"name": "Léa"}
        )
        assert Notification.objects.count() == 0
    for callback in callbacks:
        callback()
    assert sorted(Notification.objects.values_list("recipient_id", flat=True)) == sorted(
        r.pk for r in readers
    )
    row = Notification.objects.first()
    assert row.kind == "test.daily" and row.params == {"name": "Léa"} and row.read_at is None


@pytest.mark.django_db(transaction=True)
def test_nothing_is_created_when_the_action_rolls_back(test_kinds):
    reader = TeacherFactory()

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        services.notify(kind="test.mailed", recipients=[reader.pk])
        raise Boom
    assert Notification.objects.count() == 0
    assert mail.outbox == []

    with transaction.atomic():
        services.notify(kind="test.mailed", recipients=[reader.pk], params={"name": "Tom"})
    assert Notification.objects.filter(recipient=reader).count() == 1
    assert len(mail.outbox) == 1


def test_an_unknown_kind_fails_in_the_callers_code(test_kinds):
    with pytest.raises(ValueError):
        services.notify(kind="test.nope", recipients=[1])


def test_five_thousand_recipients_cost_as_many_statements_as_one(
    test_kinds, django_capture_on_commit_callbacks
):
    User = get_user_model()
    User.objects.bulk_create(
        [
            User(email=f"member{i}@example.org", first_name="M", last_name=str(i))
            for i in range(5000)
        ]
    )
    members = User.objects.filter(email__startswith="member")
    one = User.objects.filter(email="member0@example.org")

    def statements(recipients) -> int:
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            services.notify(kind="test.daily", recipients=recipients, params={"name": "X"})
        return len(queries)

    assert statements(members) == statements(one)
    assert Notification.objects.filter(kind="test.daily").count() == 5001
    ids = list(members.values_list("pk", flat=True))
    assert statements(ids) == statements([ids[0]])
    assert Notification.objects.filter(kind="test.daily").count() == 5001 + 5001


def test_each_readers_preference_decides_between_e_mail_and_digest(
    test_kinds, django_capture_on_commit_callbacks
):
    default_reader, digest_reader, site_reader = TeacherFactory.create_batch(3)
    Preference.objects.create(user=digest_reader, kind="test.mailed", delivery="weekly")
    Preference.objects.create(user=site_reader, kind="test.mailed", delivery="site")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            kind="test.mailed",
            recipients=[default_reader.pk, digest_reader.pk, site_reader.pk],
            params={"name": "Léa"},
        )
    deliveries = dict(Notification.objects.values_list("recipient_id", "delivery"))
    assert deliveries == {
        default_reader.pk: "immediate",
        digest_reader.pk: "weekly",
        site_reader.pk: "site",
    }
    assert [message.to for message in mail.outbox] == [[default_reader.email]]
    assert "Léa wrote to you" in mail.outbox[0].subject


def test_the_immediate_e_mail_is_sent_once_even_when_the_task_runs_twice(
    test_kinds, django_capture_on_commit_callbacks
):
    reader = TeacherFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(kind="test.mailed", recipients=[reader.pk], params={"name": "A"})
    notification = Notification.objects.get()
    from notifications import tasks

    tasks.send_immediate_emails(notification_ids=[notification.pk])
    assert len(mail.outbox) == 1


def test_apps_sending_their_own_mail_ask_the_readers_preference(test_kinds):
    reader = TeacherFactory()
    assert services.wants_immediate_email(user_id=reader.pk, kind="test.own_mail")
    Preference.objects.create(user=reader, kind="test.own_mail", delivery="daily")
    assert not services.wants_immediate_email(user_id=reader.pk, kind="test.own_mail")


def test_inactive_accounts_are_not_notified(test_kinds, django_capture_on_commit_callbacks):
    gone = TeacherFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(kind="test.daily", recipients=[gone.pk])
    assert Notification.objects.count() == 0
