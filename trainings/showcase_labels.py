"""Home page sections and statistics that read the labels app (quality labels
and the FWB prize contest). Every function returns nothing when the labels app
is not installed, so the trainings app never depends on it."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import HttpRequest

from trainings.showcase import _cached

HOME_PROJECTS = 3


def _installed() -> bool:
    return apps.is_installed("labels") and apps.is_installed("projects")


def home_awarded_projects(request: HttpRequest) -> dict[str, Any] | None:
    """The latest projects with a quality label and the latest prize winners."""
    if not _installed():
        return None
    from labels import selectors

    def compute() -> dict[str, list]:
        return {
            "labelled": [
                {"pk": p.pk, "title": p.title}
                for p in selectors.latest_labelled_projects(limit=HOME_PROJECTS)
            ],
            "winners": [
                {
                    "pk": e.project_id,
                    "title": e.project.title,
                    "category": e.category.name,
                    "year": e.edition.year,
                }
                for e in selectors.latest_prize_winners(limit=HOME_PROJECTS)
            ],
        }

    data = _cached("awarded", compute)
    if not data["labelled"] and not data["winners"]:
        return None
    return {"template": "trainings/_home_awarded.html", **data}


def home_contest_deadline(request: HttpRequest) -> dict[str, Any] | None:
    """The FWB prize contest's deadline while an edition accepts entries."""
    if not _installed():
        return None
    from django.utils import timezone

    from labels import selectors

    def compute() -> dict[str, Any]:
        edition = selectors.open_edition()
        if edition is None:
            return {}
        return {
            "title": str(edition),
            "year": edition.year,
            "deadline": edition.deadline,
            "ceremony_at": edition.ceremony_at,
        }

    edition = _cached("contest", compute)
    # The cache may outlive the deadline by a minute or two: check it again here
    # (the closing moment itself is excluded).
    if not edition or edition["deadline"] <= timezone.now():
        return None
    return {"template": "trainings/_home_contest.html", "edition": edition}


def labels_and_prizes_per_year(service=None) -> dict[str, list[tuple[int, int]]]:
    """Quality labels (national and European) awarded per calendar year, and
    contest winners per edition; for one service, the labels of its applicants
    and the winning projects involving its schools. Aggregated in the database."""
    if not _installed():
        return {}
    from labels.models import (
        ApplicationStatus,
        ContestEntry,
        EuropeanLabel,
        NationalLabelApplication,
    )

    service_id = getattr(service, "pk", service)
    national = NationalLabelApplication.objects.filter(
        status=ApplicationStatus.AWARDED, decided_at__isnull=False
    )
    european = EuropeanLabel.objects.all()
    winners = ContestEntry.objects.filter(
        is_winner=True, edition__results_published_at__isnull=False
    )
    if service_id is not None:
        national = national.filter(service_id=service_id)
        european = european.filter(project__memberships__school__support_service_id=service_id)
        winners = winners.filter(project__memberships__school__support_service_id=service_id)

    labels: dict[int, int] = {}
    for queryset, field in ((national, "decided_at"), (european, "awarded_at")):
        for row in (
            queryset.annotate(year=ExtractYear(field))
            .values("year")
            .annotate(n=Count("pk", distinct=True))
        ):
            labels[row["year"]] = labels.get(row["year"], 0) + row["n"]
    prizes = [
        (row["edition__year"], row["n"])
        for row in winners.values("edition__year")
        .annotate(n=Count("pk", distinct=True))
        .order_by("edition__year")
    ]
    return {"labels": sorted(labels.items()), "prizes": prizes}
