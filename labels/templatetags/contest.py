"""``{{ moment|contest_until }}``: the contest's closing moment as people read it
(« jusqu'au 30 juin 2027 inclus »), for pages that hold a datetime, not an edition."""

from __future__ import annotations

import datetime

from django import template

from labels.models import deadline_text

register = template.Library()


@register.filter
def contest_until(closes_at: datetime.datetime | None) -> str:
    return deadline_text(closes_at) if closes_at else ""
