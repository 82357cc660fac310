"""Who may list, open (mark read), mark all read and set preferences: a table written
by hand, checked by the effect on the rows (read_at changed or not, a preference
stored or not), never computed from the views' code.

Roles: anonymous, a pupil logged into a project space, the teacher the notification
is for (owner), another teacher, staff of the owner's service."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Notification, Preference
from projects.space.tests.factories import login_pupil, make_space

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "pupil", "owner", "other_teacher", "staff")

# role -> (sees the owner's notification in the list, opening it marks it read,
#          « mark all as read » marks the owner's read, may store a preference of their own)
EXPECTED = {
    "anonymous": (False, False, False, False),
    "pupil": (False, False, False, False),
    "owner": (True, True, True, True),
    "other_teacher": (False, False, False, True),
    "staff": (False, False, False, True),
}


@pytest.fixture
def world(test_kinds, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    space = make_space()
    notification = Notification.objects.create(
        recipient=space.founder,
        kind="test.mailed",
        url="/fr/notifications/preferences/",
        params={"name": "Léa"},
    )
    users = {"owner": space.founder, "other_teacher": space.outsider, "staff": space.staff}
    return space, notification, users


def _client(role: str, space, users) -> Client:
    client = Client()
    if role == "pupil":
        login_pupil(client, space.pupil)
    elif role in users:
        client.force_login(users[role])
    return client


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_owners_notification_in_the_list(role, world):
    space, notification, users = world
    response = _client(role, space, users).get(reverse("notifications:list"))
    shown = response.status_code == 200 and (
        reverse("notifications:open", args=[notification.pk]) in response.content.decode()
    )
    assert shown is EXPECTED[role][0]


@pytest.mark.parametrize("role", ROLES)
def test_who_marks_the_owners_notification_read_by_opening_it(role, world):
    space, notification, users = world
    _client(role, space, users).get(reverse("notifications:open", args=[notification.pk]))
    notification.refresh_from_db()
    assert (notification.read_at is not None) is EXPECTED[role][1]


@pytest.mark.parametrize("role", ROLES)
def test_who_marks_all_the_owners_notifications_read(role, world):
    space, notification, users = world
    _client(role, space, users).post(reverse("notifications:read_all"))
    notification.refresh_from_db()
    assert (notification.read_at is not None) is EXPECTED[role][2]


@pytest.mark.parametrize("role", ROLES)
def test_who_stores_a_preference_and_only_their_own(role, world):
    space, _notification, users = world
    client = _client(role, space, users)
    client.post(
        reverse("notifications:preferences"),
        {"test.mailed": "weekly", "test.daily": "daily", "test.own_mail": "immediate"},
    )
    stored = Preference.objects.filter(kind="test.mailed", delivery="weekly")
    assert stored.exists() is EXPECTED[role][3]
    if stored.exists():
        assert list(stored.values_list("user", flat=True)) == [users[role].pk]
