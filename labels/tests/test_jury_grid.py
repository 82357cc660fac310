"""The jury grid is saved whole or not at all: one invalid score in a post saves
nothing (not even the valid ones), the page answers 400 with each row's error next
to it and every typed value kept; a valid post saves every score."""

import datetime
import html
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from labels import clock, services
from labels.models import JuryScore
from labels.tests.factories import enter, european_project

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")
URL = "/fr/labels/contest/2027/jury/"


@pytest.fixture
def grid(monkeypatch, staff_fwb):
    """An edition of 2027 with two entries, after the deadline, ``staff_fwb`` on its jury."""
    edition = services.contest_edition_create(year=2027)
    monkeypatch.setattr(clock, "now", lambda: datetime.datetime(2027, 5, 1, 12, tzinfo=BRUSSELS))
    entries = []
    for title in ("Le voyage de Léon", "Défis de maths"):
        project, founder, _partner = european_project(title=title)
        entries.append(enter(edition, project, founder))
    monkeypatch.setattr(clock, "now", lambda: datetime.datetime(2027, 7, 2, 10, tzinfo=BRUSSELS))
    edition.jury.add(staff_fwb)
    criteria = list(edition.criteria.all())
    return edition, entries, criteria


def _post(entries, criteria, values: dict[tuple[int, int], str]) -> dict[str, str]:
    """The grid's form data: ``values`` maps (row, criterion index) to what is typed."""
    data = {"grid-TOTAL_FORMS": str(len(entries)), "grid-INITIAL_FORMS": str(len(entries))}
    for row, entry in enumerate(entries):
        data[f"grid-{row}-entry"] = str(entry.pk)
        for col, criterion in enumerate(criteria):
            data[f"grid-{row}-c{criterion.pk}"] = values.get((row, col), "")
    return data


def test_one_invalid_score_saves_nothing_and_keeps_what_was_typed(client, grid, staff_fwb):
    edition, entries, criteria = grid
    client.force_login(staff_fwb)
    # criterion 0 is out of 10 points: 99 is refused, 7 is fine
    response = client.post(URL, _post(entries, criteria, {(0, 0): "7", (1, 0): "99"}))

    assert response.status_code == 400
    assert JuryScore.objects.count() == 0
    body = html.unescape(response.content.decode())
    assert 'value="7"' in body and 'value="99"' in body
    assert "Aucune note n'est enregistrée" in body
    # the error sits in the second row (Défis de maths), not the first
    first, second = body.split("Le voyage de Léon", 1)[1].split("Défis de maths", 1)
    assert 'data-testid="row-errors"' not in first
    assert 'data-testid="row-errors"' in second.split("</tr>", 1)[0]
    assert "inférieure ou égale à 10" in second


def test_an_invalid_score_leaves_earlier_scores_as_they_were(client, grid, staff_fwb):
    edition, entries, criteria = grid
    services.jury_scores_record(
        edition=edition, juror=staff_fwb, scores={entries[0].pk: {criteria[0].pk: 3}}
    )
    client.force_login(staff_fwb)
    response = client.post(URL, _post(entries, criteria, {(0, 0): "8", (1, 1): "abc"}))

    assert response.status_code == 400
    assert list(JuryScore.objects.values_list("entry_id", "points")) == [(entries[0].pk, 3)]
    body = response.content.decode()
    assert 'value="8"' in body and 'value="abc"' in body


def test_a_valid_grid_saves_every_score_and_a_cleared_cell_removes_its_score(
    client, grid, staff_fwb
):
    edition, entries, criteria = grid
    services.jury_scores_record(
        edition=edition, juror=staff_fwb, scores={entries[1].pk: {criteria[1].pk: 5}}
    )
    client.force_login(staff_fwb)
    response = client.post(URL, _post(entries, criteria, {(0, 0): "7", (0, 1): "6", (1, 0): "4"}))

    assert response.status_code == 302
    saved = set(JuryScore.objects.values_list("entry_id", "criterion_id", "points"))
    assert saved == {
        (entries[0].pk, criteria[0].pk, 7),
        (entries[0].pk, criteria[1].pk, 6),
        (entries[1].pk, criteria[0].pk, 4),
    }
    page = client.get(URL).content.decode()
    assert 'value="7"' in page and 'value="6"' in page and 'value="4"' in page


def test_a_row_for_an_entry_of_another_edition_saves_nothing(client, grid, staff_fwb):
    edition, entries, criteria = grid
    other_edition = services.contest_edition_create(year=2026)
    data = _post(entries, criteria, {(0, 0): "7"})
    foreign, *_ = other_edition.criteria.all()
    data["grid-1-entry"] = "999999"
    client.force_login(staff_fwb)
    response = client.post(URL, data)

    assert response.status_code == 400
    assert JuryScore.objects.count() == 0
    assert "rechargez la page" in html.unescape(response.content.decode())
    with pytest.raises(ValidationError):
        services.jury_scores_record(
            edition=edition, juror=staff_fwb, scores={entries[0].pk: {foreign.pk: 1}}
        )
    assert JuryScore.objects.count() == 0


def test_the_service_checks_every_value_before_writing_any(grid, staff_fwb):
    edition, entries, criteria = grid
    with pytest.raises(ValidationError):
        services.jury_scores_record(
            edition=edition,
            juror=staff_fwb,
            scores={entries[0].pk: {criteria[0].pk: 7}, entries[1].pk: {criteria[0].pk: 11}},
        )
    assert JuryScore.objects.count() == 0


def test_a_failure_while_writing_rolls_back_the_scores_already_written(
    grid, staff_fwb, monkeypatch
):
    edition, entries, criteria = grid
    real = JuryScore.objects.update_or_create
    calls = []

    def fail_on_second(*args, **kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real(*args, **kwargs)

    monkeypatch.setattr(JuryScore.objects, "update_or_create", fail_on_second)
    with pytest.raises(RuntimeError):
        services.jury_scores_record(
            edition=edition,
            juror=staff_fwb,
            scores={entries[0].pk: {criteria[0].pk: 7}, entries[1].pk: {criteria[0].pk: 5}},
        )
    assert len(calls) == 2
    assert JuryScore.objects.count() == 0
