"""What the projects app adds to the portal's statistics (projects/showcase.py, a
``statistics_figures`` hook): projects per year of opening and the partner countries
of the FWB's projects, against constructed data."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import country, service
from projects import showcase

pytestmark = pytest.mark.django_db


def joined(year: int) -> datetime:
    return timezone.make_aware(datetime(year, 3, 1, 12))


def test_projects_are_counted_by_year_of_opening_and_partner_country():
    from projects.models import ProjectState
    from projects.tests.factories import ProjectFactory, member, teacher_in

    liege, namur = teacher_in("be-fwb"), teacher_in("be-fwb")
    madrid, lyon, malta = teacher_in("es"), teacher_in("fr"), teacher_in("mt")
    spanish = ProjectFactory(activated_at=joined(2024))
    for teacher in (liege, madrid, lyon):
        member(spanish, teacher)
    maltese = ProjectFactory(activated_at=joined(2025))
    for teacher in (namur, malta, madrid):
        member(maltese, teacher)
    # Not opened yet: neither a project of the year nor a partnership.
    draft = ProjectFactory(state=ProjectState.AWAITING_APPROVAL, activated_at=None)
    for teacher in (liege, malta):
        member(draft, teacher)
    # Opened, without any FWB school: counts per year, not as an FWB partnership.
    foreign = ProjectFactory(activated_at=joined(2025))
    for teacher in (lyon, malta):
        member(foreign, teacher)

    assert showcase.projects_per_year() == [(2024, 1), (2025, 2)]
    assert showcase.projects_per_year(service("be-fwb")) == [(2024, 1), (2025, 1)]
    partners = dict(showcase.partner_countries())
    assert partners == {country("ES").pk: 2, country("FR").pk: 1, country("MT").pk: 1}


def test_the_figures_name_the_partner_countries_in_the_readers_language():
    from django.utils import translation

    from projects.tests.factories import ProjectFactory, member, teacher_in

    project = ProjectFactory(activated_at=joined(2024))
    for teacher in (teacher_in("be-fwb"), teacher_in("es")):
        member(project, teacher)
    with translation.override("nl"):
        figures = {f.key: f for f in showcase.statistics_figures(None)}
    assert figures["projects_per_year"].rows == [("2024", 1)]
    assert figures["partner_countries"].rows == [("Spanje", 1)]
