"""Query words that name a facet value, in any of the four interface languages.

The reference lists (subjects, languages, countries) are named in French,
Dutch, German and English (modeltranslation: ``name_fr`` … ``name_en``). A
Dutch teacher who types « wiskunde » means the subject the French announcements
call « Mathématiques »: such a word matches the rows that carry that facet as
well as the rows whose text holds it, and the results page says so
(« wiskunde → Mathématiques », in the reader's language).

Pure Python over the reference rows the search page loads anyway: no query.
A word matches, in this order of preference:
1. a whole name (one word, or several in a row: « Pays-Bas », « langues
   modernes »), accents and case ignored;
2. a distinctive word of a name (6+ letters, in one facet's names only, not a
   generic word such as « éducation » or « onderwijs »);
3. with one letter wrong, missing or extra (words of 6+ letters), a whole
   one-word name or a distinctive word, when nothing above matched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings

from partners.search_index import WORD, fold

SUBJECT = "subject"
LANGUAGE = "language"
COUNTRY = "country"

# Words too general to stand for one subject (they occur in many names, or
# name a kind of education rather than a subject).
GENERIC = frozenset(
    {
        "education",
        "educacion",
        "enseignement",
        "onderwijs",
        "opvoeding",
        "vorming",
        "bildung",
        "erziehung",
        "formation",
        "training",
        "langues",
        "langue",
        "talen",
        "sprachen",
        "languages",
        "language",
        "sciences",
    }
)
DISTINCTIVE_MIN_LENGTH = 6
FUZZY_MIN_LENGTH = 6


@dataclass(frozen=True)
class FacetMatch:
    """Query words (as typed, lower case) naming facet values of one kind."""

    words: tuple[str, ...]
    kind: str  # SUBJECT, LANGUAGE or COUNTRY
    pks: tuple[int, ...]


def _folded_words(text: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in WORD.findall(text.lower()))


def within_one_edit(a: str, b: str) -> bool:
    """True if ``a`` and ``b`` differ by at most one letter replaced, missing
    or added."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


class Vocabulary:
    """The facet names of the reference lists in every interface language."""

    def __init__(self, *, subjects: Iterable, languages: Iterable, countries: Iterable) -> None:
        codes = [code for code, _name in settings.LANGUAGES]
        # folded name (tuple of words) -> {(kind, pk)}
        self.names: dict[tuple[str, ...], set[tuple[str, int]]] = defaultdict(set)
        word_owners: dict[str, set[tuple[str, int]]] = defaultdict(set)
        for kind, rows in ((SUBJECT, subjects), (LANGUAGE, languages), (COUNTRY, countries)):
            for row in rows:
                for code in codes:
                    name = getattr(row, f"name_{code}", None) or ""
                    words = _folded_words(name)
                    if not words:
                        continue
                    self.names[words].add((kind, row.pk))
                    for word in words:
                        word_owners[word].add((kind, row.pk))
        self.distinctive = {
            word: next(iter(owners))
            for word, owners in word_owners.items()
            if len(owners) == 1 and len(word) >= DISTINCTIVE_MIN_LENGTH and word not in GENERIC
        }
        self.longest = max((len(words) for words in self.names), default=1)
        # Candidates of the one-edit tolerance: one-word names and distinctive words.
        self._fuzzy: dict[str, set[tuple[str, int]]] = defaultdict(set)
        for words, owners in self.names.items():
            if len(words) == 1 and len(words[0]) >= FUZZY_MIN_LENGTH - 1:
                self._fuzzy[words[0]] |= owners
        for word, owner in self.distinctive.items():
            self._fuzzy[word].add(owner)

    def _one_word(self, word: str) -> set[tuple[str, int]]:
        exact = self.names.get((word,))
        if exact:
            return set(exact)
        if word in self.distinctive:
            return {self.distinctive[word]}
        if len(word) < FUZZY_MIN_LENGTH:
            return set()
        found: set[tuple[str, int]] = set()
        for candidate, owners in self._fuzzy.items():
            if within_one_edit(word, candidate):
                found |= owners
        return found

    def match(self, words: Sequence[str]) -> list[FacetMatch]:
        """The facet matches of the query words (in the order typed)."""
        folded = [fold(w) for w in words]
        matches: list[FacetMatch] = []
        i = 0
        while i < len(words):
            owners: set[tuple[str, int]] = set()
            length = 1
            for size in range(min(self.longest, len(words) - i), 1, -1):
                owners = set(self.names.get(tuple(folded[i : i + size]), ()))
                if owners:
                    length = size
                    break
            if not owners:
                owners = self._one_word(folded[i])
            if owners:
                typed = tuple(words[i : i + length])
                for kind in (SUBJECT, LANGUAGE, COUNTRY):
                    pks = tuple(sorted(pk for k, pk in owners if k == kind))
                    if pks:
                        matches.append(FacetMatch(words=typed, kind=kind, pks=pks))
            i += length
        return matches


def query_words(text: str) -> list[str]:
    """The words of a query as the search splits them (lower case, in order)."""
    return WORD.findall(text.lower())
