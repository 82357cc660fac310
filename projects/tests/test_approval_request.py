"""When the co-founder accepts, the staff of each support service whose
approval is required are e-mailed, once, in their language."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Language, Subject, SupportService
from accounts.tests.factories import StaffFactory, SuperuserFactory, service
from projects import services, tasks
from projects.models import Approval, MemberStatus, Project, ProjectState
from projects.tests.factories import make_contacts, school_in, teacher_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    founder = teacher_in(
        "be-fwb",
        first_name="Claire",
        last_name="Lambert",
        school=school_in("be-fwb", name="Athénée de Namur"),
    )
    cofounder = teacher_in(
        "pt",
        first_name="Inês",
        last_name="Costa",
        preferred_language="en",
        school=school_in("pt", name="Escola Básica de Lisboa"),
    )
    make_contacts(founder, cofounder)
    return founder, cofounder


@pytest.fixture
def staff_pt(db):
    return StaffFactory(
        staff_service=service("pt"), email="staff-pt@example.org", preferred_language="en"
    )


def found(founder, cofounder) -> Project:
    project = services.project_found(
        founder=founder,
        cofounder=cofounder,
        title="Léon l'explorateur",
        summary="La mascotte voyage d'une école à l'autre.",
        subjects=Subject.objects.filter(code="mathematics"),
        languages=Language.objects.filter(code="fr"),
        age_min=8,
        age_max=11,
        planned_start=datetime.date(2026, 9, 1),
        planned_end=datetime.date(2027, 6, 30),
    )
    mail.outbox.clear()  # the co-founder's invitation
    return project


def accept(project, cofounder, capture) -> Project:
    with capture(execute=True):
        return services.project_cofounder_accept(project=project, by=cofounder)


def by_recipient() -> dict:
    return {m.to[0]: m for m in mail.outbox}


def admin_url(project, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse("admin:projects_project_change", args=(project.pk,))


def test_it_emails_the_staff_of_both_services_and_nobody_else(
    pair, staff_fwb, staff_pt, staff_vl, superuser, django_capture_on_commit_callbacks
):
    founder, cofounder = pair
    pt_superuser = SuperuserFactory(email="root-pt@example.org", staff_service=service("pt"))
    StaffFactory(staff_service=service("pt"), email="gone-pt@example.org", is_active=False)
    teacher_in("pt", email="teacher-pt@example.org")

    project = accept(found(founder, cofounder), cofounder, django_capture_on_commit_callbacks)

    assert project.state == ProjectState.AWAITING_APPROVAL
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [staff_fwb.email, staff_pt.email, pt_superuser.email]
    )
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert {a.service.code for a in project.approvals.filter(notified_at__isnull=False)} == {
        "be-fwb",
        "pt",
    }


def test_each_staff_member_reads_it_in_their_language_with_the_project_details(
    pair, staff_fwb, staff_pt, django_capture_on_commit_callbacks
):
    founder, cofounder = pair
    project = accept(found(founder, cofounder), cofounder, django_capture_on_commit_callbacks)

    french, english = by_recipient()[staff_fwb.email], by_recipient()[staff_pt.email]
    with translation.override("fr"):
        fwb_name = service("be-fwb").name
    assert french.subject == f"Projet « Léon l'explorateur » à approuver pour {fwb_name}"
    assert "attend maintenant l'approbation de votre bureau" in french.body
    assert english.subject.startswith("Project “Léon l'explorateur” to approve for")
    assert "now awaits the approval of your support service" in english.body
    for message, language in ((french, "fr"), (english, "en")):
        assert "Claire Lambert — Athénée de Namur" in message.body
        assert "Inês Costa — Escola Básica de Lisboa" in message.body
        assert admin_url(project, language) in message.body
        assert "&#x27;" not in message.body + message.subject


def test_the_notice_goes_out_once_even_if_the_task_runs_twice(
    pair, staff_fwb, staff_pt, django_capture_on_commit_callbacks
):
    founder, cofounder = pair
    project = accept(found(founder, cofounder), cofounder, django_capture_on_commit_callbacks)
    sent = len(mail.outbox)

    for approval in project.approvals.all():
        tasks.send_approval_request.delay(approval.pk)
        tasks.send_approval_request(approval.pk)

    assert sent == 2
    assert len(mail.outbox) == sent


def test_a_second_entry_into_awaiting_approval_does_not_email_again(
    pair, staff_fwb, staff_pt, django_capture_on_commit_callbacks
):
    founder, cofounder = pair
    project = accept(found(founder, cofounder), cofounder, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    # Back to "awaiting partner" with the co-founder invited again: accepting
    # again reuses the approvals, which were already announced.
    Project.objects.filter(pk=project.pk).update(state=ProjectState.AWAITING_PARTNER)
    project.memberships.filter(user=cofounder).update(status=MemberStatus.INVITED)

    project = accept(project, cofounder, django_capture_on_commit_callbacks)

    assert project.state == ProjectState.AWAITING_APPROVAL
    assert mail.outbox == []


def test_a_service_that_decided_before_the_task_ran_is_not_told(
    pair, staff_fwb, staff_pt, django_capture_on_commit_callbacks
):
    founder, cofounder = pair
    project = found(founder, cofounder)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        project = services.project_cofounder_accept(project=project, by=cofounder)
    services.project_approve(approval=project.approvals.get(service__code="be-fwb"), by=staff_fwb)
    mail.outbox.clear()  # the founders' "approved" e-mails

    for callback in queued:
        callback()

    assert [m.to for m in mail.outbox] == [[staff_pt.email]]


def test_a_service_without_staff_is_told_at_its_own_address_in_french(
    pair, superuser, django_capture_on_commit_callbacks
):
    founder, cofounder = pair
    SupportService.objects.filter(code="pt").update(email="nss@pt.example.org")

    accept(found(founder, cofounder), cofounder, django_capture_on_commit_callbacks)

    fwb_address = service("be-fwb").email
    assert fwb_address
    assert sorted(by_recipient()) == sorted([fwb_address, "nss@pt.example.org"])
    for message in mail.outbox:
        assert message.body.startswith("Bonjour,")
        assert "à approuver pour" in message.subject


def test_a_service_with_no_staff_and_no_address_stays_unnotified(
    pair, staff_fwb, django_capture_on_commit_callbacks
):
    founder, cofounder = pair
    assert service("pt").email == ""

    project = accept(found(founder, cofounder), cofounder, django_capture_on_commit_callbacks)

    assert [m.to for m in mail.outbox] == [[staff_fwb.email]]
    assert project.approvals.get(service__code="pt").notified_at is None


def test_a_failed_send_releases_the_claim_for_the_retry(
    pair, staff_fwb, monkeypatch, django_capture_on_commit_callbacks
):
    founder, cofounder = pair
    project = found(founder, cofounder)
    with django_capture_on_commit_callbacks(execute=False):
        project = services.project_cofounder_accept(project=project, by=cofounder)
    approval = project.approvals.get(service__code="be-fwb")

    def broken(**kwargs):
        raise ConnectionError("SMTP down")

    monkeypatch.setattr("projects.tasks.send_localised_mail", broken)
    with pytest.raises(ConnectionError):
        tasks.send_approval_request(approval.pk)
    assert Approval.objects.get(pk=approval.pk).notified_at is None

    monkeypatch.undo()
    tasks.send_approval_request(approval.pk)

    assert [m.to for m in mail.outbox] == [[staff_fwb.email]]
    assert Approval.objects.get(pk=approval.pk).notified_at is not None


# --- The half-hourly sweep: notices that never went out ---------------------------------


def _lost_notices(pair, capture):
    """The co-founder accepts, but the queued notices never run (a lost task)."""
    founder, cofounder = pair
    project = found(founder, cofounder)
    with capture(execute=False):
        project = services.project_cofounder_accept(project=project, by=cofounder)
    return project


def _age(project, minutes: int) -> None:
    project.approvals.update(created_at=timezone.now() - datetime.timedelta(minutes=minutes))


def test_the_sweep_sends_a_lost_notice_once(
    pair, staff_fwb, staff_pt, django_capture_on_commit_callbacks
):
    project = _lost_notices(pair, django_capture_on_commit_callbacks)
    _age(project, 16)

    assert tasks.sweep_approval_requests() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff_fwb.email, staff_pt.email])
    assert not project.approvals.filter(notified_at__isnull=True).exists()

    assert tasks.sweep_approval_requests() == 0
    assert len(mail.outbox) == 2


def test_the_sweep_leaves_fresh_approvals_to_their_own_notice(
    pair, staff_fwb, staff_pt, django_capture_on_commit_callbacks
):
    project = _lost_notices(pair, django_capture_on_commit_callbacks)
    _age(project, 5)

    assert tasks.sweep_approval_requests() == 0
    assert mail.outbox == []


def test_the_sweep_skips_decided_approvals_and_closed_projects(
    pair, staff_fwb, staff_pt, django_capture_on_commit_callbacks
):
    project = _lost_notices(pair, django_capture_on_commit_callbacks)
    _age(project, 60)
    services.project_approve(approval=project.approvals.get(service__code="be-fwb"), by=staff_fwb)
    mail.outbox.clear()  # the founders' "approved" e-mails

    assert tasks.sweep_approval_requests() == 1
    assert [m.to for m in mail.outbox] == [[staff_pt.email]]

    Project.objects.filter(pk=project.pk).update(state=ProjectState.ARCHIVED)
    Approval.objects.filter(project=project).update(notified_at=None)
    assert tasks.sweep_approval_requests() == 0


def test_a_service_that_gets_an_address_later_is_told_by_the_sweep(
    pair, staff_fwb, django_capture_on_commit_callbacks
):
    founder, cofounder = pair
    project = accept(found(founder, cofounder), cofounder, django_capture_on_commit_callbacks)
    _age(project, 60)
    mail.outbox.clear()

    # Portugal's service has no staff account and no address: nothing to queue,
    # and no warning every half hour.
    assert tasks.sweep_approval_requests() == 0

    SupportService.objects.filter(code="pt").update(email="nss@pt.example.org")
    assert tasks.sweep_approval_requests() == 1
    assert [m.to for m in mail.outbox] == [["nss@pt.example.org"]]


def test_the_sweep_is_on_beat_every_half_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["projects-sweep-approval-requests"]

    assert entry["task"] == "projects.tasks.sweep_approval_requests"
    assert entry["schedule"].minute == {0, 30}
