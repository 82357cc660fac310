"""Thematic groups: teachers with the same interest meet, discuss and share resources
(docs/groups.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Language, SupportService


class Theme(models.TextChoices):
    ESAFETY = "esafety", _("eSafety et citoyenneté numérique")
    EARLY_YEARS = "early_years", _("Petite enfance")
    STEM = "stem", _("Sciences, technologies et mathématiques")
    LANGUAGES = "languages", _("Langues")
    ARTS = "arts", _("Arts et culture")
    SUSTAINABILITY = "sustainability", _("Développement durable")
    INCLUSION = "inclusion", _("Inclusion")
    OTHER = "other", _("Autre thème")


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("ouvert à tous les enseignants validés")
    REQUEST = "request", _("sur demande (un modérateur accepte)")
    INVITATION = "invitation", _("sur invitation")


class GroupStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposé, en attente d'approbation")
    APPROVED = "approved", _("approuvé")
    ARCHIVED = "archived", _("archivé")


class GroupQuerySet(models.QuerySet):
    def listed(self) -> GroupQuerySet:
        """What the list shows: approved groups (archived ones are read-only and kept
        out of the list)."""
        return self.filter(status=GroupStatus.APPROVED)


class Group(models.Model):
    title = models.CharField(_("titre"), max_length=150)
    description = models.TextField(_("description"), max_length=4000)
    theme = models.CharField(_("thème"), max_length=20, choices=Theme.choices)
    languages = models.ManyToManyField(
        Language, verbose_name=_("langues de travail"), blank=True, related_name="+"
    )
    image = models.FileField(_("image"), upload_to="groups/", max_length=200, blank=True)
    join_policy = models.CharField(
        _("adhésion"), max_length=12, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    service = models.ForeignKey(
        SupportService,
        verbose_name=_("bureau d'assistance"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    featured = models.BooleanField(_("mis en avant"), default=False)
    status = models.CharField(
        _("statut"), max_length=10, choices=GroupStatus.choices, default=GroupStatus.PROPOSED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approuvé le"), null=True, blank=True)

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("groupe")
        verbose_name_plural = _("groupes")
        ordering = ["-featured", "title"]
        indexes = [
            models.Index(fields=["status", "theme"]),
            models.Index(fields=["status", "-featured"]),
            models.Index(fields=["service", "status"]),
        ]
        constraints = [
            # An approved or archived group has its approval date; a proposed one none.
            models.CheckConstraint(
                condition=Q(status="proposed", approved_at__isnull=True)
                | Q(status__in=["approved", "archived"], approved_at__isnull=False),
                name="groups_group_approval_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open_for_writing(self) -> bool:
        return self.status == GroupStatus.APPROVED


class MemberRole(models.TextChoices):
    MEMBER = "member", _("membre")
    MODERATOR = "moderator", _("modérateur")


class MembershipStatus(models.TextChoices):
    REQUESTED = "requested", _("demande en attente")
    INVITED = "invited", _("invité")
    ACTIVE = "active", _("membre")


class Membership(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enseignant"),
        on_delete=models.CASCADE,
        related_name="group_memberships",
    )
    role = models.CharField(
        _("rôle"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    status = models.CharField(_("statut"), max_length=10, choices=MembershipStatus.choices)
    # Notified of each new thread of the group (notifications: groups.thread).
    follows_activity = models.BooleanField(_("suit l'activité du groupe"), default=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    joined_at = models.DateTimeField(_("membre depuis"), null=True, blank=True)

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        ordering = ["-role", "user__last_name"]
        indexes = [
            models.Index(fields=["user", "status"]),
            models.Index(fields=["group", "status", "role"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], name="groups_one_membership_per_user"
            ),
            # A moderator is an active member; an active member has joined.
            models.CheckConstraint(
                condition=Q(role="member") | Q(status="active"),
                name="groups_moderator_is_active",
            ),
            models.CheckConstraint(
                condition=Q(status="active", joined_at__isnull=False)
                | Q(status__in=["requested", "invited"], joined_at__isnull=True),
                name="groups_joined_at_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.group}"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_moderator(self) -> bool:
        return self.is_active and self.role == MemberRole.MODERATOR


class Thread(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(_("titre"), max_length=150)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_pinned = models.BooleanField(_("épinglée"), default=False)
    is_locked = models.BooleanField(_("verrouillée"), default=False)
    is_hidden = models.BooleanField(_("masquée"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_post_at = models.DateTimeField()

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        ordering = ["-is_pinned", "-last_post_at"]
        indexes = [models.Index(fields=["group", "is_hidden", "-is_pinned", "-last_post_at"])]

    def __str__(self) -> str:
        return self.title


class Post(models.Model):
    """A message of a thread (the first one opens it). Reported through partners'
    reporting (``author`` and ``is_hidden`` are what it needs)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.CASCADE,
        related_name="group_posts",
    )
    body = models.TextField(_("message"), max_length=20000)  # sanitised HTML
    is_hidden = models.BooleanField(_("masqué"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message de groupe")
        verbose_name_plural = _("messages de groupe")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"])]

    def __str__(self) -> str:
        return f"{self.thread} — {self.author}"


class ThreadFollow(models.Model):
    """A teacher follows a thread (replying follows it): notified of each reply."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="groups_one_follow_per_thread")
        ]
        indexes = [models.Index(fields=["user"])]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.thread_id}"


class ResourceKind(models.TextChoices):
    LINK = "link", _("lien")
    FILE = "file", _("fichier")


class Resource(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(_("titre"), max_length=150)
    kind = models.CharField(_("type"), max_length=4, choices=ResourceKind.choices)
    url = models.URLField(_("adresse"), max_length=500, blank=True)
    file = models.FileField(_("fichier"), upload_to="groups/resources/", max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("taille"), default=0)
    original_name = models.CharField(_("nom d'origine"), max_length=150, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_hidden = models.BooleanField(_("masquée"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ressource")
        verbose_name_plural = _("ressources")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["group", "is_hidden", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="link") & ~Q(url="") & Q(file=""))
                | (Q(kind="file") & ~Q(file="") & Q(url="")),
                name="groups_resource_link_or_file",
            )
        ]

    def __str__(self) -> str:
        return self.title
