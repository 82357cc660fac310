from django import template

from notifications import selectors

register = template.Library()


def _unread(request) -> int:
    """The unread count, read once per request: the bell and the phone's « Menu » button
    show the same figure from the same indexed query."""
    if not hasattr(request, "_notifications_unread"):
        request._notifications_unread = selectors.unread_count(request.user)
    return request._notifications_unread


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context) -> dict:
    """The header's bell: a link to the list with the unread count, rendered on the
    server (works without JavaScript); htmx refreshes it every 60 s."""
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    current = bool(match) and selectors.is_notification_view(match.view_name)
    return {"user": request.user, "unread": _unread(request), "current": current}


@register.inclusion_tag("notifications/_menu_badge.html", takes_context=True)
def notification_menu_badge(context) -> dict:
    """On a phone the bell sits inside the closed « Menu » disclosure: the same count on
    the button itself, so an unread notification shows without opening the menu."""
    request = context.get("request")
    user = getattr(request, "user", None)
    unread = _unread(request) if getattr(user, "is_authenticated", False) else 0
    return {"unread": unread}
