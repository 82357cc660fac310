"""Certificates as documents everyone can read: tagged PDF (PDF/UA-1) rendered by
WeasyPrint from Django templates, in the reader's language, with the verification
address in text and as a QR code."""

from __future__ import annotations

from collections.abc import Sequence

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language

from certificates.models import Certificate


def verification_url(certificate: Certificate) -> str:
    """The short public address printed on the certificate, in the active language."""
    return settings.SITE_URL + reverse("certificates:verify", args=[certificate.code])


def certificate_html(*, certificate: Certificate, details: Sequence[str] = ()) -> str:
    url = verification_url(certificate)
    return render_to_string(
        f"certificates/pdf/{certificate.kind}.html",
        {
            "certificate": certificate,
            "service": certificate.service,
            "details": [line for line in details if line],
            "verification_url": url,
            # An SVG image, so the QR code stays sharp at any print size.
            "qr_data_uri": segno.make(url, error="m").svg_data_uri(scale=4, border=0),
            "language": get_language(),
        },
    )


def certificate_pdf(*, certificate: Certificate, details: Sequence[str] = ()) -> bytes:
    """The certificate in the active language: tagged (PDF/UA-1), with its language,
    its title and its reading order, and real text. ``details`` are extra lines the
    awarding app adds (the school year, the training's dates), already translated."""
    from weasyprint import HTML  # lazy: it loads Pango, and only these documents need it

    html = certificate_html(certificate=certificate, details=details)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(pdf_variant="pdf/ua-1")
