"""A worker process keeps the renderer of the issue it is sending from one chunk to
the next (rendering each language again per chunk cost a fifth of its time), and
never serves one issue's text for another or for an edited one."""

from __future__ import annotations

import pytest

from bulletins import mailing
from bulletins.models import BulletinIssue, IssueStatus
from bulletins.sections import PersonalPart
from bulletins.tests.factories import IssueFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_kept_renderer():
    mailing._RENDERERS.clear()
    yield
    mailing._RENDERERS.clear()


def _loaded(issue) -> BulletinIssue:
    """The issue as a chunk task loads it."""
    return BulletinIssue.objects.select_related("service").get(pk=issue.pk)


def test_chunks_of_the_same_issue_share_one_renderer():
    issue = IssueFactory(status=IssueStatus.SENDING)

    assert mailing.renderer_for(_loaded(issue)) is mailing.renderer_for(_loaded(issue))


def test_another_issue_gets_its_own_renderer_and_only_one_is_kept():
    first = IssueFactory(status=IssueStatus.SENDING, subject_fr="Premier")
    second = IssueFactory(status=IssueStatus.SENDING, subject_fr="Second")
    SectionFactory(issue=first)
    SectionFactory(issue=second)

    text_first = mailing.renderer_for(_loaded(first)).render("fr").subject
    text_second = mailing.renderer_for(_loaded(second)).render("fr").subject

    assert (text_first, text_second) == ("Premier", "Second")
    assert len(mailing._RENDERERS) == 1


def test_an_issue_saved_again_is_rendered_again():
    issue = IssueFactory(status=IssueStatus.SENDING, subject_fr="Avant")
    before = mailing.renderer_for(_loaded(issue))
    issue.subject_fr = "Après"
    issue.save()

    after = mailing.renderer_for(_loaded(issue))

    assert after is not before
    assert after.render("fr").subject == "Après"


def test_the_per_reader_cache_stays_bounded(monkeypatch):
    renderer = mailing.renderer_for(_loaded(IssueFactory(status=IssueStatus.SENDING)))
    monkeypatch.setattr(mailing.IssueRenderer, "MAX_VARIANTS", 3)
    renderer._variants.update({("fr", PersonalPart("i", (str(n),))): ("t", "h") for n in range(3)})

    mailing.renderer_for(_loaded(renderer.issue))
    kept = len(renderer._variants)
    renderer._variants[("fr", PersonalPart("i", ("3",)))] = ("t", "h")
    mailing.renderer_for(_loaded(renderer.issue))

    assert (kept, len(renderer._variants)) == (3, 0)
