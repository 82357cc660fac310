"""Background work of the notification centre. Tasks take ids and are safe to run
twice: an immediate e-mail is claimed (``emailed_at``) before it is sent, a digest is
locked and sent once (pending → sent)."""

from __future__ import annotations

import smtplib

from celery import shared_task

from notifications import digests, mail, services

RETRYABLE = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    ConnectionError,
    TimeoutError,
)


@shared_task(autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=600, max_retries=8)
def send_immediate_emails(notification_ids: list[int]) -> int:
    """The immediate e-mails of these notifications (each at most once)."""
    return mail.immediate_emails_send(notification_ids=notification_ids)


@shared_task
def sweep_daily_digests() -> int:
    """Beat, every morning: today's daily digest for every reader with something new."""
    return digests.digests_prepare(period="daily")


@shared_task
def sweep_weekly_digests() -> int:
    """Beat, every Monday morning: this week's weekly digest."""
    return digests.digests_prepare(period="weekly")


@shared_task(autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=600, max_retries=8)
def send_digest(digest_id: int) -> bool:
    return digests.digest_send(digest_id=digest_id)


@shared_task
def purge_read_notifications() -> int:
    """Beat, every night: read notifications older than the retention period go."""
    return services.notifications_purge_read()
