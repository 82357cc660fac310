"""Who may do what in a project space: the one place every view asks.

A visitor of a space is a :class:`SpaceActor`: a teacher (their role comes from
:func:`projects.permissions.role_of`) or a pupil login of *that* project. The
role × action table :data:`PERMISSIONS` is the policy, plus one rule that depends on
the object (:func:`can_edit_journal_post`: authors edit their own updates); writes
are also refused once the project is archived (the space is then read-only).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.http import Http404, HttpRequest

from projects import permissions as project_permissions
from projects.models import Project, ProjectState
from projects.space.models import PupilAccount, TeacherAdmin

SESSION_PUPIL_KEY = "space_pupil_id"


class Role(StrEnum):
    TEACHER_ADMIN = "teacher_admin"
    TEACHER = "teacher"
    PUPIL_ADMIN = "pupil_admin"
    PUPIL = "pupil"
    OBSERVER = "observer"
    # Staff of a support service involved in the project: read-only, to follow up.
    STAFF = "staff"


class Action(StrEnum):
    VIEW = "view"
    MANAGE_PAGES = "manage_pages"
    POST_JOURNAL = "post_journal"
    PUBLISH_JOURNAL = "publish_journal"
    COMMENT = "comment"
    OPEN_THREAD = "open_thread"
    REPLY = "reply"
    ADD_MATERIAL = "add_material"
    MODERATE = "moderate"
    MANAGE_PUPILS = "manage_pupils"
    MANAGE_ROLES = "manage_roles"


R = Role
MEMBERS = {R.TEACHER_ADMIN, R.TEACHER, R.PUPIL_ADMIN, R.PUPIL}
PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.VIEW: frozenset(Role),
    Action.MANAGE_PAGES: frozenset({R.TEACHER_ADMIN}),
    Action.POST_JOURNAL: frozenset({R.TEACHER_ADMIN, R.TEACHER, R.PUPIL_ADMIN}),
    # Only teachers decide what pupils' work is shown to the world.
    Action.PUBLISH_JOURNAL: frozenset({R.TEACHER_ADMIN, R.TEACHER}),
    Action.COMMENT: frozenset(MEMBERS),
    Action.OPEN_THREAD: frozenset({R.TEACHER_ADMIN, R.TEACHER, R.PUPIL_ADMIN}),
    Action.REPLY: frozenset(MEMBERS),
    Action.ADD_MATERIAL: frozenset({R.TEACHER_ADMIN, R.TEACHER, R.PUPIL_ADMIN}),
    Action.MODERATE: frozenset({R.TEACHER_ADMIN}),
    Action.MANAGE_PUPILS: frozenset({R.TEACHER_ADMIN}),
    Action.MANAGE_ROLES: frozenset({R.TEACHER_ADMIN}),
}
WRITABLE_STATES = (ProjectState.ACTIVE, ProjectState.FINISHED)


@dataclass
class SpaceActor:
    project: Project
    role: Role
    user: object | None = None
    pupil: PupilAccount | None = None

    def can(self, action: Action) -> bool:
        return can(self, action)

    @property
    def is_pupil(self) -> bool:
        return self.pupil is not None

    @property
    def label(self) -> str:
        return self.pupil.display_name if self.pupil else str(self.user)

    # Template-friendly flags.
    def __getattr__(self, name: str):
        if name.startswith("can_"):
            try:
                return can(self, Action(name[4:]))
            except ValueError:
                pass
        raise AttributeError(name)


def can(actor: SpaceActor | None, action: Action) -> bool:
    if actor is None or actor.role not in PERMISSIONS[action]:
        return False
    return action == Action.VIEW or actor.project.state in WRITABLE_STATES


def can_edit_journal_post(actor: SpaceActor | None, post) -> bool:
    """A journal update is edited by its author while they may still post in the
    journal, or by those who may delete it (:data:`Action.MODERATE`). Both need a
    writable project, so an archived space refuses edits like any other write."""
    if actor is None or post.project_id != actor.project.pk:
        return False
    if can(actor, Action.MODERATE):
        return True
    return post.is_by(actor) and can(actor, Action.POST_JOURNAL)


def teacher_role(user, project: Project) -> Role | None:
    role = project_permissions.role_of(user, project)
    if role == project_permissions.FOUNDER:
        return Role.TEACHER_ADMIN
    if role == project_permissions.PARTNER:
        promoted = TeacherAdmin.objects.filter(project=project, user=user).exists()
        return Role.TEACHER_ADMIN if promoted else Role.TEACHER
    if role == project_permissions.COLLABORATOR:
        return Role.OBSERVER
    if role == project_permissions.STAFF:
        return Role.STAFF
    return None


def pupil_of(request: HttpRequest, project: Project) -> PupilAccount | None:
    """The pupil logged in on this request, if their login belongs to ``project``
    and is still valid (active account, project not archived)."""
    pupil_id = request.session.get(SESSION_PUPIL_KEY)
    if not pupil_id:
        return None
    pupil = getattr(request, "_space_pupil", None)
    if pupil is None or pupil.pk != pupil_id:
        pupil = PupilAccount.objects.filter(pk=pupil_id, is_active=True).first()
        request._space_pupil = pupil
    if pupil is None or pupil.project_id != project.pk or not pupil_login_allowed(project):
        return None
    return pupil


def pupil_login_allowed(project: Project) -> bool:
    return project.state in WRITABLE_STATES


def actor_for(request: HttpRequest, project: Project) -> SpaceActor | None:
    if not project.space_is_open:
        return None
    user = request.user
    if user.is_authenticated:
        role = teacher_role(user, project)
        return SpaceActor(project=project, role=role, user=user) if role else None
    pupil = pupil_of(request, project)
    if pupil is not None:
        return SpaceActor(
            project=project, role=Role.PUPIL_ADMIN if pupil.is_admin else Role.PUPIL, pupil=pupil
        )
    return None


class NeedsLogin(Exception):
    """Anonymous visitor of an opened space: send them to the space's login page."""


def get_actor(request: HttpRequest, project_id: int, action: Action = Action.VIEW):
    """The project and the visitor's actor, or 404 (unknown project, closed space,
    not a member) / NeedsLogin (anonymous) / PermissionDenied (member lacking the
    right for ``action``)."""
    from django.core.exceptions import PermissionDenied

    project = Project.objects.filter(pk=project_id).first()
    if project is None or not project.space_is_open:
        raise Http404
    actor = actor_for(request, project)
    if actor is None:
        if not request.user.is_authenticated:
            raise NeedsLogin
        raise Http404
    if not can(actor, action):
        raise PermissionDenied
    return project, actor
