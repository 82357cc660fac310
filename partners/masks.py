"""The bit masks of the search index (``subjects_mask``, ``languages_mask``,
``wanted_mask``) read in SQL; shared by the search and the "best match" score."""

from __future__ import annotations

from django.db.models import F
from django.db.models.lookups import GreaterThan


def bit_set(column: str, bit: int) -> GreaterThan:
    """``column & bit > 0``: the row's mask has ``bit``."""
    return GreaterThan(F(column).bitand(bit), 0)
