"""The monthly bulletin "Liaison eTwinning": one issue per service and month,
its sections, one delivery row per issue and address, and the addresses that
unsubscribed with the one-click link."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import School, SupportService


class IssueStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    SCHEDULED = "scheduled", _("programmé")
    SENDING = "sending", _("en cours d'envoi")
    SENT = "sent", _("envoyé")
    CANCELLED = "cancelled", _("annulé")


class BulletinIssueQuerySet(models.QuerySet):
    def published(self) -> BulletinIssueQuerySet:
        """Issues visible in the public archive: those that went out."""
        return self.filter(status__in=[IssueStatus.SENDING, IssueStatus.SENT])

    def due(self, now: datetime.datetime) -> BulletinIssueQuerySet:
        return self.filter(status=IssueStatus.SCHEDULED, send_at__lte=now)

    def with_progress(self) -> BulletinIssueQuerySet:
        return self.annotate(
            n_total=Count("deliveries"),
            n_sent=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.SENT)),
            n_failed=Count(
                "deliveries",
                filter=Q(deliveries__status__in=[DeliveryStatus.FAILED, DeliveryStatus.BOUNCED]),
            ),
        )


class BulletinIssue(models.Model):
    service = models.ForeignKey(
        SupportService,
        verbose_name=_("bureau d'assistance"),
        on_delete=models.PROTECT,
        related_name="bulletin_issues",
    )
    issue_month = models.DateField(_("mois"), help_text=_("Le premier jour du mois de parution."))
    subject = models.CharField(_("objet"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=IssueStatus.choices,
        default=IssueStatus.DRAFT,
        db_index=True,
    )
    # Automatic sections that could not be drafted (a failing "bulletin_sections" hook):
    # shown to staff in the admin, so a missing section is never a silent one.
    drafting_problems = models.TextField(_("problèmes de rédaction"), blank=True)
    send_at = models.DateTimeField(_("envoi prévu le"), null=True, blank=True)
    started_at = models.DateTimeField(_("envoi commencé le"), null=True, blank=True)
    # Set once every delivery row exists: only then can the issue be "sent".
    prepared_at = models.DateTimeField(_("destinataires établis le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("envoi terminé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = BulletinIssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("numéro du bulletin")
        verbose_name_plural = _("numéros du bulletin")
        ordering = ["-issue_month", "service__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "issue_month"], name="bulletin_issue_one_per_service_month"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in IssueStatus]),
                name="bulletin_issue_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="scheduled") | Q(send_at__isnull=False),
                name="bulletin_issue_scheduled_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.issue_month:%m/%Y})"

    @property
    def is_editable(self) -> bool:
        return self.status in (IssueStatus.DRAFT, IssueStatus.SCHEDULED, IssueStatus.CANCELLED)


class SectionKind(models.TextChoices):
    MANUAL = "manual", _("rédigée")
    AUTOMATIC = "automatic", _("automatique")


class BulletinSection(models.Model):
    issue = models.ForeignKey(
        BulletinIssue,
        verbose_name=_("numéro"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(
        _("type"), max_length=10, choices=SectionKind.choices, default=SectionKind.MANUAL
    )
    # Which provider drafted an automatic section (its key), for traceability.
    source = models.CharField(_("source"), max_length=60, blank=True)
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(
        _("texte"),
        help_text=_(
            "Texte simple : une ligne vide sépare les paragraphes, une ligne commençant "
            "par « - » devient un élément de liste, les adresses web deviennent des liens."
        ),
    )
    link_url = models.URLField(_("lien « en savoir plus »"), blank=True)

    class Meta:
        verbose_name = _("rubrique")
        verbose_name_plural = _("rubriques")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("en file d'attente")
    SENDING = "sending", _("en cours")
    # A transient refusal (4xx) of this recipient: tried again at next_attempt_at.
    DEFERRED = "deferred", _("différé")
    SENT = "sent", _("envoyé")
    FAILED = "failed", _("échec")
    BOUNCED = "bounced", _("rejeté (bounce)")


class Delivery(models.Model):
    """One message of one issue to one address. The unique (issue, email)
    constraint both deduplicates recipients and makes the fan-out re-runnable."""

    issue = models.ForeignKey(
        BulletinIssue, verbose_name=_("numéro"), on_delete=models.CASCADE, related_name="deliveries"
    )
    # Always lower-cased: the deduplication key.
    email = models.EmailField(_("adresse"), max_length=254)
    language = models.CharField(_("langue"), max_length=2, default="fr")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enseignant·e"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    school = models.ForeignKey(
        School,
        verbose_name=_("école"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    status = models.CharField(
        _("statut"), max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    # Set when a transient refusal defers this recipient alone (its own backoff).
    next_attempt_at = models.DateTimeField(_("prochain essai le"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("envoi")
        verbose_name_plural = _("envois")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["issue", "status"]),
            # The sweep's "deferred rows now due": a few rows, whatever the audience.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="deferred"),
                name="bulletin_delivery_deferred_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["issue", "email"], name="bulletin_delivery_unique"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in DeliveryStatus]),
                name="bulletin_delivery_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="deferred") | Q(next_attempt_at__isnull=False),
                name="bulletin_delivery_deferred_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.email


class Unsubscription(models.Model):
    """An address that asked, through the link in a bulletin, to receive no more."""

    email = models.EmailField(_("adresse"), max_length=254, unique=True)
    created_at = models.DateTimeField(_("désabonnée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("désabonnement")
        verbose_name_plural = _("désabonnements")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email
