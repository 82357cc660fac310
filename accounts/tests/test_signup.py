import re

from allauth.account.models import EmailAddress
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import TeacherStatus, User
from accounts.tests.factories import PDF_BYTES

SIGNUP = {
    "first_name": "Claire",
    "last_name": "Dubois",
    "email": "Claire.Dubois@Example.org",
    "password1": "un-long-mot-de-passe-42",
    "password2": "un-long-mot-de-passe-42",
    "preferred_language": "fr",
    "bulletin_subscribed": "on",
}


def _confirm_link() -> str:
    match = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0).split("://", 1)[1].split("/", 1)[1]


def test_sign_up_sends_a_confirmation_email_and_blocks_login_until_confirmed(client, db):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="claire.dubois@example.org")
    assert (user.first_name, user.last_name) == ("Claire", "Dubois")
    assert user.status == TeacherStatus.NEW
    assert user.bulletin_subscribed is True
    assert len(mail.outbox) == 1
    assert "confirm-email" in mail.outbox[0].body
    login = client.post(
        reverse("account_login"),
        {"login": "claire.dubois@example.org", "password": SIGNUP["password1"]},
    )
    assert "/confirm-email/" in login["Location"]


def test_the_bulletin_checkbox_is_ticked_by_default_on_the_sign_up_form(client, db):
    body = client.get(reverse("account_signup")).content.decode()
    assert re.search(r'name="bulletin_subscribed"[^>]*checked', body)
    assert "Liaison eTwinning" in body


def test_a_teacher_may_decline_the_bulletin_at_sign_up(client, db):
    client.post(reverse("account_signup"), {**SIGNUP, "bulletin_subscribed": ""})
    assert User.objects.get(email="claire.dubois@example.org").bulletin_subscribed is False


def test_sign_up_keeps_what_was_typed_when_the_passwords_differ(client, db):
    response = client.post(reverse("account_signup"), {**SIGNUP, "password2": "autre-chose-99"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Claire"' in body and 'value="Dubois"' in body
    assert not User.objects.exists()


def test_confirming_logs_in_and_leads_to_the_profile_then_pending(client, db, fwb_school):
    client.post(reverse("account_signup"), SIGNUP)
    confirm = client.post("/" + _confirm_link())
    assert confirm.status_code == 302
    assert confirm["Location"] == reverse("accounts:profile")
    assert EmailAddress.objects.get(email="claire.dubois@example.org").verified

    response = client.post(
        reverse("accounts:profile"),
        {
            "first_name": "Claire",
            "last_name": "Dubois",
            "role": "teacher",
            "school": fwb_school.pk,
            "age_min": 9,
            "age_max": 11,
            "preferred_language": "fr",
            "bulletin_subscribed": "on",
            "available_for_projects": "on",
            "proof_of_employment": SimpleUploadedFile("attestation.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    user = User.objects.get(email="claire.dubois@example.org")
    assert user.status == TeacherStatus.PENDING
    assert user.support_service.code == "be-fwb"
    assert user.proof_of_employment.name.startswith("proofs/")
    assert "attestation" not in user.proof_of_employment.name
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert 'data-status="pending"' in dashboard


def test_sign_up_does_not_reveal_that_an_address_is_taken(client, db, teacher):
    response = client.post(reverse("account_signup"), {**SIGNUP, "email": teacher.email})
    # Same redirect to "check your e-mail" as for a new address; the owner gets a notice.
    assert response.status_code == 302
    assert "confirm-email" in response["Location"] or "verification" in response["Location"]
    assert User.objects.filter(email=teacher.email).count() == 1


def test_password_reset_answers_the_same_for_unknown_addresses(client, db, teacher):
    known = client.post(reverse("account_reset_password"), {"email": teacher.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
