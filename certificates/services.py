"""Issuing and revoking certificates. The apps that award things call these; a
certificate is issued the first time its holder downloads it, and is the same one
(same code) every time after."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import SupportService, User
from accounts.scoping import can_act_for_service
from certificates.models import Certificate, CertificateKind


def certificate_issue(
    *,
    kind: CertificateKind | str,
    source: str,
    holder_name: str,
    subject_title: str,
    issued_on: datetime.date,
    service: SupportService,
    holder: User | None = None,
) -> Certificate:
    """The certificate of ``kind`` for the award ``source``: created the first time,
    returned unchanged (same code, same facts) after. One withdrawn with its award
    (``certificate_withdraw``) comes back, since the caller found the award holds
    again; one revoked by staff stays revoked."""
    existing = Certificate.objects.filter(kind=kind, source=source).first()
    if existing is not None:
        if existing.is_revoked and existing.revoked_by_id is None:
            Certificate.objects.filter(pk=existing.pk).update(revoked_at=None, revocation_reason="")
            existing.refresh_from_db()
        return existing
    certificate = Certificate(
        kind=kind,
        source=source,
        holder=holder,
        holder_name=holder_name.strip()[:200],
        subject_title=subject_title.strip()[:300],
        issued_on=issued_on,
        service=service,
    )
    # The (kind, source) uniqueness is the database's to enforce: two downloads at
    # the same moment must end with one certificate, not a validation error.
    certificate.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            certificate.save()
    except IntegrityError:
        return Certificate.objects.get(kind=kind, source=source)
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by: User, reason: str) -> Certificate:
    """Staff of the issuing service revoke a certificate, for good: its page then
    says so, and its holder can no longer download it."""
    if not can_act_for_service(by, certificate.service_id):
        raise PermissionDenied(_("Ce certificat relève d'un autre bureau d'assistance."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.is_revoked and certificate.revoked_by_id is not None:
        raise ValidationError(_("Ce certificat est déjà révoqué."))
    if not reason.strip():
        raise ValidationError(_("Indiquez le motif de la révocation."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = by
    certificate.revocation_reason = reason.strip()
    certificate.full_clean()
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    return certificate


def certificate_withdraw(*, kind: CertificateKind | str, source: str, reason: str) -> bool:
    """The award behind this certificate was withdrawn (attendance corrected, a label
    refused after all): it reads "revoked" until the award holds again. Whether a
    valid certificate was withdrawn."""
    return bool(
        Certificate.objects.filter(kind=kind, source=source, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revocation_reason=reason[:2000]
        )
    )
