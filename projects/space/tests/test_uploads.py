"""Uploads: checked by content, size and quota limits, images re-encoded without
metadata, clear errors and nothing half-stored."""

from __future__ import annotations

import io
import os
import zipfile

import pytest
from django.urls import reverse
from PIL import Image

from projects.space.models import JournalPost, Material, StoredFile
from projects.space.tests.factories import jpeg_bytes, make_space, png_bytes, wav_bytes
from uploads.tests.files import catalog_with, pdf_bytes, png_bomb


def _post_material(client, space, name, content, kind):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("space:material_create", args=[space.project.pk]),
        {"kind": kind, "title": "Ressource", "upload": SimpleUploadedFile(name, content)},
    )


def _stored_files(settings) -> list[str]:
    root = os.path.join(settings.MEDIA_ROOT, "space")
    found = []
    for folder, _dirs, files in os.walk(root):
        found += [os.path.join(folder, f) for f in files]
    return found


@pytest.fixture
def space(db, client):
    s = make_space()
    client.force_login(s.founder)
    return s


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def _odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("virus.exe", "MZ...")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind", "message"),
    [
        ("photo.jpg", b"MZ\x90\x00" + b"\x00" * 200, "image", "pas une image acceptée"),
        ("cours.pdf", b"MZ\x90\x00" + b"\x00" * 200, "document", "pas un document accepté"),
        ("chanson.mp3", b"MZ\x90\x00" + b"\x00" * 200, "sound", "pas un son accepté"),
        (
            "dessin.png",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image",
            "SVG et HTML",
        ),
        (
            "page.pdf",
            b"<!DOCTYPE html><html><script>alert(1)</script></html>",
            "document",
            "SVG et HTML",
        ),
        ("archive.docx", _plain_zip(), "document", "pas un document accepté"),
        ("image.jpg", b"\xff\xd8\xff\xe0garbage-not-a-jpeg" * 10, "image", "illisible"),
        ("vide.pdf", b"", "document", "vide"),
        (
            "piege.pdf",
            pdf_bytes(
                b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>",
                catalog=catalog_with(b"/OpenAction 4 0 R"),
            ),
            "document",
            "contient du contenu actif",
        ),
        ("bombe.png", png_bomb(30_000, 30_000), "image", "trop grande"),
    ],
)
def test_refused_files_show_a_clear_error_and_store_nothing(
    client, space, settings, name, content, kind, message
):
    response = _post_material(client, space, name, content, kind)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Material.objects.exists()
    assert not StoredFile.objects.exists()
    assert _stored_files(settings) == []


@pytest.mark.parametrize(
    ("name", "content", "kind", "content_type"),
    [
        ("cours.docx", _docx(), "document", "wordprocessingml"),
        ("texte.odt", _odt(), "document", "opendocument.text"),
        ("fiche.pdf", pdf_bytes(), "document", "application/pdf"),
        ("son.wav", wav_bytes(), "sound", "audio/wav"),
        ("logo.png", png_bytes(), "image", "image/png"),
    ],
)
def test_accepted_files_are_stored_under_generated_names(
    client, space, settings, name, content, kind, content_type
):
    response = _post_material(client, space, name, content, kind)
    assert response.status_code == 302
    stored = StoredFile.objects.get()
    assert content_type in stored.content_type
    assert name.rsplit(".", 1)[0] not in stored.file.name
    assert stored.file.name.startswith(f"space/{space.project.pk}/")
    assert len(_stored_files(settings)) == 1


def test_a_renamed_executable_is_refused_whatever_its_name(client, space, settings):
    response = _post_material(client, space, "vacances.jpg", b"MZ" + b"\x00" * 500, "image")
    assert "pas une image acceptée" in response.content.decode()
    assert _stored_files(settings) == []


def test_a_jpeg_with_a_zip_and_html_appended_is_re_encoded_without_them(client, space):
    polyglot = jpeg_bytes() + _plain_zip() + b"<html><script>alert(1)</script></html>"
    response = _post_material(client, space, "poly.jpg", polyglot, "image")
    assert response.status_code == 302
    data = StoredFile.objects.get().file.read()
    assert b"PK\x03\x04" not in data and b"<script" not in data
    assert Image.open(io.BytesIO(data)).format == "JPEG"


def test_a_gif_javascript_polyglot_becomes_a_plain_png(client, space):
    out = io.BytesIO()
    Image.new("P", (8, 8)).save(out, "GIF")
    polyglot = out.getvalue() + b"*/=alert(document.domain)//"
    response = _post_material(client, space, "poly.gif", polyglot, "image")
    assert response.status_code == 302
    stored = StoredFile.objects.get()
    data = stored.file.read()
    assert stored.content_type == "image/png" and b"alert" not in data


def test_exif_and_gps_are_removed_from_photos(client, space):
    original = jpeg_bytes(exif_gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get(0x0110) == "SecretPhone"
    response = _post_material(client, space, "photo.jpg", original, "image")
    assert response.status_code == 302
    data = StoredFile.objects.get().file.read()
    assert not Image.open(io.BytesIO(data)).getexif()
    assert b"SecretPhone" not in data


def test_an_oversized_file_is_refused(client, space, settings):
    settings.SPACE_MAX_UPLOAD_BYTES = 2048
    response = _post_material(client, space, "long.wav", wav_bytes(seconds=1), "sound")
    assert "trop volumineux" in response.content.decode()
    assert _stored_files(settings) == [] and not StoredFile.objects.exists()


def test_a_pixel_bomb_is_refused_before_decoding(client, space, settings):
    settings.SPACE_MAX_IMAGE_PIXELS = 10_000
    out = io.BytesIO()
    Image.new("1", (4000, 4000)).save(out, "PNG")  # tiny file, 16 megapixels
    response = _post_material(client, space, "bomb.png", out.getvalue(), "image")
    assert "trop grande" in response.content.decode()
    assert _stored_files(settings) == []


def test_the_project_quota_stops_uploads(client, space, settings):
    settings.SPACE_PROJECT_QUOTA_BYTES = 6000
    assert (
        _post_material(client, space, "a.wav", wav_bytes(seconds=0.3), "sound").status_code == 302
    )
    response = _post_material(client, space, "b.wav", wav_bytes(seconds=0.3), "sound")
    assert "espace de stockage du projet est plein" in response.content.decode()
    assert StoredFile.objects.count() == 1 and len(_stored_files(settings)) == 1


def test_a_journal_update_with_a_bad_sound_keeps_no_photo(client, space, settings):
    """The photo passed its checks and was written, then the sound failed: the photo
    file is deleted and no row is left."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("space:journal_create", args=[space.project.pk]),
        {
            "title": "Bonjour",
            "body": "Texte",
            "image": SimpleUploadedFile("p.jpg", jpeg_bytes()),
            "sound": SimpleUploadedFile("s.mp3", b"MZ" + b"\x00" * 100),
        },
    )
    assert response.status_code == 200
    assert "pas un son accepté" in response.content.decode()
    assert not JournalPost.objects.exists() and not StoredFile.objects.exists()
    assert _stored_files(settings) == []


def test_files_are_served_with_safe_headers_to_members_only(client, space):
    _post_material(client, space, "cours.docx", _docx(), "document")
    _post_material(client, space, "photo.jpg", jpeg_bytes(), "image")
    doc, photo = StoredFile.objects.order_by("pk")
    response = client.get(reverse("space:file", args=[space.project.pk, doc.pk]))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]
    response = client.get(reverse("space:file", args=[space.project.pk, photo.pk]))
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Content-Type"] == "image/jpeg"
    client.force_login(space.outsider)
    assert client.get(reverse("space:file", args=[space.project.pk, photo.pk])).status_code == 404


def test_video_links_only_from_youtube_or_vimeo(client, space):
    url = reverse("space:material_create", args=[space.project.pk])
    response = client.post(
        url, {"kind": "video", "title": "V", "video_url": "https://evil.example/v.mp4"}
    )
    assert "YouTube ou Vimeo" in response.content.decode()
    client.post(
        url,
        {"kind": "video", "title": "V", "video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
    )
    material = Material.objects.get()
    assert material.embed_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    page = client.get(reverse("space:materials", args=[space.project.pk]))
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in page.content.decode()
