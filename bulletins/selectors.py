"""Reads of the bulletin app: recipients (streamed) and progress counts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count

from accounts.models import School, SupportService, TeacherStatus, User, ValidationStatus
from bulletins.models import BulletinIssue, DeliveryStatus, Unsubscription

BATCH = 2000


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str
    user_id: int | None = None
    school_id: int | None = None


def school_language(service: SupportService) -> str:
    return settings.BULLETIN_SERVICE_LANGUAGES.get(service.code, settings.LANGUAGE_CODE)


def _keyset(queryset, fields: tuple[str, ...], batch: int) -> Iterator[list[tuple]]:
    """Pages of ``fields`` ordered by primary key: constant memory whatever the
    number of rows, and no long-lived server-side cursor."""
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", *fields)[:batch])
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def subscribed_teachers(service: SupportService):
    return User.objects.filter(
        support_service=service,
        status=TeacherStatus.VALIDATED,
        is_active=True,
        is_staff=False,
        bulletin_subscribed=True,
    ).exclude(email="")


def school_contacts(service: SupportService):
    return School.objects.filter(
        support_service=service, status=ValidationStatus.VALIDATED
    ).exclude(contact_email="")


def bulletin_recipients(
    *, service: SupportService, batch: int = BATCH
) -> Iterator[list[Recipient]]:
    """Batches of recipients of ``service``'s bulletin: subscribed validated
    teachers first (so that a teacher's own language wins), then the contact
    address of each validated school. Addresses are lower-cased; the same
    address may appear twice (a teacher who is also the school contact) and is
    deduplicated by the delivery rows' unique constraint."""
    languages = {code for code, _name in settings.LANGUAGES}
    teachers = subscribed_teachers(service)
    for rows in _keyset(teachers, ("email", "preferred_language"), batch):
        yield [
            Recipient(
                email=email.strip().lower(),
                language=lang if lang in languages else settings.LANGUAGE_CODE,
                user_id=pk,
            )
            for pk, email, lang in rows
        ]
    language = school_language(service)
    schools = school_contacts(service)
    for rows in _keyset(schools, ("contact_email",), batch):
        emails = {email.strip().lower() for _pk, email in rows}
        # Schools have no profile: the one-click unsubscriptions are their opt-out.
        gone = set(Unsubscription.objects.filter(email__in=emails).values_list("email", flat=True))
        yield [
            Recipient(email=email.strip().lower(), language=language, school_id=pk)
            for pk, email in rows
            if email.strip().lower() not in gone
        ]


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    failed: int

    @property
    def left(self) -> int:
        return self.total - self.sent - self.failed


def issue_progress(*, issue: BulletinIssue) -> Progress:
    counts = dict(
        issue.deliveries.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    sent = counts.get(DeliveryStatus.SENT, 0)
    failed = counts.get(DeliveryStatus.FAILED, 0) + counts.get(DeliveryStatus.BOUNCED, 0)
    return Progress(total=sum(counts.values()), sent=sent, failed=failed)


def archive_issues(*, service: SupportService | None = None):
    issues = BulletinIssue.objects.published().select_related("service")
    return issues if service is None else issues.filter(service=service)
