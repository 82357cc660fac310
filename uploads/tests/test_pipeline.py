"""The upload pipeline: kinds decided by content, images re-encoded upright without
metadata under a pixel limit, clear refusals."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from uploads.pipeline import DOCUMENT, IMAGE, SOUND, check_upload
from uploads.tests.files import (
    jpeg_with_metadata,
    pdf_bytes,
    png_bomb,
    png_bytes,
    png_with_metadata,
    rotated_jpeg,
    webp_with_metadata,
)

MB = 1024 * 1024


def _check(name: str, content: bytes, **policy):
    policy.setdefault("kinds", {IMAGE})
    policy.setdefault("max_bytes", 10 * MB)
    return check_upload(SimpleUploadedFile(name, content), **policy)


def _refusal(name: str, content: bytes, **policy) -> str:
    with pytest.raises(ValidationError) as refused:
        _check(name, content, **policy)
    return " ".join(refused.value.messages)


SECRETS = (b"SecretPhone", b"SECRET-ICC", b"SECRET-COMMENT", b"SECRET-XMP", b"SECRET-TEXT")


@pytest.mark.parametrize(
    ("name", "build", "fmt"),
    [
        ("photo.jpg", jpeg_with_metadata, "JPEG"),
        ("dessin.png", png_with_metadata, "PNG"),
        ("image.webp", webp_with_metadata, "WEBP"),
    ],
)
def test_images_come_back_re_encoded_without_any_metadata(name, build, fmt):
    original = build()
    assert any(secret in original for secret in SECRETS)
    checked = _check(name, original)
    assert checked.content != original
    assert not any(secret in checked.content for secret in SECRETS)
    image = Image.open(io.BytesIO(checked.content))
    assert image.format == fmt
    assert not image.getexif()
    assert "icc_profile" not in image.info and "xmp" not in image.info


def test_a_gps_jpeg_loses_its_coordinates():
    original = jpeg_with_metadata()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    checked = _check("vacances.jpg", original)
    assert not Image.open(io.BytesIO(checked.content)).getexif().get_ifd(0x8825)


def test_the_exif_orientation_is_applied_before_it_is_dropped():
    checked = _check("portrait.jpg", rotated_jpeg())
    image = Image.open(io.BytesIO(checked.content))
    assert image.size == (20, 40)
    assert not image.getexif()


def test_a_decompression_bomb_is_refused_from_its_header_before_decoding(monkeypatch):
    def no_decoding(self, *args, **kwargs):
        raise AssertionError("the bomb was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    bomb = png_bomb(30_000, 30_000)
    assert len(bomb) < 1000
    assert "trop grande" in _refusal("bomb.png", bomb)


def test_the_pixel_limit_comes_from_settings_unless_given(settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 10_000
    assert "trop grande" in _refusal("big.png", png_bytes((200, 200)))
    assert _check("big.png", png_bytes((200, 200)), max_pixels=40_000).kind == IMAGE


def test_the_size_limit_is_checked_on_the_bytes_not_on_the_declared_size():
    upload = SimpleUploadedFile("a.png", png_bytes((64, 64)))
    upload.size = 10  # what the client claims
    with pytest.raises(ValidationError, match="trop volumineux"):
        check_upload(upload, kinds={IMAGE}, max_bytes=50)


def test_a_file_of_several_accepted_kinds_is_told_by_its_content():
    policy = {
        "kinds": {IMAGE, DOCUMENT},
        "image_formats": {"JPEG", "PNG"},
        "document_formats": {"pdf"},
    }
    assert _check("scan.pdf", png_bytes(), **policy).content_type == "image/png"
    assert _check("scan.png", pdf_bytes(), **policy).content_type == "application/pdf"
    message = _refusal("doc.pdf", b"MZ\x90\x00 a program", **policy)
    assert message == "Format non accepté (formats acceptés : JPEG, PNG, PDF)."


def test_a_format_outside_the_policy_is_refused_with_the_accepted_list():
    gif = io.BytesIO()
    Image.new("P", (4, 4)).save(gif, "GIF")
    message = _refusal("a.gif", gif.getvalue(), image_formats={"JPEG", "PNG"})
    assert message == "Ce fichier n'est pas une image acceptée (JPEG, PNG)."
    office = io.BytesIO()
    with zipfile.ZipFile(office, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
    message = _refusal("a.odt", office.getvalue(), kinds={DOCUMENT}, document_formats={"pdf"})
    assert message == "Ce fichier n'est pas un document accepté (PDF)."


def test_the_name_shown_is_the_cleaned_stem_and_the_stored_name_is_generated():
    checked = _check("../../etc/mes vacances.gif", png_bytes())
    assert checked.original_name == "mes vacances.png"
    stored = checked.as_file()
    assert re.fullmatch(r"[0-9a-f]{32}\.png", stored.name)
    assert stored.read() == checked.content


def test_a_sound_is_kept_as_sent():
    wav = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 40
    checked = _check("son.bin", wav, kinds={SOUND})
    assert checked.content == wav and checked.extension == ".wav"


def test_an_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError):
        _check("a.png", png_bytes(), kinds={"video"})


def test_messages_are_translated(settings):
    from django.utils import translation

    with translation.override("nl"):
        assert "Het bestand is leeg." in _refusal("vide.png", b"")
    with translation.override("de"):
        assert "Die Datei ist leer." in _refusal("vide.png", b"")
