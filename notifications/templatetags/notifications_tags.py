from django import template

from notifications import selectors

register = template.Library()


@register.inclusion_tag("notifications/_bell.html", takes_context=True)
def notification_bell(context) -> dict:
    """The header's bell: a link to the list with the unread count, rendered on the
    server (works without JavaScript); htmx refreshes it every 60 s."""
    user = context["request"].user
    return {"user": user, "unread": selectors.unread_count(user)}
