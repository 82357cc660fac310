"""The portal's own pages: home, who can take part, contact, about, news, statistics,
and the health check. Other apps add sections to the home page and figures to the
statistics through hooks (etwinning/hooks.py)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from accounts import selectors as accounts_selectors
from etwinning import hooks
from portal import selectors
from portal.charts import chart_for
from portal.models import News
from portal.stats import figures, totals


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {"counts": accounts_selectors.portal_counts(), "sections": _home_sections(request)},
    )


def _home_sections(request: HttpRequest) -> list[dict]:
    """Sections the apps add to the home page ("home_sections" hooks):
    functions ``(request) -> dict | None`` with a ``template`` key."""
    return [s for s in hooks.call("home_sections", request, request=request) if s]


@require_safe
def who_can_take_part(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/countries.html", accounts_selectors.countries_by_programme())


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/contact.html", {"service": accounts_selectors.fwb_service()})


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/about.html")


@require_safe
def news_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.news_list(), 10).get_page(request.GET.get("page"))
    return render(request, "portal/news_list.html", {"page": page})


@require_safe
def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    news = get_object_or_404(News.objects.published(), pk=pk)
    return render(request, "portal/news_detail.html", {"news": news})


@require_safe
def statistics(request: HttpRequest) -> HttpResponse:
    charts = figures(request=request)
    return render(
        request,
        "portal/statistics.html",
        {"charts": [chart_for(f) for f in charts], "totals": totals(charts)},
    )


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
