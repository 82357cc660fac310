"""A school asks for a training; staff accept, propose dates or decline; the
school is e-mailed."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.tests.factories import SchoolFactory
from trainings import services
from trainings.models import RequestStatus, TrainingRequest
from trainings.tests.factories import TrainingRequestFactory

pytestmark = pytest.mark.django_db


def test_a_teacher_asks_a_training_for_their_school(client, teacher, fwb_school):
    client.force_login(teacher)
    response = client.post(
        reverse("trainings:request"),
        {
            "school": fwb_school.pk,
            "topic": "Le TwinSpace en classe",
            "audience": "Équipe du primaire",
            "participants": 15,
            "preferred_dates": "Mercredis de mars",
        },
    )
    assert response.status_code == 302
    request = TrainingRequest.objects.get()
    assert (request.school, request.requested_by, request.status) == (
        fwb_school,
        teacher,
        RequestStatus.PENDING,
    )


def test_the_form_keeps_what_was_typed_on_error(client, teacher, fwb_school):
    client.force_login(teacher)
    response = client.post(
        reverse("trainings:request"),
        {"school": fwb_school.pk, "topic": "Robotique", "participants": 0},
    )
    assert response.status_code == 200
    assert b"Robotique" in response.content
    assert not TrainingRequest.objects.exists()


def test_a_teacher_cannot_ask_for_another_school(teacher):
    with pytest.raises(PermissionDenied):
        services.training_request_create(
            teacher=teacher,
            school=SchoolFactory(),
            topic="x",
            audience="y",
            participants=3,
            preferred_dates="z",
        )


def test_accepting_emails_the_school(staff_fwb, fwb_school, django_capture_on_commit_callbacks):
    request = TrainingRequestFactory(school=fwb_school)
    with django_capture_on_commit_callbacks(execute=True):
        services.training_request_accept(request=request, by=staff_fwb, staff_message="À bientôt")
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert request.decided_by == staff_fwb
    assert [m.to for m in mail.outbox] == [[fwb_school.contact_email]]
    assert "acceptée" in mail.outbox[0].subject
    assert "À bientôt" in mail.outbox[0].body


def test_proposing_dates_sends_them_to_the_school(
    staff_fwb, fwb_school, django_capture_on_commit_callbacks
):
    request = TrainingRequestFactory(school=fwb_school)
    with django_capture_on_commit_callbacks(execute=True):
        services.training_request_propose_dates(
            request=request, by=staff_fwb, proposed_dates="12 ou 19 mars, 13 h"
        )
    request.refresh_from_db()
    assert request.status == RequestStatus.DATES_PROPOSED
    assert "12 ou 19 mars, 13 h" in mail.outbox[0].body


def test_proposing_needs_dates(staff_fwb, fwb_school):
    request = TrainingRequestFactory(school=fwb_school)
    with pytest.raises(ValidationError):
        services.training_request_propose_dates(request=request, by=staff_fwb, proposed_dates=" ")
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_declining_needs_a_message_and_emails_it(
    staff_fwb, fwb_school, django_capture_on_commit_callbacks
):
    request = TrainingRequestFactory(school=fwb_school)
    with pytest.raises(ValidationError):
        services.training_request_decline(request=request, by=staff_fwb, staff_message="")
    with django_capture_on_commit_callbacks(execute=True):
        services.training_request_decline(
            request=request, by=staff_fwb, staff_message="Plus de formateur disponible ce mois-ci."
        )
    assert "Plus de formateur disponible" in mail.outbox[0].body


def test_a_final_answer_cannot_be_changed(staff_fwb, fwb_school):
    request = TrainingRequestFactory(school=fwb_school)
    services.training_request_accept(request=request, by=staff_fwb)
    with pytest.raises(ValidationError):
        services.training_request_decline(request=request, by=staff_fwb, staff_message="Non")


def test_staff_of_another_service_cannot_answer(staff_vl, fwb_school):
    with pytest.raises(PermissionDenied):
        services.training_request_accept(
            request=TrainingRequestFactory(school=fwb_school), by=staff_vl
        )
