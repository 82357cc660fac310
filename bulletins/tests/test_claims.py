"""A chunk claims its rows at once: what keeps a message from going out twice
when two executions of a chunk overlap or one stalls."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from bulletins import mailing
from bulletins.models import Delivery, DeliveryStatus, IssueStatus
from bulletins.tests.factories import IssueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows():
    issue = IssueFactory(status=IssueStatus.SENDING)
    return [Delivery.objects.create(issue=issue, email=f"r{n}@example.org") for n in range(4)]


def _claim(rows) -> mailing._Claim:
    return mailing._Claim(issue_id=rows[0].issue_id, first_id=rows[0].pk, last_id=rows[-1].pk)


def test_a_second_execution_of_a_claimed_chunk_gets_nothing_and_reports_busy(rows):
    first = _claim(rows)
    second = _claim(rows)

    assert [r.pk for r in first.rows] == [r.pk for r in rows]
    assert (second.rows, second.busy) == ([], 4)


def test_stale_claims_are_taken_over_and_the_stalled_execution_drops_them(rows, settings):
    settings.BULLETIN_CLAIM_STALE_SECONDS = 60
    stalled = _claim(rows)
    stalled.done.add(rows[0].pk)  # it sent the first one, then stalled
    long_ago = timezone.now() - datetime.timedelta(seconds=61)
    Delivery.objects.filter(pk__in=[r.pk for r in rows[1:]]).update(claimed_at=long_ago)

    rescuer = _claim(rows)
    stalled.refreshed -= 3600  # its next renewal is due
    stalled.keep_fresh()

    assert [r.pk for r in rescuer.rows] == [r.pk for r in rows[1:]]
    assert stalled.owned == {rows[0].pk}  # it will send none of the rescued rows


def test_a_live_execution_renews_its_claims_before_they_go_stale(rows, settings):
    settings.BULLETIN_CLAIM_STALE_SECONDS = 60
    live = _claim(rows)
    before = live.at
    live.refreshed -= 21  # a third of the stale delay has passed
    live.keep_fresh()

    assert live.at > before and live.owned == {r.pk for r in rows}
    assert set(Delivery.objects.values_list("claimed_at", flat=True)) == {live.at}
    assert _claim(rows).rows == []


def test_rows_not_tried_go_back_to_the_queue_without_counting_an_attempt(rows):
    claim = _claim(rows)
    claim.done.add(rows[0].pk)

    claim.release_untried()

    statuses = dict(Delivery.objects.values_list("pk", "status"))
    attempts = dict(Delivery.objects.values_list("pk", "attempts"))
    assert statuses[rows[0].pk] == DeliveryStatus.SENDING
    assert all(statuses[r.pk] == DeliveryStatus.QUEUED for r in rows[1:])
    assert (attempts[rows[0].pk], attempts[rows[1].pk]) == (1, 0)
