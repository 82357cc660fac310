"""What a proof of employment may be: the accounts app's policy for the one upload
pipeline (``uploads.pipeline``)."""

from __future__ import annotations

from django.conf import settings

from uploads.pipeline import DOCUMENT, IMAGE, CheckedFile, check_upload


def validate_proof_of_employment(upload) -> CheckedFile:
    """A PDF (without active content), a JPEG or a PNG (re-encoded without metadata),
    checked by content; raises a ``ValidationError`` with a clear message."""
    return check_upload(
        upload,
        kinds={IMAGE, DOCUMENT},
        max_bytes=settings.PROOF_OF_EMPLOYMENT_MAX_BYTES,
        image_formats={"JPEG", "PNG"},
        document_formats={"pdf"},
    )
