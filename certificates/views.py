"""The public verification page, and the download every certificate link ends in."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from certificates.models import CODE_ALPHABET, CODE_LENGTH, Certificate, CertificateKind
from certificates.rendering import certificate_pdf

_CODE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
# Crockford's base32 reads the letters people confuse with digits as those digits.
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})
_NOINDEX = "noindex, nofollow"


def _normalise(code: str) -> str:
    return code.upper().replace("-", "").replace(" ", "").translate(_READ_AS)


@require_safe
@never_cache
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone, without logging in, reads what a code certifies — the kind, the
    holder, the project or training, the date, the issuing service — and whether it
    still holds; nothing more. An unknown code answers 404 and says so."""
    code = _normalise(code)
    certificate = None
    if _CODE.fullmatch(code):
        certificate = Certificate.objects.select_related("service").filter(code=code).first()
    response = render(
        request,
        "certificates/verify.html",
        {
            "certificate": certificate,
            "subject_label": _subject_label(certificate),
        },
        status=200 if certificate else 404,
    )
    response["X-Robots-Tag"] = _NOINDEX
    return response


def _subject_label(certificate: Certificate | None) -> str | None:
    if certificate is None or not certificate.subject_title:
        return None
    if certificate.kind == CertificateKind.TRAINING:
        return _("Formation")
    if certificate.kind == CertificateKind.SCHOOL_LABEL:
        return _("Objet")
    return _("Projet")


def certificate_download(
    request: HttpRequest, certificate: Certificate, *, filename: str, details: Sequence[str] = ()
) -> HttpResponse:
    """What a certificate link answers: the PDF, in the reader's language; for a
    certificate staff revoked, a page saying so (410)."""
    if certificate.is_revoked:
        return render(
            request, "certificates/revoked.html", {"certificate": certificate}, status=410
        )
    response = HttpResponse(
        certificate_pdf(certificate=certificate, details=details), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
