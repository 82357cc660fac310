"""The labels app's certificates — National and European Quality Label, eTwinning
School label, contest prize: which award each certifies, to whom, and the lines it
adds. The certificates app issues them (a code anyone can verify) and renders them
(tagged PDF, in the reader's language)."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _

from accounts.models import SupportService, User
from certificates.models import Certificate, CertificateKind
from certificates.services import certificate_issue
from labels import clock
from labels.models import (
    ContestEntry,
    EuropeanLabel,
    NationalLabelApplication,
    SchoolLabelApplication,
)


def holder_name(teacher: User) -> str:
    # Never the e-mail address: the name is printed and shown on a public page.
    return teacher.get_full_name() or _("Enseignant·e eTwinning")


def national_label_certificate_issue(
    *, application: NationalLabelApplication
) -> tuple[Certificate, list[str]]:
    teacher = application.teacher
    certificate = certificate_issue(
        kind=CertificateKind.NATIONAL_LABEL,
        source=str(application.pk),
        holder=teacher,
        holder_name=holder_name(teacher),
        subject_title=application.project.title,
        issued_on=clock.local_date(application.decided_at or application.created_at),
        service=application.service,
    )
    details = [
        _("Année scolaire %(year)s — %(school)s")
        % {"year": application.round, "school": application.school.name}
    ]
    return certificate, details


def european_label_certificate_issue(
    *, label: EuropeanLabel, teacher: User
) -> tuple[Certificate, list[str]]:
    """One certificate per teacher of the labelled project, delivered by their service."""
    certificate = certificate_issue(
        kind=CertificateKind.EUROPEAN_LABEL,
        source=f"{label.pk}:{teacher.pk}",
        holder=teacher,
        holder_name=holder_name(teacher),
        subject_title=label.project.title,
        issued_on=clock.local_date(label.awarded_at),
        service=teacher.support_service,
    )
    return certificate, [_("Label de qualité européen %(year)s") % {"year": label.round}]


def school_label_certificate_issue(
    *, application: SchoolLabelApplication
) -> tuple[Certificate, list[str]]:
    school = application.school
    certificate = certificate_issue(
        kind=CertificateKind.SCHOOL_LABEL,
        source=str(application.pk),
        holder_name=f"{school.name} ({school.city})",
        subject_title="",
        issued_on=clock.local_date(application.decided_at or application.created_at),
        service=school.support_service,
    )
    details = [
        _("Valable jusqu'au %(date)s")
        % {"date": formats.date_format(application.valid_until, "j F Y")}
    ]
    return certificate, details


def contest_prize_certificate_issue(
    *, entry: ContestEntry, teacher: User, service: SupportService
) -> tuple[Certificate, list[str]]:
    """One certificate per teacher of the winning project; the contest is the FWB
    service's (``service``)."""
    edition = entry.edition
    certificate = certificate_issue(
        kind=CertificateKind.CONTEST_PRIZE,
        source=f"{entry.pk}:{teacher.pk}",
        holder=teacher,
        holder_name=holder_name(teacher),
        subject_title=entry.project.title,
        issued_on=clock.local_date(edition.results_published_at),
        service=service,
    )
    details = [
        _("%(edition)s — catégorie « %(category)s »")
        % {"edition": edition, "category": entry.category.name}
    ]
    return certificate, details
