"""Staff admin: scoped to the service's projects; approve/reject for one's own
service; history and filters."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.models import Approval, ApprovalState, ProjectState
from projects.tests.factories import ProjectFactory, member, teacher_in

pytestmark = pytest.mark.django_db


def awaiting_project(a="be-fwb", b="pt", title="Défis"):
    founder, cofounder = teacher_in(a), teacher_in(b)
    project = ProjectFactory(title=title, state=ProjectState.AWAITING_APPROVAL, activated_at=None)
    member(project, founder, role="founder")
    member(project, cofounder, role="founder")
    for code in {founder.school.support_service_id, cofounder.school.support_service_id}:
        Approval.objects.create(project=project, service_id=code)
    return project


def test_staff_see_only_projects_involving_their_service(client, staff_fwb, staff_vl):
    ours = awaiting_project(title="Projet wallon")
    theirs = awaiting_project("be-vl", "dk", title="Vlaams project")
    client.force_login(staff_fwb)

    html = client.get(reverse("admin:projects_project_changelist")).content.decode()

    assert "Projet wallon" in html and "Vlaams project" not in html
    url = reverse("admin:projects_project_change", args=(theirs.pk,))
    assert client.get(url).status_code in (302, 403, 404)
    ours_url = reverse("admin:projects_project_change", args=(ours.pk,))
    assert client.get(ours_url).status_code == 200


def test_approve_action_decides_for_the_staff_members_service_only(client, staff_fwb):
    project = awaiting_project()
    client.force_login(staff_fwb)

    client.post(
        reverse("admin:projects_project_changelist"),
        {"action": "approve_selected", "_selected_action": [project.pk]},
    )

    states = dict(project.approvals.values_list("service__code", "state"))
    assert states == {"be-fwb": ApprovalState.APPROVED, "pt": ApprovalState.PENDING}
    project.refresh_from_db()
    assert project.state == ProjectState.AWAITING_APPROVAL


def test_reject_action_asks_for_a_reason_then_closes_the_project(client, staff_fwb):
    project = awaiting_project()
    client.force_login(staff_fwb)
    url = reverse("admin:projects_project_changelist")

    first = client.post(url, {"action": "reject_selected", "_selected_action": [project.pk]})
    assert first.status_code == 200 and 'name="reason"' in first.content.decode()
    client.post(
        url,
        {"action": "reject_selected", "_selected_action": [project.pk], "reason": "Hors cadre."},
    )

    project.refresh_from_db()
    assert project.state == ProjectState.REJECTED
    assert project.approvals.get(service__code="be-fwb").reason == "Hors cadre."


def test_change_page_shows_history_and_filters_work(client, superuser):
    project = awaiting_project(title="Avec historique")
    project.history.create(from_state="draft", to_state="awaiting_partner", note="Invitation")
    client.force_login(superuser)

    page = client.get(reverse("admin:projects_project_change", args=(project.pk,)))
    assert "Invitation" in page.content.decode()
    listing = client.get(
        reverse("admin:projects_project_changelist"),
        # The filter's years are Brussels years (TIME_ZONE), not UTC ones.
        {"state": "awaiting_approval", "year": str(timezone.localtime(project.created_at).year)},
    )
    assert "Avec historique" in listing.content.decode()


def test_staff_edit_the_eplus_rule_in_admin(client, superuser):
    from projects.models import ProjectSettings

    client.force_login(superuser)
    ProjectSettings.load()
    client.post(
        reverse("admin:projects_projectsettings_change", args=(1,)), {"plus_requires_core": ""}
    )

    assert ProjectSettings.load().plus_requires_core is False
