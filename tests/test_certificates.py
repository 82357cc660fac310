"""Every kind of certificate, downloaded by its holder through the portal's own link:
a tagged PDF (PDF/UA-1) in the reader's language, with its title and real text
holding the verification address — and that address, followed by anyone without
logging in, shows what the certificate certifies."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from accounts.tests.factories import SuperuserFactory, service
from certificates.models import Certificate, CertificateKind
from certificates.services import certificate_revoke
from labels.models import ApplicationStatus, ContestEdition, EuropeanLabel, SchoolLabelApplication
from labels.tests.factories import (
    GOOD_SCORES,
    application,
    awarded_school_label,
    european_project,
    open_round,
    winning_entry,
)
from trainings.tests.factories import RegistrationFactory, TrainingFactory

pytestmark = pytest.mark.django_db

TITLES = {
    # The title a Dutch reader's PDF carries (its metadata and first heading).
    "national_label": "Nationaal kwaliteitslabel",
    "european_label": "Europees kwaliteitslabel",
    "school_label": "Label eTwinning-school",
    "contest_prize": "Prijs van de eTwinning FWB-wedstrijd",
    "training": "Deelnamecertificaat voor een opleiding",
}


def national_label(founder, project):
    awarded = application(project, founder, status=ApplicationStatus.AWARDED, scores=GOOD_SCORES)
    return f"/nl/labels/certificate/{awarded.pk}/"


def european_label(founder, project):
    label = EuropeanLabel.objects.create(
        round=open_round(), project=project, awarded_by=SuperuserFactory()
    )
    return f"/nl/labels/european/{label.pk}/certificate/"


def school_label(founder, project):
    awarded = awarded_school_label(founder.school, founder)
    return f"/nl/labels/schools/label/{awarded.pk}/certificate/"


def contest_prize(founder, project):
    now = timezone.now()
    edition = ContestEdition.objects.create(
        year=2020,
        deadline=now - datetime.timedelta(days=60),
        ceremony_at=now - datetime.timedelta(days=10),
        results_published_at=now - datetime.timedelta(days=20),
    )
    entry = winning_entry(edition, project, founder)
    return f"/nl/labels/contest/prize/{entry.pk}/certificate/"


def training(founder, project):
    start = timezone.now() - datetime.timedelta(days=3)
    registration = RegistrationFactory(
        training=TrainingFactory(
            title="Le TwinSpace pas à pas",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
            registration_deadline=start - datetime.timedelta(days=2),
        ),
        teacher=founder,
        attended=True,
    )
    return f"/nl/trainings/certificates/{registration.pk}.pdf"


AWARDS = {
    "national_label": national_label,
    "european_label": european_label,
    "school_label": school_label,
    "contest_prize": contest_prize,
    "training": training,
}


@pytest.fixture
def holder():
    project, founder, _partner = european_project(title="Le voyage de la mascotte")
    founder.first_name, founder.last_name = "Claire", "Dubois"
    founder.save()
    return founder, project


def download(client: Client, founder, url: str) -> PdfReader:
    client.force_login(founder)
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    return PdfReader(io.BytesIO(response.content))


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("kind", AWARDS)
def test_each_certificate_is_a_tagged_pdf_in_the_readers_language(client, holder, kind):
    founder, project = holder
    pdf = download(client, founder, AWARDS[kind](founder, project))

    catalog = pdf.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "nl"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert pdf.metadata.title.startswith(TITLES[kind])
    text = pdf.pages[0].extract_text()
    assert TITLES[kind] in text  # real text, not a picture of it
    certificate = Certificate.objects.get(kind=kind)
    assert flat(f"http://127.0.0.1:8000/nl/verify/{certificate.code}/") in flat(text)


@pytest.mark.parametrize("kind", AWARDS)
def test_the_printed_address_shows_the_certificate_to_anyone(client, holder, kind):
    founder, project = holder
    pdf = download(client, founder, AWARDS[kind](founder, project))
    url = re.search(
        r"http://127\.0\.0\.1:8000(/nl/verify/[0-9A-Z]+/)", flat(pdf.pages[0].extract_text())
    )

    anonymous = Client()
    response = anonymous.get(url.group(1))

    assert response.status_code == 200
    page = response.content.decode()
    assert "geldig" in page
    assert TITLES[kind] in page
    holder_name = founder.school.name if kind == "school_label" else "Claire Dubois"
    assert holder_name in page


def test_downloading_again_prints_the_same_code(client, holder):
    founder, project = holder
    url = national_label(founder, project)
    first = download(client, founder, url).pages[0].extract_text()
    second = download(client, founder, url).pages[0].extract_text()

    assert Certificate.objects.count() == 1
    assert Certificate.objects.get().code in flat(first)
    assert flat(first) == flat(second)


def test_a_pdf_follows_the_language_of_the_page_it_is_asked_from(client, holder):
    founder, project = holder
    url = national_label(founder, project).replace("/nl/", "/de/")
    pdf = download(client, founder, url)

    assert pdf.trailer["/Root"]["/Lang"] == "de"
    assert "/de/verify/" in flat(pdf.pages[0].extract_text())


def test_a_certificate_staff_revoked_is_no_longer_downloadable(client, holder, staff_fwb):
    founder, project = holder
    url = training(founder, project)
    download(client, founder, url)
    certificate_revoke(
        certificate=Certificate.objects.get(kind=CertificateKind.TRAINING),
        by=staff_fwb,
        reason="Erreur",
    )

    response = client.get(url)

    assert response.status_code == 410
    assert "Pdf" not in response["Content-Type"].title()


def test_the_school_label_is_issued_by_the_schools_service(client, holder):
    founder, project = holder
    download(client, founder, school_label(founder, project))
    certificate = Certificate.objects.get(kind=CertificateKind.SCHOOL_LABEL)
    assert certificate.service == service("be-fwb")
    assert certificate.holder_id is None


def _verify_page(code: str) -> str:
    return Client().get(f"/fr/verify/{code}/").content.decode()


def test_an_attendee_marked_absent_after_all_no_longer_has_a_valid_certificate(
    client, holder, staff_fwb
):
    from trainings.models import Registration
    from trainings.services import registration_mark_attendance

    founder, project = holder
    url = training(founder, project)
    download(client, founder, url)
    code = Certificate.objects.get(kind=CertificateKind.TRAINING).code
    registration = Registration.objects.get(teacher=founder)

    registration_mark_attendance(registration=registration, attended=False, by=staff_fwb)
    assert "a été révoqué le" in _verify_page(code)
    assert client.get(url).status_code == 404  # no attendance, no certificate

    registration_mark_attendance(registration=registration, attended=True, by=staff_fwb)
    download(client, founder, url)
    assert Certificate.objects.get(kind=CertificateKind.TRAINING).code == code
    assert "est valide" in _verify_page(code)


def test_a_school_label_refused_after_all_no_longer_verifies(client, holder, staff_fwb):
    from labels.services import school_label_decide

    founder, project = holder
    download(client, founder, school_label(founder, project))
    certificate = Certificate.objects.get(kind=CertificateKind.SCHOOL_LABEL)

    school_label_decide(application=SchoolLabelApplication.objects.get(), by=staff_fwb, award=False)

    assert "a été révoqué le" in _verify_page(certificate.code)


def test_the_teacher_finds_each_label_certificate_on_my_labels(client, holder):
    founder, project = holder
    links = [
        national_label(founder, project),
        european_label(founder, project),
        school_label(founder, project),
        contest_prize(founder, project),
    ]
    client.force_login(founder)

    page = client.get("/fr/labels/mine/").content.decode()

    assert [link.replace("/nl/", "/fr/") in page for link in links] == [True] * 4
