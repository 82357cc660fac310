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


@pytest.fixture
def as_role(client, request):
    def log_in(role: str):
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return log_in


@pytest.mark.parametrize(
    ("role", "registered"),
    [("anonymous", False), ("pending_teacher", False), ("teacher", True), ("staff_fwb", False)],
)
def test_only_validated_teachers_register(as_role, role, registered):
    training = TrainingFactory()
    as_role(role).post(reverse("trainings:register", args=[training.pk]))
    assert Registration.objects.filter(training=training).exists() is registered


@pytest.mark.parametrize(
    ("role", "applied"),
    [("anonymous", False), ("pending_teacher", False), ("teacher", True), ("staff_fwb", False)],
)
def test_only_validated_teachers_apply_abroad(as_role, role, applied):
    training = TrainingFactory(format="abroad", place="Lisbonne")
    as_role(role).post(
        reverse("trainings:apply", args=[training.pk]),
        {"motivation": "Je coordonne un projet eTwinning avec trois écoles européennes."},
    )
    assert Registration.objects.filter(training=training).exists() is applied


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("pending_teacher", 302), ("teacher", 200), ("staff_fwb", 302)],
)
def test_only_validated_teachers_open_the_request_form(as_role, role, status):
    response = as_role(role).get(reverse("trainings:request"))
    assert response.status_code == status


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("teacher", 200)])
def test_my_trainings_needs_a_login(as_role, role, status):
    assert as_role(role).get(reverse("trainings:mine")).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 302), ("pending_teacher", 404), ("teacher", 200), ("staff_fwb", 404)],
)
def test_only_the_attendee_downloads_the_certificate(as_role, teacher, role, status):
    start = timezone.now() - timedelta(days=2)
    registration = RegistrationFactory(
        teacher=teacher,
        attended=True,
        training=TrainingFactory(
            starts_at=start, ends_at=start, registration_deadline=start - timedelta(days=1)
        ),
    )
    url = reverse("trainings:certificate", args=[registration.pk])
    assert as_role(role).get(url).status_code == status


@pytest.mark.parametrize("role", ROLES)
def test_the_list_is_public(as_role, role):
    assert as_role(role).get(reverse("trainings:list")).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_trainings_are_hidden_from_everybody(as_role, role):
    training = TrainingFactory(is_published=False)
    assert as_role(role).get(reverse("trainings:detail", args=[training.pk])).status_code == 404


def test_get_on_register_is_refused(client, teacher):
    client.force_login(teacher)
    training = TrainingFactory()
    assert client.get(reverse("trainings:register", args=[training.pk])).status_code == 405
