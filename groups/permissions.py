"""Who may do what in a group: the one place every view and service asks.

- A group's page (title, description, join button) is shown to validated teachers and
  staff; a proposed group only to who proposed it and the staff of its service.
- Its threads, resources and members: to its active members, the staff of the group's
  service and superusers.
- Writing (thread, reply, resource): active members while the group is approved; a
  locked thread takes replies from its moderators only.
- Moderating (pin, lock, hide, remove a member, accept, invite): the group's
  moderators, the staff of the group's service and superusers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scoping import can_act_for_service
from groups.models import Group, GroupStatus, JoinPolicy, Membership, Post, Thread


@dataclass(frozen=True)
class GroupActor:
    user: User
    group: Group
    membership: Membership | None

    @property
    def is_member(self) -> bool:
        return self.membership is not None and self.membership.is_active

    @property
    def is_moderator(self) -> bool:
        return self.membership is not None and self.membership.is_moderator

    @property
    def is_group_staff(self) -> bool:
        return can_act_for_service(self.user, self.group.service_id)


def actor_for(user: User, group: Group) -> GroupActor:
    membership = None
    if user.is_authenticated:
        membership = Membership.objects.filter(group=group, user=user).first()
    return GroupActor(user=user, group=group, membership=membership)


def is_teacher(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_validated_teacher)


def can_use_groups(user: User) -> bool:
    """The groups' list and pages: validated teachers and staff."""
    return is_teacher(user) or bool(user.is_authenticated and user.is_active and user.is_staff)


def can_propose(user: User) -> bool:
    return is_teacher(user)


def can_view_group(actor: GroupActor) -> bool:
    if not can_use_groups(actor.user):
        return False
    if actor.group.status == GroupStatus.PROPOSED:
        return actor.is_group_staff or actor.group.created_by_id == actor.user.pk
    return True


def can_read(actor: GroupActor) -> bool:
    """Threads, posts, resources and the member list."""
    if actor.group.status == GroupStatus.PROPOSED:
        return actor.is_group_staff
    return actor.is_member or actor.is_group_staff


def can_join(actor: GroupActor) -> bool:
    """Join an open group, or ask to join one on request."""
    return (
        is_teacher(actor.user)
        and actor.group.status == GroupStatus.APPROVED
        and actor.group.join_policy in (JoinPolicy.OPEN, JoinPolicy.REQUEST)
        and actor.membership is None
    )


def can_accept_invitation(actor: GroupActor) -> bool:
    return (
        is_teacher(actor.user)
        and actor.group.status == GroupStatus.APPROVED
        and actor.membership is not None
        and actor.membership.status == "invited"
    )


def can_leave(actor: GroupActor) -> bool:
    return actor.membership is not None


def can_write(actor: GroupActor) -> bool:
    """Open a thread, add a resource."""
    return actor.is_member and is_teacher(actor.user) and actor.group.is_open_for_writing


def can_reply(actor: GroupActor, thread: Thread) -> bool:
    if not can_write(actor) or thread.is_hidden:
        return False
    return not thread.is_locked or actor.is_moderator


def can_moderate(actor: GroupActor) -> bool:
    """Pin, lock, hide, remove a member, accept a request, invite."""
    return actor.is_moderator or actor.is_group_staff


def can_report(actor: GroupActor, post: Post) -> bool:
    return actor.is_member and is_teacher(actor.user) and post.author_id != actor.user.pk


def ensure(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message or _("Vous n'avez pas accès à cette action du groupe."))


def groups_user_required(view):
    """Login required, then a validated teacher or staff: others get a 403 page."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        ensure(
            can_use_groups(request.user),
            _("Les groupes sont réservés aux enseignants validés."),
        )
        return view(request, *args, **kwargs)

    return wrapper
