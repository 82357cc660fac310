"""Suggested partners: a deterministic score with the reasons behind it.

The same weights drive the "best match for me" sort of the search page
(``match_score_expression``, in SQL) and the dashboard's
suggestions (``match_score`` here, in Python, with explanations).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import Country, Language, Subject, User
from partners.masks import bit_set
from partners.models import Announcement, AnnouncementStatus, Contact, EntryKind, SearchEntry
from partners.search_index import pks_of

W_SUBJECT = 3
W_LANGUAGE = 2
W_AGES = 2
W_WANTS_MY_COUNTRY = 2
W_I_WANT_COUNTRY = 2
W_RECENT = 1
W_AVAILABLE = 1
RECENT_DAYS = 30


@dataclass
class Profile:
    """What matching needs to know of one teacher."""

    teacher_id: int | None
    subjects: set[int] = field(default_factory=set)
    languages: set[int] = field(default_factory=set)
    age_min: int | None = None
    age_max: int | None = None
    country_id: int | None = None
    wanted_countries: set[int] = field(default_factory=set)
    wants_any_country: bool = False
    available: bool = True
    active_at: datetime | None = None


@dataclass
class Suggestion:
    teacher_id: int
    name: str
    school_name: str
    city: str
    country: str
    score: int
    reasons: list[str]

    @property
    def explanation(self) -> str:
        return ", ".join(self.reasons)


def profile_of(user: User) -> Profile:
    """The user's own profile, their wanted countries being those of their open
    announcements."""
    wanted: set[int] = set()
    wants_any = False
    for announcement in Announcement.objects.filter(
        author=user, status=AnnouncementStatus.OPEN
    ).prefetch_related("wanted_countries"):
        pks = {c.pk for c in announcement.wanted_countries.all()}
        wanted |= pks
        wants_any |= not pks
    return Profile(
        teacher_id=user.pk,
        subjects=set(user.subjects.values_list("pk", flat=True)),
        languages=set(user.languages.values_list("pk", flat=True)),
        age_min=user.age_min,
        age_max=user.age_max,
        country_id=user.school.country_id if user.school_id else None,
        wanted_countries=wanted,
        wants_any_country=wants_any,
        available=user.available_for_projects,
        active_at=user.last_login or user.date_joined,
    )


def profile_of_entry(entry: SearchEntry) -> Profile:
    wanted = set(pks_of(entry.wanted_mask))
    return Profile(
        teacher_id=entry.teacher_id,
        subjects=set(pks_of(entry.subjects_mask)),
        languages=set(pks_of(entry.languages_mask)),
        age_min=entry.age_min,
        age_max=entry.age_max,
        country_id=entry.country_id,
        wanted_countries=wanted,
        wants_any_country=entry.kind == EntryKind.ANNOUNCEMENT and not wanted,
        available=entry.visible,
        active_at=entry.active_at,
    )


def in_sentence(name: str) -> str:
    """A subject or language name inside a sentence (« parle anglais »): French
    writes them in lower case; German, Dutch and English keep the capital of
    « Englisch », « Engels », « English » (and German of every noun)."""
    language = get_language() or settings.LANGUAGE_CODE
    return name.lower() if language.startswith("fr") else name


def _names(pks: set[int], names: dict[int, str]) -> str:
    return ", ".join(sorted(names[pk] for pk in pks if pk in names))


def match_score(
    me: Profile,
    other: Profile,
    *,
    subject_names: dict[int, str],
    language_names: dict[int, str],
    country_names: dict[int, str],
    now: datetime | None = None,
) -> tuple[int, list[str]]:
    """Score of ``other`` as a partner for ``me``, and why, strongest first."""
    now = now or timezone.now()
    score = 0
    reasons: list[str] = []
    subjects = me.subjects & other.subjects
    if subjects:
        score += W_SUBJECT * len(subjects)
        reasons.append(
            _("enseigne aussi %(subjects)s") % {"subjects": _names(subjects, subject_names)}
        )
    languages = me.languages & other.languages
    if languages:
        score += W_LANGUAGE * len(languages)
        reasons.append(_("parle %(languages)s") % {"languages": _names(languages, language_names)})
    if None not in (me.age_min, me.age_max, other.age_min, other.age_max) and (
        me.age_min <= other.age_max and other.age_min <= me.age_max
    ):
        score += W_AGES
        reasons.append(
            _("élèves de %(min)s–%(max)s ans") % {"min": other.age_min, "max": other.age_max}
        )
    if me.country_id and (me.country_id in other.wanted_countries or other.wants_any_country):
        score += W_WANTS_MY_COUNTRY
        if other.wants_any_country:
            reasons.append(_("ouvert·e à tous les pays"))
        else:
            reasons.append(
                _("cherche des partenaires en %(country)s")
                % {"country": country_names.get(me.country_id, "")}
            )
    if other.country_id and other.country_id in me.wanted_countries:
        score += W_I_WANT_COUNTRY
        reasons.append(
            _("dans un pays que vous cherchez : %(country)s")
            % {"country": country_names.get(other.country_id, "")}
        )
    if other.active_at and other.active_at >= now - timedelta(days=RECENT_DAYS):
        score += W_RECENT
        reasons.append(_("actif·ve récemment"))
    if other.available:
        score += W_AVAILABLE
    return score, reasons


def match_score_expression(user: User, profile: Any = None) -> Any:
    """SQL version of ``match_score`` (without the
    explanations), to sort by "best match for me"."""
    profile = profile or profile_of(user)
    terms: list[Any] = [Value(0)]
    for pk in profile.subjects:
        terms.append(
            Case(
                When(bit_set("subjects_mask", 1 << pk), then=Value(W_SUBJECT)),
                default=Value(0),
            )
        )
    for pk in profile.languages:
        terms.append(
            Case(
                When(bit_set("languages_mask", 1 << pk), then=Value(W_LANGUAGE)),
                default=Value(0),
            )
        )
    if profile.age_min is not None and profile.age_max is not None:
        terms.append(
            Case(
                When(
                    Q(age_min__lte=profile.age_max, age_max__gte=profile.age_min),
                    then=Value(W_AGES),
                ),
                default=Value(0),
            )
        )
    if profile.country_id:
        terms.append(
            Case(
                When(
                    Q(wanted_mask=0, kind=EntryKind.ANNOUNCEMENT)
                    | Q(bit_set("wanted_mask", 1 << profile.country_id)),
                    then=Value(W_WANTS_MY_COUNTRY),
                ),
                default=Value(0),
            )
        )
    if profile.wanted_countries:
        terms.append(
            Case(
                When(country_id__in=profile.wanted_countries, then=Value(W_I_WANT_COUNTRY)),
                default=Value(0),
            )
        )
    terms.append(
        Case(
            When(
                active_at__gte=timezone.now() - timedelta(days=RECENT_DAYS),
                then=Value(W_RECENT),
            ),
            default=Value(0),
        )
    )
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


# Suggestions are drawn from the most recently active visible teachers: at
# eTwinning scale (1.2 million teachers, most of them dormant) scoring everyone
# would cost a second per dashboard, and a dormant account is a poor partner.
SUGGESTION_POOL = 20_000


def suggested_partners(
    user: User, *, limit: int = 5, candidates: int = 50, pool: int = SUGGESTION_POOL
) -> list[Suggestion]:
    """The best-scored of the ``pool`` most recently active visible teachers,
    not the user nor their contacts or pending requests. SQL scores the pool
    with the same weights (an index-only scan in order of activity); Python
    scores the best candidates again to say why; ties break on the teacher id
    (deterministic)."""
    me = profile_of(user)
    if not (me.subjects or me.languages or me.age_min is not None):
        return []
    linked = Contact.objects.involving(user)
    excluded = {user.pk}
    excluded |= set(linked.values_list("sender_id", flat=True))
    excluded |= set(linked.values_list("recipient_id", flat=True))
    recent = (
        SearchEntry.objects.filter(kind=EntryKind.TEACHER, visible=True)
        .exclude(teacher_id__in=excluded)
        .annotate(score=match_score_expression(user))
        .order_by("-active_at", "-pk")
        .values_list("id", "score", "teacher_id")[:pool]
    )
    sql, params = recent.query.sql_with_params()
    with connections[recent.db].cursor() as cursor:
        # The best of the pool: something in common beyond being active. ``sql``
        # is the ORM's own compiled, parameterised statement.
        statement = (
            f"SELECT pool.id FROM ({sql}) AS pool "  # noqa: S608
            "WHERE pool.score > %s ORDER BY pool.score DESC, pool.teacher_id LIMIT %s"
        )
        cursor.execute(statement, [*params, W_RECENT, candidates])
        best = [pk for (pk,) in cursor.fetchall()]
    rows = list(SearchEntry.objects.filter(pk__in=best).select_related("country"))
    subject_names = {s.pk: in_sentence(s.name) for s in Subject.objects.all()}
    language_names = {lang.pk: in_sentence(lang.name) for lang in Language.objects.all()}
    country_names = {c.pk: c.name for c in Country.objects.all()}
    suggestions = []
    for entry in rows:
        score, reasons = match_score(
            me,
            profile_of_entry(entry),
            subject_names=subject_names,
            language_names=language_names,
            country_names=country_names,
        )
        suggestions.append(
            Suggestion(
                teacher_id=entry.teacher_id,
                name=entry.name,
                school_name=entry.school_name,
                city=entry.city,
                country=entry.country.name,
                score=score,
                reasons=reasons,
            )
        )
    suggestions.sort(key=lambda s: (-s.score, s.teacher_id))
    return suggestions[:limit]


__all__ = ["Profile", "Suggestion", "match_score", "profile_of", "suggested_partners"]
