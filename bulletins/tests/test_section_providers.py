"""The automatic sections other apps contribute to the monthly draft."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from accounts.tests.factories import service

pytestmark = pytest.mark.django_db


def test_every_registered_provider_runs_on_a_quiet_month():
    month = timezone.localdate().replace(day=1)
    for path in settings.BULLETIN_SECTION_PROVIDERS:
        drafts = import_string(path)(service=service("be-fwb"), issue_month=month)
        assert isinstance(drafts, list), path


def test_the_contest_countdown_is_drafted_in_every_language():
    from labels.bulletin import contest_countdown_section
    from labels.models import ContestEdition

    now = timezone.now()
    ContestEdition.objects.create(
        year=now.year + 1,
        deadline=now + datetime.timedelta(days=12, hours=1),
        ceremony_at=now + datetime.timedelta(days=120),
    )

    (draft,) = contest_countdown_section(service=service("be-fwb"), issue_month=now.date())

    assert "12 jours" in draft.body["fr"]
    assert "12 days" in draft.body["en"]
    assert "12 dagen" in draft.body["nl"]
    assert contest_countdown_section(service=service("be-vl"), issue_month=now.date()) == []
