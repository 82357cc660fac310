"""Demo notifications: a few read and unread ones for the demo teachers, so the bell
and the list show something on a fresh ``make run`` (idempotent)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.demo import summary
from notifications.kinds import all_kinds
from notifications.models import Notification

TRY = "To try"
DEMO_TEACHERS = ("claire.dubois@demo.etwinning.be", "marc.lambert@demo.etwinning.be")


def seed(stdout) -> None:
    kinds = all_kinds()
    User = get_user_model()
    now = timezone.now()
    with translation.override("fr"):
        contacts_url = reverse("partners:contacts") if "partners.contact_request" in kinds else ""
    with transaction.atomic():
        for email in DEMO_TEACHERS:
            teacher = User.objects.filter(email=email).first()
            if teacher is None:
                continue
            mine = Notification.objects.filter(recipient=teacher)
            if mine.exists():
                # The other apps' demo actions notified them already: the older ones read.
                if not mine.filter(read_at__isnull=False).exists():
                    older = mine.order_by("-created_at", "-pk").values_list("pk", flat=True)[2:]
                    Notification.objects.filter(pk__in=list(older)).update(read_at=now)
                continue
            others = list(
                User.objects.filter(email__endswith="@demo.etwinning.be", is_staff=False)
                .exclude(pk=teacher.pk)
                .order_by("email")[:3]
            )
            rows = []
            for number, actor in enumerate(others):
                code = "partners.message" if number % 2 else "partners.contact_request"
                if code not in kinds:
                    continue
                rows.append(
                    Notification(
                        recipient=teacher,
                        kind=code,
                        actor=actor,
                        url=contacts_url,
                        params={"name": str(actor)},
                        delivery="site",
                        created_at=now - timedelta(hours=3 * number + 1),
                        read_at=None if number < 2 else now - timedelta(hours=1),
                    )
                )
            Notification.objects.bulk_create(rows)
    stdout.write("Notifications: the demo teachers have read and unread notifications.\n")
    with translation.override("fr"):
        url = settings.SITE_URL + reverse("notifications:list")
    summary(stdout, TRY, f"the notification centre (the bell), as {DEMO_TEACHERS[0]}: {url}")
