"""Staff see and act only on their own service's trainings, registrations and
requests; attendance, selection and request answers from admin. (News and the
statistics: portal/tests/.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import SchoolFactory, service
from trainings.models import RegistrationStatus, RequestStatus, Training
from trainings.tests.factories import (
    RegistrationFactory,
    TrainingFactory,
    TrainingRequestFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_services():
    fwb = TrainingFactory(title="Formation FWB")
    vl = TrainingFactory(title="Opleiding VL", service=service("be-vl"))
    return fwb, vl


@pytest.mark.parametrize(
    ("model", "make"),
    [
        ("training", lambda svc: TrainingFactory(service=service(svc))),
        ("registration", lambda svc: RegistrationFactory(training__service=service(svc))),
        (
            "trainingrequest",
            lambda svc: TrainingRequestFactory(school=SchoolFactory(support_service=service(svc))),
        ),
    ],
)
def test_staff_see_only_their_services_rows(client, staff_fwb, model, make):
    own, other = make("be-fwb"), make("be-vl")
    client.force_login(staff_fwb)
    listing = client.get(reverse(f"admin:trainings_{model}_changelist"))
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 1
    assert list(listing.context["cl"].result_list) == [own]
    assert client.get(reverse(f"admin:trainings_{model}_change", args=[own.pk])).status_code == 200
    assert (
        client.get(reverse(f"admin:trainings_{model}_change", args=[other.pk])).status_code == 302
    )


def test_superusers_see_every_service(client, superuser, two_services):
    client.force_login(superuser)
    listing = client.get(reverse("admin:trainings_training_changelist"))
    assert listing.context["cl"].result_count == 2


def test_staff_create_a_training_for_their_service_in_four_languages(client, staff_fwb):
    from accounts.models import Language

    start = timezone.localtime() + timedelta(days=20)
    client.force_login(staff_fwb)
    response = client.post(
        reverse("admin:trainings_training_add"),
        {
            "service": staff_fwb.staff_service_id,
            "title_fr": "Robotique et eTwinning",
            "title_nl": "Robotica en eTwinning",
            "title_de": "Robotik und eTwinning",
            "title_en": "Robotics and eTwinning",
            "description_fr": "Des robots en classe.",
            "audience_fr": "Primaire",
            "place_fr": "Liège",
            "language": Language.objects.get(code="fr").pk,
            "format": "belgium",
            "starts_at_0": start.strftime("%d/%m/%Y"),
            "starts_at_1": "09:00:00",
            "ends_at_0": start.strftime("%d/%m/%Y"),
            "ends_at_1": "12:00:00",
            "capacity": 20,
            "registration_deadline_0": (start - timedelta(days=3)).strftime("%d/%m/%Y"),
            "registration_deadline_1": "23:59:00",
            "is_published": "on",
            "registrations-TOTAL_FORMS": 0,
            "registrations-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    training = Training.objects.get()
    assert training.service_id == staff_fwb.staff_service_id
    assert training.title_nl == "Robotica en eTwinning"


def test_staff_mark_attendance_from_the_list(client, staff_fwb):
    start = timezone.now() - timedelta(days=1)
    registration = RegistrationFactory(
        training=TrainingFactory(
            starts_at=start, ends_at=start, registration_deadline=start - timedelta(days=1)
        )
    )
    client.force_login(staff_fwb)
    client.post(
        reverse("admin:trainings_registration_changelist"),
        {"action": "mark_present", ACTION_CHECKBOX_NAME: [registration.pk]},
    )
    registration.refresh_from_db()
    assert registration.attended is True


def test_staff_cannot_act_on_another_services_registration(client, staff_vl):
    registration = RegistrationFactory(status=RegistrationStatus.CONFIRMED)
    client.force_login(staff_vl)
    client.post(
        reverse("admin:trainings_registration_changelist"),
        {"action": "cancel_registrations", ACTION_CHECKBOX_NAME: [registration.pk]},
    )
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_staff_propose_dates_through_the_intermediate_page(
    client, staff_fwb, fwb_school, django_capture_on_commit_callbacks
):
    request = TrainingRequestFactory(school=fwb_school)
    client.force_login(staff_fwb)
    url = reverse("admin:trainings_trainingrequest_changelist")
    page = client.post(url, {"action": "propose_dates", ACTION_CHECKBOX_NAME: [request.pk]})
    assert page.status_code == 200
    assert "proposed_dates" in page.context["form"].fields
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                "action": "propose_dates",
                ACTION_CHECKBOX_NAME: [request.pk],
                "apply_decision": "1",
                "proposed_dates": "Le 3 avril",
                "staff_message": "",
            },
        )
    request.refresh_from_db()
    assert request.status == RequestStatus.DATES_PROPOSED
    assert mail.outbox[0].to == [fwb_school.contact_email]
