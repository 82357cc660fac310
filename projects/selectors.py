"""Reads on projects: "My projects", the gallery, the public page's panels and
the dashboard panel. Lists load in a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from hashlib import sha256
from operator import attrgetter
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch
from django.http import QueryDict
from django.utils.functional import cached_property

from accounts.ids import parse_id
from accounts.models import Country, Subject, User
from etwinning import hooks
from projects.models import (
    Collaborator,
    CollaboratorStatus,
    Membership,
    MemberStatus,
    Project,
    ProjectState,
)

GALLERY_PAGE_SIZE = 12


def project_for_page(pk: int) -> Project:
    """One project with what its pages show."""
    return (
        Project.objects.select_related("founded_by")
        .prefetch_related(
            "subjects",
            "languages",
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(
                    status__in=[MemberStatus.ACTIVE, MemberStatus.INVITED]
                ).select_related("user", "school__country"),
                to_attr="current_memberships",
            ),
            Prefetch("approvals", to_attr="all_approvals"),
        )
        .get(pk=pk)
    )


def countries_of(project: Project) -> list[Country]:
    """Countries of the active members' schools (needs ``with_member_data`` or
    ``project_for_page``)."""
    memberships = getattr(project, "active_memberships", None)
    if memberships is None:
        memberships = [m for m in project.current_memberships if m.is_active]
    return sorted({m.school.country for m in memberships}, key=lambda c: c.name)


def schools_of(project: Project) -> list:
    memberships = getattr(project, "active_memberships", None)
    if memberships is None:
        memberships = [m for m in project.current_memberships if m.is_active]
    return sorted({m.school for m in memberships}, key=lambda s: s.name)


@dataclass
class MyProjects:
    memberships: list[Membership]
    invitations: list[Membership]
    collaborations: list[Collaborator]


def _active_memberships(user: User):
    return (
        Membership.objects.filter(user=user, status=MemberStatus.ACTIVE)
        .select_related("project")
        .order_by("-project__created_at")
    )


def _invitations(user: User) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user, status=MemberStatus.INVITED)
        .exclude(project__state__in=[ProjectState.REJECTED, ProjectState.ARCHIVED])
        .select_related("project", "invited_by")
        .order_by("-invited_at")
    )


def my_projects(user: User) -> MyProjects:
    collaborations = list(
        Collaborator.objects.filter(user=user, status=CollaboratorStatus.ACCEPTED).select_related(
            "project"
        )
    )
    return MyProjects(list(_active_memberships(user)), _invitations(user), collaborations)


DASHBOARD_PROJECTS = 5


def dashboard_panel(user: User) -> dict[str, Any] | None:
    """DASHBOARD_PANELS entry: my newest projects (one more is read to know whether
    there are others) and pending invitations."""
    if not user.is_authenticated or user.is_staff:
        return None
    memberships = list(_active_memberships(user)[: DASHBOARD_PROJECTS + 1])
    return {
        "template": "projects/_dashboard_panel.html",
        "memberships": memberships[:DASHBOARD_PROJECTS],
        "invitations": _invitations(user),
        "more": len(memberships) > DASHBOARD_PROJECTS,
    }


def user_data_export(user: User) -> dict[str, Any]:
    """USER_DATA_EXPORTERS entry: the teacher's project memberships."""
    rows = Membership.objects.filter(user=user).select_related("project", "school")
    return {
        "project_memberships": [
            {
                "project": m.project.title,
                "project_state": m.project.state,
                "school": m.school.name,
                "role": m.role,
                "status": m.status,
                "invited_at": m.invited_at.isoformat(),
                "joined_at": m.joined_at.isoformat() if m.joined_at else None,
                "ended_at": m.ended_at.isoformat() if m.ended_at else None,
            }
            for m in rows
        ],
        "project_collaborations": [
            {"project": c.project.title, "status": c.status, "email": c.email}
            for c in Collaborator.objects.filter(user=user).select_related("project")
        ],
    }


# --- gallery ------------------------------------------------------------------------


def _int(value: str | None) -> int | None:
    return parse_id(value)


# The gallery's total and its filter choices scan every public project: a total a
# minute old and choices ten minutes old are fine for a public showcase.
GALLERY_COUNT_SECONDS = 60
GALLERY_CHOICES_SECONDS = 600
GALLERY_CHOICES_KEY = "projects:gallery:choices"


@dataclass
class Gallery:
    page: Page
    countries: list[Country]
    subjects: list[Subject]
    years: list[int]
    extra_filters: list[dict]
    params: dict[str, Any]


class _CachedCountPaginator(Paginator):
    """A paginator whose total is cached (per filter combination) for a minute."""

    def __init__(self, object_list, per_page: int, *, cache_key: str) -> None:
        super().__init__(object_list, per_page)
        self.cache_key = cache_key

    @cached_property
    def count(self) -> int:
        count = cache.get(self.cache_key)
        if count is None:
            count = self.object_list.count()
            cache.set(self.cache_key, count, GALLERY_COUNT_SECONDS)
        return count


def _gallery_choices() -> tuple[list[Country], list[Subject], list[int]]:
    """Countries, subjects and years that have public projects (cached). Rows are
    cached whole: their translated names follow the language of each request."""
    choices = cache.get(GALLERY_CHOICES_KEY)
    if choices is None:
        public = Project.objects.visible_publicly()
        countries = list(
            Country.objects.filter(
                pk__in=Membership.objects.active()
                .filter(project__in=public)
                .values("school__country_id")
            )
        )
        subjects = list(
            Subject.objects.filter(
                pk__in=Project.subjects.through.objects.filter(project__in=public).values(
                    "subject_id"
                )
            )
        )
        years = sorted(
            {d.year for d in public.exclude(activated_at=None).dates("activated_at", "year")},
            reverse=True,
        )
        choices = (countries, subjects, years)
        cache.set(GALLERY_CHOICES_KEY, choices, GALLERY_CHOICES_SECONDS)
    countries, subjects, years = choices
    by_name = attrgetter("name")
    return sorted(countries, key=by_name), sorted(subjects, key=by_name), years


def gallery(params: QueryDict, *, page_number: str | None = None, request=None) -> Gallery:
    """Public projects filtered by country, subject, pupil age, year and by any
    filter other apps add through "project_gallery_filters" hooks (functions
    ``(queryset, params) -> (queryset, filter_description | None)``, e.g. labels).

    Filters select with ``pk__in`` sub-queries, never joins, so rows are never
    repeated and the list needs no DISTINCT: the newest-first order then walks the
    partial index of public projects (``project_public_newest``) and stops after
    one page."""
    projects = Project.objects.visible_publicly()
    country = _int(params.get("country"))
    subject = _int(params.get("subject"))
    age = _int(params.get("age"))
    year = _int(params.get("year"))
    if country:
        projects = projects.filter(
            pk__in=Membership.objects.active()
            .filter(school__country_id=country)
            .values("project_id")
        )
    if subject:
        projects = projects.filter(
            pk__in=Project.subjects.through.objects.filter(subject_id=subject).values("project_id")
        )
    if age is not None:
        projects = projects.filter(age_min__lte=age, age_max__gte=age)
    if year:
        projects = projects.filter(activated_at__year=year)

    def refine(function) -> dict | None:
        nonlocal projects
        projects, description = function(projects, params)
        return description

    extra_filters = hooks.run_each("project_gallery_filters", refine, request=request)
    projects = projects.order_by("-activated_at", "-pk").with_member_data()
    filters = [country, subject, age, year] + [(f["name"], f["value"]) for f in extra_filters]
    count_key = "projects:gallery:count:" + sha256(repr(filters).encode()).hexdigest()[:32]
    page = _CachedCountPaginator(projects, GALLERY_PAGE_SIZE, cache_key=count_key).get_page(
        page_number
    )
    countries, subjects, years = _gallery_choices()
    return Gallery(
        page=page,
        countries=countries,
        subjects=subjects,
        years=years,
        extra_filters=extra_filters,
        params={"country": country, "subject": subject, "age": age, "year": year},
    )


def public_panels(project: Project, *, request=None) -> list[dict]:
    """Panels other apps add to the public page through "project_public_panels" hooks
    (functions ``(project) -> {"template": ..., ...} | None``), e.g. labels."""
    return [p for p in hooks.call("project_public_panels", project, request=request) if p]
