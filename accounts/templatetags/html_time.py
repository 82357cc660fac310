"""``<time datetime="...">`` values that HTML accepts.

Django's ``|date:"c"`` writes microseconds (``12:30:05.123456+02:00``), and HTML's
date-and-time strings allow at most three digits of a second: the Nu checker refuses
them. Every template writes its ``datetime`` attribute through this one filter.
"""

from __future__ import annotations

import datetime

from django import template

register = template.Library()


@register.filter(expects_localtime=True)
def html_datetime(value: datetime.datetime | datetime.date | None) -> str:
    """ISO 8601 to the second, with the offset of the current time zone (the template
    engine has already converted an aware value to it); a date stays a date."""
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return ""
