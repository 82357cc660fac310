"""Figures of the public statistics page and of the staff's statistics in admin.

The portal computes the accounts figures (teachers and schools, by country and over
time) itself; the other apps add theirs through ``statistics_figures`` hooks
(projects/showcase.py, labels/showcase.py). Every figure is one aggregated query
(GROUP BY in the database), never a loop over rows: at 1.2 million teachers only the
grouped counts travel to Python. The aggregates are cached as plain numbers keyed by
country/year ids, and labelled in the reader's language when they are shown
(accounts/showcase.py).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.models import School, SupportService, User
from accounts.showcase import (
    Figure,
    by_country,
    by_year,
    cached_aggregates,
    cumulative,
    service_id,
)
from etwinning import hooks

Service = SupportService | int | None


# --- Raw aggregates (ids and numbers only, cacheable) --------------------------------------


def teachers_by_country(service: Service = None) -> list[tuple[int, int]]:
    queryset = User.objects.teachers().validated().filter(school__isnull=False)
    if service is not None:
        queryset = queryset.filter(support_service_id=service_id(service))
    return [
        (row["school__country"], row["n"])
        for row in queryset.values("school__country").annotate(n=Count("pk")).order_by("-n")
    ]


def schools_by_country(service: Service = None) -> list[tuple[int, int]]:
    queryset = School.objects.validated()
    if service is not None:
        queryset = queryset.filter(support_service_id=service_id(service))
    return [
        (row["country"], row["n"])
        for row in queryset.values("country").annotate(n=Count("pk")).order_by("-n")
    ]


def teachers_per_year(service: Service = None) -> list[tuple[int, int]]:
    queryset = User.objects.teachers().validated()
    if service is not None:
        queryset = queryset.filter(support_service_id=service_id(service))
    return [
        (row["year"], row["n"])
        for row in queryset.annotate(year=ExtractYear("date_joined"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    ]


def schools_per_year(service: Service = None) -> list[tuple[int, int]]:
    queryset = School.objects.validated()
    if service is not None:
        queryset = queryset.filter(support_service_id=service_id(service))
    return [
        (row["year"], row["n"])
        for row in queryset.annotate(year=ExtractYear("created_at"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    ]


def _raw(service: Service) -> dict[str, Any]:
    return cached_aggregates(
        "accounts",
        service,
        lambda: {
            "teachers_by_country": teachers_by_country(service),
            "schools_by_country": schools_by_country(service),
            "teachers_cumulative": cumulative(teachers_per_year(service)),
            "schools_cumulative": cumulative(schools_per_year(service)),
        },
    )


# --- Figures for display ---------------------------------------------------------------


def account_figures(service: Service = None) -> list[Figure]:
    """Teachers and schools, by country and over time."""
    raw = _raw(service)
    return [
        Figure(
            "teachers_by_country",
            _("Enseignants inscrits par pays"),
            _("Nombre d'enseignants validés, selon le pays de leur école."),
            by_country(raw["teachers_by_country"]),
        ),
        Figure(
            "schools_by_country",
            _("Écoles par pays"),
            _("Nombre d'écoles validées par pays."),
            by_country(raw["schools_by_country"]),
        ),
        Figure(
            "teachers_over_time",
            _("Enseignants inscrits au fil des ans"),
            _("Nombre total d'enseignants validés à la fin de chaque année d'inscription."),
            by_year(raw["teachers_cumulative"]),
            kind="columns",
        ),
        Figure(
            "schools_over_time",
            _("Écoles au fil des ans"),
            _("Nombre total d'écoles validées à la fin de chaque année."),
            by_year(raw["schools_cumulative"]),
            kind="columns",
        ),
    ]


def figures(
    service: Service = None, *, request: HttpRequest | None = None, on_error=None
) -> list[Figure]:
    """The charts of one scope (every service, or one service for its staff): the
    accounts figures, then each app's ``statistics_figures`` contributions in order."""
    contributed = hooks.call("statistics_figures", service, request=request, on_error=on_error)
    return account_figures(service) + [figure for part in contributed for figure in part]


def _refuse_part(name: str, error: BaseException) -> None:
    raise error


def csv_rows(service: Service = None) -> list[list[str | int]]:
    """Every figure as CSV lines: chart, label, value. A contribution that fails stops
    the export: a file without the labels would read as "no labels"."""
    rows: list[list[str | int]] = [["chart", "label", "value"]]
    for figure in figures(service, on_error=_refuse_part):
        rows += [[figure.key, label, value] for label, value in figure.rows]
    return rows


def totals(charts: list[Figure]) -> dict[str, int]:
    """The headline numbers above the charts, from the figures themselves."""
    total = {figure.key: figure.total for figure in charts}
    return {
        "teachers": total.get("teachers_by_country", 0),
        "schools": total.get("schools_by_country", 0),
        "projects": total.get("projects_per_year", 0),
    }
