"""Recognition: National and European Quality Labels, the eTwinning School label
and the annual FWB prize contest.

- ``LabelRound``: one per school year (``year`` = the calendar year it starts),
  staff-configured application window, limit per teacher and scoring thresholds.
- ``NationalLabelApplication``: one teacher, one project, one round; evaluated by
  the staff of the applicant's support service (``service`` is copied from the
  teacher's school when applying, so scoping never moves).
- ``EuropeanNomination`` / ``EuropeanLabel``: derived from national labels in at
  least two countries; nominated per service, awarded by central staff.
- ``SchoolLabelApplication``: the eTwinning School label, valid two years.
- ``ContestEdition`` / ``ContestCategory`` / ``ContestCriterion`` /
  ``ContestEntry`` / ``JuryScore`` / ``ContestReminder``: the FWB prize contest.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import School
from projects.models import Project

BRUSSELS = ZoneInfo("Europe/Brussels")
SCORE_MAX = 6
CRITERIA = (
    ("innovation", _("Innovation pédagogique")),
    ("curriculum", _("Intégration dans le programme")),
    ("collaboration", _("Collaboration entre écoles partenaires")),
    ("technology", _("Utilisation de la technologie")),
    ("results", _("Résultats et documentation")),
)
PREREQUISITES = (
    ("pupil_collaboration", _("Les élèves des écoles partenaires ont collaboré entre eux.")),
    ("ict_use", _("Les élèves ont utilisé les outils numériques (TIC) du projet.")),
    ("data_protection", _("La protection des données personnelles a été respectée.")),
    ("copyright", _("Les droits d'auteur ont été respectés.")),
    ("e_safety", _("La sécurité en ligne des élèves a été assurée.")),
)


def school_year_label(year: int) -> str:
    return f"{year}–{year + 1}"


class LabelRound(models.Model):
    """The National Quality Label (and School label) round of one school year."""

    year = models.PositiveSmallIntegerField(
        _("année scolaire (année de début)"),
        unique=True,
        validators=[MinValueValidator(2005), MaxValueValidator(2100)],
    )
    opens_at = models.DateTimeField(_("ouverture des candidatures"))
    closes_at = models.DateTimeField(_("clôture des candidatures"))
    limit_per_teacher = models.PositiveSmallIntegerField(
        _("candidatures par enseignant·e"), default=2, validators=[MinValueValidator(1)]
    )
    min_collaboration = models.PositiveSmallIntegerField(
        _("points minimum en collaboration"),
        default=3,
        validators=[MaxValueValidator(SCORE_MAX)],
    )
    min_technology = models.PositiveSmallIntegerField(
        _("points minimum en utilisation de la technologie"),
        default=3,
        validators=[MaxValueValidator(SCORE_MAX)],
    )
    min_total = models.PositiveSmallIntegerField(
        _("total minimum (sur 30)"), default=18, validators=[MaxValueValidator(30)]
    )
    european_threshold = models.DecimalField(
        _("moyenne nationale au-dessus de laquelle nominer (Label européen)"),
        max_digits=4,
        decimal_places=1,
        default=20,
    )

    class Meta:
        verbose_name = _("session de labels")
        verbose_name_plural = _("sessions de labels")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at")), name="label_round_window_ordered"
            ),
            models.CheckConstraint(
                condition=Q(min_collaboration__lte=SCORE_MAX) & Q(min_technology__lte=SCORE_MAX),
                name="label_round_minimums_in_range",
            ),
        ]

    def __str__(self) -> str:
        return school_year_label(self.year)

    def is_open(self, now: datetime.datetime) -> bool:
        """Open from ``opens_at`` (included) to ``closes_at`` (excluded), as the contest."""
        return self.opens_at <= now < self.closes_at


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("en évaluation")
    AWARDED = "awarded", _("label attribué")
    REFUSED = "refused", _("refusée")


class NationalLabelQuerySet(models.QuerySet):
    def awarded(self) -> NationalLabelQuerySet:
        return self.filter(status=ApplicationStatus.AWARDED)


def _score_field(label):
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(SCORE_MAX)],
    )


class NationalLabelApplication(models.Model):
    round = models.ForeignKey(
        LabelRound, verbose_name=_("session"), on_delete=models.PROTECT, related_name="applications"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="national_label_applications",
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enseignant·e"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="national_label_applications",
    )
    school = models.ForeignKey(
        "accounts.School", verbose_name=_("école"), on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        "accounts.SupportService",
        verbose_name=_("bureau d'assistance"),
        on_delete=models.PROTECT,
        related_name="national_label_applications",
    )
    country = models.ForeignKey(
        "accounts.Country", verbose_name=_("pays"), on_delete=models.PROTECT, related_name="+"
    )
    pupil_collaboration = models.BooleanField(PREREQUISITES[0][1], default=False)
    ict_use = models.BooleanField(PREREQUISITES[1][1], default=False)
    data_protection = models.BooleanField(PREREQUISITES[2][1], default=False)
    copyright = models.BooleanField(PREREQUISITES[3][1], default=False)
    e_safety = models.BooleanField(PREREQUISITES[4][1], default=False)
    text_innovation = models.TextField(CRITERIA[0][1], max_length=4000)
    text_curriculum = models.TextField(CRITERIA[1][1], max_length=4000)
    text_collaboration = models.TextField(CRITERIA[2][1], max_length=4000)
    text_technology = models.TextField(CRITERIA[3][1], max_length=4000)
    text_results = models.TextField(CRITERIA[4][1], max_length=4000)
    evidence_links = models.TextField(
        _("liens vers les preuves"),
        max_length=4000,
        help_text=_("Une adresse par ligne, vers des pages de l'espace du projet."),
    )
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        db_index=True,
    )
    score_innovation = _score_field(CRITERIA[0][1])
    score_curriculum = _score_field(CRITERIA[1][1])
    score_collaboration = _score_field(CRITERIA[2][1])
    score_technology = _score_field(CRITERIA[3][1])
    score_results = _score_field(CRITERIA[4][1])
    comment = models.TextField(_("commentaire de l'évaluation"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("évalué par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("déposée le"), auto_now_add=True)

    objects = NationalLabelQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidature au Label de qualité national")
        verbose_name_plural = _("candidatures au Label de qualité national")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["project", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "project", "teacher"], name="national_label_once_per_round"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ApplicationStatus]),
                name="national_label_status_valid",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"score_{code}__isnull": True})
                    | Q(**{f"score_{code}__gte": 0, f"score_{code}__lte": SCORE_MAX}),
                    name=f"national_label_score_{code}_range",
                )
                for code, _label in CRITERIA
            ],
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.AWARDED)
                | Q(
                    score_innovation__isnull=False,
                    score_curriculum__isnull=False,
                    score_collaboration__isnull=False,
                    score_technology__isnull=False,
                    score_results__isnull=False,
                ),
                name="national_label_awarded_is_scored",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.teacher or _('compte supprimé')} ({self.round})"

    @property
    def scores(self) -> list[int | None]:
        return [getattr(self, f"score_{code}") for code, _label in CRITERIA]

    @property
    def total(self) -> int | None:
        scores = self.scores
        return None if None in scores else sum(scores)

    @property
    def prerequisites_met(self) -> bool:
        return all(getattr(self, code) for code, _label in PREREQUISITES)

    def evidence_list(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]


class NominationState(models.TextChoices):
    NOMINATED = "nominated", _("nominé")
    AWARDED = "awarded", _("label attribué")


class EuropeanNomination(models.Model):
    """A support service nominates one of its eligible projects for the year."""

    round = models.ForeignKey(LabelRound, verbose_name=_("session"), on_delete=models.PROTECT)
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("projet"), on_delete=models.CASCADE, related_name="+"
    )
    service = models.ForeignKey(
        "accounts.SupportService",
        verbose_name=_("bureau d'assistance"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    average_score = models.DecimalField(_("moyenne nationale"), max_digits=4, decimal_places=1)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nominé par"),
    )
    nominated_at = models.DateTimeField(_("nominé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("nomination au Label de qualité européen")
        verbose_name_plural = _("nominations au Label de qualité européen")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "project", "service"], name="european_nomination_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} ({self.service}, {self.round})"


class EuropeanLabel(models.Model):
    round = models.ForeignKey(LabelRound, verbose_name=_("session"), on_delete=models.PROTECT)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="european_labels",
    )
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attribué par"),
    )
    awarded_at = models.DateTimeField(_("attribué le"), auto_now_add=True)

    class Meta:
        verbose_name = _("Label de qualité européen")
        verbose_name_plural = _("Labels de qualité européens")
        ordering = ["-awarded_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "project"], name="european_label_once")
        ]

    def __str__(self) -> str:
        return f"{self.project} ({self.round})"


class SchoolLabelApplication(models.Model):
    """The eTwinning School label: applied for by one of the school's teachers
    with the head's declaration; valid two years once awarded."""

    round = models.ForeignKey(LabelRound, verbose_name=_("session"), on_delete=models.PROTECT)
    school = models.ForeignKey(
        "accounts.School",
        verbose_name=_("école"),
        on_delete=models.CASCADE,
        related_name="label_applications",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="school_label_applications",
    )
    head_name = models.CharField(_("nom de la direction"), max_length=150)
    head_declaration = models.BooleanField(
        _("La direction de l'école soutient la candidature et en confirme les informations.")
    )
    declaration_file = models.FileField(
        _("déclaration signée (facultatif)"), upload_to="labels/declarations/", blank=True
    )
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    valid_until = models.DateField(_("valable jusqu'au"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("décidé par"),
    )
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("déposée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("candidature au label École eTwinning")
        verbose_name_plural = _("candidatures au label École eTwinning")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "school"], name="school_label_once_per_round"),
            models.CheckConstraint(
                condition=Q(head_declaration=True), name="school_label_head_declared"
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.AWARDED) | Q(valid_until__isnull=False),
                name="school_label_awarded_has_validity",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} ({self.round})"


# --- Contest ------------------------------------------------------------------------

DEFAULT_CATEGORIES = (
    _("Jusqu'à 6 ans"),
    _("7 à 11 ans"),
    _("12 à 15 ans"),
    _("16 à 19 ans"),
    _("Formation professionnelle initiale"),
)
DEFAULT_CONTEST_CRITERIA = (
    _("Innovation pédagogique"),
    _("Collaboration entre les élèves"),
    _("Utilisation créative des outils numériques"),
    _("Résultats et impact"),
)


def default_deadline(year: int) -> datetime.datetime:
    """The moment entries close: 1 July 00:00:00 in Brussels, *excluded*, whatever
    the server's time zone — so the whole of 30 June, to its last microsecond, is
    open (« 30 juin 23:59:59 » includes that whole second)."""
    return datetime.datetime(year, 7, 1, tzinfo=BRUSSELS)


def deadline_text(closes_at: datetime.datetime) -> str:
    """« jusqu'au 30 juin 2027 inclus » for a closing moment at midnight in
    Brussels, « jusqu'au 1 juillet 2027 à 12:00 » otherwise; in the active language."""
    local = closes_at.astimezone(BRUSSELS)
    if local.time() == datetime.time.min:
        last_day = local.date() - datetime.timedelta(days=1)
        return gettext("jusqu'au %(day)s inclus") % {"day": formats.date_format(last_day, "j F Y")}
    return gettext("jusqu'au %(day)s à %(time)s") % {
        "day": formats.date_format(local.date(), "j F Y"),
        "time": formats.time_format(local.time(), "H:i:s" if local.second else "H:i"),
    }


def default_ceremony(year: int) -> datetime.datetime:
    return datetime.datetime(year, 10, 15, 14, 0, tzinfo=BRUSSELS)


class ContestEditionQuerySet(models.QuerySet):
    def published(self) -> ContestEditionQuerySet:
        return self.filter(results_published_at__isnull=False)


class ContestEdition(models.Model):
    year = models.PositiveSmallIntegerField(
        _("année"), unique=True, validators=[MinValueValidator(2005), MaxValueValidator(2100)]
    )
    title = models.CharField(_("titre"), max_length=200, blank=True)
    introduction = models.TextField(_("présentation"), blank=True)
    # The closing moment, excluded: entries are accepted while ``now < deadline``.
    deadline = models.DateTimeField(
        _("clôture des participations"),
        help_text=_(
            "Moment exclu, heure de Bruxelles : le 1er juillet à 00:00 accepte les "
            "participations jusqu'au 30 juin inclus."
        ),
    )
    ceremony_at = models.DateTimeField(_("cérémonie de remise des prix"))
    ceremony_place = models.CharField(_("lieu de la cérémonie"), max_length=200, blank=True)
    jury = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("jury"),
        blank=True,
        related_name="contest_juries",
        limit_choices_to={"is_staff": True},
    )
    results_published_at = models.DateTimeField(_("résultats publiés le"), null=True, blank=True)

    objects = ContestEditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("édition du concours")
        verbose_name_plural = _("éditions du concours")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__lt=models.F("ceremony_at")),
                name="contest_ceremony_after_deadline",
            )
        ]

    def __str__(self) -> str:
        return self.title or str(_("Prix eTwinning FWB %(year)s") % {"year": self.year})

    @property
    def display_title(self) -> str:
        return str(self)

    def is_open(self, now: datetime.datetime) -> bool:
        """Entries are accepted strictly before the closing moment."""
        return now < self.deadline

    @property
    def last_day(self) -> datetime.date:
        """The last day (in Brussels) on which entries are accepted."""
        return (self.deadline - datetime.timedelta(microseconds=1)).astimezone(BRUSSELS).date()

    @property
    def deadline_text(self) -> str:
        return deadline_text(self.deadline)

    @property
    def results_published(self) -> bool:
        return self.results_published_at is not None


class ContestCategory(models.Model):
    edition = models.ForeignKey(
        ContestEdition,
        verbose_name=_("édition"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    name = models.CharField(_("catégorie"), max_length=120)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    prize = models.DecimalField(
        _("prix (€ de matériel multimédia)"),
        max_digits=8,
        decimal_places=2,
        default=1000,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="contest_category_unique"),
            models.CheckConstraint(condition=Q(prize__gte=0), name="contest_prize_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class ContestCriterion(models.Model):
    edition = models.ForeignKey(
        ContestEdition, verbose_name=_("édition"), on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("critère"), max_length=120)
    max_points = models.PositiveSmallIntegerField(
        _("points maximum"), default=10, validators=[MinValueValidator(1)]
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("critère du jury")
        verbose_name_plural = _("critères du jury")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "name"], name="contest_criterion_unique"),
            models.CheckConstraint(condition=Q(max_points__gte=1), name="contest_criterion_max"),
        ]

    def __str__(self) -> str:
        return self.name


class ContestEntry(models.Model):
    edition = models.ForeignKey(
        ContestEdition, verbose_name=_("édition"), on_delete=models.PROTECT, related_name="entries"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        on_delete=models.CASCADE,
        related_name="contest_entries",
    )
    category = models.ForeignKey(
        ContestCategory, verbose_name=_("catégorie"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("déposée par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="contest_entries",
    )
    presentation = models.TextField(_("présentation du projet"), max_length=6000)
    evidence_links = models.TextField(
        _("liens vers les réalisations"),
        max_length=4000,
        help_text=_("Une adresse par ligne."),
    )
    is_winner = models.BooleanField(_("lauréat"), default=False)
    created_at = models.DateTimeField(_("déposée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("participation au concours")
        verbose_name_plural = _("participations au concours")
        ordering = ["category__position", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "project"], name="contest_entry_once_per_edition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} ({self.edition.year})"

    def evidence_list(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]


class JuryScore(models.Model):
    entry = models.ForeignKey(
        ContestEntry,
        verbose_name=_("participation"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        ContestCriterion, verbose_name=_("critère"), on_delete=models.CASCADE, related_name="+"
    )
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("juré·e"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    points = models.PositiveSmallIntegerField(_("points"))

    class Meta:
        verbose_name = _("note du jury")
        verbose_name_plural = _("notes du jury")
        constraints = [
            models.UniqueConstraint(fields=["entry", "criterion", "juror"], name="jury_score_once"),
        ]

    def __str__(self) -> str:
        return f"{self.entry} — {self.criterion}: {self.points}"


class ReminderKind(models.TextChoices):
    MONTH = "month", _("un mois avant")
    WEEK = "week", _("une semaine avant")


class ContestReminder(models.Model):
    """A deadline reminder sent to one teacher: recorded so it goes out once."""

    edition = models.ForeignKey(ContestEdition, on_delete=models.CASCADE, related_name="+")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=5, choices=ReminderKind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rappel envoyé")
        verbose_name_plural = _("rappels envoyés")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "teacher", "kind"], name="contest_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition} — {self.teacher_id} ({self.kind})"


class EligibleSchool(School):
    """Schools meeting the eTwinning School label prerequisites (admin list)."""

    class Meta:
        proxy = True
        verbose_name = _("école remplissant les conditions du label École")
        verbose_name_plural = _("écoles remplissant les conditions du label École")


class EuropeanEligibleProject(Project):
    """Projects eligible for the European Quality Label (admin list)."""

    class Meta:
        proxy = True
        verbose_name = _("projet éligible au Label de qualité européen")
        verbose_name_plural = _("projets éligibles au Label de qualité européen")
