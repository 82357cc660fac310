"""Authentication in tests: a user's authenticator app, the code it shows, and what
``client.force_login`` records in the session (conftest.py).

Codes are computed with allauth's own TOTP helpers, on a clock the ``totp_clock``
fixture freezes: a code typed "now" is valid whatever second the test runs at.
"""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.account.internal.flows.login import _AUTHENTICATION_METHODS_USER_SESSION_KEY
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp
from allauth.mfa.utils import encrypt

# Any instant will do; the start of a 30-second period, far from the next one.
FROZEN_TOTP_TIME = 1_800_000_000.0


def totp_activate(user, secret: str | None = None) -> str:
    """Give ``user`` an activated authenticator app; returns its secret."""
    secret = secret or totp.generate_totp_secret()
    _save_app(user, secret)
    return secret


def _save_app(user, secret: str) -> Authenticator:
    authenticator, _created = Authenticator.objects.update_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": encrypt(secret)}}
    )
    return authenticator


class TotpClock:
    """allauth's TOTP clock, frozen; ``code(secret)`` is what the app shows now."""

    def __init__(self, monkeypatch) -> None:
        self.now = FROZEN_TOTP_TIME
        monkeypatch.setattr(totp, "time", SimpleNamespace(time=lambda: self.now))

    def code(self, secret: str) -> str:
        counter = int(self.now) // mfa_settings.TOTP_PERIOD
        return totp.format_hotp_value(totp.hotp_value(secret, counter))

    def next_period(self) -> None:
        """A code is accepted once: the following one needs the next period."""
        self.now += mfa_settings.TOTP_PERIOD


@pytest.fixture
def totp_clock(monkeypatch) -> TotpClock:
    return TotpClock(monkeypatch)


def pass_second_factor(session, user) -> None:
    """Record in ``session`` that ``user`` used their second factor, as allauth does
    after a good code (giving them an authenticator app if they have none yet)."""
    authenticator = Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).first() or _save_app(user, totp.generate_totp_secret())
    _record(session, user, {"method": "mfa", "id": authenticator.pk, "type": "totp"})


def record_forced_login(session, user) -> None:
    """What ``client.force_login`` stands for in tests (conftest.py): authentication
    done, just now. So the password counts as just typed again (allauth's
    reauthentication) and, for staff, the second factor as used."""
    _record(session, user, {"method": "password", "reauthenticated": True})
    if user.is_staff:
        pass_second_factor(session, user)


def _record(session, user, record: dict) -> None:
    records = []
    if session.get(_AUTHENTICATION_METHODS_USER_SESSION_KEY) == str(user.pk):
        records = list(session.get(AUTHENTICATION_METHODS_SESSION_KEY) or [])
    records.append({**record, "at": time.time()})
    session[AUTHENTICATION_METHODS_SESSION_KEY] = records
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
