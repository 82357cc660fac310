"""Test helpers for partner search: announcements published through the service,
so the search index is written exactly as in production."""

from __future__ import annotations

from datetime import date

from accounts.models import Country, Language, Subject, User
from accounts.tests.factories import SchoolFactory, TeacherFactory, service
from partners import search_index, services
from partners.models import Announcement


def next_month(months: int = 1) -> date:
    today = date.today()
    index = today.month - 1 + months
    return date(today.year + index // 12, index % 12 + 1, 1)


def subjects(*codes: str):
    return list(Subject.objects.filter(code__in=codes))


def languages(*codes: str):
    return list(Language.objects.filter(code__in=codes))


def countries(*codes: str):
    return list(Country.objects.filter(code__in=codes))


def teacher_in(
    service_code: str = "be-fwb",
    *,
    city: str = "Liège",
    school_name: str | None = None,
    subject_codes: tuple[str, ...] = ("mathematics",),
    language_codes: tuple[str, ...] = ("fr",),
    ages: tuple[int, int] = (9, 11),
    primary: bool = True,
    secondary: bool = False,
    **extra,
) -> User:
    """A validated teacher of a school of ``service_code``, indexed for search."""
    kwargs = {"support_service": service(service_code), "city": city}
    if school_name:
        kwargs["name"] = school_name
    school = SchoolFactory(level_primary=primary, level_secondary=secondary, **kwargs)
    teacher = TeacherFactory(school=school, age_min=ages[0], age_max=ages[1], **extra)
    teacher.subjects.set(subjects(*subject_codes))
    teacher.languages.set(languages(*language_codes))
    search_index.teacher_reindex(teacher)
    return teacher


def publish(author: User, **overrides) -> Announcement:
    data = {
        "title": "Défis mathématiques",
        "idea": "Des énigmes et des jeux de logique entre deux classes.",
        "language": "fr",
        "subjects": subjects("mathematics"),
        "languages": languages("fr", "en"),
        "age_min": 9,
        "age_max": 11,
        "wanted_countries": [],
        "partners_wanted": 1,
        "start_month": next_month(),
        "duration_months": 6,
        "plus_welcome": True,
    }
    data.update(overrides)
    return services.announcement_publish(author=author, **data)
