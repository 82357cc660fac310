"""The list, the bell and the preferences page as a reader sees them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import TeacherFactory
from notifications.models import Notification, Preference

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, test_kinds):
    teacher = TeacherFactory(preferred_language="nl")
    client.force_login(teacher)
    return teacher


def _notify(reader, **fields):
    defaults = {"recipient": reader, "kind": "test.mailed", "params": {"name": "Léa"}}
    return Notification.objects.create(**{**defaults, **fields})


def test_the_list_shows_unread_first_then_newest_first(client, reader):
    now = timezone.now()
    old_unread = _notify(reader, created_at=now - timedelta(days=3), params={"name": "Old"})
    new_read = _notify(reader, created_at=now, read_at=now, params={"name": "Read"})
    new_unread = _notify(reader, created_at=now - timedelta(days=1), params={"name": "New"})
    page = client.get(reverse("notifications:list")).content.decode()
    positions = [
        page.index(reverse("notifications:open", args=[n.pk]))
        for n in (new_unread, old_unread, new_read)
    ]
    assert positions == sorted(positions)
    assert "New wrote to you" in page


def test_the_list_is_paginated(client, reader):
    Notification.objects.bulk_create(
        [
            Notification(recipient=reader, kind="test.mailed", params={"name": str(i)})
            for i in range(25)
        ]
    )
    first = client.get(reverse("notifications:list"))
    second = client.get(reverse("notifications:list") + "?page=2")
    assert first.content.decode().count('data-testid="notification"') == 20
    assert second.content.decode().count('data-testid="notification"') == 5


def test_opening_a_notification_marks_it_read_and_leads_to_its_object_in_the_readers_language(
    client, reader
):
    notification = _notify(reader, url="/fr/notifications/preferences/")
    response = client.get(
        reverse("notifications:open", args=[notification.pk], kwargs=None).replace("/fr/", "/nl/")
    )
    assert response.status_code == 302
    assert response["Location"] == "/nl/notifications/preferences/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_all_as_read_is_a_post_and_marks_only_the_readers_own(client, reader):
    mine = _notify(reader)
    someone_elses = _notify(TeacherFactory())
    assert client.get(reverse("notifications:read_all")).status_code == 405
    client.post(reverse("notifications:read_all"))
    mine.refresh_from_db()
    someone_elses.refresh_from_db()
    assert mine.read_at is not None and someone_elses.read_at is None


def test_the_bell_shows_the_unread_count_without_javascript_and_refreshes_each_minute(
    client, reader, django_assert_max_num_queries
):
    _notify(reader)
    _notify(reader)
    _notify(reader, read_at=timezone.now())
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert 'data-testid="notification-count">2<' in page
    assert 'hx-trigger="every 60s"' in page
    fragment = client.get(reverse("notifications:bell"))
    assert 'data-testid="notification-count">2<' in fragment.content.decode()


def test_the_bell_fragment_is_empty_for_anonymous_visitors(client):
    response = client.get(reverse("notifications:bell"))
    assert response.status_code == 200
    assert b"notification-bell" not in response.content


def test_the_preferences_page_lists_every_kind_with_the_current_choice(client, reader):
    Preference.objects.create(user=reader, kind="test.daily", delivery="weekly")
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Test: mailed" in page and "Test: daily" in page
    assert 'name="test.daily" value="weekly"' in page
    checked = page.split('name="test.daily" value="weekly"')[1].split(">")[0]
    assert "checked" in checked


def test_preferences_refuse_an_unknown_delivery_and_keep_what_was_typed(client, reader):
    response = client.post(
        reverse("notifications:preferences"),
        {"test.mailed": "weekly", "test.daily": "sometimes", "test.own_mail": "site"},
    )
    assert response.status_code == 200
    assert not Preference.objects.filter(user=reader).exists()
    page = response.content.decode()
    checked = page.split('name="test.mailed" value="weekly"')[1].split(">")[0]
    assert "checked" in checked


def test_the_profile_links_to_the_preferences(client, reader):
    page = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("notifications:preferences") in page


def test_the_gdpr_export_holds_the_readers_notifications_and_choices(client, reader):
    _notify(reader, read_at=timezone.now())
    _notify(TeacherFactory())  # someone else's: not in this export
    Preference.objects.create(user=reader, kind="test.daily", delivery="weekly")
    data = client.get(reverse("accounts:export")).json()
    assert [n["message"] for n in data["notifications"]] == ["Léa wrote to you"]
    assert data["notifications"][0]["read_at"] is not None
    assert data["notification_preferences"] == {"test.daily": "weekly"}


def test_the_bell_is_marked_current_on_the_notification_pages_only(client, reader):
    on_list = client.get(reverse("notifications:list")).content.decode()
    on_dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    bell = 'data-testid="notification-bell" aria-current="page"'
    assert bell in on_list and bell not in on_dashboard


def test_the_refreshed_bell_stays_current_on_the_list(client, reader):
    bell = 'data-testid="notification-bell" aria-current="page"'
    on_list = client.get(
        reverse("notifications:bell"),
        headers={"HX-Current-URL": "http://testserver/fr/notifications/"},
    )
    on_home = client.get(
        reverse("notifications:bell"), headers={"HX-Current-URL": "http://testserver/fr/"}
    )
    assert bell in on_list.content.decode() and bell not in on_home.content.decode()


def test_the_menu_button_repeats_the_bells_count_from_the_same_query(client, reference_data):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.tests.factories import TeacherFactory
    from partners import services

    marc = TeacherFactory()
    services.contact_request_send(sender=TeacherFactory(), recipient=marc, message="Bonjour !")
    client.force_login(marc)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal:about"))
    html = response.content.decode()
    assert 'data-testid="menu-notification-count">1' in html
    assert 'data-testid="notification-count">1' in html
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"]
        and "notifications_notification" in q["sql"]
        and "read_at" in q["sql"]
    ]
    assert len(counts) == 1


def test_no_menu_badge_without_unread_notifications(client, reference_data):
    from accounts.tests.factories import TeacherFactory

    client.force_login(TeacherFactory())
    response = client.get(reverse("notifications:list"))
    assert b"menu-notification-count" not in response.content
