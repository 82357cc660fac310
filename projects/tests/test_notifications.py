"""Invitations and approval decisions also land in the notification centre; each
e-mail goes only to readers whose preference for that kind is « immediately »."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from accounts.models import Language, Subject
from notifications import selectors
from notifications.models import Notification, Preference
from projects import services
from projects.tests.factories import make_contacts, teacher_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    founder = teacher_in("be-fwb", first_name="Claire", last_name="Dubois")
    cofounder = teacher_in("pt", first_name="Inês", last_name="Costa", preferred_language="en")
    make_contacts(founder, cofounder)
    return founder, cofounder


def found(founder, cofounder):
    return services.project_found(
        founder=founder,
        cofounder=cofounder,
        title="Défis mathématiques",
        summary="Un défi par mois.",
        subjects=Subject.objects.filter(code="mathematics"),
        languages=Language.objects.filter(code="en"),
        age_min=9,
        age_max=12,
        planned_start=datetime.date(2026, 9, 1),
        planned_end=datetime.date(2027, 6, 30),
    )


def test_the_cofounder_invitation_is_a_notification_with_a_link(
    pair, django_capture_on_commit_callbacks
):
    founder, cofounder = pair
    with django_capture_on_commit_callbacks(execute=True):
        found(founder, cofounder)
    notification = Notification.objects.get(recipient=cofounder)
    assert notification.kind == "projects.cofounder_invitation"
    assert selectors.target_path(notification, "en") == "/en/projects/mine/"
    assert "Claire Dubois" in selectors.message(notification)
    assert "Défis mathématiques" in selectors.message(notification)
    assert [m.to for m in mail.outbox] == [[cofounder.email]]


def test_each_founder_learns_the_decision_and_only_immediate_readers_are_mailed(
    pair, staff_fwb, django_capture_on_commit_callbacks
):
    founder, cofounder = pair
    project = services.project_cofounder_accept(project=found(founder, cofounder), by=cofounder)
    Preference.objects.create(user=cofounder, kind="projects.approved", delivery="weekly")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.project_approve(
            approval=project.approvals.get(service__code="be-fwb"), by=staff_fwb
        )
    decided = Notification.objects.filter(kind="projects.approved")
    assert sorted(decided.values_list("recipient_id", "delivery")) == sorted(
        [(founder.pk, "immediate"), (cofounder.pk, "weekly")]
    )
    assert [m.to for m in mail.outbox] == [[founder.email]]
    path = selectors.target_path(decided.first(), "fr")
    assert path == f"/fr/projects/{project.pk}/"
