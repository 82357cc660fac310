"""The project space ("TwinSpace") of an opened project: pages, journal, forums,
materials, pupil logins and the activity feed.

Content is written either by a teacher (``author_user``) or by a pupil login
(``author_pupil``). When a teacher deletes their account the FK becomes NULL and
the content stays, attributed to "former member" (:meth:`Authored.author_label`).
Files live in a Django storage backend under generated names (:class:`StoredFile`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Authored(models.Model):
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur·rice (enseignant·e)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    author_pupil = models.ForeignKey(
        "space.PupilAccount",
        verbose_name=_("auteur·rice (élève)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True, db_index=True)

    class Meta:
        abstract = True

    def author_label(self) -> str:
        if self.author_pupil_id:
            return self.author_pupil.display_name
        if self.author_user_id:
            return str(self.author_user)
        return str(_("ancien membre"))

    def is_by(self, actor) -> bool:
        if actor is None:
            return False
        if actor.pupil is not None:
            return self.author_pupil_id == actor.pupil.pk
        return actor.user is not None and self.author_user_id == actor.user.pk


class TeacherAdmin(models.Model):
    """A partner teacher promoted to teacher administrator of the space (founders
    are administrators without a row)."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="space_admins"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    promoted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enseignant·e administrateur·rice")
        verbose_name_plural = _("enseignant·es administrateur·rices")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="space_admin_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.project}"


class PupilAccount(models.Model):
    """A pupil login valid in one project space only: a display name or pseudonym,
    no e-mail, no surname. The password is stored hashed; its clear text is shown
    once to the teacher who creates or resets it."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="pupil_accounts",
    )
    display_name = models.CharField(_("prénom ou pseudonyme"), max_length=60)
    username = models.CharField(_("identifiant"), max_length=40)
    password = models.CharField(max_length=128)
    class_label = models.CharField(_("classe"), max_length=60, blank=True)
    is_admin = models.BooleanField(_("élève administrateur·rice"), default=False)
    is_active = models.BooleanField(_("actif"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("dernière connexion"), null=True, blank=True)

    class Meta:
        verbose_name = _("compte élève")
        verbose_name_plural = _("comptes élèves")
        ordering = ["class_label", "display_name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "username"], name="pupil_username_once"),
            models.UniqueConstraint(
                fields=["project", "display_name"], name="pupil_display_name_once"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name


class FileKind(models.TextChoices):
    IMAGE = "image", _("image")
    SOUND = "sound", _("son")
    DOCUMENT = "document", _("document")


class StoredFile(models.Model):
    """A checked upload, stored under a generated name in the default storage."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="space_files"
    )
    kind = models.CharField(_("type"), max_length=10, choices=FileKind.choices)
    file = models.FileField(_("fichier"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("taille"))
    original_name = models.CharField(_("nom d'origine"), max_length=150)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_by_pupil = models.ForeignKey(
        PupilAccount, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fichier")
        verbose_name_plural = _("fichiers")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in FileKind]), name="space_file_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.kind == FileKind.IMAGE

    @property
    def is_sound(self) -> bool:
        return self.kind == FileKind.SOUND


class Page(Authored):
    """A rich-text page in the space's tree; ``body`` is sanitised HTML."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="space_pages"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("page parente"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("contenu"))
    position = models.PositiveIntegerField(_("position"), default=0)
    is_public = models.BooleanField(
        _("page publique"),
        default=False,
        help_text=_("Visible sur la page publique du projet ; sinon réservée aux membres."),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["project", "parent", "position"])]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("pk")), name="page_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.title


class JournalPost(Authored):
    """An update of the journal "in sound and image"."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="journal_posts"
    )
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("texte"))
    image = models.ForeignKey(
        StoredFile,
        verbose_name=_("photo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sound = models.ForeignKey(
        StoredFile,
        verbose_name=_("son"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_public = models.BooleanField(
        _("mise à jour publique"),
        default=False,
        help_text=_("Montrée sur la page publique du projet."),
    )

    class Meta:
        verbose_name = _("mise à jour du journal")
        verbose_name_plural = _("journal")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["project", "is_public", "created_at"])]

    def __str__(self) -> str:
        return self.title


class JournalComment(Authored):
    post = models.ForeignKey(JournalPost, on_delete=models.CASCADE, related_name="comments")
    body = models.TextField(_("commentaire"), max_length=3000)

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:40]


class ForumThread(Authored):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="forum_threads"
    )
    title = models.CharField(_("sujet"), max_length=200)
    body = models.TextField(_("message"), max_length=5000)
    last_activity_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        ordering = ["-last_activity_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ForumReply(Authored):
    thread = models.ForeignKey(ForumThread, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField(_("réponse"), max_length=5000)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.body[:40]


class MaterialKind(models.TextChoices):
    IMAGE = "image", _("image")
    SOUND = "sound", _("son")
    DOCUMENT = "document", _("document")
    VIDEO = "video", _("vidéo (YouTube ou Vimeo)")


class Material(Authored):
    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="space_materials"
    )
    kind = models.CharField(_("type"), max_length=10, choices=MaterialKind.choices)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    file = models.ForeignKey(
        StoredFile, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    video_provider = models.CharField(max_length=10, blank=True)
    video_id = models.CharField(max_length=40, blank=True)

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="video") & Q(file__isnull=True) & ~Q(video_id=""))
                | (~Q(kind="video") & Q(file__isnull=False)),
                name="material_file_or_video",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def embed_url(self) -> str:
        if self.video_provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}"
        if self.video_provider == "vimeo":
            return f"https://player.vimeo.com/video/{self.video_id}"
        return ""


class ActivityKind(models.TextChoices):
    PAGE_CREATED = "page_created", _("a créé la page")
    PAGE_UPDATED = "page_updated", _("a modifié la page")
    JOURNAL_POSTED = "journal_posted", _("a publié dans le journal")
    JOURNAL_UPDATED = "journal_updated", _("a modifié la mise à jour")
    COMMENTED = "commented", _("a commenté")
    THREAD_OPENED = "thread_opened", _("a ouvert la discussion")
    REPLIED = "replied", _("a répondu dans")
    MATERIAL_ADDED = "material_added", _("a ajouté la ressource")


class Activity(models.Model):
    """One change in the space, for the "since my last visit" feed."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.CASCADE, related_name="space_activity"
    )
    kind = models.CharField(max_length=20, choices=ActivityKind.choices)
    actor_label = models.CharField(max_length=200)
    target_title = models.CharField(max_length=200)
    # The id of the page, post, thread or material the link goes to.
    target_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activité")
        verbose_name_plural = _("activité")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["project", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.actor_label} {self.get_kind_display()} {self.target_title}"


class LastVisit(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    pupil = models.ForeignKey(
        PupilAccount, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    visited_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user"], condition=Q(user__isnull=False), name="visit_once_user"
            ),
            models.UniqueConstraint(
                fields=["project", "pupil"],
                condition=Q(pupil__isnull=False),
                name="visit_once_pupil",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=True) ^ Q(pupil__isnull=True), name="visit_one_visitor"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.pupil} — {self.visited_at:%Y-%m-%d %H:%M}"
