"""Browser journey of the trainings app in Chromium: the waiting list moving up
when a seat frees. (The statistics page: tests/test_browser_portal.py.)"""

from __future__ import annotations

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_waitlisted_teacher_is_promoted_when_a_seat_frees(
    page, browser, live_server, reference_data, log_in
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
    log_in(marc_context, marc)
    marc_page = marc_context.new_page()
    marc_page.goto(detail)
    marc_page.get_by_test_id("register").click()
    assert marc_page.get_by_test_id("registration-status").get_attribute("data-status") == (
        "confirmed"
    )

    # Claire finds the training full and joins the waiting list.
    log_in(page, claire)
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
