"""What the labels app puts on the staff desk (``staff_queue`` hook): label
applications to evaluate, and contest entries for the jury the staff member sits on
once entries are closed."""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from accounts.admin_queue import QueueLine, changelist_url, service_line
from labels import clock
from labels.models import (
    ApplicationStatus,
    ContestEdition,
    NationalLabelApplication,
    SchoolLabelApplication,
)


def staff_queue_lines(*, user, service_id: int | None) -> list[QueueLine | None]:
    submitted = {"status__exact": ApplicationStatus.SUBMITTED}
    return [
        service_line(
            NationalLabelApplication.objects.filter(status=ApplicationStatus.SUBMITTED),
            label=_("Candidatures au Label de qualité national à évaluer"),
            params=submitted,
            service_lookup="service",
            service_id=service_id,
        ),
        service_line(
            SchoolLabelApplication.objects.filter(status=ApplicationStatus.SUBMITTED),
            label=_("Candidatures au label École eTwinning à décider"),
            params=submitted,
            service_lookup="school__support_service",
            service_id=service_id,
        ),
        *_jury_lines(user),
    ]


def _jury_lines(user) -> list[QueueLine]:
    """The entries of each closed, unpublished edition whose jury ``user`` sits on:
    one grouped statement, a line per edition (waiting since its deadline)."""
    editions = (
        ContestEdition.objects.filter(
            jury=user, deadline__lte=clock.now(), results_published_at__isnull=True
        )
        .annotate(entry_count=Count("entries", distinct=True))
        .filter(entry_count__gt=0)
        .order_by("deadline")
        .values_list("pk", "year", "deadline", "entry_count")
    )
    return [
        QueueLine(
            label=_("Participations au concours %(year)s à noter (jury)") % {"year": year},
            count=count,
            url=changelist_url("labels.contestentry", {"edition__id__exact": pk}),
            oldest=deadline,
        )
        for pk, year, deadline, count in editions
    ]
