"""The statistics figures against constructed data, the public page's charts
and their text alternatives."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import School, User
from accounts.tests.factories import SchoolFactory, TeacherFactory, country, service
from trainings import stats as statistics
from trainings.charts import chart_for

pytestmark = pytest.mark.django_db


def joined(year: int) -> datetime:
    return timezone.make_aware(datetime(year, 3, 1, 12))


@pytest.fixture
def constructed():
    """Belgium (FWB): 3 teachers (2021, 2022, 2022), 2 schools; France (another
    service): 1 teacher, 1 school; plus a pending teacher who never counts."""
    fr_service = service("fr")
    be1 = SchoolFactory()
    be2 = SchoolFactory()
    fr = SchoolFactory(support_service=fr_service, country=country("FR"))
    for school, year in ((be1, 2021), (be1, 2022), (be2, 2022), (fr, 2023)):
        teacher = TeacherFactory(school=school)
        User.objects.filter(pk=teacher.pk).update(date_joined=joined(year))
    TeacherFactory(school=be1, status="pending")
    School.objects.filter(pk__in=[be1.pk, be2.pk]).update(created_at=joined(2021))
    School.objects.filter(pk=fr.pk).update(created_at=joined(2023))
    return {"fr_service": fr_service}


def test_teachers_and_schools_are_counted_by_country(constructed):
    be, fr = country("BE").pk, country("FR").pk
    assert statistics.teachers_by_country() == [(be, 3), (fr, 1)]
    assert statistics.schools_by_country() == [(be, 2), (fr, 1)]


def test_teachers_per_year_and_running_total(constructed):
    per_year = statistics.teachers_per_year()
    assert per_year == [(2021, 1), (2022, 2), (2023, 1)]
    assert statistics.cumulative(per_year) == [(2021, 1), (2022, 3), (2023, 4)]


def test_a_service_sees_only_its_own_figures(constructed):
    fwb = service("be-fwb")
    assert statistics.teachers_by_country(fwb) == [(country("BE").pk, 3)]
    assert statistics.schools_per_year(fwb) == [(2021, 2)]
    assert statistics.teachers_by_country(constructed["fr_service"]) == [(country("FR").pk, 1)]


def test_figures_are_named_in_the_readers_language(constructed):
    from django.utils import translation

    with translation.override("nl"):
        figure = next(f for f in statistics.figures() if f.key == "teachers_by_country")
    assert figure.rows == [("België", 3), ("Frankrijk", 1)]


def test_figures_are_computed_with_a_few_aggregated_queries(
    constructed, django_assert_max_num_queries
):
    # Whatever the number of rows: one GROUP BY query per series (4 accounts, 2 projects,
    # 3 labels), the FWB service's id and the country names.
    with django_assert_max_num_queries(11):
        statistics.figures()


def test_many_countries_are_grouped_beyond_the_top_ones():
    rows = [(pk, 100 - pk) for pk in range(1, 21)]
    names = {pk: f"Pays {pk}" for pk in range(1, 21)}
    named = statistics._by_country(rows, names)
    assert len(named) == statistics.TOP_COUNTRIES
    assert named[-1][1] == sum(100 - pk for pk in range(statistics.TOP_COUNTRIES, 21))


def test_bars_are_proportional_to_the_values():
    chart = chart_for(statistics.Figure("k", "t", "d", [("A", 10), ("B", 5), ("C", 0)]))
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == pytest.approx(2 * widths[1])
    assert widths[2] == 0


def test_the_public_page_draws_svg_charts_with_text_alternatives(client, constructed):
    response = client.get(reverse("trainings:statistics"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") >= 4
    assert 'role="img"' in html and "<desc" in html
    assert '<th scope="row">Belgique</th><td>3</td>' in html
    assert "style=" not in html  # the CSP forbids inline styles


def test_the_public_page_is_cached(client, constructed, django_assert_max_num_queries):
    client.get(reverse("trainings:statistics"))
    with django_assert_max_num_queries(4):
        client.get(reverse("trainings:statistics"))


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

    assert statistics.projects_per_year() == [(2024, 1), (2025, 2)]
    assert statistics.projects_per_year(service("be-fwb")) == [(2024, 1), (2025, 1)]
    partners = dict(statistics.partner_countries())
    assert partners == {country("ES").pk: 2, country("FR").pk: 1, country("MT").pk: 1}
