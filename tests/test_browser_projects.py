"""Browser journey of a project in Chromium: two teachers of different countries
who are contacts found a project (the eligibility is checked live); both support
services approve in admin; the project opens; a third teacher is invited and joins."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(browser, log_in, user):
    context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 900})
    log_in(context, user)
    return context.new_page()


def _approve_in_admin(page, live_server, title):
    page.goto(f"{live_server.url}/fr/admin/projects/project/")
    page.get_by_role("row").filter(has_text=title).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("approve_selected")
    page.locator("button[name=index], button.button[type=submit]").first.click()
    page.get_by_text("1 décision enregistrée.").wait_for()


def test_found_approve_open_and_invite(browser, live_server, reference_data, log_in):
    from playwright.sync_api import expect

    from accounts.tests.factories import StaffFactory, service
    from projects.models import MemberStatus, Project, ProjectState
    from projects.tests.factories import make_contacts, teacher_in

    claire = teacher_in("be-fwb", first_name="Claire", last_name="Dubois")
    ines = teacher_in("pt", first_name="Ines", last_name="Costa")
    mette = teacher_in("dk", first_name="Mette", last_name="Jensen", email="mette@example.dk")
    make_contacts(claire, ines)
    staff_fwb = StaffFactory(staff_service=service("be-fwb"))
    staff_pt = StaffFactory(staff_service=service("pt"))

    # Claire founds the project with Inês; the live check approves the pair.
    page = _as(browser, log_in, claire)
    page.goto(f"{live_server.url}/fr/projects/found/")
    page.get_by_label("Cofondateur·rice (un de vos contacts)").select_option(str(ines.pk))
    expect(page.get_by_test_id("eligibility")).to_contain_text(
        "Toutes les règles d'éligibilité sont respectées."
    )
    page.get_by_label("Titre").fill("Le voyage de Léon")
    page.get_by_label("Résumé").fill("Notre mascotte voyage de Liège à Lisbonne.")
    page.get_by_role("group", name="Disciplines").get_by_label("Géographie").check()
    page.get_by_role("group", name="Langues de travail").get_by_label("Anglais").check()
    page.get_by_label("Âge minimum des élèves").fill("6")
    page.get_by_label("Âge maximum des élèves").fill("8")
    page.get_by_label("Début prévu").fill("2026-09-01")
    page.get_by_label("Fin prévue").fill("2027-06-30")
    page.get_by_role("button", name="Fonder le projet et inviter mon contact").click()
    expect(page.get_by_test_id("project-state")).to_have_attribute("data-state", "awaiting_partner")
    project = Project.objects.get(title="Le voyage de Léon")

    # Inês accepts from "My projects".
    ines_page = _as(browser, log_in, ines)
    ines_page.goto(f"{live_server.url}/fr/projects/mine/")
    ines_page.get_by_test_id("invitations").get_by_role("button", name="Accepter").click()
    expect(ines_page.get_by_test_id("project-state")).to_have_attribute(
        "data-state", "awaiting_approval"
    )

    # Each founder's support service approves in admin.
    _approve_in_admin(_as(browser, log_in, staff_fwb), live_server, "Le voyage de Léon")
    project.refresh_from_db()
    assert project.state == ProjectState.AWAITING_APPROVAL
    _approve_in_admin(_as(browser, log_in, staff_pt), live_server, "Le voyage de Léon")
    project.refresh_from_db()
    assert project.state == ProjectState.ACTIVE

    # The project is open: Claire invites Mette, who joins.
    page.goto(f"{live_server.url}/fr/projects/{project.pk}/")
    expect(page.get_by_test_id("project-state")).to_have_attribute("data-state", "active")
    page.get_by_label("ou l'adresse e-mail d'un·e enseignant·e inscrit·e").fill("mette@example.dk")
    page.get_by_role("button", name="Inviter", exact=True).click()
    expect(page.get_by_text("Invitation envoyée.")).to_be_visible()

    mette_page = _as(browser, log_in, mette)
    mette_page.goto(f"{live_server.url}/fr/projects/{project.pk}/")
    mette_page.get_by_test_id("my-invitation").get_by_role("button", name="Accepter").click()
    expect(mette_page.get_by_text("Vous avez rejoint le projet.")).to_be_visible()
    expect(mette_page.get_by_test_id("members")).to_contain_text("Mette Jensen")
    assert project.memberships.get(user=mette).status == MemberStatus.ACTIVE
