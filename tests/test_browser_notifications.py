"""Browser journey of the notification centre in Chromium: the bell counts what is
new, the list leads to the object and marks it read, « mark all as read » empties the
bell. (A group's activity reaching its members and their digest: the groups journey.)"""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bell_counts_the_new_and_the_list_marks_them_read(
    page, live_server, reference_data, log_in
):
    from accounts.tests.factories import TeacherFactory
    from notifications.models import Notification
    from partners import services

    claire = TeacherFactory(first_name="Claire", last_name="Dubois")
    marc = TeacherFactory(first_name="Marc", last_name="Lambert")
    ines = TeacherFactory(first_name="Inês", last_name="Costa")
    services.contact_request_send(sender=claire, recipient=marc, message="Bonjour Marc !")
    services.contact_request_send(sender=ines, recipient=marc, message="Olá Marc !")

    log_in(page, marc)
    page.goto(f"{live_server.url}/fr/dashboard/")
    bell = page.get_by_test_id("notification-bell")
    assert page.get_by_test_id("notification-count").inner_text().startswith("2")
    bell.click()

    assert page.url.endswith("/fr/notifications/")
    items = page.get_by_test_id("notification")
    assert items.count() == 2
    assert "Inês Costa souhaite vous ajouter à ses contacts." in items.nth(0).inner_text()
    items.nth(1).get_by_role("link").click()

    # The link leads to the contacts page, where Claire's request waits.
    assert page.url.endswith("/fr/partners/contacts/")
    assert "Bonjour Marc !" in page.content()
    assert page.get_by_test_id("notification-count").inner_text().startswith("1")
    opened = Notification.objects.get(actor=claire)
    assert opened.read_at is not None

    page.goto(f"{live_server.url}/fr/notifications/")
    page.get_by_test_id("mark-all-read").click()
    assert page.get_by_test_id("notification-count").count() == 0
    assert "Toutes vos notifications sont marquées comme lues." in page.content()
    assert not Notification.objects.filter(recipient=marc, read_at__isnull=True).exists()


def test_the_bell_and_the_list_speak_the_readers_language(
    page, live_server, reference_data, log_in
):
    from accounts.tests.factories import TeacherFactory
    from partners import services

    anna = TeacherFactory(first_name="Anna", last_name="Schmitz", preferred_language="de")
    sophie = TeacherFactory(first_name="Sophie", last_name="Renard")
    services.contact_request_send(sender=sophie, recipient=anna, message="Bonjour !")

    log_in(page, anna)
    page.goto(f"{live_server.url}/de/notifications/")
    assert "Benachrichtigungen" in page.get_by_test_id("notification-bell").inner_text()
    item = page.get_by_test_id("notification").first
    assert "Sophie Renard möchte Sie zu den Kontakten hinzufügen." in item.inner_text()
    item.get_by_role("link").click()
    assert page.url.endswith("/de/partners/contacts/")


def test_on_a_phone_the_closed_menu_button_shows_the_unread_count(
    browser, live_server, reference_data, log_in
):
    from accounts.tests.factories import TeacherFactory
    from partners import services

    marc = TeacherFactory(first_name="Marc", last_name="Lambert")
    for first_name in ("Claire", "Inês", "Jonas"):
        services.contact_request_send(
            sender=TeacherFactory(first_name=first_name), recipient=marc, message="Bonjour !"
        )

    context = browser.new_context(viewport={"width": 360, "height": 740})
    try:
        log_in(context, marc)
        page = context.new_page()
        page.goto(f"{live_server.url}/fr/dashboard/")
        # The bell is inside the closed menu: hidden, while the button carries the count.
        assert not page.get_by_test_id("notification-bell").is_visible()
        badge = page.get_by_test_id("menu-notification-count")
        assert badge.is_visible()
        assert badge.inner_text().startswith("3")
        box = badge.bounding_box()
        assert box is not None and box["y"] + box["height"] <= 740
        page.get_by_text("Menu").click()
        assert page.get_by_test_id("notification-bell").is_visible()
    finally:
        context.close()
