"""Sending with eager Celery and the in-memory mail outbox: recipients,
deduplication, language, headers, idempotence and SMTP error handling."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail

from accounts.tests.factories import SchoolFactory, TeacherFactory, service
from bulletins import mailing, services
from bulletins.models import Delivery, DeliveryStatus, IssueStatus, Unsubscription
from bulletins.tests.factories import IssueFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(db):
    issue = IssueFactory()
    SectionFactory(issue=issue)
    return issue


def _send(issue, staff, capture):
    with capture(execute=True):
        services.issue_send_now(issue=issue, by=staff)
    issue.refresh_from_db()


def test_each_address_gets_one_message_even_if_teacher_and_school_contact(
    issue, staff_fwb, django_capture_on_commit_callbacks
):
    school = SchoolFactory(contact_email="Direction@Ecole.be")
    TeacherFactory(school=school, email="direction@ecole.be", preferred_language="en")
    TeacherFactory(school=school, email="anne@example.org", preferred_language="nl")
    TeacherFactory(school=school, email="off@example.org", bulletin_subscribed=False)
    TeacherFactory(school=school, email="pending@example.org", status="pending")
    SchoolFactory(contact_email="other@ecole.be", status="pending")
    SchoolFactory(contact_email="vl@school.be", support_service=service("be-vl"))

    _send(issue, staff_fwb, django_capture_on_commit_callbacks)

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["anne@example.org", "direction@ecole.be"]
    assert issue.status == IssueStatus.SENT
    assert Delivery.objects.get(email="direction@ecole.be").language == "en"


def test_messages_are_in_the_recipient_language_with_french_fallback(
    issue, staff_fwb, django_capture_on_commit_callbacks
):
    school = SchoolFactory(contact_email="")
    TeacherFactory(school=school, email="en@example.org", preferred_language="en")
    TeacherFactory(school=school, email="de@example.org", preferred_language="de")

    _send(issue, staff_fwb, django_capture_on_commit_callbacks)

    by_to = {m.to[0]: m for m in mail.outbox}
    assert by_to["en@example.org"].subject == "Liaison eTwinning — November"
    assert "Getting started with eTwinning" in by_to["en@example.org"].body
    # No German body was written: the French one stands in.
    assert "Démarrer avec eTwinning" in by_to["de@example.org"].body
    html = by_to["en@example.org"].alternatives[0][0]
    assert "<li>Getting started with eTwinning</li>" in html


def test_messages_carry_one_click_unsubscribe_headers(
    issue, staff_fwb, django_capture_on_commit_callbacks, settings
):
    TeacherFactory(school=SchoolFactory(contact_email=""), email="t@example.org")
    _send(issue, staff_fwb, django_capture_on_commit_callbacks)

    message = mail.outbox[0]
    token = mailing.unsubscribe_token("t@example.org")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        f"<{settings.SITE_URL}/fr/bulletin/unsubscribe/{token}/>"
        in message.extra_headers["List-Unsubscribe"]
    )
    assert "<mailto:" in message.extra_headers["List-Unsubscribe"]
    assert f"/bulletin/unsubscribe/{token}/" in message.body


def test_unsubscribed_school_contacts_are_skipped(
    issue, staff_fwb, django_capture_on_commit_callbacks
):
    SchoolFactory(contact_email="gone@ecole.be")
    SchoolFactory(contact_email="stays@ecole.be")
    Unsubscription.objects.create(email="gone@ecole.be")

    _send(issue, staff_fwb, django_capture_on_commit_callbacks)

    assert [m.to[0] for m in mail.outbox] == ["stays@ecole.be"]


def test_fan_out_and_chunks_run_twice_send_nothing_more(
    issue, staff_fwb, django_capture_on_commit_callbacks
):
    for n in range(5):
        SchoolFactory(contact_email=f"s{n}@ecole.be")
    _send(issue, staff_fwb, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 5

    issue.status = IssueStatus.SENDING
    issue.save()
    services.issue_fan_out(issue_id=issue.pk)
    ids = list(Delivery.objects.values_list("pk", flat=True))
    mailing.send_chunk(issue_id=issue.pk, first_id=min(ids), last_id=max(ids))

    assert len(mail.outbox) == 5
    assert Delivery.objects.filter(issue=issue).count() == 5


def test_a_permanent_refusal_marks_the_row_failed_and_others_go(
    issue, staff_fwb, django_capture_on_commit_callbacks, monkeypatch
):
    SchoolFactory(contact_email="bad@ecole.be")
    SchoolFactory(contact_email="good@ecole.be")
    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages

    def refuse(self, messages):
        if messages[0].to == ["bad@ecole.be"]:
            raise smtplib.SMTPRecipientsRefused({"bad@ecole.be": (550, b"No such user")})
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    _send(issue, staff_fwb, django_capture_on_commit_callbacks)

    bad = Delivery.objects.get(email="bad@ecole.be")
    assert (bad.status, bad.error) == (DeliveryStatus.FAILED, "550 No such user")
    assert [m.to[0] for m in mail.outbox] == ["good@ecole.be"]
    assert issue.status == IssueStatus.SENT


def test_a_transient_refusal_defers_the_row_for_a_later_try(issue, monkeypatch):
    SchoolFactory(contact_email="later@ecole.be")
    issue.status = IssueStatus.SENDING
    issue.save()
    monkeypatch.setattr("bulletins.tasks.send_chunk.delay", lambda *a: None)
    services.issue_fan_out(issue_id=issue.pk)
    from django.core.mail.backends.locmem import EmailBackend

    def busy(self, messages):
        raise smtplib.SMTPRecipientsRefused({"later@ecole.be": (451, b"Try again later")})

    monkeypatch.setattr(EmailBackend, "send_messages", busy)
    row = Delivery.objects.get()
    result = mailing.send_chunk(issue_id=issue.pk, first_id=row.pk, last_id=row.pk)

    row.refresh_from_db()
    assert (row.status, row.attempts, row.error) == (
        DeliveryStatus.DEFERRED,
        1,
        "451 Try again later",
    )
    assert result.next_due == row.next_attempt_at


def test_a_row_claimed_by_a_live_execution_is_not_sent_again(issue, monkeypatch):
    SchoolFactory(contact_email="claimed@ecole.be")
    issue.status = IssueStatus.SENDING
    issue.save()
    monkeypatch.setattr("bulletins.tasks.send_chunk.delay", lambda *a: None)
    services.issue_fan_out(issue_id=issue.pk)
    row = Delivery.objects.get()
    from django.utils import timezone

    Delivery.objects.filter(pk=row.pk).update(status="sending", claimed_at=timezone.now())

    result = mailing.send_chunk(issue_id=issue.pk, first_id=row.pk, last_id=row.pk)

    assert (result.sent, result.busy, len(mail.outbox)) == (0, 1, 0)


def test_a_stale_claim_left_by_a_killed_worker_is_sent_once(issue, monkeypatch, settings):
    SchoolFactory(contact_email="crashed@ecole.be")
    issue.status = IssueStatus.SENDING
    issue.save()
    monkeypatch.setattr("bulletins.tasks.send_chunk.delay", lambda *a: None)
    services.issue_fan_out(issue_id=issue.pk)
    row = Delivery.objects.get()
    import datetime

    from django.utils import timezone

    long_ago = timezone.now() - datetime.timedelta(
        seconds=settings.BULLETIN_CLAIM_STALE_SECONDS + 5
    )
    Delivery.objects.filter(pk=row.pk).update(status="sending", claimed_at=long_ago, attempts=1)

    result = mailing.send_chunk(issue_id=issue.pk, first_id=row.pk, last_id=row.pk)

    row.refresh_from_db()
    assert (result.sent, row.status, row.attempts, len(mail.outbox)) == (1, "sent", 2, 1)
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<bulletin.{issue.pk}.{row.pk}@cfwb.be>"
