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
from tests.fixtures.roles import log_in

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


# Who plays each role: the shared world's people (conftest.py).
PLAYED_BY = {
    "anonymous": "anonymous",
    "pupil": "pupil",
    "owner": "founder",
    "other_teacher": "teacher",
    "staff": "staff_fwb",
}


@pytest.fixture
def notification(test_kinds, world):
    """A notification for the owner (the world's project founder)."""
    return Notification.objects.create(
        recipient=world.users["founder"],
        kind="test.mailed",
        url="/fr/notifications/preferences/",
        params={"name": "Léa"},
    )


def _client(role: str, world) -> Client:
    return log_in(Client(), world, PLAYED_BY[role])


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_owners_notification_in_the_list(role, world, notification):
    response = _client(role, world).get(reverse("notifications:list"))
    shown = response.status_code == 200 and (
        reverse("notifications:open", args=[notification.pk]) in response.content.decode()
    )
    assert shown is EXPECTED[role][0]


@pytest.mark.parametrize("role", ROLES)
def test_who_marks_the_owners_notification_read_by_opening_it(role, world, notification):
    _client(role, world).get(reverse("notifications:open", args=[notification.pk]))
    notification.refresh_from_db()
    assert (notification.read_at is not None) is EXPECTED[role][1]


@pytest.mark.parametrize("role", ROLES)
def test_who_marks_all_the_owners_notifications_read(role, world, notification):
    _client(role, world).post(reverse("notifications:read_all"))
    notification.refresh_from_db()
    assert (notification.read_at is not None) is EXPECTED[role][2]


@pytest.mark.parametrize("role", ROLES)
def test_who_stores_a_preference_and_only_their_own(role, world, notification):
    client = _client(role, world)
    client.post(
        reverse("notifications:preferences"),
        {"test.mailed": "weekly", "test.daily": "daily", "test.own_mail": "immediate"},
    )
    stored = Preference.objects.filter(kind="test.mailed", delivery="weekly")
    assert stored.exists() is EXPECTED[role][3]
    if stored.exists():
        assert list(stored.values_list("user", flat=True)) == [world.users[PLAYED_BY[role]].pk]
