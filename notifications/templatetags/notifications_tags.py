from django import template

from notifications import selectors

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context) -> dict:
    """The header's bell: a link to the list with the unread count, rendered on the
    server (works without JavaScript); htmx refreshes it every 60 s."""
    request = context["request"]
    match = getattr(request, "resolver_match", None)
    current = bool(match and match.view_name.startswith("notifications:"))
    return {
        "user": request.user,
        "unread": selectors.unread_count(request.user),
        "current": current,
    }
