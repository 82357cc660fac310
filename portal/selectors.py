"""Reads of the portal's own pages: the news and the home page's news section."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.showcase import cached_section
from portal.models import News

HOME_NEWS = 3


def news_list() -> QuerySet[News]:
    return News.objects.published()


def home_latest_news(request: HttpRequest) -> dict[str, Any] | None:
    """The home page's latest news (a ``home_sections`` contribution, portal/hooks.py)."""
    news = cached_section(
        "news",
        lambda: [
            {"pk": n.pk, "title": n.title, "summary": n.summary, "published_at": n.published_at}
            for n in news_list()[:HOME_NEWS]
        ],
    )
    if not news:
        return None
    return {"template": "portal/_home_news.html", "news": news}
