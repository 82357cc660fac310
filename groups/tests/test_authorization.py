"""Who may do what in a group, as a table written by hand from the product's rules
(docs/groups.md), never computed from groups/permissions.py. Each role acts through
the pages (GET, or the POST of the real form) and the rows are read before and after:
1 means « the row changed », 0 « exactly as before ».

Roles: anonymous; a pupil logged into a project space; a validated FWB teacher outside
the group; a member; the group's moderator; the staff of the group's service (FWB); the
staff of another service (Flanders); a superuser.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import SuperuserFactory
from groups.models import Membership, Post, Resource, Thread
from groups.tests.factories import make_world
from partners.models import Report
from projects.space.tests.factories import login_pupil, make_space

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "pupil",
    "teacher",
    "member",
    "moderator",
    "staff_fwb",
    "staff_vl",
    "superuser",
)

# fmt: off
# GET status.          anonymous, pupil, teacher, member, moderator, staff_fwb, staff_vl, superuser
VIEW = {
    "view group":  (302, 302, 200, 200, 200, 200, 200, 200),
    "view thread": (302, 302, 403, 200, 200, 200, 403, 200),
}
# Effect of the POST.  anonymous, pupil, teacher, member, moderator, staff_fwb, staff_vl, superuser
ACT = {
    "post":          (0, 0, 0, 1, 1, 0, 0, 0),
    "reply":         (0, 0, 0, 1, 1, 0, 0, 0),
    "report":        (0, 0, 0, 1, 1, 0, 0, 0),
    "add resource":  (0, 0, 0, 1, 1, 0, 0, 0),
    "pin":           (0, 0, 0, 0, 1, 1, 0, 1),
    "lock":          (0, 0, 0, 0, 1, 1, 0, 1),
    "hide":          (0, 0, 0, 0, 1, 1, 0, 1),
    "remove member": (0, 0, 0, 0, 1, 1, 0, 1),
    "join":          (0, 0, 1, 0, 0, 0, 0, 0),
}
# fmt: on


def _client(role: str, world) -> Client:
    client = Client()
    if role == "pupil":
        login_pupil(client, make_space().pupil)
    elif role == "superuser":
        client.force_login(SuperuserFactory())
    elif role != "anonymous":
        client.force_login(getattr(world, role))
    return client


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_and_changes_exactly_what_the_table_says(role, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = make_world()
    group, thread, post = world.group, world.thread, world.post
    client = _client(role, world)
    column = ROLES.index(role)
    g = {"pk": group.pk}
    t = {"pk": group.pk, "thread_id": thread.pk}

    seen = {
        "view group": client.get(reverse("groups:detail", kwargs=g)).status_code,
        "view thread": client.get(reverse("groups:thread", kwargs=t)).status_code,
    }
    assert seen == {action: row[column] for action, row in VIEW.items()}

    # Each action: (the POST, what it changes). In this order so that none hides the
    # next (the reply comes before the lock, the report before the hide, joining last).
    actions = {
        "post": (
            lambda: client.post(
                reverse("groups:thread_new", kwargs=g), {"title": "Nouveau", "body": "Texte"}
            ),
            lambda: Thread.objects.filter(group=group).count(),
        ),
        "reply": (
            lambda: client.post(reverse("groups:thread", kwargs=t), {"body": "Réponse"}),
            lambda: Post.objects.filter(thread=thread).count(),
        ),
        "report": (
            lambda: client.post(
                reverse("groups:post_report", kwargs={"pk": group.pk, "post_id": post.pk}),
                {"reason": "Hors sujet"},
            ),
            lambda: Report.objects.count(),
        ),
        "add resource": (
            lambda: client.post(
                reverse("groups:resource_new", kwargs=g),
                {"title": "Lien", "url": "https://example.org/"},
            ),
            lambda: Resource.objects.filter(group=group).count(),
        ),
        "pin": (
            lambda: client.post(reverse("groups:thread_moderate", kwargs=t), {"action": "pin"}),
            lambda: Thread.objects.get(pk=thread.pk).is_pinned,
        ),
        "lock": (
            lambda: client.post(reverse("groups:thread_moderate", kwargs=t), {"action": "lock"}),
            lambda: Thread.objects.get(pk=thread.pk).is_locked,
        ),
        "hide": (
            lambda: client.post(
                reverse("groups:post_hide", kwargs={"pk": group.pk, "post_id": post.pk}),
                {"hidden": "1"},
            ),
            lambda: Post.objects.get(pk=post.pk).is_hidden,
        ),
        "remove member": (
            lambda: client.post(
                reverse(
                    "groups:member",
                    kwargs={
                        "pk": group.pk,
                        "membership_id": Membership.objects.get(user=world.other).pk,
                    },
                ),
                {"action": "remove"},
            ),
            lambda: Membership.objects.filter(user=world.other).exists(),
        ),
        "join": (
            lambda: client.post(reverse("groups:join", kwargs=g)),
            lambda: Membership.objects.filter(group=group).count(),
        ),
    }
    changed = {}
    for action, (act, state) in actions.items():
        before = state()
        response = act()
        assert response.status_code < 500, f"{action}: {response.status_code}"
        changed[action] = int(state() != before)
    assert changed == {action: row[column] for action, row in ACT.items()}
