"""Digests against real services: a Celery worker subprocess (default and mail queues)
on Redis, the PostgreSQL test database, an SMTP server on 127.0.0.1. What the SMTP
server received is the truth: each reader exactly one digest, each notification in
exactly one, when beat fires twice and when the worker is killed in the middle of
sending one.

Needs PostgreSQL and Redis: fails in CI without them, skipped on a laptop without."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from django.conf import settings

from accounts.tests.factories import TeacherFactory
from bulletins.tests.smtp import local_smtp
from bulletins.tests.test_reliability import (
    Sink,
    Worker,
    _database_url,
    _redis_available,
    wait_for,
)
from conftest import require_service
from notifications import tasks
from notifications.models import Digest, DigestStatus, Notification

pytestmark = [pytest.mark.services]
ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 60


@pytest.fixture(scope="module")
def smtp():
    sink = Sink()
    with local_smtp(sink) as port:
        yield sink, port


@pytest.fixture(scope="module")
def worker(smtp, django_db_setup, django_db_blocker, tmp_path_factory):
    require_service("PostgreSQL", settings.USING_POSTGRES)
    require_service("Redis", _redis_available())
    from etwinning.celery import app

    with django_db_blocker.unblock():
        url = _database_url()
    with app.connection_for_write() as conn:
        for queue in ("default", "mail"):
            conn.default_channel.queue_purge(queue)
    _sink, port = smtp
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "etwinning.settings"),
        "DATABASE_URL": url,
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "EMAIL_TIMEOUT": "5",
    }
    w = Worker(
        env,
        tmp_path_factory.mktemp("worker") / "worker.log",
        queues="default,mail",
        name="notifications",
    )
    w.start()
    yield w
    w.stop()


@pytest.fixture
def live(worker, smtp, reference_data, settings):
    """Publish to the real broker from this test, as beat would."""
    from etwinning.celery import app

    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sink, _port = smtp
    sink.reset()
    yield sink
    app.conf.task_always_eager = True


def _readers(n: int = 12) -> dict[str, int]:
    """Teachers in four languages, each with one to three notifications waiting for
    the daily digest, and one for the weekly digest (not today's business)."""
    languages = ["fr", "nl", "de", "en"]
    waiting: dict[str, int] = {}
    rows = []
    for number in range(n):
        reader = TeacherFactory(
            email=f"reader{number}@example.org", preferred_language=languages[number % 4]
        )
        count = 1 + number % 3
        waiting[reader.email] = count
        for item in range(count):
            rows.append(
                Notification(
                    recipient=reader,
                    kind="partners.message",
                    delivery="daily",
                    params={"name": f"Sender {item}"},
                    url="/fr/partners/contacts/",
                )
            )
        rows.append(Notification(recipient=reader, kind="partners.message", delivery="weekly"))
    Notification.objects.bulk_create(rows)
    return waiting


def _all_sent(expected: int) -> bool:
    return Digest.objects.filter(status=DigestStatus.SENT).count() == expected


def _assert_exactly_once(sink: Sink, waiting: dict[str, int]) -> None:
    assert sorted(sink.addresses()) == sorted(waiting)
    assert Digest.objects.count() == len(waiting)
    daily = Notification.objects.filter(delivery="daily")
    assert not daily.filter(digest__isnull=True).exists()
    for address, message in sink.received:
        digest = Digest.objects.get(user__email=address)
        assert digest.notifications.count() == waiting[address]
        assert message.get_body(("plain",)).get_content().count("Sender") == waiting[address]
    # The weekly ones wait for their own digest.
    assert not Notification.objects.filter(delivery="weekly", digest__isnull=False).exists()


def _succeeded(worker: Worker, task: str) -> int:
    return sum(
        1
        for line in worker.log.read_text().splitlines()
        if f"Task notifications.tasks.{task}[" in line and "succeeded" in line
    )


def test_beat_firing_twice_sends_each_reader_one_digest_in_their_language(live, worker):
    waiting = _readers()
    tasks.sweep_daily_digests.apply_async()
    tasks.sweep_daily_digests.apply_async()
    wait_for(lambda: _all_sent(len(waiting)), timeout=DEADLINE, what="every digest sent")
    # A late duplicate of one send, and a third beat, change nothing.
    sends, sweeps = _succeeded(worker, "send_digest"), _succeeded(worker, "sweep_daily_digests")
    tasks.send_digest.delay(Digest.objects.first().pk)
    tasks.sweep_daily_digests.apply_async()
    wait_for(
        lambda: (
            _succeeded(worker, "send_digest") > sends
            and _succeeded(worker, "sweep_daily_digests") > sweeps
        ),
        what="the late tasks",
    )

    _assert_exactly_once(live, waiting)
    messages = dict(live.received)
    assert messages["reader1@example.org"]["Subject"] == "Uw dagelijks eTwinning-overzicht"
    assert messages["reader2@example.org"]["Subject"] == "Ihre tägliche eTwinning-Zusammenfassung"
    body = messages["reader3@example.org"].get_body(("plain",)).get_content()
    assert "/en/partners/contacts/" in body


def test_a_worker_killed_mid_send_still_sends_each_reader_exactly_one_digest(live, worker):
    waiting = _readers()
    live.trap = "reader5@example.org"
    tasks.sweep_daily_digests.apply_async()
    tasks.sweep_daily_digests.apply_async()
    assert live.trapped.wait(DEADLINE), "the trapped reader's digest was never sent"
    children = worker.children()
    for pid in children:
        os.kill(pid, signal.SIGKILL)
    live.release.set()
    # The worker's main process starts a new child; the send is redelivered.
    wait_for(lambda: set(worker.children()) - set(children), what="a new pool process")
    wait_for(lambda: _all_sent(len(waiting)), timeout=DEADLINE, what="every digest sent")

    _assert_exactly_once(live, waiting)
    assert "WorkerLostError" in worker.log.read_text()
