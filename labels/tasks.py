"""Background e-mails of the labels app: tasks take ids, load, and send in the
recipient's language; re-running one is harmless (reminders are recorded)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction

from accounts.emails import absolute_url, render_localised_mail, send_localised_mail
from accounts.models import User
from accounts.tasks import RETRYABLE
from labels import clock, notification_kinds
from labels.ics import edition_calendar
from labels.models import (
    ApplicationStatus,
    ContestEdition,
    ContestReminder,
    NationalLabelApplication,
)
from labels.selectors import contest_reminder_recipients
from notifications.services import wants_immediate_email
from projects.models import MemberStatus

RETRY = {
    "autoretry_for": RETRYABLE,
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


@shared_task(**RETRY)
def send_national_label_decision(application_id: int) -> None:
    application = (
        NationalLabelApplication.objects.select_related("teacher", "project", "service", "round")
        .filter(pk=application_id)
        .first()
    )
    if application is None or application.teacher is None:
        return
    if application.status == ApplicationStatus.SUBMITTED:
        return
    teacher = application.teacher
    kind = (
        notification_kinds.NATIONAL_AWARDED
        if application.status == ApplicationStatus.AWARDED
        else notification_kinds.NATIONAL_REFUSED
    )
    if not wants_immediate_email(user_id=teacher.pk, kind=kind):
        return
    language = teacher.preferred_language
    send_localised_mail(
        to=teacher.email,
        language=language,
        template="label_national_decision",
        context={
            "teacher": teacher,
            "application": application,
            "awarded": application.status == ApplicationStatus.AWARDED,
            "mine_url": absolute_url("labels:mine", language=language),
        },
    )


@shared_task(**RETRY)
def send_contest_results(edition_id: int) -> None:
    """Every entrant learns the results; the winners' members get the ceremony
    invitation with an .ics attachment."""

    edition = ContestEdition.objects.filter(pk=edition_id).first()
    if edition is None or not edition.results_published:
        return
    entries = edition.entries.select_related("project", "category", "submitted_by")
    for entry in entries:
        recipients = {entry.submitted_by} if entry.submitted_by else set()
        if entry.is_winner:
            recipients |= {
                m.user
                for m in entry.project.memberships.filter(
                    status=MemberStatus.ACTIVE, user__isnull=False
                ).select_related("user")
            }
        kind = (
            notification_kinds.CONTEST_WON
            if entry.is_winner
            else notification_kinds.CONTEST_RESULTS
        )
        for user in recipients:
            if not wants_immediate_email(user_id=user.pk, kind=kind):
                continue
            language = user.preferred_language
            message = render_localised_mail(
                to=user.email,
                language=language,
                template="contest_winner" if entry.is_winner else "contest_results",
                context={
                    "user": user,
                    "entry": entry,
                    "edition": edition,
                    "winners_url": absolute_url(
                        "labels:winners", language=language, args=(edition.year,)
                    ),
                },
            )
            if entry.is_winner:
                message.attach(
                    f"ceremonie-{edition.year}.ics",
                    edition_calendar([edition], ceremony_only=True),
                    "text/calendar",
                )
            message.send()


def _reminder_kind(days_left: int) -> str | None:
    days = settings.LABELS_REMINDER_DAYS
    if 0 <= days_left <= days["week"]:
        return "week"
    if days["week"] < days_left <= days["month"]:
        return "month"
    return None


@shared_task
def send_contest_reminders() -> int:
    """Daily (beat): remind the FWB teachers of active projects a month and a
    week before the deadline. Each (edition, teacher, kind) is sent once."""

    now = clock.now()
    today = clock.local_date(now)
    sent = 0
    for edition in ContestEdition.objects.filter(deadline__gt=now):
        days_left = (edition.last_day - today).days
        kind = _reminder_kind(days_left)
        if kind is None:
            continue
        already = ContestReminder.objects.filter(edition=edition, kind=kind).values("teacher_id")
        for teacher_id in (
            contest_reminder_recipients().exclude(pk__in=already).values_list("pk", flat=True)
        ):
            try:
                with transaction.atomic():
                    ContestReminder.objects.create(
                        edition=edition, teacher_id=teacher_id, kind=kind
                    )
            except IntegrityError:
                continue  # another run recorded it first
            send_contest_reminder.delay(edition.pk, teacher_id, days_left)
            sent += 1
    return sent


@shared_task(**RETRY)
def send_contest_reminder(edition_id: int, teacher_id: int, days_left: int) -> None:
    edition = ContestEdition.objects.filter(pk=edition_id).first()
    teacher = User.objects.filter(pk=teacher_id, is_active=True).first()
    if edition is None or teacher is None:
        return
    language = teacher.preferred_language
    send_localised_mail(
        to=teacher.email,
        language=language,
        template="contest_reminder",
        context={
            "teacher": teacher,
            "edition": edition,
            "days_left": days_left,
            "contest_url": absolute_url("labels:contest", language=language),
        },
    )
