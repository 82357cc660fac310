"""Browser journeys of the trainings app in Chromium: the waiting list moving up
when a seat frees, and the statistics page drawing its charts."""

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


def test_the_statistics_page_draws_non_empty_charts(page, live_server, reference_data, tmp_path):
    from accounts.tests.factories import SchoolFactory, TeacherFactory, country, service

    be = SchoolFactory()
    fr = SchoolFactory(support_service=service("fr"), country=country("FR"))
    for school in (be, be, be, fr):
        TeacherFactory(school=school)

    page.goto(f"{live_server.url}/fr/statistics/")
    charts = page.locator("svg.chart-svg")
    assert charts.count() >= 4

    shot = tmp_path / "statistics.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    # Every drawn chart has bars of a real size (not an empty or collapsed SVG).
    for index in range(charts.count()):
        chart = charts.nth(index)
        box = chart.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50
        bars = chart.locator("rect.chart-bar")
        assert bars.count() >= 1
        sizes = [bars.nth(i).bounding_box() for i in range(bars.count())]
        assert any(b and b["width"] > 1 and b["height"] > 1 for b in sizes)

    # The text alternative names the figures.
    first = page.locator("figure.chart").first
    first.locator("summary").click()
    assert "Belgique" in first.locator("table").inner_text()
