"""Daily and weekly digests: at most one per reader and period, each notification in
at most one digest, in the reader's language, whatever runs twice. (The same against
a real worker, killed mid-send: test_digest_worker.py.)"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import TeacherFactory
from notifications import digests, services, tasks
from notifications.models import Digest, DigestStatus, Notification, Preference

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")
# A Wednesday morning in Brussels (and still Tuesday in UTC-10).
WEDNESDAY = datetime.datetime(2026, 11, 18, 7, 0, tzinfo=BRUSSELS)


def _waiting(reader, kind="test.daily", delivery="daily", **params):
    return Notification.objects.create(
        recipient=reader,
        kind=kind,
        delivery=delivery,
        params={"name": "Léa", "group": "eSafety", **params},
        url="/fr/notifications/",
    )


@pytest.fixture
def beat(django_capture_on_commit_callbacks):
    """Beat fires the sweep of ``period`` at ``now``; the sending it queues after
    commit runs (eager Celery), as it would on a worker."""

    def fire(period="daily", now=WEDNESDAY):
        with django_capture_on_commit_callbacks(execute=True):
            return digests.digests_prepare(period=period, now=now)

    return fire


def test_the_period_is_the_brussels_day_or_that_weeks_monday():
    late_tuesday_utc = datetime.datetime(2026, 11, 17, 23, 30, tzinfo=datetime.UTC)
    assert digests.period_start("daily", late_tuesday_utc) == datetime.date(2026, 11, 18)
    assert digests.period_start("weekly", WEDNESDAY) == datetime.date(2026, 11, 16)
    sunday_night = datetime.datetime(2026, 11, 22, 23, 59, tzinfo=BRUSSELS)
    assert digests.period_start("weekly", sunday_night) == datetime.date(2026, 11, 16)


def test_beat_firing_twice_sends_one_digest_per_reader_with_each_notification_once(
    test_kinds, beat
):
    anna = TeacherFactory(preferred_language="de")
    marc = TeacherFactory(preferred_language="fr")
    first = [_waiting(anna), _waiting(anna), _waiting(marc)]
    # The first beat's sweep commits, its send tasks wait in the queue...
    digests.digests_prepare(period="daily", now=WEDNESDAY)
    late = _waiting(anna)  # ...a notification arrives, then beat fires again
    beat()
    for digest_id in Digest.objects.values_list("pk", flat=True):
        tasks.send_digest(digest_id)  # a duplicate send changes nothing either

    assert Digest.objects.filter(status=DigestStatus.SENT).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([anna.email, marc.email])
    anna_digest = Digest.objects.get(user=anna)
    assert set(anna_digest.notifications.all()) == {first[0], first[1], late}
    assert Notification.objects.filter(digest__isnull=True).count() == 0
    german = next(m for m in mail.outbox if m.to == [anna.email])
    assert german.subject == "Ihre tägliche eTwinning-Zusammenfassung"
    assert "Hier sind die 3 Neuigkeiten des Tages" in german.body
    assert german.body.count("Léa posted in eSafety") == 3
    assert "/de/notifications/" in german.body


def test_a_notification_after_the_digest_was_sent_waits_for_the_next_period(test_kinds, beat):
    reader = TeacherFactory()
    _waiting(reader)
    beat()
    later = _waiting(reader)
    beat()
    later.refresh_from_db()
    assert later.digest is None and len(mail.outbox) == 1
    beat(now=WEDNESDAY + datetime.timedelta(days=1))
    later.refresh_from_db()
    assert later.digest is not None and len(mail.outbox) == 2


def test_only_unread_notifications_of_the_period_are_digested(test_kinds, beat):
    reader = TeacherFactory()
    _waiting(reader, delivery="weekly")
    _waiting(reader, delivery="site")
    _waiting(reader, delivery="immediate")
    read = _waiting(reader)
    read.read_at = timezone.now()
    read.save()
    beat()
    assert mail.outbox == [] and not Digest.objects.exists()
    beat("weekly")
    assert len(mail.outbox) == 1
    assert "Wekelijks" not in mail.outbox[0].subject  # French reader
    assert mail.outbox[0].subject == "Votre résumé hebdomadaire eTwinning"


def test_a_digest_whose_notifications_were_all_read_meanwhile_is_not_sent(test_kinds, beat):
    reader = TeacherFactory()
    _waiting(reader)
    Digest.objects.create(user=reader, period="daily", period_start=datetime.date(2026, 11, 18))
    beat()  # attaches; send runs eagerly
    assert len(mail.outbox) == 1  # (eager) — now a reader who read first:
    other = TeacherFactory()
    _waiting(other)
    digest = Digest.objects.create(
        user=other, period="daily", period_start=datetime.date(2026, 11, 18)
    )
    Notification.objects.filter(recipient=other).update(digest=digest, read_at=timezone.now())
    assert digests.digest_send(digest_id=digest.pk) is False
    digest.refresh_from_db()
    assert digest.status == DigestStatus.EMPTY and len(mail.outbox) == 1


def test_a_preference_for_the_digest_routes_new_notifications_there(
    test_kinds, beat, django_capture_on_commit_callbacks
):
    reader = TeacherFactory()
    Preference.objects.create(user=reader, kind="test.mailed", delivery="daily")
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(kind="test.mailed", recipients=[reader.pk], params={"name": "Tom"})
    assert mail.outbox == []
    beat()
    assert [m.to for m in mail.outbox] == [[reader.email]]
    assert "Tom wrote to you" in mail.outbox[0].body


def test_the_beat_tasks_are_callable_directly(test_kinds, django_capture_on_commit_callbacks):
    reader = TeacherFactory()
    _waiting(reader)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_daily_digests() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.sweep_daily_digests() == 0
    assert len(mail.outbox) == 1
