"""What keeps a search page cheap at eTwinning scale (issue 13), as behaviour:
pages stop at a cap and say so, "best match" without text ranks a bounded pool
of the most recently active matches, the facet tokens PostgreSQL generates
agree with the masks, and misspelled content words are corrected."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Country
from partners import search
from partners.models import EntryKind, SearchEntry, SearchWord
from partners.search_index import facet_tokens, fold
from partners.tests.factories import languages, publish, subjects, teacher_in

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's generated column and pg_trgm"
)


def _run(user, **kwargs):
    return search.search(search.Query(**kwargs), user=user)


def _titles(result) -> set[str]:
    return {e.title for e in result.entries}


@pytest.fixture
def me():
    return teacher_in("be-fwb", first_name="Moi", last_name="Même")


@pytest.fixture
def many_announcements(settings):
    settings.PARTNERS_ANNOUNCEMENTS_PER_DAY = 100

    def make(count: int, **overrides):
        author = teacher_in("pt")
        return [publish(author, title=f"Annonce {n}", **overrides) for n in range(count)]

    return make


def test_pages_stop_at_the_cap_even_when_a_later_page_is_asked(me, monkeypatch, many_announcements):
    monkeypatch.setattr(search, "MAX_PAGE", 2)
    many_announcements(5)
    result = search.search(search.Query(page=99), user=me, per_page=2)
    assert (result.page.number, result.page.num_pages) == (2, 2)
    assert result.page.truncated and result.page.is_last_of_truncated
    assert len(result.entries) == 2
    first = search.search(search.Query(page=1), user=me, per_page=2)
    assert first.page.truncated and not first.page.is_last_of_truncated


def test_a_search_within_the_cap_is_not_truncated(me, many_announcements):
    many_announcements(3)
    result = _run(me)
    assert result.total == 3
    assert not result.page.truncated and not result.page.is_last_of_truncated


def test_the_last_page_of_a_capped_list_invites_to_refine(
    me, client, monkeypatch, many_announcements
):
    monkeypatch.setattr(search, "MAX_PAGE", 1)
    many_announcements(search.PER_PAGE + 1)
    client.force_login(me)
    page = client.get(reverse("partners:search"), {"page": 5}).content.decode()
    assert 'data-testid="page-cap"' in page
    assert "La liste s'arrête à cette page" in page
    monkeypatch.setattr(search, "MAX_PAGE", 2)
    page = client.get(reverse("partners:search"), {"page": 1}).content.decode()
    assert 'data-testid="page-cap"' not in page


def _teacher_active(days_ago: int, service_code: str = "pt", **kwargs):
    teacher = teacher_in(service_code, **kwargs)
    SearchEntry.objects.filter(teacher=teacher).update(
        active_at=timezone.now() - timedelta(days=days_ago)
    )
    return teacher


def test_best_match_without_text_over_a_broad_search_ranks_the_most_recently_active(me, settings):
    settings.PARTNERS_FACET_EXACT_LIMIT = 10
    # The best possible partner, but dormant for a year: outside the pool of the
    # limit + 1 most recently active teachers.
    dormant = _teacher_active(365, first_name="Dormant", language_codes=("fr",))
    strong = _teacher_active(1, first_name="Strong", language_codes=("fr",))
    for n in range(12):
        _teacher_active(2 + n, first_name=f"Weak{n}", subject_codes=("arts",), language_codes=())
    result = _run(me, kind=EntryKind.TEACHER, sort="match")
    assert result.capped and result.ranked_sample
    # Me (active now) and Strong share everything with me; then the weak ones.
    assert [e.teacher_id for e in result.entries[:2]] == [me.pk, strong.pk]
    assert len(result.entries) == settings.PARTNERS_FACET_EXACT_LIMIT + 1
    assert dormant.pk not in {e.teacher_id for e in result.entries}


def test_best_match_of_a_narrow_search_ranks_every_match(me, settings):
    settings.PARTNERS_FACET_EXACT_LIMIT = 10
    dormant = _teacher_active(365, "ge", first_name="Dormant", language_codes=("fr",))
    for n in range(3):
        _teacher_active(2 + n, "ge", first_name=f"Weak{n}", subject_codes=("arts",))
    for n in range(12):
        _teacher_active(2 + n, first_name=f"Elsewhere{n}")
    georgia = Country.objects.get(code="GE")
    result = _run(me, kind=EntryKind.TEACHER, sort="match", countries=(georgia.pk,))
    assert not result.ranked_sample
    assert result.total == 4
    assert result.entries[0].teacher_id == dormant.pk


def test_the_page_says_when_only_a_sample_is_ranked(me, client, settings):
    settings.PARTNERS_FACET_EXACT_LIMIT = 10
    for n in range(12):
        _teacher_active(n, first_name=f"T{n}")
    client.force_login(me)
    url = reverse("partners:search")
    broad = client.get(url, {"kind": "teacher", "sort": "match"}).content.decode()
    assert 'data-testid="ranked-sample"' in broad
    newest = client.get(url, {"kind": "teacher", "sort": "newest"}).content.decode()
    assert 'data-testid="ranked-sample"' not in newest


@on_postgresql
def test_facet_tokens_generated_by_postgresql_agree_with_the_masks(me):
    publish(
        teacher_in("ge", primary=False, secondary=True),
        subjects=subjects("arts", "music"),
        languages=languages("en", "de"),
        age_min=12,
        age_max=15,
    )
    entries = list(SearchEntry.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, facet_tokens FROM partners_searchentry")
        stored = {pk: sorted(tokens) for pk, tokens in cursor.fetchall()}
    assert len(entries) == 3
    for entry in entries:
        assert stored[entry.pk] == facet_tokens(entry)


@on_postgresql
def test_a_misspelled_or_unaccented_content_word_still_finds_the_announcement(me):
    publish(teacher_in("pt"), title="Défis de mathématiques", idea="Des énigmes chaque mois.")
    # Not tagged mathematics: « mathematiqes » also names that subject (issue 15).
    publish(
        teacher_in("pt"),
        title="Art nouveau",
        idea="Façades de nos villes.",
        subjects=subjects("arts"),
    )
    for text in ("mathematiqes", "mathematiques", "enigmes", "mathematiqes enigmes"):
        assert {e.title for e in _run(me, text=text).entries} == {"Défis de mathématiques"}, text


@on_postgresql
def test_the_lexicon_holds_every_indexed_word_with_its_accent_free_form(me):
    teacher_in("pt", first_name="Zoé", last_name="Lambert", city="Liège", school_name="Lycée")
    words = dict(SearchWord.objects.values_list("word", "folded"))
    for word in ("zoé", "lambert", "liège", "lycée"):
        assert words[word] == fold(word)
    assert fold("mathématiques") == "mathematiques"


@on_postgresql
def test_a_word_of_the_lexicon_costs_no_trigram_lookup(me):
    publish(teacher_in("pt"), title="Voyage de la mascotte")
    assert search.typo_alternatives("mascotte voyage") == {}
    assert search.typo_alternatives("mascote") == {"mascote": ["mascotte"]}


@on_postgresql
def test_the_lexicon_trigram_index_has_no_pending_list():
    # A GIN pending list is scanned whole by every lookup (10-35 ms with 13,000
    # words pending, 0.1 ms without, on the bench): inserts go straight in.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = 'partners_searchword_folded_trgm'"
        )
        assert "fastupdate=off" in cursor.fetchone()[0]


@on_postgresql
def test_the_text_query_holds_each_stem_once_and_leaves_stop_words_out(me):
    # The five parsed queries OR-ed repeated "mascott" five times, and the
    # planner took it for five independent words (a tenfold estimate).
    terms = search.text_terms("the mascotte")
    assert terms.tsquery == "('mascot' | 'mascott' | 'mascotte')"
    publish(teacher_in("pt"), title="Voyage de la mascotte")
    assert {e.title for e in _run(me, text="the mascotte").entries} == {"Voyage de la mascotte"}


def test_the_programme_filter_gives_the_same_rows_with_or_without_countries(me):
    # A column beside the countries (extended statistics), a token elsewhere.
    publish(teacher_in("pt"), title="core PT")
    publish(teacher_in("ge"), title="plus GE")
    pt, ge = (Country.objects.get(code=code) for code in ("PT", "GE"))
    assert _titles(_run(me, programme="plus")) == {"plus GE"}
    assert _titles(_run(me, programme="plus", countries=(pt.pk, ge.pk))) == {"plus GE"}
    assert _titles(_run(me, programme="core", countries=(ge.pk,))) == set()
    with_text = _run(me, programme="plus", countries=(pt.pk, ge.pk), text="énigmes")
    assert _titles(with_text) == {"plus GE"}
    result = _run(me, programme="plus", countries=(pt.pk,))
    # The country facet ignores the country filter, not the programme one.
    assert result.facets["country"] == {ge.pk: 1}
