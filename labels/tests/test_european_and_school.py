"""European label derivation across two services, and School label prerequisites."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import School
from labels import selectors, services
from labels.models import ApplicationStatus, EuropeanLabel
from labels.tests.factories import GOOD_SCORES, application, european_project, open_round
from projects.tests.factories import member, teacher_in

pytestmark = pytest.mark.django_db
HIGH = {"innovation": 5, "curriculum": 5, "collaboration": 5, "technology": 5, "results": 5}


def test_labels_in_two_countries_make_a_project_eligible_and_nominable(staff_fwb, superuser):
    open_round()
    project, founder, partner = european_project(other="fr")
    application(project, founder, status=ApplicationStatus.AWARDED, scores=HIGH)
    assert not selectors.european_eligible_projects().filter(pk=project.pk).exists()
    application(project, partner, status=ApplicationStatus.AWARDED, scores=HIGH)
    assert selectors.european_eligible_projects().filter(pk=project.pk).exists()
    nomination = services.european_nominate(
        project=project, service_id=staff_fwb.staff_service_id, by=staff_fwb
    )
    assert nomination.average_score == 25
    services.european_award(project=project, by=superuser)
    assert EuropeanLabel.objects.filter(project=project).count() == 1


def test_two_belgian_services_are_one_country():
    open_round()
    project, founder, partner = european_project(other="be-vl")
    application(project, founder, status=ApplicationStatus.AWARDED, scores=HIGH)
    application(project, partner, status=ApplicationStatus.AWARDED, scores=HIGH)
    assert not selectors.european_eligible_projects().exists()


def test_nomination_needs_an_average_above_the_threshold(staff_fwb):
    open_round()
    project, founder, partner = european_project()
    application(project, founder, status=ApplicationStatus.AWARDED, scores=GOOD_SCORES)  # 24
    application(
        project,
        partner,
        status=ApplicationStatus.AWARDED,
        scores={**GOOD_SCORES, "results": 0, "innovation": 2},
    )  # 17 → avg 20.5
    services.european_nominate(project=project, service_id=staff_fwb.staff_service_id, by=staff_fwb)
    open_round(european_threshold=21)
    with pytest.raises(ValidationError):
        services.european_nominate(
            project=project, service_id=staff_fwb.staff_service_id, by=staff_fwb
        )


def test_other_services_and_non_superusers_cannot_nominate_or_award(staff_vl, staff_fwb):
    open_round()
    project, founder, partner = european_project()
    application(project, founder, status=ApplicationStatus.AWARDED, scores=HIGH)
    application(project, partner, status=ApplicationStatus.AWARDED, scores=HIGH)
    with pytest.raises(PermissionDenied):
        services.european_nominate(
            project=project, service_id=staff_fwb.staff_service_id, by=staff_vl
        )
    with pytest.raises(ValidationError):  # no FWB... label from VL service
        services.european_nominate(
            project=project, service_id=staff_vl.staff_service_id, by=staff_vl
        )
    with pytest.raises(PermissionDenied):
        services.european_award(project=project, by=staff_fwb)


def _school_with(teachers: int, *, age_days: int, labelled: bool):
    first = teacher_in("be-fwb")
    school = first.school
    for _ in range(teachers - 1):
        teacher_in("be-fwb", school=school)
    School.objects.filter(pk=school.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=age_days)
    )
    if labelled:
        project, founder, _partner = european_project(fwb_teacher=first)
        application(project, founder, status=ApplicationStatus.AWARDED, scores=HIGH)
    return school


@pytest.mark.parametrize(
    ("teachers", "age_days", "labelled", "eligible"),
    [
        (3, 800, True, True),
        (2, 800, True, False),
        (3, 500, True, False),
        (3, 800, False, False),
    ],
)
def test_school_label_prerequisites(teachers, age_days, labelled, eligible):
    school = _school_with(teachers, age_days=age_days, labelled=labelled)
    assert selectors.school_label_candidates().filter(pk=school.pk).exists() is eligible


def test_an_old_label_does_not_count():
    school = _school_with(3, age_days=1000, labelled=True)
    from labels.models import NationalLabelApplication

    NationalLabelApplication.objects.update(
        decided_at=timezone.now() - datetime.timedelta(days=800)
    )
    assert not selectors.school_label_candidates().filter(pk=school.pk).exists()


def test_school_label_applied_awarded_and_shown_for_two_years(client, staff_fwb):
    open_round()
    school = _school_with(3, age_days=800, labelled=True)
    teacher = school.teachers.first()
    app = services.school_label_apply(teacher=teacher, head_name="M. Dupont", head_declaration=True)
    services.school_label_decide(application=app, by=staff_fwb, award=True)
    app.refresh_from_db()
    assert (app.valid_until - timezone.localdate()).days in (730, 731)
    page = client.get(f"/fr/labels/schools/{school.pk}/").content.decode()
    assert "École eTwinning" in page


def test_school_candidates_query_count(django_assert_num_queries):
    for _ in range(3):
        _school_with(3, age_days=800, labelled=True)
    with django_assert_num_queries(1):
        assert len(list(selectors.school_label_candidates())) == 3


def test_member_helper_is_available():
    assert callable(member)
