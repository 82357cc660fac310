"""Permission matrix: roles × project actions, through the helpers and the views."""

from __future__ import annotations

import pytest
from django.urls import reverse

from projects import permissions
from projects.models import Project, ProjectState
from projects.space.tests.factories import make_space
from projects.tests.factories import teacher_in

pytestmark = pytest.mark.django_db

ROLES = ["founder", "partner", "collaborator", "other", "staff_fwb", "staff_vl", "staff_dg", "anon"]


# Who plays each role of the tables below: the shared world's people (conftest.py).
PLAYED_BY = {
    "founder": "founder",
    "partner": "member",
    "collaborator": "collaborator",
    "other": "teacher",
    "staff_fwb": "staff_fwb",
    "staff_vl": "staff_vl",
    "staff_dg": "staff_dg",
    "anon": "anonymous",
}


@pytest.fixture
def project_with_members(db, fast_password_hashing):
    """The shared world's project (an FWB founder, a co-founder in France, a partner
    member, an accepted collaborator), not public."""
    return make_space(is_public=False)


@pytest.fixture
def cast(world):
    """The project and the user playing each role of ``ROLES``."""
    return world.project, {role: world.user(PLAYED_BY[role]) for role in ROLES}


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
def test_helper_matrix_on_an_active_project(cast, helper):
    project, users = cast
    allowed = {role for role, user in users.items() if getattr(permissions, helper)(user, project)}
    assert allowed == HELPER_MATRIX[helper]


def test_an_archived_project_is_read_only_for_everyone(cast):
    project, users = cast
    project.state = ProjectState.ARCHIVED
    project.save()
    for user in users.values():
        assert not permissions.can_contribute(user, project)
        assert not permissions.can_manage(user, project)
    assert permissions.can_access_space(users["partner"], project)


def test_a_finished_project_may_be_archived_by_its_founders_and_involved_staff(cast):
    project, users = cast
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


@pytest.mark.parametrize("view", sorted(GET_MATRIX))
def test_each_role_gets_the_page_the_table_says(client, log_in_as, cast, view):
    project, users = cast
    seen = {}
    for role in ROLES:
        log_in_as(PLAYED_BY[role])
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
def test_each_role_write_changes_the_rows_exactly_where_the_table_says(
    client, log_in_as, cast, view
):
    from django.db import transaction

    project, users = cast
    seen = {}
    for role in ROLES:
        with transaction.atomic():  # every role against the same project; undone after
            log_in_as(PLAYED_BY[role])
            kwargs, data, probe = _write(view, project, users)
            before = probe()
            response = client.post(reverse(view, kwargs=kwargs), data)
            after = probe()
            transaction.set_rollback(True)
        assert response.status_code < 500, (view, role, response.status_code)
        seen[role] = int(before != after)
    assert seen == dict(zip(ROLES, POST_MATRIX[view], strict=True))
