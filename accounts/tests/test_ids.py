"""Ids typed by people: ASCII digits within a positive bigint, nothing else."""

import pytest
from django.urls import reverse

from accounts.ids import MAX_ID, parse_id, parse_int


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("99999999999999999999", None),
        ("0", None),
        ("-3", None),
        ("²", None),
        ("٣", None),
        ("1e3", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_id(text, expected):
    assert parse_id(text) == expected


def test_parse_int_keeps_zero_and_its_maximum():
    assert parse_int("0") == 0
    assert parse_int("10", maximum=10) == 10
    assert parse_int("11", maximum=10) is None
    assert parse_int("³") is None


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "99999999999999999999", "-1"])
def test_the_gallery_ignores_an_impossible_country_id(client, value):
    response = client.get(reverse("projects:gallery"), {"country": value})
    assert response.status_code == 200
