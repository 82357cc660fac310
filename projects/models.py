"""Projects between schools: founding, members, collaborators, approval by the
support services and the lifecycle.

Stable API (other apps build on these names — do not rename):

- ``Project`` with ``state`` (:class:`ProjectState`), ``is_public``, ``title``,
  ``summary``, ``subjects`` / ``languages`` (M2M accounts), ``age_min`` /
  ``age_max``, ``themes``, ``planned_start`` / ``planned_end``,
  ``expected_partners``, ``founded_by``, ``created_at``, ``activated_at``,
  ``finished_at``, ``archived_at``.
  ``Project.objects``: ``active()``, ``opened()`` (active, finished or archived:
  the project space exists), ``visible_publicly()``, ``for_service(service)``,
  ``involving(user)`` (active member), ``with_member_data()`` (prefetch for lists).
  Helpers on one row: ``project.is_active``, ``project.is_read_only``,
  ``project.space_is_open``, ``project.year``.
- ``Membership`` (project, user, school, role ``MemberRole.FOUNDER|PARTNER``,
  status ``MemberStatus.INVITED|ACTIVE|DECLINED|LEFT|REMOVED``). One row per
  (project, user): a teacher is never in the same project twice. ``school`` is
  the school the teacher represents in this project, copied from
  ``user.school`` when they join, so a project's schools and countries stay put
  when a teacher later moves or deletes their account (``user`` becomes NULL).
  ``Membership.objects``: ``active()``, ``invited()``, ``founders()``.
- ``Collaborator``: outside expert invited by e-mail, project-space access only;
  ``status`` ``CollaboratorStatus.INVITED|ACCEPTED|REVOKED``, ``token`` for the
  invitation link, ``user`` set when accepted with any portal account (no
  validated eTwinning teacher profile needed).
- ``Approval``: one per distinct support service of the founders;
  ``ApprovalState.PENDING|APPROVED|REJECTED``, ``reason``, ``decided_by/at``,
  ``notified_at`` (when the service's staff were told the project waits for them).
- ``StateChange``: history (``from_state``, ``to_state``, ``by``, ``at``, ``note``).
- ``ProjectSettings``: staff-editable singleton (``ProjectSettings.load()``).

Permission checks: :mod:`projects.permissions`. Writes: :mod:`projects.services`.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import PUPIL_AGE_MAX, PUPIL_AGE_MIN


class ProjectState(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    AWAITING_PARTNER = "awaiting_partner", _("en attente du cofondateur")
    AWAITING_APPROVAL = "awaiting_approval", _("en attente d'approbation")
    ACTIVE = "active", _("actif")
    FINISHED = "finished", _("terminé")
    ARCHIVED = "archived", _("archivé")
    # A support service refused the project: it is closed, read-only, kept for
    # the record (founders may found a new one).
    REJECTED = "rejected", _("refusé")


# The states in which the project space exists (pages, journal, members...).
OPENED_STATES = (ProjectState.ACTIVE, ProjectState.FINISHED, ProjectState.ARCHIVED)
# The states shown on the public page and in the gallery.
PUBLIC_STATES = (ProjectState.ACTIVE, ProjectState.FINISHED)


class ProjectQuerySet(models.QuerySet):
    def active(self) -> ProjectQuerySet:
        return self.filter(state=ProjectState.ACTIVE)

    def opened(self) -> ProjectQuerySet:
        return self.filter(state__in=OPENED_STATES)

    def visible_publicly(self) -> ProjectQuerySet:
        return self.filter(state__in=PUBLIC_STATES, is_public=True)

    def for_service(self, service) -> ProjectQuerySet:
        """Projects that involve a school of ``service`` (any member, any state)
        or wait for its approval. ``None`` means every project."""
        if service is None:
            return self
        service_id = getattr(service, "pk", service)
        return self.filter(
            Q(memberships__school__support_service_id=service_id)
            | Q(approvals__service_id=service_id)
        ).distinct()

    def involving(self, user) -> ProjectQuerySet:
        """Projects where ``user`` is an active member (founder or partner)."""
        return self.filter(
            memberships__user=user, memberships__status=MemberStatus.ACTIVE
        ).distinct()

    def with_member_data(self) -> ProjectQuerySet:
        """Prefetch what lists show (subjects, active members' schools and
        countries) in a constant number of queries."""
        return self.prefetch_related(
            "subjects",
            models.Prefetch(
                "memberships",
                queryset=Membership.objects.active().select_related("school__country", "user"),
                to_attr="active_memberships",
            ),
        )


class Project(models.Model):
    title = models.CharField(_("titre"), max_length=200)
    summary = models.TextField(_("résumé"), max_length=5000)
    subjects = models.ManyToManyField(
        "accounts.Subject", verbose_name=_("disciplines"), related_name="projects"
    )
    languages = models.ManyToManyField(
        "accounts.Language", verbose_name=_("langues de travail"), related_name="projects"
    )
    age_min = models.PositiveSmallIntegerField(
        _("âge minimum des élèves"),
        validators=[MinValueValidator(PUPIL_AGE_MIN), MaxValueValidator(PUPIL_AGE_MAX)],
    )
    age_max = models.PositiveSmallIntegerField(
        _("âge maximum des élèves"),
        validators=[MinValueValidator(PUPIL_AGE_MIN), MaxValueValidator(PUPIL_AGE_MAX)],
    )
    themes = models.CharField(
        _("thèmes"),
        max_length=300,
        blank=True,
        help_text=_("Quelques mots-clés séparés par des virgules."),
    )
    planned_start = models.DateField(_("début prévu"))
    planned_end = models.DateField(_("fin prévue"))
    expected_partners = models.PositiveSmallIntegerField(
        _("nombre de partenaires attendus"),
        default=2,
        validators=[MinValueValidator(2), MaxValueValidator(50)],
    )
    state = models.CharField(
        _("état"),
        max_length=20,
        choices=ProjectState.choices,
        default=ProjectState.DRAFT,
        db_index=True,
    )
    is_public = models.BooleanField(
        _("page publique"),
        default=False,
        help_text=_("Montrer le projet dans la galerie une fois actif."),
    )
    founded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fondé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="founded_projects",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    activated_at = models.DateTimeField(_("ouvert le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archivé le"), null=True, blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "is_public", "activated_at"]),
            # The gallery: public projects, newest first, one page at a time.
            models.Index(
                fields=["-activated_at", "-id"],
                name="project_public_newest",
                condition=Q(is_public=True, state__in=PUBLIC_STATES),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in ProjectState]),
                name="project_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(age_min__lte=F("age_max")), name="project_age_range_ordered"
            ),
            models.CheckConstraint(
                condition=Q(planned_start__lte=F("planned_end")),
                name="project_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(expected_partners__gte=2), name="project_at_least_two_partners"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.state == ProjectState.ACTIVE

    @property
    def space_is_open(self) -> bool:
        return self.state in OPENED_STATES

    @property
    def is_read_only(self) -> bool:
        return self.state in (ProjectState.ARCHIVED, ProjectState.REJECTED)

    @property
    def is_publicly_visible(self) -> bool:
        return self.is_public and self.state in PUBLIC_STATES

    @property
    def year(self) -> int:
        return (self.activated_at or self.created_at).year

    def age_range_label(self) -> str:
        return _("%(min)s–%(max)s ans") % {"min": self.age_min, "max": self.age_max}

    def countries(self) -> list:
        """Countries of the active members' schools, by name. Uses the
        ``active_memberships`` prefetch of ``with_member_data()`` when present."""
        memberships = getattr(self, "active_memberships", None)
        if memberships is None:
            memberships = self.memberships.filter(status=MemberStatus.ACTIVE).select_related(
                "school__country"
            )
        return sorted({m.school.country for m in memberships}, key=lambda c: c.name)

    def theme_list(self) -> list[str]:
        return [t.strip() for t in self.themes.split(",") if t.strip()]


class MemberRole(models.TextChoices):
    FOUNDER = "founder", _("fondateur·rice")
    PARTNER = "partner", _("partenaire")


class MemberStatus(models.TextChoices):
    INVITED = "invited", _("invité·e")
    ACTIVE = "active", _("membre")
    DECLINED = "declined", _("a décliné")
    LEFT = "left", _("a quitté le projet")
    REMOVED = "removed", _("retiré·e")


class MembershipQuerySet(models.QuerySet):
    def active(self) -> MembershipQuerySet:
        return self.filter(status=MemberStatus.ACTIVE)

    def invited(self) -> MembershipQuerySet:
        return self.filter(status=MemberStatus.INVITED)

    def founders(self) -> MembershipQuerySet:
        return self.filter(role=MemberRole.FOUNDER)


class Membership(models.Model):
    """A teacher in a project (or invited to it). The row is kept when they
    decline, leave or are removed; re-inviting reuses it."""

    project = models.ForeignKey(
        Project, verbose_name=_("projet"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enseignant·e"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_memberships",
    )
    school = models.ForeignKey(
        "accounts.School",
        verbose_name=_("école"),
        on_delete=models.PROTECT,
        related_name="project_memberships",
    )
    role = models.CharField(
        _("rôle"), max_length=10, choices=MemberRole.choices, default=MemberRole.PARTNER
    )
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=MemberStatus.choices,
        default=MemberStatus.INVITED,
        db_index=True,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invité·e par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invité·e le"), auto_now_add=True)
    joined_at = models.DateTimeField(_("membre depuis"), null=True, blank=True)
    ended_at = models.DateTimeField(_("fin"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membre")
        verbose_name_plural = _("membres")
        ordering = ["role", "invited_at"]
        indexes = [models.Index(fields=["user", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="membership_once_per_project"),
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in MemberRole]), name="membership_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in MemberStatus]),
                name="membership_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user or _('compte supprimé')} — {self.project}"

    @property
    def is_founder(self) -> bool:
        return self.role == MemberRole.FOUNDER

    @property
    def is_active(self) -> bool:
        return self.status == MemberStatus.ACTIVE


class CollaboratorStatus(models.TextChoices):
    INVITED = "invited", _("invité·e")
    ACCEPTED = "accepted", _("a accepté")
    REVOKED = "revoked", _("accès retiré")


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class CollaboratorQuerySet(models.QuerySet):
    def accepted(self) -> CollaboratorQuerySet:
        return self.filter(status=CollaboratorStatus.ACCEPTED)


class Collaborator(models.Model):
    """An outside expert invited by e-mail: project-space access only. They need
    a portal login to authenticate, not a validated teacher profile."""

    project = models.ForeignKey(
        Project,
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="collaborators",
    )
    email = models.EmailField(_("adresse e-mail"))
    name = models.CharField(_("nom"), max_length=150)
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=CollaboratorStatus.choices,
        default=CollaboratorStatus.INVITED,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="project_collaborations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invité·e par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invité·e le"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepté le"), null=True, blank=True)

    objects = CollaboratorQuerySet.as_manager()

    class Meta:
        verbose_name = _("collaborateur·rice")
        verbose_name_plural = _("collaborateur·rices")
        ordering = ["invited_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "email"], name="collaborator_once_per_email"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in CollaboratorStatus]),
                name="collaborator_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"


class ApprovalState(models.TextChoices):
    PENDING = "pending", _("en attente")
    APPROVED = "approved", _("approuvé")
    REJECTED = "rejected", _("refusé")


class ApprovalQuerySet(models.QuerySet):
    def awaiting_notice(self):
        """Approvals still to decide, of projects still waiting, whose service's
        staff were not told yet: what the approval notice is about."""
        return self.filter(
            state=ApprovalState.PENDING,
            notified_at__isnull=True,
            project__state=ProjectState.AWAITING_APPROVAL,
        )


class Approval(models.Model):
    """The decision of one support service on one project."""

    project = models.ForeignKey(
        Project, verbose_name=_("projet"), on_delete=models.CASCADE, related_name="approvals"
    )
    service = models.ForeignKey(
        "accounts.SupportService",
        verbose_name=_("bureau d'assistance"),
        on_delete=models.PROTECT,
        related_name="project_approvals",
    )
    state = models.CharField(
        _("décision"),
        max_length=10,
        choices=ApprovalState.choices,
        default=ApprovalState.PENDING,
        db_index=True,
    )
    reason = models.TextField(_("motif"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décision par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("décision le"), null=True, blank=True)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    # Set when the service's staff were e-mailed that the project waits for
    # them: the claim that keeps a retried or repeated task from mailing twice.
    notified_at = models.DateTimeField(_("bureau prévenu le"), null=True, blank=True)

    objects = ApprovalQuerySet.as_manager()

    class Meta:
        verbose_name = _("approbation")
        verbose_name_plural = _("approbations")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "service"], name="approval_once_per_service"
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in ApprovalState]),
                name="approval_state_valid",
            ),
            models.CheckConstraint(
                condition=~Q(state=ApprovalState.REJECTED) | ~Q(reason=""),
                name="approval_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.service}"


class StateChange(models.Model):
    """One transition of a project's lifecycle: who, when, from what to what."""

    project = models.ForeignKey(
        Project, verbose_name=_("projet"), on_delete=models.CASCADE, related_name="history"
    )
    from_state = models.CharField(_("de"), max_length=20, choices=ProjectState.choices, blank=True)
    to_state = models.CharField(_("vers"), max_length=20, choices=ProjectState.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("le"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("changement d'état")
        verbose_name_plural = _("historique")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.project}: {self.from_state or '∅'} → {self.to_state}"


class ProjectSettings(models.Model):
    """Staff-editable rules of the project engine (one row)."""

    plus_requires_core = models.BooleanField(
        _("un projet avec une école eTwinning+ requiert une école d'un pays eTwinning"),
        default=True,
    )

    class Meta:
        verbose_name = _("réglages des projets")
        verbose_name_plural = _("réglages des projets")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="project_settings_singleton"),
        ]

    def __str__(self) -> str:
        return str(_("Réglages des projets"))

    @classmethod
    def load(cls) -> ProjectSettings:
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj
