"""The second factor of staff accounts (allauth.mfa, docs/authentication.md).

Staff and superusers hold the portal's most valuable accounts: the admin opens only for
a session that used an activated authenticator app (TOTP), or one of its recovery codes,
on top of the password. The rule is decided here and enforced in one place, the admin
site (accounts/admin_site.py). Teachers may turn the second factor on too; allauth then
asks for a code at each of their logins.
"""

from __future__ import annotations

from enum import Enum

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.http import HttpRequest


class MissingStep(Enum):
    """What a staff member must still do before the admin opens."""

    SETUP = "setup"  # no authenticator app activated yet
    AUTHENTICATE = "authenticate"  # this session has not used it


def session_used_second_factor(request: HttpRequest) -> bool:
    """Whether this session's user passed a second factor (a code of their app or a
    recovery code), at login or since; allauth records each authentication step."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def staff_missing_step(request: HttpRequest) -> MissingStep | None:
    """None when the second factor is satisfied for this request's user, else the step
    missing. Computed once per request: the admin asks several times per page."""
    if not hasattr(request, "_staff_missing_step"):
        user = request.user
        if not Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists():
            step = MissingStep.SETUP
        elif not session_used_second_factor(request):
            step = MissingStep.AUTHENTICATE
        else:
            step = None
        request._staff_missing_step = step
    return request._staff_missing_step


def session_record_activation(*, request: HttpRequest, user) -> None:
    """Activating the app means typing a code it produced: this session has just used
    the second factor. Without this record, a staff member who has just set the app up
    would be asked for another code (and wait up to 30 s, a code being accepted once)
    before the admin opens."""
    authenticator = Authenticator.objects.get(user_id=user.pk, type=Authenticator.Type.TOTP)
    record_authentication(
        request, user, "mfa", id=authenticator.pk, type=authenticator.type, activated=True
    )
