"""Jury permissions and scoping, results publication, reminders sent once, .ics feed."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from labels import clock, selectors, services, tasks
from labels.models import ContestEntry, ContestReminder
from labels.tests.factories import enter, european_project, teacher_in
from projects.models import ProjectState

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


def _at(monkeypatch, *args):
    moment = datetime.datetime(*args, tzinfo=BRUSSELS)
    monkeypatch.setattr(clock, "now", lambda: moment)
    return moment


def _edition_with_entries(monkeypatch, count=2):
    edition = services.contest_edition_create(year=2027, ceremony_place="Bruxelles")
    _at(monkeypatch, 2027, 5, 1, 12)
    category = edition.categories.get(name="7 à 11 ans")
    entries = []
    for _ in range(count):
        project, founder, _partner = european_project()
        entries.append(enter(edition, project, founder, category=category))
    return edition, entries


def _scores(entry, criterion, points):
    return {entry.pk: {criterion.pk: points}}


def test_only_jury_members_score_and_only_after_the_deadline(
    monkeypatch, staff_fwb, staff_vl, client
):
    edition, (entry, _other) = _edition_with_entries(monkeypatch)
    edition.jury.add(staff_fwb)
    criterion = edition.criteria.first()
    record = services.jury_scores_record
    with pytest.raises(ValidationError):  # still open
        record(edition=edition, juror=staff_fwb, scores=_scores(entry, criterion, 8))
    _at(monkeypatch, 2027, 7, 2, 10)
    with pytest.raises(PermissionDenied):
        record(edition=edition, juror=staff_vl, scores=_scores(entry, criterion, 8))
    with pytest.raises(ValidationError):
        record(edition=edition, juror=staff_fwb, scores=_scores(entry, criterion, 11))
    record(edition=edition, juror=staff_fwb, scores=_scores(entry, criterion, 8))
    assert selectors.entry_totals(edition) == {entry.pk: 8}
    client.force_login(staff_vl)
    assert client.get("/fr/labels/contest/2027/jury/").status_code == 404
    client.force_login(staff_fwb)
    page = client.get("/fr/labels/contest/2027/jury/")
    assert page.status_code == 200
    data = {
        "grid-TOTAL_FORMS": "2",
        "grid-INITIAL_FORMS": "2",
        "grid-0-entry": str(entry.pk),
        f"grid-0-c{criterion.pk}": "9",
        "grid-1-entry": str(_other.pk),
    }
    response = client.post("/fr/labels/contest/2027/jury/", data)
    assert response.status_code == 302
    assert selectors.entry_totals(edition)[entry.pk] == 9


def test_teachers_cannot_reach_the_jury_page(monkeypatch, client):
    _edition_with_entries(monkeypatch, count=1)
    client.force_login(teacher_in("be-fwb"))
    assert client.get("/fr/labels/contest/2027/jury/").status_code == 404


def test_publishing_picks_the_best_per_category_and_mails_entrants(
    monkeypatch, staff_fwb, client, django_capture_on_commit_callbacks
):
    edition, (best, other) = _edition_with_entries(monkeypatch)
    edition.jury.add(staff_fwb)
    _at(monkeypatch, 2027, 7, 2, 10)
    criterion = edition.criteria.first()
    services.jury_scores_record(
        edition=edition,
        juror=staff_fwb,
        scores={best.pk: {criterion.pk: 9}, other.pk: {criterion.pk: 4}},
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.contest_results_publish(edition=edition, by=staff_fwb)
    assert list(ContestEntry.objects.filter(is_winner=True)) == [best]
    invitations = [m for m in mail.outbox if "lauréat" in m.subject]
    results = [m for m in mail.outbox if "les résultats" in m.subject]
    assert len(results) == 1 and results[0].to == [other.submitted_by.email]
    # the winner's two members are invited, with the ceremony in an .ics attachment
    assert len(invitations) == 2
    name, content, mimetype = invitations[0].attachments[0]
    assert mimetype == "text/calendar" and "BEGIN:VEVENT" in content
    page = client.get("/fr/labels/contest/2027/winners/").content.decode()
    assert best.project.title in page and other.project.title not in page


def test_results_are_not_published_before_the_deadline(monkeypatch, staff_fwb):
    edition, _entries = _edition_with_entries(monkeypatch, count=1)
    with pytest.raises(ValidationError):
        services.contest_results_publish(edition=edition, by=staff_fwb)


def test_only_fwb_staff_publish_the_results(monkeypatch, staff_vl):
    edition, _entries = _edition_with_entries(monkeypatch, count=1)
    _at(monkeypatch, 2027, 7, 2, 10)
    with pytest.raises(PermissionDenied):
        services.contest_results_publish(edition=edition, by=staff_vl)


def test_reminders_go_a_month_and_a_week_before_each_once(monkeypatch):
    services.contest_edition_create(year=2027)
    project, fwb, foreign = european_project(state=ProjectState.ACTIVE)
    finished, fwb_finished_only, _x = european_project(state=ProjectState.FINISHED)
    _at(monkeypatch, 2027, 5, 15, 8)  # 46 days before: nothing
    assert tasks.send_contest_reminders() == 0
    _at(monkeypatch, 2027, 6, 1, 8)  # 29 days before: the month reminder
    assert tasks.send_contest_reminders() == 1
    assert tasks.send_contest_reminders() == 0  # once
    assert [m.to for m in mail.outbox] == [[fwb.email]]
    _at(monkeypatch, 2027, 6, 25, 8)  # 5 days before: the week reminder
    assert tasks.send_contest_reminders() == 1
    assert tasks.send_contest_reminders() == 0
    assert ContestReminder.objects.count() == 2
    assert "plus que 5 jours" in mail.outbox[-1].subject
    _at(monkeypatch, 2027, 7, 1, 8)  # after the deadline
    assert tasks.send_contest_reminders() == 0


def test_the_ics_feed_lists_deadline_and_ceremony(client):
    services.contest_edition_create(year=2027, ceremony_place="Bruxelles; salle A")
    response = client.get("/fr/labels/contest/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert "DTSTART;VALUE=DATE:20270630\r\n" in body  # the last open day, all day long
    assert "LOCATION:Bruxelles\\; salle A" in body
    assert body.count("BEGIN:VEVENT") == 2
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
