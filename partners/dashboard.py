"""The teacher dashboard's partner-search panel (``settings.DASHBOARD_PANELS``)."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from partners.matching import suggested_partners
from partners.models import Announcement
from partners.permissions import can_use_partner_search
from partners.selectors import pending_requests_count, unread_count


def panel(user: User) -> dict[str, Any] | None:
    if not can_use_partner_search(user):
        return None

    return {
        "template": "partners/_dashboard_panel.html",
        "suggestions": suggested_partners(user),
        "unread": unread_count(user),
        "pending": pending_requests_count(user),
        "announcements": Announcement.objects.filter(author=user).visible().count(),
    }
