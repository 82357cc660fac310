"""Who may do what on each view of the trainings app: a matrix of roles × views."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from trainings.models import Registration
from trainings.tests.factories import RegistrationFactory, TrainingFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "pending_teacher", "teacher", "staff_fwb"]


# Who plays each role: the shared world's people (conftest.py).
PLAYED_BY = {
    "anonymous": "anonymous",
    "pending_teacher": "pending",
    "teacher": "teacher",
    "staff_fwb": "staff_fwb",
}


@pytest.mark.parametrize(
    ("role", "registered"),
    [("anonymous", False), ("pending_teacher", False), ("teacher", True), ("staff_fwb", False)],
)
def test_only_validated_teachers_register(log_in_as, role, registered):
    training = TrainingFactory()
    log_in_as(PLAYED_BY[role]).post(reverse("trainings:register", args=[training.pk]))
    assert Registration.objects.filter(training=training).exists() is registered


@pytest.mark.parametrize(
    ("role", "applied"),
    [("anonymous", False), ("pending_teacher", False), ("teacher", True), ("staff_fwb", False)],
)
def test_only_validated_teachers_apply_abroad(log_in_as, role, applied):
    training = TrainingFactory(format="abroad", place="Lisbonne")
    log_in_as(PLAYED_BY[role]).post(
        reverse("trainings:apply", args=[training.pk]),
        {"motivation": "Je coordonne un projet eTwinning avec trois écoles européennes."},
    )
    assert Registration.objects.filter(training=training).exists() is applied


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("pending_teacher", 302), ("teacher", 200), ("staff_fwb", 302)],
)
def test_only_validated_teachers_open_the_request_form(log_in_as, role, status):
    response = log_in_as(PLAYED_BY[role]).get(reverse("trainings:request"))
    assert response.status_code == status


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("teacher", 200)])
def test_my_trainings_needs_a_login(log_in_as, role, status):
    assert log_in_as(PLAYED_BY[role]).get(reverse("trainings:mine")).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("pending_teacher", 404), ("teacher", 200), ("staff_fwb", 404)],
)
def test_only_the_attendee_downloads_the_certificate(log_in_as, world, role, status):
    start = timezone.now() - timedelta(days=2)
    registration = RegistrationFactory(
        teacher=world.users["teacher"],
        attended=True,
        training=TrainingFactory(
            starts_at=start, ends_at=start, registration_deadline=start - timedelta(days=1)
        ),
    )
    url = reverse("trainings:certificate", args=[registration.pk])
    assert log_in_as(PLAYED_BY[role]).get(url).status_code == status


@pytest.mark.parametrize("role", ROLES)
def test_the_list_is_public(log_in_as, role):
    assert log_in_as(PLAYED_BY[role]).get(reverse("trainings:list")).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_trainings_are_hidden_from_everybody(log_in_as, role):
    training = TrainingFactory(is_published=False)
    assert (
        log_in_as(PLAYED_BY[role]).get(reverse("trainings:detail", args=[training.pk])).status_code
        == 404
    )


def test_get_on_register_is_refused(client, teacher):
    client.force_login(teacher)
    training = TrainingFactory()
    assert client.get(reverse("trainings:register", args=[training.pk])).status_code == 405
