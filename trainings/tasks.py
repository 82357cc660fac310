"""Background e-mails of the trainings app. Tasks take ids, load, and send in the
recipient's language; re-running one is harmless."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from celery import shared_task
from django.utils import timezone

from accounts.emails import absolute_url, send_localised_mail
from accounts.tasks import RETRYABLE
from notifications.services import wants_immediate_email
from trainings import notification_kinds, services
from trainings.models import Registration, RegistrationStatus, RequestStatus, TrainingRequest

RETRY = {
    "autoretry_for": RETRYABLE,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


def _registration(pk: int):
    return (
        Registration.objects.select_related("teacher", "training", "training__service")
        .filter(pk=pk)
        .first()
    )


def _send_to_teacher(registration, template: str) -> None:
    teacher = registration.teacher
    language = teacher.preferred_language
    send_localised_mail(
        to=teacher.email,
        language=language,
        template=template,
        context={
            "teacher": teacher,
            "registration": registration,
            "training": registration.training,
            "service": registration.training.service,
            "training_url": absolute_url(
                "trainings:detail", language=language, args=(registration.training_id,)
            ),
            "mine_url": absolute_url("trainings:mine", language=language),
        },
    )


@shared_task(**RETRY)
def send_promotion_email(registration_id: int) -> None:
    """A seat freed up: the teacher moved from the waiting list to confirmed."""

    registration = _registration(registration_id)
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        return
    if not wants_immediate_email(user_id=registration.teacher_id, kind=notification_kinds.PROMOTED):
        return
    _send_to_teacher(registration, "training_promoted")


@shared_task(**RETRY)
def send_application_decision_email(registration_id: int) -> None:
    registration = _registration(registration_id)
    if registration is None:
        return
    if registration.status == RegistrationStatus.CONFIRMED:
        _send_to_teacher(registration, "training_application_selected")
    elif registration.status == RegistrationStatus.NOT_SELECTED:
        _send_to_teacher(registration, "training_application_not_selected")


@shared_task(**RETRY)
def send_reminder_email(registration_id: int) -> None:
    """Claim the reminder, then send; a failed send releases the claim so that
    the retry (or the next beat run) sends it, and it is never sent twice."""

    if not services.reminder_mark_sent(registration_id=registration_id):
        return
    try:
        _send_to_teacher(_registration(registration_id), "training_reminder")
    except Exception:
        Registration.objects.filter(pk=registration_id).update(reminded_at=None)
        raise


@shared_task
def send_training_reminders() -> int:
    """Queue a reminder for each confirmed teacher of a training starting
    tomorrow (Brussels time) who has not had one yet. Runs hourly on beat."""

    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min), tz)
    end = start + timedelta(days=1)
    ids = list(
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            reminded_at__isnull=True,
            training__is_published=True,
            training__starts_at__gte=start,
            training__starts_at__lt=end,
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        send_reminder_email.delay(pk)
    return len(ids)


@shared_task(**RETRY)
def send_request_decision_email(request_id: int) -> None:
    """Tell the school (its contact address) what the service decided."""

    request = (
        TrainingRequest.objects.select_related("school", "school__support_service", "requested_by")
        .filter(pk=request_id)
        .first()
    )
    if request is None or request.status == RequestStatus.PENDING:
        return
    recipients = [request.school.contact_email]
    if request.requested_by and request.requested_by.email not in recipients:
        recipients.append(request.requested_by.email)
    language = request.requested_by.preferred_language if request.requested_by else "fr"
    for address in filter(None, recipients):
        send_localised_mail(
            to=address,
            language=language,
            template=f"training_request_{request.status}",
            context={
                "request": request,
                "school": request.school,
                "service": request.school.support_service,
            },
        )
