"""Reads of the bulletin app: recipients (streamed) and progress counts."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

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


# --- Personal partner announcements ------------------------------------------------

PARTNERS_SECTION = "partners"  # the ``source`` of the partner-search automatic section
PERSONAL_ANNOUNCEMENTS = 8
# A month of new announcements is a few hundred at most; the cap keeps a worker's
# memory bounded whatever happens.
MAX_CANDIDATES = 5000

Profile = tuple[tuple[int, ...], tuple[int, ...]]  # (subject ids, language ids), sorted
NO_PROFILE: Profile = ((), ())


@dataclass(frozen=True)
class Candidate:
    pk: int
    subjects: frozenset[int]
    languages: frozenset[int]


def _month_window(issue_month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The month before the issue, as for the drafted section."""
    first = issue_month.replace(day=1)
    start_day = (first - datetime.timedelta(days=1)).replace(day=1)
    end = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    start = timezone.make_aware(datetime.datetime.combine(start_day, datetime.time.min))
    return start, end


def partner_candidates(*, issue_month: datetime.date) -> list[Candidate]:
    """The announcements a personal selection picks from, newest first."""
    from partners.models import Announcement

    start, end = _month_window(issue_month)
    announcements = (
        Announcement.objects.visible()
        .filter(created_at__gte=start, created_at__lt=end)
        .order_by("-created_at", "-pk")
    )
    ids = list(announcements.values_list("pk", flat=True)[:MAX_CANDIDATES])
    subjects: dict[int, set[int]] = {pk: set() for pk in ids}
    languages: dict[int, set[int]] = {pk: set() for pk in ids}
    through = Announcement.subjects.through
    for pk, subject in through.objects.filter(announcement_id__in=ids).values_list(
        "announcement_id", "subject_id"
    ):
        subjects[pk].add(subject)
    through = Announcement.languages.through
    for pk, language in through.objects.filter(announcement_id__in=ids).values_list(
        "announcement_id", "language_id"
    ):
        languages[pk].add(language)
    return [Candidate(pk, frozenset(subjects[pk]), frozenset(languages[pk])) for pk in ids]


def reader_profiles(*, user_ids: list[int]) -> dict[int, Profile]:
    """Each teacher's (subjects, languages) profile key; two queries for a chunk."""
    subjects: dict[int, list[int]] = {}
    languages: dict[int, list[int]] = {}
    through = User.subjects.through
    for user_id, subject in through.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "subject_id"
    ):
        subjects.setdefault(user_id, []).append(subject)
    through = User.languages.through
    for user_id, language in through.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "language_id"
    ):
        languages.setdefault(user_id, []).append(language)
    return {
        user_id: (
            tuple(sorted(subjects.get(user_id, ()))),
            tuple(sorted(languages.get(user_id, ()))),
        )
        for user_id in user_ids
    }


def personal_selection(candidates: list[Candidate], profile: Profile) -> tuple[int, ...]:
    """The newest announcements sharing a subject or a language with the
    profile; empty for an empty profile (the reader then gets the service-wide
    section the staff edited)."""
    subjects, languages = set(profile[0]), set(profile[1])
    if not subjects and not languages:
        return ()
    chosen = []
    for candidate in candidates:
        if candidate.subjects & subjects or candidate.languages & languages:
            chosen.append(candidate.pk)
            if len(chosen) == PERSONAL_ANNOUNCEMENTS:
                break
    return tuple(chosen)
