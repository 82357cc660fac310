"""Scoring rules, the decision e-mail, certificate access and admin scoping."""

import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from labels import permissions, services
from labels.models import ApplicationStatus
from labels.tests.factories import GOOD_SCORES, application, european_project

pytestmark = pytest.mark.django_db


def test_staff_of_the_service_award_and_the_teacher_is_mailed(
    staff_fwb, django_capture_on_commit_callbacks
):
    project, founder, _partner = european_project()
    app = application(project, founder)
    with django_capture_on_commit_callbacks(execute=True):
        services.national_label_evaluate(
            application=app, by=staff_fwb, scores=GOOD_SCORES, comment="Bravo", decision="award"
        )
    app.refresh_from_db()
    assert app.status == ApplicationStatus.AWARDED and app.total == 24
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [founder.email]
    assert "Label de qualité national" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({**GOOD_SCORES, "collaboration": 2}, "collaboration doit obtenir au moins 3"),
        ({**GOOD_SCORES, "technology": 1}, "technologie doit obtenir au moins 3"),
        (
            {"innovation": 3, "curriculum": 3, "collaboration": 3, "technology": 3, "results": 3},
            "au moins 18 points sur 30",
        ),
        ({**GOOD_SCORES, "results": None}, "de 0 à 6"),
    ],
)
def test_minimum_points_rules_block_the_award(staff_fwb, scores, message):
    project, founder, _partner = european_project()
    app = application(project, founder)
    with pytest.raises(ValidationError) as error:
        services.national_label_evaluate(
            application=app, by=staff_fwb, scores=scores, comment="", decision="award"
        )
    assert any(message in m for m in error.value.messages)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.SUBMITTED


def test_all_prerequisites_must_be_yes(staff_fwb):
    project, founder, _partner = european_project()
    app = application(project, founder, e_safety=False)
    assert "Toutes les conditions préalables doivent être remplies." in (
        permissions.national_label_rule_failures(app)
    )


def test_the_database_refuses_scores_above_6(staff_fwb):
    from django.db import IntegrityError, transaction

    project, founder, _partner = european_project()
    app = application(project, founder)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(app).objects.filter(pk=app.pk).update(score_results=7)


def test_staff_of_another_service_cannot_evaluate(staff_vl):
    project, founder, _partner = european_project()
    app = application(project, founder)
    with pytest.raises(PermissionDenied):
        services.national_label_evaluate(
            application=app, by=staff_vl, scores=GOOD_SCORES, comment="", decision="award"
        )


def test_admin_lists_only_the_service_applications(client, staff_fwb, staff_vl):
    project, founder, partner = european_project(other="be-vl")
    mine = application(project, founder)
    theirs = application(project, partner)
    client.force_login(staff_vl)
    listing = client.get("/fr/admin/labels/nationallabelapplication/")
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 1
    assert client.get(
        f"/fr/admin/labels/nationallabelapplication/{mine.pk}/change/"
    ).status_code in (302, 403)
    assert (
        client.get(f"/fr/admin/labels/nationallabelapplication/{theirs.pk}/change/").status_code
        == 200
    )


def test_admin_award_through_the_change_form(client, staff_fwb):
    project, founder, _partner = european_project()
    app = application(project, founder)
    client.force_login(staff_fwb)
    data = {f"score_{k}": v for k, v in GOOD_SCORES.items()} | {
        "comment": "Bien",
        "decision": "award",
    }
    response = client.post(f"/fr/admin/labels/nationallabelapplication/{app.pk}/change/", data)
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == ApplicationStatus.AWARDED


def test_certificate_is_for_the_teacher_and_staff_only(client, staff_fwb, staff_vl):
    project, founder, partner = european_project()
    app = application(project, founder, status=ApplicationStatus.AWARDED, scores=GOOD_SCORES)
    url = f"/fr/labels/certificate/{app.pk}/"
    client.force_login(founder)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert founder.last_name in text
    for other in (partner, staff_vl):
        client.force_login(other)
        assert client.get(url).status_code == 404  # not theirs: not even its existence
    client.force_login(staff_fwb)
    assert client.get(url).status_code == 200


def test_an_awarded_label_shows_on_the_public_page_and_in_the_gallery_filter(client):
    project, founder, _partner = european_project()
    application(project, founder, status=ApplicationStatus.AWARDED, scores=GOOD_SCORES)
    page = client.get(f"/fr/projects/{project.pk}/public/").content.decode()
    assert "Label de qualité national (Belgique" in page or "Label de qualité national (" in page
    gallery = client.get("/fr/projects/?label=national")
    assert [p.pk for p in gallery.context["gallery"].page.object_list] == [project.pk]


def test_the_decision_mail_is_in_the_teacher_language(
    staff_fwb, django_capture_on_commit_callbacks
):
    project, founder, _partner = european_project()
    founder.preferred_language = "nl"
    founder.save(update_fields=["preferred_language"])
    app = application(project, founder)
    with django_capture_on_commit_callbacks(execute=True):
        services.national_label_evaluate(
            application=app, by=staff_fwb, scores=GOOD_SCORES, comment="", decision="award"
        )
    assert mail.outbox[0].subject == "Uw project krijgt het nationaal kwaliteitslabel"
    assert "Gefeliciteerd" in mail.outbox[0].body


def test_a_refusal_needs_a_comment_and_is_mailed(staff_fwb, django_capture_on_commit_callbacks):
    project, founder, _partner = european_project()
    app = application(project, founder)
    with pytest.raises(ValidationError):
        services.national_label_evaluate(
            application=app, by=staff_fwb, scores={}, comment=" ", decision="refuse"
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.national_label_evaluate(
            application=app,
            by=staff_fwb,
            scores={},
            comment="Trop peu de traces.",
            decision="refuse",
        )
    app.refresh_from_db()
    assert app.status == ApplicationStatus.REFUSED
    assert "Trop peu de traces." in mail.outbox[0].body


def test_one_score_out_of_range_saves_none_of_the_evaluation(client, staff_fwb):
    """The evaluation form is saved whole or not at all, like every multi-value form:
    a valid score next to an invalid one is not saved either, and both are shown again
    as they were typed."""
    project, founder, _partner = european_project()
    app = application(project, founder)
    client.force_login(staff_fwb)
    data = {f"score_{k}": v for k, v in GOOD_SCORES.items()} | {
        "score_innovation": 2,
        "score_results": 7,
        "comment": "Presque",
        "decision": "",
    }
    response = client.post(f"/fr/admin/labels/nationallabelapplication/{app.pk}/change/", data)

    assert response.status_code == 200  # the form again, with its errors
    app.refresh_from_db()
    assert app.scores == [None] * 5 and app.comment == ""
    body = response.content.decode()
    assert 'name="score_innovation" value="2"' in body
    assert 'value="7"' in body and "Presque" in body
