"""Writes of the kits app: which project came from which kit, and the pages a
kit's steps give the project's space once it opens. Kits themselves are written
in the admin (their steps' rich text sanitised by :mod:`kits.forms`)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone, translation

from accounts.ids import parse_id
from accounts.models import User
from kits.models import Kit, KitUse
from projects.models import MemberRole, Project
from projects.space import services as space_services
from projects.space.permissions import Role, SpaceActor, teacher_role


def kit_use_record(*, project: Project, kit: Kit, founded_by: User | None) -> KitUse:
    """Record that ``project`` was founded from ``kit`` (once: one kit per project)."""
    use, _created = KitUse.objects.get_or_create(
        project=project, defaults={"kit": kit, "founded_by": founded_by}
    )
    return use


def kit_use_from_origin(project: Project, origin: Mapping[str, str]) -> KitUse | None:
    """``project_founded`` hook: the founding page was opened from a published kit
    (``?kit=<id>``). An unknown or unpublished kit is ignored: the project stands."""
    kit_id = parse_id(origin.get("kit"))
    if kit_id is None:
        return None
    kit = Kit.objects.published().filter(pk=kit_id).first()
    if kit is None:
        return None
    with transaction.atomic():  # a savepoint: a failure here leaves the founding intact
        return kit_use_record(project=project, kit=kit, founded_by=project.founded_by)


def _author(use: KitUse, project: Project) -> User | None:
    """The teacher who chose the kit, while they can still write pages in the space;
    otherwise an active founder."""
    candidates = []
    if use.founded_by is not None:
        candidates.append(use.founded_by)
    candidates += [
        m.user
        for m in project.memberships.active()
        .filter(role=MemberRole.FOUNDER, user__isnull=False)
        .select_related("user")
        .order_by("joined_at", "pk")
    ]
    for user in candidates:
        if teacher_role(user, project) == Role.TEACHER_ADMIN:
            return user
    return None


@transaction.atomic
def kit_space_seed(*, project_id: int) -> int:
    """Give the opened project's space one page per step of its kit, in the language
    of the teacher who chose the kit. Idempotent: the kit use is locked and marked
    seeded in the same transaction, so a second call (or a second transition) adds
    nothing. Returns the number of pages created."""
    use = (
        KitUse.objects.select_for_update(of=("self",))
        .filter(project_id=project_id, seeded_at__isnull=True)
        .select_related("kit", "founded_by")
        .first()
    )
    if use is None:
        return 0
    project = Project.objects.get(pk=project_id)
    if not project.space_is_open:
        return 0
    author = _author(use, project)
    if author is None:
        return 0
    actor = SpaceActor(project=project, role=Role.TEACHER_ADMIN, user=author)
    created = 0
    with translation.override(author.preferred_language or "fr"):
        for step in use.kit.steps.all():
            space_services.page_create(actor=actor, title=step.title, body=step.body)
            created += 1
    use.seeded_at = timezone.now()
    use.save(update_fields=["seeded_at"])
    return created


def seed_on_activation(project: Project) -> None:
    """``project_activated`` hook, inside the transaction that opens the project."""
    with transaction.atomic():  # a savepoint: a failure here leaves the opening intact
        kit_space_seed(project_id=project.pk)
