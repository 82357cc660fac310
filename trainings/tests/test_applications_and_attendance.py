"""Trainings abroad (motivated applications selected by staff), attendance and
participation certificates."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.tests.factories import TeacherFactory
from trainings import services
from trainings.models import RegistrationStatus, TrainingFormat
from trainings.tests.factories import RegistrationFactory, TrainingFactory

pytestmark = pytest.mark.django_db

MOTIVATION = (
    "Je mène depuis deux ans un projet eTwinning sur l'Art nouveau et je cherche de "
    "nouveaux partenaires pour mes élèves de 14 ans."
)


def abroad(**kwargs):
    return TrainingFactory(format=TrainingFormat.ABROAD, place="Lisbonne", **kwargs)


def past(**kwargs):
    start = timezone.now() - timedelta(days=3)
    return TrainingFactory(
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        registration_deadline=start - timedelta(days=1),
        **kwargs,
    )


def test_a_teacher_applies_for_a_training_abroad_with_a_motivation(teacher):
    registration = services.application_create(
        training=abroad(), teacher=teacher, motivation=MOTIVATION
    )
    assert registration.status == RegistrationStatus.APPLIED
    assert registration.motivation == MOTIVATION


def test_an_application_needs_a_real_motivation(teacher):
    with pytest.raises(ValidationError) as exc:
        services.application_create(training=abroad(), teacher=teacher, motivation="Oui.")
    assert "motivation" in exc.value.message_dict


def test_staff_select_an_application_and_the_teacher_is_emailed(
    teacher, staff_fwb, django_capture_on_commit_callbacks
):
    registration = services.application_create(
        training=abroad(), teacher=teacher, motivation=MOTIVATION
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.application_select(registration=registration, by=staff_fwb)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.decided_by == staff_fwb
    assert mail.outbox[-1].to == [teacher.email]
    assert "retenue" in mail.outbox[-1].subject


def test_selection_stops_at_capacity(staff_fwb):
    training = abroad(capacity=1)
    first, second = (
        services.application_create(
            training=training, teacher=TeacherFactory(), motivation=MOTIVATION
        )
        for _ in range(2)
    )
    services.application_select(registration=first, by=staff_fwb)
    with pytest.raises(ValidationError, match="places"):
        services.application_select(registration=second, by=staff_fwb)


def test_staff_decline_an_application(teacher, staff_fwb, django_capture_on_commit_callbacks):
    registration = services.application_create(
        training=abroad(), teacher=teacher, motivation=MOTIVATION
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decline(registration=registration, by=staff_fwb)
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.NOT_SELECTED
    assert mail.outbox[-1].to == [teacher.email]


def test_staff_of_another_service_cannot_select(teacher, staff_vl):
    registration = services.application_create(
        training=abroad(), teacher=teacher, motivation=MOTIVATION
    )
    with pytest.raises(PermissionDenied):
        services.application_select(registration=registration, by=staff_vl)


def test_staff_mark_attendance_after_the_training_started(staff_fwb):
    registration = RegistrationFactory(training=past())
    services.registration_mark_attendance(registration=registration, attended=True, by=staff_fwb)
    registration.refresh_from_db()
    assert registration.attended is True


def test_attendance_cannot_be_marked_before_the_training(staff_fwb):
    registration = RegistrationFactory(training=TrainingFactory())
    with pytest.raises(ValidationError, match="pas encore commencé"):
        services.registration_mark_attendance(
            registration=registration, attended=True, by=staff_fwb
        )


def test_attendance_is_only_for_confirmed_teachers(staff_fwb):
    registration = RegistrationFactory(training=past(), status=RegistrationStatus.WAITLISTED)
    with pytest.raises(ValidationError):
        services.registration_mark_attendance(
            registration=registration, attended=True, by=staff_fwb
        )


def test_a_roll_call_records_every_attendance_or_none(staff_fwb):
    training = past()
    present = [RegistrationFactory(training=training) for _ in range(2)]
    waitlisted = RegistrationFactory(training=training, status=RegistrationStatus.WAITLISTED)
    with pytest.raises(ValidationError) as error:
        services.registrations_mark_attendance(
            registrations=[*present, waitlisted], attended=True, by=staff_fwb
        )
    assert len(error.value.messages) == 1 and str(waitlisted) in error.value.messages[0]
    for registration in [*present, waitlisted]:
        registration.refresh_from_db()
        assert registration.attended is None
    assert (
        services.registrations_mark_attendance(registrations=present, attended=True, by=staff_fwb)
        == 2
    )
    assert [
        r.attended for r in type(present[0]).objects.filter(pk__in=[r.pk for r in present])
    ] == [True, True]


def test_the_admin_roll_call_saves_nothing_when_one_row_is_refused(client, staff_fwb):
    from django.contrib.admin import helpers

    training = past()
    confirmed = RegistrationFactory(training=training)
    waitlisted = RegistrationFactory(training=training, status=RegistrationStatus.WAITLISTED)
    client.force_login(staff_fwb)
    response = client.post(
        reverse("admin:trainings_registration_changelist"),
        {"action": "mark_present", helpers.ACTION_CHECKBOX_NAME: [confirmed.pk, waitlisted.pk]},
        follow=True,
    )
    confirmed.refresh_from_db()
    assert confirmed.attended is None
    body = response.content.decode()
    assert (
        "Aucune présence n&#x27;est enregistrée" in body
        or "Aucune présence n'est enregistrée" in body
    )
    assert str(waitlisted) in body


def test_an_attendee_downloads_a_pdf_certificate(client, teacher):
    teacher.last_name = "Martin"
    teacher.save()
    registration = RegistrationFactory(
        training=past(title="Le TwinSpace"), teacher=teacher, attended=True
    )
    client.force_login(teacher)
    response = client.get(reverse("trainings:certificate", args=[registration.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # The teacher's name, the training and the support service are printed on it.
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Claire Martin" in text
    assert "Le TwinSpace" in text
    assert "Bureau d'Assistance eTwinning" in text


def test_no_certificate_for_an_absent_teacher(client, teacher):
    registration = RegistrationFactory(training=past(), teacher=teacher, attended=False)
    client.force_login(teacher)
    assert client.get(reverse("trainings:certificate", args=[registration.pk])).status_code == 404


def test_no_certificate_before_attendance_is_recorded(client, teacher):
    registration = RegistrationFactory(training=past(), teacher=teacher)
    client.force_login(teacher)
    assert client.get(reverse("trainings:certificate", args=[registration.pk])).status_code == 404


def test_nobody_downloads_another_teachers_certificate(client, teacher):
    registration = RegistrationFactory(training=past(), attended=True)
    client.force_login(teacher)
    assert client.get(reverse("trainings:certificate", args=[registration.pk])).status_code == 404
