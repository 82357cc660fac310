"""Trainings offered by a support service, the teachers' registrations to them,
and trainings requested by schools."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Language, School, SupportService


class TrainingFormat(models.TextChoices):
    BELGIUM = "belgium", _("en Belgique")
    ABROAD = "abroad", _("à l'étranger")
    ONLINE = "online", _("en ligne")


class TrainingQuerySet(models.QuerySet):
    def published(self) -> TrainingQuerySet:
        return self.filter(is_published=True)

    def upcoming(self) -> TrainingQuerySet:
        return self.published().filter(starts_at__gte=timezone.now()).order_by("starts_at")


class Training(models.Model):
    service = models.ForeignKey(
        SupportService,
        verbose_name=_("bureau d'assistance"),
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"))
    audience = models.CharField(
        _("public"),
        max_length=200,
        help_text=_("Par exemple : enseignants du primaire débutant avec eTwinning."),
    )
    language = models.ForeignKey(
        Language, verbose_name=_("langue de la formation"), on_delete=models.PROTECT
    )
    format = models.CharField(
        _("format"), max_length=10, choices=TrainingFormat.choices, default=TrainingFormat.BELGIUM
    )
    place = models.CharField(_("lieu"), max_length=200, blank=True)
    online_link = models.URLField(
        _("lien de la séance en ligne"),
        blank=True,
        help_text=_("Communiqué aux seuls inscrits confirmés."),
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    capacity = models.PositiveIntegerField(_("nombre de places"), validators=[MinValueValidator(1)])
    registration_deadline = models.DateTimeField(_("date limite d'inscription"))
    is_published = models.BooleanField(_("publiée"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("formation")
        verbose_name_plural = _("formations")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["is_published", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="training_capacity_positive"),
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="training_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__lte=models.F("starts_at")),
                name="training_deadline_before_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d/%m/%Y})"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("La fin doit suivre le début.")
        if (
            self.starts_at
            and self.registration_deadline
            and self.registration_deadline > self.starts_at
        ):
            errors["registration_deadline"] = _(
                "La date limite d'inscription doit précéder le début de la formation."
            )
        if self.format == TrainingFormat.ONLINE and not self.online_link:
            errors["online_link"] = _("Une formation en ligne a besoin d'un lien.")
        if self.format != TrainingFormat.ONLINE and not self.place:
            errors["place"] = _("Indiquez le lieu de la formation.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_abroad(self) -> bool:
        """Trainings abroad take applications with a motivation, selected by staff."""
        return self.format == TrainingFormat.ABROAD

    @property
    def registration_open(self) -> bool:
        return self.is_published and timezone.now() <= self.registration_deadline


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("inscrit·e")
    WAITLISTED = "waitlisted", _("en liste d'attente")
    APPLIED = "applied", _("candidature envoyée")
    NOT_SELECTED = "not_selected", _("candidature non retenue")
    CANCELLED = "cancelled", _("désinscrit·e")


ACTIVE_STATUSES = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.APPLIED,
)


class RegistrationQuerySet(models.QuerySet):
    def active(self) -> RegistrationQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def confirmed(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.CONFIRMED)

    def waitlisted(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.WAITLISTED).order_by("created_at", "pk")


class Registration(models.Model):
    training = models.ForeignKey(
        Training,
        verbose_name=_("formation"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enseignant·e"),
        on_delete=models.CASCADE,
        related_name="training_registrations",
    )
    status = models.CharField(
        _("statut"), max_length=12, choices=RegistrationStatus.choices, db_index=True
    )
    motivation = models.TextField(_("motivation"), blank=True)
    attended = models.BooleanField(_("présent·e"), null=True, blank=True)
    created_at = models.DateTimeField(_("inscrit·e le"), default=timezone.now)
    promoted_at = models.DateTimeField(_("sorti·e de la liste d'attente le"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décision par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["training", "created_at"]
        indexes = [models.Index(fields=["training", "status", "created_at"])]
        constraints = [
            # One live registration per teacher and training; cancelled ones stay as history.
            models.UniqueConstraint(
                fields=["training", "teacher"],
                condition=Q(status__in=["confirmed", "waitlisted", "applied"]),
                name="registration_one_active_per_teacher",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in RegistrationStatus]),
                name="registration_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(attended__isnull=True) | Q(status="confirmed"),
                name="registration_attendance_only_confirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} — {self.training}"

    @property
    def can_download_certificate(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED and self.attended is True


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    ACCEPTED = "accepted", _("acceptée")
    DATES_PROPOSED = "dates_proposed", _("autres dates proposées")
    DECLINED = "declined", _("déclinée")


class TrainingRequest(models.Model):
    """A training a school asks for ("formation sur demande")."""

    school = models.ForeignKey(
        School, verbose_name=_("école"), on_delete=models.CASCADE, related_name="training_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_requests",
    )
    topic = models.CharField(_("thème"), max_length=200)
    audience = models.CharField(_("public"), max_length=200)
    participants = models.PositiveIntegerField(
        _("nombre de participants"), validators=[MinValueValidator(1)]
    )
    preferred_dates = models.CharField(_("dates souhaitées"), max_length=300)
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("statut"),
        max_length=16,
        choices=RequestStatus.choices,
        default=RequestStatus.PENDING,
        db_index=True,
    )
    proposed_dates = models.CharField(_("dates proposées"), max_length=300, blank=True)
    staff_message = models.TextField(_("réponse du bureau"), blank=True)
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

    class Meta:
        verbose_name = _("demande de formation")
        verbose_name_plural = _("demandes de formation")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in RequestStatus]),
                name="training_request_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="dates_proposed") | ~Q(proposed_dates=""),
                name="training_request_proposal_has_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} — {self.school.name}"
