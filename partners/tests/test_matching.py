"""The suggested-partners score and its explanations, on constructed cases."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from accounts.models import Country
from partners.matching import Profile, match_score, suggested_partners
from partners.services import contact_request_send
from partners.tests.factories import countries, publish, teacher_in

NOW = datetime(2026, 1, 15, tzinfo=UTC)
NAMES = {
    "subject_names": {1: "mathématiques", 2: "sciences", 8: "arts"},
    "language_names": {9: "français", 6: "anglais", 10: "allemand"},
    "country_names": {2: "Belgique", 22: "Portugal"},
}


def _score(me, other):
    return match_score(me, other, now=NOW, **NAMES)


def test_shared_subject_language_ages_and_wanted_country_are_each_explained():
    me = Profile(teacher_id=1, subjects={1, 2}, languages={9}, age_min=9, age_max=11, country_id=2)
    other = Profile(
        teacher_id=2,
        subjects={1},
        languages={9, 6},
        age_min=10,
        age_max=12,
        country_id=22,
        wanted_countries={2},
        active_at=NOW - timedelta(days=2),
    )
    score, reasons = _score(me, other)
    assert reasons == [
        "enseigne aussi mathématiques",
        "parle français",
        "élèves de 10–12 ans",
        "cherche des partenaires en Belgique",
        "actif·ve récemment",
    ]
    # 3 (one subject) + 2 (one language) + 2 (ages) + 2 (wants Belgium) + 1 (recent) + 1 (available)
    assert score == 11


def test_no_overlap_scores_only_availability_and_explains_nothing():
    me = Profile(teacher_id=1, subjects={1}, languages={9}, age_min=9, age_max=11, country_id=2)
    other = Profile(
        teacher_id=2,
        subjects={8},
        languages={10},
        age_min=15,
        age_max=18,
        country_id=22,
        active_at=NOW - timedelta(days=200),
    )
    assert _score(me, other) == (1, [])


def test_a_country_i_want_counts_and_is_named():
    me = Profile(teacher_id=1, country_id=2, wanted_countries={22})
    other = Profile(teacher_id=2, country_id=22, available=False)
    assert _score(me, other) == (2, ["dans un pays que vous cherchez : Portugal"])


def test_an_announcement_open_to_any_country_counts_for_everybody():
    me = Profile(teacher_id=1, country_id=2)
    other = Profile(teacher_id=2, country_id=22, wants_any_country=True, available=False)
    assert _score(me, other) == (2, ["ouvert·e à tous les pays"])


def test_more_shared_subjects_score_higher():
    me = Profile(teacher_id=1, subjects={1, 2})
    one = Profile(teacher_id=2, subjects={1})
    two = Profile(teacher_id=3, subjects={1, 2})
    assert _score(me, two)[0] > _score(me, one)[0]
    assert _score(me, two)[1] == ["enseigne aussi mathématiques, sciences"]


@pytest.mark.django_db
def test_dashboard_suggestions_are_ordered_explained_and_skip_contacts():
    me = teacher_in(
        "be-fwb", subject_codes=("mathematics", "sciences"), language_codes=("fr", "en")
    )
    publish(me, title="Mes défis", wanted_countries=countries("PT"))
    teacher_in(
        "pt",
        first_name="Ines",
        last_name="Costa",
        subject_codes=("mathematics", "sciences"),
        language_codes=("fr", "en"),
    )
    teacher_in("dk", first_name="Mette", last_name="Jensen", language_codes=("en",))
    teacher_in(
        "de",
        first_name="Far",
        last_name="Away",
        subject_codes=("arts",),
        language_codes=("de",),
        ages=(16, 18),
    )
    contact = teacher_in("pt", first_name="Already", last_name="Contact")
    contact_request_send(sender=me, recipient=contact, message="Bonjour")

    suggestions = suggested_partners(me)
    assert [s.name for s in suggestions] == ["Ines Costa", "Mette Jensen"]
    portugal = Country.objects.get(code="PT").name
    assert suggestions[0].explanation.startswith("enseigne aussi ")
    assert f"dans un pays que vous cherchez : {portugal}" in suggestions[0].reasons
    assert "élèves de 9–11 ans" in suggestions[0].reasons
    # Deterministic: same input, same output.
    assert [s.teacher_id for s in suggested_partners(me)] == [s.teacher_id for s in suggestions]


@pytest.mark.django_db
def test_suggestions_come_from_the_most_recently_active_teachers():
    from partners.models import SearchEntry

    me = teacher_in("be-fwb", subject_codes=("mathematics",), language_codes=("fr",))
    dormant = teacher_in(
        "pt", first_name="Perfect", last_name="Butdormant", subject_codes=("mathematics",)
    )
    active = teacher_in(
        "dk", first_name="Less", last_name="Similar", subject_codes=("arts",), ages=(9, 11)
    )
    now = datetime.now(tz=UTC)
    SearchEntry.objects.filter(teacher=dormant).update(active_at=now - timedelta(days=900))
    SearchEntry.objects.filter(teacher=active).update(active_at=now)
    SearchEntry.objects.filter(teacher=me).update(active_at=now - timedelta(days=1))
    # The whole (tiny) population: the better match comes first.
    assert [s.name for s in suggested_partners(me)][0] == "Perfect Butdormant"
    # A pool of one: the most recently active other teacher only.
    assert [s.name for s in suggested_partners(me, pool=1)] == ["Less Similar"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "spoken"),
    [
        # Written as each language writes a language's name inside a sentence.
        ("fr", "anglais"),
        ("nl", "Engels"),
        ("de", "Englisch"),
        ("en", "English"),
    ],
)
def test_suggestions_name_languages_as_the_reader_s_language_writes_them(language, spoken):
    me = teacher_in("be-fwb", language_codes=("en",))
    teacher_in("dk", first_name="Mette", last_name="Jensen", language_codes=("en",))
    with translation.override(language):
        (suggestion,) = suggested_partners(me)
    assert any(reason.endswith(" " + spoken) for reason in suggestion.reasons), suggestion.reasons
