"""The second factor: required of every staff account before the admin opens, optional
for teachers. These tests log in for real (password, then a code of the authenticator
app computed with allauth's TOTP helpers), never with ``force_login``."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import StaffFactory, SuperuserFactory, TeacherFactory, service
from accounts.tests.mfa import totp_activate

PASSWORD = "pass-word-123"  # noqa: S105 - the factories' password


def _password_step(client: Client, user) -> str:
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response["Location"]


def _logged_in_as(client: Client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value else None


def _admin_opens(client: Client) -> bool:
    response = client.get(reverse("admin:index"))
    assert response.status_code in (200, 302)
    return response.status_code == 200


# --- The admin's login is the portal's login ------------------------------------------


def test_the_admin_login_page_sends_to_the_portal_login_with_the_page_asked(client, db):
    response = client.get(reverse("admin:login"), {"next": "/fr/admin/accounts/user/"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/accounts/login/?next=%2Ffr%2Fadmin%2Faccounts%2Fuser%2F"


def test_the_admin_login_page_ignores_a_next_address_on_another_site(client, db):
    response = client.get(reverse("admin:login"), {"next": "https://evil.example/"})
    assert response["Location"] == "/fr/accounts/login/?next=%2Ffr%2Fadmin%2F"


def test_a_teacher_is_refused_the_admin(client, teacher):
    _password_step(client, teacher)
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse("admin:login")).status_code == 403


# --- Staff without an authenticator app ---------------------------------------------------


def test_staff_without_an_app_are_sent_to_set_one_up_and_the_admin_stays_closed(client, db):
    staff = StaffFactory(email="nouvelle@example.org")
    _password_step(client, staff)
    assert _logged_in_as(client) == staff.pk
    response = client.get(reverse("admin:index"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert "exige une double authentification" in response.content.decode()
    assert not _admin_opens(client)


def test_setting_up_the_app_opens_the_admin_and_shows_recovery_codes(
    client, db, totp_clock, django_capture_on_commit_callbacks
):
    staff = StaffFactory(email="nouvelle@example.org")
    _password_step(client, staff)
    # allauth asks for the password again before a second factor is added.
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302
    page = client.get(reverse("mfa_activate_totp")).content.decode()
    secret = client.session[SECRET_SESSION_KEY]
    assert secret in page and "data:image/svg+xml;base64," in page  # the secret and its QR code
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_activate_totp"), {"code": totp_clock.code(secret)})
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    codes_page = client.get(reverse("mfa_view_recovery_codes")).content.decode()
    assert reverse("admin:index") in codes_page  # the way on to the admin
    assert Authenticator.objects.filter(user=staff, type="totp").exists()
    assert Authenticator.objects.filter(user=staff, type="recovery_codes").exists()
    assert _admin_opens(client)


# --- Staff with an authenticator app ------------------------------------------------------


@pytest.fixture
def staff_with_app(db):
    staff = StaffFactory(staff_service=service("be-fwb"), email="agent@example.org")
    return staff, totp_activate(staff)


def test_staff_log_in_with_their_password_then_a_code(client, staff_with_app, totp_clock):
    staff, secret = staff_with_app
    assert _password_step(client, staff) == reverse("mfa_authenticate")
    assert _logged_in_as(client) is None
    assert not _admin_opens(client)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_clock.code(secret)})
    assert response["Location"] == reverse("admin:index")
    assert _logged_in_as(client) == staff.pk
    assert _admin_opens(client)


def test_a_wrong_code_logs_nobody_in(client, staff_with_app, totp_clock):
    staff, _secret = staff_with_app
    _password_step(client, staff)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "Code incorrect" in response.content.decode()
    assert _logged_in_as(client) is None
    assert not _admin_opens(client)


def test_guessing_codes_is_stopped_with_429_even_for_the_right_code(
    client, staff_with_app, totp_clock
):
    staff, secret = staff_with_app
    _password_step(client, staff)
    for _ in range(5):
        client.post(reverse("mfa_authenticate"), {"code": "000000"})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_clock.code(secret)})
    assert response.status_code == 429
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert _logged_in_as(client) is None


def test_a_recovery_code_replaces_a_lost_phone_once(client, staff_with_app):
    staff, _secret = staff_with_app
    code = RecoveryCodes.activate(staff).get_unused_codes()[0]
    _password_step(client, staff)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response["Location"] == reverse("admin:index")
    assert _admin_opens(client)
    again = Client()
    _password_step(again, staff)
    assert again.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert _logged_in_as(again) is None


def test_a_session_that_skipped_the_code_is_asked_for_one(client, db, totp_clock):
    # Logged in with the password alone, before the app was set up elsewhere.
    staff = StaffFactory(email="agent@example.org")
    _password_step(client, staff)
    secret = totp_activate(staff)
    response = client.get(reverse("admin:index"), follow=True)
    url, _status = response.redirect_chain[-1]
    assert url.startswith(reverse("mfa_reauthenticate"))
    assert "entrez le code affiché" in response.content.decode()
    response = client.post(url, {"code": totp_clock.code(secret)})
    assert response["Location"] == reverse("admin:index")
    assert _admin_opens(client)


def test_removing_the_app_closes_the_admin(client, staff_with_app, totp_clock):
    staff, secret = staff_with_app
    _password_step(client, staff)
    client.post(reverse("mfa_authenticate"), {"code": totp_clock.code(secret)})
    assert _admin_opens(client)
    Authenticator.objects.filter(user=staff).delete()
    assert not _admin_opens(client)


# --- Who opens the admin, and what they can do there ------------------------------------

# fmt: off
# (role, has an app, typed a code) -> (admin index opens, deleting a teacher there works)
EXPECTED = {
    ("teacher",   False, False): (False, False),
    ("teacher",   True,  True):  (False, False),
    ("staff",     False, False): (False, False),
    ("staff",     True,  False): (False, False),
    ("staff",     True,  True):  (True,  False),  # no permission to delete accounts
    ("superuser", False, False): (False, False),
    ("superuser", True,  False): (False, False),
    ("superuser", True,  True):  (True,  True),
}
# fmt: on


def _member(role: str):
    if role == "teacher":
        return TeacherFactory(email="membre@example.org")
    if role == "staff":
        return StaffFactory(email="membre@example.org")
    return SuperuserFactory(email="membre@example.org")


@pytest.mark.parametrize(("case", "expected"), EXPECTED.items(), ids=str)
def test_the_admin_opens_only_for_staff_who_typed_a_code(client, db, totp_clock, case, expected):
    role, has_app, typed_code = case
    opens, deletes = expected
    member = _member(role)
    victim = TeacherFactory(email="victime@example.org")
    if has_app and not typed_code:
        _password_step(client, member)  # logged in before the app was set up
        totp_activate(member)
    elif has_app:
        secret = totp_activate(member)
        _password_step(client, member)
        client.post(reverse("mfa_authenticate"), {"code": totp_clock.code(secret)})
    else:
        _password_step(client, member)
    assert _logged_in_as(client) == member.pk
    assert _admin_opens(client) is opens
    client.post(reverse("admin:accounts_user_delete", args=[victim.pk]), {"post": "yes"})
    assert User.objects.filter(pk=victim.pk).exists() is not deletes


# --- Teachers may turn it on ---------------------------------------------------------------


def test_a_teacher_finds_the_security_page_from_the_dashboard(client, teacher):
    client.force_login(teacher)
    dashboard = client.get(reverse("accounts:dashboard")).content.decode()
    assert reverse("mfa_index") in dashboard
    page = client.get(reverse("mfa_index"))
    assert page.status_code == 200
    assert reverse("mfa_activate_totp") in page.content.decode()


def test_a_teacher_with_an_app_is_asked_for_a_code_at_login(client, teacher, totp_clock):
    secret = totp_activate(teacher)
    assert _password_step(client, teacher) == reverse("mfa_authenticate")
    assert _logged_in_as(client) is None
    client.post(reverse("mfa_authenticate"), {"code": totp_clock.code(secret)})
    assert _logged_in_as(client) == teacher.pk
