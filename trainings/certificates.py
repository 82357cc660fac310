"""Training attendance certificates, for attendees marked present by staff: issued
and rendered by the certificates app (a code anyone can verify, a tagged PDF in the
reader's language)."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from certificates.models import Certificate, CertificateKind
from certificates.services import certificate_issue
from trainings.models import Registration


def attendance_certificate_issue(*, registration: Registration) -> tuple[Certificate, list[str]]:
    training = registration.training
    teacher = registration.teacher
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
    certificate = certificate_issue(
        kind=CertificateKind.TRAINING,
        source=str(registration.pk),
        holder=teacher,
        # Never the e-mail address: the name is printed and shown on a public page.
        holder_name=teacher.get_full_name() or _("Enseignant·e eTwinning"),
        subject_title=training.title,
        issued_on=end.date(),
        service=training.service,
    )
    return certificate, [f"{when} — {where}"]
