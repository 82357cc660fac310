"""The trainings' section proposed for the monthly bulletin."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import service
from etwinning import hooks
from trainings.bulletin import upcoming_trainings_section
from trainings.tests.factories import TrainingFactory

pytestmark = pytest.mark.django_db


def test_the_section_lists_the_services_open_trainings_in_each_language():
    TrainingFactory(title_fr="Le TwinSpace", title_nl="De TwinSpace")
    TrainingFactory(title="Une autre communauté", service=service("be-vl"))
    TrainingFactory(title="Brouillon", is_published=False)
    (draft,) = upcoming_trainings_section(
        service=service("be-fwb"), issue_month=timezone.localdate().replace(day=1)
    )
    assert "Le TwinSpace" in draft.body["fr"]
    assert "De TwinSpace" in draft.body["nl"]
    assert "Une autre communauté" not in draft.body["fr"]
    assert "Brouillon" not in draft.body["fr"]
    assert draft.title["de"] == "Nächste Fortbildungen"
    assert draft.link_url.endswith("/fr/trainings/")


def test_no_section_without_upcoming_trainings():
    start = timezone.now() + timedelta(days=200)
    TrainingFactory(starts_at=start, registration_deadline=start)
    month = datetime.date.today().replace(day=1)
    assert upcoming_trainings_section(service=service("be-fwb"), issue_month=month) == []


def test_the_section_is_registered_for_the_bulletin():
    assert upcoming_trainings_section in hooks.get_hooks("bulletin_sections")
