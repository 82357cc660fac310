"""Permission matrix: roles × project actions, through the helpers and the views."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.tests.factories import StaffFactory, UserFactory, service
from projects import permissions
from projects.models import Collaborator, CollaboratorStatus, ProjectState
from projects.tests.factories import active_project, member, teacher_in

pytestmark = pytest.mark.django_db

ROLES = ["founder", "partner", "collaborator", "other", "staff_fwb", "staff_vl", "staff_dg", "anon"]


@pytest.fixture
def world():
    founder = teacher_in("be-fwb")
    cofounder = teacher_in("pt")
    project = active_project(founder, cofounder, is_public=False)
    partner = teacher_in("dk")
    member(project, partner)
    outsider = UserFactory()
    Collaborator.objects.create(
        project=project,
        email=outsider.email,
        name="Expert",
        user=outsider,
        status=CollaboratorStatus.ACCEPTED,
    )
    users = {
        "founder": founder,
        "partner": partner,
        "collaborator": outsider,
        "other": teacher_in("be-fwb"),
        "staff_fwb": StaffFactory(staff_service=service("be-fwb")),
        "staff_vl": StaffFactory(staff_service=service("be-vl")),
        "staff_dg": StaffFactory(staff_service=service("be-dg")),
        "anon": AnonymousUser(),
    }
    return project, users


# helper -> set of roles allowed on an active, non-public project
HELPER_MATRIX = {
    "can_view": {"founder", "partner", "collaborator", "staff_fwb"},
    "can_view_public": {"founder", "partner", "collaborator", "staff_fwb"},
    "can_access_space": {"founder", "partner", "collaborator"},
    "can_contribute": {"founder", "partner", "collaborator"},
    "can_manage": {"founder"},
    "can_invite": {"founder"},
    "can_leave": {"founder", "partner"},
    "can_finish": {"founder"},
    "can_archive": set(),
    "is_member": {"founder", "partner"},
}


@pytest.mark.parametrize("helper", sorted(HELPER_MATRIX))
def test_helper_matrix_on_an_active_project(world, helper):
    project, users = world
    allowed = {role for role, user in users.items() if getattr(permissions, helper)(user, project)}
    assert allowed == HELPER_MATRIX[helper]


def test_an_archived_project_is_read_only_for_everyone(world):
    project, users = world
    project.state = ProjectState.ARCHIVED
    project.save()
    for user in users.values():
        assert not permissions.can_contribute(user, project)
        assert not permissions.can_manage(user, project)
    assert permissions.can_access_space(users["partner"], project)


def test_a_finished_project_may_be_archived_by_its_founders_and_involved_staff(world):
    project, users = world
    project.state = ProjectState.FINISHED
    project.save()
    allowed = {role for role, user in users.items() if permissions.can_archive(user, project)}
    assert allowed == {"founder", "staff_fwb"}


# view -> expected status per role (302 for anonymous: to the login page)
VIEW_MATRIX = {
    ("get", "projects:detail"): {
        "founder": 200,
        "partner": 200,
        "collaborator": 200,
        "other": 404,
        "staff_fwb": 200,
        "staff_vl": 404,
        "staff_dg": 404,
        "anon": 302,
    },
    ("get", "projects:public"): {
        "founder": 200,
        "partner": 200,
        "collaborator": 200,
        "other": 404,
        "staff_fwb": 200,
        "staff_vl": 404,
        "staff_dg": 404,
        "anon": 404,
    },
    ("get", "projects:edit"): {
        "founder": 200,
        "partner": 403,
        "collaborator": 403,
        "other": 403,
        "staff_fwb": 403,
        "staff_vl": 403,
        "staff_dg": 403,
        "anon": 302,
    },
    ("post", "projects:finish"): {
        "founder": 302,
        "partner": 403,
        "collaborator": 403,
        "other": 403,
        "staff_fwb": 403,
        "staff_vl": 403,
        "staff_dg": 403,
        "anon": 302,
    },
    ("post", "projects:invite"): {
        "founder": 302,
        "partner": 403,
        "collaborator": 403,
        "other": 403,
        "staff_fwb": 403,
        "staff_vl": 403,
        "staff_dg": 403,
        "anon": 302,
    },
    ("post", "projects:leave"): {
        "founder": 302,
        "partner": 302,
        "collaborator": 403,
        "other": 403,
        "staff_fwb": 403,
        "staff_vl": 403,
        "staff_dg": 403,
        "anon": 302,
    },
}


@pytest.mark.parametrize(("method", "view"), sorted(VIEW_MATRIX))
def test_view_matrix(client, world, method, view):
    project, users = world
    seen = {}
    for role in ROLES:
        client.logout()
        if role != "anon":
            client.force_login(users[role])
        response = getattr(client, method)(reverse(view, args=(project.pk,)))
        seen[role] = response.status_code
        if role == "anon" and response.status_code == 302:
            assert "/login/" in response["Location"]
        if method == "post" and response.status_code == 302:
            project.refresh_from_db()
            if project.state != ProjectState.ACTIVE:  # finished by the founder: reopen
                project.state = ProjectState.ACTIVE
                project.save()
    assert seen == VIEW_MATRIX[(method, view)]


def test_finishing_through_the_view_changes_the_state(client, world):
    project, users = world
    client.force_login(users["founder"])
    client.post(reverse("projects:finish", args=(project.pk,)))
    project.refresh_from_db()
    assert project.state == ProjectState.FINISHED
