"""Notifications, per-kind delivery preferences and digests.

The bell's count is ``recipient = X AND read_at IS NULL``: a partial index on the
recipient over unread rows answers it alone. The digest sweep reads only rows that
wait for a digest (a second partial index), and each row belongs to at most one
digest (``digest`` is set once, by one UPDATE … WHERE digest IS NULL).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.kinds import DAILY, DELIVERY_LABELS, IMMEDIATE, WEEKLY

DELIVERY_CHOICES = list(DELIVERY_LABELS.items())


class Period(models.TextChoices):
    DAILY = DAILY, _("quotidien")
    WEEKLY = WEEKLY, _("hebdomadaire")


class DigestStatus(models.TextChoices):
    PENDING = "pending", _("en attente")
    SENT = "sent", _("envoyé")
    EMPTY = "empty", _("rien à envoyer")


class Digest(models.Model):
    """One reader's digest for one period: created (unique) before any notification is
    attached to it, sent once (pending → sent)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_digests"
    )
    period = models.CharField(_("période"), max_length=10, choices=Period.choices)
    period_start = models.DateField(_("début de la période"))
    status = models.CharField(
        _("état"), max_length=10, choices=DigestStatus.choices, default=DigestStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("résumé de notifications")
        verbose_name_plural = _("résumés de notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period", "period_start"], name="notif_one_digest_per_period"
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | ~Q(status="sent"),
                name="notif_digest_sent_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["period", "period_start"],
                condition=Q(status="pending"),
                name="notif_digest_pending_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.period} {self.period_start}"


class Notification(models.Model):
    # Indexed by notif_recipient_new_idx (recipient first) and the bell's partial index.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    kind = models.CharField(_("type"), max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    target_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # A language-neutral path (re-prefixed for the reader's language); empty: the
    # target's get_absolute_url().
    url = models.CharField(max_length=500, blank=True)
    params = models.JSONField(default=dict, blank=True)
    # How it reaches the reader, decided from their preference when it was created.
    delivery = models.CharField(
        _("remise"), max_length=10, choices=DELIVERY_CHOICES, default=IMMEDIATE
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(_("lu le"), null=True, blank=True)
    # Immediate e-mail claimed (sent) at; the claim makes a retried task a no-op.
    emailed_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(
        Digest, on_delete=models.SET_NULL, null=True, blank=True, related_name="notifications"
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The bell: count(*) WHERE recipient_id = X AND read_at IS NULL.
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notif_unread_idx"
            ),
            # The list: one reader's rows, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_new_idx"),
            # The digest sweep: rows still waiting for a digest.
            models.Index(
                fields=["delivery", "recipient"],
                condition=Q(
                    digest__isnull=True, read_at__isnull=True, delivery__in=[DAILY, WEEKLY]
                ),
                name="notif_digest_waiting_idx",
            ),
            # The purge of old read rows.
            models.Index(
                fields=["read_at"], condition=Q(read_at__isnull=False), name="notif_read_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Preference(models.Model):
    """A reader's choice for one kind; without a row, the kind's default applies."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("type"), max_length=64)
    delivery = models.CharField(_("remise"), max_length=10, choices=DELIVERY_CHOICES)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notif_one_preference_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.delivery}"
