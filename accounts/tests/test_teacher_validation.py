import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import services
from accounts.models import TeacherStatus
from accounts.tests.factories import SchoolFactory, TeacherFactory, service


@pytest.fixture
def pending_nl_teacher(db):
    school = SchoolFactory(support_service=service("be-fwb"))
    return TeacherFactory(school=school, status=TeacherStatus.PENDING, preferred_language="nl")


def test_staff_of_the_teachers_service_validate_and_the_teacher_is_emailed_in_their_language(
    pending_nl_teacher, staff_fwb, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.teacher_validate(teacher=pending_nl_teacher, by=staff_fwb)
    pending_nl_teacher.refresh_from_db()
    assert pending_nl_teacher.status == TeacherStatus.VALIDATED
    assert pending_nl_teacher.decided_by == staff_fwb
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [pending_nl_teacher.email]
    assert message.subject == "Uw eTwinning-registratie is gevalideerd"
    assert "/nl/dashboard/" in message.body


def test_staff_of_another_service_cannot_validate(pending_nl_teacher, staff_vl, staff_dg):
    for outsider in (staff_vl, staff_dg):
        with pytest.raises(PermissionDenied):
            services.teacher_validate(teacher=pending_nl_teacher, by=outsider)
    pending_nl_teacher.refresh_from_db()
    assert pending_nl_teacher.status == TeacherStatus.PENDING
    assert mail.outbox == []


def test_a_teacher_cannot_validate_anybody(pending_nl_teacher, teacher):
    with pytest.raises(PermissionDenied):
        services.teacher_validate(teacher=pending_nl_teacher, by=teacher)


def test_a_superuser_validates_for_any_service(db, superuser):
    spanish = TeacherFactory(
        school=SchoolFactory(support_service=service("es")), status=TeacherStatus.PENDING
    )
    services.teacher_validate(teacher=spanish, by=superuser)
    spanish.refresh_from_db()
    assert spanish.status == TeacherStatus.VALIDATED


def test_rejection_needs_a_reason_and_sends_it(
    pending_nl_teacher, staff_fwb, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        services.teacher_reject(teacher=pending_nl_teacher, by=staff_fwb, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.teacher_reject(
            teacher=pending_nl_teacher, by=staff_fwb, reason="Attestation illisible"
        )
    pending_nl_teacher.refresh_from_db()
    assert pending_nl_teacher.status == TeacherStatus.REJECTED
    assert "Attestation illisible" in mail.outbox[0].body
    assert mail.outbox[0].subject == "Uw eTwinning-registratie werd niet gevalideerd"


def test_a_new_profile_cannot_be_validated_before_it_is_completed(db, staff_fwb, fwb_school):
    newcomer = TeacherFactory(school=fwb_school, status=TeacherStatus.NEW)
    with pytest.raises(ValidationError):
        services.teacher_validate(teacher=newcomer, by=staff_fwb)


def test_moving_to_a_school_of_another_service_asks_for_validation_again(teacher):
    flemish_school = SchoolFactory(support_service=service("be-vl"))
    services.teacher_profile_update(
        teacher=teacher,
        first_name=teacher.first_name,
        last_name=teacher.last_name,
        role="teacher",
        school=flemish_school,
        age_min=9,
        age_max=11,
        preferred_language="fr",
        bulletin_subscribed=True,
    )
    teacher.refresh_from_db()
    assert teacher.status == TeacherStatus.PENDING
    assert teacher.support_service.code == "be-vl"


def test_changing_school_within_the_same_service_keeps_the_validation(teacher):
    other = SchoolFactory(support_service=service("be-fwb"))
    services.teacher_profile_update(
        teacher=teacher,
        first_name="Claire",
        last_name="Dubois",
        role="ict",
        school=other,
        age_min=6,
        age_max=12,
        preferred_language="fr",
        bulletin_subscribed=False,
    )
    teacher.refresh_from_db()
    assert teacher.status == TeacherStatus.VALIDATED
    assert (teacher.role, teacher.school, teacher.bulletin_subscribed) == ("ict", other, False)
