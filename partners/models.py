"""Partner search: announcements, the search index, contacts, messages and the
moderation of all three."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import PUPIL_AGE_MAX, PUPIL_AGE_MIN

# The languages an author may write an announcement in, and the PostgreSQL
# text-search configuration that stems each of them.
TEXT_LANGUAGES = [("fr", "Français"), ("nl", "Nederlands"), ("de", "Deutsch"), ("en", "English")]
SEARCH_CONFIGS = {"fr": "french", "nl": "dutch", "de": "german", "en": "english"}
MAX_EXPIRY_MONTHS = 6
DEFAULT_EXPIRY_MONTHS = 3


class ContactStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    ACCEPTED = "accepted", _("acceptée")
    DECLINED = "declined", _("refusée")


class ContactQuerySet(models.QuerySet):
    def accepted(self) -> ContactQuerySet:
        return self.filter(status=ContactStatus.ACCEPTED)

    def pending(self) -> ContactQuerySet:
        return self.filter(status=ContactStatus.PENDING)

    def involving(self, user) -> ContactQuerySet:
        return self.filter(Q(sender=user) | Q(recipient=user))

    def between(self, a, b) -> ContactQuerySet:
        return self.filter(Q(sender=a, recipient=b) | Q(sender=b, recipient=a))


class Contact(models.Model):
    """A contact request from one teacher to another. Accepted, it makes them
    contacts: the people a teacher may message and found a project with."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandeur"),
        on_delete=models.CASCADE,
        related_name="contact_requests_sent",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("destinataire"),
        on_delete=models.CASCADE,
        related_name="contact_requests_received",
    )
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(
        _("statut"),
        max_length=10,
        choices=ContactStatus.choices,
        default=ContactStatus.PENDING,
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("décision le"), null=True, blank=True)
    is_hidden = models.BooleanField(_("masquée par la modération"), default=False)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "status"]),
            models.Index(fields=["sender", "status"]),
            models.Index(fields=["sender", "created_at"]),
        ]
        constraints = [
            # One relation per pair of teachers, whoever asked first.
            models.UniqueConstraint(
                Least("sender", "recipient"),
                Greatest("sender", "recipient"),
                name="contact_unique_pair",
            ),
            models.CheckConstraint(condition=~Q(sender=F("recipient")), name="contact_not_self"),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ContactStatus]),
                name="contact_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sender} → {self.recipient}"

    def other(self, user):
        return self.recipient if user.pk == self.sender_id else self.sender


class Suspension(models.Model):
    """A teacher suspended by staff from posting and messaging in partner search."""

    teacher = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enseignant"),
        on_delete=models.CASCADE,
        related_name="partner_suspension",
    )
    reason = models.TextField(_("motif"), blank=True)
    suspended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suspendu par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("suspendu le"), auto_now_add=True)

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return str(self.teacher)


class AnnouncementStatus(models.TextChoices):
    OPEN = "open", _("ouverte")
    CLOSED = "closed", _("clôturée")


class AnnouncementQuerySet(models.QuerySet):
    def visible(self) -> AnnouncementQuerySet:
        """Open, unexpired, not hidden by moderation, by a validated teacher."""
        return self.filter(
            status=AnnouncementStatus.OPEN,
            expires_at__gt=timezone.now(),
            is_hidden=False,
            author__status="validated",
            author__is_active=True,
        )


class Announcement(models.Model):
    """ "Je cherche des partenaires": a teacher's call for partner classes."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.CASCADE,
        related_name="partner_announcements",
    )
    title = models.CharField(_("titre"), max_length=160)
    idea = models.TextField(_("idée de projet"), max_length=4000)
    language = models.CharField(
        _("langue du texte"), max_length=2, choices=TEXT_LANGUAGES, default="fr"
    )
    subjects = models.ManyToManyField(
        "accounts.Subject", verbose_name=_("disciplines"), related_name="+"
    )
    languages = models.ManyToManyField(
        "accounts.Language", verbose_name=_("langues de travail"), related_name="+"
    )
    age_min = models.PositiveSmallIntegerField(
        _("âge minimum des élèves"),
        validators=[MinValueValidator(PUPIL_AGE_MIN), MaxValueValidator(PUPIL_AGE_MAX)],
    )
    age_max = models.PositiveSmallIntegerField(
        _("âge maximum des élèves"),
        validators=[MinValueValidator(PUPIL_AGE_MIN), MaxValueValidator(PUPIL_AGE_MAX)],
    )
    # Empty means "any eTwinning country".
    wanted_countries = models.ManyToManyField(
        "accounts.Country", verbose_name=_("pays recherchés"), blank=True, related_name="+"
    )
    partners_wanted = models.PositiveSmallIntegerField(
        _("nombre de partenaires recherchés"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    start_month = models.DateField(_("début (mois)"))
    duration_months = models.PositiveSmallIntegerField(
        _("durée (mois)"), default=6, validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    plus_welcome = models.BooleanField(_("partenaires eTwinning+ bienvenus"), default=True)
    status = models.CharField(
        _("statut"),
        max_length=6,
        choices=AnnouncementStatus.choices,
        default=AnnouncementStatus.OPEN,
    )
    expires_at = models.DateTimeField(_("expire le"))
    is_hidden = models.BooleanField(_("masquée par la modération"), default=False)
    created_at = models.DateTimeField(_("publiée le"), default=timezone.now)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        verbose_name = _("annonce de recherche de partenaires")
        verbose_name_plural = _("annonces de recherche de partenaires")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["author", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_min__lte=F("age_max")), name="announcement_age_range_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in AnnouncementStatus]),
                name="announcement_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _n in TEXT_LANGUAGES]),
                name="announcement_language_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_visible(self) -> bool:
        return self.status == AnnouncementStatus.OPEN and not self.is_expired and not self.is_hidden

    def age_range_label(self) -> str:
        return _("%(min)s–%(max)s ans") % {"min": self.age_min, "max": self.age_max}

    def period_end(self) -> date:
        months = self.start_month.month - 1 + self.duration_months
        return date(self.start_month.year + months // 12, months % 12 + 1, 1)


class EntryKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("annonces")
    TEACHER = "teacher", _("enseignants")


class SearchEntry(models.Model):
    """The search index: one flat row per visible-or-not announcement and per
    teacher, written only by ``partners.search_index``.

    Everything a search filters, sorts, counts or displays sits in this one row,
    so a search page is a handful of single-table queries whatever the page size:
    subjects and languages are bit masks (bit n = reference row with pk n), school
    levels a 3-bit mask (1 nursery, 2 primary, 4 secondary).
    """

    kind = models.CharField(max_length=12, choices=EntryKind.choices)
    announcement = models.OneToOneField(
        Announcement, on_delete=models.CASCADE, null=True, blank=True, related_name="entry"
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_entries"
    )
    visible = models.BooleanField(default=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    country = models.ForeignKey("accounts.Country", on_delete=models.PROTECT, related_name="+")
    plus = models.BooleanField(default=False)
    levels = models.PositiveSmallIntegerField(default=0)
    subjects_mask = models.BigIntegerField(default=0)
    languages_mask = models.BigIntegerField(default=0)
    wanted_mask = models.BigIntegerField(default=0)  # wanted countries; 0 = any
    age_min = models.PositiveSmallIntegerField(default=PUPIL_AGE_MIN)
    age_max = models.PositiveSmallIntegerField(default=PUPIL_AGE_MAX)
    start_month = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    active_at = models.DateTimeField()
    title = models.CharField(max_length=200)
    name = models.CharField(max_length=300)  # teacher's full name
    school_name = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    summary = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=2, default="fr")
    # Lower-cased words for the SQLite fallback; the tsvector for PostgreSQL.
    search_text = models.TextField(blank=True)
    search_vector = SearchVectorField(null=True, blank=True)

    class Meta:
        verbose_name = _("entrée de l'index de recherche")
        verbose_name_plural = _("entrées de l'index de recherche")
        # The indexes are PostgreSQL's only (covering and partial GIN indexes,
        # see migration 0007_search_rework): the embedded SQLite default serves
        # demo-sized data without them.
        constraints = [
            models.UniqueConstraint(
                fields=["teacher"],
                condition=Q(kind="teacher"),
                name="partners_entry_one_per_teacher",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SearchWord(models.Model):
    """The lexicon of the words in the search index (names, cities, schools,
    titles and texts), for typos: a query word that is not in it is completed
    with its nearest words by trigram similarity of their accent-free forms
    (PostgreSQL's pg_trgm, the method its documentation recommends), so that
    the search itself stays a full-text GIN lookup."""

    word = models.CharField(max_length=100, unique=True)
    # The word without accents ("mathematiques"): what the typo lookup compares.
    folded = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        verbose_name = _("mot du lexique de recherche")
        verbose_name_plural = _("mots du lexique de recherche")

    def __str__(self) -> str:
        return self.word


class Message(models.Model):
    """A message between two teachers who are contacts."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("expéditeur"),
        on_delete=models.CASCADE,
        related_name="partner_messages_sent",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("destinataire"),
        on_delete=models.CASCADE,
        related_name="partner_messages_received",
    )
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("envoyé le"), default=timezone.now)
    read_at = models.DateTimeField(_("lu le"), null=True, blank=True)
    is_hidden = models.BooleanField(_("masqué par la modération"), default=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["sender", "created_at"]),
            models.Index(
                fields=["recipient"], name="partners_msg_unread", condition=Q(read_at__isnull=True)
            ),
            models.Index(fields=["recipient", "sender", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(sender=F("recipient")), name="message_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.sender} → {self.recipient}"


class ReportKind(models.TextChoices):
    ANNOUNCEMENT = "announcement", _("annonce")
    PROFILE = "profile", _("profil")
    MESSAGE = "message", _("message")
    # A contribution of another app (a group's post): any model with an ``author`` and
    # an ``is_hidden`` flag, linked generically so partners imports none of them.
    CONTENT = "content", _("contribution")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("à traiter")
    ACTIONED = "actioned", _("contenu masqué ou expéditeur suspendu")
    DISMISSED = "dismissed", _("classé sans suite")


class Report(models.Model):
    """A teacher's report of an announcement, a profile or a message: the
    moderation queue of the reported teacher's support service."""

    kind = models.CharField(_("type"), max_length=12, choices=ReportKind.choices)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signalé par"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    reported_teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enseignant signalé"),
        on_delete=models.CASCADE,
        related_name="partner_reports",
    )
    announcement = models.ForeignKey(
        Announcement,
        verbose_name=_("annonce"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    message = models.ForeignKey(
        Message,
        verbose_name=_("message"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    content = GenericForeignKey("content_type", "object_id")
    reason = models.TextField(_("motif"), max_length=2000)
    status = models.CharField(
        _("statut"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField(_("signalé le"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("traité par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("traité le"), null=True, blank=True)

    class Meta:
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["content_type", "object_id", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="announcement",
                        announcement__isnull=False,
                        message__isnull=True,
                        object_id__isnull=True,
                    )
                    | Q(
                        kind="message",
                        message__isnull=False,
                        announcement__isnull=True,
                        object_id__isnull=True,
                    )
                    | Q(
                        kind="profile",
                        message__isnull=True,
                        announcement__isnull=True,
                        object_id__isnull=True,
                    )
                    | Q(
                        kind="content",
                        message__isnull=True,
                        announcement__isnull=True,
                        content_type__isnull=False,
                        object_id__isnull=False,
                    )
                ),
                name="report_target_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.reported_teacher}"
