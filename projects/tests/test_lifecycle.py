"""Every transition's guards, partners joining and leaving, collaborators."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from projects import services
from projects.models import (
    CollaboratorStatus,
    MemberRole,
    MemberStatus,
    ProjectState,
)
from projects.tests.factories import active_project, teacher_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    founder = teacher_in("be-fwb", first_name="Claire")
    cofounder = teacher_in("pt", first_name="Inês")
    return active_project(founder, cofounder)


def founders(project):
    return [m.user for m in project.memberships.founders().order_by("pk")]


@pytest.mark.parametrize(
    ("state", "transition"),
    [
        (ProjectState.DRAFT, "finish"),
        (ProjectState.AWAITING_APPROVAL, "finish"),
        (ProjectState.FINISHED, "finish"),
        (ProjectState.ACTIVE, "archive"),
        (ProjectState.ARCHIVED, "archive"),
        (ProjectState.ACTIVE, "accept_cofounding"),
        (ProjectState.DRAFT, "decline_cofounding"),
    ],
)
def test_a_transition_from_the_wrong_state_is_refused(project, state, transition):
    founder, cofounder = founders(project)
    project.state = state
    project.save()
    call = {
        "finish": lambda: services.project_finish(project=project, by=founder),
        "archive": lambda: services.project_archive(project=project, by=founder),
        "accept_cofounding": lambda: services.project_cofounder_accept(
            project=project, by=cofounder
        ),
        "decline_cofounding": lambda: services.project_cofounder_decline(
            project=project, by=cofounder
        ),
    }[transition]

    with pytest.raises(ValidationError):
        call()
    project.refresh_from_db()
    assert project.state == state


def test_a_founder_finishes_then_archives_with_history(project):
    founder, _ = founders(project)

    services.project_finish(project=project, by=founder)
    services.project_archive(project=project, by=founder)

    project.refresh_from_db()
    assert project.state == ProjectState.ARCHIVED
    assert project.finished_at and project.archived_at
    assert [(c.from_state, c.to_state, c.by) for c in project.history.all()] == [
        (ProjectState.ACTIVE, ProjectState.FINISHED, founder),
        (ProjectState.FINISHED, ProjectState.ARCHIVED, founder),
    ]


def test_a_partner_cannot_finish_the_project(project):
    partner = teacher_in("dk")
    membership = services.membership_invite(
        project=project, by=founders(project)[0], teacher=partner
    )
    services.membership_accept(membership=membership, by=partner)

    with pytest.raises(PermissionDenied):
        services.project_finish(project=project, by=partner)


def test_staff_of_an_involved_service_may_archive_a_finished_project(project, staff_fwb, staff_vl):
    services.project_finish(project=project, by=founders(project)[0])

    with pytest.raises(PermissionDenied):
        services.project_archive(project=project, by=staff_vl)
    services.project_archive(project=project, by=staff_fwb)
    project.refresh_from_db()
    assert project.state == ProjectState.ARCHIVED


def test_an_invited_partner_joins_after_the_rules_are_checked_again(
    project, django_capture_on_commit_callbacks
):
    founder = founders(project)[0]
    partner = teacher_in("dk", preferred_language="de")

    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_invite(project=project, by=founder, teacher=partner)
    assert mail.outbox[-1].to == [partner.email]
    assert mail.outbox[-1].subject.startswith("Einladung zum Projekt")

    membership = services.membership_accept(membership=membership, by=partner)
    assert (membership.status, membership.role) == (MemberStatus.ACTIVE, MemberRole.PARTNER)
    assert membership.school == partner.school


def test_an_unvalidated_teacher_cannot_be_invited(project):
    partner = teacher_in("dk", status="pending", first_name="Mette", last_name="Jensen")

    with pytest.raises(ValidationError) as exc:
        services.membership_invite(project=project, by=founders(project)[0], teacher=partner)
    assert exc.value.messages == [
        "« Mette Jensen » n'est pas encore validé·e par son bureau d'assistance : seul·e "
        "un·e enseignant·e validé·e peut participer à un projet."
    ]


def test_a_member_cannot_be_invited_twice(project):
    founder, cofounder = founders(project)
    with pytest.raises(ValidationError) as exc:
        services.membership_invite(project=project, by=founder, teacher=cofounder)
    assert exc.value.messages == [f"« {cofounder.get_full_name()} » fait déjà partie de ce projet."]

    partner = teacher_in("dk")
    services.membership_invite(project=project, by=founder, teacher=partner)
    with pytest.raises(ValidationError):
        services.membership_invite(project=project, by=founder, teacher=partner)


def test_partners_join_only_active_projects(project):
    founder = founders(project)[0]
    services.project_finish(project=project, by=founder)

    with pytest.raises(ValidationError):
        services.membership_invite(project=project, by=founder, teacher=teacher_in("dk"))


def test_the_last_founder_hands_rights_on_before_leaving(project):
    founder, cofounder = founders(project)
    partner = teacher_in("dk")
    membership = services.membership_invite(project=project, by=founder, teacher=partner)
    services.membership_accept(membership=membership, by=partner)

    services.membership_leave(project=project, by=cofounder)
    with pytest.raises(ValidationError):
        services.membership_leave(project=project, by=founder)

    services.membership_make_founder(membership=membership, by=founder)
    services.membership_leave(project=project, by=founder)
    assert [m.user for m in project.memberships.active().founders()] == [partner]


def test_a_founder_removes_a_partner_but_not_a_cofounder(project):
    founder, cofounder = founders(project)
    partner = teacher_in("dk")
    membership = services.membership_invite(project=project, by=founder, teacher=partner)
    services.membership_accept(membership=membership, by=partner)

    services.membership_remove(membership=membership, by=founder)
    membership.refresh_from_db()
    assert membership.status == MemberStatus.REMOVED
    with pytest.raises(ValidationError):
        services.membership_remove(membership=project.memberships.get(user=cofounder), by=founder)
    # Removed, they may be invited again: the same row is reused.
    again = services.membership_invite(project=project, by=founder, teacher=partner)
    assert again.pk == membership.pk and again.status == MemberStatus.INVITED


def test_a_collaborator_is_invited_by_email_and_accepts_with_any_account(
    project, django_capture_on_commit_callbacks
):
    from accounts.tests.factories import UserFactory

    founder = founders(project)[0]
    with django_capture_on_commit_callbacks(execute=True):
        collaborator = services.collaborator_invite(
            project=project, by=founder, email="Expert@Museum.be", name="Dr Expert"
        )
    assert mail.outbox[-1].to == ["expert@museum.be"]
    assert collaborator.token in mail.outbox[-1].body

    outsider = UserFactory(status="new")
    services.collaborator_accept(token=collaborator.token, by=outsider)
    collaborator.refresh_from_db()
    assert (collaborator.status, collaborator.user) == (CollaboratorStatus.ACCEPTED, outsider)

    with pytest.raises(ValidationError):
        services.collaborator_accept(token=collaborator.token, by=outsider)
    services.collaborator_revoke(collaborator=collaborator, by=founder)
    collaborator.refresh_from_db()
    assert collaborator.status == CollaboratorStatus.REVOKED
