"""Writes of the search index (``SearchEntry``), called by the services that
write announcements and by the accounts hook when a teacher's profile changes.

On PostgreSQL each row's ``search_vector`` is computed in the text's own
language (French, Dutch, German or English stemming), weighted: title and name
A, school and city B, text C.
"""

from __future__ import annotations

import re
import unicodedata

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Value
from django.utils import timezone

from accounts.models import TeacherStatus, User
from partners import tasks  # cycle: the task re-indexes through this module; resolved at call time
from partners.models import SEARCH_CONFIGS, Announcement, EntryKind, SearchEntry, SearchWord

MASK_BITS = 63

# Facet tokens: PostgreSQL generates ``facet_tokens`` (an integer array, in one
# GIN index per kind with the text: migrations 0008-0010) from the masks and
# the country of each row, so the planner can estimate and the index can answer
# "teaches subject 7, speaks Spanish, in Poland" together with the text. Token =
# dimension + value; the SQL function partners_facet_tokens says the same.
FACET_SUBJECT = 1_000_000  # + subject pk
FACET_LANGUAGE = 2_000_000  # + language pk
FACET_LEVEL = 3_000_000  # + level bit (1 nursery, 2 primary, 4 secondary)
FACET_PROGRAMME = 4_000_000  # + 1 for eTwinning+, + 0 for core countries
FACET_COUNTRY = 6_000_000  # + country pk


def mask_of(pks) -> int:
    """Bit mask of reference rows (subjects, languages, countries): bit n = pk n.
    The reference lists are far below 63 rows; a larger pk is a loud error,
    not a silently wrong search."""
    mask = 0
    for pk in pks:
        if not 0 < pk < MASK_BITS:
            raise ValueError(f"Reference pk {pk} does not fit the search bit mask.")
        mask |= 1 << pk
    return _signed(mask)


def _signed(mask: int) -> int:
    # Stored in a signed 64-bit column.
    return mask - (1 << 64) if mask >= 1 << 63 else mask


def pks_of(mask: int) -> list[int]:
    mask &= (1 << 64) - 1
    return [n for n in range(1, MASK_BITS) if mask & (1 << n)]


def facet_tokens(entry: SearchEntry) -> list[int]:
    """What PostgreSQL's generated column holds for ``entry`` (sorted)."""
    return sorted(
        [FACET_SUBJECT + pk for pk in pks_of(entry.subjects_mask)]
        + [FACET_LANGUAGE + pk for pk in pks_of(entry.languages_mask)]
        + [FACET_LEVEL + bit for bit in (1, 2, 4) if entry.levels & bit]
        + [FACET_PROGRAMME + int(entry.plus), FACET_COUNTRY + entry.country_id]
    )


def levels_of(school) -> int:
    if school is None:
        return 0
    return (
        (1 if school.level_nursery else 0)
        | (2 if school.level_primary else 0)
        | (4 if school.level_secondary else 0)
    )


def _words(*parts: str) -> str:
    """Lower-cased, accent-free text for the SQLite fallback (the query side
    folds its words the same way); PostgreSQL uses the tsvector."""
    if connection.vendor == "postgresql":
        return ""
    return fold(" ".join(" ".join(p.split()) for p in parts if p).lower())


# A word: letters and digits (the query side splits the same way).
WORD = re.compile(r"[^\W_]+")


def lexicon_words(*parts: str) -> set[str]:
    """The words kept in the typo lexicon (as migration 0008 splits them: lower
    case, letters and digits with at least one letter, 3 to 100 characters)."""
    return {
        word
        for part in parts
        for word in WORD.findall(part.lower())
        if 3 <= len(word) <= 100 and not word.isdigit()
    }


def fold(word: str) -> str:
    """The word without diacritics ("mathématiques" -> "mathematiques"): the
    typo lookup compares these, so a missing or wrong accent costs nothing."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _write_vector(entry: SearchEntry, *, title: str, name: str, place: str, text: str) -> None:
    # New words only: existing ones conflict on the unique word and are skipped
    # (the lexicon's trigram index has no pending list, migration 0008; on
    # SQLite, triggers copy them into an FTS5 trigram index, migration 0012).
    words = lexicon_words(title, name, place, text)
    if words:
        SearchWord.objects.bulk_create(
            [SearchWord(word=w, folded=fold(w)) for w in sorted(words)], ignore_conflicts=True
        )
    if connection.vendor != "postgresql":
        return
    config = SEARCH_CONFIGS.get(entry.language, "simple")
    SearchEntry.objects.filter(pk=entry.pk).update(
        search_vector=(
            SearchVector(Value(title), config=config, weight="A")
            + SearchVector(Value(name), config="simple", weight="A")
            + SearchVector(Value(place), config="simple", weight="B")
            + SearchVector(Value(text), config=config, weight="C")
        )
    )


def _teacher_is_searchable(teacher: User) -> bool:
    return (
        teacher.is_active
        and not teacher.is_staff
        and teacher.status == TeacherStatus.VALIDATED
        and teacher.school_id is not None
    )


@transaction.atomic
def announcement_reindex(announcement: Announcement) -> SearchEntry | None:
    announcement = (
        Announcement.objects.select_related("author__school__country")
        .prefetch_related("subjects", "languages", "wanted_countries")
        .get(pk=announcement.pk)
    )
    author = announcement.author
    school = author.school
    if school is None:
        SearchEntry.objects.filter(announcement=announcement).delete()
        return None
    visible = (
        announcement.status == "open"
        and not announcement.is_hidden
        and _teacher_is_searchable(author)
    )
    name = author.get_full_name()
    entry, _created = SearchEntry.objects.update_or_create(
        announcement=announcement,
        defaults={
            "kind": EntryKind.ANNOUNCEMENT,
            "teacher": author,
            "visible": visible,
            "expires_at": announcement.expires_at,
            "country": school.country,
            "plus": school.country.programme == "plus",
            "levels": levels_of(school),
            "subjects_mask": mask_of(s.pk for s in announcement.subjects.all()),
            "languages_mask": mask_of(lang.pk for lang in announcement.languages.all()),
            "wanted_mask": mask_of(c.pk for c in announcement.wanted_countries.all()),
            "age_min": announcement.age_min,
            "age_max": announcement.age_max,
            "start_month": announcement.start_month,
            "created_at": announcement.created_at,
            "active_at": author.last_login or author.date_joined,
            "title": announcement.title[:200],
            "name": name[:300],
            "school_name": school.name[:200],
            "city": school.city[:100],
            "summary": " ".join(announcement.idea.split())[:300],
            "language": announcement.language,
            "search_text": _words(
                announcement.title, announcement.idea, name, school.name, school.city
            ),
        },
    )
    _write_vector(
        entry,
        title=announcement.title,
        name=name,
        place=f"{school.name} {school.city}",
        text=announcement.idea,
    )
    return entry


@transaction.atomic
def teacher_reindex(teacher: User) -> SearchEntry | None:
    """The teacher's own entry ("available for projects"), and the author data
    copied into their announcements' entries."""
    teacher = (
        User.objects.select_related("school__country")
        .prefetch_related("subjects", "languages")
        .get(pk=teacher.pk)
    )
    for announcement in Announcement.objects.filter(author=teacher):
        announcement_reindex(announcement)
    school = teacher.school
    if school is None or teacher.is_staff:
        SearchEntry.objects.filter(kind=EntryKind.TEACHER, teacher=teacher).delete()
        return None
    visible = (
        _teacher_is_searchable(teacher)
        and teacher.available_for_projects
        and not teacher.hidden_from_search
    )
    name = teacher.get_full_name() or teacher.email.split("@")[0]
    wanted = Announcement.wanted_countries.through.objects.filter(
        announcement__author=teacher, announcement__status="open"
    ).values_list("country_id", flat=True)
    entry, _created = SearchEntry.objects.update_or_create(
        kind=EntryKind.TEACHER,
        teacher=teacher,
        defaults={
            "visible": visible,
            "expires_at": None,
            "country": school.country,
            "plus": school.country.programme == "plus",
            "levels": levels_of(school),
            "subjects_mask": mask_of(s.pk for s in teacher.subjects.all()),
            "languages_mask": mask_of(lang.pk for lang in teacher.languages.all()),
            "wanted_mask": mask_of(set(wanted)),
            "age_min": teacher.age_min or 2,
            "age_max": teacher.age_max or 20,
            "start_month": None,
            "created_at": teacher.date_joined,
            "active_at": teacher.last_login or teacher.date_joined,
            "title": name[:200],
            "name": name[:300],
            "school_name": school.name[:200],
            "city": school.city[:100],
            "summary": " ".join(teacher.bio.split())[:300],
            "language": teacher.preferred_language
            if teacher.preferred_language in SEARCH_CONFIGS
            else "fr",
            "search_text": _words(name, teacher.bio, school.name, school.city),
        },
    )
    _write_vector(
        entry, title="", name=name, place=f"{school.name} {school.city}", text=teacher.bio
    )
    return entry


def teacher_changed(teacher_id: int) -> None:
    """``settings.TEACHER_CHANGED_HOOKS`` entry: re-index after a profile change."""
    teacher = User.objects.filter(pk=teacher_id).first()
    if teacher is not None:
        teacher_reindex(teacher)


def school_changed(school_id: int) -> None:
    """``settings.SCHOOL_CHANGED_HOOKS`` entry: the school's name, city, country
    or levels changed; its teachers' rows (and their announcements') copy them.
    A school may have hundreds of teachers: the work goes to a Celery task."""
    tasks.reindex_school.delay(school_id)


def school_reindex(school_id: int) -> int:
    """Re-index every teacher of the school (each in its own transaction, so a
    retried task redoes only what is left to do). Returns how many."""
    count = 0
    for teacher in User.objects.filter(school_id=school_id).order_by("pk").iterator(2000):
        teacher_reindex(teacher)
        count += 1
    return count


def touch_activity(teacher: User) -> None:
    """Recent activity counts in suggestions: refresh it on partner-search actions."""
    SearchEntry.objects.filter(teacher=teacher).update(active_at=timezone.now())
