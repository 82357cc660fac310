"""National Quality Label certificate (PDF, reportlab) in the viewer's language."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas

from labels.models import NationalLabelApplication

BLUE = colors.HexColor("#1f4e9c")
GOLD = colors.HexColor("#b7791f")


def national_label_certificate_pdf(application: NationalLabelApplication) -> bytes:
    teacher = application.teacher
    service = application.service
    buffer = BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=0)
    pdf.setTitle(_("Label de qualité national"))
    pdf.setAuthor(service.name)
    pdf.setStrokeColor(GOLD)
    pdf.setLineWidth(4)
    pdf.rect(1.2 * cm, 1.2 * cm, width - 2.4 * cm, height - 2.4 * cm)
    pdf.setFillColor(BLUE)
    pdf.setFont("Helvetica-Bold", 30)
    pdf.drawCentredString(width / 2, height - 4 * cm, _("Label de qualité national"))
    pdf.setFillColor(colors.black)
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(width / 2, height - 6 * cm, _("est décerné à"))
    pdf.setFont("Helvetica-Bold", 22)
    name = (teacher.get_full_name() or teacher.email) if teacher else "—"
    pdf.drawCentredString(width / 2, height - 7.5 * cm, name[:80])
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(width / 2, height - 9 * cm, _("pour le projet eTwinning"))
    pdf.setFont("Helvetica-Bold", 17)
    pdf.drawCentredString(width / 2, height - 10.3 * cm, application.project.title[:90])
    pdf.setFont("Helvetica", 13)
    pdf.drawCentredString(
        width / 2,
        height - 11.6 * cm,
        _("Année scolaire %(year)s — %(school)s")
        % {"year": application.round, "school": application.school.name[:80]},
    )
    pdf.setFont("Helvetica", 11)
    pdf.drawCentredString(width / 2, 4.2 * cm, service.name)
    pdf.setFillColor(colors.HexColor("#475569"))
    lines = [service.organisation, " ".join(service.address.split()), service.email]
    for offset, line in enumerate(filter(None, lines)):
        pdf.drawCentredString(width / 2, (3.6 - offset * 0.5) * cm, line[:140])
    pdf.setFont("Helvetica", 9)
    pdf.drawString(1.8 * cm, 1.6 * cm, _("Certificat n° %(number)s") % {"number": application.pk})
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
