"""The support officer's desk: what waits for a staff member, on the admin index and
in the morning e-mail.

Each app contributes its lines through the ``staff_queue`` hook (in its ``hooks.py``):
``(*, user, service_id) -> list[QueueLine]``, ``service_id`` being the service whose
work is asked for, or ``None`` for every service (a superuser's unfiltered desk). A
line is one aggregated statement (:func:`queue_line`: COUNT and MIN in one query), so
the desk costs the same whatever the number of rows, and links to the admin list
filtered to exactly the rows it counts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import Count, Min, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from accounts.ids import parse_id
from accounts.models import SupportService, User
from etwinning import hooks


@dataclass(frozen=True)
class QueueLine:
    label: str  # translated, e.g. « Enseignant·es en attente de validation »
    count: int
    url: str  # the admin list filtered to exactly these rows
    oldest: datetime.datetime | None = None  # since when the oldest one waits
    late: bool = False  # the oldest waits longer than STAFF_QUEUE_LATE_DAYS


def changelist_url(
    model_label: str, params: dict, *, service_lookup: str | None = None, service_id=None
) -> str:
    """The admin list of ``model_label`` ("accounts.user") filtered by ``params`` and,
    for one service, by ``<service_lookup>__id__exact`` (which every service-scoped
    admin accepts: accounts.scoping.ServiceScopedAdmin.lookup_allowed)."""
    app_label, model = model_label.lower().split(".")
    query = dict(params)
    if service_lookup and service_id is not None:
        query[f"{service_lookup}__id__exact"] = service_id
    return f"{reverse(f'admin:{app_label}_{model}_changelist')}?{urlencode(query)}"


def queue_line(
    queryset: QuerySet, *, label: str, url: str, since: str = "created_at"
) -> QueueLine | None:
    """The line for the rows of ``queryset``: their count and the oldest ``since``, in
    one statement; None when nothing waits."""
    found = queryset.aggregate(count=Count("pk"), oldest=Min(since))
    if not found["count"]:
        return None
    return QueueLine(label=label, count=found["count"], url=url, oldest=found["oldest"])


def service_line(
    queryset: QuerySet,
    *,
    label: str,
    params: dict,
    service_lookup: str,
    service_id: int | None,
    since: str = "created_at",
) -> QueueLine | None:
    """The line of ``queryset``'s rows in the service ``service_id`` (None: every
    service), linked to its model's admin list filtered by ``params`` — the same
    filter as ``queryset``, in the admin's query-string words."""
    if service_id is not None:
        queryset = queryset.filter(**{service_lookup: service_id})
    url = changelist_url(
        queryset.model._meta.label_lower,
        params,
        service_lookup=service_lookup,
        service_id=service_id,
    )
    return queue_line(queryset, label=label, url=url, since=since)


def desk_service_id(user: User, requested=None) -> int | None:
    """Whose work ``user`` sees: a staff member their own service's; a superuser every
    service's (``None``), or the one they filter on."""
    if user.is_superuser:
        return parse_id(requested)
    return user.staff_service_id


def staff_queue(
    *, user: User, service_id: int | None, request=None, now: datetime.datetime | None = None
) -> list[QueueLine]:
    """What waits for ``user`` (every app's lines, in their hooks' order), the late ones
    marked. Nothing for a staff member without a service."""
    if not (user.is_active and user.is_staff):
        return []
    if not user.is_superuser and (service_id is None or service_id != user.staff_service_id):
        return []
    now = now or timezone.now()
    late_before = now - datetime.timedelta(days=settings.STAFF_QUEUE_LATE_DAYS)
    lines: list[QueueLine] = []
    for contributed in hooks.call("staff_queue", user=user, service_id=service_id, request=request):
        lines.extend(line for line in contributed if line is not None)
    return [
        replace(line, late=line.oldest is not None and line.oldest < late_before) for line in lines
    ]


def desk_context(request) -> dict:
    """What the admin index shows above the list of models."""
    user = request.user
    service_id = desk_service_id(user, request.GET.get("service"))
    return {
        "desk_lines": staff_queue(user=user, service_id=service_id, request=request),
        "desk_services": list(SupportService.objects.order_by("name")) if user.is_superuser else [],
        "desk_service_id": service_id,
        "desk_late_days": settings.STAFF_QUEUE_LATE_DAYS,
    }
