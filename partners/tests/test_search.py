"""Search correctness on constructed data, on SQLite and on PostgreSQL."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Country, Language, Subject
from partners import search
from partners.models import Announcement, EntryKind
from partners.search_index import teacher_reindex
from partners.tests.factories import countries, languages, next_month, publish, subjects, teacher_in

pytestmark = pytest.mark.django_db


def _titles(result) -> set[str]:
    return {e.title for e in result.entries}


def _run(user, **kwargs):
    return search.search(search.Query(**kwargs), user=user)


@pytest.fixture
def me():
    return teacher_in("be-fwb", first_name="Moi", last_name="Même")


def test_it_finds_open_announcements_by_free_text_in_title_and_idea(me):
    author = teacher_in("pt", city="Lisboa")
    publish(author, title="Voyage de la mascotte", idea="Une mascotte visite les classes.")
    publish(author, title="Art nouveau", idea="Façades de Bruxelles.")
    assert _titles(_run(me, text="mascotte")) == {"Voyage de la mascotte"}
    assert _titles(_run(me, text="façades")) == {"Art nouveau"}


def test_stemming_mathematiques_finds_mathematique(me):
    author = teacher_in("pt")
    publish(author, title="Un défi de mathématique", idea="Une énigme chaque mois.")
    assert _titles(_run(me, text="mathématiques")) == {"Un défi de mathématique"}


def test_it_searches_school_and_city(me):
    author = teacher_in("pt", city="Lisboa", school_name="Escola Básica de Alvalade")
    publish(author, title="Tram puzzles")
    assert _titles(_run(me, text="Alvalade")) == {"Tram puzzles"}
    assert _titles(_run(me, text="lisboa")) == {"Tram puzzles"}


def test_country_filter_accepts_several_countries(me):
    publish(teacher_in("pt"), title="PT")
    publish(teacher_in("ge"), title="GE")
    publish(teacher_in("dk"), title="DK")
    pt, ge = (Country.objects.get(code=code) for code in ("PT", "GE"))
    assert _titles(_run(me, countries=(pt.pk, ge.pk))) == {"PT", "GE"}


def test_programme_filter_separates_core_and_plus_countries(me):
    publish(teacher_in("pt"), title="core")
    publish(teacher_in("ge"), title="plus")
    assert _titles(_run(me, programme="plus")) == {"plus"}
    assert _titles(_run(me, programme="core")) == {"core"}


def test_subject_and_language_filters(me):
    author = teacher_in("pt")
    publish(author, title="maths-en", subjects=subjects("mathematics"), languages=languages("en"))
    publish(author, title="arts-fr", subjects=subjects("arts"), languages=languages("fr"))
    maths = Subject.objects.get(code="mathematics")
    french = Language.objects.get(code="fr")
    assert _titles(_run(me, subject=maths.pk)) == {"maths-en"}
    assert _titles(_run(me, language=french.pk)) == {"arts-fr"}
    assert _titles(_run(me, subject=maths.pk, language=french.pk)) == set()


def test_age_filter_keeps_overlapping_ranges(me):
    author = teacher_in("pt")
    publish(author, title="6-8", age_min=6, age_max=8)
    publish(author, title="9-11", age_min=9, age_max=11)
    publish(author, title="12-15", age_min=12, age_max=15)
    assert _titles(_run(me, age_min=8, age_max=9)) == {"6-8", "9-11"}
    assert _titles(_run(me, age_min=15)) == {"12-15"}
    assert _titles(_run(me, age_max=5)) == set()


def test_school_level_filter(me):
    publish(teacher_in("pt", primary=True), title="primary")
    publish(teacher_in("dk", primary=False, secondary=True), title="secondary")
    assert _titles(_run(me, level="secondary")) == {"secondary"}


def test_period_filter_on_start_month(me):
    author = teacher_in("pt")
    publish(author, title="soon", start_month=next_month(1))
    publish(author, title="later", start_month=next_month(5))
    assert _titles(_run(me, start_from=next_month(3))) == {"later"}
    assert _titles(_run(me, start_to=next_month(2))) == {"soon"}


def test_filters_combine(me):
    pt = countries("PT")[0]
    maths = Subject.objects.get(code="mathematics")
    publish(teacher_in("pt"), title="match", age_min=9, age_max=10)
    publish(teacher_in("pt"), title="too old", age_min=15, age_max=18)
    publish(teacher_in("dk"), title="wrong country", age_min=9, age_max=10)
    publish(teacher_in("pt"), title="wrong subject", subjects=subjects("arts"))
    result = _run(me, countries=(pt.pk,), subject=maths.pk, age_min=10, age_max=10, text="énigmes")
    assert _titles(result) == {"match"}
    assert result.total == 1


def test_expired_and_closed_announcements_are_not_found(me):
    author = teacher_in("pt")
    expired = publish(author, title="expired")
    Announcement.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
    from partners.search_index import announcement_reindex

    announcement_reindex(expired)
    closed = publish(author, title="closed")
    from partners.services import announcement_close

    announcement_close(announcement=closed, by=author)
    publish(author, title="open")
    assert _titles(_run(me)) == {"open"}


def test_teachers_hidden_unavailable_or_unvalidated_are_not_found(me):
    teacher_in("pt", first_name="Visible", last_name="Teacher")
    hidden = teacher_in("pt", first_name="Hidden", last_name="Teacher")
    hidden.hidden_from_search = True
    hidden.save()
    teacher_reindex(hidden)
    busy = teacher_in("pt", first_name="Busy", last_name="Teacher")
    busy.available_for_projects = False
    busy.save()
    teacher_reindex(busy)
    teacher_in("pt", first_name="Pending", last_name="Teacher", status="pending")
    names = {e.name for e in _run(me, kind=EntryKind.TEACHER, text="teacher").entries}
    assert names == {"Visible Teacher"}


def test_announcements_of_a_teacher_awaiting_validation_are_not_found(me):
    author = teacher_in("pt")
    publish(author, title="by validated")
    author.status = "rejected"
    author.save()
    teacher_reindex(author)
    assert _titles(_run(me)) == set()


def test_facet_counts_say_what_each_value_would_give(me):
    pt, ge = (Country.objects.get(code=code) for code in ("PT", "GE"))
    maths = Subject.objects.get(code="mathematics")
    arts = Subject.objects.get(code="arts")
    publish(teacher_in("pt"), title="a")
    publish(teacher_in("pt"), title="b", subjects=subjects("arts"))
    publish(teacher_in("ge"), title="c")
    publish(teacher_in("dk"), title="d", subjects=subjects("arts"))
    result = _run(me, countries=(pt.pk,), subject=maths.pk)
    assert result.total == 1
    # Country counts ignore the country filter but keep the subject one.
    assert result.facets["country"] == {pt.pk: 1, ge.pk: 1}
    # Subject counts ignore the subject filter but keep the country one.
    assert result.facets["subject"][maths.pk] == 1
    assert result.facets["subject"][arts.pk] == 1
    assert result.facets["programme"] == {"core": 1, "plus": 0}


def test_teachers_tab_counts_are_given_with_the_announcement_results(me):
    publish(teacher_in("pt"), title="a")
    result = _run(me)
    # me + the author are both searchable teachers.
    assert result.total == 1 and result.other_total == 2


def test_sort_newest_first(me):
    author = teacher_in("pt")
    old = publish(author, title="old")
    Announcement.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    from partners.search_index import announcement_reindex

    announcement_reindex(old)
    publish(author, title="new")
    assert [e.title for e in _run(me, sort="newest").entries] == ["new", "old"]


def test_sort_best_match_puts_shared_subjects_and_languages_first(me):
    publish(teacher_in("pt"), title="weak", subjects=subjects("arts"), languages=languages("de"))
    publish(teacher_in("pt"), title="strong")
    assert [e.title for e in _run(me, sort="match").entries] == ["strong", "weak"]


def _page_queries(captured) -> int:
    return sum("django_session" not in q["sql"] for q in captured.captured_queries)


def test_pagination_and_constant_number_of_queries(me, client, settings):
    author = teacher_in("pt")
    for n in range(3):
        publish(author, title=f"A{n}")
    client.force_login(me)
    url = reverse("partners:search")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    settings.PARTNERS_ANNOUNCEMENTS_PER_DAY = 100
    other = teacher_in("dk")
    for n in range(25):
        publish(other, title=f"B{n}", languages=languages("en", "de"))
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    # The session row is read only on a session-cache miss: not the page's work.
    assert _page_queries(many) == _page_queries(few)
    assert response.context["result"].page.num_pages == 2
    second = client.get(url, {"page": 2})
    assert len(second.context["rows"]) == 8


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram search is PostgreSQL only")
def test_a_typo_in_a_name_still_finds_the_teacher(me):
    teacher_in("pt", first_name="Claire", last_name="Lambert")
    names = {e.name for e in _run(me, kind=EntryKind.TEACHER, text="Lambrt").entries}
    assert names == {"Claire Lambert"}


def test_unknown_country_ids_give_no_error(me):
    assert _run(me, countries=(999999,)).total == 0
    assert Country.objects.exists()


def test_counts_stop_at_the_exact_limit_and_say_so(me, settings, client):
    settings.PARTNERS_FACET_EXACT_LIMIT = 10
    settings.PARTNERS_ANNOUNCEMENTS_PER_DAY = 100
    author = teacher_in("pt")
    for n in range(12):
        publish(author, title=f"A{n}")
    result = _run(me)
    assert result.capped
    assert result.total == 10
    client.force_login(me)
    from django.urls import reverse

    page = client.get(reverse("partners:search")).content.decode()
    assert "Plus de 10 résultats" in page
    assert "Plus de 11" not in page


def test_a_broad_text_keeps_newest_exact_and_ranks_a_bounded_sample(me, settings):
    settings.PARTNERS_FACET_EXACT_LIMIT = 10
    settings.PARTNERS_ANNOUNCEMENTS_PER_DAY = 100
    author = teacher_in("pt")
    for n in range(14):
        publish(author, title=f"Robots {n}")
    # The newest is the last row written: beyond the first limit + 1 matches.
    newest = _run(me, text="robots", sort="newest")
    assert newest.capped
    assert [e.title for e in newest.entries[:2]] == ["Robots 13", "Robots 12"]
    ranked = _run(me, text="robots", sort="relevance")
    assert ranked.capped
    assert 0 < len(ranked.entries) <= 11
    assert all(e.title.startswith("Robots ") for e in ranked.entries)


def test_queries_per_page_do_not_depend_on_filters_or_sort(me, client):
    author = teacher_in("pt")
    publish(author, title="A")
    client.force_login(me)
    url = reverse("partners:search")
    pt = Country.objects.get(code="PT")
    maths = Subject.objects.get(code="mathematics")
    counts = set()
    for params in (
        {},
        {"q": "énigmes", "sort": "relevance"},
        {"country": [pt.pk], "subject": maths.pk, "language": 9, "sort": "match"},
        {"kind": "teacher", "age_min": 9, "level": "primary", "page": 3},
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        counts.add(len(queries))
    assert len(counts) == 1


def _by_hand(entries, query: search.Query) -> dict:
    """The facet counts of ``query`` counted over the rows in Python: a value's
    count is the rows with that value passing every filter but its own."""
    levels = {"nursery": 1, "primary": 2, "secondary": 4}
    tests = {
        "country": lambda e: not query.countries or e.country_id in query.countries,
        "programme": lambda e: not query.programme or e.plus == (query.programme == "plus"),
        "subject": lambda e: not query.subject or bool(e.subjects_mask & (1 << query.subject)),
        "language": lambda e: not query.language or bool(e.languages_mask & (1 << query.language)),
        "level": lambda e: not query.level or bool(e.levels & levels[query.level]),
    }

    def passing(but):
        return [e for e in entries if all(t(e) for name, t in tests.items() if name != but)]

    countries = {}
    for e in passing("country"):
        countries[e.country_id] = countries.get(e.country_id, 0) + 1
    return {
        "total": len(passing(None)),
        "subject": {
            s.pk: sum(bool(e.subjects_mask & (1 << s.pk)) for e in passing("subject"))
            for s in Subject.objects.filter(pk__lt=63)
        },
        "language": {
            lang.pk: sum(bool(e.languages_mask & (1 << lang.pk)) for e in passing("language"))
            for lang in Language.objects.filter(pk__lt=63)
        },
        "level": {
            name: sum(bool(e.levels & bit) for e in passing("level"))
            for name, bit in levels.items()
        },
        "programme": {
            "core": sum(not e.plus for e in passing("programme")),
            "plus": sum(e.plus for e in passing("programme")),
        },
        "country": countries,
    }


def test_every_facet_count_equals_counting_the_rows_by_hand(me):
    """Subjects, languages, levels, programme and countries, with and without
    countries chosen (the country facet then reads rows of its own)."""
    from partners.models import SearchEntry

    rows = [
        ("pt", "mathematics", ("fr", "en"), True, False),
        ("pt", "arts", ("pt",), False, True),
        ("ge", "mathematics", ("en",), True, True),
        ("ge", "arts", ("fr", "en"), True, False),
        ("dk", "sciences", ("en", "de"), False, True),
        ("dk", "mathematics", ("fr",), True, False),
        ("be-fwb", "sciences", ("fr", "nl"), True, True),
    ]
    for n, (service, subject, langs, primary, secondary) in enumerate(rows):
        author = teacher_in(service, primary=primary, secondary=secondary)
        publish(
            author,
            title=f"Projet {n}",
            subjects=subjects(subject),
            languages=languages(*langs),
        )
    entries = list(SearchEntry.objects.filter(kind=EntryKind.ANNOUNCEMENT, visible=True))
    assert len(entries) == len(rows)
    pt, ge = (Country.objects.get(code=code).pk for code in ("PT", "GE"))
    maths = Subject.objects.get(code="mathematics").pk
    english = Language.objects.get(code="en").pk
    queries = [
        search.Query(),
        search.Query(text="énigmes"),
        search.Query(subject=maths),
        search.Query(countries=(pt, ge), language=english),
        search.Query(countries=(ge,), programme="plus", level="primary"),
        search.Query(programme="core", level="secondary", subject=maths),
        search.Query(text="énigmes", countries=(pt,), language=english, level="primary"),
    ]
    for query in queries:
        result = search.search(query, user=me)
        expected = _by_hand(entries, query)
        got = {"total": result.total, **{k: result.facets[k] for k in expected if k != "total"}}
        assert got == expected, query
        assert len(result.entries) == expected["total"], query
