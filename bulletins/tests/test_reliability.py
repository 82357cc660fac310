"""Reliability of the sending pipeline against real services: a Celery worker
subprocess consuming from Redis, the PostgreSQL test database, and an aiosmtpd
server started here on 127.0.0.1. What the SMTP server actually received is
the truth every test checks: one message per recipient, whatever happened.

Needs PostgreSQL (the worker must see the test database) and Redis; fails in
CI without them, is skipped on a laptop without them.
"""

from __future__ import annotations

import asyncio
import datetime
import email
import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from email import policy
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.tests.factories import SchoolFactory, TeacherFactory, service
from bulletins import mailing
from bulletins.models import BulletinIssue, Delivery, DeliveryStatus, IssueStatus
from bulletins.selectors import issue_progress
from bulletins.tests.factories import IssueFactory, SectionFactory
from bulletins.tests.smtp import local_smtp
from conftest import require_service

pytestmark = [pytest.mark.services]
ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 60
CHUNK = 10  # BULLETIN_CHUNK_SIZE of the worker
BACKOFF = 1  # BULLETIN_RETRY_BACKOFF of the worker, seconds


def _redis_available() -> bool:
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def wait_for(condition, *, timeout: float = DEADLINE, what: str = "condition"):
    """Poll ``condition`` until it is truthy; fail after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        threading.Event().wait(0.1)
    pytest.fail(f"Timed out waiting for {what}")


# --- A real SMTP server, scriptable per test -----------------------------------------


class Sink:
    def __init__(self):
        self.lock = threading.Lock()
        self.received: list[tuple[str, email.message.EmailMessage]] = []
        self.reset()

    def reset(self):
        with self.lock:
            self.received.clear()
        self.transient_left = 0
        self.permanent: set[str] = set()
        self.trap: str | None = None
        self.trapped = threading.Event()
        self.release = threading.Event()
        # Greylisting: 451 on the first RCPT of every n-th new address (0: none).
        self.greylist_every = 0
        self.seen: list[str] = []
        self.greylisted: dict[str, float] = {}  # address -> time of its 451
        self.rcpts: list[tuple[str, int]] = []  # (address, SMTP connection number)
        self.connections = itertools.count(1)

    def addresses(self) -> list[str]:
        with self.lock:
            return [to for to, _m in self.received]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        address = address.lower()
        with self.lock:
            if not hasattr(session, "number"):
                session.number = next(self.connections)
            self.rcpts.append((address, session.number))
            first = address not in self.seen
            if first:
                self.seen.append(address)
            if first and self.greylist_every and len(self.seen) % self.greylist_every == 1:
                self.greylisted[address] = time.time()
                return "451 4.7.1 Greylisted, please try again later"
        if address in self.permanent:
            return "550 5.1.1 No such user here"
        with self.lock:
            if self.transient_left > 0:
                self.transient_left -= 1
                return "451 4.3.2 Please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.trap in envelope.rcpt_tos and not self.trapped.is_set():
            # Hold the end of DATA: the test kills the worker now. The client is
            # gone before our 250, so (as any MTA) the message is not accepted.
            self.trapped.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30)
            return "451 4.4.2 Connection lost"
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.received.append((rcpt, message))
        return "250 OK"


@pytest.fixture(scope="module")
def smtp():
    sink = Sink()
    with local_smtp(sink) as port:
        yield sink, port


def _database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    """A ``celery worker`` subprocess (prefork, one child) on ``queues`` (the bulletin
    queue unless told; the notification digests' test reuses it on default,mail)."""

    def __init__(
        self, env: dict[str, str], log: Path, *, queues: str = "bulletin", name: str = "bulletin"
    ):
        self.env, self.log = env, log
        self.queues, self.name = queues, name
        self.proc: subprocess.Popen | None = None

    def start(self):
        self.log.write_text("")
        self.proc = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "etwinning", "worker",
                "-Q", self.queues, "-c", "1", "-P", "prefork", "--loglevel=INFO",
                "-n", f"{self.name}-test-{os.getpid()}@%h",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
            cwd=ROOT, env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT,
        )  # fmt: skip
        wait_for(lambda: "ready." in self.log.read_text(), what="the worker to start")

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def stop(self):
        if self.proc and self.proc.poll() is None:
            for pid in self.children():
                os.kill(pid, signal.SIGKILL)
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture(scope="module")
def worker(smtp, django_db_setup, django_db_blocker, tmp_path_factory):
    require_service("PostgreSQL", settings.USING_POSTGRES)
    require_service("Redis", _redis_available())
    from etwinning.celery import app

    with django_db_blocker.unblock():
        url = _database_url()
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("bulletin")
    _sink, port = smtp
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "etwinning.settings",
        "DATABASE_URL": url,
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "EMAIL_TIMEOUT": "5",
        "BULLETIN_CHUNK_SIZE": str(CHUNK),
        "BULLETIN_CLAIM_STALE_SECONDS": "2",
        "BULLETIN_RETRY_BACKOFF": str(BACKOFF),
        "BULLETIN_RETRY_BACKOFF_MAX": "2",
    }
    w = Worker(env, tmp_path_factory.mktemp("worker") / "worker.log")
    w.start()
    yield w
    w.stop()


@pytest.fixture
def live(worker, smtp, reference_data, settings):
    """Publish to the real broker from this test, as the web process would."""
    from etwinning.celery import app

    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sink, _port = smtp
    sink.reset()
    yield sink
    app.conf.task_always_eager = True


def _audience(n_teachers: int = 24, n_schools: int = 12) -> set[str]:
    """Teachers in three languages, school contacts, and one address that is both."""
    schools = [SchoolFactory(contact_email=f"ecole{n}@example.be") for n in range(n_schools)]
    both = schools[0]
    TeacherFactory(school=both, email=both.contact_email, preferred_language="nl")
    languages = ["fr", "nl", "en"]
    for n in range(n_teachers):
        TeacherFactory(
            school=schools[n % n_schools],
            email=f"prof{n}@example.org",
            preferred_language=languages[n % 3],
        )
    TeacherFactory(school=schools[1], email="nope@example.org", bulletin_subscribed=False)
    return {s.contact_email for s in schools} | {f"prof{n}@example.org" for n in range(n_teachers)}


def _scheduled_issue() -> BulletinIssue:
    issue = IssueFactory(
        service=service("be-fwb"),
        status=IssueStatus.SCHEDULED,
        send_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    SectionFactory(issue=issue)
    return issue


def _beat_fires(times: int = 1):
    from bulletins.tasks import start_due_issues

    for _ in range(times):
        start_due_issues.apply_async(queue="bulletin")


def _finished(issue: BulletinIssue):
    issue.refresh_from_db()
    return issue.status == IssueStatus.SENT


def _assert_exactly_once(sink: Sink, expected: set[str], issue: BulletinIssue, failed=()):
    received = sink.addresses()
    assert sorted(received) == sorted(expected - set(failed))
    progress = issue_progress(issue=issue)
    admin_row = BulletinIssue.objects.with_progress().get(pk=issue.pk)
    assert (progress.sent, progress.failed, progress.left) == (
        len(received),
        len(failed),
        0,
    )
    assert (admin_row.n_sent, admin_row.n_failed) == (len(received), len(failed))


def test_beat_firing_twice_sends_each_recipient_one_localised_message(live):
    expected = _audience()
    issue = _scheduled_issue()

    _beat_fires(times=2)
    wait_for(lambda: _finished(issue), what="the issue to be sent")
    # A late duplicate of the fan-out changes nothing either.
    from bulletins.tasks import fan_out_issue

    fan_out_issue.delay(issue.pk)
    assert wait_for(lambda: issue.deliveries.count() == len(expected), what="rows")

    _assert_exactly_once(live, expected, issue)
    messages = dict(live.received)
    dutch = messages["ecole0@example.be"]  # teacher and school contact: the teacher's language
    assert dutch["Subject"] == "Liaison eTwinning — november"
    assert dutch["Content-Language"] == "nl"
    english = messages["prof2@example.org"]
    assert english["Subject"] == "Liaison eTwinning — November"
    body = english.get_body(("plain",)).get_content()
    assert "Getting started with eTwinning" in body
    html = english.get_body(("html",)).get_content()
    assert "<li>Getting started with eTwinning</li>" in html
    token = mailing.unsubscribe_token("prof2@example.org")
    url = f"{settings.SITE_URL}/en/bulletin/unsubscribe/{token}/"
    assert english["List-Unsubscribe"].strip().startswith(f"<{url}>, <mailto:")
    assert english["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in body and url in html
    assert english["Message-ID"].startswith(f"<bulletin.{issue.pk}.")


def test_a_worker_killed_mid_chunk_resends_only_the_unfinished_message(live, worker):
    expected = _audience()
    live.trap = "prof7@example.org"  # in the middle of the first chunks
    issue = _scheduled_issue()

    _beat_fires()
    assert live.trapped.wait(DEADLINE), "the trap recipient was never reached"
    children = worker.children()
    for pid in children:
        os.kill(pid, signal.SIGKILL)
    live.release.set()
    # The worker's main process starts a new child; the chunk is redelivered.
    wait_for(lambda: set(worker.children()) - set(children), what="a new pool process")
    wait_for(lambda: _finished(issue), what="the issue to be sent")

    _assert_exactly_once(live, expected, issue)
    assert Delivery.objects.get(email="prof7@example.org").attempts == 2
    assert "WorkerLostError" in worker.log.read_text()


def test_transient_refusals_are_retried_until_the_server_accepts(live):
    expected = _audience(n_teachers=12, n_schools=4)
    live.transient_left = 6
    issue = _scheduled_issue()

    _beat_fires()
    wait_for(lambda: _finished(issue), what="the issue to be sent")

    _assert_exactly_once(live, expected, issue)
    assert live.transient_left == 0
    retried = Delivery.objects.filter(issue=issue, attempts__gt=1)
    assert retried.exists()
    assert all(d.status == DeliveryStatus.SENT and d.error == "" for d in retried)


def test_permanent_refusals_fail_those_rows_without_retry(live):
    expected = _audience(n_teachers=12, n_schools=4)
    refused = {"prof3@example.org", "ecole2@example.be"}
    live.permanent = refused
    issue = _scheduled_issue()

    _beat_fires()
    wait_for(lambda: _finished(issue), what="the issue to be sent")

    _assert_exactly_once(live, expected, issue, failed=refused)
    for row in Delivery.objects.filter(email__in=refused):
        assert (row.status, row.attempts) == (DeliveryStatus.FAILED, 1)
        assert row.error.startswith("550 5.1.1")


def test_greylisted_recipients_are_deferred_alone_and_the_issue_completes(live, worker):
    expected = _audience()
    live.greylist_every = 3  # 451 to the 1st, 4th, 7th… address the server sees
    refused = {"prof3@example.org"}
    live.permanent = refused
    worker_log_before = worker.log.read_text()
    issue = _scheduled_issue()

    _beat_fires()
    wait_for(lambda: _finished(issue), what="the issue to be sent")

    _assert_exactly_once(live, expected, issue, failed=refused)
    greylisted = set(live.greylisted)
    assert len(greylisted) == (len(expected) + 2) // 3
    rows = {d.email: d for d in Delivery.objects.filter(issue=issue)}
    for address in greylisted - refused:
        row = rows[address]
        assert (row.status, row.attempts) == (DeliveryStatus.SENT, 2)
        assert row.sent_at >= row.next_attempt_at  # it waited for its own backoff
    assert "prof3@example.org" not in greylisted  # refused at its first try, never again
    assert (rows["prof3@example.org"].status, rows["prof3@example.org"].attempts) == (
        DeliveryStatus.FAILED,
        1,
    )
    # No chunk was retried: within each chunk every recipient was first tried over
    # the connection of the chunk's first pass, whoever was refused before it.
    first_connection: dict[str, int] = {}
    for address, number in live.rcpts:
        first_connection.setdefault(address, number)
    ordered = [d.email for d in sorted(rows.values(), key=lambda d: d.pk)]
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        assert len({first_connection[a] for a in chunk}) == 1, chunk
    assert "retry in" not in worker.log.read_text()[len(worker_log_before) :]
    # Done about one backoff after the last deferral (plus the last pass itself).
    issue.refresh_from_db()
    assert issue.finished_at.timestamp() - max(live.greylisted.values()) < BACKOFF + 4
