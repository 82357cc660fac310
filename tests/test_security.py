"""Security headers and cookies on real responses with the production settings,
account enumeration, and sessions ending on logout, password change and deletion."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import User

PRODUCTION_ENV = {
    "PATH": "/usr/bin:/bin",
    "DJANGO_SETTINGS_MODULE": "etwinning.settings",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "s" * 20 + "-a-long-random-production-secret-value-456",
    "DJANGO_ALLOWED_HOSTS": "testserver",
}
SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
]


@pytest.fixture(scope="module")
def production_values():
    """The security settings exactly as a production process computes them."""
    code = (
        "import json, django; from django.conf import settings; django.setup();"
        f"print(json.dumps({{n: getattr(settings, n) for n in {SECURITY_SETTINGS!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=PRODUCTION_ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def production(settings, production_values):
    for name, value in production_values.items():
        setattr(settings, name, value)
    assert settings.DEBUG is False
    return settings


def _csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


PAGES = ["portal:home", "account_login", "account_signup", "portal:countries"]


# Not "page": that is pytest-playwright's fixture, and the name would pull a browser
# parameter into these plain client tests.
@pytest.mark.parametrize("url_name", PAGES)
def test_pages_carry_a_strict_content_security_policy(production, client, db, url_name):
    response = client.get(reverse(url_name), secure=True)
    assert response.status_code == 200
    csp = _csp(response)
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("url_name", PAGES)
def test_pages_carry_hsts_nosniff_framing_and_referrer_headers(production, client, db, url_name):
    response = client.get(reverse(url_name), secure=True)
    assert response["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https(production, client, db):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(production, db, teacher):
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("account_login"), secure=True)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        reverse("account_login"),
        {
            "login": teacher.email,
            "password": "pass-word-123",
            "csrfmiddlewaretoken": page.context["csrf_token"],
        },
        secure=True,
        HTTP_REFERER="https://testserver/fr/accounts/login/",
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def test_a_post_without_csrf_token_is_refused(production, db, teacher):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("account_login"), {"login": teacher.email, "password": "pass-word-123"}, secure=True
    )
    assert response.status_code == 403


def test_the_error_page_reveals_nothing_in_production(production, client, db):
    response = client.get("/fr/no-such-page-anywhere/", secure=True)
    assert response.status_code == 404
    assert b"Traceback" not in response.content
    assert b"urlpatterns" not in response.content.lower()


# --- Account enumeration -----------------------------------------------------------------

SIGNUP = {
    "first_name": "Claire",
    "last_name": "Dubois",
    "preferred_language": "fr",
    "password1": "Un-mot-de-passe-solide-42",
    "password2": "Un-mot-de-passe-solide-42",
    "bulletin_subscribed": "on",
}


def test_sign_up_answers_identically_for_a_taken_and_a_free_address(
    client, db, teacher, mailoutbox
):
    taken = client.post(reverse("account_signup"), {**SIGNUP, "email": teacher.email})
    client.logout()
    free = Client().post(reverse("account_signup"), {**SIGNUP, "email": "new.teacher@example.org"})
    assert taken.status_code == free.status_code == 302
    assert taken["Location"] == free["Location"]
    # Each address gets one message; the page itself reveals nothing.
    assert sorted(m.to[0] for m in mailoutbox) == sorted([teacher.email, "new.teacher@example.org"])


def test_password_reset_answers_identically_for_known_and_unknown_addresses(client, db, teacher):
    known = client.post(reverse("account_reset_password"), {"email": teacher.email})
    unknown = Client().post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    done_known = client.get(known["Location"])
    done_unknown = Client().get(unknown["Location"])
    assert done_known.status_code == done_unknown.status_code == 200
    assert teacher.email.encode() not in done_known.content


def test_login_failure_does_not_say_whether_the_address_exists(client, db, teacher):
    wrong_password = client.post(
        reverse("account_login"), {"login": teacher.email, "password": "wrong-password-1"}
    )
    unknown = Client().post(
        reverse("account_login"), {"login": "ghost@example.org", "password": "wrong-password-1"}
    )
    assert wrong_password.status_code == unknown.status_code == 200
    assert wrong_password.context["form"].errors == unknown.context["form"].errors


# --- Sessions end -------------------------------------------------------------------------


def _logged_in(user) -> Client:
    browser = Client()
    assert (
        browser.post(
            reverse("account_login"), {"login": user.email, "password": "pass-word-123"}
        ).status_code
        == 302
    )
    assert browser.get(reverse("accounts:dashboard")).status_code == 200
    return browser


def _is_logged_out(browser: Client) -> bool:
    response = browser.get(reverse("accounts:dashboard"))
    return response.status_code == 302 and "login" in response["Location"]


def test_logout_ends_the_session_and_the_old_cookie_is_useless(db, teacher):
    browser = _logged_in(teacher)
    old_key = browser.cookies["sessionid"].value
    browser.post(reverse("account_logout"))
    assert _is_logged_out(browser)
    replay = Client()
    replay.cookies["sessionid"] = old_key
    assert _is_logged_out(replay)


def test_a_password_change_ends_every_session_of_the_user(db, teacher):
    laptop = _logged_in(teacher)
    phone = _logged_in(teacher)
    response = laptop.post(
        reverse("account_change_password"),
        {
            "oldpassword": "pass-word-123",
            "password1": "Nouveau-mot-de-passe-77",
            "password2": "Nouveau-mot-de-passe-77",
        },
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.check_password("Nouveau-mot-de-passe-77")
    assert _is_logged_out(laptop)  # ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE
    assert _is_logged_out(phone)  # the session auth hash no longer matches


def test_a_password_reset_ends_every_session_of_the_user(db, teacher):
    phone = _logged_in(teacher)
    teacher.set_password("Encore-un-autre-mot-99")
    teacher.save()
    assert _is_logged_out(phone)


def test_deleting_the_account_ends_every_session_of_the_user(db, teacher):
    laptop = _logged_in(teacher)
    phone = _logged_in(teacher)
    laptop.post(reverse("account_reauthenticate"), {"password": "pass-word-123"})
    response = laptop.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=teacher.pk).exists()
    assert _is_logged_out(laptop)
    assert _is_logged_out(phone)


# --- Deleting an account asks for the password again -----------------------------------


def test_a_deletion_without_the_password_again_deletes_nothing(db, teacher):
    browser = _logged_in(teacher)  # a session left open: logged in, password not retyped
    page = browser.get(reverse("accounts:delete"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("account_reauthenticate"))
    response = browser.post(reverse("accounts:delete"), {"confirm": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(pk=teacher.pk).exists()
    assert not _is_logged_out(browser)


def test_a_wrong_password_again_deletes_nothing(db, teacher):
    browser = _logged_in(teacher)
    browser.post(reverse("accounts:delete"), {"confirm": "on"})
    response = browser.post(reverse("account_reauthenticate"), {"password": "pas-le-bon-42"})
    assert response.status_code == 200
    assert User.objects.filter(pk=teacher.pk).exists()


def test_the_password_again_carries_out_the_deletion_asked(db, teacher):
    browser = _logged_in(teacher)
    browser.post(reverse("accounts:delete"), {"confirm": "on"})
    response = browser.post(
        f"{reverse('account_reauthenticate')}?next={reverse('accounts:delete')}",
        {"password": "pass-word-123"},
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=teacher.pk).exists()
    assert _is_logged_out(browser)


def test_once_the_password_is_typed_again_the_deletion_page_opens(db, teacher):
    browser = _logged_in(teacher)
    browser.post(reverse("account_reauthenticate"), {"password": "pass-word-123"})
    assert browser.get(reverse("accounts:delete")).status_code == 200


# --- Login rate limits: one login for teachers and staff, 429 when limited -------------

RIGHT, WRONG = "pass-word-123", "wrong-password-1"


def _login_attempt(browser: Client, url: str, email: str, password: str, **extra):
    return browser.post(url, {"login": email, "password": password}, **extra)


def test_the_admin_login_is_the_portal_login(client, db):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_twenty_wrong_passwords_then_the_right_one_leave_a_staff_account_closed(client, staff_fwb):
    login_url = client.get(reverse("admin:login"))["Location"]
    for _ in range(20):
        _login_attempt(client, login_url, staff_fwb.email, WRONG)
    response = _login_attempt(client, login_url, staff_fwb.email, RIGHT)
    assert response.status_code == 429
    assert "Trop de tentatives de connexion échouées" in response.content.decode()
    assert response.context["form"]["login"].value() == staff_fwb.email  # nothing lost
    assert SESSION_KEY not in client.session
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_teachers_limited_login_answers_429(client, teacher):
    for _ in range(5):
        assert (
            _login_attempt(client, reverse("account_login"), teacher.email, WRONG).status_code
            == 200
        )
    response = _login_attempt(client, reverse("account_login"), teacher.email, RIGHT)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_the_429_message_is_translated(client, teacher):
    # The Dutch pages activate Dutch in this thread: override() puts French back after.
    with translation.override("nl"):
        url = reverse("account_login")
        for _ in range(5):
            _login_attempt(client, url, teacher.email, WRONG)
        response = _login_attempt(client, url, teacher.email, RIGHT)
    assert url.startswith("/nl/")
    assert response.status_code == 429
    assert "Te veel inlogpogingen" in response.content.decode()


def test_an_address_stopped_on_teachers_accounts_is_stopped_for_staff(client, db, staff_fwb):
    for number in range(10):
        _login_attempt(client, reverse("account_login"), f"prof{number}@example.org", WRONG)
    admin_login = client.get(reverse("admin:login"))["Location"]
    response = _login_attempt(client, admin_login, staff_fwb.email, RIGHT)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_guessing_a_staff_password_from_many_addresses_is_stopped(client, staff_fwb):
    for number in range(5):
        _login_attempt(
            client,
            reverse("account_login"),
            staff_fwb.email,
            WRONG,
            REMOTE_ADDR=f"203.0.113.{number}",
        )
    response = _login_attempt(
        client, reverse("account_login"), staff_fwb.email, RIGHT, REMOTE_ADDR="198.51.100.7"
    )
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_a_flood_of_login_requests_gets_the_translated_429_page(client, db):
    for _ in range(30):
        client.post(reverse("account_login"), {"login": "x@example.org", "password": "x"})
    response = client.post(reverse("account_login"), {"login": "x@example.org", "password": "x"})
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
