"""The partner search: the one module that knows which database backend runs it.

PostgreSQL: full-text search over ``search_vector`` (each row stemmed in its own
language). Each query word becomes the OR of its distinct stems in French,
Dutch, German, English and "simple", so "mathématiques" finds "mathématique"
whatever the searcher's interface language; a word missing from the lexicon of
indexed words (``SearchWord``) adds its nearest lexicon words by trigram
similarity of their accent-free forms (pg_trgm), so "mathematiqes" is found
too. The facets (subjects, languages, levels, programme, country) are also
integer tokens of a generated column, and one GIN index per kind holds the
text and the tokens, so a text and its facets are intersected inside the index.
SQLite: substring matching of lower-cased, accent-free, crudely de-pluralised
words, typos through the same lexicon (an FTS5 trigram index, migration 0012),
and bit tests of the masks.

Across languages (both backends): a query word naming a subject, language or
country in French, Dutch, German or English (``partners.facet_words``) matches
the rows whose text holds it or that carry that facet value; the page says so.
A text search opens on the tab that has results unless the tab was picked.

A page costs a constant number of queries, whatever its size or the number of
results: the text terms (stems and typo alternatives); one counting statement
(``_count``), which reads the first ``PARTNERS_FACET_EXACT_LIMIT`` + 1 rows of
the text, ages, period and countries once and computes from them the total,
every facet count, the page's ids, and in the same statement the other tab's
count; one for the page's rows (with the page's own sub-query when the counted
rows do not hold it: "newest" over a broad text, a filtered sample). Counts
above the limit read "5 000+"; relevance and best match of a broader search
rank a sample of that size; pages stop at ``MAX_PAGE``. A text search that
opens on the other tab counts that tab too: one statement more.
docs/performance.md has the measurements behind each choice.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, connections
from django.db.models import (
    BooleanField,
    DateTimeField,
    Expression,
    ExpressionWrapper,
    F,
    Q,
    Value,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.models import Country, Language, Subject, User
from partners.facet_words import COUNTRY, LANGUAGE, SUBJECT, FacetMatch, Vocabulary, query_words
from partners.masks import bit_set as _bit_set
from partners.matching import match_score_expression, profile_of
from partners.models import SEARCH_CONFIGS, EntryKind, SearchEntry, SearchWord
from partners.search_index import (
    FACET_COUNTRY,
    FACET_LANGUAGE,
    FACET_LEVEL,
    FACET_PROGRAMME,
    FACET_SUBJECT,
    fold,
)
from partners.search_index import WORD as _WORD

PER_PAGE = 20
# Pages stop at 50 (1,000 results), as large search sites do: nobody reads
# further, and a deep page costs as much as sorting everything before it. The
# last page says so and invites to refine the search.
MAX_PAGE = 50
LEVELS = {"nursery": 1, "primary": 2, "secondary": 4}
SORTS = ("relevance", "newest", "match")
# "Newest" over a broad text: the matches among the tab's newest NEWEST_PROBE_ROWS
# rows say whether its page is likely among the newest NEWEST_WALK_ROWS; if so it
# walks them (the ordering index), and sorts every match only if they hold too few.
NEWEST_PROBE_ROWS = 1_000
NEWEST_WALK_ROWS = 20_000


@dataclass(frozen=True)
class Query:
    """A parsed search: everything the URL holds."""

    text: str = ""
    kind: str = EntryKind.ANNOUNCEMENT
    countries: tuple[int, ...] = ()
    programme: str = ""  # "", "core" or "plus"
    subject: int | None = None
    language: int | None = None
    level: str = ""
    age_min: int | None = None
    age_max: int | None = None
    start_from: date | None = None
    start_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    # The tab was picked with its link: stay on it even when it has no result
    # (otherwise a text search opens on the tab that has results).
    kind_pinned: bool = False


@dataclass
class Page:
    number: int
    num_pages: int
    total: int
    # More results than MAX_PAGE pages show: the last page invites to refine.
    truncated: bool = False

    @property
    def is_last_of_truncated(self) -> bool:
        return self.truncated and self.number == self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


@dataclass
class Result:
    query: Query
    entries: list[SearchEntry]
    total: int
    other_total: int
    capped: bool
    facets_capped: bool
    other_capped: bool
    page: Page
    facets: dict[str, dict[Any, int]] = field(default_factory=dict)
    # "Best match" or relevance ranked a bounded sample of a broad search.
    ranked_sample: bool = False
    # Query words that also matched a subject, language or country (any of
    # the four languages of the reference names): « wiskunde → Mathématiques ».
    facet_matches: tuple[FacetMatch, ...] = ()
    # The tab the query asked for had no result and the other one had: the
    # page opened on the other one (``query.kind``); this is the one asked for.
    switched_from: str = ""


class FacetTokens(Expression):
    """``facet_tokens @> tokens`` (all of them) or ``facet_tokens && tokens``
    (any of them), over the integer array PostgreSQL generates from each row's
    masks and country (migrations 0008-0010; SQLite has no such column, and the model
    does not declare it). Unlike a bit test, the planner estimates it from the
    tokens' frequencies and a partial GIN index per kind answers it."""

    output_field = BooleanField()

    def __init__(self, tokens: list[int], *, every: bool) -> None:
        super().__init__()
        self.tokens = sorted(int(t) for t in tokens)
        self.every = every

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        operator = "@>" if self.every else "&&"
        return f"{alias}.facet_tokens {operator} %s::integer[]", [self.tokens]


def _has_bit(column: str, bit: int, token: int) -> Q:
    """One facet value: a token of the GIN-indexed array on PostgreSQL, a bit
    test of the mask on SQLite (same rows)."""
    if connection.vendor == "postgresql":
        return Q(FacetTokens([token], every=True))
    return Q(_bit_set(column, bit))


def _ages_overlap(age_min: int | None, age_max: int | None) -> Q:
    """Rows whose pupils' age range overlaps [age_min, age_max]. On the age
    columns (the covering indexes hold them), not facet tokens: a range is an
    OR of up to 19 ages, each held by a quarter of the rows, and merging those
    posting lists cost a GIN lookup 40-60 ms."""
    condition = Q()
    if age_min is not None:
        condition &= Q(age_max__gte=age_min)
    if age_max is not None:
        condition &= Q(age_min__lte=age_max)
    return condition


_PLURAL = re.compile(r"(?<=\w{4})(es|s|x|en|e|n)$")


# A query word of at least TYPO_MIN_LENGTH letters that no indexed text
# contains is completed with up to TYPO_ALTERNATIVES lexicon words whose
# accent-free forms are at least this similar (pg_trgm similarity: shared
# trigrams / all trigrams).
TYPO_MIN_LENGTH = 4
TYPO_SIMILARITY = 0.45
TYPO_ALTERNATIVES = 3


@dataclass(frozen=True)
class FacetGroup:
    """Query words that name facet values: they match the rows whose text
    holds them (``tsquery``, PostgreSQL) or that carry one of those values."""

    words: tuple[str, ...]
    matches: tuple[FacetMatch, ...]
    tsquery: str = ""


@dataclass(frozen=True)
class Terms:
    """A text as the search uses it: the typo alternatives of its misspelled
    words, the full-text query of every word (raw tsquery syntax, PostgreSQL;
    for ranking), that of the words naming no facet (``plain_tsquery``) and
    the groups of words that name one."""

    alternatives: dict[str, list[str]] = field(default_factory=dict)
    tsquery: str = ""
    plain_tsquery: str = ""
    groups: tuple[FacetGroup, ...] = ()

    @property
    def facet_matches(self) -> tuple[FacetMatch, ...]:
        return tuple(m for group in self.groups for m in group.matches)


def _groups(text: str, vocabulary: Vocabulary | None) -> list[tuple[tuple[str, ...], list]]:
    """The query's facet groups: (words, matches), words in the order typed."""
    if vocabulary is None or not text:
        return []
    grouped: dict[tuple[str, ...], list[FacetMatch]] = {}
    for match in vocabulary.match(query_words(text)):
        grouped.setdefault(match.words, []).append(match)
    return list(grouped.items())


# The stems of the query words and of their typo alternatives in the four
# languages and "simple", with the alternatives themselves: one statement.
_TERMS_SQL = """
WITH q(w, f) AS (SELECT * FROM unnest(%s::text[], %s::text[])),
variant(w, v) AS (
    SELECT w, w FROM q
    UNION
    SELECT q.w, l.word
    FROM q
    CROSS JOIN LATERAL (
        SELECT s.word FROM partners_searchword s
        WHERE s.folded %% q.f AND similarity(s.folded, q.f) >= %s
        ORDER BY similarity(s.folded, q.f) DESC, s.word
        LIMIT %s
    ) AS l
    WHERE length(q.w) >= %s
      AND NOT EXISTS (SELECT 1 FROM partners_searchword e WHERE e.word = q.w)
)
SELECT v.w, v.v, c.cfg::text, x.lexeme
FROM variant v
CROSS JOIN unnest(%s::regconfig[]) AS c(cfg)
LEFT JOIN LATERAL unnest(tsvector_to_array(to_tsvector(c.cfg, v.v))) AS x(lexeme) ON true
ORDER BY v.w, v.v, c.cfg::text, x.lexeme
"""


def text_terms(text: str, vocabulary: Vocabulary | None = None) -> Terms:
    """The typo alternatives of the query words missing from the lexicon, the
    groups of words naming a facet value (``vocabulary``: the reference names
    in four languages) and, on PostgreSQL, the tsqueries: words AND-ed, each
    the OR of its distinct stems in French, Dutch, German, English and
    "simple" (names and cities) and of its alternatives' stems. One
    statement, run even for an empty text so that every page costs the same
    (on SQLite too: ``_sqlite_alternatives``).

    Stems are de-duplicated: the OR of the five parsed queries repeated a
    common stem five times, and the planner multiplied its frequency as if the
    five were independent ("mascot" estimated at 505,000 teachers instead of
    60,000), then chose scans that stop early and read 50,000 rows instead."""
    facet_groups = _groups(text, vocabulary)
    if connection.vendor != "postgresql":
        return Terms(
            alternatives=_sqlite_alternatives(text),
            groups=tuple(FacetGroup(words=w, matches=tuple(m)) for w, m in facet_groups),
        )
    # "plain" words: letters and digits; a hyphen separates ("e-book").
    words = sorted(set(_WORD.findall(text.lower())))
    configs = [*SEARCH_CONFIGS.values(), "simple"]
    stems: dict[str, set[str]] = {}
    alternatives: dict[str, list[str]] = {}
    stopword: set[str] = set()
    # The lexicon is read where the search index is (a replica if configured).
    with connections[SearchWord.objects.all().db].cursor() as cursor:
        cursor.execute(
            _TERMS_SQL,
            [
                words,
                [fold(w) for w in words],
                TYPO_SIMILARITY,
                TYPO_ALTERNATIVES,
                TYPO_MIN_LENGTH,
                configs,
            ],
        )
        for word, variant, _config, lexeme in cursor.fetchall():
            if variant != word and variant not in alternatives.get(word, []):
                alternatives.setdefault(word, []).append(variant)
            if lexeme is None:
                if variant == word:
                    stopword.add(word)
                continue
            stems.setdefault(word, set()).add(lexeme)
    # A stop word in one language is left out, as that language's parser does
    # ("les", "the", "die"); if nothing is left, the words are kept as they are.
    kept = [w for w in words if w not in stopword and stems.get(w)] or [
        w for w in words if stems.get(w)
    ]
    in_groups = {w for group_words, _m in facet_groups for w in group_words}
    return Terms(
        alternatives=alternatives,
        tsquery=_and_of(kept, stems),
        plain_tsquery=_and_of([w for w in kept if w not in in_groups], stems),
        groups=tuple(
            FacetGroup(
                words=group_words,
                matches=tuple(matches),
                tsquery=_and_of([w for w in group_words if w in kept], stems),
            )
            for group_words, matches in facet_groups
        ),
    )


def _and_of(words: list[str], stems: dict[str, set[str]]) -> str:
    return " & ".join(
        "(" + " | ".join(_quoted(s) for s in sorted(stems[w])) + ")" for w in sorted(set(words))
    )


def _quoted(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def typo_alternatives(text: str) -> dict[str, list[str]]:
    """{query word: nearest lexicon words} for the words missing from the lexicon."""
    return text_terms(text).alternatives


def _trigrams(word: str) -> set[str]:
    """pg_trgm's trigrams of one word: padded with two spaces before, one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity: shared trigrams / all trigrams of both words."""
    ta, tb = _trigrams(a), _trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta or tb else 0.0


# SQLite: the lexicon words sharing a trigram with a query word, through the
# FTS5 trigram index of their accent-free forms (migration 0012), the most
# similar first by FTS5's rank; then pg_trgm's similarity in Python.
SQLITE_TYPO_CANDIDATES = 200
_SQLITE_CANDIDATES_SQL = (
    "SELECT * FROM (SELECT %s, w.folded FROM partners_searchword_trigram t "
    "JOIN partners_searchword w ON w.id = t.rowid "
    "WHERE partners_searchword_trigram MATCH %s ORDER BY t.rank LIMIT %s)"
)


def _sqlite_alternatives(text: str) -> dict[str, list[str]]:
    """SQLite: {query word: its nearest lexicon words (accent-free)} for the
    words of TYPO_MIN_LENGTH+ letters whose accent-free form is no lexicon
    word, as PostgreSQL's lookup does. One statement (even for an empty
    text, so that every page costs the same)."""
    words = sorted({w for w in _WORD.findall(text.lower()) if len(w) >= TYPO_MIN_LENGTH})
    parts, params = [], []
    for word in words:
        folded = fold(word)
        grams = sorted({folded[i : i + 3] for i in range(len(folded) - 2)})
        parts.append(_SQLITE_CANDIDATES_SQL)
        params += [word, " OR ".join(f'"{g}"' for g in grams), SQLITE_TYPO_CANDIDATES]
    statement = " UNION ALL ".join(parts) or "SELECT NULL, NULL WHERE 0"
    candidates: dict[str, set[str]] = {}
    with connections[SearchWord.objects.all().db].cursor() as cursor:
        cursor.execute(statement, params)
        for word, candidate in cursor.fetchall():
            candidates.setdefault(word, set()).add(candidate)
    alternatives: dict[str, list[str]] = {}
    for word in words:
        folded = fold(word)
        found = candidates.get(word, set())
        if folded in found:
            continue
        near = sorted(
            ((similarity(folded, c), c) for c in found if similarity(folded, c) >= TYPO_SIMILARITY),
            key=lambda pair: (-pair[0], pair[1]),
        )
        if near:
            alternatives[word] = [c for _s, c in near[:TYPO_ALTERNATIVES]]
    return alternatives


def _sqlite_word(word: str, alternatives: dict[str, list[str]]) -> Q:
    """SQLite: the accent-free, crudely de-pluralised word (or one of its typo
    alternatives) as a substring of the accent-free ``search_text``."""
    condition = Q()
    for variant in [fold(word), *alternatives.get(word, [])]:
        if len(variant) > 1:
            condition |= Q(search_text__contains=_PLURAL.sub("", variant))
    return condition


def _facet_condition(matches: tuple[FacetMatch, ...]) -> Q:
    """The rows carrying any of the matched facet values."""
    if connection.vendor == "postgresql":
        base = {SUBJECT: FACET_SUBJECT, LANGUAGE: FACET_LANGUAGE, COUNTRY: FACET_COUNTRY}
        tokens = [base[m.kind] + pk for m in matches for pk in m.pks]
        return Q(FacetTokens(tokens, every=False))
    condition = Q()
    for match in matches:
        for pk in match.pks:
            if match.kind == SUBJECT:
                condition |= Q(_bit_set("subjects_mask", 1 << pk))
            elif match.kind == LANGUAGE:
                condition |= Q(_bit_set("languages_mask", 1 << pk))
            else:
                condition |= Q(country_id=pk)
    return condition


def _text_condition(text: str, terms: Terms) -> Q:
    """Every query word matches; a word naming a facet value matches the text
    or that value (the whole group of words naming it)."""
    if connection.vendor == "postgresql":
        if not terms.groups:
            return Q(search_vector=_tsquery(terms.tsquery))
        if len(terms.groups) <= EXPANDED_GROUPS:
            return _expanded_condition(terms)
        condition = Q()
        if terms.plain_tsquery:
            condition &= Q(search_vector=_tsquery(terms.plain_tsquery))
        for group in terms.groups:
            either = _facet_condition(group.matches)
            if group.tsquery:
                either = Q(search_vector=_tsquery(group.tsquery)) | either
            condition &= either
        return condition
    grouped = {w for group in terms.groups for w in group.words}
    condition = Q()
    for word in _WORD.findall(text.lower()):
        if word not in grouped and len(word) > 1:
            condition &= _sqlite_word(word, terms.alternatives)
    for group in terms.groups:
        words = Q()
        for word in group.words:
            words &= _sqlite_word(word, terms.alternatives)
        condition &= words | _facet_condition(group.matches)
    return condition


# Up to this many facet groups, "(text A or facet A) and (text B or facet B)"
# is written as the OR of every choice (2**groups arms): see _expanded_condition.
EXPANDED_GROUPS = 3


def _expanded_condition(terms: Terms) -> Q:
    """PostgreSQL: the words' condition as an OR of AND-ed arms, one arm per
    choice of text or facet for each group: (A | a) & (B | b) = (A & B) |
    (A & b) | (a & B) | (a & b), each arm with the plain words too. Each arm is
    one scan of the kind's GIN index over (search_vector, facet_tokens), which
    intersects its text and facet keys inside the index; the arms are one
    BitmapOr. Written as the AND of ORs, the planner can intersect only one
    group in the index and rechecks the others on the heap: « wiskunde Spanje »
    on 1.2 M teachers read the 51,000 teachers in Spain to keep 4,557 (190 ms;
    14 ms expanded), and its estimates of each arm are close."""
    arms = Q()
    for choice in itertools.product((True, False), repeat=len(terms.groups)):
        texts = [terms.plain_tsquery] if terms.plain_tsquery else []
        arm = Q()
        for group, by_text in zip(terms.groups, choice, strict=True):
            if not by_text:
                arm &= _facet_condition(group.matches)
            elif group.tsquery:
                texts.append(group.tsquery)
            else:  # the group's words are all stop words: only its facet
                break
        else:
            if texts:
                arm &= Q(search_vector=_tsquery(" & ".join(texts)))
            arms |= arm
    return arms


def _tsquery(tsquery: str) -> SearchQuery:
    # Raw syntax: the stems are parsed already (no phrase operator, so a GIN
    # index answers the query without re-checking every heap row).
    return SearchQuery(tsquery, config="simple", search_type="raw")


def _conditions(query: Query, terms: Terms) -> tuple[Q, dict[str, Q]]:
    """The filters common to every count, and one condition per facet dimension
    (a facet's counts ignore its own dimension, so they say what choosing
    another value would give)."""
    now = timezone.now()
    common = Q(visible=True) & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    if query.text:
        common &= _text_condition(query.text, terms)
    if query.age_min is not None or query.age_max is not None:
        common &= _ages_overlap(query.age_min, query.age_max)
    # The period concerns announcements only: teachers have no project dates.
    if query.start_from is not None:
        common &= Q(start_month__isnull=True) | Q(start_month__gte=query.start_from)
    if query.start_to is not None:
        common &= Q(start_month__isnull=True) | Q(start_month__lte=query.start_to)
    dims: dict[str, Q] = {}
    # With a text, the country and programme go into the GIN lookups with it:
    # as a range of the (kind, country) index they made the planner walk the
    # range hoping to meet the text early, and "school" is rare in Italian or
    # Polish schools although frequent overall. Without, the countries stay a
    # column (counts are index-only range scans), and so does the programme
    # beside them: extended statistics (MCV, migration 0009) tell the planner
    # that a Polish eTwinning+ school does not exist (estimated at 55,000 rows,
    # it walked every teacher to find none). Anywhere else the programme is a
    # token, so GIN intersects it with the subject or language.
    with_text = bool(query.text) and connection.vendor == "postgresql"
    if query.countries and with_text:
        dims["country"] = Q(
            FacetTokens([FACET_COUNTRY + int(c) for c in query.countries], every=False)
        )
    elif query.countries:
        dims["country"] = Q(country_id__in=query.countries)
    if query.programme:
        dims["programme"] = _programme(
            query.programme == "plus", column=bool(query.countries) and not with_text
        )
    if query.subject:
        dims["subject"] = _has_bit(
            "subjects_mask", 1 << query.subject, FACET_SUBJECT + query.subject
        )
    if query.language:
        dims["language"] = _has_bit(
            "languages_mask", 1 << query.language, FACET_LANGUAGE + query.language
        )
    if query.level in LEVELS:
        bit = LEVELS[query.level]
        dims["level"] = _has_bit("levels", bit, FACET_LEVEL + bit)
    return common, dims


def _programme(plus: bool, *, column: bool) -> Q:
    if column or connection.vendor != "postgresql":
        return Q(plus=plus)
    return Q(FacetTokens([FACET_PROGRAMME + int(plus)], every=True))


def _all_but(dims: dict[str, Q], name: str | None) -> Q:
    condition = Q()
    for key, value in dims.items():
        if key != name:
            condition &= value
    return condition


@dataclass(frozen=True)
class Reference:
    subjects: list[Subject]
    languages: list[Language]
    countries: list[Country]


def reference_lists() -> Reference:
    """The facet values (3 small queries)."""
    return Reference(
        subjects=[s for s in Subject.objects.all() if s.pk < 63],
        languages=[lang for lang in Language.objects.all() if lang.pk < 63],
        countries=list(Country.objects.all()),
    )


def _first(queryset):
    """At most PARTNERS_FACET_EXACT_LIMIT + 1 matching rows: counting stops
    there, so a broad search costs the same as a narrow one. Counts above
    the limit are shown as lower bounds ("5 000+")."""
    return queryset.order_by()[: settings.PARTNERS_FACET_EXACT_LIMIT + 1]


FACET_COLUMNS = ("country_id", "plus", "subjects_mask", "languages_mask", "levels")


def _dimension_sql(query: Query) -> dict[str, str]:
    """The facet dimensions as SQL over the facet columns, for the FILTER
    clauses of the counting aggregates (integers and booleans only: nothing
    from the user reaches this SQL as text). Same meaning as ``_conditions``."""
    sql: dict[str, str] = {}
    if query.countries:
        sql["country"] = "country_id IN (" + ", ".join(str(int(c)) for c in query.countries) + ")"
    if query.programme:
        sql["programme"] = "plus" if query.programme == "plus" else "NOT plus"
    if query.subject:
        sql["subject"] = f"(subjects_mask & {1 << int(query.subject)}) <> 0"
    if query.language:
        sql["language"] = f"(languages_mask & {1 << int(query.language)}) <> 0"
    if query.level in LEVELS:
        sql["level"] = f"(levels & {LEVELS[query.level]}) <> 0"
    return sql


def _sql_all_but(dims: dict[str, str], name: str | None, extra: str = "") -> str:
    parts = [value for key, value in dims.items() if key != name]
    if extra:
        parts.append(extra)
    return " AND ".join(parts) or "TRUE"


def _without_country(dims: dict[str, Q], query: Query) -> dict[str, Q]:
    """The dimensions of the country facet's count: without the countries, the
    programme is a token (see ``_conditions``): as a column beside a subject
    token the planner walked every teacher (208 ms) instead of intersecting
    both tokens in the GIN index (54 ms)."""
    if query.programme and "programme" in dims:
        return {**dims, "programme": _programme(query.programme == "plus", column=False)}
    return dims


@dataclass
class Counted:
    """What the counting statement found for one tab."""

    scanned: int  # rows of the text, ages, period and countries read (up to limit + 1)
    total: int  # of those, the rows matching every filter
    facets: dict[str, dict[Any, int]]
    country_scanned: int
    other_total: int  # the other tab's count (up to limit + 1), 0 if not asked
    # The ids of the asked page, in order, from the rows counted (``page_start``
    # is the first row's offset), when those rows hold every match.
    page_ids: list[int]
    page_start: int


def _pairs(joined: str | None) -> list[tuple[str, int]]:
    """ "value:count,value:count" (a grouped aggregate) as pairs."""
    pairs = []
    for pair in (joined or "").split(","):
        if pair:
            value, _colon, n = pair.rpartition(":")
            pairs.append((value, int(n)))
    return pairs


def _per_bit(joined: str | None, rows) -> dict[int, int]:
    """Rows per reference pk, from rows per mask (bit n = pk n)."""
    counts = dict.fromkeys((row.pk for row in rows), 0)
    for mask, n in _pairs(joined):
        bits = int(mask)
        while bits:
            low = bits & -bits
            pk = low.bit_length() - 1
            if pk in counts:
                counts[pk] += n
            bits ^= low
    return counts


def _sort_of(query: Query) -> str:
    return query.sort if query.sort in SORTS else "relevance"


def _sort_columns(ordered) -> tuple[list[str], str]:
    """The columns ``ordered`` (a queryset from ``_ordered``) sorts by, as
    named in its SELECT, and that order as SQL over them."""
    columns = [
        "id" if key.lstrip("-") == "pk" else key.lstrip("-") for key in ordered.query.order_by
    ]
    order = ", ".join(
        f"{column} {'DESC' if key.startswith('-') else 'ASC'}"
        for column, key in zip(columns, ordered.query.order_by, strict=True)
    )
    return columns, order


def _count(
    query: Query,
    common: Q,
    dims: dict[str, Q],
    ref: Reference,
    *,
    user: User,
    profile: Any,
    terms: Terms,
    per_page: int,
    other_kind: str | None,
) -> Counted:
    """One statement for the whole tab: the total and every facet count, the
    other tab's count, and the asked page's ids.

    The rows of the text, ages, period and countries (``counted``: the first
    limit + 1) are read once, into a materialised CTE, and everything is
    computed from them: the facet counts (each ignores its own dimension), the
    total, the tab check, and the page, sorted from the columns read (score,
    full-text rank or dates). Before, the tab check, the facet counts, the
    country counts and the page each read the same rows again: a broad word
    (« mascotte » on the teachers' tab: 21,000 GIN entries, 4,400 heap pages
    for 5,001 rows) cost ~40 ms four times; once, it costs ~37 ms
    (docs/performance.md). With countries chosen, the country facet needs the
    rows of the other countries too: a second CTE (``others``)."""
    postgres = connection.vendor == "postgresql"
    base = SearchEntry.objects.filter(kind=query.kind)
    sql = _dimension_sql(query)
    # With the columns its sort orders by (the best-match score, the full-text rank).
    scope = _ordered(base.filter(common & Q(dims.get("country", Q()))), query, user, profile, terms)
    sort_columns, order = _sort_columns(scope)
    selected = dict.fromkeys([*FACET_COLUMNS, "id", "created_at", "active_at", *sort_columns])
    counted_sql, params = _first(scope).values(*selected).query.sql_with_params()
    ctes = [f"counted AS {'MATERIALIZED ' if postgres else ''}({counted_sql})"]
    params = list(params)
    if query.countries:
        # The country facet counts the rows of every country: its own rows.
        others = base.filter(common & _all_but(_without_country(dims, query), "country"))
        # Only the country: a materialised CTE keeps every column it selects,
        # and the facet columns left it only the (kind, country) index to
        # walk (« programme=plus »: 753,000 teachers of core countries first,
        # 390 ms); the country alone is in the index of the newest (19 ms).
        others_sql, others_params = _first(others).values("country_id").query.sql_with_params()
        ctes.append(f"others AS {'MATERIALIZED ' if postgres else ''}({others_sql})")
        params += others_params
        country_source, country_scope = "others", "TRUE"
    else:
        country_source, country_scope = "counted", _sql_all_but(sql, None)
    if other_kind:
        other = SearchEntry.objects.filter(kind=other_kind).filter(common & _all_but(dims, None))
        other_sql, other_params = _first(other).values("id").query.sql_with_params()
        other_part = f"(SELECT COUNT(*) AS n FROM ({other_sql}) AS other_rows) AS other_tab"  # noqa: S608
        params += other_params
    else:
        other_part = "(SELECT 0 AS n) AS other_tab"
    start = (max(1, min(query.page, MAX_PAGE)) - 1) * per_page

    def joined(key: str, value: str) -> str:
        pair = f"CAST({key} AS TEXT) || ':' || CAST({value} AS TEXT)"
        return f"string_agg({pair}, ',')" if postgres else f"group_concat({pair}, ',')"

    def grouped(name: str, column: str, source: str, where: str) -> str:
        # The number of rows per value of ``column`` as "value:count,...": a
        # mask is a set of subjects or languages, split into them in Python.
        # One GROUP BY per facet instead of one filtered COUNT per subject,
        # language, level and country (~140 over 5,001 rows: ~20 ms).
        return (
            f"(SELECT {joined('k', 'n')} AS pairs FROM (SELECT {column} AS k, COUNT(*) AS n "  # noqa: S608
            f"FROM {source} WHERE {where} GROUP BY {column}) AS g) AS {name}"
        )

    everything = _sql_all_but(sql, None)
    parts = [
        f"(SELECT COUNT(*) AS scanned, COUNT(*) FILTER (WHERE {everything}) AS total "  # noqa: S608
        f"FROM counted) AS totals",
        grouped("subjects", "subjects_mask", "counted", _sql_all_but(sql, "subject")),
        grouped("languages", "languages_mask", "counted", _sql_all_but(sql, "language")),
        grouped("levels", "levels", "counted", _sql_all_but(sql, "level")),
        grouped("programmes", "plus", "counted", _sql_all_but(sql, "programme")),
        grouped("countries", "country_id", country_source, country_scope),
        other_part,
        # The asked page's ids as "row number:id,...", from the counted rows.
        f"(SELECT {joined('rn', 'id')} AS ids FROM (SELECT id, "  # noqa: S608
        f"ROW_NUMBER() OVER (ORDER BY {order}) AS rn FROM counted WHERE {everything}) AS ranked "
        f"WHERE rn > {int(start)} AND rn <= {int(start + per_page)}) AS page",
    ]
    # The ORM's SQL and parameters; integers and column names added.
    statement = (
        f"WITH {', '.join(ctes)} "  # noqa: S608
        "SELECT totals.scanned, totals.total, subjects.pairs, languages.pairs, levels.pairs, "
        "programmes.pairs, countries.pairs, other_tab.n, page.ids FROM " + ", ".join(parts)
    )
    with connections[SearchEntry.objects.all().db].cursor() as cursor:
        cursor.execute(statement, params)
        scanned, total, subjects, languages, levels, programmes, countries, other_total, ids = (
            cursor.fetchone()
        )
    by_level = dict.fromkeys(LEVELS, 0)
    for value, n in _pairs(levels):
        for name, bit in LEVELS.items():
            if int(value) & bit:
                by_level[name] += n
    by_programme = {"core": 0, "plus": 0}
    for value, n in _pairs(programmes):
        by_programme["plus" if value in ("1", "true") else "core"] += n
    by_country = {int(value): n for value, n in _pairs(countries)}
    facets = {
        "subject": _per_bit(subjects, ref.subjects),
        "language": _per_bit(languages, ref.languages),
        "level": by_level,
        "programme": by_programme,
        "country": {c.pk: by_country[c.pk] for c in ref.countries if by_country.get(c.pk)},
    }
    ranked = sorted((int(rn), int(pk)) for rn, pk in _pairs(ids))
    return Counted(
        scanned=scanned,
        total=total,
        facets=facets,
        country_scanned=sum(by_country.values()),
        other_total=int(other_total or 0),
        page_ids=[pk for _rn, pk in ranked],
        page_start=start,
    )


def search(query: Query, *, user: User, per_page: int = PER_PAGE) -> Result:
    ref = reference_lists()
    return search_with(query, user=user, ref=ref, per_page=per_page)


def search_with(query: Query, *, user: User, ref: Reference, per_page: int = PER_PAGE) -> Result:
    # Loaded for every sort, so that a page costs the same queries whatever
    # the options (the "best match" sort uses it).
    profile = profile_of(user)
    terms = text_terms(query.text, _vocabulary(ref) if query.text else None)
    common, dims = _conditions(query, terms)
    asked = query.kind
    other_kind = _other(query.kind)

    # ``other_kind``: the tab also counted in the same statement (None: counts 0).
    def count(query: Query, other_kind: str | None) -> Counted:
        return _count(
            query,
            common,
            dims,
            ref,
            user=user,
            profile=profile,
            terms=terms,
            per_page=per_page,
            other_kind=other_kind,
        )

    counted = count(query, other_kind)
    limit = settings.PARTNERS_FACET_EXACT_LIMIT
    # A text search opens on the tab that has results: a name typed on the
    # announcements tab finds the teacher (unless that tab was picked with
    # its link). The asked tab has a match unless every row of its text was
    # counted and none passed the filters; then one more statement counts
    # the other tab.
    may_switch = bool(query.text) and not query.kind_pinned
    has_any = counted.total > 0 or counted.scanned > limit
    if may_switch and not has_any and counted.other_total:
        query = replace(query, kind=other_kind)
        counted = count(query, None)
    # When more rows than the limit match the text and countries, the total
    # and facet counts are lower bounds (counted over the first limit + 1).
    total = counted.total
    broad = counted.scanned > limit
    capped = broad or counted.country_scanned > limit
    num_pages = max(1, min(MAX_PAGE, math.ceil(total / per_page)))
    number = min(max(1, query.page), num_pages)
    start = (number - 1) * per_page
    sort = _sort_of(query)
    ranked_sample = broad and (sort == "match" or (sort == "relevance" and bool(query.text)))
    # The counted rows hold the page when they hold every match, or when a
    # broad text's relevance or best match ranks a sample of them and no
    # filter beyond the countries narrows them (their first limit + 1 are
    # the sample).
    narrowed = any(name != "country" for name in dims)
    from_counted = (not broad or (ranked_sample and query.text and not narrowed)) and (
        start == counted.page_start
    )
    if from_counted:
        page_ids: Any = counted.page_ids
    else:
        page_ids = _page_ids(
            SearchEntry.objects.filter(kind=query.kind).filter(common & _all_but(dims, None)),
            query,
            user=user,
            profile=profile,
            terms=terms,
            sample=ranked_sample,
            broad=broad,
            start=start,
            per_page=per_page,
        )
    rows = (
        SearchEntry.objects.filter(pk__in=page_ids)
        .select_related("country")
        .defer("search_text", "search_vector")
    )
    if from_counted:
        # In the order the counting statement gave: the sort's expression (the
        # best-match score, the rank) is not compiled and computed again.
        position = {pk: i for i, pk in enumerate(page_ids)}
        entries = sorted(rows, key=lambda entry: position[entry.pk])
    else:
        entries = list(_ordered(rows, query, user, profile, terms))
    other_total = counted.other_total
    # Counting stopped at limit + 1 rows: "more than <limit>", never "more than 5 001".
    return Result(
        query=query,
        entries=entries,
        total=min(total, limit) if capped else total,
        other_total=min(other_total, limit),
        capped=capped,
        facets_capped=capped,
        other_capped=other_total > limit,
        page=Page(
            number=number,
            num_pages=num_pages,
            total=total,
            truncated=capped or total > num_pages * per_page,
        ),
        facets=counted.facets,
        ranked_sample=ranked_sample,
        facet_matches=terms.facet_matches,
        switched_from=asked if query.kind != asked else "",
    )


def _page_ids(
    matching,
    query: Query,
    *,
    user: User,
    profile: Any,
    terms: Terms,
    sample: bool,
    broad: bool,
    start: int,
    per_page: int,
):
    """The page's ids as a sub-query of the statement reading its rows, when
    the counted rows do not hold it: "newest" over a broad text (exact over
    every match), a sample narrowed by filters, a page beyond the last."""
    limit = settings.PARTNERS_FACET_EXACT_LIMIT
    if sample:
        # A broad search (more matches than the count limit): ranking every
        # match would read every matching row (860,000 visible teachers at
        # eTwinning scale: 0.3-0.7 s a page). Relevance and best match then rank
        # a sample of limit + 1 matches, and the page says so and invites to
        # narrow the search; "newest" stays exact over all matches. With a text,
        # the first matches found; without, the most recently active ones, as
        # the dashboard's suggestions do (a dormant account is a poor partner).
        pool = matching if query.text else matching.order_by("-active_at", "-pk")
        return _best_of_sample(
            pool[: limit + 1], _ordered(matching, query, user, profile, terms), start, per_page
        )
    ordered = _ordered(matching, query, user, profile, terms, walk=False)
    page = ordered.values("pk")[start : start + per_page]
    if broad and query.text and _sort_of(query) == "newest" and connection.vendor == "postgresql":
        return _newest_walked(matching, page, query.kind, start, per_page)
    return page


def _over_newest(queryset, kind: str, rows: int) -> tuple[str, tuple]:
    """The SQL of ``queryset`` (over the search index, no join) read from the
    tab's ``rows`` newest rows only, in their order: its table replaced by a
    sub-query under the table's name, so that its conditions apply as compiled.
    The sub-query walks the partial ordering index (kind, created_at DESC,
    id DESC) WHERE visible. Raw SQL: the ORM does not select from a sub-query."""
    table = connection.ops.quote_name(SearchEntry._meta.db_table)
    sql, params = queryset.query.sql_with_params()
    source = f"FROM {table} "
    head, found, tail = sql.partition(source)
    if not found or source in tail:
        raise ValueError(f"Unexpected statement to read from the newest rows: {sql}")
    newest = (
        f"FROM (SELECT * FROM {table} WHERE kind = %s AND visible "  # noqa: S608
        f"ORDER BY created_at DESC, id DESC LIMIT %s) AS {table} "
    )
    before = head.count("%s")
    return head + newest + tail, (*params[:before], kind, int(rows), *params[before:])


def _newest_walked(matching, every_match, kind: str, start: int, per_page: int) -> RawSQL:
    """The ids of a "newest" page over a broad text: walked, when the tab's
    newest rows hold it, else sorted from every match; exact either way.

    Sorting every match reads every matching row (« school » on the teachers'
    tab with a level: 190,000 rows, 260 ms), and the page is often among the
    first few thousand rows of the ordering index (4 ms for page 30 of that
    search). But a walk may also read the whole tab when the matches are rare
    among its newest rows (« culinaire » on the teachers' tab: 863,000 rows,
    5-7 s). So, in one statement:

    - ``probe`` counts the matches among the tab's NEWEST_PROBE_ROWS newest
      rows (~1.5 ms);
    - when, at that density (less two standard deviations), the page's rows
      are within the NEWEST_WALK_ROWS newest, ``walked`` walks at most that
      many for them. Any match among them comes before every older match: if
      they hold the page's rows, those are the page;
    - otherwise ``every_match`` (the page sorted from every match, a sliced
      queryset) runs. Each part is gated by a CASE over the counts before it,
      so a part not needed is not executed.

    The ORM's SQL and parameters; integers added."""
    needed = start + per_page
    walk_sql, walk_params = _over_newest(
        matching.order_by("-created_at", "-pk").values("id", "created_at")[:needed],
        kind,
        NEWEST_WALK_ROWS,
    )
    probe_sql, probe_params = _over_newest(matching.values("id"), kind, NEWEST_PROBE_ROWS)
    sorted_sql, sorted_params = every_match.query.sql_with_params()
    # The page's rows within the walk's rows, at the probe's density less two
    # standard deviations of its count (a count of n has ~sqrt(n)): one match
    # in the probe promises nothing.
    promising = (
        f"(SELECT n - 2 * SQRT(n) FROM probe) * {int(NEWEST_WALK_ROWS)} "  # noqa: S608
        f">= {int(needed * NEWEST_PROBE_ROWS)}"
    )
    return RawSQL(  # noqa: S611 (the ORM's SQL and parameters, integers added)
        f"WITH probe AS MATERIALIZED (SELECT COUNT(*) AS n FROM ({probe_sql}) AS p), "  # noqa: S608
        f"walked AS MATERIALIZED ({walk_sql}) "
        f"SELECT page.id FROM (SELECT id, created_at FROM walked "
        f"ORDER BY created_at DESC, id DESC OFFSET {int(start)}) AS page "
        f"WHERE CASE WHEN {promising} THEN (SELECT COUNT(*) FROM walked) = {int(needed)} "
        "ELSE FALSE END "
        # Qualified: an unknown name here would be the outer statement's column.
        f"UNION ALL SELECT every_match.pk FROM ({sorted_sql}) AS every_match "
        f"WHERE CASE WHEN {promising} THEN (SELECT COUNT(*) FROM walked) < {int(needed)} "
        "ELSE TRUE END",
        (*probe_params, *walk_params, *sorted_params),
    )


def _other(kind: str) -> str:
    return EntryKind.TEACHER if kind == EntryKind.ANNOUNCEMENT else EntryKind.ANNOUNCEMENT


# The vocabularies built, by the reference names they were built from: folding
# ~700 names took ~7 ms a search; the names change only when staff edit them.
_VOCABULARIES: dict[tuple, Vocabulary] = {}


def _vocabulary(ref: Reference) -> Vocabulary:
    codes = [code for code, _name in settings.LANGUAGES]
    key = tuple(
        (kind, row.pk, *(getattr(row, f"name_{code}", None) for code in codes))
        for kind, rows in (("s", ref.subjects), ("l", ref.languages), ("c", ref.countries))
        for row in rows
    )
    vocabulary = _VOCABULARIES.get(key)
    if vocabulary is None:
        if len(_VOCABULARIES) >= 4:
            _VOCABULARIES.clear()
        vocabulary = _VOCABULARIES[key] = Vocabulary(
            subjects=ref.subjects, languages=ref.languages, countries=ref.countries
        )
    return vocabulary


def _best_of_sample(sample, ordered, start: int, count: int) -> RawSQL:
    """The ids of one page of ``sample`` (a sliced queryset) in the order of
    ``ordered`` (the same rows annotated and ordered for the sort): one pass
    over the sample computes the score or rank, then a sort of the sample,
    rather than the sample's ids joined back to the table to be scored. A
    sub-query in FROM, which the ORM does not write; ``sql`` is its own
    compiled, parameterised statement."""
    annotations = {name: ordered.query.annotations[name] for name in ordered.query.annotations}
    columns, order = _sort_columns(ordered)
    scored = sample.annotate(**annotations).values(*dict.fromkeys(["id", *columns]))
    sql, params = scored.query.sql_with_params()
    return RawSQL(  # noqa: S611 (the ORM's SQL and parameters, integers added)
        f"SELECT pool.id FROM ({sql}) AS pool ORDER BY {order} LIMIT %s OFFSET %s",  # noqa: S608
        (*params, count, start),
    )


def _ordered(rows, query: Query, user: User, profile: Any, terms: Terms, *, walk: bool = True):
    sort = _sort_of(query)
    if sort == "match":
        return rows.annotate(score=match_score_expression(user, profile)).order_by(
            "-score", "-active_at", "-pk"
        )
    if sort == "relevance" and query.text and connection.vendor == "postgresql":
        return rows.annotate(rank=SearchRank(F("search_vector"), _tsquery(terms.tsquery))).order_by(
            "-rank", "-created_at", "-pk"
        )
    if query.text and not walk and connection.vendor == "postgresql":
        # Newest text matches: sorted after the GIN match, not by walking the
        # ordering index. The planner's text statistics cover both kinds
        # together: a word frequent in announcements ("culinaire") but absent
        # from teachers' profiles made it walk all 863,000 teachers (5-7 s)
        # hoping to meet 20 early. An expression the index does not hold.
        created = ExpressionWrapper(
            F("created_at") + Value(timedelta(0)), output_field=DateTimeField()
        )
        return rows.annotate(created=created).order_by("-created", "-pk")
    return rows.order_by("-created_at", "-pk")
