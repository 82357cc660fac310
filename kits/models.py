"""Project kits: ready-made project ideas a teacher founds a project from.

- ``Kit``: written by staff in four languages (modeltranslation: title, summary,
  objectives, evaluation, suggested tools, duration), pupils' ages, subjects,
  ``duration_weeks`` (for the filter), ``is_published``, ``position``.
- ``KitStep``: the step-by-step activities, ordered; ``body`` is rich text,
  sanitised on the way in (the admin's form) and again on the way out.
- ``KitUse``: the project founded from a kit (one kit per project) and when its
  space was seeded with one page per step (``seeded_at``: never twice).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.models import PUPIL_AGE_MAX, PUPIL_AGE_MIN
from uploads.richtext import sanitize_html


class DurationBand(models.TextChoices):
    """The duration filter's bands, in weeks."""

    SHORT = "short", _("jusqu'à 6 semaines")
    TERM = "term", _("de 7 à 15 semaines")
    LONG = "long", _("plus de 15 semaines")


DURATION_BANDS: dict[str, tuple[int, int | None]] = {
    DurationBand.SHORT: (1, 6),
    DurationBand.TERM: (7, 15),
    DurationBand.LONG: (16, None),
}


class KitQuerySet(models.QuerySet):
    def published(self) -> KitQuerySet:
        return self.filter(is_published=True)

    def visible_to(self, user) -> KitQuerySet:
        """Staff preview unpublished kits; everyone else sees published ones only."""
        if getattr(user, "is_staff", False) and user.is_active:
            return self
        return self.published()


class Kit(models.Model):
    title = models.CharField(_("titre"), max_length=200)
    summary = models.TextField(_("résumé"), max_length=5000)
    objectives = models.TextField(_("objectifs"), help_text=_("Un objectif par ligne."))
    evaluation = models.TextField(_("évaluation"), blank=True)
    suggested_tools = models.TextField(
        _("outils suggérés"), blank=True, help_text=_("Un outil par ligne.")
    )
    duration = models.CharField(
        _("durée"),
        max_length=150,
        help_text=_("Par exemple : « 8 semaines, une heure par semaine »"),
    )
    duration_weeks = models.PositiveSmallIntegerField(
        _("durée en semaines"),
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text=_("Pour le filtre par durée."),
    )
    age_min = models.PositiveSmallIntegerField(
        _("âge minimum des élèves"),
        validators=[MinValueValidator(PUPIL_AGE_MIN), MaxValueValidator(PUPIL_AGE_MAX)],
    )
    age_max = models.PositiveSmallIntegerField(
        _("âge maximum des élèves"),
        validators=[MinValueValidator(PUPIL_AGE_MIN), MaxValueValidator(PUPIL_AGE_MAX)],
    )
    subjects = models.ManyToManyField(
        "accounts.Subject", verbose_name=_("disciplines"), related_name="kits"
    )
    is_published = models.BooleanField(
        _("publié"), default=False, help_text=_("Visible des enseignant·es.")
    )
    position = models.PositiveIntegerField(_("ordre"), default=0)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = KitQuerySet.as_manager()

    class Meta:
        verbose_name = _("kit de projet")
        verbose_name_plural = _("kits de projet")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__lte=F("age_max")),
                name="kit_age_range_ordered",
                violation_error_message=_(
                    "L'âge maximum doit être supérieur ou égal à l'âge minimum."
                ),
            ),
            models.CheckConstraint(
                condition=Q(duration_weeks__gte=1), name="kit_duration_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def age_range_label(self) -> str:
        return _("%(min)s–%(max)s ans") % {"min": self.age_min, "max": self.age_max}

    def objective_list(self) -> list[str]:
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    def tool_list(self) -> list[str]:
        return [line.strip() for line in self.suggested_tools.splitlines() if line.strip()]


class KitStep(models.Model):
    kit = models.ForeignKey(Kit, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(_("ordre"), default=0)
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("activité"))

    class Meta:
        verbose_name = _("étape")
        verbose_name_plural = _("étapes")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def body_html(self) -> SafeString:
        # Sanitised on the way out too: the admin's form is not the only way in.
        return mark_safe(sanitize_html(self.body))  # noqa: S308 — sanitised just above


class KitUse(models.Model):
    """A project founded from a kit. A kit in use is unpublished, never deleted (PROTECT)."""

    kit = models.ForeignKey(Kit, on_delete=models.PROTECT, related_name="uses")
    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="kit_use"
    )
    founded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    seeded_at = models.DateTimeField(_("espace préparé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("projet fondé à partir d'un kit")
        verbose_name_plural = _("projets fondés à partir d'un kit")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kit} → {self.project}"
