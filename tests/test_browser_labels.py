"""Browser journeys of the labels app in Chromium: a teacher applies for the
National Quality Label, staff score and award it in the admin, the label and
the certificate appear; a project is entered in the FWB prize contest."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_teacher_applies_staff_award_and_the_certificate_appears(
    page, browser, live_server, reference_data, log_in
):
    from accounts.tests.factories import StaffFactory, service
    from labels.tests.factories import european_project, open_round

    open_round()
    project, founder, _partner = european_project(title="Contes d'ici et d'ailleurs")
    staff = StaffFactory(staff_service=service("be-fwb"), email="evaluatrice@example.org")

    log_in(page, founder)
    page.goto(f"{live_server.url}/fr/labels/apply/{project.pk}/")
    for code in ("pupil_collaboration", "ict_use", "data_protection", "copyright", "e_safety"):
        page.locator(f"#id_pre_{code}").check()
    for code in ("innovation", "curriculum", "collaboration", "technology", "results"):
        page.locator(f"#id_text_{code}").fill("Nos élèves ont travaillé ensemble chaque semaine.")
    page.locator("#id_evidence_links").fill(f"{live_server.url}/fr/projects/{project.pk}/")
    page.get_by_role("button", name="Envoyer ma candidature").click()
    expect(page.get_by_test_id("my-applications").get_by_text("en évaluation")).to_be_visible()

    staff_context = browser.new_context(locale="fr-BE")
    log_in(staff_context, staff)
    admin = staff_context.new_page()
    admin.goto(f"{live_server.url}/fr/admin/labels/nationallabelapplication/")
    admin.get_by_role("link", name=project.title).click()
    for code, points in (
        ("innovation", "5"),
        ("curriculum", "5"),
        ("collaboration", "6"),
        ("technology", "5"),
        ("results", "4"),
    ):
        admin.locator(f"#id_score_{code}").fill(points)
    admin.locator("#id_comment").fill("Un très beau projet.")
    admin.locator("#id_decision").select_option("award")
    admin.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(admin.locator("#result_list")).to_contain_text("label attribué")

    page.goto(f"{live_server.url}/fr/labels/mine/")
    expect(page.get_by_test_id("my-applications").get_by_text("label attribué")).to_be_visible()
    expect(page.get_by_text("25/30")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_test_id("certificate-link").click()
    assert download.value.suggested_filename.endswith(".pdf")

    page.goto(f"{live_server.url}/fr/projects/{project.pk}/public/")
    expect(page.get_by_test_id("project-labels")).to_contain_text("Label de qualité national")


def test_a_project_is_entered_in_the_contest(page, live_server, reference_data, log_in):
    from django.utils import timezone

    from labels import services
    from labels.models import ContestEntry
    from labels.tests.factories import european_project

    edition = services.contest_edition_create(year=timezone.now().year + 1)
    project, founder, _partner = european_project()
    log_in(page, founder)
    page.goto(f"{live_server.url}/fr/labels/contest/")
    expect(page.get_by_test_id("time-left")).to_be_visible()
    page.get_by_role("link", name="Inscrire un projet", exact=True).click()
    page.locator("#id_project").select_option(str(project.pk))
    page.locator("#id_category").select_option(label="12 à 15 ans")
    page.locator("#id_presentation").fill("Un livre numérique écrit à quatre mains.")
    page.locator("#id_evidence_links").fill("https://example.org/livre")
    page.get_by_role("button", name="Déposer la participation").click()
    expect(page.get_by_test_id("my-entries")).to_contain_text(project.title)
    entry = ContestEntry.objects.get()
    assert (entry.edition, entry.category.name) == (edition, "12 à 15 ans")
