"""The contest deadline is 30 June 23:59:59 in Brussels whatever TIME_ZONE says:
23:59:59 is accepted, 00:00:00 on 1 July refused with a clear message."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from labels import clock, services
from labels.models import ContestEntry
from labels.tests.factories import european_project

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")
ZONES = ["UTC", "Pacific/Auckland", "America/Los_Angeles", "Europe/Brussels"]


def _freeze(monkeypatch, moment):
    monkeypatch.setattr(clock, "now", lambda: moment)


def _edition():
    return services.contest_edition_create(year=2027)


def test_default_deadline_and_ceremony_are_brussels_times():
    edition = _edition()
    local = edition.deadline.astimezone(BRUSSELS)
    assert (local.month, local.day, local.hour, local.minute, local.second) == (6, 30, 23, 59, 59)
    # 30 June 2027 is summer time: 21:59:59 UTC.
    assert edition.deadline.astimezone(datetime.UTC).hour == 21
    assert edition.ceremony_at.astimezone(BRUSSELS).month == 10
    assert [c.name for c in edition.categories.all()] == [
        "Jusqu'à 6 ans",
        "7 à 11 ans",
        "12 à 15 ans",
        "16 à 19 ans",
        "Formation professionnelle initiale",
    ]


@pytest.mark.parametrize("zone", ZONES)
def test_a_submission_at_23_59_59_is_accepted(zone, monkeypatch):
    with override_settings(TIME_ZONE=zone):
        edition = _edition()
        project, founder, _partner = european_project()
        _freeze(monkeypatch, datetime.datetime(2027, 6, 30, 23, 59, 59, tzinfo=BRUSSELS))
        entry = services.contest_entry_submit(
            edition=edition,
            project=project,
            user=founder,
            category=edition.categories.first(),
            presentation="Notre projet",
            evidence_links="https://example.org/a",
        )
    assert entry.pk


@pytest.mark.parametrize("zone", ZONES)
def test_a_submission_at_midnight_on_1_july_is_refused(zone, monkeypatch):
    with override_settings(TIME_ZONE=zone):
        edition = _edition()
        project, founder, _partner = european_project()
        _freeze(monkeypatch, datetime.datetime(2027, 7, 1, 0, 0, 0, tzinfo=BRUSSELS))
        with pytest.raises(services.ValidationError) as error:
            services.contest_entry_submit(
                edition=edition,
                project=project,
                user=founder,
                category=edition.categories.first(),
                presentation="Notre projet",
                evidence_links="https://example.org/a",
            )
    assert "date limite de participation" in error.value.messages[0]
    assert "est dépassée" in error.value.messages[0]
    assert not ContestEntry.objects.exists()


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
        _freeze(monkeypatch, datetime.datetime(2027, 7, 1, 0, 0, 0, tzinfo=BRUSSELS))
        refused = client.post("/fr/labels/contest/enter/", data)
    assert refused.status_code == 400
    assert "est dépassée" in refused.content.decode()
    assert "Notre projet" in refused.content.decode()  # what was typed is kept
    assert not ContestEntry.objects.exists()


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
        services.contest_entry_submit(
            edition=edition,
            project=project,
            user=a,
            category=edition.categories.first(),
            presentation="x",
            evidence_links="https://example.org",
        )
    assert "Fédération Wallonie-Bruxelles" in error.value.messages[0]


def test_a_non_member_cannot_enter(monkeypatch):
    from labels.tests.factories import teacher_in

    edition = _edition()
    project, _founder, _partner = european_project()
    _freeze(monkeypatch, datetime.datetime(2027, 5, 1, tzinfo=BRUSSELS))
    with pytest.raises(services.ValidationError):
        services.contest_entry_submit(
            edition=edition,
            project=project,
            user=teacher_in("be-fwb"),
            category=edition.categories.first(),
            presentation="x",
            evidence_links="https://example.org",
        )
