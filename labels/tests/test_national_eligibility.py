"""Who may apply for the National Quality Label, with the specific reason."""

import datetime

import pytest
from django.utils import timezone

from labels import permissions
from labels.models import NationalLabelApplication
from labels.tests.factories import application, european_project, open_round, teacher_in
from projects.models import Approval, ApprovalState, ProjectState
from projects.tests.factories import active_project

pytestmark = pytest.mark.django_db


def _reasons(teacher, project):
    return permissions.national_label_ineligibility(teacher=teacher, project=project)


def test_a_member_of_a_finished_european_project_may_apply_in_an_open_window():
    open_round()
    project, founder, partner = european_project()
    assert _reasons(founder, project) == []
    assert _reasons(partner, project) == []


def test_a_national_project_is_refused_with_its_reason():
    open_round()
    a, b = teacher_in("be-fwb"), teacher_in("be-vl")  # both in Belgium
    project = active_project(a, b, state=ProjectState.FINISHED)
    reasons = _reasons(a, project)
    assert len(reasons) == 1
    assert "Projet national" in reasons[0]


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ({"opens_at_days": 1, "closes_at_days": 10}, "ne sont pas ouvertes"),
        ({"opens_at_days": -20, "closes_at_days": -1}, "ne sont pas ouvertes"),
    ],
)
def test_a_closed_window_is_refused(window, expected):
    now = timezone.now()
    open_round(
        opens_at=now + datetime.timedelta(days=window["opens_at_days"]),
        closes_at=now + datetime.timedelta(days=window["closes_at_days"]),
    )
    project, founder, _partner = european_project()
    assert any(expected in r for r in _reasons(founder, project))


def test_the_round_closes_at_its_closing_moment_excluded():
    label_round = open_round()
    last = label_round.closes_at - datetime.timedelta(microseconds=1)
    assert label_round.is_open(label_round.opens_at)
    assert label_round.is_open(last)
    assert not label_round.is_open(label_round.closes_at)


def test_no_round_configured_means_closed():
    project, founder, _partner = european_project()
    assert any("ne sont pas ouvertes" in r for r in _reasons(founder, project))


def test_the_limit_per_teacher_per_year_is_enforced():
    open_round(limit_per_teacher=1)
    project, founder, _partner = european_project()
    other, *_ = european_project(fwb_teacher=founder)
    application(project, founder)
    reasons = _reasons(founder, other)
    assert any("limite de 1" in r for r in reasons)


def test_the_same_project_only_once_per_year():
    open_round(limit_per_teacher=5)
    project, founder, _partner = european_project()
    application(project, founder)
    assert any("déjà demandé" in r for r in _reasons(founder, project))


def test_a_non_member_is_refused():
    open_round()
    project, _founder, _partner = european_project()
    outsider = teacher_in("be-fwb")
    assert _reasons(outsider, project) == ["Vous n'êtes pas membre de ce projet."]


def test_an_active_project_far_from_its_end_is_not_finished():
    open_round()
    project, founder, _partner = european_project(
        state=ProjectState.ACTIVE, planned_end=timezone.localdate() + datetime.timedelta(days=300)
    )
    assert any("pas encore terminé" in r for r in _reasons(founder, project))


def test_an_active_project_nearly_finished_may_apply():
    open_round()
    project, founder, _partner = european_project(
        state=ProjectState.ACTIVE,
        planned_start=timezone.localdate() - datetime.timedelta(days=200),
        planned_end=timezone.localdate() + datetime.timedelta(days=20),
    )
    assert _reasons(founder, project) == []


def test_a_project_refused_by_a_service_gives_the_service_reason():
    open_round()
    project, founder, _partner = european_project(state=ProjectState.REJECTED)
    Approval.objects.filter(project=project).update(
        state=ApprovalState.REJECTED, reason="Pas de lien avec le programme."
    )
    assert any("Pas de lien avec le programme." in r for r in _reasons(founder, project))


def test_applying_copies_school_service_and_country(client):
    open_round()
    project, founder, _partner = european_project()
    client.force_login(founder)
    data = {
        f"pre_{c}": "on"
        for c in ("pupil_collaboration", "ict_use", "data_protection", "copyright", "e_safety")
    }
    data |= {
        f"text_{c}": "Texte"
        for c in ("innovation", "curriculum", "collaboration", "technology", "results")
    }
    data["evidence_links"] = "https://example.org/projects/1/pages/2\n"
    response = client.post(f"/fr/labels/apply/{project.pk}/", data)
    assert response.status_code == 302
    created = NationalLabelApplication.objects.get()
    assert created.service.code == "be-fwb"
    assert created.country.code == "BE"
    assert created.evidence_list() == ["https://example.org/projects/1/pages/2"]


def test_the_form_requires_all_prerequisites_and_keeps_the_text(client):
    open_round()
    project, founder, _partner = european_project()
    client.force_login(founder)
    response = client.post(
        f"/fr/labels/apply/{project.pk}/",
        {"text_innovation": "Mon texte", "evidence_links": "pas une adresse"},
    )
    assert response.status_code == 200
    assert not NationalLabelApplication.objects.exists()
    content = response.content.decode()
    assert "Les cinq conditions préalables" in content
    assert "Mon texte" in content
    assert "n&#x27;est pas une adresse web valide" in content or "pas une adresse web" in content
