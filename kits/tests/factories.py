"""Kits for tests: French text plus the other languages where a test reads them."""

from __future__ import annotations

from accounts.models import Subject
from kits.models import Kit, KitStep


def make_kit(
    *,
    title: str = "Défis mathématiques",
    summary: str = "Un défi par quinzaine entre classes partenaires.",
    subjects: tuple[str, ...] = ("mathematics",),
    ages: tuple[int, int] = (9, 12),
    weeks: int = 12,
    published: bool = True,
    steps: tuple[str, ...] = ("Former les équipes", "Le premier défi", "La finale"),
    **extra,
) -> Kit:
    kit = Kit(
        title_fr=title,
        summary_fr=summary,
        objectives_fr="Résoudre des problèmes\nExpliquer sa démarche",
        duration_fr=f"{weeks} semaines",
        duration_weeks=weeks,
        age_min=ages[0],
        age_max=ages[1],
        is_published=published,
        **extra,
    )
    kit.full_clean()
    kit.save()
    kit.subjects.set(Subject.objects.filter(code__in=subjects))
    for position, step_title in enumerate(steps, start=1):
        KitStep.objects.create(
            kit=kit,
            position=position,
            title_fr=step_title,
            body_fr=f"<p>Activité : {step_title.lower()}.</p>",
            title_en=f"Step {position}",
            body_en=f"<p>Activity {position}.</p>",
        )
    return kit
