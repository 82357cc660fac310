"""Each staff kind × each object kind: visible or not, changeable or not."""

import pytest
from django.urls import reverse

from accounts.models import TeacherStatus
from accounts.tests.factories import SchoolFactory, TeacherFactory, service

SERVICES = ["be-fwb", "be-vl", "es"]


@pytest.fixture
def world(db):
    """A school and a pending teacher for the FWB, Flemish and Spanish services."""
    rows = {}
    for code in SERVICES:
        school = SchoolFactory(support_service=service(code), name=f"School {code}")
        rows[code] = {
            "school": school,
            "teacher": TeacherFactory(
                school=school, status=TeacherStatus.PENDING, email=f"t-{code}@example.org"
            ),
        }
    return rows


STAFF = {"staff_fwb": "be-fwb", "staff_vl": "be-vl", "staff_dg": "be-dg", "superuser": None}


@pytest.mark.parametrize("who", list(STAFF))
@pytest.mark.parametrize("kind", ["school", "teacher"])
@pytest.mark.parametrize("owner", SERVICES)
def test_admin_scoping_matrix(request, client, world, who, kind, owner):
    staff = request.getfixturevalue(who)
    client.force_login(staff)
    obj = world[owner][kind]
    model = "school" if kind == "school" else "user"
    expected_visible = STAFF[who] is None or STAFF[who] == owner

    changelist = client.get(reverse(f"admin:accounts_{model}_changelist"))
    assert changelist.status_code == 200
    listed = obj.pk in [row.pk for row in changelist.context["cl"].result_list]
    assert listed is expected_visible

    change = client.get(reverse(f"admin:accounts_{model}_change", args=[obj.pk]))
    assert (change.status_code == 200) is expected_visible
    if not expected_visible:
        assert change.status_code == 302  # admin redirects to the index: "does not exist"

    search = client.get(reverse(f"admin:accounts_{model}_changelist"), {"q": str(obj).split()[0]})
    assert (obj.pk in [row.pk for row in search.context["cl"].result_list]) is expected_visible


@pytest.mark.parametrize("who", ["staff_vl", "staff_dg"])
def test_a_bulk_action_cannot_reach_another_services_teacher(request, client, world, who):
    staff = request.getfixturevalue(who)
    client.force_login(staff)
    target = world["be-fwb"]["teacher"]
    client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "validate_selected", "_selected_action": [target.pk], "index": 0},
    )
    target.refresh_from_db()
    assert target.status == TeacherStatus.PENDING


def test_fwb_staff_validate_their_teachers_in_bulk(client, world, staff_fwb):
    client.force_login(staff_fwb)
    mine = world["be-fwb"]["teacher"]
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "validate_selected", "_selected_action": [mine.pk], "index": 0},
        follow=True,
    )
    assert response.status_code == 200
    mine.refresh_from_db()
    assert mine.status == TeacherStatus.VALIDATED


def test_bulk_rejection_asks_for_a_reason_then_rejects(client, world, staff_fwb):
    client.force_login(staff_fwb)
    school = world["be-fwb"]["school"]
    school.status = "pending"
    school.save()
    ask = client.post(
        reverse("admin:accounts_school_changelist"),
        {"action": "reject_selected", "_selected_action": [school.pk], "index": 0},
    )
    assert ask.status_code == 200
    assert "reason" in ask.content.decode()
    client.post(
        reverse("admin:accounts_school_changelist"),
        {"action": "reject_selected", "_selected_action": [school.pk], "reason": "Doublon"},
    )
    school.refresh_from_db()
    assert (school.status, school.rejection_reason) == ("rejected", "Doublon")


def test_staff_never_see_staff_accounts(client, world, staff_fwb, staff_vl):
    client.force_login(staff_fwb)
    response = client.get(reverse("admin:accounts_user_changelist"))
    listed = {row.pk for row in response.context["cl"].result_list}
    assert staff_vl.pk not in listed and staff_fwb.pk not in listed


def test_a_teacher_cannot_enter_admin(client, teacher):
    client.force_login(teacher)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_proof_of_employment_is_served_to_the_owner_and_own_staff_only(
    client, world, staff_fwb, staff_vl
):
    teacher = world["be-fwb"]["teacher"]
    url = reverse("accounts:proof", args=[teacher.pk])
    client.force_login(staff_vl)
    assert client.get(url).status_code == 404
    client.force_login(world["be-vl"]["teacher"])
    assert client.get(url).status_code == 404
    client.force_login(staff_fwb)
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    client.force_login(teacher)
    assert client.get(url).status_code == 200
