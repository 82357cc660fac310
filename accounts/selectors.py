"""Reads of the accounts app used by views and by other apps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import models
from django.db.models import Count, Q

from accounts.models import (
    Country,
    Programme,
    School,
    SupportService,
    TeacherStatus,
    User,
    ValidationStatus,
)
from etwinning import hooks

FWB_SERVICE_CODE = "be-fwb"
SCHOOL_SEARCH_LIMIT = 20
COUNTS_CACHE_SECONDS = 300
USAGE_EXAMPLES = 3


def portal_counts() -> dict[str, int]:
    """Live counts for the home page, cached briefly: at 1.2 million teachers a
    count per page view would be the most expensive query of the page."""
    counts = cache.get("portal_counts")
    if counts is None:
        counts = {
            "teachers": User.objects.teachers().validated().count(),
            "schools": School.objects.validated().count(),
            "countries": Country.objects.active().count(),
        }
        cache.set("portal_counts", counts, COUNTS_CACHE_SECONDS)
    return counts


def countries_by_programme() -> dict[str, Any]:
    countries = list(Country.objects.active().order_by("name"))
    return {
        "core_countries": [c for c in countries if c.programme == Programme.CORE],
        "plus_countries": [c for c in countries if c.programme == Programme.PLUS],
    }


def fwb_service() -> SupportService:
    return SupportService.objects.select_related("country").get(code=FWB_SERVICE_CODE)


def school_search(query: str) -> list[School]:
    return list(
        School.objects.exclude(status=ValidationStatus.REJECTED)
        .search(query)
        .select_related("country")
        .order_by("name")[:SCHOOL_SEARCH_LIMIT]
    )


def selected_school(form) -> School | None:
    value = form["school"].value()
    if not value:
        return None
    if isinstance(value, School):
        return value
    try:
        return School.objects.select_related("country").filter(pk=int(value)).first()
    except (TypeError, ValueError):
        return None


def profile_links(*, user: User, request=None) -> list[dict]:
    """Links other apps add under « Mon profil » (the "profile_links" hook: each
    ``(user) -> {'url', 'label', 'description'} | None``), e.g. notification preferences."""
    return [link for link in hooks.call("profile_links", user, request=request) if link]


def profile_initial(*, teacher: User) -> dict[str, Any]:
    return {
        "first_name": teacher.first_name,
        "last_name": teacher.last_name,
        "role": teacher.role,
        "school": teacher.school_id,
        "subjects": list(teacher.subjects.values_list("pk", flat=True)),
        "languages": list(teacher.languages.values_list("pk", flat=True)),
        "age_min": teacher.age_min,
        "age_max": teacher.age_max,
        "bio": teacher.bio,
        "available_for_projects": teacher.available_for_projects,
        "hidden_from_search": teacher.hidden_from_search,
        "preferred_language": teacher.preferred_language,
        "bulletin_subscribed": teacher.bulletin_subscribed,
    }


def dashboard_context(*, user: User, request=None) -> dict[str, Any]:
    """What the teacher's dashboard shows. Other apps add panels through
    "dashboard_panels" hooks: functions ``(user) -> dict | None``."""
    context: dict[str, Any] = {
        "teacher": user,
        "school": user.school,
        "is_new": user.status == TeacherStatus.NEW,
        "is_pending": user.status == TeacherStatus.PENDING,
        "is_validated": user.status == TeacherStatus.VALIDATED,
        "is_rejected": user.status == TeacherStatus.REJECTED,
        "panels": [p for p in hooks.call("dashboard_panels", user, request=request) if p],
    }
    return context


def service_teacher_counts(service: SupportService) -> dict[str, int]:
    return User.objects.filter(support_service=service).aggregate(
        pending=Count("pk", filter=Q(status=TeacherStatus.PENDING)),
        validated=Count("pk", filter=Q(status=TeacherStatus.VALIDATED)),
    )


@dataclass(frozen=True)
class RowUsage:
    """One kind of object that refers to a shared row: how many, and a few of them."""

    model: type[models.Model]
    count: int
    examples: list[str]


def row_usages(*, row: models.Model) -> list[RowUsage]:
    """Every object that refers to ``row`` through a foreign key or a many-to-many
    field, in whichever app: why the row may not be deleted. Read from the model's
    reverse relations, so a reference another app adds later is covered too.
    (Hand-written: Django's deletion Collector reports only PROTECT foreign keys,
    and would silently empty the many-to-many tables.)"""
    usages = []
    for relation in row._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        referring = relation.related_model
        if referring._meta.auto_created:
            # The table behind a many-to-many field: counted through the field itself.
            continue
        queryset = referring._base_manager.filter(**{relation.field.name: row}).order_by("pk")
        count = queryset.count()
        if count:
            examples = [str(obj) for obj in queryset[:USAGE_EXAMPLES]]
            usages.append(RowUsage(model=referring, count=count, examples=examples))
    return usages
