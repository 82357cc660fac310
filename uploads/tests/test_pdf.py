"""PDFs: refused when they carry JavaScript, launch actions, embedded files, additional
actions, rich media or XFA (also hidden in compressed object streams or behind name
escapes), when encrypted or unreadable; plain PDFs pass unchanged."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from uploads.pipeline import DOCUMENT, check_upload
from uploads.tests.files import catalog_with, pdf_bytes, pdf_with_object_stream

ACTIVE = "contient du contenu actif"
JS_ACTION = b"<< /S /JavaScript /JS (app.alert\\(document.cookie\\)) >>"


def _check(content: bytes):
    return check_upload(
        SimpleUploadedFile("document.pdf", content), kinds={DOCUMENT}, max_bytes=10 * 2**20
    )


def _refusal(content: bytes) -> str:
    with pytest.raises(ValidationError) as refused:
        _check(content)
    return " ".join(refused.value.messages)


HOSTILE = {
    "open-action-javascript": pdf_bytes(JS_ACTION, catalog=catalog_with(b"/OpenAction 4 0 R")),
    "launch-action": pdf_bytes(
        b"<< /S /Launch /Win << /F (cmd.exe) /P (/c calc) >> >>",
        catalog=catalog_with(b"/OpenAction 4 0 R"),
    ),
    "embedded-files": pdf_bytes(
        b"<< /EmbeddedFiles 5 0 R >>",
        b"<< /Names [(facture.exe) 6 0 R] >>",
        b"<< /Type /Filespec /F (facture.exe) /EF << /F 7 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream",
        catalog=catalog_with(b"/Names 4 0 R"),
    ),
    "document-javascript-name-tree": pdf_bytes(
        b"<< /JavaScript << /Names [(a) 5 0 R] >> >>",
        JS_ACTION,
        catalog=catalog_with(b"/Names 4 0 R"),
    ),
    "page-additional-action": pdf_bytes(
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /AA << /O 5 0 R >> >>",
        b"<< /S /URI /URI (https://tracker.example) >>",
    ),
    "file-attachment-annotation": pdf_bytes(
        b"<< /Type /Annot /Subtype /FileAttachment /FS (x.exe) /Rect [0 0 10 10] >>"
    ),
    "rich-media": pdf_bytes(b"<< /Type /Annot /Subtype /RichMedia /Rect [0 0 10 10] >>"),
    "xfa-form": pdf_bytes(b"<< >>", catalog=catalog_with(b"/AcroForm << /Fields [] /XFA 4 0 R >>")),
    "escaped-name": pdf_bytes(
        b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>",
        catalog=catalog_with(b"/OpenAction 4 0 R"),
    ),
    "unreferenced-object": pdf_bytes(JS_ACTION),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_pdf_with_active_content_is_refused(name):
    assert ACTIVE in _refusal(HOSTILE[name])


def test_javascript_in_a_compressed_object_stream_is_found():
    hostile = pdf_with_object_stream(JS_ACTION, catalog=catalog_with(b"/OpenAction 4 0 R"))
    # Nothing to see for a search over the raw bytes: the parser has to decompress it.
    assert b"JavaScript" not in hostile and b"/JS" not in hostile
    assert ACTIVE in _refusal(hostile)


def test_a_plain_pdf_with_an_object_stream_passes():
    plain = pdf_with_object_stream(b"<< /Title (Attestation) >>")
    assert _check(plain).content == plain


def test_a_plain_pdf_passes_unchanged_and_an_opening_view_is_not_active():
    plain = pdf_bytes(catalog=catalog_with(b"/OpenAction [3 0 R /Fit]"))
    checked = _check(plain)
    assert checked.content == plain
    assert checked.content_type == "application/pdf"


def test_a_pdf_made_by_reportlab_passes():
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 770, "Attestation d'emploi")
    pdf.save()
    assert _check(out.getvalue()).content == out.getvalue()


@pytest.mark.parametrize("owner_only", [False, True])
def test_an_encrypted_pdf_is_refused(owner_only):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    user_password = "" if owner_only else "secret"
    writer.encrypt(user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert "protégé par un mot de passe ou chiffré" in _refusal(out.getvalue())


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4 and then nothing a parser can read",
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        pdf_bytes()[:-80],
    ],
    ids=["garbage", "no-cross-reference", "truncated"],
)
def test_an_unreadable_pdf_is_refused(content):
    assert "illisible ou endommagé" in _refusal(content)
