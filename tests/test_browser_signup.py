"""Browser journey of a new teacher in Chromium: sign up, confirm through the link
of the e-mail actually sent, complete the profile, see the pending state; FWB staff
validate in admin; the teacher sees the validated state."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pdf(tmp_path):
    path = tmp_path / "attestation.pdf"
    from uploads.tests.files import pdf_bytes

    path.write_bytes(pdf_bytes())
    return path


def test_sign_up_confirm_profile_pending_then_validated(
    browser, live_server, reference_data, tmp_path, totp_clock
):
    from django.core import mail
    from playwright.sync_api import expect

    from accounts.models import TeacherStatus, User
    from accounts.tests.factories import SchoolFactory, StaffFactory, service
    from accounts.tests.mfa import totp_activate

    SchoolFactory(name="Athénée royal Liège Atlas", city="Liège", postcode="4020")
    staff = StaffFactory(staff_service=service("be-fwb"), email="staff@example.org")
    staff_app = totp_activate(staff)  # the admin requires a second factor of staff

    teacher_ctx = browser.new_context(locale="fr-BE")
    page = teacher_ctx.new_page()
    page.goto(f"{live_server.url}/fr/")
    page.get_by_role("link", name="Créer un compte enseignant").click()
    page.get_by_label("Prénom").fill("Claire")
    page.get_by_label(re.compile(r"^Nom")).fill("Dubois")
    page.get_by_label("Courriel").fill("claire@example.org")
    page.locator("#id_password1").fill("un-long-mot-de-passe-42")
    page.locator("#id_password2").fill("un-long-mot-de-passe-42")
    expect(page.get_by_label(re.compile("Liaison eTwinning"))).to_be_checked()
    page.get_by_role("button", name="Création de compte").click()
    expect(page.get_by_role("heading", name=re.compile("adresse", re.I))).to_be_visible()

    body = mail.outbox[-1].body
    link = re.search(r"https?://\S+/confirm-email/\S+/", body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    page.goto(live_server.url + path)
    page.get_by_role("button", name=re.compile("Confirmer", re.I)).click()

    # Landed on the profile: find the school, fill the class, attach the proof.
    expect(page).to_have_url(re.compile(r"/fr/profile/$"))
    page.get_by_label(re.compile("Cherchez votre école")).fill("Atlas")
    page.get_by_label(re.compile("Athénée royal Liège Atlas")).check()
    page.get_by_label("Mathématiques").check()
    page.locator("#id_age_min").fill("9")
    page.locator("#id_age_max").fill("11")
    page.get_by_label("Preuve d'emploi").set_input_files(str(_pdf(tmp_path)))
    page.get_by_role("button", name="Enregistrer mon profil").click()
    expect(page.get_by_test_id("account-status")).to_have_attribute("data-status", "pending")
    assert User.objects.get(email="claire@example.org").status == TeacherStatus.PENDING

    staff_ctx = browser.new_context(locale="fr-BE")
    admin = staff_ctx.new_page()
    admin.goto(f"{live_server.url}/fr/accounts/login/")
    admin.get_by_label("Courriel").fill("staff@example.org")
    admin.locator("#id_password").fill("pass-word-123")
    admin.get_by_role("button", name=re.compile("Connexion", re.I)).click()
    admin.locator("#id_code").fill(totp_clock.code(staff_app))
    admin.get_by_role("button", name=re.compile("Connexion", re.I)).click()
    expect(admin).to_have_url(re.compile("/fr/admin/$"))
    admin.goto(f"{live_server.url}/fr/admin/accounts/user/?status__exact=pending")
    admin.get_by_role("row").filter(has_text="Dubois").get_by_role("checkbox").check()
    admin.locator("select[name=action]").select_option("validate_selected")
    admin.locator("button[name=index]").first.click()
    expect(admin.get_by_text("1 dossier traité.")).to_be_visible()

    page.goto(f"{live_server.url}/fr/dashboard/")
    expect(page.get_by_test_id("account-status")).to_have_attribute("data-status", "validated")
    assert any(m.subject == "Votre inscription eTwinning est validée" for m in mail.outbox)
    teacher_ctx.close()
    staff_ctx.close()
