"""The demo's second factor: ``seed_demo`` gives the demo staff an authenticator app with
a fixed, documented secret only under DEBUG (never on a production database) and says
how to get its codes; ``demo_totp`` prints the current one."""

import io
from types import SimpleNamespace

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts import demo
from accounts.management.commands import demo_totp

DEMO_STAFF = [demo.SUPERUSER, *(email for email, *_rest in demo.STAFF)]


def _seed() -> str:
    out = io.StringIO()
    demo.seed(out)
    return out.getvalue()


def test_under_debug_a_demo_staff_member_logs_in_with_the_printed_code(
    client, db, settings, totp_clock, monkeypatch
):
    settings.DEBUG = True
    printed = _seed()
    assert f"secret {demo.DEMO_TOTP_SECRET}" in printed
    assert f"otpauth://totp/admin%40demo.etwinning.be?secret={demo.DEMO_TOTP_SECRET}" in printed
    assert "python manage.py demo_totp" in printed
    assert Authenticator.objects.filter(user__email__in=DEMO_STAFF, type="totp").count() == 4

    monkeypatch.setattr(demo_totp, "time", SimpleNamespace(time=lambda: totp_clock.now))
    out = io.StringIO()
    call_command("demo_totp", stdout=out)
    code = out.getvalue().split()[0]
    assert code == totp_clock.code(demo.DEMO_TOTP_SECRET)

    login = {"login": "staff.fwb@demo.etwinning.be", "password": demo.DEMO_PASSWORD}
    assert client.post(reverse("account_login"), login)["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.get(reverse("admin:index")).status_code == 200


def test_seeding_twice_keeps_one_app_per_demo_staff_member(db, settings):
    settings.DEBUG = True
    _seed()
    _seed()
    assert Authenticator.objects.filter(user__email__in=DEMO_STAFF).count() == 4


def test_without_debug_no_demo_secret_is_given(db, settings):
    settings.DEBUG = False
    printed = _seed()
    assert not Authenticator.objects.exists()
    assert demo.DEMO_TOTP_SECRET not in printed
    assert "set up an authenticator app at first admin login" in printed


def test_demo_totp_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=true"):
        call_command("demo_totp")
