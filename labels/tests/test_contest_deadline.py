"""The contest closes at 1 July 00:00:00 in Brussels, excluded, whatever TIME_ZONE
says: « 30 juin 23:59:59 » includes that whole second, so 23:59:59.999999 is
accepted and 00:00:00.000000 refused with a clear message; every place that shows
the deadline says « jusqu'au 30 juin … inclus »."""

import datetime
import html
import importlib
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core import mail
from django.test import override_settings
from django.utils import translation

from labels import clock, selectors, services
from labels.models import ContestEdition, ContestEntry
from labels.tests.factories import enter, european_project

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")
ZONES = ["UTC", "Pacific/Auckland", "America/Los_Angeles", "Europe/Brussels"]
LAST_MICROSECOND = datetime.datetime(2027, 6, 30, 23, 59, 59, 999_999, tzinfo=BRUSSELS)
CLOSING = datetime.datetime(2027, 7, 1, 0, 0, 0, 0, tzinfo=BRUSSELS)


def _freeze(monkeypatch, moment):
    monkeypatch.setattr(clock, "now", lambda: moment)


def _edition():
    return services.contest_edition_create(year=2027)


_submit = enter


def test_the_default_closing_moment_is_1_july_midnight_in_brussels():
    edition = _edition()
    local = edition.deadline.astimezone(BRUSSELS)
    assert (local.month, local.day, local.hour, local.minute, local.second) == (7, 1, 0, 0, 0)
    assert local.microsecond == 0
    # 1 July 2027 00:00 is summer time: 22:00 UTC on 30 June.
    assert edition.deadline.astimezone(datetime.UTC) == datetime.datetime(
        2027, 6, 30, 22, 0, tzinfo=datetime.UTC
    )
    assert edition.last_day == datetime.date(2027, 6, 30)
    assert edition.ceremony_at.astimezone(BRUSSELS).month == 10
    assert [c.name for c in edition.categories.all()] == [
        "Jusqu'à 6 ans",
        "7 à 11 ans",
        "12 à 15 ans",
        "16 à 19 ans",
        "Formation professionnelle initiale",
    ]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2027, 6, 30, 23, 59, 59, tzinfo=BRUSSELS),
        datetime.datetime(2027, 6, 30, 23, 59, 59, 500_000, tzinfo=BRUSSELS),
        LAST_MICROSECOND,
    ],
    ids=["23:59:59.000000", "23:59:59.500000", "23:59:59.999999"],
)
def test_a_submission_during_the_last_second_of_30_june_is_accepted(zone, moment, monkeypatch):
    with override_settings(TIME_ZONE=zone):
        edition = _edition()
        project, founder, _partner = european_project()
        _freeze(monkeypatch, moment)
        entry = _submit(edition, project, founder)
    assert ContestEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize("zone", ZONES)
def test_a_submission_at_midnight_on_1_july_is_refused(zone, monkeypatch):
    with override_settings(TIME_ZONE=zone):
        edition = _edition()
        project, founder, _partner = european_project()
        _freeze(monkeypatch, CLOSING)
        with pytest.raises(services.ValidationError) as error:
            _submit(edition, project, founder)
    assert error.value.messages == [
        "La date limite est dépassée : les participations étaient ouvertes jusqu'au "
        "30 juin 2027 inclus (heure de Bruxelles) ; elles ne peuvent plus être déposées "
        "ni modifiées."
    ]
    assert not ContestEntry.objects.exists()


def test_the_edition_is_open_until_the_last_microsecond_and_closed_at_midnight():
    edition = _edition()
    assert edition.is_open(LAST_MICROSECOND)
    assert not edition.is_open(CLOSING)
    assert selectors.open_edition(LAST_MICROSECOND) == edition
    assert selectors.open_edition(CLOSING) is None


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland", "America/Los_Angeles"])
def test_the_form_refuses_after_the_deadline_and_shows_time_left_before(zone, client, monkeypatch):
    with override_settings(TIME_ZONE=zone):
        edition = _edition()
        project, founder, _partner = european_project()
        client.force_login(founder)
        data = {
            "project": project.pk,
            "category": edition.categories.first().pk,
            "presentation": "Notre projet",
            "evidence_links": "https://example.org/a",
        }
        _freeze(monkeypatch, datetime.datetime(2027, 6, 29, 21, 59, 59, tzinfo=BRUSSELS))
        page = client.get("/fr/labels/contest/enter/")
        assert "Temps restant : 1 j 2 h 0 min" in page.content.decode()
        _freeze(monkeypatch, LAST_MICROSECOND)
        last = client.get("/fr/labels/contest/enter/").content.decode()
        assert 'data-testid="time-left"' in last
        assert 'data-testid="closed"' not in last
        _freeze(monkeypatch, CLOSING)
        refused = client.post("/fr/labels/contest/enter/", data)
    assert refused.status_code == 400
    assert "La date limite est dépassée" in refused.content.decode()
    assert 'data-testid="time-left"' not in refused.content.decode()
    assert "Notre projet" in refused.content.decode()  # what was typed is kept
    assert not ContestEntry.objects.exists()


# --- one wording everywhere ---------------------------------------------------------------

UNTIL = "jusqu'au 30 juin 2027 inclus"


def test_the_deadline_reads_the_same_on_every_page_and_in_every_message(client, monkeypatch):
    from accounts.tests.factories import service
    from labels import tasks
    from labels.bulletin import contest_countdown_section
    from labels.ics import edition_calendar
    from projects.models import ProjectState

    edition = _edition()
    _project, founder, _partner = european_project(state=ProjectState.ACTIVE)
    _freeze(monkeypatch, datetime.datetime(2027, 6, 25, 9, 0, tzinfo=BRUSSELS))
    # The home page's section compares with Django's clock: freeze it on the same day.
    monkeypatch.setattr(
        "django.utils.timezone.now",
        lambda: datetime.datetime(2027, 6, 25, 9, 0, tzinfo=BRUSSELS),
    )
    client.force_login(founder)
    pages = {
        "home": "/fr/",
        "labels": "/fr/labels/",
        "contest": "/fr/labels/contest/",
        "entry": "/fr/labels/contest/enter/",
        "dashboard": "/fr/dashboard/",
    }
    for name, url in pages.items():
        body = html.unescape(client.get(url).content.decode())
        assert UNTIL in body, name
        assert "23:59" not in body, name

    tasks.send_contest_reminders()
    (reminder,) = [m for m in mail.outbox if str(edition) in m.body]
    assert f"{UNTIL} (heure de Bruxelles)" in reminder.body

    (section,) = contest_countdown_section(service=service("be-fwb"), issue_month=edition.last_day)
    assert f"Plus que 5 jours pour déposer votre projet au concours ({UNTIL}" in section.body["fr"]

    ics = edition_calendar([edition])
    assert "DTSTART;VALUE=DATE:20270630\r\n" in ics
    assert "DTEND;VALUE=DATE:20270701\r\n" in ics
    assert UNTIL in ics.replace("\r\n ", "")  # unfolded
    assert "23:59" not in ics

    with translation.override("nl"):
        assert edition.deadline_text == "tot en met 30 juni 2027"
    with translation.override("en"):
        assert edition.deadline_text == "up to and including 30 June 2027"


def test_a_closing_moment_that_is_not_midnight_is_shown_with_its_time():
    edition = _edition()
    edition.deadline = datetime.datetime(2027, 7, 1, 12, 0, tzinfo=BRUSSELS)
    assert edition.deadline_text == "jusqu'au 1 juillet 2027 à 12:00"
    assert edition.last_day == datetime.date(2027, 7, 1)


def test_the_migration_moves_a_deadline_of_23_59_59_to_the_next_midnight():
    migration = importlib.import_module("labels.migrations.0003_contest_deadline_exclusive")
    old = ContestEdition.objects.create(
        year=2026,
        deadline=datetime.datetime(2026, 6, 30, 23, 59, 59, tzinfo=BRUSSELS),
        ceremony_at=datetime.datetime(2026, 10, 15, 14, 0, tzinfo=BRUSSELS),
    )
    custom = ContestEdition.objects.create(
        year=2025,
        deadline=datetime.datetime(2025, 6, 15, 12, 0, tzinfo=BRUSSELS),
        ceremony_at=datetime.datetime(2025, 10, 15, 14, 0, tzinfo=BRUSSELS),
    )
    migration.close_at_midnight(apps, None)
    old.refresh_from_db()
    custom.refresh_from_db()
    assert old.deadline == datetime.datetime(2026, 7, 1, 0, 0, tzinfo=BRUSSELS)
    assert custom.deadline == datetime.datetime(2025, 6, 15, 12, 0, tzinfo=BRUSSELS)


def test_edits_are_allowed_until_the_deadline_and_one_entry_per_project(monkeypatch):
    edition = _edition()
    project, founder, partner = european_project()
    _freeze(monkeypatch, datetime.datetime(2027, 5, 1, 12, 0, tzinfo=BRUSSELS))
    categories = list(edition.categories.all())
    first = services.contest_entry_submit(
        edition=edition,
        project=project,
        user=founder,
        category=categories[0],
        presentation="v1",
        evidence_links="https://example.org/a",
    )
    second = services.contest_entry_submit(
        edition=edition,
        project=project,
        user=partner,
        category=categories[1],
        presentation="v2",
        evidence_links="https://example.org/b",
    )
    assert first.pk == second.pk
    assert ContestEntry.objects.count() == 1
    entry = ContestEntry.objects.get()
    assert (entry.presentation, entry.category) == ("v2", categories[1])


def test_the_database_refuses_a_second_entry_for_the_same_project():
    from django.db import IntegrityError, transaction

    edition = _edition()
    project, founder, _partner = european_project()
    category = edition.categories.first()
    ContestEntry.objects.create(
        edition=edition,
        project=project,
        category=category,
        presentation="a",
        evidence_links="https://e.org",
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ContestEntry.objects.create(
            edition=edition,
            project=project,
            category=category,
            presentation="b",
            evidence_links="https://e.org",
        )


def test_a_project_without_an_fwb_school_cannot_enter(monkeypatch):
    from labels.tests.factories import teacher_in
    from projects.tests.factories import active_project

    edition = _edition()
    a, b = teacher_in("fr"), teacher_in("be-vl")
    project = active_project(a, b)
    _freeze(monkeypatch, datetime.datetime(2027, 5, 1, tzinfo=BRUSSELS))
    with pytest.raises(services.ValidationError) as error:
        _submit(edition, project, a)
    assert "Fédération Wallonie-Bruxelles" in error.value.messages[0]


def test_a_non_member_cannot_enter(monkeypatch):
    from labels.tests.factories import teacher_in

    edition = _edition()
    project, _founder, _partner = european_project()
    _freeze(monkeypatch, datetime.datetime(2027, 5, 1, tzinfo=BRUSSELS))
    with pytest.raises(services.ValidationError):
        _submit(edition, project, teacher_in("be-fwb"))
