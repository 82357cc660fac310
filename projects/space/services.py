"""Writes in a project space. Every service takes the acting :class:`SpaceActor`
(already checked by the view against :mod:`projects.space.permissions`) and
re-checks the rule it enforces, so no caller can skip it."""

from __future__ import annotations

import re
import secrets
import uuid
from urllib.parse import parse_qs, urlparse

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from projects.models import MemberRole, Membership, MemberStatus, Project
from projects.space.models import (
    Activity,
    ActivityKind,
    FileKind,
    ForumReply,
    ForumThread,
    JournalComment,
    JournalPost,
    LastVisit,
    Material,
    MaterialKind,
    Page,
    PupilAccount,
    StoredFile,
    TeacherAdmin,
)
from projects.space.permissions import (
    Action,
    SpaceActor,
    can,
    can_edit_journal_post,
    pupil_login_allowed,
)
from uploads.pipeline import check_upload, refuse
from uploads.richtext import is_blank, sanitize_html

# No look-alike characters (l/1, o/0, i).
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105


def _ensure(actor: SpaceActor, action: Action) -> None:
    if not can(actor, action):
        raise PermissionDenied


def _authorship(actor: SpaceActor) -> dict:
    return {"author_user": actor.user, "author_pupil": actor.pupil}


def _record(actor: SpaceActor, kind: str, title: str, target_id: int) -> None:
    Activity.objects.create(
        project=actor.project,
        kind=kind,
        actor_label=actor.label[:200],
        target_title=title[:200],
        target_id=target_id,
    )


def _rich(body: str, field: str = "body") -> str:
    clean = sanitize_html(body)
    if is_blank(clean):
        raise ValidationError(
            {field: _("Le texte est vide (après nettoyage de la mise en forme).")}
        )
    return clean


# --- files -------------------------------------------------------------------------


def project_storage_used(project: Project) -> int:
    return StoredFile.objects.filter(project=project).aggregate(total=Sum("size"))["total"] or 0


def _check_quota(size: int, *, used: int) -> None:
    quota = settings.SPACE_PROJECT_QUOTA_BYTES
    if used + size > quota:
        raise refuse(
            _(
                "L'espace de stockage du projet est plein (%(quota)s Mo) : supprimez des "
                "ressources avant d'en ajouter."
            )
            % {"quota": round(quota / 1_048_576, 1)}
        )


def _file_store(
    *, actor: SpaceActor, uploaded, kind: str, freed: int = 0
) -> tuple[StoredFile, str]:
    """Check ``uploaded`` in memory (the upload pipeline, then the project's quota),
    then write it under a generated name. Returns the row and the storage name so the
    caller can delete the file if the surrounding transaction fails. ``freed``: bytes
    of files the same write deletes (a replaced photo), not counted against the quota."""
    used = max(project_storage_used(actor.project) - freed, 0)
    checked = check_upload(
        uploaded,
        kinds={kind},
        max_bytes=settings.SPACE_MAX_UPLOAD_BYTES,
        max_pixels=settings.SPACE_MAX_IMAGE_PIXELS,
    )
    # The quota holds for the file as sent as well as for what is stored.
    _check_quota(max(getattr(uploaded, "size", 0) or 0, checked.size), used=used)
    name = f"space/{actor.project.pk}/{uuid.uuid4().hex}{checked.extension}"
    stored_name = default_storage.save(name, ContentFile(checked.content))
    try:
        row = StoredFile(
            project=actor.project,
            kind=checked.kind,
            file=stored_name,
            content_type=checked.content_type,
            size=checked.size,
            original_name=checked.original_name,
            uploaded_by=actor.user,
            uploaded_by_pupil=actor.pupil,
        )
        row.full_clean()
        row.save()
    except Exception:
        default_storage.delete(stored_name)
        raise
    return row, stored_name


class _StoredFiles:
    """Collects files written during a service; deletes them if it fails, so that
    nothing is half-stored."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def __enter__(self) -> _StoredFiles:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            for name in self.names:
                default_storage.delete(name)

    def store(self, *, actor: SpaceActor, uploaded, kind: str, freed: int = 0) -> StoredFile:
        row, name = _file_store(actor=actor, uploaded=uploaded, kind=kind, freed=freed)
        self.names.append(name)
        return row


def _validate_upload_field(field: str, function):
    try:
        return function()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise
        raise ValidationError({field: exc.messages}) from exc


# --- pages -------------------------------------------------------------------------


def _check_parent(project: Project, parent: Page | None, page: Page | None = None) -> None:
    if parent is None:
        return
    if parent.project_id != project.pk:
        raise ValidationError({"parent": _("Cette page parente n'existe pas dans ce projet.")})
    node = parent
    while node is not None:
        if page is not None and node.pk == page.pk:
            raise ValidationError({"parent": _("Une page ne peut pas être rangée sous elle-même.")})
        node = node.parent


@transaction.atomic
def page_create(
    *, actor: SpaceActor, title: str, body: str, parent: Page | None = None, is_public: bool = False
) -> Page:
    _ensure(actor, Action.MANAGE_PAGES)
    _check_parent(actor.project, parent)
    last = Page.objects.filter(project=actor.project, parent=parent).aggregate(m=Max("position"))
    page = Page(
        project=actor.project,
        parent=parent,
        title=title.strip(),
        body=_rich(body),
        is_public=is_public,
        position=(last["m"] or 0) + 1,
        **_authorship(actor),
    )
    page.full_clean()
    page.save()
    _record(actor, ActivityKind.PAGE_CREATED, page.title, page.pk)
    return page


@transaction.atomic
def page_update(
    *, actor: SpaceActor, page: Page, title: str, body: str, parent: Page | None, is_public: bool
) -> Page:
    _ensure(actor, Action.MANAGE_PAGES)
    _check_parent(actor.project, parent, page)
    if parent != page.parent:
        last = Page.objects.filter(project=actor.project, parent=parent).aggregate(
            m=Max("position")
        )
        page.position = (last["m"] or 0) + 1
    page.title = title.strip()
    page.body = _rich(body)
    page.parent = parent
    page.is_public = is_public
    page.full_clean()
    page.save()
    _record(actor, ActivityKind.PAGE_UPDATED, page.title, page.pk)
    return page


@transaction.atomic
def page_move(*, actor: SpaceActor, page: Page, up: bool) -> None:
    """Swap the page with its previous (``up``) or next sibling."""
    _ensure(actor, Action.MANAGE_PAGES)
    siblings = list(
        Page.objects.select_for_update().filter(project=actor.project, parent_id=page.parent_id)
    )
    index = next(i for i, p in enumerate(siblings) if p.pk == page.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            Page.objects.filter(pk=sibling.pk).update(position=position)


# --- journal -------------------------------------------------------------------------


def journal_post_create(
    *,
    actor: SpaceActor,
    title: str,
    body: str,
    image=None,
    sound=None,
    is_public: bool = False,
) -> JournalPost:
    _ensure(actor, Action.POST_JOURNAL)
    if is_public and not can(actor, Action.PUBLISH_JOURNAL):
        is_public = False
    clean_body = _rich(body)
    with _StoredFiles() as files, transaction.atomic():
        image_row = (
            _validate_upload_field(
                "image", lambda: files.store(actor=actor, uploaded=image, kind=FileKind.IMAGE)
            )
            if image
            else None
        )
        sound_row = (
            _validate_upload_field(
                "sound", lambda: files.store(actor=actor, uploaded=sound, kind=FileKind.SOUND)
            )
            if sound
            else None
        )
        post = JournalPost(
            project=actor.project,
            title=title.strip(),
            body=clean_body,
            image=image_row,
            sound=sound_row,
            is_public=is_public,
            **_authorship(actor),
        )
        post.full_clean()
        post.save()
        _record(actor, ActivityKind.JOURNAL_POSTED, post.title, post.pk)
    return post


def journal_post_update(
    *,
    actor: SpaceActor,
    post: JournalPost,
    title: str,
    body: str,
    image=None,
    sound=None,
    remove_image: bool = False,
    remove_sound: bool = False,
) -> JournalPost:
    """Edit a journal update (its author, or a moderator). The text is sanitised as
    on creation; a new photo or sound goes through the same upload checks and
    replaces the old one (a new file wins over ``remove_*``); replaced or removed
    files are deleted once the change is committed.

    Only teachers decide what is shown to the world: a public update edited by
    someone who may not publish becomes members-only until a teacher publishes it
    again."""
    if not can_edit_journal_post(actor, post):
        raise PermissionDenied
    clean_body = _rich(body)
    with _StoredFiles() as files, transaction.atomic():
        # Lock the row: two edits replacing the same photo must not both delete it.
        post = JournalPost.objects.select_for_update().get(pk=post.pk, project=actor.project)
        changes = (
            ("image", FileKind.IMAGE, image, remove_image),
            ("sound", FileKind.SOUND, sound, remove_sound),
        )
        dropped_ids = [
            getattr(post, f"{field}_id")
            for field, _kind, new, remove in changes
            if getattr(post, f"{field}_id") and (new or remove)
        ]
        dropped = list(StoredFile.objects.filter(pk__in=dropped_ids, project=actor.project))
        freed = sum(f.size for f in dropped)
        for field, kind, new, remove in changes:
            if new:
                stored = _validate_upload_field(
                    field,
                    lambda new=new, kind=kind: files.store(
                        actor=actor, uploaded=new, kind=kind, freed=freed
                    ),
                )
                setattr(post, field, stored)
            elif remove:
                setattr(post, field, None)
        post.title = title.strip()
        post.body = clean_body
        if post.is_public and not can(actor, Action.PUBLISH_JOURNAL):
            post.is_public = False
        post.full_clean()
        post.save()
        # Their files leave storage after commit (django-cleanup).
        StoredFile.objects.filter(pk__in=[f.pk for f in dropped]).delete()
        _record(actor, ActivityKind.JOURNAL_UPDATED, post.title, post.pk)
    return post


@transaction.atomic
def journal_post_set_public(*, actor: SpaceActor, post: JournalPost, is_public: bool) -> None:
    _ensure(actor, Action.PUBLISH_JOURNAL)
    post.is_public = is_public
    post.save(update_fields=["is_public"])


@transaction.atomic
def journal_comment_create(*, actor: SpaceActor, post: JournalPost, body: str) -> JournalComment:
    _ensure(actor, Action.COMMENT)
    comment = JournalComment(post=post, body=body.strip(), **_authorship(actor))
    comment.full_clean()
    comment.save()
    _record(actor, ActivityKind.COMMENTED, post.title, post.pk)
    return comment


# --- forums --------------------------------------------------------------------------


@transaction.atomic
def forum_thread_create(*, actor: SpaceActor, title: str, body: str) -> ForumThread:
    _ensure(actor, Action.OPEN_THREAD)
    thread = ForumThread(
        project=actor.project, title=title.strip(), body=body.strip(), **_authorship(actor)
    )
    thread.full_clean()
    thread.save()
    _record(actor, ActivityKind.THREAD_OPENED, thread.title, thread.pk)
    return thread


@transaction.atomic
def forum_reply_create(*, actor: SpaceActor, thread: ForumThread, body: str) -> ForumReply:
    _ensure(actor, Action.REPLY)
    reply = ForumReply(thread=thread, body=body.strip(), **_authorship(actor))
    reply.full_clean()
    reply.save()
    ForumThread.objects.filter(pk=thread.pk).update(last_activity_at=timezone.now())
    _record(actor, ActivityKind.REPLIED, thread.title, thread.pk)
    return reply


# --- materials -----------------------------------------------------------------------

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def parse_video_url(url: str) -> tuple[str, str]:
    """(provider, id) of a YouTube or Vimeo link; ValidationError otherwise."""
    refused = ValidationError({"video_url": _("Indiquez l'adresse d'une vidéo YouTube ou Vimeo.")})
    try:
        parsed = urlparse(url.strip())
    except ValueError as exc:
        raise refused from exc
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    if parsed.scheme not in ("http", "https"):
        raise refused
    video_id = ""
    if host in ("youtube.com", "youtube-nocookie.com"):
        if parsed.path == "/watch":
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = parsed.path.split("/")[2]
        if _YOUTUBE_ID.match(video_id):
            return "youtube", video_id
    elif host == "youtu.be":
        video_id = parsed.path.strip("/")
        if _YOUTUBE_ID.match(video_id):
            return "youtube", video_id
    elif host in ("vimeo.com", "player.vimeo.com"):
        digits = [part for part in parsed.path.split("/") if part.isdigit()]
        if digits and len(digits[-1]) <= 12:
            return "vimeo", digits[-1]
    raise refused


def material_create(
    *,
    actor: SpaceActor,
    kind: str,
    title: str,
    description: str = "",
    upload=None,
    video_url: str = "",
) -> Material:
    _ensure(actor, Action.ADD_MATERIAL)
    material = Material(
        project=actor.project,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        **_authorship(actor),
    )
    if kind == MaterialKind.VIDEO:
        material.video_provider, material.video_id = parse_video_url(video_url)
    elif not upload:
        raise ValidationError({"upload": _("Choisissez un fichier.")})
    with _StoredFiles() as files, transaction.atomic():
        if kind != MaterialKind.VIDEO:
            material.file = _validate_upload_field(
                "upload", lambda: files.store(actor=actor, uploaded=upload, kind=kind)
            )
        material.full_clean()
        material.save()
        _record(actor, ActivityKind.MATERIAL_ADDED, material.title, material.pk)
    return material


# --- moderation ----------------------------------------------------------------------


@transaction.atomic
def content_delete(*, actor: SpaceActor, obj) -> None:
    """Delete a page, journal update, comment, thread, reply or material (teacher
    administrators), with the files only it used."""
    _ensure(actor, Action.MODERATE)
    file_ids: list[int] = []
    if isinstance(obj, JournalPost):
        file_ids = [i for i in (obj.image_id, obj.sound_id) if i]
    elif isinstance(obj, Material) and obj.file_id:
        file_ids = [obj.file_id]
    files = list(StoredFile.objects.filter(pk__in=file_ids, project=actor.project))
    obj.delete()
    # Their files leave storage after commit (django-cleanup).
    StoredFile.objects.filter(pk__in=[f.pk for f in files]).delete()


# --- roles ---------------------------------------------------------------------------


@transaction.atomic
def teacher_admin_set(*, actor: SpaceActor, membership: Membership, is_admin: bool) -> None:
    _ensure(actor, Action.MANAGE_ROLES)
    if membership.project_id != actor.project.pk or membership.status != MemberStatus.ACTIVE:
        raise ValidationError(_("Cette personne n'est pas membre du projet."))
    if membership.role == MemberRole.FOUNDER:
        raise ValidationError(_("Les fondateur·rices sont toujours administrateur·rices."))
    if is_admin:
        TeacherAdmin.objects.get_or_create(
            project=actor.project, user=membership.user, defaults={"promoted_by": actor.user}
        )
    else:
        TeacherAdmin.objects.filter(project=actor.project, user=membership.user).delete()


# --- pupil logins --------------------------------------------------------------------


def generate_password() -> str:
    """Easy to type for a child, hard to guess: 10 characters from 31 (~49 bits)."""
    return "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(10))


def _username_for(project: Project, display_name: str) -> str:
    base = (slugify(display_name) or "eleve")[:30]
    taken = set(
        PupilAccount.objects.filter(project=project, username__startswith=base).values_list(
            "username", flat=True
        )
    )
    username, n = base, 1
    while username in taken:
        n += 1
        username = f"{base}{n}"
    return username


def _may_manage_pupil(actor: SpaceActor, pupil: PupilAccount) -> None:
    """A teacher administrator manages the logins of their own class; those whose
    creator left (or deleted their account) may be managed by any administrator."""
    _ensure(actor, Action.MANAGE_PUPILS)
    if pupil.project_id != actor.project.pk:
        raise PermissionDenied
    creator_active = (
        pupil.created_by_id is not None
        and Membership.objects.filter(
            project=actor.project, user_id=pupil.created_by_id, status=MemberStatus.ACTIVE
        ).exists()
    )
    if creator_active and pupil.created_by_id != actor.user.pk:
        raise PermissionDenied


@transaction.atomic
def pupil_create(
    *, actor: SpaceActor, display_name: str, class_label: str = ""
) -> tuple[PupilAccount, str]:
    """Create a pupil login; returns it with its clear password (to show once)."""
    _ensure(actor, Action.MANAGE_PUPILS)
    display_name = " ".join(display_name.split())
    if PupilAccount.objects.filter(
        project=actor.project, display_name__iexact=display_name
    ).exists():
        raise ValidationError(
            {
                "display_name": _(
                    "Un·e élève de ce projet porte déjà ce nom : choisissez-en un autre."
                )
            }
        )
    password = generate_password()
    pupil = PupilAccount(
        project=actor.project,
        display_name=display_name,
        username=_username_for(actor.project, display_name),
        password=make_password(password),
        class_label=class_label.strip(),
        created_by=actor.user,
    )
    pupil.full_clean()
    pupil.save()
    return pupil, password


@transaction.atomic
def pupil_reset_password(*, actor: SpaceActor, pupil: PupilAccount) -> str:
    _may_manage_pupil(actor, pupil)
    password = generate_password()
    pupil.password = make_password(password)
    pupil.save(update_fields=["password"])
    return password


@transaction.atomic
def pupil_set_active(*, actor: SpaceActor, pupil: PupilAccount, is_active: bool) -> None:
    _may_manage_pupil(actor, pupil)
    pupil.is_active = is_active
    pupil.save(update_fields=["is_active"])


@transaction.atomic
def pupil_set_admin(*, actor: SpaceActor, pupil: PupilAccount, is_admin: bool) -> None:
    _ensure(actor, Action.MANAGE_ROLES)
    if pupil.project_id != actor.project.pk:
        raise PermissionDenied
    pupil.is_admin = is_admin
    pupil.save(update_fields=["is_admin"])


def pupils_end_for_closed_projects() -> int:
    """Deactivate the pupil logins of archived (or rejected) projects. Logins are
    refused for those projects anyway; this makes it visible in admin."""
    return PupilAccount.objects.filter(
        is_active=True, project__state__in=("archived", "rejected")
    ).update(is_active=False)


# --- visits --------------------------------------------------------------------------


def visit_record(*, actor: SpaceActor):
    """Store now as the actor's last visit; return the previous one (or None)."""
    key = {"pupil": actor.pupil} if actor.pupil else {"user": actor.user}
    visit = LastVisit.objects.filter(project=actor.project, **key).first()
    previous = visit.visited_at if visit else None
    LastVisit.objects.update_or_create(
        project=actor.project, **key, defaults={"visited_at": timezone.now()}
    )
    return previous


# --- pupil authentication ------------------------------------------------------------


def pupil_authenticate(*, project: Project, username: str, password: str) -> PupilAccount:
    """The pupil login matching the credentials, or ValidationError. Guessing is
    stopped before this is called, by the login view's rate limits (per pupil login
    and per client address)."""
    from django.contrib.auth.hashers import check_password

    pupil = PupilAccount.objects.filter(
        project=project, username=username.strip().lower(), is_active=True
    ).first()
    # Hash anyway when the name is unknown, so timing does not reveal it.
    valid = check_password(password, pupil.password if pupil else make_password(None))
    if pupil is None or not valid or not pupil_login_allowed(project):
        raise ValidationError(
            _("Identifiant ou mot de passe incorrect, ou projet fermé."), code="invalid"
        )
    PupilAccount.objects.filter(pk=pupil.pk).update(last_login_at=timezone.now())
    return pupil
