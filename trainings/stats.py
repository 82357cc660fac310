"""Figures of the public statistics page and of the staff's statistics in admin.

Every figure is one aggregated query (GROUP BY in the database), never a loop
over rows: at 1.2 million teachers only the grouped counts travel to Python.
Figures are cached as plain numbers keyed by country/year ids, and labelled in
the reader's language when they are shown.

Projects and labels live in other apps; their figures are only computed when
those apps are installed (``django.apps.apps.is_installed``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext_lazy as _

from accounts.models import Country, School, SupportService, User

FWB_SERVICE_CODE = "be-fwb"
TOP_COUNTRIES = 15


@dataclass
class Figure:
    """One chart's data: ``rows`` are (label, value) pairs in display order."""

    key: str
    title: str
    description: str
    rows: list[tuple[str, int]] = field(default_factory=list)
    kind: str = "bars"  # "bars" (horizontal, by category) or "columns" (by year)
    unit: str = ""

    @property
    def total(self) -> int:
        return sum(value for _label, value in self.rows)


def _service_id(service: SupportService | int | None) -> int | None:
    return getattr(service, "pk", service)


# --- Raw aggregates (ids and numbers only, cacheable) --------------------------------------


def teachers_by_country(service=None) -> list[tuple[int, int]]:
    queryset = User.objects.teachers().validated().filter(school__isnull=False)
    if service is not None:
        queryset = queryset.filter(support_service_id=_service_id(service))
    return [
        (row["school__country"], row["n"])
        for row in queryset.values("school__country").annotate(n=Count("pk")).order_by("-n")
    ]


def schools_by_country(service=None) -> list[tuple[int, int]]:
    queryset = School.objects.validated()
    if service is not None:
        queryset = queryset.filter(support_service_id=_service_id(service))
    return [
        (row["country"], row["n"])
        for row in queryset.values("country").annotate(n=Count("pk")).order_by("-n")
    ]


def teachers_per_year(service=None) -> list[tuple[int, int]]:
    queryset = User.objects.teachers().validated()
    if service is not None:
        queryset = queryset.filter(support_service_id=_service_id(service))
    return [
        (row["year"], row["n"])
        for row in queryset.annotate(year=ExtractYear("date_joined"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    ]


def schools_per_year(service=None) -> list[tuple[int, int]]:
    queryset = School.objects.validated()
    if service is not None:
        queryset = queryset.filter(support_service_id=_service_id(service))
    return [
        (row["year"], row["n"])
        for row in queryset.annotate(year=ExtractYear("created_at"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    ]


def cumulative(per_year: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Running totals of a per-year series (a handful of rows, not a table)."""
    total, out = 0, []
    for year, count in per_year:
        total += count
        out.append((year, total))
    return out


def projects_installed() -> bool:
    return apps.is_installed("projects")


def projects_per_year(service=None) -> list[tuple[int, int]]:
    """Projects whose space opened (approved), by year of opening."""
    if not projects_installed():
        return []
    from projects.models import OPENED_STATES, Project

    queryset = Project.objects.filter(state__in=OPENED_STATES)
    if service is not None:
        queryset = queryset.filter(memberships__school__support_service_id=_service_id(service))
    return [
        (row["year"], row["n"])
        for row in queryset.annotate(year=ExtractYear(Coalesce("activated_at", "created_at")))
        .values("year")
        .annotate(n=Count("pk", distinct=True))
        .order_by("year")
    ]


def partner_countries(service=None) -> list[tuple[int, int]]:
    """For the projects of ``service`` (FWB by default): how many projects have
    an active partner school in each country, the service's own schools apart."""
    if not projects_installed():
        return []
    from projects.models import OPENED_STATES, Membership, MemberStatus

    service_id = _service_id(service) if service is not None else _fwb_id()
    if service_id is None:
        return []
    own_projects = Membership.objects.filter(
        status=MemberStatus.ACTIVE, school__support_service_id=service_id
    ).values("project_id")
    return [
        (row["school__country"], row["n"])
        for row in Membership.objects.filter(
            status=MemberStatus.ACTIVE,
            project_id__in=own_projects,
            project__state__in=OPENED_STATES,
        )
        .exclude(school__support_service_id=service_id)
        .values("school__country")
        .annotate(n=Count("project", distinct=True))
        .order_by("-n")
    ]


def labels_installed() -> bool:
    return apps.is_installed("labels")


def labels_per_year(service=None) -> dict[str, list[tuple[int, int]]]:
    """Quality labels and prizes per year, when the labels app is installed."""
    if not labels_installed():
        return {}
    try:
        from trainings import showcase_labels
    except ImportError:  # pragma: no cover - labels app without the expected API
        return {}
    return showcase_labels.labels_and_prizes_per_year(service)


def _fwb_id() -> int | None:
    return SupportService.objects.filter(code=FWB_SERVICE_CODE).values_list("pk", flat=True).first()


# --- Figures for display ---------------------------------------------------------------


def _raw(service=None) -> dict[str, Any]:
    """All aggregates of one scope, cached (they change slowly)."""
    key = f"trainings:stats:{_service_id(service) or 'all'}"
    data = cache.get(key)
    if data is None:
        teachers_years = teachers_per_year(service)
        schools_years = schools_per_year(service)
        data = {
            "teachers_by_country": teachers_by_country(service),
            "schools_by_country": schools_by_country(service),
            "teachers_cumulative": cumulative(teachers_years),
            "schools_cumulative": cumulative(schools_years),
            "projects_per_year": projects_per_year(service),
            "partner_countries": partner_countries(service),
            "labels_per_year": labels_per_year(service),
        }
        cache.set(key, data, settings.TRAININGS_STATS_CACHE_SECONDS)
    return data


def _by_country(rows: list[tuple[int, int]], names: dict[int, str]) -> list[tuple[str, int]]:
    """Name the countries; beyond the top ones, one "other countries" bar."""
    named = [(names.get(pk, "?"), n) for pk, n in rows if pk is not None]
    if len(named) <= TOP_COUNTRIES:
        return named
    rest = sum(n for _name, n in named[TOP_COUNTRIES - 1 :])
    return [*named[: TOP_COUNTRIES - 1], (str(_("autres pays")), rest)]


def _years(rows: list[tuple[int, int]]) -> list[tuple[str, int]]:
    return [(str(year), n) for year, n in rows if year is not None]


def figures(service=None) -> list[Figure]:
    """The charts of one scope (every service, or one service for its staff)."""
    raw = _raw(service)
    names = {c.pk: c.name for c in Country.objects.all()}
    out = [
        Figure(
            "teachers_by_country",
            str(_("Enseignants inscrits par pays")),
            str(_("Nombre d'enseignants validés, selon le pays de leur école.")),
            _by_country(raw["teachers_by_country"], names),
        ),
        Figure(
            "schools_by_country",
            str(_("Écoles par pays")),
            str(_("Nombre d'écoles validées par pays.")),
            _by_country(raw["schools_by_country"], names),
        ),
        Figure(
            "teachers_over_time",
            str(_("Enseignants inscrits au fil des ans")),
            str(_("Nombre total d'enseignants validés à la fin de chaque année d'inscription.")),
            _years(raw["teachers_cumulative"]),
            kind="columns",
        ),
        Figure(
            "schools_over_time",
            str(_("Écoles au fil des ans")),
            str(_("Nombre total d'écoles validées à la fin de chaque année.")),
            _years(raw["schools_cumulative"]),
            kind="columns",
        ),
    ]
    if projects_installed():
        out += [
            Figure(
                "projects_per_year",
                str(_("Projets fondés par année")),
                str(_("Projets approuvés, selon l'année de leur ouverture.")),
                _years(raw["projects_per_year"]),
                kind="columns",
            ),
            Figure(
                "partner_countries",
                str(_("Pays partenaires des projets de la FWB")),
                str(
                    _(
                        "Nombre de projets d'écoles de la Fédération Wallonie-Bruxelles "
                        "ayant au moins une école partenaire dans chaque pays."
                    )
                ),
                _by_country(raw["partner_countries"], names),
            ),
        ]
    for key, (title, description) in {
        "labels": (
            _("Labels de qualité par année"),
            _("Labels de qualité nationaux et européens attribués chaque année."),
        ),
        "prizes": (
            _("Prix du concours par année"),
            _("Projets primés au concours annuel de la FWB, par édition."),
        ),
    }.items():
        if key in raw["labels_per_year"]:
            out.append(
                Figure(
                    f"{key}_per_year",
                    str(title),
                    str(description),
                    _years(raw["labels_per_year"][key]),
                    kind="columns",
                )
            )
    return out


def csv_rows(service=None) -> list[list[str | int]]:
    """Every figure as CSV lines: chart, label, value."""
    rows: list[list[str | int]] = [["chart", "label", "value"]]
    for figure in figures(service):
        rows += [[figure.key, label, value] for label, value in figure.rows]
    return rows


def totals(service=None) -> dict[str, int]:
    raw = _raw(service)
    return {
        "teachers": sum(n for _c, n in raw["teachers_by_country"]),
        "schools": sum(n for _c, n in raw["schools_by_country"]),
        "projects": sum(n for _y, n in raw["projects_per_year"]),
    }


__all__ = ["Figure", "figures", "csv_rows", "totals"]
