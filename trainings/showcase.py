"""The home page's upcoming trainings (a ``home_sections`` contribution, registered in
trainings/hooks.py), cached briefly per language so that the home page stays a
handful of queries."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from accounts.showcase import cached_section
from trainings.selectors import training_list

HOME_TRAININGS = 3


def home_upcoming_trainings(request: HttpRequest) -> dict[str, Any] | None:
    def upcoming():
        return training_list().filter(registration_deadline__gte=timezone.now())

    trainings = cached_section(
        "trainings",
        lambda: [
            {
                "pk": t.pk,
                "title": t.title,
                "starts_at": t.starts_at,
                "format": t.get_format_display(),
                "place": t.place,
                "full": t.seats_taken >= t.capacity,
            }
            for t in upcoming()[:HOME_TRAININGS]
        ],
    )
    return {"template": "trainings/_home_trainings.html", "trainings": trainings}
