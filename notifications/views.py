"""The notification centre's pages: the list, following a notification's link, mark
all as read, the bell's fragment, the delivery preferences. Every view acts only on
the logged-in reader's own notifications (filtered by ``recipient``)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from notifications import selectors, services
from notifications.forms import PreferencesForm
from notifications.kinds import all_kinds
from notifications.models import Notification

PAGE_SIZE = 20


@login_required
@require_safe
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    kinds = all_kinds()
    items = [(n, selectors.message(n, kinds)) for n in page.object_list]
    return render(
        request,
        "notifications/list.html",
        {"page": page, "items": items, "unread": selectors.unread_count(request.user)},
    )


@login_required
@require_safe
def notification_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Following a notification's link marks it read, then leads to its object."""
    notification = Notification.objects.filter(pk=notification_id, recipient=request.user).first()
    if notification is None:
        raise Http404
    services.notification_mark_read(user=request.user, notification_id=notification.pk)
    path = selectors.target_path(notification, translation.get_language())
    if path and url_has_allowed_host_and_scheme(path, allowed_hosts={request.get_host()}):
        return redirect(path)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
    return redirect("notifications:list")


@require_safe
def bell(request: HttpRequest) -> HttpResponse:
    """The bell alone, for htmx to refresh the count (every 60 s at most); still marked
    current when the page htmx refreshes it on is a notification page."""
    page = urlsplit(request.headers.get("HX-Current-URL", "")).path
    return render(
        request,
        "notifications/_bell.html",
        {
            "unread": selectors.unread_count(request.user),
            "user": request.user,
            "current": selectors.is_notification_page(page),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    rows = selectors.preference_rows(request.user)
    form = PreferencesForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Vos préférences de notification sont enregistrées."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "deliveries": selectors.delivery_choices()},
    )
