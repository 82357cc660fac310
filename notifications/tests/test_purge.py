"""Read notifications go NOTIFICATIONS_READ_RETENTION_DAYS after they were read;
unread ones stay, however old."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import TeacherFactory
from notifications import tasks
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_old_read_notifications_are_purged_and_the_rest_stay(settings):
    settings.NOTIFICATIONS_READ_RETENTION_DAYS = 30
    reader = TeacherFactory()
    now = timezone.now()
    long_ago = now - datetime.timedelta(days=400)

    def make(read_days_ago):
        read_at = None if read_days_ago is None else now - datetime.timedelta(days=read_days_ago)
        return Notification.objects.create(
            recipient=reader, kind="test.daily", created_at=long_ago, read_at=read_at
        )

    old_read = make(31)
    recent_read = make(29)
    unread = make(None)
    assert tasks.purge_read_notifications() == 1
    assert set(Notification.objects.all()) == {recent_read, unread}
    assert not Notification.objects.filter(pk=old_read.pk).exists()
