"""File checks by content (magic bytes), never by the name the user gave."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PROOF_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)


def sniff_kind(head: bytes, signatures=PROOF_SIGNATURES) -> str | None:
    for magic, kind in signatures:
        if head.startswith(magic):
            return kind
    return None


def validate_proof_of_employment(upload) -> str:
    """Return the detected kind ('pdf', 'jpg', 'png') or raise a clear error."""
    limit = settings.PROOF_OF_EMPLOYMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("Le fichier dépasse la taille maximale de %(limit)s.")
            % {"limit": filesizeformat(limit)}
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff_kind(head)
    if kind is None:
        raise ValidationError(
            _("Format non accepté : envoyez un PDF, un JPEG ou un PNG."),
        )
    return kind
