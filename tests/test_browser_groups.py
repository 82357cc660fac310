"""Browser journey of the groups in Chromium: a teacher joins an open group and replies
in a thread another teacher follows; that teacher sees the bell's count and the
notification, and gets it in the daily digest."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reply_in_a_followed_thread_reaches_the_bell_and_the_daily_digest(
    page, browser, live_server, reference_data, log_in
):
    from accounts.tests.factories import StaffFactory, service
    from groups import services
    from groups.tests.factories import fwb_teacher
    from notifications.digests import digests_prepare
    from notifications.models import Notification, Preference

    staff = StaffFactory(staff_service=service("be-fwb"))
    claire = fwb_teacher(first_name="Claire", last_name="Dubois", email="claire@example.org")
    marc = fwb_teacher(first_name="Marc", last_name="Lambert", email="marc@example.org")
    group = services.group_create(
        by=staff,
        title={"fr": "eSafety en classe", "nl": "eSafety in de klas"},
        description="Partager nos pratiques de sécurité en ligne.",
        theme="esafety",
        service_id=staff.staff_service_id,
    )
    services.membership_add(group=group, teacher=marc, by=staff, role="moderator")
    # Marc opens a thread (and so follows it); he reads group news in a daily digest.
    thread = services.thread_create(
        group=group, by=marc, title="Photos d'élèves : quelles règles ?", body="Vos pratiques ?"
    )
    Preference.objects.create(user=marc, kind="groups.reply", delivery="daily")

    # Claire finds the group by its theme, joins it, and replies in Marc's thread.
    log_in(page, claire)
    page.goto(f"{live_server.url}/fr/groups/")
    page.get_by_label("Thème").select_option("esafety")
    page.get_by_role("button", name="Chercher").click()
    page.get_by_role("link", name="eSafety en classe").click()
    page.get_by_test_id("join").click()
    expect(page.locator(".messages")).to_contain_text("Bienvenue dans le groupe")
    page.get_by_role("link", name="Photos d'élèves : quelles règles ?").click()
    page.get_by_label("Votre réponse").fill("Nous floutons les visages, toujours.")
    page.get_by_test_id("reply").click()
    # The reply comes back through htmx into the same page.
    expect(page.locator("#replies")).to_contain_text("Nous floutons les visages, toujours.")
    expect(page.get_by_label("Votre réponse")).to_have_value("")

    # Marc sees the bell's count and the notification.
    marc_context = browser.new_context(locale="fr-BE")
    log_in(marc_context, marc)
    marc_page = marc_context.new_page()
    marc_page.goto(f"{live_server.url}/fr/groups/{group.pk}/")
    expect(marc_page.get_by_test_id("notification-count")).to_have_text(re.compile(r"^\s*1\b"))
    marc_page.get_by_test_id("notification-bell").click()
    expect(marc_page.get_by_test_id("notification")).to_contain_text(
        "Claire Dubois a répondu dans « Photos d'élèves : quelles règles ? »"
    )
    marc_context.close()

    # No immediate e-mail (his preference is daily); the daily digest carries it.
    assert not [m for m in mail.outbox if m.to == ["marc@example.org"]]
    digests_prepare(period="daily")
    to_marc = [m for m in mail.outbox if m.to == ["marc@example.org"]]
    assert len(to_marc) == 1
    assert "Claire Dubois a répondu dans « Photos d'élèves : quelles règles ? »" in to_marc[0].body
    assert f"/fr/groups/{group.pk}/threads/{thread.pk}/" in to_marc[0].body
    assert Notification.objects.get(recipient=marc).digest_id is not None
