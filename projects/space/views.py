"""Pages of a project space. Every view resolves the visitor through
:func:`projects.space.permissions.get_actor` (membership and role, server-side),
looks objects up *within the project* (another project's id gives 404) and calls
one service."""

from __future__ import annotations

import functools
from http import HTTPStatus

# allauth's internal rate limiting: the public wrapper reads allauth's own rates only and
# cannot roll back a successful attempt (django-allauth is pinned).
from allauth.core.internal import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.ids import parse_id
from projects.models import Membership, Project
from projects.space import selectors, services
from projects.space.forms import (
    CommentForm,
    JournalPostEditForm,
    JournalPostForm,
    MaterialForm,
    PageForm,
    PupilCreateForm,
    PupilLoginForm,
    ReplyForm,
    ThreadForm,
)
from projects.space.models import (
    FileKind,
    ForumReply,
    ForumThread,
    JournalComment,
    JournalPost,
    Material,
    Page,
    PupilAccount,
    StoredFile,
)
from projects.space.permissions import (
    SESSION_PUPIL_KEY,
    Action,
    NeedsLogin,
    actor_for,
    can_edit_journal_post,
    get_actor,
    pupil_login_allowed,
)

TABS = ("pages", "journal", "forums", "materials", "members", "activity")


def space_view(action: Action = Action.VIEW):
    """Resolve ``project_id`` into ``(project, actor)`` allowed to do ``action``;
    anonymous visitors go to the space's login page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request: HttpRequest, project_id: int, **kwargs):
            try:
                project, actor = get_actor(request, project_id, action)
            except NeedsLogin:
                login = reverse("space:login", kwargs={"project_id": project_id})
                return redirect(f"{login}?next={request.get_full_path()}")
            return view(request, project, actor, **kwargs)

        return wrapper

    return decorator


def _render(request, template: str, project: Project, actor, tab: str, context: dict | None = None):
    return render(
        request,
        template,
        {"project": project, "actor": actor, "tab": tab, "tabs": TABS, **(context or {})},
    )


def _errors_into(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- home and pages ----------------------------------------------------------------


@require_safe
@space_view()
def home(request, project, actor):
    return _render(
        request,
        "space/home.html",
        project,
        actor,
        "home",
        {
            "tree": selectors.page_tree(project),
            "posts": selectors.journal_posts(project)[:3],
            "threads": selectors.threads(project)[:5],
            "new_count": selectors.new_activity_count(actor),
        },
    )


@require_safe
@space_view()
def page_list(request, project, actor):
    return _render(
        request, "space/pages.html", project, actor, "pages", {"tree": selectors.page_tree(project)}
    )


@require_safe
@space_view()
def page_detail(request, project, actor, page_id: int):
    page = get_object_or_404(
        Page.objects.select_related("author_user"), project=project, pk=page_id
    )
    return _render(
        request,
        "space/page_detail.html",
        project,
        actor,
        "pages",
        {"page": page, "tree": selectors.page_tree(project), "children": page.children.all()},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@space_view(Action.MANAGE_PAGES)
def page_create(request, project, actor):
    initial = {}
    parent_id = request.GET.get("parent", "")
    if (parent_pk := parse_id(parent_id)) is not None:
        initial["parent"] = Page.objects.filter(project=project, pk=parent_pk).first()
    form = PageForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            page = services.page_create(actor=actor, **form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Page créée."))
            return redirect("space:page_detail", project_id=project.pk, page_id=page.pk)
    return _render(request, "space/page_form.html", project, actor, "pages", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@space_view(Action.MANAGE_PAGES)
def page_edit(request, project, actor, page_id: int):
    page = get_object_or_404(Page, project=project, pk=page_id)
    form = PageForm(
        request.POST or None,
        project=project,
        exclude=page,
        initial={
            "title": page.title,
            "body": page.body,
            "parent": page.parent,
            "is_public": page.is_public,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.page_update(actor=actor, page=page, **form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Page enregistrée."))
            return redirect("space:page_detail", project_id=project.pk, page_id=page.pk)
    return _render(
        request, "space/page_form.html", project, actor, "pages", {"form": form, "page": page}
    )


@require_POST
@space_view(Action.MANAGE_PAGES)
def page_move(request, project, actor, page_id: int):
    page = get_object_or_404(Page, project=project, pk=page_id)
    services.page_move(actor=actor, page=page, up=request.POST.get("direction") == "up")
    return redirect("space:pages", project_id=project.pk)


@require_safe
def public_page(request, project_id: int, page_id: int):
    """A public page, for anyone, when the project itself is public."""
    project = get_object_or_404(Project, pk=project_id)
    if not project.is_publicly_visible:
        raise Http404
    page = get_object_or_404(Page, project=project, pk=page_id, is_public=True)
    return render(request, "space/public_page.html", {"project": project, "page": page})


# --- journal -----------------------------------------------------------------------


@require_safe
@space_view()
def journal(request, project, actor):
    return _render(
        request,
        "space/journal.html",
        project,
        actor,
        "journal",
        {"posts": selectors.journal_posts(project)[:50]},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@space_view(Action.POST_JOURNAL)
def journal_create(request, project, actor):
    form = JournalPostForm(
        request.POST or None, request.FILES or None, can_publish=actor.can(Action.PUBLISH_JOURNAL)
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = services.journal_post_create(
                actor=actor,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                image=form.cleaned_data.get("image"),
                sound=form.cleaned_data.get("sound"),
                is_public=form.cleaned_data.get("is_public", False),
            )
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Mise à jour publiée dans le journal."))
            return redirect("space:journal_detail", project_id=project.pk, post_id=post.pk)
    return _render(request, "space/journal_form.html", project, actor, "journal", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@space_view()
def journal_detail(request, project, actor, post_id: int):
    try:
        post = selectors.journal_post_with_comments(project, post_id)
    except JournalPost.DoesNotExist as exc:
        raise Http404 from exc
    form = CommentForm(request.POST or None)
    if request.method == "POST":
        if not actor.can(Action.COMMENT):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.journal_comment_create(
                    actor=actor, post=post, body=form.cleaned_data["body"]
                )
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, _("Commentaire ajouté."))
                return redirect("space:journal_detail", project_id=project.pk, post_id=post.pk)
    return _render(
        request,
        "space/journal_detail.html",
        project,
        actor,
        "journal",
        {"post": post, "form": form, "can_edit": can_edit_journal_post(actor, post)},
    )


def _journal_post_to_edit(project, actor, post_id: int) -> JournalPost:
    post = get_object_or_404(
        JournalPost.objects.select_related("image", "sound"), project=project, pk=post_id
    )
    if not can_edit_journal_post(actor, post):
        raise PermissionDenied
    return post


@require_http_methods(["GET", "HEAD", "POST"])
@space_view()
def journal_edit(request, project, actor, post_id: int):
    post = _journal_post_to_edit(project, actor, post_id)
    form = JournalPostEditForm(request.POST or None, request.FILES or None, post=post)
    if request.method == "POST" and form.is_valid():
        try:
            services.journal_post_update(
                actor=actor,
                post=post,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                image=form.cleaned_data.get("image"),
                sound=form.cleaned_data.get("sound"),
                remove_image=form.cleaned_data.get("remove_image", False),
                remove_sound=form.cleaned_data.get("remove_sound", False),
            )
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Mise à jour enregistrée."))
            return redirect("space:journal_detail", project_id=project.pk, post_id=post.pk)
    return _render(
        request,
        "space/journal_form.html",
        project,
        actor,
        "journal",
        {"form": form, "post": post},
    )


@require_POST
@space_view(Action.PUBLISH_JOURNAL)
def journal_publish(request, project, actor, post_id: int):
    post = get_object_or_404(JournalPost, project=project, pk=post_id)
    is_public = request.POST.get("public") == "1"
    services.journal_post_set_public(actor=actor, post=post, is_public=is_public)
    messages.success(
        request,
        _("La mise à jour est publique.")
        if is_public
        else _("La mise à jour est réservée aux membres."),
    )
    return redirect("space:journal_detail", project_id=project.pk, post_id=post.pk)


# --- forums ------------------------------------------------------------------------


@require_safe
@space_view()
def forum(request, project, actor):
    return _render(
        request,
        "space/forum.html",
        project,
        actor,
        "forums",
        {"threads": selectors.threads(project)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@space_view(Action.OPEN_THREAD)
def thread_create(request, project, actor):
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.forum_thread_create(actor=actor, **form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            return redirect("space:thread_detail", project_id=project.pk, thread_id=thread.pk)
    return _render(request, "space/thread_form.html", project, actor, "forums", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@space_view()
def thread_detail(request, project, actor, thread_id: int):
    thread = get_object_or_404(
        ForumThread.objects.select_related("author_user", "author_pupil"),
        project=project,
        pk=thread_id,
    )
    form = ReplyForm(request.POST or None)
    if request.method == "POST":
        if not actor.can(Action.REPLY):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.forum_reply_create(
                    actor=actor, thread=thread, body=form.cleaned_data["body"]
                )
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, _("Réponse publiée."))
                return redirect("space:thread_detail", project_id=project.pk, thread_id=thread.pk)
    replies = thread.replies.select_related("author_user", "author_pupil")
    return _render(
        request,
        "space/thread_detail.html",
        project,
        actor,
        "forums",
        {"thread": thread, "replies": replies, "form": form},
    )


# --- materials and files -----------------------------------------------------------------


@require_safe
@space_view()
def material_list(request, project, actor):
    items = list(selectors.materials(project))
    return _render(
        request,
        "space/materials.html",
        project,
        actor,
        "materials",
        {
            "images": [m for m in items if m.kind == "image"],
            "sounds": [m for m in items if m.kind == "sound"],
            "documents": [m for m in items if m.kind == "document"],
            "videos": [m for m in items if m.kind == "video"],
            "used": services.project_storage_used(project),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@space_view(Action.ADD_MATERIAL)
def material_create(request, project, actor):
    form = MaterialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.material_create(
                actor=actor,
                kind=form.cleaned_data["kind"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                upload=form.cleaned_data.get("upload"),
                video_url=form.cleaned_data.get("video_url") or "",
            )
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("Ressource ajoutée."))
            return redirect("space:materials", project_id=project.pk)
    return _render(request, "space/material_form.html", project, actor, "materials", {"form": form})


def _file_visible_publicly(project: Project, stored: StoredFile) -> bool:
    return (
        project.is_publicly_visible
        and JournalPost.objects.filter(project=project, is_public=True)
        .filter(Q(image=stored) | Q(sound=stored))
        .exists()
    )


@require_http_methods(["GET", "HEAD"])
def file_serve(request, project_id: int, file_id: int):
    """A stored file, to those allowed to see it (members; anyone for the media of a
    public journal update of a public project), never sniffed nor rendered as a page."""
    project = get_object_or_404(Project, pk=project_id)
    stored = get_object_or_404(StoredFile, project=project, pk=file_id)
    if actor_for(request, project) is None and not _file_visible_publicly(project, stored):
        raise Http404
    try:
        handle = stored.file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    inline = stored.kind in (FileKind.IMAGE, FileKind.SOUND)
    response = FileResponse(
        handle,
        content_type=stored.content_type,
        as_attachment=not inline,
        filename=stored.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser were tricked into rendering it, the file can do nothing.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, max-age=3600"
    response._csp_exempt = True
    return response


# --- moderation ------------------------------------------------------------------------

DELETABLE = {
    "page": (Page, "project"),
    "post": (JournalPost, "project"),
    "comment": (JournalComment, "post__project"),
    "thread": (ForumThread, "project"),
    "reply": (ForumReply, "thread__project"),
    "material": (Material, "project"),
}


@require_POST
@space_view(Action.MODERATE)
def content_delete(request, project, actor, kind: str, object_id: int):
    if kind not in DELETABLE:
        raise Http404
    model, lookup = DELETABLE[kind]
    obj = get_object_or_404(model, pk=object_id, **{lookup: project})
    services.content_delete(actor=actor, obj=obj)
    messages.success(request, _("Supprimé."))
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return redirect(next_url)
    return redirect("space:home", project_id=project.pk)


# --- members, roles and pupils -------------------------------------------------------------


@require_safe
@space_view()
def members(request, project, actor):
    return _render(
        request, "space/members.html", project, actor, "members", selectors.members(project)
    )


@require_POST
@space_view(Action.MANAGE_ROLES)
def teacher_admin(request, project, actor, membership_id: int):
    membership = get_object_or_404(Membership, project=project, pk=membership_id)
    try:
        services.teacher_admin_set(
            actor=actor, membership=membership, is_admin=request.POST.get("admin") == "1"
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("space:members", project_id=project.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@space_view(Action.MANAGE_PUPILS)
def pupils(request, project, actor):
    form = PupilCreateForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            pupil, password = services.pupil_create(actor=actor, **form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            # Shown on this response only: the clear password is never stored.
            created = {"pupil": pupil, "password": password}
            form = PupilCreateForm(initial={"class_label": pupil.class_label})
    return _render(
        request,
        "space/pupils.html",
        project,
        actor,
        "members",
        {
            "form": form,
            "created": created,
            "pupils": PupilAccount.objects.filter(project=project).select_related("created_by"),
            "login_url": request.build_absolute_uri(
                reverse("space:login", kwargs={"project_id": project.pk})
            ),
        },
    )


def _pupil_action(request, project, actor, pupil_id: int, action):
    pupil = get_object_or_404(PupilAccount, project=project, pk=pupil_id)
    try:
        return pupil, action(pupil)
    except PermissionDenied:
        messages.error(request, _("Seul·e l'enseignant·e qui a créé ce compte peut le gérer."))
        return pupil, None


@require_POST
@space_view(Action.MANAGE_PUPILS)
def pupil_reset(request, project, actor, pupil_id: int):
    pupil, password = _pupil_action(
        request,
        project,
        actor,
        pupil_id,
        lambda p: services.pupil_reset_password(actor=actor, pupil=p),
    )
    if password is None:
        return redirect("space:pupils", project_id=project.pk)
    return _render(
        request,
        "space/pupils.html",
        project,
        actor,
        "members",
        {
            "form": PupilCreateForm(),
            "created": {"pupil": pupil, "password": password, "reset": True},
            "pupils": PupilAccount.objects.filter(project=project).select_related("created_by"),
            "login_url": request.build_absolute_uri(
                reverse("space:login", kwargs={"project_id": project.pk})
            ),
        },
    )


@require_POST
@space_view(Action.MANAGE_PUPILS)
def pupil_active(request, project, actor, pupil_id: int):
    _pupil_action(
        request,
        project,
        actor,
        pupil_id,
        lambda p: services.pupil_set_active(
            actor=actor, pupil=p, is_active=request.POST.get("active") == "1"
        ),
    )
    return redirect("space:pupils", project_id=project.pk)


@require_POST
@space_view(Action.MANAGE_ROLES)
def pupil_admin(request, project, actor, pupil_id: int):
    pupil = get_object_or_404(PupilAccount, project=project, pk=pupil_id)
    services.pupil_set_admin(actor=actor, pupil=pupil, is_admin=request.POST.get("admin") == "1")
    return redirect("space:members", project_id=project.pk)


# --- activity ------------------------------------------------------------------------------


@require_safe
@space_view()
def activity(request, project, actor):
    previous = services.visit_record(actor=actor)
    return _render(
        request,
        "space/activity.html",
        project,
        actor,
        "activity",
        {"feed": selectors.activity_feed(project, since=previous), "since": previous},
    )


# --- pupil login -----------------------------------------------------------------------------


def _pupil_login_attempt(request, project: Project, username: str):
    """One pupil login attempt counted by allauth's rate limiting (its cache counters, the
    client address as allauth takes it behind TRUSTED_PROXY_COUNT proxies): the usage, to
    roll back if the password is right, or None when guessing is stopped. Keyed on the
    pupil login, and more loosely on the address: a class behind one school NAT or the
    portal's proxy shares an address, so one pupil's mistakes must not lock the others out."""
    window = settings.SPACE_PUPIL_LOGIN_WINDOW_SECONDS
    rates = (
        f"{settings.SPACE_PUPIL_LOGIN_ATTEMPTS}/{window}s/key,"
        f"{settings.SPACE_PUPIL_LOGIN_ATTEMPTS_PER_ADDRESS}/{window}s/ip"
    )
    return ratelimit.consume(
        request,
        app="projects.space",
        action="pupil_login_failed",
        config={"pupil_login_failed": rates},
        key=f"{project.pk}:{username.strip().lower()}",
    )


@require_http_methods(["GET", "HEAD", "POST"])
def pupil_login(request, project_id: int):
    project = get_object_or_404(Project, pk=project_id)
    if not project.space_is_open:
        raise Http404
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}
    ) or not next_url.startswith(f"/{request.LANGUAGE_CODE}/projects/{project.pk}/space/"):
        next_url = reverse("space:home", kwargs={"project_id": project.pk})
    form = PupilLoginForm(request.POST or None)
    status = HTTPStatus.OK
    if request.method == "POST" and form.is_valid():
        attempt = _pupil_login_attempt(request, project, form.cleaned_data["username"])
        if attempt is None:
            status = HTTPStatus.TOO_MANY_REQUESTS
            form.add_error(None, _("Trop d'essais : attendez quelques minutes avant de réessayer."))
        else:
            try:
                pupil = services.pupil_authenticate(
                    project=project,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password"],
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                attempt.rollback()  # the right password is not a failed attempt
                # A teacher's session on the same browser ends; the session key is
                # renewed (no fixation).
                if request.user.is_authenticated:
                    auth_logout(request)
                request.session.cycle_key()
                request.session[SESSION_PUPIL_KEY] = pupil.pk
                return redirect(next_url)
    return render(
        request,
        "space/login.html",
        {
            "project": project,
            "form": form,
            "next": next_url,
            "closed": not pupil_login_allowed(project),
        },
        status=status,
    )


@require_POST
def pupil_logout(request, project_id: int):
    request.session.flush()
    return redirect("space:login", project_id=project_id)
