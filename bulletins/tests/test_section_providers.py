"""The automatic sections other apps contribute to the monthly draft."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import service
from etwinning import hooks

pytestmark = pytest.mark.django_db


def test_every_registered_provider_runs_on_a_quiet_month():
    month = timezone.localdate().replace(day=1)
    providers = hooks.get_hooks("bulletin_sections")
    assert len(providers) == 4
    for provider in providers:
        drafts = provider(service=service("be-fwb"), issue_month=month)
        assert isinstance(drafts, list), provider


def test_the_contest_countdown_is_drafted_in_every_language():
    from labels.bulletin import contest_countdown_section
    from labels.models import BRUSSELS, ContestEdition

    now = timezone.now()
    # Twelve Brussels calendar days ahead, at the contest's usual 23:59:59: the
    # count must not depend on the hour the suite runs (a deadline "now + 12 days
    # 1 hour" is 13 calendar days away when run at 23:01 in Brussels).
    deadline_day = now.astimezone(BRUSSELS).date() + datetime.timedelta(days=12)
    ContestEdition.objects.create(
        year=now.year + 1,
        deadline=datetime.datetime.combine(deadline_day, datetime.time(23, 59, 59), BRUSSELS),
        ceremony_at=now + datetime.timedelta(days=120),
    )

    (draft,) = contest_countdown_section(service=service("be-fwb"), issue_month=now.date())

    assert "12 jours" in draft.body["fr"]
    assert "12 days" in draft.body["en"]
    assert "12 dagen" in draft.body["nl"]
    assert contest_countdown_section(service=service("be-vl"), issue_month=now.date()) == []


@pytest.mark.parametrize(
    ("brussels_now", "expected_fr", "expected_en"),
    [
        # 23:30 on 17 June and 00:30 on 18 June are one hour apart but two
        # different Brussels days: the count follows the calendar, not 24-hour blocks.
        (datetime.datetime(2027, 6, 17, 23, 30), "Plus que 13 jours", "13 days"),
        (datetime.datetime(2027, 6, 18, 0, 30), "Plus que 12 jours", "12 days"),
        (datetime.datetime(2027, 6, 29, 9, 0), "Plus que 1 jour ", "1 day "),
        (datetime.datetime(2027, 6, 30, 0, 5), "Dernier jour pour déposer", "Last day to enter"),
    ],
)
def test_the_countdown_counts_brussels_calendar_days_to_30_june(
    monkeypatch, brussels_now, expected_fr, expected_en
):
    from labels import clock
    from labels.bulletin import contest_countdown_section
    from labels.models import BRUSSELS, ContestEdition

    ContestEdition.objects.create(
        year=2027,
        deadline=datetime.datetime(2027, 7, 1, 0, 0, tzinfo=BRUSSELS),  # excluded: 30 June open
        ceremony_at=datetime.datetime(2027, 10, 15, 15, 0, tzinfo=BRUSSELS),
    )
    monkeypatch.setattr(clock, "now", lambda: brussels_now.replace(tzinfo=BRUSSELS))

    (draft,) = contest_countdown_section(service=service("be-fwb"), issue_month=brussels_now.date())

    assert expected_fr in draft.body["fr"]
    assert expected_en in draft.body["en"]
    assert "jusqu'au 30 juin 2027 inclus" in draft.body["fr"]
