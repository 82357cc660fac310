"""Staff compose, preview, test-send, schedule and cancel in admin, scoped to
their service; sent issues appear in the public archive."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import service
from bulletins import services
from bulletins.models import BulletinIssue, IssueStatus
from bulletins.tasks import draft_monthly_issues, start_due_issues
from bulletins.tests.factories import IssueFactory, SectionFactory
from etwinning import hooks

pytestmark = pytest.mark.django_db


def _send_url(issue):
    return reverse("admin:bulletins_bulletinissue_send", args=[issue.pk])


def test_staff_preview_each_language(client, staff_fwb):
    issue = IssueFactory()
    SectionFactory(issue=issue)
    client.force_login(staff_fwb)

    en = client.get(reverse("admin:bulletins_bulletinissue_preview", args=[issue.pk, "en"]))
    fr = client.get(reverse("admin:bulletins_bulletinissue_preview", args=[issue.pk, "fr"]))

    assert b"Trainings of the month" in en.content
    assert "Formations du mois" in fr.content.decode()


def test_staff_of_another_service_cannot_see_the_issue(client, staff_vl):
    issue = IssueFactory(service=service("be-fwb"))
    client.force_login(staff_vl)

    assert client.get(_send_url(issue)).status_code == 404
    assert client.get(reverse("admin:bulletins_bulletinissue_changelist")).status_code == 200
    assert not BulletinIssue.objects.filter(pk=issue.pk, status="scheduled").exists()


def test_test_send_goes_only_to_the_staff_member(client, staff_fwb):
    issue = IssueFactory()
    client.force_login(staff_fwb)

    client.post(_send_url(issue), {"op": "test", "test-language": "en"})

    assert [m.to for m in mail.outbox] == [[staff_fwb.email]]
    assert mail.outbox[0].subject == "Liaison eTwinning — November"


def test_schedule_then_cancel_before_it_starts(client, staff_fwb):
    issue = IssueFactory()
    client.force_login(staff_fwb)
    when = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")

    client.post(_send_url(issue), {"op": "schedule", "schedule-send_at": when})
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SCHEDULED
    client.post(_send_url(issue), {"op": "cancel"})
    issue.refresh_from_db()
    assert issue.status == IssueStatus.CANCELLED


def test_an_issue_that_started_cannot_be_cancelled(staff_fwb):
    issue = IssueFactory(status=IssueStatus.SCHEDULED, send_at=timezone.now())
    start_due_issues()
    issue.refresh_from_db()
    assert issue.status in (IssueStatus.SENDING, IssueStatus.SENT)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.issue_cancel(issue=issue, by=staff_fwb)


def test_monthly_drafts_are_created_once_per_service(db):
    with hooks.replaced("bulletin_sections", fake_provider):
        first = draft_monthly_issues()
        second = draft_monthly_issues()

    from accounts.models import SupportService

    assert len(first) == SupportService.objects.count() and second == []
    issue = BulletinIssue.objects.get(service=service("be-fwb"))
    section = issue.sections.get()
    assert (section.kind, section.title_en, section.title_fr) == ("automatic", "Hello", "Bonjour")


def fake_provider(*, service, issue_month):
    from bulletins.sections import SectionDraft

    return [SectionDraft(key="fake", title={"fr": "Bonjour", "en": "Hello"}, body={"fr": "Texte"})]


def test_archive_lists_sent_issues_only(client, db):
    sent = IssueFactory(status=IssueStatus.SENT, subject_fr="Numéro envoyé")
    SectionFactory(issue=sent)
    IssueFactory(status=IssueStatus.DRAFT, subject_fr="Brouillon secret")

    page = client.get(reverse("bulletins:archive")).content.decode()
    assert "Numéro envoyé" in page and "Brouillon secret" not in page
    detail = client.get(reverse("bulletins:archive_detail", args=[sent.pk]))
    assert "Formations du mois" in detail.content.decode()
    with_lang = client.get(f"/en/bulletin/{sent.pk}/")
    assert "Trainings of the month" in with_lang.content.decode()
