"""Daily and weekly digests, each sent exactly once per reader and period.

1. The sweep (beat, default queue) creates one ``Digest`` per reader with notifications
   waiting for this period — ``(user, period, period_start)`` is unique, so a second
   beat creates nothing — and, in the same transaction, attaches the waiting
   notifications with one ``UPDATE … SET digest_id … WHERE digest_id IS NULL``: a row
   is attached to one digest only, whatever runs beside it. It queues ``send_digest``
   for every pending digest of the period after commit.
2. ``send_digest`` (mail queue) locks its pending digest with ``SELECT … FOR UPDATE
   SKIP LOCKED``, sends it and marks it sent in that transaction. A second task for the
   same digest finds it locked (skips) or sent (nothing to do); a worker killed
   mid-send rolls its transaction back and the redelivered task (acks_late,
   reject_on_worker_lost) sends it. The one window left: the SMTP server accepted the
   message and the worker died before COMMIT — that reader gets it twice.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from accounts.emails import absolute_url, language_for, send_localised_mail
from notifications import mail, tasks  # cycle: the sweep queues send_digest; tasks call it
from notifications.kinds import all_kinds
from notifications.models import Digest, DigestStatus, Notification, Period

BRUSSELS = ZoneInfo("Europe/Brussels")
# Readers handled per transaction by the sweep.
SWEEP_BATCH = 1000


def period_start(period: str, now: datetime.datetime | None = None) -> datetime.date:
    """The Brussels date a digest of ``period`` sent at ``now`` is keyed by: the day
    (daily) or that week's Monday (weekly)."""
    today = (now or timezone.now()).astimezone(BRUSSELS).date()
    if period == Period.WEEKLY:
        return today - datetime.timedelta(days=today.weekday())
    return today


def digests_prepare(*, period: str, now: datetime.datetime | None = None) -> int:
    """Creates this period's digests and attaches the waiting notifications; queues
    the sending of every pending digest of the period. Returns the digests queued."""
    if period not in Period.values:
        raise ValueError(period)
    start = period_start(period, now)
    waiting = Notification.objects.filter(
        delivery=period, digest__isnull=True, read_at__isnull=True
    )
    readers = list(waiting.order_by().values_list("recipient_id", flat=True).distinct())
    for first in range(0, len(readers), SWEEP_BATCH):
        batch = readers[first : first + SWEEP_BATCH]
        with transaction.atomic():
            Digest.objects.bulk_create(
                [Digest(user_id=pk, period=period, period_start=start) for pk in batch],
                ignore_conflicts=True,
            )
            open_digest = Digest.objects.filter(
                user_id=OuterRef("recipient_id"),
                period=period,
                period_start=start,
                status=DigestStatus.PENDING,
            )
            waiting.filter(recipient_id__in=batch).filter(Exists(open_digest)).update(
                digest=Subquery(open_digest.values("pk")[:1])
            )
    pending = list(
        Digest.objects.filter(
            period=period, period_start=start, status=DigestStatus.PENDING
        ).values_list("pk", flat=True)
    )
    for digest_id in pending:
        transaction.on_commit(lambda digest_id=digest_id: tasks.send_digest.delay(digest_id))
    return len(pending)


def digest_send(*, digest_id: int) -> bool:
    """Sends one pending digest and marks it sent, in one transaction holding its lock.
    False when there was nothing to do (sent, being sent, or nothing left unread)."""
    User = get_user_model()
    with transaction.atomic():
        digest = (
            Digest.objects.select_for_update(skip_locked=True)
            .filter(pk=digest_id, status=DigestStatus.PENDING)
            .first()
        )
        if digest is None:
            return False
        notifications = list(
            digest.notifications.filter(read_at__isnull=True).order_by("created_at", "pk")
        )
        if not notifications:
            digest.status = DigestStatus.EMPTY
            digest.save(update_fields=["status"])
            return False
        reader = User.objects.get(pk=digest.user_id)
        language = language_for(reader.preferred_language)
        kinds = all_kinds()
        send_localised_mail(
            to=reader.email,
            language=language,
            template=f"notifications_digest_{digest.period}",
            context={
                "reader": reader,
                "digest": digest,
                "items": [mail.item(n, language, kinds) for n in notifications],
                "list_url": absolute_url("notifications:list", language=language),
                "preferences_url": absolute_url("notifications:preferences", language=language),
            },
        )
        digest.status = DigestStatus.SENT
        digest.sent_at = timezone.now()
        digest.save(update_fields=["status", "sent_at"])
    return True
