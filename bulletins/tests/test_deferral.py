"""A transient refusal of one recipient (greylisting, a full mailbox) defers that
recipient alone, with its own next attempt and backoff; the chunk goes on with the
others, and comes back for the deferred ones when they are due. Eager Celery and the
outbox here; a real SMTP server at the end; a real worker in test_reliability.py."""

from __future__ import annotations

import datetime
import itertools
import smtplib
import threading

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import IntegrityError
from django.utils import timezone

from accounts.tests.factories import SchoolFactory
from bulletins import mailing, services, tasks
from bulletins.models import BulletinIssue, Delivery, DeliveryStatus, IssueStatus
from bulletins.selectors import issue_progress
from bulletins.tests.factories import IssueFactory, SectionFactory
from bulletins.tests.smtp import local_smtp

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(monkeypatch):
    """An issue going out to four school contacts, rows created, no chunk run yet."""
    issue = IssueFactory(status=IssueStatus.SENDING)
    SectionFactory(issue=issue)
    for n in range(4):
        SchoolFactory(contact_email=f"s{n}@ecole.be")
    with monkeypatch.context() as m:
        m.setattr("bulletins.tasks.send_chunk.delay", lambda *a: None)
        services.issue_fan_out(issue_id=issue.pk)
    return issue


def _rows(issue) -> list[Delivery]:
    return list(Delivery.objects.filter(issue=issue).order_by("pk"))


def _chunk(issue) -> mailing.ChunkResult:
    ids = [r.pk for r in _rows(issue)]
    return mailing.send_chunk(issue_id=issue.pk, first_id=ids[0], last_id=ids[-1])


def _server_answers(monkeypatch, replies: dict[str, Exception]) -> None:
    """The outbox backend raises ``replies[address]`` for those addresses (read at
    each message: the test may change them)."""
    original = EmailBackend.send_messages

    def send(self, messages):
        to = messages[0].to[0]
        if to in replies:
            raise replies[to]
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send)


def _greylisted(address: str) -> smtplib.SMTPRecipientsRefused:
    return smtplib.SMTPRecipientsRefused({address: (451, b"4.7.1 Greylisted, try later")})


def _make_due(*rows: Delivery) -> None:
    past = timezone.now() - datetime.timedelta(seconds=1)
    Delivery.objects.filter(pk__in=[r.pk for r in rows]).update(next_attempt_at=past)


def test_a_refused_recipient_is_deferred_alone_and_the_chunk_goes_on(issue, monkeypatch):
    _server_answers(monkeypatch, {"s1@ecole.be": _greylisted("s1@ecole.be")})

    before = timezone.now()
    result = _chunk(issue)
    after = timezone.now()

    assert sorted(m.to[0] for m in mail.outbox) == ["s0@ecole.be", "s2@ecole.be", "s3@ecole.be"]
    rows = {r.email: r for r in _rows(issue)}
    deferred = rows["s1@ecole.be"]
    assert (deferred.status, deferred.attempts, deferred.error) == (
        DeliveryStatus.DEFERRED,
        1,
        "451 4.7.1 Greylisted, try later",
    )
    backoff = datetime.timedelta(seconds=30)  # BULLETIN_RETRY_BACKOFF
    assert before + backoff <= deferred.next_attempt_at <= after + backoff
    assert all(rows[e].status == DeliveryStatus.SENT for e in ("s0@ecole.be", "s2@ecole.be"))
    assert (result.sent, result.deferred, result.next_due) == (3, 1, deferred.next_attempt_at)


def test_a_deferred_recipient_waits_until_due_then_gets_one_message(issue, monkeypatch):
    refusals = {"s2@ecole.be": _greylisted("s2@ecole.be")}
    _server_answers(monkeypatch, refusals)
    _chunk(issue)
    refusals.clear()  # the greylisting server now knows the triplet

    early = _chunk(issue)
    assert (early.sent, len(mail.outbox)) == (0, 3)
    assert mailing.issue_finish_if_done(issue_id=issue.pk) is False
    assert issue_progress(issue=issue).left == 1

    _make_due(Delivery.objects.get(email="s2@ecole.be"))
    due = _chunk(issue)

    row = Delivery.objects.get(email="s2@ecole.be")
    assert (due.sent, due.next_due, row.status, row.attempts, row.error) == (
        1,
        None,
        DeliveryStatus.SENT,
        2,
        "",
    )
    assert sorted(m.to[0] for m in mail.outbox) == [f"s{n}@ecole.be" for n in range(4)]
    assert mailing.issue_finish_if_done(issue_id=issue.pk) is True


# attempts already made before this refusal -> seconds until the next one
# (BULLETIN_RETRY_BACKOFF 30 doubling, BULLETIN_RETRY_BACKOFF_MAX 1800)
BACKOFF_TABLE = [(0, 30), (1, 60), (2, 120), (3, 240), (5, 960), (6, 1800), (8, 1800)]


@pytest.mark.parametrize(("made", "wait"), BACKOFF_TABLE)
def test_each_recipient_backs_off_on_its_own_attempts(issue, monkeypatch, settings, made, wait):
    settings.BULLETIN_MAX_ATTEMPTS = 20
    target = _rows(issue)[0]
    if made:
        Delivery.objects.filter(pk=target.pk).update(
            status=DeliveryStatus.DEFERRED, attempts=made, next_attempt_at=timezone.now()
        )
    _server_answers(monkeypatch, {target.email: _greylisted(target.email)})

    before = timezone.now()
    _chunk(issue)
    after = timezone.now()

    target.refresh_from_db()
    assert target.attempts == made + 1
    delay = datetime.timedelta(seconds=wait)
    assert before + delay <= target.next_attempt_at <= after + delay


def test_the_last_allowed_attempt_refused_fails_the_recipient(issue, monkeypatch, settings):
    target = _rows(issue)[0]
    Delivery.objects.filter(pk=target.pk).update(
        status=DeliveryStatus.DEFERRED, attempts=settings.BULLETIN_MAX_ATTEMPTS - 1,
        next_attempt_at=timezone.now(),
    )  # fmt: skip
    _server_answers(monkeypatch, {target.email: _greylisted(target.email)})

    result = _chunk(issue)

    target.refresh_from_db()
    assert (target.status, target.attempts) == (DeliveryStatus.FAILED, 8)
    assert target.error == "451 4.7.1 Greylisted, try later (abandon après 8 essais)"
    assert (result.failed, result.sent, result.next_due) == (1, 3, None)
    assert mailing.issue_finish_if_done(issue_id=issue.pk) is True


def test_a_lost_connection_defers_the_message_in_flight_and_requeues_the_untried(
    issue, monkeypatch
):
    lost = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    _server_answers(monkeypatch, {"s1@ecole.be": lost})

    with pytest.raises(mailing.TransientSMTPError):
        _chunk(issue)

    rows = {r.email: (r.status, r.attempts) for r in _rows(issue)}
    assert rows == {
        "s0@ecole.be": (DeliveryStatus.SENT, 1),
        "s1@ecole.be": (DeliveryStatus.DEFERRED, 1),
        "s2@ecole.be": (DeliveryStatus.QUEUED, 0),
        "s3@ecole.be": (DeliveryStatus.QUEUED, 0),
    }


def test_a_deferred_row_must_have_its_next_attempt_time(issue):
    row = _rows(issue)[0]
    with pytest.raises(IntegrityError):
        Delivery.objects.filter(pk=row.pk).update(
            status=DeliveryStatus.DEFERRED, next_attempt_at=None
        )


# --- The task: a later pass of the same range when the deferred rows are due -----------


@pytest.fixture
def queued_tasks(monkeypatch):
    """Celery as deployed (not eager); what the tasks publish is recorded."""
    from etwinning.celery import app

    calls: list[tuple] = []
    app.conf.task_always_eager = False
    monkeypatch.setattr(
        tasks.send_chunk, "apply_async", lambda args, countdown: calls.append((args, countdown))
    )
    monkeypatch.setattr(tasks.send_chunk, "delay", lambda *args: calls.append((args, None)))
    yield calls
    app.conf.task_always_eager = True


def test_the_chunk_task_comes_back_for_its_deferred_rows_when_due(issue, monkeypatch, queued_tasks):
    _server_answers(monkeypatch, {"s3@ecole.be": _greylisted("s3@ecole.be")})
    ids = [r.pk for r in _rows(issue)]

    outcome = tasks.send_chunk.run(issue.pk, ids[0], ids[-1])

    assert outcome == {"sent": 3, "failed": 0, "skipped": 0, "deferred": 1}
    [(args, countdown)] = queued_tasks
    assert args == (issue.pk, ids[0], ids[-1])
    assert 25 < countdown <= 30
    assert BulletinIssue.objects.get(pk=issue.pk).status == IssueStatus.SENDING


def test_a_chunk_with_nothing_deferred_queues_no_later_pass(issue, queued_tasks):
    ids = [r.pk for r in _rows(issue)]

    tasks.send_chunk.run(issue.pk, ids[0], ids[-1])

    assert queued_tasks == []
    assert BulletinIssue.objects.get(pk=issue.pk).status == IssueStatus.SENT


def test_the_sweep_requeues_only_long_overdue_deferrals_of_issues_still_sending(
    issue, queued_tasks
):
    rows = _rows(issue)
    now = timezone.now()
    overdue = now - datetime.timedelta(seconds=tasks.DEFERRAL_SWEEP_GRACE_SECONDS + 60)
    Delivery.objects.filter(pk__in=[rows[0].pk, rows[2].pk]).update(
        status=DeliveryStatus.DEFERRED, next_attempt_at=overdue
    )
    # Due a moment ago: its own follow-up pass is about to take it.
    Delivery.objects.filter(pk=rows[3].pk).update(
        status=DeliveryStatus.DEFERRED, next_attempt_at=now - datetime.timedelta(seconds=5)
    )
    finished = IssueFactory(status=IssueStatus.SENT)
    Delivery.objects.create(
        issue=finished, email="x@ecole.be", status=DeliveryStatus.DEFERRED, next_attempt_at=overdue
    )

    assert tasks.send_overdue_deferrals() == 1
    assert queued_tasks == [((issue.pk, rows[0].pk, rows[2].pk), None)]


# --- A real SMTP server: the greylisted recipients, and one connection for the rest ----


class GreylistingSink:
    """451 on the first RCPT of some addresses, as a greylisting server does."""

    def __init__(self, greylist: set[str]):
        self.greylist, self.seen = set(greylist), set()
        self.lock = threading.Lock()
        self.connections = itertools.count(1)
        self.sessions: dict[str, list[int]] = {}  # address -> connection of each RCPT
        self.received: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            if not hasattr(session, "number"):
                session.number = next(self.connections)
            self.sessions.setdefault(address, []).append(session.number)
            if address in self.greylist and address not in self.seen:
                self.seen.add(address)
                return "451 4.7.1 Greylisted, please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.extend(envelope.rcpt_tos)
        return "250 OK"


@pytest.fixture
def greylisting_server(settings):
    sink = GreylistingSink({"s1@ecole.be", "s2@ecole.be"})
    with local_smtp(sink, settings):
        yield sink


def test_greylisted_recipients_leave_the_others_on_the_same_connection(issue, greylisting_server):
    sink = greylisting_server

    first = _chunk(issue)
    assert (first.sent, first.deferred) == (2, 2)
    # Every recipient was tried once, all over the one connection of the first pass.
    assert len({s[0] for s in sink.sessions.values()}) == 1
    assert sorted(sink.received) == ["s0@ecole.be", "s3@ecole.be"]

    _make_due(*Delivery.objects.filter(status=DeliveryStatus.DEFERRED))
    second = _chunk(issue)

    assert (second.sent, second.deferred, second.next_due) == (2, 0, None)
    assert sorted(sink.received) == [f"s{n}@ecole.be" for n in range(4)]
    assert {a: len(s) for a, s in sink.sessions.items()} == {
        "s0@ecole.be": 1, "s1@ecole.be": 2, "s2@ecole.be": 2, "s3@ecole.be": 1,
    }  # fmt: skip
    assert mailing.issue_finish_if_done(issue_id=issue.pk) is True
