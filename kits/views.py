from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from kits import selectors
from kits.forms import KitFilterForm

PAGE_SIZE = 12


def _may_found(user) -> bool:
    """Who is shown « Fonder un projet à partir de ce kit »: anyone but staff (the
    founding page asks anonymous visitors to log in, and tells a teacher who may
    not found yet why)."""
    return not (user.is_authenticated and user.is_staff)


@require_safe
def kit_list(request: HttpRequest) -> HttpResponse:
    form = KitFilterForm(request.GET or None)
    kits = selectors.kit_list(user=request.user, **form.filters())
    page = Paginator(kits, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "kits/list.html",
        {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(query)},
    )


@require_safe
def kit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    kit = selectors.kit_for(user=request.user, pk=pk)
    if kit is None:
        raise Http404
    found_url = f"{reverse('projects:found')}?kit={kit.pk}"
    return render(
        request,
        "kits/detail.html",
        {
            "kit": kit,
            "found_url": found_url if kit.is_published and _may_found(request.user) else "",
        },
    )
