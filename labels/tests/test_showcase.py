"""What the labels app adds to the portal's pages (labels/showcase.py, through
hooks): on the home page the latest labelled and prize-winning projects and the
contest deadline while an edition is open; on the statistics page labels and prizes
per year."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import service
from labels import showcase
from labels.models import (
    ApplicationStatus,
    ContestCategory,
    ContestEdition,
    ContestEntry,
    EuropeanLabel,
)
from labels.tests.factories import GOOD_SCORES, application, european_project, open_round

pytestmark = pytest.mark.django_db


def at(year: int, month: int = 3) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, 1, 12))


def edition(year: int, *, deadline, published=False) -> ContestEdition:
    return ContestEdition.objects.create(
        year=year,
        deadline=deadline,
        ceremony_at=deadline + timedelta(days=100),
        results_published_at=deadline + timedelta(days=50) if published else None,
    )


def winner(project, contest: ContestEdition, name="7 à 11 ans") -> ContestEntry:
    category = ContestCategory.objects.create(edition=contest, name=name)
    return ContestEntry.objects.create(
        edition=contest,
        project=project,
        category=category,
        presentation="Notre mascotte a voyagé.",
        evidence_links="https://example.org/p",
        is_winner=True,
    )


def test_labels_and_prizes_are_counted_per_year():
    label_round = open_round()
    project, fwb_teacher, partner = european_project()
    first = application(
        project,
        fwb_teacher,
        status=ApplicationStatus.AWARDED,
        scores=GOOD_SCORES,
        round=label_round,
    )
    second = application(
        project, partner, status=ApplicationStatus.AWARDED, scores=GOOD_SCORES, round=label_round
    )
    type(first).objects.filter(pk=first.pk).update(decided_at=at(2024))
    type(second).objects.filter(pk=second.pk).update(decided_at=at(2025))
    EuropeanLabel.objects.filter(
        pk=EuropeanLabel.objects.create(round=label_round, project=project).pk
    ).update(awarded_at=at(2025, 11))
    other, *_ = european_project()
    application(other, other.founded_by, round=label_round)  # submitted: not a label
    winner(project, edition(2025, deadline=at(2025, 6), published=True))
    winner(other, edition(2026, deadline=at(2026, 6), published=False))  # not published yet

    figures = showcase.labels_and_prizes_per_year()
    assert figures == {"labels": [(2024, 1), (2025, 2)], "prizes": [(2025, 1)]}
    fwb = showcase.labels_and_prizes_per_year(service("be-fwb"))
    assert fwb["labels"] == [(2024, 1), (2025, 1)]  # the FWB teacher's label and the European one
    assert fwb["prizes"] == [(2025, 1)]


def test_the_statistics_page_charts_labels_and_prizes(client):
    project, fwb_teacher, _partner = european_project()
    application(project, fwb_teacher, status=ApplicationStatus.AWARDED, scores=GOOD_SCORES)
    html = client.get(reverse("portal:statistics")).content.decode()
    assert 'data-chart="labels_per_year"' in html
    assert 'data-chart="prizes_per_year"' in html


def test_the_home_page_shows_the_open_contest_deadline(client):
    deadline = timezone.now() + timedelta(days=40)
    edition(deadline.year + 1, deadline=deadline)
    html = client.get(reverse("portal:home")).content.decode()
    assert reverse("labels:contest") in html
    assert "heure de Bruxelles" in html


def test_no_contest_section_when_no_edition_is_open(client):
    edition(2020, deadline=at(2020, 6))
    html = client.get(reverse("portal:home")).content.decode()
    assert "heure de Bruxelles" not in html


def test_the_home_page_shows_labelled_and_prize_winning_projects(client):
    project, fwb_teacher, _partner = european_project(title="Le voyage de Léon")
    application(project, fwb_teacher, status=ApplicationStatus.AWARDED, scores=GOOD_SCORES)
    laureate, *_ = european_project(title="Débattre des stéréotypes")
    winner(laureate, edition(2025, deadline=at(2025, 6), published=True))
    html = client.get(reverse("portal:home")).content.decode()
    assert "Le voyage de Léon" in html
    assert "Débattre des stéréotypes" in html
    assert reverse("projects:public", args=[laureate.pk]) in html
