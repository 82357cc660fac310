"""Founding with a contact, the co-founder's answer, and approval by each
founder's support service."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Language, Subject
from projects import services
from projects.models import (
    ApprovalState,
    MemberRole,
    MemberStatus,
    ProjectState,
)
from projects.tests.factories import make_contacts, teacher_in

pytestmark = pytest.mark.django_db


def found(founder, cofounder, **overrides):
    data = {
        "title": "Défis mathématiques",
        "summary": "Un défi par mois.",
        "subjects": Subject.objects.filter(code="mathematics"),
        "languages": Language.objects.filter(code="en"),
        "age_min": 9,
        "age_max": 12,
        "planned_start": datetime.date(2026, 9, 1),
        "planned_end": datetime.date(2027, 6, 30),
        **overrides,
    }
    return services.project_found(founder=founder, cofounder=cofounder, **data)


@pytest.fixture
def pair():
    founder = teacher_in("be-fwb", first_name="Claire", preferred_language="fr")
    cofounder = teacher_in("pt", first_name="Inês", preferred_language="en")
    make_contacts(founder, cofounder)
    return founder, cofounder


def test_founding_invites_the_cofounder_and_waits_for_them(
    pair, django_capture_on_commit_callbacks
):
    founder, cofounder = pair
    with django_capture_on_commit_callbacks(execute=True):
        project = found(founder, cofounder)

    assert project.state == ProjectState.AWAITING_PARTNER
    roles = {(m.user, m.role, m.status) for m in project.memberships.all()}
    assert roles == {
        (founder, MemberRole.FOUNDER, MemberStatus.ACTIVE),
        (cofounder, MemberRole.FOUNDER, MemberStatus.INVITED),
    }
    assert [(c.from_state, c.to_state, c.by) for c in project.history.all()] == [
        ("", ProjectState.DRAFT, founder),
        (ProjectState.DRAFT, ProjectState.AWAITING_PARTNER, founder),
    ]
    (message,) = mail.outbox
    assert message.to == [cofounder.email]
    assert message.subject.startswith("Invitation to co-found")


def test_founding_with_a_non_contact_is_refused_with_the_reason(pair):
    founder, _ = pair
    stranger = teacher_in("es", first_name="Lucía", last_name="García")

    with pytest.raises(ValidationError) as exc:
        found(founder, stranger)

    assert exc.value.messages == [
        "« Lucía García » ne fait pas partie de vos contacts : un projet se fonde avec "
        "un contact accepté."
    ]


def test_founding_requires_subjects_and_languages(pair):
    founder, cofounder = pair
    with pytest.raises(ValidationError) as exc:
        found(founder, cofounder, subjects=Subject.objects.none())
    assert "subjects" in exc.value.message_dict


def test_cofounder_acceptance_asks_one_approval_per_founder_service(pair):
    founder, cofounder = pair
    project = found(founder, cofounder)

    project = services.project_cofounder_accept(project=project, by=cofounder)

    assert project.state == ProjectState.AWAITING_APPROVAL
    assert sorted(a.service.code for a in project.approvals.all()) == ["be-fwb", "pt"]


def test_a_national_project_of_one_service_needs_a_single_approval():
    founder = teacher_in("be-fwb")
    cofounder = teacher_in("be-fwb")
    make_contacts(founder, cofounder)
    project = found(founder, cofounder)

    project = services.project_cofounder_accept(project=project, by=cofounder)

    assert [a.service.code for a in project.approvals.all()] == ["be-fwb"]


def test_only_the_invited_cofounder_can_accept(pair):
    founder, cofounder = pair
    project = found(founder, cofounder)
    other = teacher_in("be-fwb")

    with pytest.raises(PermissionDenied):
        services.project_cofounder_accept(project=project, by=other)


def test_acceptance_rechecks_the_rules(pair):
    founder, cofounder = pair
    project = found(founder, cofounder)
    cofounder.status = "pending"
    cofounder.save()

    with pytest.raises(ValidationError):
        services.project_cofounder_accept(project=project, by=cofounder)
    project.refresh_from_db()
    assert project.state == ProjectState.AWAITING_PARTNER


def test_a_declined_invitation_sends_the_project_back_to_draft_and_tells_the_founder(
    pair, django_capture_on_commit_callbacks
):
    founder, cofounder = pair
    project = found(founder, cofounder)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        project = services.project_cofounder_decline(project=project, by=cofounder)

    assert project.state == ProjectState.DRAFT
    assert [m.to for m in mail.outbox] == [[founder.email]]
    other = teacher_in("dk")
    make_contacts(founder, other)
    project = services.project_cofounder_invite(project=project, by=founder, cofounder=other)
    assert project.state == ProjectState.AWAITING_PARTNER


def test_the_project_opens_only_when_both_services_approve(
    pair, staff_fwb, superuser, django_capture_on_commit_callbacks
):
    founder, cofounder = pair
    project = services.project_cofounder_accept(project=found(founder, cofounder), by=cofounder)
    fwb = project.approvals.get(service__code="be-fwb")
    pt = project.approvals.get(service__code="pt")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.project_approve(approval=fwb, by=staff_fwb)
    project.refresh_from_db()
    assert project.state == ProjectState.AWAITING_APPROVAL
    assert sorted(m.to[0] for m in mail.outbox) == sorted([founder.email, cofounder.email])
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "approuvé" in by_recipient[founder.email].subject
    assert "approved" in by_recipient[cofounder.email].subject

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.project_approve(approval=pt, by=superuser)
    project.refresh_from_db()
    assert project.state == ProjectState.ACTIVE
    assert project.activated_at is not None
    assert project.history.last().to_state == ProjectState.ACTIVE
    assert project.history.last().by == superuser
    assert "open" in {m.to[0]: m for m in mail.outbox}[cofounder.email].subject


def test_staff_of_another_service_cannot_decide(pair, staff_vl):
    founder, cofounder = pair
    project = services.project_cofounder_accept(project=found(founder, cofounder), by=cofounder)
    fwb = project.approvals.get(service__code="be-fwb")

    with pytest.raises(PermissionDenied):
        services.project_approve(approval=fwb, by=staff_vl)


def test_a_rejection_closes_the_project_with_its_reason_and_tells_both_founders(
    pair, staff_fwb, django_capture_on_commit_callbacks
):
    founder, cofounder = pair
    project = services.project_cofounder_accept(project=found(founder, cofounder), by=cofounder)
    fwb = project.approvals.get(service__code="be-fwb")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.project_reject(approval=fwb, by=staff_fwb, reason="Résumé trop vague.")

    project.refresh_from_db()
    fwb.refresh_from_db()
    assert project.state == ProjectState.REJECTED
    assert (fwb.state, fwb.reason, fwb.decided_by) == (
        ApprovalState.REJECTED,
        "Résumé trop vague.",
        staff_fwb,
    )
    assert project.history.last().note == "Résumé trop vague."
    assert len(mail.outbox) == 2
    assert all("Résumé trop vague." in m.body for m in mail.outbox)


def test_a_rejection_needs_a_reason(pair, staff_fwb):
    founder, cofounder = pair
    project = services.project_cofounder_accept(project=found(founder, cofounder), by=cofounder)
    with pytest.raises(ValidationError):
        services.project_reject(
            approval=project.approvals.get(service__code="be-fwb"), by=staff_fwb, reason="  "
        )


def test_a_service_decides_only_once(pair, staff_fwb):
    founder, cofounder = pair
    project = services.project_cofounder_accept(project=found(founder, cofounder), by=cofounder)
    fwb = project.approvals.get(service__code="be-fwb")
    services.project_approve(approval=fwb, by=staff_fwb)

    with pytest.raises(ValidationError):
        services.project_reject(approval=fwb, by=staff_fwb, reason="Finalement non.")
