"""Every write of the groups app. Each service checks its permission again
(groups/permissions.py), so no caller can skip it; notifications are queued through
notifications.notify, which writes them after commit."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from accounts.models import Language, User
from accounts.scoping import can_act_for_service
from groups import permissions as perms
from groups.models import (
    Group,
    GroupStatus,
    JoinPolicy,
    MemberRole,
    Membership,
    MembershipStatus,
    Post,
    Resource,
    ResourceKind,
    Thread,
    ThreadFollow,
)
from notifications.services import notify
from partners import services as partner_reports
from partners.models import Report
from uploads.pipeline import IMAGE, check_upload
from uploads.richtext import is_blank, sanitize_html

MAX_IMAGE_BYTES = 5 * 1024 * 1024


def _path(viewname: str, **kwargs) -> str:
    """A language-neutral path for a notification (the list re-prefixes it)."""
    with translation.override(settings.LANGUAGE_CODE):
        return reverse(viewname, kwargs=kwargs)


def _image(uploaded) -> object:
    checked = check_upload(uploaded, kinds={IMAGE}, max_bytes=MAX_IMAGE_BYTES)
    return checked.as_file()


# --- Groups ------------------------------------------------------------------------------


@transaction.atomic
def group_propose(
    *,
    by: User,
    title: str,
    description: str,
    theme: str,
    join_policy: str = JoinPolicy.OPEN,
    languages: list[Language] | None = None,
    image=None,
) -> Group:
    """A validated teacher proposes a group to their support service; they become its
    first moderator once staff approve it (group_approve)."""
    perms.ensure(perms.can_propose(by), _("Seuls les enseignants validés proposent un groupe."))
    if by.support_service_id is None:
        raise ValidationError(_("Votre compte n'est rattaché à aucun bureau d'assistance."))
    # The text as typed is the group's French (fallback) text, shown in every language
    # until staff add translations in the admin.
    group = Group(
        title_fr=title.strip(),
        description_fr=description.strip(),
        theme=theme,
        join_policy=join_policy,
        service_id=by.support_service_id,
        status=GroupStatus.PROPOSED,
        created_by=by,
    )
    if image:
        group.image = _image(image)
    group.full_clean()
    group.save()
    group.languages.set(languages or [])
    Membership.objects.create(
        group=group,
        user=by,
        role=MemberRole.MODERATOR,
        status=MembershipStatus.ACTIVE,
        joined_at=timezone.now(),
    )
    return group


def _translated(field: str, value: str | dict[str, str]) -> dict[str, str]:
    """``{"title_fr": …, "title_nl": …}`` from a text (French) or a text per language."""
    values = value if isinstance(value, dict) else {settings.LANGUAGE_CODE: value}
    return {f"{field}_{code}": text.strip() for code, text in values.items()}


@transaction.atomic
def group_create(
    *,
    by: User,
    title: str | dict[str, str],
    description: str | dict[str, str],
    theme: str,
    service_id: int,
    join_policy: str = JoinPolicy.OPEN,
    featured: bool = False,
    languages: list[Language] | None = None,
) -> Group:
    """Staff create an approved group for their service's teachers (the admin checks
    the same scope through ServiceScopedAdmin). ``title``/``description``: French, or
    a text per language code."""
    perms.ensure(
        can_act_for_service(by, service_id),
        _("Ce groupe relève d'un autre bureau d'assistance."),
    )
    group = Group(
        **_translated("title", title),
        **_translated("description", description),
        theme=theme,
        join_policy=join_policy,
        service_id=service_id,
        featured=featured,
        status=GroupStatus.APPROVED,
        approved_at=timezone.now(),
        created_by=by,
    )
    group.full_clean()
    group.save()
    group.languages.set(languages or [])
    return group


@transaction.atomic
def group_approve(*, group: Group, by: User) -> Group:
    group = Group.objects.select_for_update().get(pk=group.pk)
    perms.ensure(
        can_act_for_service(by, group.service_id),
        _("Ce groupe relève d'un autre bureau d'assistance."),
    )
    if group.status != GroupStatus.PROPOSED:
        raise ValidationError(_("Ce groupe n'attend pas d'approbation."))
    group.status = GroupStatus.APPROVED
    group.approved_at = timezone.now()
    group.save(update_fields=["status", "approved_at"])
    return group


@transaction.atomic
def group_set_featured(*, group: Group, by: User, featured: bool) -> Group:
    perms.ensure(
        can_act_for_service(by, group.service_id),
        _("Ce groupe relève d'un autre bureau d'assistance."),
    )
    Group.objects.filter(pk=group.pk).update(featured=featured)
    group.refresh_from_db()
    return group


@transaction.atomic
def group_archive(*, group: Group, by: User) -> Group:
    perms.ensure(
        can_act_for_service(by, group.service_id),
        _("Ce groupe relève d'un autre bureau d'assistance."),
    )
    updated = Group.objects.filter(pk=group.pk, status=GroupStatus.APPROVED).update(
        status=GroupStatus.ARCHIVED
    )
    if not updated:
        raise ValidationError(_("Seul un groupe approuvé peut être archivé."))
    group.refresh_from_db()
    return group


# --- Memberships -------------------------------------------------------------------------


@transaction.atomic
def group_join(*, group: Group, user: User) -> Membership:
    """An open group: the teacher is a member at once. On request: a moderator
    accepts (membership_accept)."""
    actor = perms.actor_for(user, group)
    if actor.membership is not None and actor.membership.status == MembershipStatus.INVITED:
        return membership_accept(membership=actor.membership, by=user)
    perms.ensure(perms.can_join(actor), _("Vous ne pouvez pas rejoindre ce groupe."))
    active = group.join_policy == JoinPolicy.OPEN
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                group=group,
                user=user,
                status=MembershipStatus.ACTIVE if active else MembershipStatus.REQUESTED,
                joined_at=timezone.now() if active else None,
            )
    except IntegrityError:  # a double click: one membership per user and group
        return Membership.objects.get(group=group, user=user)
    return membership


@transaction.atomic
def membership_accept(*, membership: Membership, by: User) -> Membership:
    """A moderator accepts a request, or the invited teacher accepts the invitation."""
    membership = (
        Membership.objects.select_for_update().select_related("group").get(pk=membership.pk)
    )
    group = membership.group
    if membership.status == MembershipStatus.INVITED:
        perms.ensure(membership.user_id == by.pk and perms.is_teacher(by))
    elif membership.status == MembershipStatus.REQUESTED:
        perms.ensure(perms.can_moderate(perms.actor_for(by, group)))
    else:
        return membership
    perms.ensure(group.status == GroupStatus.APPROVED, _("Ce groupe n'est pas ouvert."))
    was_request = membership.status == MembershipStatus.REQUESTED
    membership.status = MembershipStatus.ACTIVE
    membership.joined_at = timezone.now()
    membership.save(update_fields=["status", "joined_at"])
    if was_request:
        notify(
            kind="groups.accepted",
            recipients=[membership.user_id],
            actor_id=by.pk,
            target=group,
            url=_path("groups:detail", pk=group.pk),
            params={"group": group.title},
        )
    return membership


@transaction.atomic
def membership_decline(*, membership: Membership, by: User) -> None:
    """A moderator refuses a request (or withdraws an invitation)."""
    membership = Membership.objects.select_related("group").get(pk=membership.pk)
    perms.ensure(perms.can_moderate(perms.actor_for(by, membership.group)))
    if membership.status == MembershipStatus.ACTIVE:
        raise ValidationError(_("Ce membre a déjà rejoint le groupe."))
    membership.delete()


@transaction.atomic
def membership_invite(*, group: Group, teacher: User, by: User) -> Membership:
    perms.ensure(perms.can_moderate(perms.actor_for(by, group)))
    if not perms.is_teacher(teacher):
        raise ValidationError(_("Seuls les enseignants validés peuvent être invités."))
    membership, created = Membership.objects.get_or_create(
        group=group,
        user=teacher,
        defaults={"status": MembershipStatus.INVITED, "invited_by": by},
    )
    if not created:
        if membership.status == MembershipStatus.REQUESTED:
            return membership_accept(membership=membership, by=by)
        return membership
    notify(
        kind="groups.invited",
        recipients=[teacher.pk],
        actor_id=by.pk,
        target=group,
        url=_path("groups:detail", pk=group.pk),
        params={"group": group.title},
    )
    return membership


@transaction.atomic
def membership_add(
    *, group: Group, teacher: User, by: User, role: str = MemberRole.MEMBER
) -> Membership:
    """Staff of the group's service make a teacher a member (or moderator) at once."""
    perms.ensure(
        can_act_for_service(by, group.service_id),
        _("Ce groupe relève d'un autre bureau d'assistance."),
    )
    if not perms.is_teacher(teacher):
        raise ValidationError(_("Seuls les enseignants validés peuvent être membres."))
    membership, _created = Membership.objects.update_or_create(
        group=group,
        user=teacher,
        defaults={
            "status": MembershipStatus.ACTIVE,
            "role": role,
            "joined_at": timezone.now(),
            "invited_by": by,
        },
    )
    return membership


@transaction.atomic
def member_remove(*, membership: Membership, by: User) -> None:
    """A moderator (or staff) removes a member; a member may leave. The group keeps
    at least one moderator."""
    membership = Membership.objects.select_related("group").get(pk=membership.pk)
    actor = perms.actor_for(by, membership.group)
    leaving = membership.user_id == by.pk
    perms.ensure(leaving or perms.can_moderate(actor))
    if not leaving and membership.is_moderator and not actor.is_group_staff:
        raise PermissionDenied(_("Seul le bureau d'assistance retire un modérateur."))
    if membership.is_moderator:
        moderators = Membership.objects.select_for_update().filter(
            group=membership.group, role=MemberRole.MODERATOR
        )
        if len(moderators) <= 1 and not actor.is_group_staff:
            raise ValidationError(_("Le groupe garde au moins un modérateur."))
    membership.delete()


@transaction.atomic
def member_set_role(*, membership: Membership, by: User, role: str) -> Membership:
    membership = Membership.objects.select_related("group").get(pk=membership.pk)
    perms.ensure(perms.can_moderate(perms.actor_for(by, membership.group)))
    if not membership.is_active:
        raise ValidationError(_("Seul un membre actif peut devenir modérateur."))
    membership.role = role
    membership.full_clean()
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_set_follow(*, membership: Membership, by: User, follows: bool) -> Membership:
    perms.ensure(membership.user_id == by.pk)
    Membership.objects.filter(pk=membership.pk).update(follows_activity=follows)
    membership.refresh_from_db()
    return membership


# --- Threads and posts -------------------------------------------------------------------


def _clean_body(body: str) -> str:
    if "<" not in body:  # typed without the editor: paragraphs from blank lines
        body = linebreaks(body, autoescape=True)
    cleaned = sanitize_html(body)
    if is_blank(cleaned):
        raise ValidationError({"body": _("Écrivez votre message.")})
    return cleaned


def _follow(thread: Thread, user: User) -> None:
    ThreadFollow.objects.bulk_create(
        [ThreadFollow(thread=thread, user=user)], ignore_conflicts=True
    )


@transaction.atomic
def thread_create(*, group: Group, by: User, title: str, body: str) -> Thread:
    """A thread and its first post; its author follows it; the members who follow the
    group's activity are notified."""
    perms.ensure(perms.can_write(perms.actor_for(by, group)))
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Donnez un titre à la discussion.")})
    cleaned = _clean_body(body)
    now = timezone.now()
    thread = Thread(group=group, title=title, author=by, last_post_at=now)
    thread.full_clean()
    thread.save()
    Post.objects.create(thread=thread, author=by, body=cleaned)
    _follow(thread, by)
    notify(
        kind="groups.thread",
        recipients=Membership.objects.filter(
            group=group, status=MembershipStatus.ACTIVE, follows_activity=True
        )
        .exclude(user=by)
        .values("user_id"),
        actor_id=by.pk,
        target=thread,
        url=_path("groups:thread", pk=group.pk, thread_id=thread.pk),
        params={"group": group.title, "thread": thread.title, "author": by.get_full_name()},
    )
    return thread


@transaction.atomic
def post_create(*, thread: Thread, by: User, body: str) -> Post:
    """A reply: its author follows the thread; the thread's other followers are
    notified."""
    thread = Thread.objects.select_for_update().select_related("group").get(pk=thread.pk)
    actor = perms.actor_for(by, thread.group)
    if thread.is_locked and not actor.is_moderator:
        raise PermissionDenied(_("Cette discussion est verrouillée."))
    perms.ensure(perms.can_reply(actor, thread))
    post = Post(thread=thread, author=by, body=_clean_body(body))
    post.full_clean()
    post.save()
    Thread.objects.filter(pk=thread.pk).update(last_post_at=post.created_at)
    _follow(thread, by)
    notify(
        kind="groups.reply",
        recipients=ThreadFollow.objects.filter(thread=thread).exclude(user=by).values("user_id"),
        actor_id=by.pk,
        target=post,
        url=_path("groups:thread", pk=thread.group_id, thread_id=thread.pk) + f"#post-{post.pk}",
        params={
            "group": thread.group.title,
            "thread": thread.title,
            "author": by.get_full_name(),
        },
    )
    return post


@transaction.atomic
def thread_follow(*, thread: Thread, by: User, follow: bool) -> None:
    perms.ensure(perms.can_read(perms.actor_for(by, thread.group)))
    if follow:
        _follow(thread, by)
    else:
        ThreadFollow.objects.filter(thread=thread, user=by).delete()


def _moderate_thread(thread: Thread, by: User, **fields) -> Thread:
    perms.ensure(perms.can_moderate(perms.actor_for(by, thread.group)))
    Thread.objects.filter(pk=thread.pk).update(**fields)
    thread.refresh_from_db()
    return thread


@transaction.atomic
def thread_pin(*, thread: Thread, by: User, pinned: bool = True) -> Thread:
    return _moderate_thread(thread, by, is_pinned=pinned)


@transaction.atomic
def thread_lock(*, thread: Thread, by: User, locked: bool = True) -> Thread:
    return _moderate_thread(thread, by, is_locked=locked)


@transaction.atomic
def thread_hide(*, thread: Thread, by: User, hidden: bool = True) -> Thread:
    return _moderate_thread(thread, by, is_hidden=hidden)


@transaction.atomic
def post_hide(*, post: Post, by: User, hidden: bool = True) -> Post:
    """A moderator hides (or shows again) a post; the open reports on it are closed."""
    post = Post.objects.select_related("thread__group").get(pk=post.pk)
    perms.ensure(perms.can_moderate(perms.actor_for(by, post.thread.group)))
    Post.objects.filter(pk=post.pk).update(is_hidden=hidden)
    post.refresh_from_db()
    partner_reports.reports_close_for_content(content=post, by=by, hidden=hidden)
    return post


@transaction.atomic
def post_report(*, post: Post, by: User, reason: str) -> Report:
    """A member reports a post: partners' reporting (the staff of the author's service
    see it on their desk), and the group's moderators on the group's page."""
    post = Post.objects.select_related("thread__group", "author").get(pk=post.pk)
    perms.ensure(
        perms.can_report(perms.actor_for(by, post.thread.group), post),
        _("Vous ne pouvez pas signaler ce message."),
    )
    report = partner_reports.report_create(reporter=by, reason=reason, content=post)
    group, thread = post.thread.group, post.thread
    notify(
        kind="groups.report",
        recipients=Membership.objects.filter(
            group=group, role=MemberRole.MODERATOR, status=MembershipStatus.ACTIVE
        )
        .exclude(user=post.author)
        .values("user_id"),
        actor_id=by.pk,
        target=post,
        url=_path("groups:thread", pk=group.pk, thread_id=thread.pk) + f"#post-{post.pk}",
        # The reporter stays anonymous to the moderators, as to the reported teacher.
        params={
            "group": group.title,
            "thread": thread.title,
            "author": post.author.get_full_name(),
        },
    )
    return report


# --- Resources ---------------------------------------------------------------------------


@transaction.atomic
def resource_add(*, group: Group, by: User, title: str, url: str = "", uploaded=None) -> Resource:
    """A link, or a file through the upload pipeline (documents and images)."""
    perms.ensure(perms.can_write(perms.actor_for(by, group)))
    if bool(url) == bool(uploaded):
        raise ValidationError(_("Donnez soit une adresse, soit un fichier."))
    resource = Resource(group=group, title=title.strip(), added_by=by)
    if url:
        resource.kind = ResourceKind.LINK
        resource.url = url.strip()
    else:
        checked = check_upload(
            uploaded,
            kinds={"document", IMAGE},
            max_bytes=settings.SPACE_MAX_UPLOAD_BYTES,
        )
        resource.kind = ResourceKind.FILE
        resource.file = checked.as_file()
        resource.content_type = checked.content_type
        resource.size = checked.size
        resource.original_name = checked.original_name
    # Saved last: if the surrounding transaction rolls back, the file written here is
    # an orphan the uploads app's sweep deletes (docs/uploads.md).
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def resource_hide(*, resource: Resource, by: User, hidden: bool = True) -> Resource:
    perms.ensure(
        resource.added_by_id == by.pk or perms.can_moderate(perms.actor_for(by, resource.group))
    )
    Resource.objects.filter(pk=resource.pk).update(is_hidden=hidden)
    resource.refresh_from_db()
    return resource
