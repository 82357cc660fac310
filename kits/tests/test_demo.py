"""The demo kits: the brochure's three examples, in four languages, seeded once."""

from __future__ import annotations

import io

import pytest

from kits import demo
from kits.models import Kit, KitStep, KitUse

pytestmark = pytest.mark.django_db

TEXT_FIELDS = ("title", "summary", "objectives", "evaluation", "suggested_tools", "duration")


def test_the_demo_seeds_the_brochures_three_kits_in_four_languages():
    demo.seed(io.StringIO())

    kits = list(Kit.objects.published())
    assert [kit.title_fr for kit in kits] == [
        "Le voyage virtuel de notre mascotte",
        "Défis mathématiques entre classes",
        "Un e-book avec une classe lointaine",
    ]
    for kit in kits:
        for name in TEXT_FIELDS:
            values = [getattr(kit, f"{name}_{code}") for code in ("fr", "nl", "de", "en")]
            assert all(values) and len(set(values)) == 4, (kit.title_fr, name)
        assert kit.subjects.exists()
        steps = list(kit.steps.all())
        assert len(steps) >= 3
        for step in steps:
            assert all(getattr(step, f"body_{code}") for code in ("fr", "nl", "de", "en"))


def test_seeding_twice_changes_nothing():
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())

    assert Kit.objects.count() == 3
    assert KitStep.objects.count() == 12


def test_the_demo_mascot_project_is_shown_as_founded_from_the_mascot_kit():
    from projects.tests.factories import ProjectFactory, teacher_in

    founder = teacher_in("be-fwb")
    project = ProjectFactory(title="Le voyage virtuel de Léon la mascotte", founded_by=founder)

    demo.seed(io.StringIO())
    demo.seed(io.StringIO())

    (use,) = KitUse.objects.all()
    assert (use.project, use.kit.title_fr, use.founded_by) == (
        project,
        "Le voyage virtuel de notre mascotte",
        founder,
    )
    assert use.seeded_at is not None  # its space is the demo's own: nothing added
