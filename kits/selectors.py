"""Reads of the kits app: the filtered list, one kit, the founding form's prefill."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.ids import parse_id
from accounts.models import Subject
from kits.models import DURATION_BANDS, Kit, KitStep, KitUse
from projects.models import Project

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
        "notice": _(
            "Formulaire prérempli à partir du kit « %(title)s » : modifiez-le à votre guise."
        )
        % {"title": kit.title},
        "title": kit.title,
        "summary": kit.summary,
        "subjects": [subject.pk for subject in kit.subjects.all()],
        "age_min": kit.age_min,
        "age_max": kit.age_max,
    }


def project_public_panel(project) -> dict | None:
    """``project_public_panels`` hook: the kit a project was founded from, while the
    kit is published (a link for visitors who want to start the same project)."""
    use = KitUse.objects.filter(project=project, kit__is_published=True).select_related("kit")
    use = use.first()
    if use is None:
        return None
    return {"template": "kits/_project_panel.html", "kit": use.kit}


def user_data_export(user) -> dict:
    """``user_data_exporters`` hook: the projects the teacher founded from a kit."""
    uses = KitUse.objects.filter(founded_by=user).select_related("kit", "project")
    return {
        "kit_uses": [
            {
                "kit": use.kit.title,
                "project": use.project.title,
                "founded_at": use.created_at.isoformat(),
                "space_seeded_at": use.seeded_at.isoformat() if use.seeded_at else None,
            }
            for use in uses
        ]
    }


DASHBOARD_KITS = 3


def dashboard_panel(user) -> dict | None:
    """``dashboard_panels`` hook: a validated teacher in no project yet is offered a
    few kits to start from."""
    if user.is_staff or not getattr(user, "is_validated_teacher", False):
        return None
    if Project.objects.involving(user).exists():
        return None
    kits = list(Kit.objects.published()[:DASHBOARD_KITS])
    if not kits:
        return None
    return {"template": "kits/_dashboard_panel.html", "kits": kits}
