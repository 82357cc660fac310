"""Groups built through the services, as staff and teachers build them."""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.models import User
from accounts.tests.factories import SchoolFactory, StaffFactory, TeacherFactory, service
from groups import services
from groups.models import Group, JoinPolicy, MemberRole, Post, Theme, Thread


def make_group(
    *,
    staff: User | None = None,
    policy: str = JoinPolicy.OPEN,
    title: str | dict = "eSafety en classe",
    description: str | dict = "Partager nos pratiques de sécurité en ligne.",
    theme: str = Theme.ESAFETY,
    languages=None,
    featured: bool = False,
) -> Group:
    staff = staff or StaffFactory()
    return services.group_create(
        by=staff,
        title=title,
        description=description,
        theme=theme,
        service_id=staff.staff_service_id,
        join_policy=policy,
        featured=featured,
        languages=languages,
    )


def fwb_teacher(**kwargs) -> User:
    return TeacherFactory(school=SchoolFactory(support_service=service("be-fwb")), **kwargs)


@dataclass
class GroupWorld:
    """An open FWB group with a moderator, a member, a second member (``other``), a
    thread opened by the moderator with a reply by ``other``; a validated teacher
    outside the group; the staff of FWB (the group's service) and of Flanders."""

    group: Group
    moderator: User
    member: User
    other: User
    teacher: User
    staff_fwb: User
    staff_vl: User
    thread: Thread
    post: Post  # other's reply
    users: dict[str, User] = field(default_factory=dict)


def make_world(policy: str = JoinPolicy.OPEN) -> GroupWorld:
    staff_fwb = StaffFactory(staff_service=service("be-fwb"))
    staff_vl = StaffFactory(staff_service=service("be-vl"))
    group = make_group(staff=staff_fwb, policy=policy)
    moderator, member, other, teacher = (fwb_teacher() for _ in range(4))
    services.membership_add(group=group, teacher=moderator, by=staff_fwb, role=MemberRole.MODERATOR)
    services.membership_add(group=group, teacher=member, by=staff_fwb)
    services.membership_add(group=group, teacher=other, by=staff_fwb)
    thread = services.thread_create(
        group=group, by=moderator, title="Bienvenue", body="<p>Présentez-vous !</p>"
    )
    post = services.post_create(thread=thread, by=other, body="<p>Bonjour de Liège.</p>")
    return GroupWorld(
        group=group,
        moderator=moderator,
        member=member,
        other=other,
        teacher=teacher,
        staff_fwb=staff_fwb,
        staff_vl=staff_vl,
        thread=thread,
        post=post,
    )
