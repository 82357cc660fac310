"""Browsing kits: the list and its filters (age, subject, duration, text in any
language), the kit page and its « Fonder un projet à partir de ce kit » link."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import Subject
from kits.tests.factories import make_kit

pytestmark = pytest.mark.django_db


@pytest.fixture
def kits():
    return {
        "mascot": make_kit(
            title="Le voyage virtuel de notre mascotte",
            summary="Une peluche voyage chez les partenaires.",
            title_nl="De virtuele reis van onze mascotte",
            subjects=("french", "geography"),
            ages=(5, 9),
            weeks=10,
        ),
        "maths": make_kit(
            title="Défis mathématiques", subjects=("mathematics",), ages=(9, 14), weeks=6
        ),
        "ebook": make_kit(
            title="Un e-book avec une classe lointaine",
            subjects=("literature",),
            ages=(8, 12),
            weeks=20,
        ),
        "draft": make_kit(title="Kit en préparation", published=False),
    }


def titles_of(response) -> list[str]:
    return [kit.title_fr for kit in response.context["page"].object_list]


def titles(client, **params) -> list[str]:
    response = client.get(reverse("kits:list"), params)
    assert response.status_code == 200
    return titles_of(response)


ALL = [
    "Le voyage virtuel de notre mascotte",
    "Défis mathématiques",
    "Un e-book avec une classe lointaine",
]


def test_the_list_shows_published_kits_in_order(client, kits):
    assert titles(client) == ALL


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"age": "6"}, ["Le voyage virtuel de notre mascotte"]),
        ({"age": "9"}, ALL),
        ({"age": "13"}, ["Défis mathématiques"]),
        ({"duration": "short"}, ["Défis mathématiques"]),
        ({"duration": "term"}, ["Le voyage virtuel de notre mascotte"]),
        ({"duration": "long"}, ["Un e-book avec une classe lointaine"]),
        ({"q": "peluche"}, ["Le voyage virtuel de notre mascotte"]),
        ({"q": "MASCOTTE reis"}, ["Le voyage virtuel de notre mascotte"]),
        ({"q": "e-book"}, ["Un e-book avec une classe lointaine"]),
        ({"q": "préparation"}, []),
        ({"age": "99"}, ALL),  # an invalid filter filters nothing
    ],
)
def test_filters(client, kits, params, expected):
    assert titles(client, **params) == expected


def test_the_subject_filter(client, kits):
    maths = Subject.objects.get(code="mathematics")

    assert titles(client, subject=str(maths.pk)) == ["Défis mathématiques"]


def test_an_invalid_filter_shows_a_translated_error_and_keeps_what_was_typed(client, kits):
    with translation.override("nl"):
        url = reverse("kits:list")

    response = client.get(url, {"age": "99", "q": "mascotte"})

    form = response.context["form"]
    assert form["q"].value() == "mascotte"
    assert form.errors["age"] == ["Zorg ervoor dat deze waarde hoogstens 20 is."]
    assert titles_of(response) == ["Le voyage virtuel de notre mascotte"]


def test_the_kit_page_shows_the_steps_and_links_to_the_prefilled_founding_form(client, kits):
    kit = kits["maths"]

    response = client.get(reverse("kits:detail", args=[kit.pk]))

    html = response.content.decode()
    assert "Former les équipes" in html and "La finale" in html
    assert f'href="{reverse("projects:found")}?kit={kit.pk}"' in html
    assert "Fonder un projet à partir de ce kit" in html


def test_the_kit_page_in_dutch(client, kits):
    with translation.override("nl"):
        url = reverse("kits:detail", args=[kits["mascot"].pk])

    html = client.get(url).content.decode()

    assert "De virtuele reis van onze mascotte" in html
    assert "Een project opzetten op basis van deze kit" in html


def test_a_step_body_is_sanitised_on_the_way_out(client, kits):
    kit = kits["maths"]
    kit.steps.update(body_fr='<p onclick="x()">Bonjour</p><script>alert(1)</script>')

    html = client.get(reverse("kits:detail", args=[kit.pk])).content.decode()

    assert "<p>Bonjour</p>" in html
    assert "alert(1)" not in html and "onclick" not in html


def test_staff_see_no_founding_link(client, kits, staff_fwb):
    client.force_login(staff_fwb)

    html = client.get(reverse("kits:detail", args=[kits["maths"].pk])).content.decode()

    assert "?kit=" not in html


def test_a_teacher_in_no_project_is_offered_kits_on_their_dashboard(client, kits):
    from projects.tests.factories import active_project, teacher_in

    newcomer, founder, cofounder = teacher_in("be-fwb"), teacher_in("be-fwb"), teacher_in("pt")
    active_project(founder, cofounder)
    pending = teacher_in("be-fwb", status="pending")
    url = reverse("accounts:dashboard")
    shown = {}
    for name, user in {"newcomer": newcomer, "founder": founder, "pending": pending}.items():
        client.force_login(user)
        shown[name] = 'data-testid="kits-panel"' in client.get(url).content.decode()

    assert shown == {"newcomer": True, "founder": False, "pending": False}
    client.force_login(newcomer)
    html = client.get(url).content.decode()
    assert "Le voyage virtuel de notre mascotte" in html
    assert "Kit en préparation" not in html
