"""Browser journey of a project kit in Chromium: a teacher opens a kit, clicks
« Fonder un projet à partir de ce kit », finds the form prefilled and submits it; the
co-founder accepts, the support service approves (through the service: the admin's
path is the projects journey's), and the project's space shows one page per step."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(browser, log_in, user, width=1280):
    context = browser.new_context(locale="fr-BE", viewport={"width": width, "height": 900})
    log_in(context, user)
    return context.new_page()


def test_found_a_project_from_a_kit_and_find_its_steps_in_the_space(
    browser, live_server, reference_data, log_in
):
    from playwright.sync_api import expect

    from accounts.tests.factories import StaffFactory, service
    from kits.models import KitUse
    from kits.tests.factories import make_kit
    from projects import services as project_services
    from projects.models import Project, ProjectState
    from projects.tests.factories import make_contacts, teacher_in

    claire = teacher_in("be-fwb", first_name="Claire", last_name="Dubois")
    ines = teacher_in("pt", first_name="Ines", last_name="Costa")
    make_contacts(claire, ines)
    kit = make_kit(
        title="Défis mathématiques",
        summary="Un défi par quinzaine entre classes partenaires.",
        subjects=("mathematics",),
        ages=(10, 13),
        steps=("Former les équipes", "Le premier défi", "La finale"),
    )
    make_kit(title="Le voyage virtuel de notre mascotte", subjects=("geography",), ages=(5, 8))

    # Claire browses the kits, filters by age and opens the maths kit.
    page = _as(browser, log_in, claire)
    page.goto(f"{live_server.url}/fr/kits/")
    page.get_by_label("Âge des élèves").fill("12")
    page.get_by_role("button", name="Filtrer").click()
    expect(
        page.get_by_test_id("kit-list").get_by_role("listitem").filter(has=page.locator("h2"))
    ).to_have_count(1)
    page.get_by_role("link", name="Défis mathématiques").click()
    expect(page.get_by_test_id("kit-steps").get_by_role("heading")).to_have_text(
        ["Former les équipes", "Le premier défi", "La finale"]
    )

    # « Fonder un projet à partir de ce kit »: the form is prefilled from the kit.
    page.get_by_role("link", name="Fonder un projet à partir de ce kit").click()
    expect(page.get_by_test_id("found-notice")).to_contain_text(
        "Formulaire prérempli à partir du kit « Défis mathématiques »"
    )
    expect(page.get_by_label("Titre")).to_have_value("Défis mathématiques")
    expect(page.get_by_label("Résumé")).to_have_value(
        "Un défi par quinzaine entre classes partenaires."
    )
    subjects = page.get_by_role("group", name="Disciplines")
    expect(subjects.get_by_label("Mathématiques")).to_be_checked()
    expect(subjects.get_by_label("Géographie")).not_to_be_checked()
    expect(page.get_by_label("Âge minimum des élèves")).to_have_value("10")
    expect(page.get_by_label("Âge maximum des élèves")).to_have_value("13")

    # Claire adds what a kit cannot know and founds the project.
    page.get_by_label("Cofondateur·rice (un de vos contacts)").select_option(str(ines.pk))
    page.get_by_label("Titre").fill("Défis mathématiques Liège–Lisboa")
    page.get_by_role("group", name="Langues de travail").get_by_label("Anglais").check()
    page.get_by_label("Début prévu").fill("2026-09-01")
    page.get_by_label("Fin prévue").fill("2027-06-30")
    page.get_by_role("button", name="Fonder le projet et inviter mon contact").click()
    expect(page.get_by_test_id("project-state")).to_have_attribute("data-state", "awaiting_partner")
    project = Project.objects.get(title="Défis mathématiques Liège–Lisboa")
    assert KitUse.objects.filter(kit=kit, project=project).exists()

    # Inês accepts from « Mes projets »; both services approve: the project opens.
    ines_page = _as(browser, log_in, ines)
    ines_page.goto(f"{live_server.url}/fr/projects/mine/")
    ines_page.get_by_test_id("invitations").get_by_role("button", name="Accepter").click()
    expect(ines_page.get_by_test_id("project-state")).to_have_attribute(
        "data-state", "awaiting_approval"
    )
    for approval in project.approvals.select_related("service"):
        staff = StaffFactory(staff_service=service(approval.service.code))
        project_services.project_approve(approval=approval, by=staff)
    project.refresh_from_db()
    assert project.state == ProjectState.ACTIVE

    # The space holds one page per step of the kit, in order.
    page.goto(f"{live_server.url}/fr/projects/{project.pk}/space/")
    expect(page.locator(".page-tree a")).to_have_text(
        ["Former les équipes", "Le premier défi", "La finale"]
    )
    page.get_by_role("link", name="Le premier défi").click()
    expect(page.get_by_text("Activité : le premier défi.")).to_be_visible()
