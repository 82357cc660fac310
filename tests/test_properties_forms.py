"""Property-based tests (hypothesis) on the main forms that take user input: whatever
is typed, the portal never answers 500, either saves everything or nothing, and a
refusal comes with an error the teacher can read."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db.models import Model
from django.forms import BaseForm
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accounts.models import Language, School, Subject, TeacherStatus

SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = st.sampled_from(
    [
        "",
        " ",
        "\t\n",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "'; DROP TABLE accounts_user; --",
        "x" * 5000,
        "é" * 300,
        "\u202e\u200b",
        "0",
        "-1",
        "99999999999999999999",
        "1e309",
        "NaN",
        "2026-02-30",
        "https://example.org/" + "a" * 3000,
        "\x00",
    ]
)
TEXT = st.one_of(st.text(max_size=400), NASTY)
NUMBER = st.one_of(st.integers(-(10**12), 10**12).map(str), NASTY)
ANY = st.one_of(TEXT, NUMBER)


def hostile(fields: list[str]):
    """A few fields of an otherwise valid form replaced by hostile values."""
    return st.dictionaries(st.sampled_from(fields), ANY, max_size=len(fields))


def _error_shown(response) -> bool:
    """A refusal explains itself: a form with errors, or a message."""
    if list(get_messages(response.wsgi_request)):
        return True
    for context in response.context or []:
        for value in context.flatten().values():
            if isinstance(value, BaseForm) and value.errors:
                return True
    return False


def _counts(*models: type[Model]) -> tuple[int, ...]:
    return tuple(m.objects.count() for m in models)


def _check(response, before, after, *, created_on_success: int = 1) -> None:
    # Refused forms answer 200 or 400 with the form again; saved ones redirect.
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code == 302:
        # Saved: at most one new row of the form's own model (index rows may follow).
        assert after[0] - before[0] in (0, created_on_success)
    else:
        assert after == before, "a refused form wrote something"
        assert _error_shown(response), "a refused form shows no error"


@pytest.fixture
def fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PARTNERS_ANNOUNCEMENTS_PER_DAY = 10_000
    settings.PARTNERS_MESSAGES_PER_DAY = 10_000
    settings.PARTNERS_IDENTICAL_MESSAGE_RECIPIENTS = 10_000
    return settings


# --- Profile -------------------------------------------------------------------------------

PROFILE_FIELDS = [
    "first_name",
    "last_name",
    "role",
    "school",
    "age_min",
    "age_max",
    "bio",
    "preferred_language",
    "subjects",
    "languages",
]


@SETTINGS
@given(changes=hostile(PROFILE_FIELDS))
# Found by hypothesis: an id past 64 bits overflowed SQLite (a 500).
@example(changes={"subjects": "9223372036854775808"})
def test_the_profile_form_never_breaks_nor_half_saves(changes, db, fwb_school, fast):
    from accounts.tests.factories import TeacherFactory

    teacher = TeacherFactory(school=fwb_school, first_name="Avant", bio="Bio d'avant")
    client = Client()
    client.force_login(teacher)
    data = {
        "first_name": "Marc",
        "last_name": "Lambert",
        "role": "teacher",
        "school": fwb_school.pk,
        "age_min": 3,
        "age_max": 6,
        "preferred_language": "fr",
        **changes,
    }
    response = client.post(reverse("accounts:profile"), data)
    assert response.status_code in (200, 302, 400)
    teacher.refresh_from_db()
    if response.status_code != 302:
        assert (teacher.first_name, teacher.bio) == ("Avant", "Bio d'avant")
        assert _error_shown(response)


# --- School proposal ----------------------------------------------------------------------

SCHOOL_FIELDS = [
    "name",
    "support_service",
    "address",
    "postcode",
    "city",
    "contact_email",
    "network",
]


@SETTINGS
@given(changes=hostile(SCHOOL_FIELDS))
def test_a_school_proposal_is_saved_whole_or_refused_clearly(changes, db, fast):
    from accounts.tests.factories import TeacherFactory, service

    teacher = TeacherFactory(status=TeacherStatus.NEW, proof_of_employment="")
    client = Client()
    client.force_login(teacher)
    data = {
        "name": "École communale des Tilleuls",
        "support_service": service("be-fwb").pk,
        "postcode": "1000",
        "city": "Bruxelles",
        "level_primary": "on",
        **changes,
    }
    before = _counts(School)
    response = client.post(reverse("accounts:school_propose"), data)
    _check(response, before, _counts(School))


# --- Partner announcement -------------------------------------------------------------------

ANNOUNCEMENT_FIELDS = [
    "title",
    "idea",
    "language",
    "subjects",
    "languages",
    "age_min",
    "age_max",
    "partners_wanted",
    "start_month",
    "duration_months",
    "expires_in_months",
]


@SETTINGS
@given(changes=hostile(ANNOUNCEMENT_FIELDS))
def test_an_announcement_is_published_whole_or_refused_clearly(changes, db, teacher, fast):
    from partners.models import Announcement, SearchEntry

    client = Client()
    client.force_login(teacher)
    next_month = (timezone.now().date().replace(day=1) + datetime.timedelta(days=40)).strftime(
        "%Y-%m"
    )
    data = {
        "title": "Défis mathématiques",
        "idea": "Des énigmes entre deux classes.",
        "language": "fr",
        "subjects": [Subject.objects.get(code="mathematics").pk],
        "languages": [Language.objects.get(code="fr").pk],
        "age_min": 9,
        "age_max": 11,
        "partners_wanted": 2,
        "start_month": next_month,
        "duration_months": 6,
        "expires_in_months": 3,
        **changes,
    }
    before = _counts(Announcement, SearchEntry)
    response = client.post(reverse("partners:announcement_new"), data)
    _check(response, before, _counts(Announcement, SearchEntry))


# --- Messages between contacts --------------------------------------------------------------


@SETTINGS
@given(body=ANY)
def test_a_message_is_sent_whole_or_refused_clearly(body, db, fast):
    from partners.models import Message
    from projects.tests.factories import make_contacts, teacher_in

    sender, recipient = teacher_in("be-fwb"), teacher_in("fr")
    make_contacts(sender, recipient)
    client = Client()
    client.force_login(sender)
    before = _counts(Message)
    response = client.post(reverse("partners:conversation", args=[recipient.pk]), {"body": body})
    _check(response, before, _counts(Message))


# --- Founding a project ---------------------------------------------------------------------

PROJECT_FIELDS = [
    "cofounder",
    "title",
    "summary",
    "subjects",
    "languages",
    "age_min",
    "age_max",
    "themes",
    "planned_start",
    "planned_end",
    "expected_partners",
]


@SETTINGS
@given(changes=hostile(PROJECT_FIELDS))
@example(changes={"subjects": "9223372036854775808"})
@example(changes={"languages": "²"})
def test_a_project_is_founded_whole_or_refused_clearly(changes, db, fast):
    from projects.models import Membership, Project
    from projects.tests.factories import make_contacts, teacher_in

    founder, cofounder = teacher_in("be-fwb"), teacher_in("ge")
    make_contacts(founder, cofounder)
    client = Client()
    client.force_login(founder)
    data = {
        "cofounder": cofounder.pk,
        "title": "Défis mathématiques",
        "summary": "Un défi par mois.",
        "subjects": [Subject.objects.get(code="mathematics").pk],
        "languages": [Language.objects.get(code="en").pk],
        "age_min": 9,
        "age_max": 12,
        "themes": "énigmes",
        "planned_start": "2026-09-01",
        "planned_end": "2027-06-30",
        "expected_partners": 2,
        **changes,
    }
    before = _counts(Project)
    memberships = _counts(Membership)
    response = client.post(reverse("projects:found"), data)
    _check(response, before, _counts(Project))
    if response.status_code == 200:
        assert _counts(Membership) == memberships


# --- National Quality Label application -----------------------------------------------------

LABEL_FIELDS = [
    "evidence_links",
    "text_innovation",
    "text_curriculum",
    "text_collaboration",
    "text_technology",
    "text_results",
]


@SETTINGS
@given(changes=hostile(LABEL_FIELDS), ticked=st.booleans())
def test_a_label_application_is_saved_whole_or_refused_clearly(changes, ticked, db, fast):
    from labels.models import NationalLabelApplication
    from labels.tests.factories import european_project, open_round

    open_round()
    project, founder, _partner = european_project()
    client = Client()
    client.force_login(founder)
    text = "Les élèves ont collaboré chaque semaine dans l'espace du projet."
    data = {
        **{f"text_{c}": text for c in LABEL_FIELDS[1:]},
        "evidence_links": "https://example.org/p/1",
        **(
            {
                f"pre_{c}": "on"
                for c in (
                    "pupil_collaboration",
                    "ict_use",
                    "data_protection",
                    "copyright",
                    "e_safety",
                )
            }
            if ticked
            else {}
        ),
        **changes,
    }
    before = _counts(NationalLabelApplication)
    response = client.post(reverse("labels:apply", args=[project.pk]), data)
    _check(response, before, _counts(NationalLabelApplication))


# --- FWB prize contest entry ---------------------------------------------------------------


@SETTINGS
@given(changes=hostile(["project", "category", "presentation", "evidence_links"]))
# Found by hypothesis: "²".isdigit() is true, int("²") is not a number (a 500).
@example(changes={"project": "²"})
@example(changes={"project": "99999999999999999999"})
def test_a_contest_entry_is_saved_whole_or_refused_clearly(changes, db, fast):
    from labels import services
    from labels.models import ContestEdition, ContestEntry
    from labels.tests.factories import european_project

    year = timezone.now().year + 1
    edition = ContestEdition.objects.filter(year=year).first() or (
        services.contest_edition_create(year=year)
    )
    project, founder, _partner = european_project()
    client = Client()
    client.force_login(founder)
    data = {
        "project": project.pk,
        "category": edition.categories.first().pk,
        "presentation": "Nos élèves ont voyagé virtuellement toute l'année.",
        "evidence_links": "https://example.org/p/1",
        **changes,
    }
    before = _counts(ContestEntry)
    response = client.post(reverse("labels:contest_entry"), data)
    _check(response, before, _counts(ContestEntry))
