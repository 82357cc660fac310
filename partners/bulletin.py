"""The partner-search section of the monthly bulletin « Liaison eTwinning »
(``settings.BULLETIN_SECTION_PROVIDERS``): announcements published during the
month before the issue, newest first, written in every portal language.

The section lists the month's announcements whose working languages or
subjects are those most spoken/taught by the service's subscribed teachers,
so that it matches the readers as a group; staff edit it before sending.

When the issue goes out, :func:`personal_lines` rewrites that section per teacher
(the "bulletin_personal_lines" hook): the month's announcements sharing a subject or
a language with the teacher's profile.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.emails import absolute_url
from accounts.models import Language, Subject, User
from bulletins.sections import (
    PersonalLines,
    PersonalPart,
    SectionDraft,
    bullet_list,
    in_each_language,
)
from partners.models import Announcement

BULLETIN_ANNOUNCEMENTS = 8
TOP_INTERESTS = 10
SECTION_KEY = "partners"  # the ``source`` of the drafted section in the issue


def _previous_month(issue_month: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    end = timezone.make_aware(
        datetime.datetime.combine(issue_month.replace(day=1), datetime.time.min)
    )
    start_day = (issue_month.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    start = timezone.make_aware(datetime.datetime.combine(start_day, datetime.time.min))
    return start, end


def new_announcements_section(*, service, issue_month: datetime.date) -> list[SectionDraft]:
    readers = {"user__support_service": service, "user__bulletin_subscribed": True}
    subjects = list(
        Subject.objects.filter(**readers)
        .annotate(n=Count("user"))
        .order_by("-n")
        .values_list("pk", flat=True)[:TOP_INTERESTS]
    )
    languages = list(
        Language.objects.filter(**readers)
        .annotate(n=Count("user"))
        .order_by("-n")
        .values_list("pk", flat=True)[:TOP_INTERESTS]
    )
    start, end = _previous_month(issue_month)
    announcements = Announcement.objects.visible().filter(created_at__gte=start, created_at__lt=end)
    if subjects or languages:
        matching = Announcement.objects.filter(subjects__in=subjects) | Announcement.objects.filter(
            languages__in=languages
        )
        announcements = announcements.filter(pk__in=matching.values("pk"))
    chosen = list(
        announcements.prefetch_related("subjects", "languages").order_by("-created_at")[
            :BULLETIN_ANNOUNCEMENTS
        ]
    )
    if not chosen:
        return []

    def body() -> str:
        lines = []
        for a in chosen:
            detail = ", ".join(s.name for s in a.subjects.all())
            langs = ", ".join(lang.name for lang in a.languages.all())
            url = absolute_url("partners:announcement", language="fr", kwargs={"pk": a.pk})
            lines.append(f"{a.title} — {detail} · {langs} · {a.age_range_label()} — {url}")
        return (
            gettext("De nouvelles classes cherchent des partenaires ce mois-ci :")
            + "\n\n"
            + bullet_list(lines)
        )

    return [
        SectionDraft(
            key=SECTION_KEY,
            title=in_each_language(lambda: gettext("Ils cherchent des partenaires")),
            body=in_each_language(body),
            link_url=absolute_url("partners:search", language="fr"),
        )
    ]


# --- Personal selection, at send time ------------------------------------------------

PERSONAL_ANNOUNCEMENTS = 8
# A month of new announcements is a few hundred at most; the cap keeps a worker's
# memory bounded whatever happens.
MAX_CANDIDATES = 5000
# Bounds of the per-issue memo's caches that grow with the audience (entries).
MAX_PROFILES = 50_000
MAX_PARTS = 5000

Profile = tuple[tuple[int, ...], tuple[int, ...]]  # (subject ids, language ids), sorted


@dataclass(frozen=True)
class Candidate:
    pk: int
    subjects: frozenset[int]
    languages: frozenset[int]


def personal_lines(
    *, issue_month: datetime.date, sources: frozenset[str], readers: dict[int, str], memo: dict
) -> PersonalLines | None:
    """The personal partner section of each teacher of a chunk ("bulletin_personal_lines").

    Per chunk: the teachers' profiles in two queries; teachers sharing a profile share
    one selection. Per issue (kept in ``memo``): the candidates (three queries) and one
    line per candidate and language (three queries per language)."""
    if SECTION_KEY not in sources or not readers:
        return None
    if "candidates" not in memo:
        memo.update(
            candidates=partner_candidates(issue_month=issue_month),
            selections={},  # profile -> announcement ids
            lines={},  # language -> {announcement id: line}
            parts={},  # (language, ids) -> PersonalPart
        )
    selections, parts = memo["selections"], memo["parts"]
    if len(selections) > MAX_PROFILES:
        selections.clear()
    if len(parts) > MAX_PARTS:
        parts.clear()
    out = {}
    for user_id, profile in reader_profiles(user_ids=list(readers)).items():
        if profile not in selections:
            selections[profile] = personal_selection(memo["candidates"], profile)
        chosen = selections[profile]
        if not chosen:
            continue
        key = (readers[user_id], chosen)
        if key not in parts:
            parts[key] = _part(memo, *key)
        out[user_id] = parts[key]
    return PersonalLines(source=SECTION_KEY, parts=out)


def _part(memo: dict, language: str, chosen: tuple[int, ...]) -> PersonalPart:
    if language not in memo["lines"]:
        pks = [candidate.pk for candidate in memo["candidates"]]
        memo["lines"][language] = announcement_lines(pks, language=language)
    lines = memo["lines"][language]
    return PersonalPart(
        intro=_personal_intro(language), lines=tuple(lines[pk] for pk in chosen if pk in lines)
    )


def partner_candidates(*, issue_month: datetime.date) -> list[Candidate]:
    """The announcements a personal selection picks from, newest first: those of the
    month before the issue, as for the drafted section."""
    start, end = _previous_month(issue_month)
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


def announcement_lines(pks: list[int], *, language: str) -> dict[int, str]:
    """One list line per announcement, in ``language`` (3 queries for all)."""
    lines = {}
    with translation.override(language):
        pattern = absolute_url("partners:announcement", language=language, kwargs={"pk": 0})
        prefix = pattern[: pattern.rindex("0")]
        suffix = pattern[pattern.rindex("0") + 1 :]
        announcements = Announcement.objects.filter(pk__in=pks).prefetch_related(
            "subjects", "languages"
        )
        for a in announcements:
            detail = ", ".join(s.name for s in a.subjects.all())
            langs = ", ".join(lang.name for lang in a.languages.all())
            url = f"{prefix}{a.pk}{suffix}"
            lines[a.pk] = f"{a.title} — {detail} · {langs} · {a.age_range_label()} — {url}"
    return lines


@functools.lru_cache(maxsize=16)
def _personal_intro(language: str) -> str:
    with translation.override(language):
        return gettext(
            "Des classes qui partagent vos disciplines ou vos langues cherchent des partenaires :"
        )
