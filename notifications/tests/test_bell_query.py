"""The bell's count is one query, answered by the partial index of unread rows."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import TeacherFactory
from conftest import require_service
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def _rows(reader, others, n=40):
    """``n`` notifications each, every other one read."""
    now = timezone.now()
    Notification.objects.bulk_create(
        [
            Notification(recipient=user, kind="partners.message", read_at=None if i % 2 else now)
            for user in (reader, *others)
            for i in range(n)
        ]
    )


def test_the_bell_fragment_reads_the_notifications_once(client):
    reader = TeacherFactory()
    _rows(reader, [TeacherFactory()])
    client.force_login(reader)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("notifications:bell"))
    assert 'data-testid="notification-count">20<' in response.content.decode()
    touching = [q["sql"] for q in queries if "notifications_notification" in q["sql"]]
    assert len(touching) == 1
    assert touching[0].startswith("SELECT COUNT(*)")


@pytest.mark.services
def test_the_count_uses_the_partial_index_of_unread_rows():
    require_service("PostgreSQL", settings.USING_POSTGRES)
    reader = TeacherFactory()
    _rows(reader, TeacherFactory.create_batch(3))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE notifications_notification")
        # The table is small here: forbid the sequential scan to see which index serves.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT COUNT(*) FROM notifications_notification"
            " WHERE recipient_id = %s AND read_at IS NULL",
            [reader.pk],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "notif_unread_idx" in plan, plan
