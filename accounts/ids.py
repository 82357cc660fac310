"""Ids typed by people: in URLs (``?parent=12``), hidden form fields, mail tags.

``str.isdigit()`` is not the test to use: it is true for "²" or "٣", which
``int()`` then refuses or turns into a number, and an id of twenty digits
overflows the database's 64-bit integers (SQLite raises instead of finding
nothing). ``parse_id`` accepts ASCII digits within a positive bigint only.
"""

from __future__ import annotations

import re

from django import forms

MAX_ID = 2**63 - 1
_ID = re.compile(r"[0-9]{1,19}")


def parse_id(value: object) -> int | None:
    """The positive 64-bit id in ``value``, or None."""
    if value is None:
        return None
    text = str(value).strip()
    if not _ID.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def parse_int(value: object, *, maximum: int = MAX_ID) -> int | None:
    """A non-negative integer written in ASCII digits (points, years), or None."""
    text = str(value).strip() if value is not None else ""
    if not _ID.fullmatch(text):
        return None
    number = int(text)
    return number if number <= maximum else None


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses a value which cannot be an id
    (with Django's own translated "not a valid value") before it reaches the
    database."""

    def _check_values(self, value):
        for pk in value:
            if parse_id(pk) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
