"""Admin pages render and stay scoped; the contest's admin actions."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from labels import clock, services
from labels.models import ApplicationStatus, ContestEdition, EuropeanNomination
from labels.tests.factories import GOOD_SCORES, application, european_project, open_round

pytestmark = pytest.mark.django_db
MODELS = [
    "labelround",
    "nationallabelapplication",
    "europeannomination",
    "europeanlabel",
    "schoollabelapplication",
    "eligibleschool",
    "europeaneligibleproject",
    "contestedition",
    "contestentry",
]


@pytest.mark.parametrize("model", MODELS)
def test_every_changelist_renders_for_staff_and_superusers(client, staff_fwb, superuser, model):
    open_round()
    project, founder, _partner = european_project()
    application(project, founder, status=ApplicationStatus.AWARDED, scores=GOOD_SCORES)
    services.contest_edition_create(year=2030)
    for user in (staff_fwb, superuser):
        client.force_login(user)
        assert client.get(f"/fr/admin/labels/{model}/").status_code == 200


def test_the_edition_add_form_proposes_the_brussels_defaults(client, superuser):
    client.force_login(superuser)
    page = client.get("/fr/admin/labels/contestedition/add/").content.decode()
    # Entries close at 1 July 00:00 Brussels, excluded: the whole of 30 June is open.
    assert 'value="00:00:00"' in page
    assert "01/07/" in page


def test_the_nominate_action_creates_a_nomination_for_the_staff_service(client, staff_fwb):
    open_round()
    high = dict.fromkeys(GOOD_SCORES, 5)
    project, founder, partner = european_project()
    mine = application(project, founder, status=ApplicationStatus.AWARDED, scores=high)
    application(project, partner, status=ApplicationStatus.AWARDED, scores=high)
    client.force_login(staff_fwb)
    client.post(
        "/fr/admin/labels/nationallabelapplication/",
        {"action": "nominate_european", "_selected_action": [mine.pk]},
    )
    nomination = EuropeanNomination.objects.get()
    assert nomination.service_id == staff_fwb.staff_service_id


def test_the_publish_action_publishes_after_the_deadline(client, staff_fwb, monkeypatch):
    edition = services.contest_edition_create(year=2027)
    moment = datetime.datetime(2027, 7, 5, tzinfo=ZoneInfo("Europe/Brussels"))
    monkeypatch.setattr(clock, "now", lambda: moment)
    client.force_login(staff_fwb)
    client.post(
        "/fr/admin/labels/contestedition/",
        {"action": "publish_results", "_selected_action": [edition.pk]},
    )
    assert ContestEdition.objects.get().results_published


def test_school_label_application_through_the_page(client, staff_fwb):
    from django.utils import timezone

    from accounts.models import School
    from labels.models import SchoolLabelApplication
    from projects.tests.factories import teacher_in

    open_round()
    project, founder, _partner = european_project()
    application(project, founder, status=ApplicationStatus.AWARDED, scores=GOOD_SCORES)
    for _ in range(2):
        teacher_in("be-fwb", school=founder.school)
    School.objects.filter(pk=founder.school_id).update(
        created_at=timezone.now() - datetime.timedelta(days=900)
    )
    client.force_login(founder)
    refused = client.post("/fr/labels/schools/apply/", {"head_name": "Mme Leroy"})
    assert refused.status_code == 200 and not SchoolLabelApplication.objects.exists()
    response = client.post(
        "/fr/labels/schools/apply/", {"head_name": "Mme Leroy", "head_declaration": "on"}
    )
    assert response.status_code == 302
    app = SchoolLabelApplication.objects.get()
    client.force_login(staff_fwb)
    client.post(
        "/fr/admin/labels/schoollabelapplication/",
        {"action": "award", "_selected_action": [app.pk]},
    )
    app.refresh_from_db()
    assert app.status == ApplicationStatus.AWARDED and app.valid_until is not None


def test_eligible_projects_are_listed_per_service_and_nominated(client, staff_fwb, staff_vl):
    open_round()
    high = dict.fromkeys(GOOD_SCORES, 5)
    project, founder, partner = european_project()
    application(project, founder, status=ApplicationStatus.AWARDED, scores=high)
    application(project, partner, status=ApplicationStatus.AWARDED, scores=high)
    client.force_login(staff_vl)
    assert client.get("/fr/admin/labels/europeaneligibleproject/").context["cl"].result_count == 0
    client.force_login(staff_fwb)
    listing = client.get("/fr/admin/labels/europeaneligibleproject/")
    assert listing.context["cl"].result_count == 1
    client.post(
        "/fr/admin/labels/europeaneligibleproject/",
        {"action": "nominate", "_selected_action": [project.pk]},
    )
    assert EuropeanNomination.objects.get().service_id == staff_fwb.staff_service_id


@pytest.mark.parametrize("model", ["contestedition", "contestentry"])
def test_the_contest_admin_is_the_fwb_service_own(client, staff_fwb, staff_vl, model):
    services.contest_edition_create(year=2030)
    client.force_login(staff_vl)
    assert client.get(f"/fr/admin/labels/{model}/").status_code == 403
    client.force_login(staff_fwb)
    assert client.get(f"/fr/admin/labels/{model}/").status_code == 200
