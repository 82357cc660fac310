from django import template

from partners.permissions import can_use_partner_search
from partners.selectors import pending_requests_count, unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def partners_unread(context) -> int:
    """Unread messages plus pending contact requests, for the navigation badge
    (cached on the request: the nav may ask more than once)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not can_use_partner_search(user):
        return 0
    if not hasattr(request, "_partners_unread"):
        request._partners_unread = unread_count(user) + pending_requests_count(user)
    return request._partners_unread
