"""The labels app's clock, in one place so tests can freeze it."""

from __future__ import annotations

import datetime

from django.utils import timezone

from labels.models import BRUSSELS


def now() -> datetime.datetime:
    return timezone.now()


def local_date(moment: datetime.datetime) -> datetime.date:
    """The calendar day in Brussels (the FWB's day), whatever TIME_ZONE says."""
    return moment.astimezone(BRUSSELS).date()
