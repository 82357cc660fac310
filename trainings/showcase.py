"""The public showcase: the home page's sections (``settings.HOME_SECTIONS``).

Each section is a function ``(request) -> dict | None``; the rows it shows are
cached briefly per language so that the home page stays a handful of queries.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import get_language

from trainings.models import News
from trainings.selectors import training_list

HOME_TRAININGS = 3
HOME_NEWS = 3


def _cached(key: str, compute):
    key = f"trainings:home:{key}:{get_language()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.TRAININGS_HOME_CACHE_SECONDS)
    return value


def home_upcoming_trainings(request: HttpRequest) -> dict[str, Any] | None:
    trainings = _cached(
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
            for t in training_list().filter(registration_deadline__gte=_now())[:HOME_TRAININGS]
        ],
    )
    return {"template": "trainings/_home_trainings.html", "trainings": trainings}


def home_latest_news(request: HttpRequest) -> dict[str, Any] | None:
    news = _cached(
        "news",
        lambda: [
            {"pk": n.pk, "title": n.title, "summary": n.summary, "published_at": n.published_at}
            for n in News.objects.published()[:HOME_NEWS]
        ],
    )
    if not news:
        return None
    return {"template": "trainings/_home_news.html", "news": news}


def _now():
    from django.utils import timezone

    return timezone.now()


def _nav_labels() -> list[str]:
    """The labels of the trainings app's links in templates/includes/nav.html, kept
    in this app's catalogue too so that the links are translated whatever the
    project catalogue holds."""
    from django.utils.translation import gettext

    return [
        gettext("Formations"),
        gettext("Actualités"),
        gettext("À propos"),
        gettext("Statistiques"),
    ]
