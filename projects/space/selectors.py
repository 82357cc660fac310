"""Reads of a project space for its pages, the public project page and the dashboard."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from projects.models import CollaboratorStatus, MemberStatus, Project
from projects.space.models import (
    Activity,
    ForumThread,
    JournalComment,
    JournalPost,
    LastVisit,
    Material,
    Page,
    PupilAccount,
    TeacherAdmin,
)
from projects.space.permissions import SpaceActor


@dataclass
class PageNode:
    page: Page
    children: list[PageNode]
    depth: int


def page_tree(project: Project, *, public_only: bool = False) -> list[PageNode]:
    """All pages of the space as an ordered tree, from one query."""
    pages = Page.objects.filter(project=project).only(
        "id", "title", "parent_id", "position", "is_public"
    )
    if public_only:
        pages = pages.filter(is_public=True)
    by_parent: dict[int | None, list[Page]] = {}
    ids = set()
    for page in pages:
        by_parent.setdefault(page.parent_id, []).append(page)
        ids.add(page.pk)

    def build(parent_id: int | None, depth: int) -> list[PageNode]:
        return [
            PageNode(page, build(page.pk, depth + 1), depth)
            for page in by_parent.get(parent_id, [])
        ]

    roots = build(None, 0)
    if public_only:
        # A public page under a members-only one is shown at the top level.
        roots += [
            PageNode(p, build(p.pk, 1), 0)
            for parent_id, children in by_parent.items()
            if parent_id is not None and parent_id not in ids
            for p in children
        ]
    return roots


def flat_tree(nodes: list[PageNode]) -> list[PageNode]:
    out: list[PageNode] = []
    for node in nodes:
        out.append(node)
        out.extend(flat_tree(node.children))
    return out


def _authored(qs: QuerySet) -> QuerySet:
    return qs.select_related("author_user", "author_pupil")


def journal_posts(project: Project, *, public_only: bool = False) -> QuerySet[JournalPost]:
    qs = _authored(JournalPost.objects.filter(project=project)).select_related("image", "sound")
    if public_only:
        qs = qs.filter(is_public=True)
    return qs.annotate(comment_count=Count("comments"))


def journal_post_with_comments(project: Project, post_id: int) -> JournalPost:
    return (
        _authored(JournalPost.objects.filter(project=project))
        .select_related("image", "sound")
        .prefetch_related(
            Prefetch(
                "comments",
                queryset=_authored(JournalComment.objects.all()),
                to_attr="comment_list",
            )
        )
        .get(pk=post_id)
    )


def threads(project: Project) -> QuerySet[ForumThread]:
    return _authored(ForumThread.objects.filter(project=project)).annotate(
        reply_count=Count("replies")
    )


def materials(project: Project) -> QuerySet[Material]:
    return _authored(Material.objects.filter(project=project)).select_related("file")


def members(project: Project) -> dict:
    memberships = list(
        project.memberships.filter(status=MemberStatus.ACTIVE)
        .select_related("user", "school__country")
        .order_by("role", "joined_at")
    )
    promoted = set(TeacherAdmin.objects.filter(project=project).values_list("user_id", flat=True))
    for membership in memberships:
        membership.space_admin = membership.is_founder or membership.user_id in promoted
    return {
        "teachers": memberships,
        "observers": list(project.collaborators.filter(status=CollaboratorStatus.ACCEPTED)),
        "pupils": list(
            PupilAccount.objects.filter(project=project, is_active=True).select_related(
                "created_by"
            )
        ),
    }


def activity_feed(project: Project, *, since=None, limit: int = 50) -> list[Activity]:
    rows = list(Activity.objects.filter(project=project)[:limit])
    for row in rows:
        row.is_new = since is None or row.created_at > since
    return rows


def last_visit(actor: SpaceActor):
    key = {"pupil": actor.pupil} if actor.pupil else {"user": actor.user}
    visit = LastVisit.objects.filter(project=actor.project, **key).first()
    return visit.visited_at if visit else None


def new_activity_count(actor: SpaceActor) -> int:
    since = last_visit(actor)
    qs = Activity.objects.filter(project=actor.project)
    if since is not None:
        qs = qs.filter(created_at__gt=since)
    return qs.count()


# --- extension points --------------------------------------------------------------------


def public_panel(project: Project) -> dict | None:
    """PROJECT_PUBLIC_PANELS: the public journal updates and public pages."""
    if not project.space_is_open:
        return None
    posts = list(journal_posts(project, public_only=True)[:5])
    pages = flat_tree(page_tree(project, public_only=True))
    if not posts and not pages:
        return None
    return {"template": "space/_public_panel.html", "posts": posts, "pages": pages}


def dashboard_panel(user) -> dict | None:
    """DASHBOARD_PANELS: the teacher's project spaces with what is new in each."""
    if not getattr(user, "is_authenticated", False) or user.is_staff:
        return None
    projects = list(
        Project.objects.opened()
        .filter(memberships__user=user, memberships__status=MemberStatus.ACTIVE)
        .distinct()
        .order_by("-activated_at")[:8]
    )
    if not projects:
        return None
    visits = dict(
        LastVisit.objects.filter(user=user, project__in=projects).values_list(
            "project_id", "visited_at"
        )
    )
    # One grouped query for every space: what changed since my last visit to each.
    since = Q()
    for project in projects:
        visited = visits.get(project.pk)
        since |= Q(project=project, created_at__gt=visited) if visited else Q(project=project)
    new = dict(
        Activity.objects.filter(since)
        .values("project")
        .annotate(n=Count("pk"))
        .values_list("project", "n")
    )
    spaces = [{"project": project, "new": new.get(project.pk, 0)} for project in projects]
    return {"template": "space/_dashboard_panel.html", "spaces": spaces}


def user_data_export(user) -> dict:
    """USER_DATA_EXPORTERS: what the teacher wrote in project spaces."""
    return {
        "project_space": {
            "pages": list(
                Page.objects.filter(author_user=user).values("project_id", "title", "created_at")
            ),
            "journal": list(
                JournalPost.objects.filter(author_user=user).values(
                    "project_id", "title", "body", "created_at"
                )
            ),
            "forum_threads": list(
                ForumThread.objects.filter(author_user=user).values(
                    "project_id", "title", "body", "created_at"
                )
            ),
        }
    }
