"""The groups' pages. Thin: load, ask groups/permissions.py, call one service,
redirect or render. Every POST works without JavaScript; the reply form also answers
htmx with the replies block only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.decorators.vary import vary_on_headers

from accounts.models import User
from groups import permissions as perms
from groups import selectors, services
from groups.forms import (
    GroupProposeForm,
    InviteForm,
    ReplyForm,
    ReportForm,
    ResourceForm,
    SearchForm,
    ThreadForm,
)
from groups.models import Group, Membership, MembershipStatus, Post, Resource, ResourceKind, Thread

PAGE_SIZE = 20


def _errors_into(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _group_for(request: HttpRequest, pk: int) -> perms.GroupActor:
    """The group and the reader's place in it; 404 for a group they may not see."""
    group = get_object_or_404(Group.objects.select_related("service"), pk=pk)
    actor = perms.actor_for(request.user, group)
    if not perms.can_view_group(actor):
        raise Http404
    return actor


def _readable(request: HttpRequest, pk: int) -> perms.GroupActor:
    actor = _group_for(request, pk)
    perms.ensure(
        perms.can_read(actor), _("Rejoignez le groupe pour lire ses discussions et ressources.")
    )
    return actor


def _thread_for(actor: perms.GroupActor, thread_id: int) -> Thread:
    thread = get_object_or_404(Thread, pk=thread_id, group=actor.group)
    if thread.is_hidden and not perms.can_moderate(actor):
        raise Http404
    return thread


# --- List, search, mine, propose ---------------------------------------------------------


@perms.groups_user_required
@require_safe
def group_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    filters: dict = {}
    if form.is_valid():
        language = form.cleaned_data["language"]
        filters = {
            "text": form.cleaned_data["q"],
            "theme": form.cleaned_data["theme"],
            "language_id": language.pk if language else None,
        }
    page = Paginator(selectors.group_search(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    mine = selectors.memberships_of(request.user)
    for group in page.object_list:
        group.my_membership = mine.get(group.pk)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "groups/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_propose": perms.can_propose(request.user),
        },
    )


@perms.groups_user_required
@require_safe
def my_groups(request: HttpRequest) -> HttpResponse:
    return render(request, "groups/mine.html", {"memberships": selectors.my_groups(request.user)})


@perms.groups_user_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_propose(request: HttpRequest) -> HttpResponse:
    perms.ensure(
        perms.can_propose(request.user), _("Seuls les enseignants validés proposent un groupe.")
    )
    form = GroupProposeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_propose(
                by=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                theme=form.cleaned_data["theme"],
                join_policy=form.cleaned_data["join_policy"],
                languages=list(form.cleaned_data["languages"]),
                image=form.cleaned_data["image"],
            )
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Merci : votre bureau d'assistance examinera le groupe proposé avant de l'ouvrir."
                ),
            )
            return redirect("groups:detail", pk=group.pk)
    return render(request, "groups/propose.html", {"form": form})


# --- A group -----------------------------------------------------------------------------


@perms.groups_user_required
@require_safe
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _group_for(request, pk)
    group = actor.group
    can_read = perms.can_read(actor)
    moderator = perms.can_moderate(actor)
    context = {
        "group": group,
        "actor": actor,
        "can_read": can_read,
        "can_join": perms.can_join(actor),
        "can_accept": perms.can_accept_invitation(actor),
        "can_write": perms.can_write(actor),
        "moderator": moderator,
        "languages": group.languages.all(),
    }
    if can_read:
        context.update(
            threads=selectors.visible_threads(group, moderator=moderator),
            resources=selectors.visible_resources(group, moderator=moderator),
            members=selectors.active_members(group),
        )
    if moderator:
        context.update(
            pending=selectors.pending_members(group),
            reports=selectors.open_reports(group),
            invite_form=InviteForm(),
        )
    return render(request, "groups/detail.html", context)


@perms.groups_user_required
@require_POST
def group_join(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _group_for(request, pk)
    membership = services.group_join(group=actor.group, user=request.user)
    if membership.status == MembershipStatus.ACTIVE:
        messages.success(request, _("Bienvenue dans le groupe !"))
    else:
        messages.success(request, _("Votre demande a été envoyée aux modérateurs du groupe."))
    return redirect("groups:detail", pk=pk)


@perms.groups_user_required
@require_POST
def group_leave(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _group_for(request, pk)
    perms.ensure(perms.can_leave(actor))
    try:
        services.member_remove(membership=actor.membership, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Vous avez quitté le groupe."))
    return redirect("groups:detail", pk=pk)


@perms.groups_user_required
@require_POST
def group_follow(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _group_for(request, pk)
    perms.ensure(actor.is_member)
    services.membership_set_follow(
        membership=actor.membership, by=request.user, follows=request.POST.get("follow") == "1"
    )
    return redirect("groups:detail", pk=pk)


@perms.groups_user_required
@require_POST
def member_action(request: HttpRequest, pk: int, membership_id: int) -> HttpResponse:
    """A moderator's action on a membership: accept, decline, remove, make moderator,
    make member."""
    actor = _group_for(request, pk)
    perms.ensure(perms.can_moderate(actor))  # one leaves through group_leave
    membership = get_object_or_404(Membership, pk=membership_id, group=actor.group)
    action = request.POST.get("action")
    actions = {
        "accept": lambda: services.membership_accept(membership=membership, by=request.user),
        "decline": lambda: services.membership_decline(membership=membership, by=request.user),
        "remove": lambda: services.member_remove(membership=membership, by=request.user),
        "moderator": lambda: services.member_set_role(
            membership=membership, by=request.user, role="moderator"
        ),
        "member": lambda: services.member_set_role(
            membership=membership, by=request.user, role="member"
        ),
    }
    if action not in actions:
        raise Http404
    try:
        actions[action]()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("C'est fait."))
    return redirect("groups:detail", pk=pk)


@perms.groups_user_required
@require_POST
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _group_for(request, pk)
    perms.ensure(perms.can_moderate(actor))
    form = InviteForm(request.POST)
    teacher = None
    if form.is_valid():
        teacher = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
    if teacher is None:
        messages.error(request, _("Aucun enseignant validé n'a cette adresse e-mail."))
        return redirect("groups:detail", pk=pk)
    try:
        services.membership_invite(group=actor.group, teacher=teacher, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Invitation envoyée."))
    return redirect("groups:detail", pk=pk)


# --- Threads -----------------------------------------------------------------------------


@perms.groups_user_required
@require_http_methods(["GET", "HEAD", "POST"])
def thread_new(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _readable(request, pk)
    perms.ensure(perms.can_write(actor))
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(
                group=actor.group,
                by=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            return redirect("groups:thread", pk=pk, thread_id=thread.pk)
    return render(request, "groups/thread_new.html", {"group": actor.group, "form": form})


def _thread_context(request: HttpRequest, actor: perms.GroupActor, thread: Thread, form) -> dict:
    moderator = perms.can_moderate(actor)
    return {
        "group": actor.group,
        "thread": thread,
        "posts": selectors.thread_posts(thread, moderator=moderator, user=request.user),
        "form": form,
        "can_reply": perms.can_reply(actor, thread),
        "moderator": moderator,
        "is_member": actor.is_member,
        "following": selectors.is_following(thread, request.user),
        "reported": selectors.reported_posts(actor.group) if moderator else {},
    }


@perms.groups_user_required
@require_http_methods(["GET", "HEAD", "POST"])
@vary_on_headers("HX-Request")
def thread_detail(request: HttpRequest, pk: int, thread_id: int) -> HttpResponse:
    """The thread and its replies; a POST is a reply (htmx: the replies block only)."""
    actor = _readable(request, pk)
    thread = _thread_for(actor, thread_id)
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        perms.ensure(perms.can_reply(actor, thread), _("Cette discussion est verrouillée."))
        if form.is_valid():
            try:
                post = services.post_create(
                    thread=thread, by=request.user, body=form.cleaned_data["body"]
                )
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                if not request.htmx:
                    return redirect(f"{request.path}#post-{post.pk}")
                form = ReplyForm()
    context = _thread_context(request, actor, thread, form)
    template = "groups/_replies.html" if request.htmx else "groups/thread.html"
    return render(request, template, context)


@perms.groups_user_required
@require_POST
def thread_follow(request: HttpRequest, pk: int, thread_id: int) -> HttpResponse:
    actor = _readable(request, pk)
    thread = _thread_for(actor, thread_id)
    services.thread_follow(thread=thread, by=request.user, follow=request.POST.get("follow") == "1")
    return redirect("groups:thread", pk=pk, thread_id=thread_id)


@perms.groups_user_required
@require_POST
def thread_moderate(request: HttpRequest, pk: int, thread_id: int) -> HttpResponse:
    actor = _group_for(request, pk)
    thread = get_object_or_404(Thread, pk=thread_id, group=actor.group)
    perms.ensure(perms.can_moderate(actor))
    action = request.POST.get("action")
    actions = {
        "pin": lambda: services.thread_pin(thread=thread, by=request.user, pinned=True),
        "unpin": lambda: services.thread_pin(thread=thread, by=request.user, pinned=False),
        "lock": lambda: services.thread_lock(thread=thread, by=request.user, locked=True),
        "unlock": lambda: services.thread_lock(thread=thread, by=request.user, locked=False),
        "hide": lambda: services.thread_hide(thread=thread, by=request.user, hidden=True),
        "show": lambda: services.thread_hide(thread=thread, by=request.user, hidden=False),
    }
    if action not in actions:
        raise Http404
    actions[action]()
    if action == "hide":
        return redirect("groups:detail", pk=pk)
    return redirect("groups:thread", pk=pk, thread_id=thread_id)


@perms.groups_user_required
@require_POST
def post_hide(request: HttpRequest, pk: int, post_id: int) -> HttpResponse:
    actor = _group_for(request, pk)
    post = get_object_or_404(Post, pk=post_id, thread__group=actor.group)
    perms.ensure(perms.can_moderate(actor))
    services.post_hide(post=post, by=request.user, hidden=request.POST.get("hidden") != "0")
    return redirect(
        reverse("groups:thread", kwargs={"pk": pk, "thread_id": post.thread_id})
        + f"#post-{post.pk}"
    )


@perms.groups_user_required
@require_http_methods(["GET", "HEAD", "POST"])
def post_report(request: HttpRequest, pk: int, post_id: int) -> HttpResponse:
    actor = _readable(request, pk)
    post = get_object_or_404(Post, pk=post_id, thread__group=actor.group, is_hidden=False)
    perms.ensure(perms.can_report(actor, post), _("Vous ne pouvez pas signaler ce message."))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_report(post=post, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Merci : les modérateurs du groupe et le bureau d'assistance examineront votre signalement."
                ),
            )
            return redirect("groups:thread", pk=pk, thread_id=post.thread_id)
    return render(request, "groups/report.html", {"group": actor.group, "post": post, "form": form})


# --- Resources ---------------------------------------------------------------------------


@perms.groups_user_required
@require_http_methods(["GET", "HEAD", "POST"])
def resource_new(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _readable(request, pk)
    perms.ensure(perms.can_write(actor))
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.resource_add(
                group=actor.group,
                by=request.user,
                title=form.cleaned_data["title"],
                url=form.cleaned_data["url"],
                uploaded=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Ressource ajoutée."))
            return redirect(reverse("groups:detail", kwargs={"pk": pk}) + "#resources")
    return render(request, "groups/resource_new.html", {"group": actor.group, "form": form})


def _serve(field, *, content_type: str, filename: str, inline: bool) -> FileResponse:
    """A stored file, never sniffed nor rendered as a page (as the project space's)."""
    try:
        handle = field.open("rb")
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, content_type=content_type, as_attachment=not inline, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, max-age=3600"
    response._csp_exempt = True
    return response


@perms.groups_user_required
@require_http_methods(["GET", "HEAD"])
def resource_file(request: HttpRequest, pk: int, resource_id: int) -> FileResponse:
    actor = _readable(request, pk)
    resource = get_object_or_404(
        Resource, pk=resource_id, group=actor.group, kind=ResourceKind.FILE
    )
    if resource.is_hidden and not perms.can_moderate(actor):
        raise Http404
    return _serve(
        resource.file,
        content_type=resource.content_type,
        filename=resource.original_name,
        inline=resource.content_type.startswith("image/"),
    )


@perms.groups_user_required
@require_http_methods(["GET", "HEAD"])
def group_image(request: HttpRequest, pk: int) -> FileResponse:
    actor = _group_for(request, pk)
    if not actor.group.image:
        raise Http404
    name = actor.group.image.name
    content_type = {"png": "image/png", "webp": "image/webp"}.get(
        name.rsplit(".", 1)[-1], "image/jpeg"
    )
    return _serve(actor.group.image, content_type=content_type, filename=name, inline=True)
