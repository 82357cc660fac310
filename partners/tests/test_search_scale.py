"""What keeps a search page cheap at eTwinning scale (issue 13), as behaviour:
pages stop at a cap and say so, "best match" without text ranks a bounded pool
of the most recently active matches, the facet tokens PostgreSQL generates
agree with the masks, and misspelled content words are corrected."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Country, Subject
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


def _newest_fixture(settings) -> list[int]:
    """27 « robots » announcements among 20 others, their dates shuffled
    against their ids; two in three in arts (the filter: not in the rows read
    to count, so « robots » is broad). Returns the ids of the « robots » in
    arts, newest first, by hand."""
    settings.PARTNERS_FACET_EXACT_LIMIT = 10
    settings.PARTNERS_ANNOUNCEMENTS_PER_DAY = 100
    author = teacher_in("pt")
    now = timezone.now()
    for n in range(47):
        robots = n < 27
        announcement = publish(
            author,
            title=f"Robots {n}" if robots else f"Herbier {n}",
            idea="Construire des robots." if robots else "Un herbier partagé.",
            subjects=subjects("arts" if robots and n % 3 else "mathematics"),
        )
        # Dates not in the order of the ids: (n * 17) % 47 days ago.
        SearchEntry.objects.filter(announcement=announcement).update(
            created_at=now - timedelta(days=(n * 17) % 47)
        )
    rows = SearchEntry.objects.filter(
        kind=EntryKind.ANNOUNCEMENT,
        title__startswith="Robots",
        announcement__subjects__code="arts",
    ).order_by("-created_at", "-pk")
    return [row.announcement_id for row in rows]


@on_postgresql
@pytest.mark.parametrize(
    ("probe_rows", "walk_rows"),
    [
        (1000, 1000),  # the walk holds every page
        (1000, 12),  # the walk holds the first pages only: the others are sorted
        (1000, 1),  # the walk never holds a page: sorted
        (1, 1000),  # the probe promises nothing: sorted without walking
    ],
)
def test_newest_over_a_broad_text_is_exact_walked_or_sorted(
    me, settings, monkeypatch, probe_rows, walk_rows
):
    expected = _newest_fixture(settings)
    assert len(expected) == 18
    monkeypatch.setattr(search, "NEWEST_PROBE_ROWS", probe_rows)
    monkeypatch.setattr(search, "NEWEST_WALK_ROWS", walk_rows)
    arts = Subject.objects.get(code="arts").pk
    pages = []
    for page in (1, 2, 3, 4):
        result = search.search(
            search.Query(text="robots", sort="newest", subject=arts, page=page),
            user=me,
            per_page=2,
        )
        assert result.capped  # broad: more « robots » than the count limit
        pages.append([entry.announcement_id for entry in result.entries])
    assert pages == [expected[0:2], expected[2:4], expected[4:6], expected[6:8]]


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


@on_postgresql
@pytest.mark.parametrize(("probe_rows", "walked"), [(1000, True), (1, False)])
def test_newest_over_a_broad_text_runs_only_the_part_it_needs(
    me, settings, monkeypatch, probe_rows, walked
):
    """The statement holds the probe, the walk and the sort of every match; a
    part not needed never runs (the sort of every match is what costs 260 ms
    for « school » on the teachers' tab at eTwinning scale)."""
    from django.test.utils import CaptureQueriesContext

    _newest_fixture(settings)
    monkeypatch.setattr(search, "NEWEST_PROBE_ROWS", probe_rows)
    arts = Subject.objects.get(code="arts").pk
    query = search.Query(text="robots", sort="newest", subject=arts)
    with CaptureQueriesContext(connection) as captured:
        search.search(query, user=me, per_page=2)
    (statement,) = [q["sql"] for q in captured if "walked AS MATERIALIZED" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + statement)
        (plan,) = cursor.fetchone()[0]
    nodes = list(_nodes(plan["Plan"]))
    ran = {n["Subplan Name"]: n["Actual Loops"] > 0 for n in nodes if "Subplan Name" in n}
    assert ran["CTE probe"]
    assert ran["CTE walked"] is walked
    # The two parts of the UNION ALL, each under its gate: the walked page,
    # then the page sorted from every match.
    (append,) = [n for n in nodes if n["Node Type"] == "Append"]
    walk_part, sort_part = [n for n in append["Plans"] if n.get("Parent Relationship") == "Member"]
    assert all(
        (child["Actual Loops"] > 0) is walked
        for child in walk_part["Plans"]
        if child.get("Parent Relationship") == "Outer"
    )
    assert all(
        (child["Actual Loops"] > 0) is not walked
        for child in sort_part["Plans"]
        if child.get("Parent Relationship") == "Outer"
    )
