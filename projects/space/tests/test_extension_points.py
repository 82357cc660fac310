"""The space's panels on the dashboard and the public page, and the data export."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from projects.space import selectors, services
from projects.space.tests.factories import actor, make_space


@pytest.mark.django_db
def test_the_dashboard_lists_my_spaces_with_their_news(client):
    space = make_space()
    services.page_create(actor=actor(space.project, user=space.founder), title="Accueil", body="x")
    panel = selectors.dashboard_panel(space.partner)
    assert panel["spaces"] == [{"project": space.project, "new": 1}]
    client.force_login(space.partner)
    html = client.get(reverse("accounts:dashboard")).content.decode()
    assert "Mes espaces de projet" in html and "1 nouveauté" in html
    assert selectors.dashboard_panel(space.outsider) is None


@pytest.mark.django_db
def test_the_public_panel_is_absent_without_public_content():
    space = make_space()
    services.journal_post_create(
        actor=actor(space.project, user=space.founder), title="Interne", body="x"
    )
    assert selectors.public_panel(space.project) is None


@pytest.mark.django_db
def test_the_export_holds_what_the_teacher_wrote():
    space = make_space()
    services.forum_thread_create(
        actor=actor(space.project, user=space.founder), title="Bonjour", body="Présentez-vous"
    )
    data = selectors.user_data_export(space.founder)
    assert data["project_space"]["forum_threads"][0]["title"] == "Bonjour"
    json.dumps(data, cls=DjangoJSONEncoder)
