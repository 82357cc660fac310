"""A certificate the portal issued: what it certifies, to whom, by which service, and
the unguessable code printed on it that anyone can look up."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Crockford's base32: no I, L, O or U, so a code read off paper is typed right.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20  # 100 random bits: never guessed, even by a billion tries a second.


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class CertificateKind(models.TextChoices):
    NATIONAL_LABEL = "national_label", _("Label de qualité national")
    EUROPEAN_LABEL = "european_label", _("Label de qualité européen")
    SCHOOL_LABEL = "school_label", _("Label École eTwinning")
    CONTEST_PRIZE = "contest_prize", _("Prix du concours eTwinning FWB")
    TRAINING = "training", _("Attestation de participation à une formation")


class CertificateQuerySet(models.QuerySet):
    def valid(self) -> CertificateQuerySet:
        return self.filter(revoked_at__isnull=True)


class Certificate(models.Model):
    code = models.CharField(
        _("code de vérification"), max_length=CODE_LENGTH, unique=True, default=new_code,
        editable=False,
    )  # fmt: skip
    kind = models.CharField(_("type"), max_length=16, choices=CertificateKind.choices)
    # Which award of ``kind`` this is, as the awarding app names it (e.g. "12" for an
    # application, "12:34" for a project label held by one of its teachers): the same
    # award is certified once, whoever asks and however often.
    source = models.CharField(_("référence"), max_length=64, editable=False)
    # The person it was issued to (none for a school's label). Deleting the account
    # deletes its certificates: the code then reads "unknown".
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("titulaire (compte)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="certificates",
    )
    # The facts the verification page shows, as they were when it was issued.
    holder_name = models.CharField(_("titulaire"), max_length=200)
    subject_title = models.CharField(_("objet"), max_length=300, blank=True)
    issued_on = models.DateField(_("date"))
    service = models.ForeignKey(
        "accounts.SupportService",
        verbose_name=_("bureau d'assistance"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    # None when the award itself was withdrawn (attendance corrected, label refused):
    # the certificate comes back if the award does. A staff revocation is final.
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("révoqué par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revocation_reason = models.TextField(_("motif de la révocation"), blank=True)
    created_at = models.DateTimeField(_("émis le"), auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificat")
        verbose_name_plural = _("certificats")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "source"], name="certificate_once_per_source"),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in CertificateKind]),
                name="certificate_kind_valid",
            ),
            models.CheckConstraint(condition=~Q(code=""), name="certificate_has_code"),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=False) | Q(revoked_by__isnull=True),
                name="certificate_revoker_only_if_revoked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.holder_name} ({self.code})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
