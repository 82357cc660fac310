"""Finding a partner across languages (issue 15): a query word naming a
subject, a language or a country in French, Dutch, German or English matches
that facet and the page says so; accents are folded and a one-letter typo is
tolerated on SQLite (the default) and on PostgreSQL; a text search opens on
the tab that has results."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.models import Country, Language, Subject
from conftest import require_service
from partners import search
from partners.facet_words import (
    COUNTRY,
    LANGUAGE,
    SUBJECT,
    Vocabulary,
    query_words,
    within_one_edit,
)
from partners.models import EntryKind, SearchWord
from partners.tests.factories import languages, publish, subjects, teacher_in

pytestmark = pytest.mark.django_db


def _run(user, **kwargs):
    return search.search(search.Query(**kwargs), user=user)


def _titles(result) -> set[str]:
    return {e.title for e in result.entries}


@pytest.fixture
def me():
    return teacher_in("be-fwb", first_name="Moi", last_name="Même")


@pytest.fixture
def vocabulary():
    ref = search.reference_lists()
    return Vocabulary(subjects=ref.subjects, languages=ref.languages, countries=ref.countries)


def _facets(vocabulary, text: str) -> set[tuple[str, str]]:
    """{(kind, code)} the text's words name."""
    models = {SUBJECT: Subject, LANGUAGE: Language, COUNTRY: Country}
    return {
        (match.kind, models[match.kind].objects.get(pk=pk).code)
        for match in vocabulary.match(query_words(text))
        for pk in match.pks
    }


# Written by hand from the reference names (accounts/migrations/0002), one row
# per language: fr, nl, de, en.
@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("Mathématiques", {(SUBJECT, "mathematics")}),
        ("wiskunde", {(SUBJECT, "mathematics")}),
        ("Mathematik", {(SUBJECT, "mathematics")}),
        ("mathematics", {(SUBJECT, "mathematics")}),
        ("géographie", {(SUBJECT, "geography")}),
        ("aardrijkskunde", {(SUBJECT, "geography")}),
        ("Geografie", {(SUBJECT, "geography")}),
        ("geography", {(SUBJECT, "geography")}),
        ("Espagne", {(COUNTRY, "ES")}),
        ("Spanje", {(COUNTRY, "ES")}),
        ("Spanien", {(COUNTRY, "ES")}),
        ("Spain", {(COUNTRY, "ES")}),
        ("espagnol", {(LANGUAGE, "es")}),
        ("Spaans", {(LANGUAGE, "es")}),
        ("Spanisch", {(LANGUAGE, "es")}),
        ("Spanish", {(LANGUAGE, "es")}),
        # Several words in a row, a distinctive word of a longer name.
        ("Pays-Bas", {(COUNTRY, "NL")}),
        ("langues modernes", {(SUBJECT, "modern-languages")}),
        ("wetenschappen", {(SUBJECT, "sciences")}),
        ("Naturwissenschaften", {(SUBJECT, "sciences")}),
    ],
)
def test_a_word_in_any_of_the_four_languages_names_its_facet(vocabulary, word, expected):
    assert _facets(vocabulary, word) == expected


def test_accents_are_folded_and_one_letter_may_be_wrong_in_a_facet_name(vocabulary):
    assert _facets(vocabulary, "mathematiques") == {(SUBJECT, "mathematics")}
    assert _facets(vocabulary, "wiskunda") == {(SUBJECT, "mathematics")}
    assert _facets(vocabulary, "Mathemtik") == {(SUBJECT, "mathematics")}
    assert _facets(vocabulary, "Spanjee") == {(COUNTRY, "ES")}


def test_general_and_ordinary_words_name_no_facet(vocabulary):
    for text in ("éducation", "onderwijs", "langues", "mascotte", "projet", "de la"):
        assert _facets(vocabulary, text) == set(), text


def test_one_edit_means_one_letter_replaced_missing_or_added():
    assert within_one_edit("wiskunde", "wiskunda")
    assert within_one_edit("wiskunde", "wiskund")
    assert within_one_edit("wiskunde", "wiskuunde")
    assert not within_one_edit("wiskunde", "wisknda")
    assert not within_one_edit("irland", "ireland ")


def test_a_dutch_word_finds_the_french_announcement_of_its_subject(me):
    publish(teacher_in("pt"), title="Défis de mathématiques", subjects=subjects("mathematics"))
    publish(teacher_in("pt"), title="Art nouveau", subjects=subjects("arts"))
    for word in ("wiskunde", "Mathematik", "mathematics", "wiskunda"):
        result = _run(me, text=word)
        assert _titles(result) == {"Défis de mathématiques"}, word
        assert [(m.kind, m.words) for m in result.facet_matches] == [(SUBJECT, (word.lower(),))]


def test_a_subject_renamed_by_staff_is_found_by_its_new_name_at_once(me):
    """The vocabulary is kept between searches, by the names it was built from."""
    author = teacher_in("fr")
    publish(author, title="Défis chiffrés", subjects=subjects("mathematics"))
    assert _titles(_run(me, text="wiskunde")) == {"Défis chiffrés"}
    Subject.objects.filter(code="mathematics").update(name_nl="Rekenkunde")
    assert _titles(_run(me, text="rekenkunde")) == {"Défis chiffrés"}
    assert _titles(_run(me, text="wiskunde")) == set()


def test_a_country_or_language_name_finds_the_rows_of_that_facet(me):
    publish(teacher_in("es"), title="Recettes", subjects=subjects("arts"))
    publish(teacher_in("pt"), title="Façades", subjects=subjects("arts"))
    publish(teacher_in("pt"), title="Poèmes", languages=languages("es"), subjects=subjects("arts"))
    assert _titles(_run(me, text="Spanje")) == {"Recettes"}
    assert _titles(_run(me, text="Spaans")) == {"Poèmes"}
    # Each word matches: a facet word and a text word together.
    assert _titles(_run(me, text="Spanje recettes")) == {"Recettes"}
    assert _titles(_run(me, text="Spanje façades")) == set()


def test_a_facet_word_still_finds_the_texts_that_hold_it(me):
    publish(teacher_in("pt"), title="Geography of our towns", subjects=subjects("arts"))
    assert _titles(_run(me, text="geography")) == {"Geography of our towns"}


def test_accents_are_folded_and_a_one_letter_typo_is_tolerated(me):
    publish(
        teacher_in("pt"), title="Défi énigmes", idea="Un défi par mois.", subjects=subjects("arts")
    )
    teacher_in("ge", first_name="Nino", last_name="Beridze", city="Tbilisi")
    assert _titles(_run(me, text="enigmes")) == {"Défi énigmes"}
    assert _titles(_run(me, text="ENIGMES defi")) == {"Défi énigmes"}
    assert _titles(_run(me, text="énigmse")) == {"Défi énigmes"}
    names = {e.name for e in _run(me, kind=EntryKind.TEACHER, text="Berdze").entries}
    assert names == {"Nino Beridze"}
    assert search.typo_alternatives("Berdze") == {"berdze": ["beridze"]}
    # A word of the lexicon is taken as it is.
    assert search.typo_alternatives("Beridze énigmes") == {}


def test_on_sqlite_the_lexicon_trigram_index_follows_the_lexicon(me):
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 trigram index is the SQLite default's")
    word = SearchWord.objects.create(word="zwölf", folded="zwolf")

    def found(grams: str) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM partners_searchword_trigram "
                "WHERE partners_searchword_trigram MATCH %s",
                [grams],
            )
            return [row[0] for row in cursor.fetchall()]

    assert found('"wol"') == [word.pk]
    word.folded = "zwoelf"
    word.save()
    assert found('"wol"') == []
    assert found('"oel"') == [word.pk]
    word.delete()
    assert found('"oel"') == []


def test_on_postgresql_across_languages_accents_and_typos(me):
    require_service("PostgreSQL", connection.vendor == "postgresql")
    publish(teacher_in("pt"), title="Défis de mathématiques", subjects=subjects("mathematics"))
    publish(teacher_in("es"), title="Recettes", subjects=subjects("arts"))
    teacher_in("ge", first_name="Nino", last_name="Beridze", city="Tbilisi")
    assert _titles(_run(me, text="wiskunde")) == {"Défis de mathématiques"}
    assert _titles(_run(me, text="Spanje")) == {"Recettes"}
    assert _titles(_run(me, text="Spanje recettes")) == {"Recettes"}
    assert _titles(_run(me, text="mathematiques defis")) == {"Défis de mathématiques"}
    names = {e.name for e in _run(me, kind=EntryKind.TEACHER, text="Berdze").entries}
    assert names == {"Nino Beridze"}
    terms = search.text_terms("wiskunde recettes", search._vocabulary(search.reference_lists()))
    assert "'recettes'" in terms.plain_tsquery
    assert "wiskund" not in terms.plain_tsquery
    assert [g.words for g in terms.groups] == [("wiskunde",)]
    assert "wiskund" in terms.groups[0].tsquery


def test_the_page_says_which_word_matched_which_facet_in_the_readers_language(me, client):
    publish(teacher_in("pt"), title="Défis de mathématiques", subjects=subjects("mathematics"))
    client.force_login(me)
    with translation.override("nl"):
        dutch = client.get(reverse("partners:search"), {"q": "Mathematik"})
    with translation.override("fr"):
        french = client.get(reverse("partners:search"), {"q": "wiskunde"})
    assert dutch.status_code == french.status_code == 200
    assert "« mathematik » → Wiskunde" in dutch.content.decode()
    assert "(vak)" in dutch.content.decode()
    assert "Dit woord is ook een filter" in dutch.content.decode()
    assert "« wiskunde » → Mathématiques" in french.content.decode()
    assert "(discipline)" in french.content.decode()
    assert "Ce mot désigne aussi un filtre" in french.content.decode()
    assert "Défis de mathématiques" in french.content.decode()
    with translation.override("fr"):
        two = client.get(reverse("partners:search"), {"q": "wiskunde Spanje"}).content.decode()
    assert "Ces mots désignent aussi des filtres" in two
    assert "« spanje » → Espagne" in two
    assert "(pays)" in two


def test_no_notice_without_a_facet_word(me, client):
    publish(teacher_in("pt"), title="Défis de mathématiques")
    client.force_login(me)
    response = client.get(reverse("partners:search"), {"q": "défis"})
    assert response.context["facet_notes"] == []
    assert 'data-testid="facet-notes"' not in response.content.decode()


# --- The tab the page opens on ------------------------------------------------------


def test_a_name_typed_on_the_announcements_tab_opens_the_teachers_tab(me, client):
    teacher_in("ge", first_name="Nino", last_name="Beridze")
    client.force_login(me)
    response = client.get(reverse("partners:search"), {"q": "Beridze", "kind": "announcement"})
    result = response.context["result"]
    assert result.query.kind == EntryKind.TEACHER
    assert result.switched_from == EntryKind.ANNOUNCEMENT
    assert [e.name for e in result.entries] == ["Nino Beridze"]
    tabs = {tab["value"]: (tab["count"], tab["current"]) for tab in response.context["kinds"]}
    assert tabs == {"announcement": (0, False), "teacher": (1, True)}
    html = response.content.decode()
    assert 'data-testid="tab-switched"' in html
    assert "Aucun résultat parmi les annonces" in html
    # The form and the pages keep the tab shown.
    assert '<input type="hidden" name="kind" value="teacher">' in html


def test_a_tab_picked_with_its_link_stays_open_even_when_empty(me, client):
    teacher_in("ge", first_name="Nino", last_name="Beridze")
    client.force_login(me)
    response = client.get(
        reverse("partners:search"), {"q": "Beridze", "kind": "announcement", "tab": "1"}
    )
    result = response.context["result"]
    assert result.query.kind == EntryKind.ANNOUNCEMENT
    assert result.switched_from == ""
    assert (result.total, result.other_total) == (0, 1)
    links = {tab["value"]: tab["url"] for tab in response.context["kinds"]}
    assert "tab=1" in links["teacher"]


def test_the_asked_tab_stays_when_it_has_results_or_when_neither_has(me):
    author = teacher_in("pt", first_name="Ana", last_name="Lambert")
    publish(author, title="Lambert et ses élèves")
    both = _run(me, text="Lambert", kind=EntryKind.ANNOUNCEMENT)
    assert (both.query.kind, both.total, both.other_total) == (EntryKind.ANNOUNCEMENT, 1, 1)
    neither = _run(me, text="introuvable", kind=EntryKind.ANNOUNCEMENT)
    assert (neither.query.kind, neither.switched_from) == (EntryKind.ANNOUNCEMENT, "")
    # Without a text (filters only) the tab asked for stays.
    filters = _run(me, kind=EntryKind.TEACHER, age_min=19, age_max=20)
    assert filters.query.kind == EntryKind.TEACHER


def test_opening_the_other_tab_costs_one_statement_more(me, client):
    """The asked tab is counted first (with the other tab's count in the same
    statement); only when it has nothing is the other tab counted: one
    statement more, in that case only."""
    teacher_in("ge", first_name="Nino", last_name="Beridze")
    publish(teacher_in("pt"), title="Beridze visite")
    client.force_login(me)
    url = reverse("partners:search")
    counts = []
    for params in ({"q": "Beridze", "kind": "teacher"}, {"q": "Nino", "kind": "announcement"}):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        counts.append(sum("django_session" not in q["sql"] for q in queries.captured_queries))
    assert response.context["result"].switched_from == EntryKind.ANNOUNCEMENT
    assert counts[1] == counts[0] + 1


@pytest.mark.parametrize("expanded_groups", [search.EXPANDED_GROUPS, 0])
def test_each_facet_word_is_its_text_or_its_facet_and_all_words_must_match(
    me, monkeypatch, expanded_groups
):
    """« wiskunde Spanje »: (text « wiskunde » or mathematics) and (text
    « Spanje » or a school in Spain). On PostgreSQL the same rows whether the
    condition is written as the OR of every choice (up to EXPANDED_GROUPS
    groups, the fast form) or as the AND of each group's OR (0: beyond it)."""
    monkeypatch.setattr(search, "EXPANDED_GROUPS", expanded_groups)

    def row(country: str, title: str, subject: str = "arts", language: str = "fr") -> None:
        publish(
            teacher_in(country),
            title=title,
            idea="Une idée.",
            subjects=subjects(subject),
            languages=languages(language),
        )

    row("es", "Jeux", subject="mathematics")  # facet + facet
    row("pt", "Spanje en fête", subject="mathematics")  # facet + text
    row("es", "Wiskunde pour tous")  # text + facet
    row("pt", "Wiskunde in Spanje")  # text + text
    row("es", "Cuisine")  # Spain only
    row("pt", "Calcul", subject="mathematics")  # mathematics only
    row("pt", "Wiskunde")  # the text of one word only
    row("es", "Atlas", subject="geography", language="es")
    # Expected sets written by hand from the rows above.
    assert _titles(_run(me, text="wiskunde Spanje")) == {
        "Jeux",
        "Spanje en fête",
        "Wiskunde pour tous",
        "Wiskunde in Spanje",
    }
    assert _titles(_run(me, text="Spanje wiskunde jeux")) == {"Jeux"}
    assert _titles(_run(me, text="Spanje Spaans")) == {"Atlas"}
    # Four groups (beyond the expanded form on PostgreSQL).
    assert _titles(_run(me, text="aardrijkskunde Spanje Spaans Atlas")) == {"Atlas"}
    assert _titles(_run(me, text="aardrijkskunde Spanje Spaans wiskunde")) == set()


def test_on_postgresql_two_facet_words_are_four_arms_of_one_index(me):
    require_service("PostgreSQL", connection.vendor == "postgresql")
    terms = search.text_terms("wiskunde Spanje", search._vocabulary(search.reference_lists()))
    condition = search._text_condition("wiskunde Spanje", terms)
    assert condition.connector == "OR"
    assert len(condition.children) == 4
    # The arm where both words are text holds both words' stems in one tsquery.
    both_texts = [terms.groups[0].tsquery, terms.groups[1].tsquery]
    sql = str(search.SearchEntry.objects.filter(condition).query)
    assert " & ".join(both_texts) in sql
