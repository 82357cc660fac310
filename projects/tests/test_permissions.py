"""Permission matrix: roles × project actions, through the helpers and the views."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from accounts.tests.factories import StaffFactory, UserFactory, service
from projects import permissions
from projects.models import Collaborator, CollaboratorStatus, Project, ProjectState
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


# --- pages: what each role gets (302 for anonymous: to the login page) ---------------------

# fmt: off
GET_MATRIX = {
    #                  founder partner collab other staff_fwb staff_vl staff_dg anon
    "projects:detail": (200,   200,    200,   404,  200,      404,     404,     302),
    "projects:public": (200,   200,    200,   404,  200,      404,     404,     404),
    # Outsiders get 404 on every member-only page, as if the id did not exist.
    "projects:edit":   (200,   403,    403,   404,  403,      404,     404,     302),
}
# fmt: on


def _log_in(client, users, role) -> None:
    client.logout()
    if role != "anon":
        client.force_login(users[role])


@pytest.mark.parametrize("view", sorted(GET_MATRIX))
def test_each_role_gets_the_page_the_table_says(client, world, view):
    project, users = world
    seen = {}
    for role in ROLES:
        _log_in(client, users, role)
        response = client.get(reverse(view, args=(project.pk,)))
        seen[role] = response.status_code
        if role == "anon" and response.status_code == 302:
            assert "/login/" in response["Location"]
    assert seen == dict(zip(ROLES, GET_MATRIX[view], strict=True))


# --- writes: who changes what ------------------------------------------------------------
#
# Each role POSTs the real write; the rows it would change are read before and after.
# 1: the write happens; 0: the rows are exactly as before. Written by hand from the
# product's rules (founders run the project, members may leave, staff of an involved
# service only archive a finished project, outsiders are strangers).

# fmt: off
POST_MATRIX = {
    #                               founder partner collab other staff_fwb staff_vl staff_dg anon
    "projects:edit":                (1,     0,      0,     0,    0,        0,       0,       0),
    "projects:finish":              (1,     0,      0,     0,    0,        0,       0,       0),
    "projects:invite":              (1,     0,      0,     0,    0,        0,       0,       0),
    "projects:collaborator_invite": (1,     0,      0,     0,    0,        0,       0,       0),
    "projects:collaborator_revoke": (1,     0,      0,     0,    0,        0,       0,       0),
    "projects:member_remove":       (1,     0,      0,     0,    0,        0,       0,       0),
    "projects:member_make_founder": (1,     0,      0,     0,    0,        0,       0,       0),
    # A founder leaves while the co-founder remains; a collaborator is not a member.
    "projects:leave":               (1,     1,      0,     0,    0,        0,       0,       0),
    # Once finished: a founder, or staff of a service involved in the project.
    "projects:archive":             (1,     0,      0,     0,    1,        0,       0,       0),
}
# fmt: on


def _write(view: str, project, users):
    """(URL kwargs, POST data, probe) for ``view``: the probe reads the rows the write
    would change. Creates what the write needs (a contact to invite, a finished state)."""
    from projects.models import Collaborator, Membership
    from projects.tests.factories import make_contacts

    def state_and_title():
        return Project.objects.filter(pk=project.pk).values_list("state", "title").get()

    def memberships():
        return sorted(
            Membership.objects.filter(project=project).values_list("user_id", "role", "status")
        )

    def collaborators():
        return sorted(Collaborator.objects.filter(project=project).values_list("email", "status"))

    partner_membership = Membership.objects.get(project=project, user=users["partner"])
    if view == "projects:edit":
        data = {
            "title": "Un titre changé",
            "summary": project.summary,
            "subjects": [s.pk for s in project.subjects.all()],
            "languages": [lang.pk for lang in project.languages.all()],
            "age_min": project.age_min,
            "age_max": project.age_max,
            "themes": project.themes,
            "planned_start": project.planned_start.isoformat(),
            "planned_end": project.planned_end.isoformat(),
            "expected_partners": project.expected_partners,
        }
        return {"pk": project.pk}, data, state_and_title
    if view == "projects:finish":
        return {"pk": project.pk}, {}, state_and_title
    if view == "projects:archive":
        Project.objects.filter(pk=project.pk).update(state=ProjectState.FINISHED)
        return {"pk": project.pk}, {}, state_and_title
    if view == "projects:invite":
        invitee = teacher_in("de")
        for role in ("founder", "partner", "other"):
            make_contacts(users[role], invitee)  # everyone may pick them: only a founder may invite
        return {"pk": project.pk}, {"contact": invitee.pk}, memberships
    if view == "projects:collaborator_invite":
        data = {"name": "Nouvelle experte", "email": "nouvelle.experte@example.org"}
        return {"pk": project.pk}, data, collaborators
    if view == "projects:collaborator_revoke":
        collaborator = Collaborator.objects.get(project=project)
        return {"pk": project.pk, "collaborator_id": collaborator.pk}, {}, collaborators
    if view in ("projects:member_remove", "projects:member_make_founder"):
        return {"pk": project.pk, "membership_id": partner_membership.pk}, {}, memberships
    if view == "projects:leave":
        return {"pk": project.pk}, {}, memberships
    raise AssertionError(view)


@pytest.mark.parametrize("view", sorted(POST_MATRIX))
def test_each_role_write_changes_the_rows_exactly_where_the_table_says(client, world, view):
    from django.db import transaction

    project, users = world
    seen = {}
    for role in ROLES:
        with transaction.atomic():  # every role against the same project; undone after
            _log_in(client, users, role)
            kwargs, data, probe = _write(view, project, users)
            before = probe()
            response = client.post(reverse(view, kwargs=kwargs), data)
            after = probe()
            transaction.set_rollback(True)
        assert response.status_code < 500, (view, role, response.status_code)
        seen[role] = int(before != after)
    assert seen == dict(zip(ROLES, POST_MATRIX[view], strict=True))
