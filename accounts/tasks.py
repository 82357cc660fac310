"""Background work of the accounts app. Tasks take ids, load, and call services
or the mailer; re-running one is harmless."""

from __future__ import annotations

import smtplib
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from accounts import services
from accounts.admin_queue import desk_service_id, staff_queue
from accounts.emails import absolute_url, language_for, send_localised_mail
from accounts.models import School, TeacherStatus, User, ValidationStatus

RETRYABLE = (
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
    ConnectionError,
    TimeoutError,
)


@shared_task(autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=600, max_retries=8)
def send_teacher_decision_email(teacher_id: int) -> None:

    teacher = User.objects.select_related("support_service").filter(pk=teacher_id).first()
    if teacher is None or teacher.status not in (TeacherStatus.VALIDATED, TeacherStatus.REJECTED):
        return
    send_localised_mail(
        to=teacher.email,
        language=teacher.preferred_language,
        template=f"teacher_{teacher.status}",
        context={
            "teacher": teacher,
            "service": teacher.support_service,
            "dashboard_url": absolute_url(
                "accounts:dashboard", language=teacher.preferred_language
            ),
        },
    )


@shared_task(autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=600, max_retries=8)
def send_school_decision_email(school_id: int) -> None:

    school = (
        School.objects.select_related("proposed_by", "support_service").filter(pk=school_id).first()
    )
    if school is None or school.proposed_by is None or school.status == ValidationStatus.PENDING:
        return
    teacher = school.proposed_by
    send_localised_mail(
        to=teacher.email,
        language=teacher.preferred_language,
        template=f"school_{school.status}",
        context={
            "teacher": teacher,
            "school": school,
            "service": school.support_service,
            "profile_url": absolute_url("accounts:profile", language=teacher.preferred_language),
        },
    )


@shared_task
def purge_unconfirmed_accounts() -> int:
    """Delete accounts whose e-mail address was never confirmed after the grace period."""
    from allauth.account.models import EmailAddress

    cutoff = timezone.now() - timedelta(days=settings.UNCONFIRMED_ACCOUNT_DAYS)
    confirmed = EmailAddress.objects.filter(verified=True).values("user_id")
    stale = User.objects.filter(
        is_staff=False, date_joined__lt=cutoff, last_login__isnull=True
    ).exclude(pk__in=confirmed)
    count, _ = stale.delete()
    return count


@shared_task
def purge_decided_proofs() -> int:
    """Delete the proofs of employment kept ``PROOF_RETENTION_DAYS`` past the staff's
    decision (beat, nightly). Idempotent: each teacher is re-checked under a lock."""

    due = User.objects.proofs_past_retention(
        now=timezone.now(), days=settings.PROOF_RETENTION_DAYS
    ).values_list("pk", flat=True)
    return sum(services.teacher_proof_expire(teacher_id=pk) for pk in list(due))


@shared_task
def send_staff_digests() -> int:
    """Beat, every morning: one e-mail task per staff member who asked for it."""
    user_ids = list(
        User.objects.filter(is_active=True, is_staff=True, staff_morning_digest=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for user_id in user_ids:
        send_staff_digest.delay(user_id)
    return len(user_ids)


@shared_task(autoretry_for=RETRYABLE, retry_backoff=True, retry_backoff_max=600, max_retries=8)
def send_staff_digest(user_id: int) -> bool:
    """What waits for one staff member, in their language: never an empty e-mail, and
    at most one a day (the day's row is claimed in the transaction that sends)."""
    user = User.objects.filter(
        pk=user_id, is_active=True, is_staff=True, staff_morning_digest=True
    ).first()
    if user is None:
        return False
    language = language_for(user.preferred_language)
    with translation.override(language):
        lines = staff_queue(user=user, service_id=desk_service_id(user))
    if not lines:
        return False
    with transaction.atomic():
        if not services.staff_digest_claim(user=user, day=timezone.localdate()):
            return False
        send_localised_mail(
            to=user.email,
            language=language,
            template="staff_digest",
            context={
                "user": user,
                "lines": lines,
                "total": sum(line.count for line in lines),
                "late_days": settings.STAFF_QUEUE_LATE_DAYS,
                "desk_url": absolute_url("admin:index", language=language),
                "settings_url": absolute_url("admin:desk_digest", language=language),
            },
        )
    return True
