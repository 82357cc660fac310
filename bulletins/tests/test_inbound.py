"""The inbound Maildir: mailto unsubscribe requests and RFC 3464 bounces, with
real Maildir files; handled messages move to cur/ and are handled once."""

from __future__ import annotations

import logging
import mailbox
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from accounts.tests.factories import SchoolFactory, TeacherFactory
from bulletins import mailing, tasks
from bulletins.inbound import process_maildir
from bulletins.models import Delivery, DeliveryStatus, Unsubscription
from bulletins.selectors import bulletin_recipients
from bulletins.tests.factories import IssueFactory, SectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def maildir(tmp_path) -> Path:
    path = tmp_path / "inbound"
    mailbox.Maildir(path, create=True)
    return path


def deliver(maildir: Path, raw: str | bytes) -> str:
    """What the MTA does: a new file in new/."""
    return mailbox.Maildir(maildir, create=False).add(raw)


def in_new(maildir: Path) -> int:
    return len(list((maildir / "new").iterdir()))


def in_cur(maildir: Path) -> int:
    return len(list((maildir / "cur").iterdir()))


def unsubscribe_request(address: str, token: str) -> str:
    return (
        f"From: {address}\nTo: etwinning@cfwb.be\nSubject: unsubscribe {token}\n"
        "Message-ID: <req@example.org>\n\n\n"
    )


def sent_row(email: str, *, issue=None) -> Delivery:
    issue = issue or IssueFactory()
    SectionFactory(issue=issue)
    return Delivery.objects.create(issue=issue, email=email, status=DeliveryStatus.SENT)


def original_headers(row: Delivery) -> str:
    """The headers of the message as it really went out."""
    raw = mailing.IssueRenderer(row.issue).raw_message(
        email=row.email, language="fr", delivery_id=row.pk
    )
    return raw.split(b"\r\n\r\n", 1)[0].decode("ascii").replace("\r\n", "\n")


def dsn(*, status: str, rcpt: str, to: str = "etwinning@cfwb.be", returned: str = "") -> str:
    returned_part = f"--B\nContent-Type: text/rfc822-headers\n\n{returned}\n" if returned else ""
    return (
        "From: MAILER-DAEMON@mx.example.org\n"
        f"To: {to}\n"
        "Subject: Undelivered Mail Returned to Sender\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
        "--B\nContent-Type: text/plain\n\nThis is the mail system at mx.example.org.\n\n"
        "--B\nContent-Type: message/delivery-status\n\n"
        "Reporting-MTA: dns; mx.example.org\n\n"
        f"Final-Recipient: rfc822; {rcpt}\nAction: {'failed' if status[0] == '5' else 'delayed'}\n"
        f"Status: {status}\nDiagnostic-Code: smtp; 550 {status} User unknown\n\n"
        f"{returned_part}--B--\n"
    )


def test_a_mailto_unsubscribe_request_unsubscribes_the_teacher(maildir):
    teacher = TeacherFactory(email="anne@example.org")
    deliver(
        maildir, unsubscribe_request("anne@example.org", mailing.unsubscribe_token(teacher.email))
    )

    report = process_maildir(str(maildir))

    teacher.refresh_from_db()
    assert report.unsubscribed == ["anne@example.org"]
    assert teacher.bulletin_subscribed is False
    assert Unsubscription.objects.filter(email="anne@example.org").exists()
    assert (in_new(maildir), in_cur(maildir)) == (0, 1)


def test_a_mailto_unsubscribe_request_takes_a_school_out_of_the_audience(maildir):
    school = SchoolFactory(contact_email="direction@ecole.be")
    deliver(maildir, unsubscribe_request("x@y.be", mailing.unsubscribe_token(school.contact_email)))

    process_maildir(str(maildir))

    emails = [
        r.email for batch in bulletin_recipients(service=school.support_service) for r in batch
    ]
    assert "direction@ecole.be" not in emails


def test_a_permanent_bounce_marks_the_row_bounced_via_the_returned_header(maildir, settings):
    settings.BULLETIN_BOUNCE_LIMIT = 2
    TeacherFactory(email="gone@example.org")
    row = sent_row("gone@example.org")
    deliver(maildir, dsn(status="5.1.1", rcpt=row.email, returned=original_headers(row)))

    report = process_maildir(str(maildir))

    row.refresh_from_db()
    assert report.bounced == [row.pk]
    assert row.status == DeliveryStatus.BOUNCED
    assert row.error.startswith("5.1.1 smtp; 550 5.1.1 User unknown")
    # One bounce is below the limit: still subscribed.
    assert not Unsubscription.objects.filter(email="gone@example.org").exists()
    assert (in_new(maildir), in_cur(maildir)) == (0, 1)


def test_a_bounce_quoting_nothing_is_traced_through_the_verp_envelope_sender(maildir, settings):
    settings.BULLETIN_BOUNCE_ADDRESS = "bulletin-bounces@cfwb.be"
    row = sent_row("gone@example.org")
    verp = mailing.envelope_sender(row.pk)
    assert verp.startswith(f"bulletin-bounces+{row.pk}-") and verp.endswith("@cfwb.be")
    deliver(maildir, f"Delivered-To: {verp}\n" + dsn(status="5.2.1", rcpt=row.email, to=verp))

    process_maildir(str(maildir))

    row.refresh_from_db()
    assert row.status == DeliveryStatus.BOUNCED


def test_the_address_is_unsubscribed_after_the_configured_number_of_bounces(maildir, settings):
    settings.BULLETIN_BOUNCE_LIMIT = 2
    teacher = TeacherFactory(email="gone@example.org")
    first, second = sent_row("gone@example.org"), sent_row("gone@example.org")
    deliver(maildir, dsn(status="5.1.1", rcpt=teacher.email, returned=original_headers(first)))
    process_maildir(str(maildir))
    # The same notification delivered twice counts once.
    deliver(maildir, dsn(status="5.1.1", rcpt=teacher.email, returned=original_headers(first)))
    process_maildir(str(maildir))
    teacher.refresh_from_db()
    assert teacher.bulletin_subscribed is True

    deliver(maildir, dsn(status="5.1.1", rcpt=teacher.email, returned=original_headers(second)))
    process_maildir(str(maildir))

    teacher.refresh_from_db()
    assert teacher.bulletin_subscribed is False
    assert Unsubscription.objects.filter(email="gone@example.org").exists()
    assert in_cur(maildir) == 3


def test_a_delay_notification_changes_nothing_and_is_filed(maildir):
    row = sent_row("slow@example.org")
    deliver(maildir, dsn(status="4.4.7", rcpt=row.email, returned=original_headers(row)))

    report = process_maildir(str(maildir))

    row.refresh_from_db()
    assert (row.status, report.ignored) == (DeliveryStatus.SENT, 1)
    assert in_cur(maildir) == 1


def test_messages_are_handled_once(maildir):
    teacher = TeacherFactory(email="anne@example.org")
    deliver(maildir, unsubscribe_request(teacher.email, mailing.unsubscribe_token(teacher.email)))
    process_maildir(str(maildir))
    teacher.bulletin_subscribed = True  # re-subscribed in the profile
    teacher.save()

    report = process_maildir(str(maildir))

    teacher.refresh_from_db()
    assert report.unsubscribed == [] and teacher.bulletin_subscribed is True


def test_unusable_messages_stay_in_new_with_a_warning_and_the_loop_goes_on(maildir, caplog):
    row = sent_row("gone@example.org")
    forged = original_headers(row).replace(
        f"X-Bulletin-Delivery: {mailing.delivery_tag(row.pk)}",
        f"X-Bulletin-Delivery: {row.pk}-0123456789abcdef",
    )
    deliver(maildir, dsn(status="5.1.1", rcpt=row.email, returned=forged))
    deliver(maildir, unsubscribe_request("anne@example.org", "not-a-token"))
    deliver(maildir, b"\xff\xfe garbage without headers \x00")
    deliver(maildir, "Subject: Out of office\n\nI am away until Monday.\n")
    teacher = TeacherFactory(email="anne@example.org")
    deliver(maildir, unsubscribe_request(teacher.email, mailing.unsubscribe_token(teacher.email)))

    with caplog.at_level(logging.WARNING, logger="bulletins.inbound"):
        report = process_maildir(str(maildir))

    row.refresh_from_db()
    teacher.refresh_from_db()
    assert row.status == DeliveryStatus.SENT  # a forged bounce changes nothing
    assert teacher.bulletin_subscribed is False
    assert (report.left, report.ignored, report.unsubscribed) == (2, 2, ["anne@example.org"])
    assert (in_new(maildir), in_cur(maildir)) == (2, 3)
    assert len([r for r in caplog.records if "left in new/" in r.getMessage()]) == 2


def test_the_command_and_the_beat_task_process_the_configured_maildir(maildir, settings):
    teacher = TeacherFactory(email="anne@example.org")
    deliver(maildir, unsubscribe_request(teacher.email, mailing.unsubscribe_token(teacher.email)))
    out = StringIO()
    call_command("bulletin_inbound", maildir=str(maildir), stdout=out)
    assert "unsubscribed=1" in out.getvalue()

    other = TeacherFactory(email="bob@example.org")
    deliver(maildir, unsubscribe_request(other.email, mailing.unsubscribe_token(other.email)))
    settings.BULLETIN_INBOUND_MAILDIR = str(maildir)
    assert tasks.process_inbound_mail.delay().get()["unsubscribed"] == 1
    other.refresh_from_db()
    assert other.bulletin_subscribed is False
