"""Reads of the groups app: the list and its search, a group's page, "my groups", the
GDPR export, the reports waiting for a group's moderators."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import get_language

from accounts.models import User
from groups.models import (
    Group,
    GroupStatus,
    Membership,
    MembershipStatus,
    Post,
    Resource,
    Thread,
    ThreadFollow,
)
from partners.models import Report, ReportStatus


def _search_languages() -> list[str]:
    """The reader's language first, then French (the source every group has)."""
    codes = [code for code, _name in settings.LANGUAGES]
    current = (get_language() or settings.LANGUAGE_CODE)[:2]
    ordered = [current] if current in codes else []
    if settings.LANGUAGE_CODE not in ordered:
        ordered.append(settings.LANGUAGE_CODE)
    return ordered


def group_search(
    *, text: str = "", theme: str = "", language_id: int | None = None
) -> QuerySet[Group]:
    """Approved groups matching a text (title and description in the reader's language
    and in French), a theme and a working language; featured first. A few thousand
    groups: the status/theme index narrows, the text is a substring match."""
    groups = Group.objects.listed()
    if theme:
        groups = groups.filter(theme=theme)
    if language_id:
        groups = groups.filter(languages__id=language_id)
    words = text.split()[:5]
    for word in words:
        match = Q()
        for code in _search_languages():
            match |= Q(**{f"title_{code}__icontains": word})
            match |= Q(**{f"description_{code}__icontains": word})
        groups = groups.filter(match)
    return (
        groups.annotate(
            member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.ACTIVE))
        )
        .prefetch_related("languages")
        .order_by("-featured", "title")
        .distinct()
    )


def memberships_of(user: User) -> dict[int, Membership]:
    """The user's memberships by group id (for the list's buttons)."""
    if not user.is_authenticated:
        return {}
    return {m.group_id: m for m in Membership.objects.filter(user=user)}


def my_groups(user: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .exclude(group__status=GroupStatus.ARCHIVED)
        .select_related("group")
        .order_by("group__title")
    )


def visible_threads(group: Group, *, moderator: bool) -> QuerySet[Thread]:
    threads = group.threads.all()
    if not moderator:
        threads = threads.filter(is_hidden=False)
    return threads.annotate(
        reply_count=Count("posts", filter=Q(posts__is_hidden=False)) - 1
    ).select_related("author")


def thread_posts(thread: Thread, *, moderator: bool, user: User) -> QuerySet[Post]:
    posts = thread.posts.select_related("author", "author__school")
    if not moderator:
        # A member sees their own hidden post (marked as hidden), not the others'.
        posts = posts.filter(Q(is_hidden=False) | Q(author=user))
    return posts


def visible_resources(group: Group, *, moderator: bool) -> QuerySet[Resource]:
    resources = group.resources.select_related("added_by")
    return resources if moderator else resources.filter(is_hidden=False)


def active_members(group: Group) -> QuerySet[Membership]:
    return (
        group.memberships.filter(status=MembershipStatus.ACTIVE)
        .select_related("user", "user__school")
        .order_by("-role", "user__last_name", "user__first_name")
    )


def pending_members(group: Group) -> QuerySet[Membership]:
    return (
        group.memberships.exclude(status=MembershipStatus.ACTIVE)
        .select_related("user", "user__school")
        .order_by("status", "created_at")
    )


def is_following(thread: Thread, user: User) -> bool:
    return ThreadFollow.objects.filter(thread=thread, user=user).exists()


def open_reports(group: Group) -> QuerySet[Report]:
    """The open reports on the group's posts, for its moderators."""
    post_type = ContentType.objects.get_for_model(Post)
    return (
        Report.objects.filter(
            content_type=post_type,
            status=ReportStatus.OPEN,
            object_id__in=Post.objects.filter(thread__group=group).values("pk"),
        )
        .annotate(
            thread_id=Subquery(Post.objects.filter(pk=OuterRef("object_id")).values("thread_id"))
        )
        .select_related("reported_teacher", "reporter")
        .order_by("created_at")
    )


def reported_posts(group: Group) -> dict[int, int]:
    """Post id -> number of open reports."""
    counts: dict[int, int] = {}
    for object_id in open_reports(group).values_list("object_id", flat=True):
        counts[object_id] = counts.get(object_id, 0) + 1
    return counts


def dashboard_panel(user: User) -> dict[str, Any] | None:
    if user.is_staff or not user.is_validated_teacher:
        return None
    memberships = list(my_groups(user)[:8])
    return {"template": "groups/_dashboard_panel.html", "memberships": memberships}


def user_data_export(user: User) -> dict[str, Any]:
    return {
        "group_memberships": [
            {
                "group": m.group.title,
                "role": m.role,
                "status": m.status,
                "follows_activity": m.follows_activity,
                "joined_at": m.joined_at.isoformat() if m.joined_at else None,
            }
            for m in Membership.objects.filter(user=user).select_related("group")
        ],
        "group_posts": [
            {
                "group": p.thread.group.title,
                "thread": p.thread.title,
                "body": p.body,
                "hidden": p.is_hidden,
                "created_at": p.created_at.isoformat(),
            }
            for p in Post.objects.filter(author=user).select_related("thread__group")
        ],
        "group_resources": [
            {
                "group": r.group.title,
                "title": r.title,
                "url": r.url,
                "file": r.original_name,
                "created_at": r.created_at.isoformat(),
            }
            for r in Resource.objects.filter(added_by=user).select_related("group")
        ],
        "followed_group_threads": list(
            ThreadFollow.objects.filter(user=user).values_list("thread__title", flat=True)
        ),
    }
