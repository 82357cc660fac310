"""Celery tasks of the bulletin. They take ids, are idempotent and safe to run
twice: beat may fire twice, a chunk may be redelivered after a worker died
(acks_late + reject_on_worker_lost), a fan-out may be re-run."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from accounts.models import SupportService
from bulletins import (
    mailing,
    services,
)
from bulletins.inbound import process_maildir
from bulletins.models import BulletinIssue, Delivery, DeliveryStatus, IssueStatus

logger = logging.getLogger(__name__)


@shared_task
def draft_monthly_issues() -> list[int]:
    """Beat, on the first day of each month: the draft of this month's issue for
    every service, with its automatic sections (once: unique per service+month)."""

    month = timezone.localdate().replace(day=1)
    created = []
    for service in SupportService.objects.all():
        issue, was_created = services.issue_draft_for_month(service=service, issue_month=month)
        if was_created:
            created.append(issue.pk)
    return created


@shared_task
def start_due_issues() -> list[int]:
    """Beat, every minute: start the scheduled issues whose time has come."""

    started = []
    for issue_id in BulletinIssue.objects.due(timezone.now()).values_list("pk", flat=True):
        if services.issue_start(issue_id=issue_id):
            started.append(issue_id)
    return started


@shared_task
def fan_out_issue(issue_id: int) -> int:
    """Create the delivery rows of an issue, then queue its chunks."""

    return services.issue_fan_out(issue_id=issue_id)


@shared_task(bind=True, max_retries=None)
def send_chunk(self, issue_id: int, first_id: int, last_id: int) -> dict:
    try:
        result = mailing.send_chunk(issue_id=issue_id, first_id=first_id, last_id=last_id)
    except mailing.TransientSMTPError as exc:
        # The connection itself failed (the server is down, a timeout): the
        # whole chunk comes back; one recipient's refusal never gets here.
        countdown = mailing.retry_delay(self.request.retries + 1)
        logger.warning(
            "Bulletin %s chunk %s-%s: %s, retry in %ss", issue_id, first_id, last_id, exc, countdown
        )
        raise self.retry(countdown=countdown, exc=exc) from exc
    if result.busy:
        # Rows claimed by an execution that died mid-send: come back once the
        # claim is stale (see bulletins.mailing for the policy).
        raise self.retry(countdown=settings.BULLETIN_CLAIM_STALE_SECONDS + 1)
    if result.next_due is not None and not self.app.conf.task_always_eager:
        # Deferred recipients (greylisting…): one more pass of this range when
        # they are all due. A duplicate pass is harmless: claims are exclusive.
        # (Eager Celery, on a laptop, cannot wait: the beat sweep takes them.)
        wait = (result.next_due - timezone.now()).total_seconds()
        send_chunk.apply_async((issue_id, first_id, last_id), countdown=max(wait, 1.0))
    mailing.issue_finish_if_done(issue_id=issue_id)
    return {
        "sent": result.sent,
        "failed": result.failed,
        "skipped": result.skipped,
        "deferred": result.deferred,
    }


# Longer than a due follow-up pass can wait for a free worker process.
DEFERRAL_SWEEP_GRACE_SECONDS = 600


@shared_task
def send_overdue_deferrals() -> int:
    """Beat, every few minutes: a safety net for the follow-up passes of
    :func:`send_chunk`. Deferred rows still waiting well after they were due
    (their pass was lost: broker restored from an old state, a publish that
    failed) get a chunk again. Returns the number of chunks queued."""
    cutoff = timezone.now() - datetime.timedelta(seconds=DEFERRAL_SWEEP_GRACE_SECONDS)
    overdue = (
        Delivery.objects.filter(
            status=DeliveryStatus.DEFERRED,
            next_attempt_at__lte=cutoff,
            issue__status=IssueStatus.SENDING,
        )
        .order_by("issue_id", "pk")
        .values_list("issue_id", "pk")
    )
    queued, batch = 0, []
    for issue_id, pk in overdue.iterator(chunk_size=2000):
        if batch and (batch[0][0] != issue_id or len(batch) == settings.BULLETIN_CHUNK_SIZE):
            send_chunk.delay(batch[0][0], batch[0][1], batch[-1][1])
            queued, batch = queued + 1, []
        batch.append((issue_id, pk))
    if batch:
        send_chunk.delay(batch[0][0], batch[0][1], batch[-1][1])
        queued += 1
    return queued


@shared_task
def process_inbound_mail() -> dict:
    """Beat, every few minutes: the Maildir of unsubscribe requests and bounces."""

    path = settings.BULLETIN_INBOUND_MAILDIR
    if not path:
        return {}
    try:
        report = process_maildir(path)
    except FileNotFoundError:
        logger.warning("BULLETIN_INBOUND_MAILDIR %s does not exist", path)
        return {}
    return {
        "unsubscribed": len(report.unsubscribed),
        "bounced": len(report.bounced),
        "ignored": report.ignored,
        "left": report.left,
    }
