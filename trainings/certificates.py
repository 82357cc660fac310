"""Participation certificates (PDF, reportlab), rendered in the teacher's
current language for attendees marked present by staff."""

from __future__ import annotations

from io import BytesIO

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas

from trainings.models import Registration

BLUE = colors.HexColor("#1f4e9c")


def certificate_pdf(registration: Registration) -> bytes:
    training = registration.training
    teacher = registration.teacher
    service = training.service
    buffer = BytesIO()
    width, height = landscape(A4)
    # Uncompressed: a few kilobytes, and the text stays searchable by simple tools.
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=0)
    pdf.setTitle(_("Attestation de participation"))
    pdf.setAuthor(service.name)

    pdf.setStrokeColor(BLUE)
    pdf.setLineWidth(3)
    pdf.rect(1.2 * cm, 1.2 * cm, width - 2.4 * cm, height - 2.4 * cm)

    pdf.setFillColor(BLUE)
    pdf.setFont("Helvetica-Bold", 28)
    pdf.drawCentredString(width / 2, height - 4 * cm, _("Attestation de participation"))

    pdf.setFillColor(colors.black)
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(
        width / 2, height - 6 * cm, _("Le bureau d'assistance eTwinning atteste que")
    )
    pdf.setFont("Helvetica-Bold", 22)
    pdf.drawCentredString(width / 2, height - 7.5 * cm, teacher.get_full_name() or teacher.email)
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(width / 2, height - 9 * cm, _("a participé à la formation"))
    pdf.setFont("Helvetica-Bold", 17)
    pdf.drawCentredString(width / 2, height - 10.3 * cm, training.title[:90])
    pdf.setFont("Helvetica", 13)
    start = timezone.localtime(training.starts_at)
    end = timezone.localtime(training.ends_at)
    if start.date() == end.date():
        when = _("le %(date)s") % {"date": formats.date_format(start.date(), "DATE_FORMAT")}
    else:
        when = _("du %(start)s au %(end)s") % {
            "start": formats.date_format(start.date(), "DATE_FORMAT"),
            "end": formats.date_format(end.date(), "DATE_FORMAT"),
        }
    where = training.place or training.get_format_display()
    pdf.drawCentredString(width / 2, height - 11.6 * cm, f"{when} — {where}"[:120])

    pdf.setFont("Helvetica", 11)
    pdf.drawCentredString(width / 2, 4.2 * cm, service.name)
    lines = [service.organisation, " ".join(service.address.split()), service.email]
    pdf.setFillColor(colors.HexColor("#475569"))
    for offset, line in enumerate(filter(None, lines)):
        pdf.drawCentredString(width / 2, (3.6 - offset * 0.5) * cm, line[:140])
    pdf.setFont("Helvetica", 9)
    pdf.drawString(
        1.8 * cm,
        1.6 * cm,
        _("Attestation n° %(number)s") % {"number": f"{training.pk}-{registration.pk}"},
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
