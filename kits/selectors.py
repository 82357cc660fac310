"""Reads of the kits app: the filtered list, one kit, the founding form's prefill."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from accounts.ids import parse_id
from accounts.models import Subject
from kits.models import DURATION_BANDS, Kit, KitStep

LANGUAGE_CODES = ("fr", "nl", "de", "en")
SEARCHED_FIELDS = ("title", "summary", "objectives")


def kit_list(
    *,
    user,
    text: str = "",
    age: int | None = None,
    subject: Subject | None = None,
    duration: str = "",
) -> QuerySet[Kit]:
    kits = Kit.objects.visible_to(user).prefetch_related(
        Prefetch("subjects", queryset=Subject.objects.order_by("name"))
    )
    for word in text.split()[:8]:
        # Every language: a Dutch-speaking teacher may search for a word in French.
        match = Q()
        for field in SEARCHED_FIELDS:
            for code in LANGUAGE_CODES:
                match |= Q(**{f"{field}_{code}__icontains": word})
        kits = kits.filter(match)
    if age is not None:
        kits = kits.filter(age_min__lte=age, age_max__gte=age)
    if subject is not None:
        kits = kits.filter(subjects=subject)
    if duration in DURATION_BANDS:
        low, high = DURATION_BANDS[duration]
        kits = kits.filter(duration_weeks__gte=low)
        if high is not None:
            kits = kits.filter(duration_weeks__lte=high)
    return kits.distinct()


def kit_for(*, user, pk: int) -> Kit | None:
    """The kit ``user`` may read (published, or any for staff), with its steps."""
    return (
        Kit.objects.visible_to(user)
        .prefetch_related(
            Prefetch("subjects", queryset=Subject.objects.order_by("name")),
            Prefetch("steps", queryset=KitStep.objects.order_by("position", "pk")),
        )
        .filter(pk=pk)
        .first()
    )


def found_initial(request) -> dict | None:
    """``project_found_initial`` hook: the founding form prefilled from ``?kit=<id>``
    (a published kit), in the language of the page."""
    kit_id = parse_id(request.GET.get("kit"))
    if kit_id is None:
        return None
    kit = Kit.objects.published().filter(pk=kit_id).prefetch_related("subjects").first()
    if kit is None:
        return None
    return {
        "title": kit.title,
        "summary": kit.summary,
        "subjects": [subject.pk for subject in kit.subjects.all()],
        "age_min": kit.age_min,
        "age_max": kit.age_max,
    }
