"""Who may do what on a project: the one place every view, service and other app
(project space, labels) asks.

Roles of a user on a project (:func:`role_of`): ``"founder"``, ``"partner"``
(active members), ``"collaborator"`` (accepted outside expert), ``"staff"``
(staff of a support service involved in the project, or superuser) or ``None``.

Each function takes ``(user, project)`` and answers from at most one query per
call; :func:`role_of` memoises on the project instance for the request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from projects.models import (
    CollaboratorStatus,
    MemberRole,
    MemberStatus,
    ProjectState,
)

if TYPE_CHECKING:
    from accounts.models import User
    from projects.models import Project

FOUNDER = "founder"
PARTNER = "partner"
COLLABORATOR = "collaborator"
STAFF = "staff"

_CACHE_ATTR = "_role_cache"


def role_of(user: User, project: Project) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active or project.pk is None:
        return None
    cache = project.__dict__.setdefault(_CACHE_ATTR, {})
    if user.pk in cache:
        return cache[user.pk]
    role: str | None = None
    membership = (
        project.memberships.filter(user=user, status=MemberStatus.ACTIVE)
        .values_list("role", flat=True)
        .first()
    )
    if membership is not None:
        role = FOUNDER if membership == MemberRole.FOUNDER else PARTNER
    elif project.collaborators.filter(user=user, status=CollaboratorStatus.ACCEPTED).exists():
        role = COLLABORATOR
    elif user.is_staff and (
        user.is_superuser or is_involved_service(user.staff_service_id, project)
    ):
        role = STAFF
    cache[user.pk] = role
    return role


def forget_roles(project: Project) -> None:
    """Drop the memoised roles after a membership change on ``project``."""
    project.__dict__.pop(_CACHE_ATTR, None)


def is_involved_service(service_id: int | None, project: Project) -> bool:
    if service_id is None:
        return False
    return (
        project.memberships.filter(school__support_service_id=service_id).exists()
        or project.approvals.filter(service_id=service_id).exists()
    )


def is_founder(user: User, project: Project) -> bool:
    return role_of(user, project) == FOUNDER


def is_member(user: User, project: Project) -> bool:
    """An active teacher member (founder or partner)."""
    return role_of(user, project) in (FOUNDER, PARTNER)


def is_collaborator(user: User, project: Project) -> bool:
    return role_of(user, project) == COLLABORATOR


def is_staff_for(user: User, project: Project) -> bool:
    return role_of(user, project) == STAFF


def can_view(user: User, project: Project) -> bool:
    """See the project's detail page (members, state, history)."""
    return role_of(user, project) in (FOUNDER, PARTNER, COLLABORATOR, STAFF)


def can_view_public(user: User, project: Project) -> bool:
    """See the public page: anyone once public and opened; insiders always."""
    return project.is_publicly_visible or can_view(user, project)


def can_access_space(user: User, project: Project) -> bool:
    """Enter the project space (TwinSpace): members and collaborators, once opened."""
    return project.space_is_open and role_of(user, project) in (FOUNDER, PARTNER, COLLABORATOR)


def can_contribute(user: User, project: Project) -> bool:
    """Write in the project space: not once archived (read-only)."""
    return project.state in (ProjectState.ACTIVE, ProjectState.FINISHED) and role_of(
        user, project
    ) in (FOUNDER, PARTNER, COLLABORATOR)


def can_manage(user: User, project: Project) -> bool:
    """Edit details, publish, remove members, hand founder rights (founders)."""
    return not project.is_read_only and is_founder(user, project)


def can_invite(user: User, project: Project) -> bool:
    """Invite partners and collaborators: founders of an active project."""
    return project.state == ProjectState.ACTIVE and is_founder(user, project)


def can_leave(user: User, project: Project) -> bool:
    return not project.is_read_only and is_member(user, project)


def can_finish(user: User, project: Project) -> bool:
    return project.state == ProjectState.ACTIVE and is_founder(user, project)


def can_archive(user: User, project: Project) -> bool:
    return project.state == ProjectState.FINISHED and role_of(user, project) in (FOUNDER, STAFF)


def ensure(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("Vous ne pouvez pas faire cela sur ce projet."))
