"""Browser checks of the portal's own pages in Chromium: the statistics page draws
its charts (figures from accounts, projects and labels) with real sizes."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_statistics_page_draws_non_empty_charts(page, live_server, reference_data, tmp_path):
    from accounts.tests.factories import SchoolFactory, TeacherFactory, country, service

    be = SchoolFactory()
    fr = SchoolFactory(support_service=service("fr"), country=country("FR"))
    for school in (be, be, be, fr):
        TeacherFactory(school=school)

    page.goto(f"{live_server.url}/fr/statistics/")
    charts = page.locator("svg.chart-svg")
    assert charts.count() >= 4

    shot = tmp_path / "statistics.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000

    # Every drawn chart has bars of a real size (not an empty or collapsed SVG).
    for index in range(charts.count()):
        chart = charts.nth(index)
        box = chart.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50
        bars = chart.locator("rect.chart-bar")
        assert bars.count() >= 1
        sizes = [bars.nth(i).bounding_box() for i in range(bars.count())]
        assert any(b and b["width"] > 1 and b["height"] > 1 for b in sizes)

    # The text alternative names the figures.
    first = page.locator("figure.chart").first
    first.locator("summary").click()
    assert "Belgique" in first.locator("table").inner_text()
