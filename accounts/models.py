"""Reference data (countries, support services, subjects, languages), schools and
teachers: the people and places every other app builds on."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PUPIL_AGE_MIN = 2
PUPIL_AGE_MAX = 20


class Programme(models.TextChoices):
    CORE = "core", _("eTwinning")
    PLUS = "plus", _("eTwinning+")


class ReferenceQuerySet(models.QuerySet):
    """Reference rows (countries, services, subjects, languages) every service
    shares. A row in use is never deleted: it is retired (``is_active=False``)."""

    def active(self) -> ReferenceQuerySet:
        return self.filter(is_active=True)

    def offered(self, *, keep: Iterable[models.Model | int] = ()) -> ReferenceQuerySet:
        """The choices a form offers: the active rows, plus the ones the edited
        object already has. A retired row stays on the objects that use it, and
        saving their form must not silently drop it."""
        ids = [getattr(row, "pk", row) for row in keep]
        return self.filter(Q(is_active=True) | Q(pk__in=ids))


class Country(models.Model):
    code = models.CharField(_("code ISO"), max_length=2, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    programme = models.CharField(
        _("programme"), max_length=4, choices=Programme.choices, default=Programme.CORE
    )
    is_active = models.BooleanField(_("actif"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("pays")
        verbose_name_plural = _("pays")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(programme__in=["core", "plus"]), name="country_programme_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_plus(self) -> bool:
        return self.programme == Programme.PLUS


class SupportService(models.Model):
    """A National Support Service (NSS): one per country, three in Belgium."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    country = models.ForeignKey(
        Country, verbose_name=_("pays"), on_delete=models.PROTECT, related_name="services"
    )
    organisation = models.CharField(_("organisme"), max_length=200, blank=True)
    address = models.TextField(_("adresse"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    website = models.URLField(_("site web"), blank=True)
    is_active = models.BooleanField(_("actif"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("bureau d'assistance")
        verbose_name_plural = _("bureaux d'assistance")
        ordering = ["country__code", "code"]

    def __str__(self) -> str:
        return self.name


class Subject(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    is_active = models.BooleanField(_("actif"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    code = models.CharField(_("code ISO 639-1"), max_length=2, unique=True)
    name = models.CharField(_("nom"), max_length=60)
    is_active = models.BooleanField(_("actif"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("langue")
        verbose_name_plural = _("langues")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ValidationStatus(models.TextChoices):
    PENDING = "pending", _("en attente de validation")
    VALIDATED = "validated", _("validé")
    REJECTED = "rejected", _("refusé")


class SchoolNetwork(models.TextChoices):
    WBE = "wbe", _("Wallonie-Bruxelles Enseignement")
    OFFICIAL = "official", _("Officiel subventionné")
    FREE_DENOMINATIONAL = "free_denom", _("Libre confessionnel")
    FREE_NON_DENOMINATIONAL = "free_nondenom", _("Libre non confessionnel")


class SchoolQuerySet(models.QuerySet):
    def validated(self) -> SchoolQuerySet:
        return self.filter(status=ValidationStatus.VALIDATED)

    def for_service(self, service: SupportService | None) -> SchoolQuerySet:
        return self if service is None else self.filter(support_service=service)

    def search(self, text: str) -> SchoolQuerySet:
        text = text.strip()
        if not text:
            return self.none()
        return self.filter(
            Q(name__icontains=text) | Q(city__icontains=text) | Q(postcode__istartswith=text)
        )


class School(models.Model):
    name = models.CharField(_("nom"), max_length=200)
    country = models.ForeignKey(Country, verbose_name=_("pays"), on_delete=models.PROTECT)
    city = models.CharField(_("localité"), max_length=100)
    postcode = models.CharField(_("code postal"), max_length=12)
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    support_service = models.ForeignKey(
        SupportService,
        verbose_name=_("bureau d'assistance"),
        on_delete=models.PROTECT,
        related_name="schools",
    )
    level_nursery = models.BooleanField(_("maternel"), default=False)
    level_primary = models.BooleanField(_("primaire"), default=False)
    level_secondary = models.BooleanField(_("secondaire"), default=False)
    # FWB-specific description (B: "tous réseaux, niveaux, types et formes").
    network = models.CharField(
        _("réseau"), max_length=16, choices=SchoolNetwork.choices, blank=True
    )
    special_education = models.BooleanField(_("enseignement spécialisé"), default=False)
    form_general = models.BooleanField(_("forme générale"), default=False)
    form_technical = models.BooleanField(_("forme technique"), default=False)
    form_artistic = models.BooleanField(_("forme artistique"), default=False)
    form_vocational = models.BooleanField(_("forme professionnelle"), default=False)
    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=ValidationStatus.choices,
        default=ValidationStatus.PENDING,
        db_index=True,
    )
    rejection_reason = models.TextField(_("motif du refus"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_schools",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décision par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("décision le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = _("école")
        verbose_name_plural = _("écoles")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["support_service", "status"]),
            models.Index(fields=["country", "status"]),
            models.Index(fields=["postcode"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(level_nursery=True) | Q(level_primary=True) | Q(level_secondary=True),
                name="school_has_a_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"

    @property
    def is_validated(self) -> bool:
        return self.status == ValidationStatus.VALIDATED

    def level_labels(self) -> list[str]:
        return [
            str(label)
            for flag, label in (
                (self.level_nursery, _("maternel")),
                (self.level_primary, _("primaire")),
                (self.level_secondary, _("secondaire")),
            )
            if flag
        ]


class TeacherRole(models.TextChoices):
    TEACHER = "teacher", _("enseignant·e")
    HEAD = "head", _("chef·fe d'établissement")
    ICT = "ict", _("responsable TIC")
    RESOURCE = "resource", _("personne ressource")
    LIBRARIAN = "librarian", _("bibliothécaire")
    OTHER = "other", _("autre membre du personnel")


class TeacherStatus(models.TextChoices):
    NEW = "new", _("profil à compléter")
    PENDING = "pending", _("en attente de validation")
    VALIDATED = "validated", _("validé")
    REJECTED = "rejected", _("refusé")


class UserQuerySet(models.QuerySet):
    def teachers(self) -> UserQuerySet:
        return self.filter(is_staff=False, is_active=True)

    def proofs_past_retention(self, *, now: datetime.datetime, days: int) -> UserQuerySet:
        """Teachers whose proof of employment is still stored ``days`` days after the
        staff validated or refused them (data minimisation)."""
        return self.filter(
            status__in=[TeacherStatus.VALIDATED, TeacherStatus.REJECTED],
            decided_at__lte=now - datetime.timedelta(days=days),
        ).exclude(proof_of_employment="")

    def validated(self) -> UserQuerySet:
        return self.filter(status=TeacherStatus.VALIDATED)

    def for_service(self, service: SupportService | None) -> UserQuerySet:
        return self if service is None else self.filter(support_service=service)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


def proof_upload_to(instance: User, filename: str) -> str:
    # Never the user's file name: a generated one, kept out of any public URL.
    import uuid

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"proofs/{uuid.uuid4().hex}.{extension}"


class User(AbstractUser):
    """A person with a login: a teacher (any school staff) or support-service staff."""

    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    role = models.CharField(
        _("fonction"), max_length=10, choices=TeacherRole.choices, default=TeacherRole.TEACHER
    )
    school = models.ForeignKey(
        School,
        verbose_name=_("école principale"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teachers",
    )
    other_schools = models.ManyToManyField(
        School, verbose_name=_("autres écoles"), blank=True, related_name="+"
    )
    # The service that validates the teacher: the one of their main school,
    # copied here so that admin scoping is a single indexed filter.
    support_service = models.ForeignKey(
        SupportService,
        verbose_name=_("bureau d'assistance"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teachers",
    )
    # For staff: the one service whose data they may see and change.
    staff_service = models.ForeignKey(
        SupportService,
        verbose_name=_("bureau d'assistance (personnel)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    subjects = models.ManyToManyField(Subject, verbose_name=_("disciplines"), blank=True)
    languages = models.ManyToManyField(Language, verbose_name=_("langues parlées"), blank=True)
    age_min = models.PositiveSmallIntegerField(
        _("âge minimum des élèves"),
        null=True,
        blank=True,
        validators=[MinValueValidator(PUPIL_AGE_MIN), MaxValueValidator(PUPIL_AGE_MAX)],
    )
    age_max = models.PositiveSmallIntegerField(
        _("âge maximum des élèves"),
        null=True,
        blank=True,
        validators=[MinValueValidator(PUPIL_AGE_MIN), MaxValueValidator(PUPIL_AGE_MAX)],
    )
    bio = models.TextField(_("présentation"), max_length=2000, blank=True)
    available_for_projects = models.BooleanField(_("disponible pour des projets"), default=True)
    # Partner search: a teacher may keep their profile out of the search results.
    hidden_from_search = models.BooleanField(
        _("profil masqué dans la recherche de partenaires"), default=False
    )
    preferred_language = models.CharField(
        _("langue préférée"), max_length=2, choices=settings.LANGUAGES, default="fr"
    )
    bulletin_subscribed = models.BooleanField(
        _("abonné·e au bulletin « Liaison eTwinning »"), default=True
    )
    proof_of_employment = models.FileField(
        _("preuve d'emploi"), upload_to=proof_upload_to, blank=True
    )
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=TeacherStatus.choices,
        default=TeacherStatus.NEW,
        db_index=True,
    )
    rejection_reason = models.TextField(_("motif du refus"), blank=True)
    decided_by = models.ForeignKey(
        "self",
        verbose_name=_("décision par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("décision le"), null=True, blank=True)
    # When the teacher (re)entered the validation queue: how long staff made them wait.
    pending_since = models.DateTimeField(_("en attente depuis le"), null=True, blank=True)
    # Staff: a morning e-mail of what waits for them (accounts/admin_queue.py).
    staff_morning_digest = models.BooleanField(
        _("recevoir chaque matin un e-mail de ce qui m'attend"), default=False
    )
    # Set when the proof is deleted PROOF_RETENTION_DAYS after the decision.
    proof_deleted_at = models.DateTimeField(
        _("preuve d'emploi supprimée le"), null=True, blank=True
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["support_service", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=models.F("age_max")),
                name="user_age_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in TeacherStatus]),
                name="user_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_validated_teacher(self) -> bool:
        return self.status == TeacherStatus.VALIDATED and not self.is_staff

    @property
    def is_service_staff(self) -> bool:
        return self.is_staff and self.staff_service_id is not None

    def age_range_label(self) -> str:
        if self.age_min is None or self.age_max is None:
            return ""
        return _("%(min)s–%(max)s ans") % {"min": self.age_min, "max": self.age_max}


class StaffDigest(models.Model):
    """A staff member's morning e-mail of one day, claimed (inserted) before it is
    sent: a second beat, a retried task or a second worker finds the row and sends
    nothing."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("résumé du matin envoyé")
        verbose_name_plural = _("résumés du matin envoyés")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="staff_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
