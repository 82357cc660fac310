"""What an app needs to contribute to the portal's public showcase (``portal/``): the
home page's sections (``home_sections`` hooks) and the statistics figures
(``statistics_figures`` hooks, which return :class:`Figure`).

Here, in the foundation, because every contributing app may import accounts and none
may import portal. Figures travel as plain numbers keyed by country/year ids in the
cache, and are labelled in the reader's language when they are shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import Country, SupportService

T = TypeVar("T")
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


def _cached(key: str, compute: Callable[[], T], seconds: int) -> T:
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, seconds)
    return value


def cached_section(key: str, compute: Callable[[], T]) -> T:
    """A home section's rows, cached briefly per language (titles are translated)."""
    return _cached(f"home:{key}:{get_language()}", compute, settings.TRAININGS_HOME_CACHE_SECONDS)


def cached_aggregates(
    key: str, service: SupportService | int | None, compute: Callable[[], T]
) -> T:
    """One app's statistics aggregates for one scope (every service, or one), cached:
    they change slowly and are the expensive part of the statistics."""
    return _cached(
        f"stats:{key}:{service_id(service) or 'all'}",
        compute,
        settings.TRAININGS_STATS_CACHE_SECONDS,
    )


def service_id(service: SupportService | int | None) -> int | None:
    return getattr(service, "pk", service)


def country_names() -> dict[int, str]:
    """Every country's name in the reader's language, cached like the figures: several
    apps name countries in the same page's figures, one query serves them all."""
    return cached_aggregates(
        f"country_names:{get_language()}",
        None,
        lambda: {country.pk: country.name for country in Country.objects.all()},
    )


def by_country(
    rows: list[tuple[int, int]], names: dict[int, str] | None = None
) -> list[tuple[str, int]]:
    """Name the countries; beyond the top ones, one "other countries" bar."""
    names = country_names() if names is None else names
    named = [(names.get(pk, "?"), n) for pk, n in rows if pk is not None]
    if len(named) <= TOP_COUNTRIES:
        return named
    rest = sum(n for _name, n in named[TOP_COUNTRIES - 1 :])
    return [*named[: TOP_COUNTRIES - 1], (_("autres pays"), rest)]


def by_year(rows: list[tuple[int, int]]) -> list[tuple[str, int]]:
    return [(str(year), n) for year, n in rows if year is not None]


def cumulative(per_year: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Running totals of a per-year series (a handful of rows, not a table)."""
    total, out = 0, []
    for year, count in per_year:
        total += count
        out.append((year, total))
    return out
