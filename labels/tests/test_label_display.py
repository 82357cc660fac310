"""An awarded label shows on the teacher's profile and as a badge in the gallery."""

import pytest
from django.urls import reverse

from labels.models import ApplicationStatus
from labels.tests.factories import GOOD_SCORES, application, european_project
from projects.tests.factories import teacher_in

pytestmark = pytest.mark.django_db


def test_an_awarded_label_shows_on_the_teachers_profile(client):
    project, founder, _partner = european_project(title="Défis mathématiques")
    application(project, founder, status=ApplicationStatus.AWARDED, scores=GOOD_SCORES)
    client.force_login(teacher_in("be-fwb"))
    body = client.get(reverse("partners:teacher", args=[founder.pk])).content.decode()
    assert 'data-testid="teacher-labels"' in body
    assert "Défis mathématiques" in body


def test_a_refused_application_does_not_show_on_the_profile(client):
    project, founder, _partner = european_project()
    application(project, founder, status=ApplicationStatus.REFUSED, scores=GOOD_SCORES)
    client.force_login(teacher_in("be-fwb"))
    body = client.get(reverse("partners:teacher", args=[founder.pk])).content.decode()
    assert 'data-testid="teacher-labels"' not in body


def test_the_gallery_card_carries_a_label_badge(client):
    labelled, founder, _ = european_project(title="Projet labellisé")
    application(labelled, founder, status=ApplicationStatus.AWARDED, scores=GOOD_SCORES)
    plain, _founder, _ = european_project(title="Projet sans label")
    body = client.get(reverse("projects:gallery")).content.decode()
    cards = {
        title: body.split(title, 1)[1].split("</article>", 1)[0]
        for title in ("Projet labellisé", "Projet sans label")
    }
    assert "Label de qualité national" in cards["Projet labellisé"]
    assert "Label de qualité national" not in cards["Projet sans label"]
