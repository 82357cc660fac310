"""The School label's signed declaration goes through the upload pipeline: a PDF by
content, without active content, stored under a generated name."""

from __future__ import annotations

import datetime
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import School
from labels.models import ApplicationStatus, SchoolLabelApplication
from labels.tests.factories import GOOD_SCORES, application, european_project, open_round
from projects.tests.factories import teacher_in
from uploads.tests.files import catalog_with, pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db
APPLY = "/fr/labels/schools/apply/"


@pytest.fixture
def applicant(client):
    """A validated teacher of a school that may apply for the School label."""
    open_round()
    project, founder, _partner = european_project()
    application(project, founder, status=ApplicationStatus.AWARDED, scores=GOOD_SCORES)
    for _ in range(2):
        teacher_in("be-fwb", school=founder.school)
    School.objects.filter(pk=founder.school_id).update(
        created_at=timezone.now() - datetime.timedelta(days=900)
    )
    client.force_login(founder)
    return founder


def _apply(client, name: str, content: bytes):
    return client.post(
        APPLY,
        {
            "head_name": "Mme Leroy",
            "head_declaration": "on",
            "declaration_file": SimpleUploadedFile(name, content),
        },
    )


def _declarations_on_disk(settings) -> list[str]:
    root = os.path.join(settings.MEDIA_ROOT, "labels", "declarations")
    return os.listdir(root) if os.path.isdir(root) else []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "declaration.pdf",
            pdf_bytes(
                b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>",
                catalog=catalog_with(b"/OpenAction 4 0 R"),
            ),
            "contient du contenu actif",
        ),
        ("declaration.pdf", png_bytes(), "pas un document accepté (PDF)"),
        ("declaration.pdf", b"%PDF-1.4 broken", "illisible ou endommagé"),
    ],
    ids=["javascript", "image-named-pdf", "unreadable"],
)
def test_a_refused_declaration_keeps_the_form_and_stores_nothing(
    client, applicant, settings, name, content, message
):
    response = _apply(client, name, content)
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'value="Mme Leroy"' in body
    assert not SchoolLabelApplication.objects.exists()
    assert _declarations_on_disk(settings) == []


def test_a_plain_pdf_declaration_is_stored_under_a_generated_name(client, applicant, settings):
    declaration = pdf_bytes()
    response = _apply(client, "déclaration de Mme Leroy.pdf", declaration)
    assert response.status_code == 302
    stored = SchoolLabelApplication.objects.get().declaration_file
    assert stored.name.startswith("labels/declarations/") and "Leroy" not in stored.name
    assert stored.read() == declaration
