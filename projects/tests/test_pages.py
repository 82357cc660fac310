"""Founding form (with its live check), My projects, the public page, the gallery
and the dashboard / export hooks."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.models import Language, Subject
from etwinning import hooks
from projects import selectors
from projects.models import MemberStatus, Project, ProjectState
from projects.tests.factories import active_project, make_contacts, member, teacher_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    founder = teacher_in("be-fwb", first_name="Claire", last_name="Dubois")
    cofounder = teacher_in("ge", first_name="Nino", last_name="Beridze")
    make_contacts(founder, cofounder)
    return founder, cofounder


def _form_data(cofounder, **overrides):
    return {
        "cofounder": cofounder.pk,
        "title": "Défis mathématiques",
        "summary": "Un défi par mois.",
        "subjects": [Subject.objects.get(code="mathematics").pk],
        "languages": [Language.objects.get(code="en").pk],
        "age_min": 9,
        "age_max": 12,
        "themes": "énigmes",
        "planned_start": "2026-09-01",
        "planned_end": "2027-06-30",
        "expected_partners": 2,
        **overrides,
    }


def test_founding_form_creates_the_project_and_invites_the_contact(client, pair):
    founder, cofounder = pair
    client.force_login(founder)

    response = client.post(reverse("projects:found"), _form_data(cofounder))

    project = Project.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:detail", args=(project.pk,))
    assert project.state == ProjectState.AWAITING_PARTNER
    assert project.memberships.get(user=cofounder).status == MemberStatus.INVITED


def test_founding_form_keeps_input_and_shows_the_rule_that_refuses(client, pair):
    founder, _ = pair
    other_plus = teacher_in("az", first_name="Leyla", last_name="Aliyeva")
    plus_founder = teacher_in("ge")
    make_contacts(plus_founder, other_plus)
    client.force_login(plus_founder)

    response = client.post(reverse("projects:found"), _form_data(other_plus, title="Contes"))

    assert response.status_code == 200
    assert Project.objects.count() == 0
    html = response.content.decode()
    assert 'value="Contes"' in html
    assert "eTwinning+) requiert au moins une école d&#x27;un pays eTwinning" in html


def test_the_live_check_returns_the_reasons_for_the_chosen_contact(client, pair):
    founder, cofounder = pair
    cofounder.status = "pending"
    cofounder.save()
    client.force_login(founder)

    response = client.get(
        reverse("projects:found_check"), {"cofounder": cofounder.pk}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert 'data-rule="teacher_validated"' in html
    assert "« Nino Beridze » n&#x27;est pas encore validé·e" in html


def test_the_live_check_ignores_non_contacts(client, pair):
    founder, _ = pair
    stranger = teacher_in("pt")
    client.force_login(founder)

    response = client.get(reverse("projects:found_check"), {"cofounder": stranger.pk})

    assert "data-rule" not in response.content.decode()


def test_an_unvalidated_teacher_sees_why_they_cannot_found(client, pending_teacher):
    client.force_login(pending_teacher)

    response = client.get(reverse("projects:found"))

    assert 'data-rule="teacher_validated"' in response.content.decode()


def test_my_projects_lists_memberships_and_pending_invitations(client, pair):
    founder, cofounder = pair
    project = active_project(founder, cofounder, title="Léon voyage")
    invited_to = active_project(teacher_in("pt"), teacher_in("dk"), title="Art nouveau")
    member(invited_to, founder, status=MemberStatus.INVITED)
    client.force_login(founder)

    html = client.get(reverse("projects:mine")).content.decode()

    assert "Léon voyage" in html and "Art nouveau" in html
    assert reverse("projects:accept", args=(invited_to.pk,)) in html
    assert project.title in html


def test_the_invited_teacher_accepts_from_the_detail_page(client, pair):
    founder, cofounder = pair
    project = active_project(founder, cofounder)
    partner = teacher_in("dk")
    member(project, partner, status=MemberStatus.INVITED)
    client.force_login(partner)

    assert client.get(reverse("projects:detail", args=(project.pk,))).status_code == 200
    client.post(reverse("projects:accept", args=(project.pk,)))

    assert project.memberships.get(user=partner).status == MemberStatus.ACTIVE


def test_the_public_page_shows_countries_subjects_and_extension_panels(client, pair, settings):
    founder, cofounder = pair
    project = active_project(founder, cofounder, title="Défis", is_public=True)
    engine = dict(settings.TEMPLATES[0])
    engine["DIRS"] = [*engine["DIRS"], Path(__file__).parent / "templates"]
    settings.TEMPLATES = [engine]

    with hooks.replaced("project_public_panels", fake_panel):
        html = client.get(reverse("projects:public", args=(project.pk,))).content.decode()

    assert "Défis" in html and "Belgique" in html and "Géorgie" in html
    assert "PANEL-FOR-" + str(project.pk) in html


def fake_panel(project):
    return {"template": "projects/tests_panel.html", "text": f"PANEL-FOR-{project.pk}"}


def test_a_private_or_unopened_project_has_no_public_page(client, pair):
    founder, cofounder = pair
    private = active_project(founder, cofounder, is_public=False)
    draft = active_project(teacher_in("pt"), teacher_in("dk"), state=ProjectState.AWAITING_APPROVAL)

    assert client.get(reverse("projects:public", args=(private.pk,))).status_code == 404
    assert client.get(reverse("projects:public", args=(draft.pk,))).status_code == 404


def _gallery_world():
    liege = teacher_in("be-fwb")
    tbilisi = teacher_in("ge")
    lisboa = teacher_in("pt")
    maths = active_project(
        liege,
        tbilisi,
        title="Maths",
        subjects=Subject.objects.filter(code="mathematics"),
        age_min=9,
        age_max=12,
    )
    Project.objects.filter(pk=maths.pk).update(
        activated_at=datetime.datetime(2025, 10, 1, tzinfo=datetime.UTC)
    )
    arts = active_project(
        teacher_in("be-fwb"),
        lisboa,
        title="Art",
        subjects=Subject.objects.filter(code="arts"),
        age_min=14,
        age_max=17,
    )
    active_project(teacher_in("be-fwb"), teacher_in("pt"), title="Hidden", is_public=False)
    return maths, arts


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Art", "Maths"]),
        ({"country": "GE"}, ["Maths"]),
        ({"subject": "arts"}, ["Art"]),
        ({"age": "10"}, ["Maths"]),
        ({"year": "2025"}, ["Maths"]),
    ],
)
def test_gallery_filters(client, params, expected):
    from accounts.models import Country

    _gallery_world()
    query = dict(params)
    if "country" in query:
        query["country"] = Country.objects.get(code=query["country"]).pk
    if "subject" in query:
        query["subject"] = Subject.objects.get(code=query["subject"]).pk

    response = client.get(reverse("projects:gallery"), query)

    titles = sorted(p.title for p in response.context["gallery"].page.object_list)
    assert titles == expected


def test_gallery_renders_in_a_constant_number_of_queries(client):
    _gallery_world()
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("projects:gallery"))
    for _ in range(5):
        active_project(teacher_in("be-fwb"), teacher_in("dk"))
    cache.clear()  # the total and the filter choices are cached: compare cold pages
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("projects:gallery"))

    assert len(many) == len(few)


def test_gallery_total_and_filter_choices_are_cached_then_refreshed(client):
    _gallery_world()
    first = client.get(reverse("projects:gallery"))
    assert first.context["gallery"].page.paginator.count == 2
    active_project(teacher_in("be-fwb"), teacher_in("ee"), title="Nouveau")

    with CaptureQueriesContext(connection) as warm:
        second = client.get(reverse("projects:gallery"))

    # The list is live; the total (a minute) and the choices (ten minutes) are cached.
    assert "Nouveau" in [p.title for p in second.context["gallery"].page.object_list]
    assert second.context["gallery"].page.paginator.count == 2
    assert "EE" not in [c.code.upper() for c in second.context["gallery"].countries]
    assert not [q for q in warm.captured_queries if "COUNT(" in q["sql"]]
    cache.clear()
    third = client.get(reverse("projects:gallery"))
    assert third.context["gallery"].page.paginator.count == 3
    assert "EE" in [c.code.upper() for c in third.context["gallery"].countries]


def test_gallery_cached_choices_are_named_and_sorted_in_the_visitor_language(client):
    _gallery_world()
    client.get("/fr/projects/")  # fills the cache in French

    # (override: the Dutch request must not leave Dutch active for the next tests)
    with translation.override("fr"):
        html = client.get("/nl/projects/").content.decode()

    assert "Géorgie" not in html
    assert html.index(">België<") < html.index(">Georgië<") < html.index(">Portugal<")


def test_gallery_extension_filters_are_applied(client, settings):
    _gallery_world()
    with hooks.replaced("project_gallery_filters", fake_filter):
        response = client.get(reverse("projects:gallery"), {"label": "maths"})

    assert [p.title for p in response.context["gallery"].page.object_list] == ["Maths"]
    assert 'name="label"' in response.content.decode()


def fake_filter(queryset, params):
    value = params.get("label", "")
    if value:
        queryset = queryset.filter(title__iexact=value)
    return queryset, {
        "name": "label",
        "label": "Label",
        "empty_label": "Tous",
        "choices": [("maths", "Maths")],
        "value": value,
    }


def test_dashboard_shows_my_projects_panel(client, pair):
    founder, cofounder = pair
    active_project(founder, cofounder, title="Léon voyage")
    client.force_login(founder)

    html = client.get(reverse("accounts:dashboard")).content.decode()

    assert 'data-testid="projects-panel"' in html and "Léon voyage" in html


def test_the_dashboard_panel_reads_only_the_five_newest_projects(pair):
    founder, cofounder = pair
    for i in range(8):
        active_project(founder, cofounder, title=f"Projet {i}")

    with CaptureQueriesContext(connection) as captured:
        panel = selectors.dashboard_panel(founder)

    assert [m.project.title for m in panel["memberships"]] == [
        f"Projet {i}" for i in (7, 6, 5, 4, 3)
    ]
    assert panel["more"] is True
    assert any("LIMIT 6" in q["sql"] for q in captured.captured_queries)


def test_the_data_export_lists_memberships(pair):
    founder, cofounder = pair
    active_project(founder, cofounder, title="Léon voyage")

    export = selectors.user_data_export(founder)

    assert export["project_memberships"][0]["project"] == "Léon voyage"
    assert export["project_memberships"][0]["role"] == "founder"


def test_a_founder_edits_the_project_and_makes_it_public(client, pair):
    founder, cofounder = pair
    project = active_project(founder, cofounder, is_public=False)
    client.force_login(founder)
    data = _form_data(cofounder, title="Nouveau titre", is_public="on")
    data.pop("cofounder")

    response = client.post(reverse("projects:edit", args=(project.pk,)), data)

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.is_public) == ("Nouveau titre", True)


def test_the_edit_form_keeps_input_on_bad_dates(client, pair):
    founder, cofounder = pair
    project = active_project(founder, cofounder)
    client.force_login(founder)
    data = _form_data(cofounder, title="Gardé", planned_end="2026-01-01")
    data.pop("cofounder")

    response = client.post(reverse("projects:edit", args=(project.pk,)), data)

    html = response.content.decode()
    assert response.status_code == 200 and 'value="Gardé"' in html
    assert "La fin prévue doit suivre le début prévu." in html
