"""« Fonder un projet à partir de ce kit »: the founding form prefilled from the kit,
the kit use recorded with the project, and the space seeded with one page per step
when (and only when) the project opens, once."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import Language, Subject
from accounts.tests.factories import StaffFactory, service
from etwinning import hooks
from kits import services
from kits.models import KitUse
from kits.tests.factories import make_kit
from projects import services as project_services
from projects.models import Project, ProjectState
from projects.space.models import Page
from projects.tests.factories import make_contacts, teacher_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def founders():
    founder = teacher_in("be-fwb", first_name="Claire", preferred_language="fr")
    cofounder = teacher_in("be-fwb", first_name="Marc", preferred_language="nl")
    make_contacts(founder, cofounder)
    return founder, cofounder


def found_url(kit) -> str:
    return f"{reverse('projects:found')}?kit={kit.pk}"


def form_data(cofounder, **overrides) -> dict:
    data = {
        "cofounder": cofounder.pk,
        "title": "Défis mathématiques avec Lisbonne",
        "summary": "Un défi par quinzaine.",
        "subjects": [Subject.objects.get(code="mathematics").pk],
        "languages": [Language.objects.get(code="fr").pk],
        "age_min": 9,
        "age_max": 12,
        "planned_start": "2026-09-01",
        "planned_end": "2027-06-30",
        "expected_partners": 2,
    }
    data.update(overrides)
    return data


def found_via_service(founder, cofounder, origin):
    return project_services.project_found(
        founder=founder,
        cofounder=cofounder,
        title="Défis",
        summary="Un défi par quinzaine.",
        subjects=Subject.objects.filter(code="mathematics"),
        languages=Language.objects.filter(code="fr"),
        age_min=9,
        age_max=12,
        planned_start=datetime.date(2026, 9, 1),
        planned_end=datetime.date(2027, 6, 30),
        origin=origin,
    )


def open_project(project, cofounder):
    """The co-founder accepts, the support service approves: the project opens."""
    project_services.project_cofounder_accept(project=project, by=cofounder)
    staff = StaffFactory(staff_service=service("be-fwb"))
    (approval,) = project.approvals.all()
    project_services.project_approve(approval=approval, by=staff)
    project.refresh_from_db()
    return project


# --- the prefilled form ----------------------------------------------------------------


def test_the_founding_form_is_prefilled_from_the_kit(client, founders):
    founder, _ = founders
    kit = make_kit(title="Défis mathématiques", subjects=("mathematics", "ict"), ages=(10, 13))
    client.force_login(founder)

    response = client.get(found_url(kit))

    form = response.context["form"]
    assert form["title"].value() == "Défis mathématiques"
    assert response.context["notices"] == [
        "Formulaire prérempli à partir du kit « Défis mathématiques » : modifiez-le à votre guise."
    ]
    assert form["summary"].value() == "Un défi par quinzaine entre classes partenaires."
    assert sorted(form["subjects"].value()) == sorted(
        Subject.objects.filter(code__in=["mathematics", "ict"]).values_list("pk", flat=True)
    )
    assert (form["age_min"].value(), form["age_max"].value()) == (10, 13)


def test_the_prefill_is_in_the_language_of_the_page(client, founders):
    founder, _ = founders
    kit = make_kit(title="Défis mathématiques", title_nl="Wiskundige uitdagingen")
    client.force_login(founder)

    with translation.override("nl"):
        url = found_url(kit)
    response = client.get(url)

    assert response.context["form"]["title"].value() == "Wiskundige uitdagingen"
    assert "Wiskundige uitdagingen" in response.context["notices"][0]
    assert "Formulier" in response.context["notices"][0]


@pytest.mark.parametrize("query", ["?kit=999999", "?kit=abc", "?kit=", ""])
def test_an_unknown_kit_prefills_nothing(client, founders, query):
    founder, _ = founders
    make_kit()
    client.force_login(founder)

    response = client.get(reverse("projects:found") + query)

    assert response.context["form"]["title"].value() is None
    assert response.context["notices"] == []


def test_an_unpublished_kit_prefills_nothing(client, founders):
    founder, _ = founders
    kit = make_kit(published=False)
    client.force_login(founder)

    assert client.get(found_url(kit)).context["form"]["title"].value() is None


# --- the kit use -------------------------------------------------------------------------


def test_founding_from_the_kit_page_records_the_kit_use(client, founders):
    founder, cofounder = founders
    kit = make_kit()
    client.force_login(founder)

    response = client.post(found_url(kit), form_data(cofounder))

    project = Project.objects.get(title="Défis mathématiques avec Lisbonne")
    assert response.status_code == 302
    assert list(KitUse.objects.values_list("kit", "project", "founded_by", "seeded_at")) == [
        (kit.pk, project.pk, founder.pk, None)
    ]


def test_founding_without_a_kit_records_nothing(client, founders):
    founder, cofounder = founders
    make_kit()
    client.force_login(founder)

    client.post(reverse("projects:found"), form_data(cofounder))

    assert Project.objects.count() == 1
    assert KitUse.objects.count() == 0


def test_founding_from_an_unpublished_kit_records_nothing(founders):
    founder, cofounder = founders
    kit = make_kit(published=False)

    found_via_service(founder, cofounder, {"kit": str(kit.pk)})

    assert KitUse.objects.count() == 0


def test_a_failing_kit_contribution_does_not_stop_the_founding(founders):
    founder, cofounder = founders
    kit = make_kit()

    def broken(project, origin):
        raise RuntimeError("kits down")

    with hooks.replaced("project_founded", broken):
        project = found_via_service(founder, cofounder, {"kit": str(kit.pk)})

    assert Project.objects.filter(pk=project.pk, state=ProjectState.AWAITING_PARTNER).exists()


# --- seeding the space -------------------------------------------------------------------


def test_the_space_is_not_seeded_before_the_project_opens(founders):
    founder, cofounder = founders
    kit = make_kit()
    project = found_via_service(founder, cofounder, {"kit": str(kit.pk)})
    project_services.project_cofounder_accept(project=project, by=cofounder)

    assert services.kit_space_seed(project_id=project.pk) == 0
    assert Page.objects.filter(project=project).count() == 0
    assert KitUse.objects.get(project=project).seeded_at is None


def test_opening_the_project_seeds_one_page_per_step_in_order(founders):
    founder, cofounder = founders
    kit = make_kit(steps=("Former les équipes", "Le premier défi", "La finale"))
    project = found_via_service(founder, cofounder, {"kit": str(kit.pk)})

    project = open_project(project, cofounder)

    assert project.state == ProjectState.ACTIVE
    pages = Page.objects.filter(project=project).order_by("position")
    assert [(p.title, p.body, p.author_user_id) for p in pages] == [
        ("Former les équipes", "<p>Activité : former les équipes.</p>", founder.pk),
        ("Le premier défi", "<p>Activité : le premier défi.</p>", founder.pk),
        ("La finale", "<p>Activité : la finale.</p>", founder.pk),
    ]
    assert KitUse.objects.get(project=project).seeded_at is not None


def test_the_pages_are_in_the_language_of_the_teacher_who_chose_the_kit(founders):
    founder, cofounder = founders
    founder.preferred_language = "en"
    founder.save()
    kit = make_kit(steps=("Former les équipes", "La finale"))
    project = found_via_service(founder, cofounder, {"kit": str(kit.pk)})

    open_project(project, cofounder)

    assert list(Page.objects.filter(project=project).values_list("title", flat=True)) == [
        "Step 1",
        "Step 2",
    ]


def test_the_space_is_seeded_only_once(founders):
    founder, cofounder = founders
    kit = make_kit(steps=("Former les équipes", "La finale"))
    project = open_project(found_via_service(founder, cofounder, {"kit": str(kit.pk)}), cofounder)

    assert services.kit_space_seed(project_id=project.pk) == 0
    services.seed_on_activation(project)

    assert Page.objects.filter(project=project).count() == 2


def test_a_project_founded_without_a_kit_opens_with_an_empty_space(founders):
    founder, cofounder = founders
    make_kit()
    project = open_project(found_via_service(founder, cofounder, {}), cofounder)

    assert project.state == ProjectState.ACTIVE
    assert Page.objects.filter(project=project).count() == 0


def test_a_failing_seed_does_not_stop_the_project_from_opening(founders):
    founder, cofounder = founders
    kit = make_kit()
    project = found_via_service(founder, cofounder, {"kit": str(kit.pk)})

    def broken(project):
        raise RuntimeError("kits down")

    with hooks.replaced("project_activated", broken):
        project = open_project(project, cofounder)

    assert project.state == ProjectState.ACTIVE
    assert KitUse.objects.get(project=project).seeded_at is None


def test_when_the_kits_chooser_left_another_founder_signs_the_pages(founders):
    founder, cofounder = founders
    kit = make_kit(steps=("La finale",))
    project = found_via_service(founder, cofounder, {"kit": str(kit.pk)})
    project_services.project_cofounder_accept(project=project, by=cofounder)
    project.memberships.filter(user=founder).update(status="left")
    staff = StaffFactory(staff_service=service("be-fwb"))
    project_services.project_approve(approval=project.approvals.get(), by=staff)

    assert list(Page.objects.filter(project=project).values_list("author_user", flat=True)) == [
        cofounder.pk
    ]


# --- the kit on the project's public page, the teacher's data export -------------------


def test_a_public_project_links_to_the_published_kit_it_came_from(client, founders):
    founder, cofounder = founders
    kit = make_kit(title="Défis mathématiques")
    project = open_project(found_via_service(founder, cofounder, {"kit": str(kit.pk)}), cofounder)
    project.is_public = True
    project.save()
    url = reverse("projects:public", args=[project.pk])

    html = client.get(url).content.decode()
    kit.is_published = False
    kit.save()
    unpublished_html = client.get(url).content.decode()

    assert "fondé à partir du kit « Défis mathématiques »" in html
    assert f'href="{reverse("kits:detail", args=[kit.pk])}"' in html
    assert 'data-testid="kit-panel"' not in unpublished_html


def test_the_kits_a_teacher_founded_from_are_in_their_data_export(client, founders):
    founder, cofounder = founders
    kit = make_kit(title="Défis mathématiques")
    found_via_service(founder, cofounder, {"kit": str(kit.pk)})
    client.force_login(founder)

    data = client.get(reverse("accounts:export")).json()

    assert [(u["kit"], u["project"]) for u in data["kit_uses"]] == [
        ("Défis mathématiques", "Défis")
    ]
