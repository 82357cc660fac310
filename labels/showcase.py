"""What the labels app (quality labels and the FWB prize contest) shows on the portal's
public pages: the home page's contest deadline and awarded projects
(``home_sections``), and labels and prizes per year on the statistics page
(``statistics_figures``). Registered in labels/hooks.py."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import SupportService
from accounts.showcase import Figure, by_year, cached_aggregates, cached_section, service_id
from labels import selectors
from labels.models import ApplicationStatus, ContestEntry, EuropeanLabel, NationalLabelApplication

HOME_PROJECTS = 3


def home_awarded_projects(request: HttpRequest) -> dict[str, Any] | None:
    """The latest projects with a quality label and the latest prize winners."""

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

    data = cached_section("awarded", compute)
    if not data["labelled"] and not data["winners"]:
        return None
    return {"template": "labels/_home_awarded.html", **data}


def home_contest_deadline(request: HttpRequest) -> dict[str, Any] | None:
    """The FWB prize contest's deadline while an edition accepts entries."""

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

    edition = cached_section("contest", compute)
    # The cache may outlive the deadline by a minute or two: check it again here
    # (the closing moment itself is excluded).
    if not edition or edition["deadline"] <= timezone.now():
        return None
    return {"template": "labels/_home_contest.html", "edition": edition}


def labels_and_prizes_per_year(
    service: SupportService | int | None = None,
) -> dict[str, list[tuple[int, int]]]:
    """Quality labels (national and European) awarded per calendar year, and
    contest winners per edition; for one service, the labels of its applicants
    and the winning projects involving its schools. Aggregated in the database."""
    scope = service_id(service)
    national = NationalLabelApplication.objects.filter(
        status=ApplicationStatus.AWARDED, decided_at__isnull=False
    )
    european = EuropeanLabel.objects.all()
    winners = ContestEntry.objects.filter(
        is_winner=True, edition__results_published_at__isnull=False
    )
    if scope is not None:
        national = national.filter(service_id=scope)
        european = european.filter(project__memberships__school__support_service_id=scope)
        winners = winners.filter(project__memberships__school__support_service_id=scope)

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


def statistics_figures(service: SupportService | int | None) -> list[Figure]:
    """Labels and prizes per year, for the statistics page (a ``statistics_figures``
    contribution)."""
    raw = cached_aggregates("labels", service, lambda: labels_and_prizes_per_year(service))
    return [
        Figure(
            "labels_per_year",
            _("Labels de qualité par année"),
            _("Labels de qualité nationaux et européens attribués chaque année."),
            by_year(raw["labels"]),
            kind="columns",
        ),
        Figure(
            "prizes_per_year",
            _("Prix du concours par année"),
            _("Projets primés au concours annuel de la FWB, par édition."),
            by_year(raw["prizes"]),
            kind="columns",
        ),
    ]
