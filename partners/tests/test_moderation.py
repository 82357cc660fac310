"""Reports feed a moderation queue scoped to the reported teacher's service."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.tests.factories import SchoolFactory, TeacherFactory, service
from partners import search, services
from partners.models import Announcement, Message, Report, ReportStatus, Suspension
from partners.tests.factories import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def fwb_author():
    return TeacherFactory(school=SchoolFactory(support_service=service("be-fwb")))


@pytest.fixture
def vl_author():
    return TeacherFactory(school=SchoolFactory(support_service=service("be-vl"), city="Gent"))


def test_reporting_an_announcement_creates_an_open_report(client, fwb_author):
    announcement = publish(fwb_author)
    reporter = TeacherFactory()
    client.force_login(reporter)
    response = client.post(
        reverse("partners:report", args=["announcement", announcement.pk]),
        {"reason": "Publicité commerciale"},
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.reported_teacher == fwb_author
    assert report.status == ReportStatus.OPEN


def test_a_message_can_only_be_reported_by_its_recipient(fwb_author):
    other = TeacherFactory()
    contact = services.contact_request_send(sender=fwb_author, recipient=other, message="Hi")
    services.contact_accept(contact=contact, by=other)
    message = services.message_send(sender=fwb_author, recipient=other, body="Spam")
    with pytest.raises(PermissionDenied):
        services.report_create(reporter=TeacherFactory(), reason="x", message=message)
    report = services.report_create(reporter=other, reason="spam", message=message)
    assert report.reported_teacher == fwb_author


def test_staff_see_only_reports_about_their_services_teachers(
    client, staff_fwb, staff_vl, fwb_author, vl_author
):
    reporter = TeacherFactory()
    services.report_create(reporter=reporter, reason="fwb", teacher=fwb_author)
    services.report_create(reporter=reporter, reason="vl", teacher=vl_author)
    client.force_login(staff_fwb)
    page = client.get(reverse("admin:partners_report_changelist")).content.decode()
    assert "fwb" in page and ">vl<" not in page
    vl_report = Report.objects.get(reason="vl")
    assert client.get(reverse("admin:partners_report_change", args=[vl_report.pk])).status_code in (
        302,
        403,
        404,
    )
    client.force_login(staff_vl)
    page = client.get(reverse("admin:partners_report_changelist")).content.decode()
    assert "vl" in page


def test_staff_hide_a_reported_announcement_and_it_leaves_the_search(client, staff_fwb, fwb_author):
    announcement = publish(fwb_author, title="Spammy")
    report = services.report_create(
        reporter=TeacherFactory(), reason="spam", announcement=announcement
    )
    client.force_login(staff_fwb)
    client.post(
        reverse("admin:partners_report_changelist"),
        {"action": "hide_content", "_selected_action": [report.pk]},
    )
    assert Announcement.objects.get().is_hidden
    report.refresh_from_db()
    assert report.status == ReportStatus.ACTIONED
    viewer = TeacherFactory()
    assert search.search(search.Query(), user=viewer).total == 0


def test_staff_of_another_service_cannot_act_on_a_report(staff_vl, fwb_author):
    report = services.report_create(reporter=TeacherFactory(), reason="x", teacher=fwb_author)
    with pytest.raises(PermissionDenied):
        services.report_hide_content(report=report, by=staff_vl)
    with pytest.raises(PermissionDenied):
        services.teacher_suspend(teacher=fwb_author, by=staff_vl)


def test_admin_action_suspends_the_sender_and_hides_their_announcements(
    client, staff_fwb, fwb_author
):
    publish(fwb_author)
    report = services.report_create(reporter=TeacherFactory(), reason="spam", teacher=fwb_author)
    client.force_login(staff_fwb)
    client.post(
        reverse("admin:partners_report_changelist"),
        {"action": "suspend_sender", "_selected_action": [report.pk]},
    )
    assert Suspension.objects.filter(teacher=fwb_author).exists()
    assert Announcement.objects.filter(author=fwb_author, is_hidden=False).count() == 0


def test_a_hidden_message_disappears_for_the_recipient(fwb_author, staff_fwb):
    other = TeacherFactory()
    contact = services.contact_request_send(sender=fwb_author, recipient=other, message="Hi")
    services.contact_accept(contact=contact, by=other)
    message = services.message_send(sender=fwb_author, recipient=other, body="Rude words")
    report = services.report_create(reporter=other, reason="rude", message=message)
    services.report_hide_content(report=report, by=staff_fwb)
    from partners.selectors import conversation

    assert list(conversation(other, fwb_author)) == []
    assert Message.objects.get().is_hidden
