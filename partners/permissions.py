"""Who may do what in partner search: the one place every view and service asks."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import User
from partners.selectors import are_contacts


def can_use_partner_search(user: User) -> bool:
    """Logged-in, validated teachers: nothing of partner search (no personal
    data) reaches anonymous visitors, staff or teachers awaiting validation."""
    return bool(user.is_authenticated and user.is_active and user.is_validated_teacher)


def ensure_validated_teacher(user: User) -> None:
    if not can_use_partner_search(user):
        raise PermissionDenied(
            _("Seuls les enseignants validés peuvent utiliser la recherche de partenaires.")
        )


def teacher_required(view):
    """Login required, then validated teacher: others get a 403 page explaining why."""
    from functools import wraps

    from django.contrib.auth.decorators import login_required

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        ensure_validated_teacher(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def can_read_conversation(user: User, other: User) -> bool:
    """A conversation is readable by its two teachers only, while they are contacts."""

    return can_use_partner_search(user) and are_contacts(user, other)
