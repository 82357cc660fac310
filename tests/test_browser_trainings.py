"""Browser journey of the trainings app in Chromium: the waiting list moving up
when a seat frees. (The statistics page: tests/test_browser_portal.py.)"""

from __future__ import annotations

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(context, live_server, user) -> None:
    """Open a session for ``user`` and hand its cookie to the browser."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            }
        ]
    )


def test_a_waitlisted_teacher_is_promoted_when_a_seat_frees(
    page, browser, live_server, reference_data
):
    from accounts.tests.factories import SchoolFactory, TeacherFactory
    from trainings.models import Registration, RegistrationStatus
    from trainings.tests.factories import TrainingFactory

    school = SchoolFactory()
    claire = TeacherFactory(school=school, first_name="Claire", email="claire@example.org")
    marc = TeacherFactory(school=school, first_name="Marc", email="marc@example.org")
    training = TrainingFactory(title="Démarrer avec eTwinning", capacity=1)
    detail = f"{live_server.url}/fr/trainings/{training.pk}/"

    # Marc takes the only seat.
    marc_context = browser.new_context(locale="fr-BE")
    _log_in(marc_context, live_server, marc)
    marc_page = marc_context.new_page()
    marc_page.goto(detail)
    marc_page.get_by_test_id("register").click()
    assert marc_page.get_by_test_id("registration-status").get_attribute("data-status") == (
        "confirmed"
    )

    # Claire finds the training full and joins the waiting list.
    _log_in(page.context, live_server, claire)
    page.goto(detail)
    button = page.get_by_test_id("register")
    assert "liste d'attente" in button.inner_text()
    button.click()
    status = page.get_by_test_id("registration-status")
    assert status.get_attribute("data-status") == "waitlisted"
    assert "n° 1 sur la liste d'attente" in status.inner_text()

    # Marc unregisters: Claire moves up automatically and is e-mailed.
    mail.outbox.clear()
    marc_page.goto(detail)
    marc_page.get_by_test_id("unregister").click()
    assert "Votre inscription est annulée." in marc_page.locator(".messages").inner_text()
    marc_context.close()

    page.reload()
    assert page.get_by_test_id("registration-status").get_attribute("data-status") == "confirmed"
    assert Registration.objects.get(teacher=claire).status == RegistrationStatus.CONFIRMED
    assert [m.to for m in mail.outbox] == [["claire@example.org"]]
    assert "Démarrer avec eTwinning" in mail.outbox[0].subject
