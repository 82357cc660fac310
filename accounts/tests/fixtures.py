"""pytest fixtures for people and places, shared by every app's tests."""

import pytest

from accounts.tests.factories import (
    SchoolFactory,
    StaffFactory,
    SuperuserFactory,
    TeacherFactory,
    service,
)


@pytest.fixture
def fwb_school(db):
    return SchoolFactory(name="Athénée royal de Liège", support_service=service("be-fwb"))


@pytest.fixture
def teacher(db, fwb_school):
    return TeacherFactory(school=fwb_school, email="claire@example.org", first_name="Claire")


@pytest.fixture
def pending_teacher(db, fwb_school):
    return TeacherFactory(school=fwb_school, status="pending", email="pending@example.org")


@pytest.fixture
def staff_fwb(db):
    return StaffFactory(staff_service=service("be-fwb"), email="staff-fwb@example.org")


@pytest.fixture
def staff_vl(db):
    return StaffFactory(staff_service=service("be-vl"), email="staff-vl@example.org")


@pytest.fixture
def staff_dg(db):
    return StaffFactory(staff_service=service("be-dg"), email="staff-dg@example.org")


@pytest.fixture
def superuser(db):
    return SuperuserFactory(email="root@example.org")


@pytest.fixture
def reference_data(transactional_db):
    """Reference rows for a transactional test. They are restored (same primary
    keys) after every transactional test by conftest.py; this fixture only makes the
    dependency explicit and checks it."""
    from accounts.models import Country

    assert Country.objects.exists(), "reference rows missing"
