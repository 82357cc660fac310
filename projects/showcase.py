"""What the projects app shows on the portal's statistics page (a
``statistics_figures`` contribution, registered in projects/hooks.py): projects
founded per year and the partner countries of the FWB's projects."""

from __future__ import annotations

from django.db.models import Count
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _

from accounts.models import SupportService
from accounts.selectors import FWB_SERVICE_CODE
from accounts.showcase import Figure, by_country, by_year, cached_aggregates, service_id
from projects.models import OPENED_STATES, Membership, MemberStatus, Project

Service = SupportService | int | None


def projects_per_year(service: Service = None) -> list[tuple[int, int]]:
    """Projects whose space opened (approved), by year of opening."""
    queryset = Project.objects.filter(state__in=OPENED_STATES)
    if service is not None:
        queryset = queryset.filter(memberships__school__support_service_id=service_id(service))
    return [
        (row["year"], row["n"])
        for row in queryset.annotate(year=ExtractYear(Coalesce("activated_at", "created_at")))
        .values("year")
        .annotate(n=Count("pk", distinct=True))
        .order_by("year")
    ]


def partner_countries(service: Service = None) -> list[tuple[int, int]]:
    """For the projects of ``service`` (FWB by default): how many projects have
    an active partner school in each country, the service's own schools apart."""
    scope = service_id(service) if service is not None else _fwb_id()
    if scope is None:
        return []
    own_projects = Membership.objects.filter(
        status=MemberStatus.ACTIVE, school__support_service_id=scope
    ).values("project_id")
    return [
        (row["school__country"], row["n"])
        for row in Membership.objects.filter(
            status=MemberStatus.ACTIVE,
            project_id__in=own_projects,
            project__state__in=OPENED_STATES,
        )
        .exclude(school__support_service_id=scope)
        .values("school__country")
        .annotate(n=Count("project", distinct=True))
        .order_by("-n")
    ]


def _fwb_id() -> int | None:
    return SupportService.objects.filter(code=FWB_SERVICE_CODE).values_list("pk", flat=True).first()


def statistics_figures(service: Service) -> list[Figure]:
    """Projects per year and partner countries, for the statistics page."""
    raw = cached_aggregates(
        "projects",
        service,
        lambda: {
            "projects_per_year": projects_per_year(service),
            "partner_countries": partner_countries(service),
        },
    )
    return [
        Figure(
            "projects_per_year",
            _("Projets fondés par année"),
            _("Projets approuvés, selon l'année de leur ouverture."),
            by_year(raw["projects_per_year"]),
            kind="columns",
        ),
        Figure(
            "partner_countries",
            _("Pays partenaires des projets de la FWB"),
            _(
                "Nombre de projets d'écoles de la Fédération Wallonie-Bruxelles "
                "ayant au moins une école partenaire dans chaque pays."
            ),
            by_country(raw["partner_countries"]),
        ),
    ]
