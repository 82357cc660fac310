from __future__ import annotations

import pytest
from django.utils.translation import gettext_lazy as _

from etwinning import hooks
from notifications.kinds import Kind

TEST_KINDS = [
    Kind(
        code="test.mailed",
        label="Test: mailed",
        default_delivery="immediate",
        email_template="notifications_item",
        message="%(name)s wrote to you",
    ),
    Kind(
        code="test.daily",
        label="Test: daily",
        default_delivery="daily",
        email_template="notifications_item",
        message="%(name)s posted in %(group)s",
    ),
    Kind(
        code="test.own_mail",
        label="Test: the app sends its own mail",
        default_delivery="immediate",
        email_template=None,
        message=_("Nouveau message"),
    ),
]


@pytest.fixture
def test_kinds():
    """The notification kinds of these tests, instead of the apps' own."""
    with hooks.replaced("notification_kinds", lambda: TEST_KINDS):
        yield {kind.code: kind for kind in TEST_KINDS}
