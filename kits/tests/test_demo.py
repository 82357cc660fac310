"""The demo kits: the brochure's three examples, in four languages, seeded once."""

from __future__ import annotations

import io

import pytest

from kits import demo
from kits.models import Kit, KitStep

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
