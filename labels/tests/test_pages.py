"""Public pages, the permission matrix of the teacher pages, export and demo data."""

import io

import pytest
from django.utils import timezone

from accounts.tests.factories import StaffFactory
from labels import selectors, services
from labels.demo import seed
from labels.models import ApplicationStatus, ContestEdition, NationalLabelApplication
from labels.tests.factories import GOOD_SCORES, application, european_project, open_round

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/fr/labels/", "/fr/labels/projects/", "/fr/labels/contest/", "/nl/labels/contest/"]
)
def test_public_pages_render_for_anonymous_visitors(client, url):
    services.contest_edition_create(year=timezone.now().year + 1)
    response = client.get(url)
    assert response.status_code == 200
    assert "Labels" in response.content.decode() or "label" in response.content.decode().lower()


@pytest.mark.parametrize(
    "url", ["/fr/labels/mine/", "/fr/labels/contest/enter/", "/fr/labels/schools/apply/"]
)
def test_teacher_pages_need_a_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", ["/fr/labels/contest/enter/", "/fr/labels/schools/apply/"])
def test_staff_without_teacher_profile_are_refused(client, url, staff_fwb):
    client.force_login(staff_fwb)
    assert client.get(url).status_code == 403


def test_contest_page_shows_time_left_and_prizes(client):
    services.contest_edition_create(year=timezone.now().year + 1)
    page = client.get("/fr/labels/contest/").content.decode()
    assert "Temps restant" in page
    assert "7 à 11 ans — 1\xa0000 € de matériel multimédia" in page


def test_mine_lists_applications_and_certificate(client):
    open_round()
    project, founder, _partner = european_project()
    application(project, founder, status=ApplicationStatus.AWARDED, scores=GOOD_SCORES)
    client.force_login(founder)
    page = client.get("/fr/labels/mine/").content.decode()
    assert project.title in page and "24/30" in page and "Télécharger (PDF)" in page


def test_dashboard_panel_and_user_export(client):
    project, founder, _partner = european_project()
    application(project, founder, status=ApplicationStatus.AWARDED, scores=GOOD_SCORES)
    panel = selectors.dashboard_panel(founder)
    assert panel["template"] == "labels/_dashboard_panel.html"
    exported = selectors.user_data_export(founder)
    assert exported["national_quality_label_applications"][0]["total"] == 24
    assert exported["contest_entries"] == []


def test_home_selectors():
    project, founder, _partner = european_project()
    application(project, founder, status=ApplicationStatus.AWARDED, scores=GOOD_SCORES)
    assert selectors.latest_labelled_projects(3) == [project]
    assert selectors.latest_prize_winners(3) == []
    assert selectors.open_edition() is None


def test_demo_seed_is_idempotent(reference_data_demo):
    out = io.StringIO()
    seed(out)
    seed(out)
    # Open, closed and being scored, published.
    assert ContestEdition.objects.count() == 3
    assert ContestEdition.objects.published().count() == 1
    assert selectors.open_edition() is not None
    assert NationalLabelApplication.objects.awarded().count() <= 1


@pytest.fixture
def reference_data_demo(db):
    StaffFactory()
