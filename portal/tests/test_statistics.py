"""The statistics: the accounts figures against constructed data, the figures the
other apps contribute (statistics_figures hooks), the public page's charts and their
text alternatives, and the staff's statistics in admin with their CSV export."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import showcase
from accounts.models import School, User
from accounts.tests.factories import SchoolFactory, TeacherFactory, country, service
from etwinning import hooks
from portal import stats as statistics
from portal.charts import chart_for

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
    assert showcase.cumulative(per_year) == [(2021, 1), (2022, 3), (2023, 4)]


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
    named = showcase.by_country(rows, names)
    assert len(named) == showcase.TOP_COUNTRIES
    assert named[-1][1] == sum(100 - pk for pk in range(showcase.TOP_COUNTRIES, 21))


def test_bars_are_proportional_to_the_values():
    chart = chart_for(showcase.Figure("k", "t", "d", [("A", 10), ("B", 5), ("C", 0)]))
    widths = [bar.width for bar in chart.bars]
    assert widths[0] == pytest.approx(2 * widths[1])
    assert widths[2] == 0


def test_the_public_page_draws_svg_charts_with_text_alternatives(client, constructed):
    response = client.get(reverse("portal:statistics"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") >= 4
    assert 'role="img"' in html and "<desc" in html
    assert '<th scope="row">Belgique</th><td>3</td>' in html
    assert "style=" not in html  # the CSP forbids inline styles


def test_the_public_page_is_cached(client, constructed, django_assert_max_num_queries):
    client.get(reverse("portal:statistics"))
    with django_assert_max_num_queries(4):
        client.get(reverse("portal:statistics"))


def test_the_page_shows_every_apps_figures_in_order(client, constructed):
    html = client.get(reverse("portal:statistics")).content.decode()
    keys = [
        "teachers_by_country",
        "schools_by_country",
        "teachers_over_time",
        "schools_over_time",
        "projects_per_year",  # projects/showcase.py
        "partner_countries",
        "labels_per_year",  # labels/showcase.py
        "prizes_per_year",
    ]
    positions = [html.index(f'data-chart="{key}"') for key in keys]
    assert positions == sorted(positions)


def _extra_figure(service):
    return [showcase.Figure("extra", "Une figure de plus", "Pour le test.", [("2024", 5)])]


def test_an_app_adds_a_figure_through_the_hook(client, constructed):
    with hooks.replaced("statistics_figures", _extra_figure):
        html = client.get(reverse("portal:statistics")).content.decode()
    assert 'data-chart="extra"' in html
    assert 'data-chart="projects_per_year"' not in html


def _broken_figures(service):
    raise RuntimeError("labels database unreachable")


def test_a_failing_contribution_leaves_the_others_and_is_shown_to_staff(
    client, constructed, staff_fwb
):
    with hooks.replaced("statistics_figures", _broken_figures, _extra_figure):
        public = client.get(reverse("portal:statistics")).content.decode()
        client.force_login(staff_fwb)
        staff = client.get(reverse("portal:statistics")).content.decode()
    assert 'data-chart="teachers_by_country"' in public and 'data-chart="extra"' in public
    assert "_broken_figures" not in public
    assert "test_statistics._broken_figures" in staff


def test_the_csv_export_refuses_to_leave_a_failing_figure_out(constructed):
    with (
        hooks.replaced("statistics_figures", _broken_figures),
        pytest.raises(RuntimeError, match="unreachable"),
    ):
        statistics.csv_rows()


def test_the_totals_come_from_the_figures(constructed):
    charts = statistics.figures()
    assert statistics.totals(charts) == {"teachers": 4, "schools": 3, "projects": 0}


# --- The staff's statistics in admin ---------------------------------------------------


def test_staff_see_their_services_statistics_and_export_csv(client, staff_fwb, teacher):
    client.force_login(staff_fwb)
    page = client.get(reverse("admin:portal_statistics"))
    assert page.status_code == 200
    assert page.context["service"] == staff_fwb.staff_service
    export = client.get(reverse("admin:portal_statistics_csv"))
    assert export["Content-Type"].startswith("text/csv")
    lines = export.content.decode().splitlines()
    assert lines[0] == "chart,label,value"
    assert "teachers_by_country,Belgique,1" in lines


def test_teachers_cannot_open_the_statistics_admin(client, teacher):
    client.force_login(teacher)
    response = client.get(reverse("admin:portal_statistics"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_every_admin_page_links_to_the_statistics(client, staff_fwb):
    client.force_login(staff_fwb)
    html = client.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("admin:portal_statistics")}"' in html
