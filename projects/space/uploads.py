"""Checks on every file uploaded to a project space, done in memory before
anything is written to storage.

- The kind is decided by the content (magic bytes), never by the name; each
  kind has its allow-list. SVG and HTML are refused outright.
- Size per file and quota per project (``SPACE_MAX_UPLOAD_BYTES``,
  ``SPACE_PROJECT_QUOTA_BYTES``).
- Images: Pillow opens and verifies them, refuses more than
  ``SPACE_MAX_IMAGE_PIXELS`` pixels before decoding (decompression bombs), and
  re-encodes them without metadata (EXIF, GPS): whatever was appended to or
  hidden in the file (a ZIP, HTML or script polyglot) is not in the re-encoded one.
- Office documents are ZIP files: the structure is checked (ODF ``mimetype``
  entry, OOXML ``[Content_Types].xml`` main part), macros and ZIP bombs refused.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from projects.space.models import FileKind

HEAD = 4096


@dataclass(frozen=True)
class CheckedFile:
    kind: str
    content: bytes
    extension: str
    content_type: str
    original_name: str

    @property
    def size(self) -> int:
        return len(self.content)


IMAGE_SIGNATURES = {
    "JPEG": (".jpg", "image/jpeg"),
    "PNG": (".png", "image/png"),
    "GIF": (".png", "image/png"),  # re-encoded as PNG (first frame)
    "WEBP": (".webp", "image/webp"),
}
DOCUMENT_TYPES = {
    "pdf": (".pdf", "application/pdf"),
    "odt": (".odt", "application/vnd.oasis.opendocument.text"),
    "docx": (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pptx": (
        ".pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}
OOXML_MAIN_PARTS = {
    "wordprocessingml.document.main+xml": "docx",
    "presentationml.presentation.main+xml": "pptx",
    "spreadsheetml.sheet.main+xml": "xlsx",
}
# Uncompressed size above which an office document is taken for a ZIP bomb.
MAX_ZIP_EXPANSION = 100


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="refused")


def _image_format(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def _sound_type(head: bytes) -> tuple[str, str] | None:
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return ".mp3", "audio/mpeg"
    if head.startswith(b"OggS"):
        return ".ogg", "audio/ogg"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return ".wav", "audio/wav"
    if head[4:8] == b"ftyp" and head[8:12] in (b"M4A ", b"M4B "):
        return ".m4a", "audio/mp4"
    return None


_STARTS_AS_MARKUP = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<")
_MARKUP = re.compile(rb"<svg|<html|<!doctype|<script", re.IGNORECASE)


def _looks_like_markup(head: bytes, *, re_encoded: bool) -> bool:
    """SVG or HTML, or (for files served as they are) markup in the first bytes.
    Images are re-encoded, which drops anything appended to them."""
    if _STARTS_AS_MARKUP.match(head):
        return True
    return not re_encoded and bool(_MARKUP.search(head[:1024]))


def _clean_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[^\w.\- ()]+", "_", base).strip(" .") or "fichier"
    return base[-150:]


def check_size(size: int, *, used: int) -> None:
    limit = settings.SPACE_MAX_UPLOAD_BYTES
    if size > limit:
        raise _refuse(
            _("Le fichier est trop volumineux (maximum %(max)s Mo).")
            % {"max": round(limit / 1_048_576, 1)}
        )
    quota = settings.SPACE_PROJECT_QUOTA_BYTES
    if used + size > quota:
        raise _refuse(
            _(
                "L'espace de stockage du projet est plein (%(quota)s Mo) : supprimez des "
                "ressources avant d'en ajouter."
            )
            % {"quota": round(quota / 1_048_576, 1)}
        )


def check_upload(uploaded, *, kind: str, used: int) -> CheckedFile:
    """Validate ``uploaded`` (a Django UploadedFile) as ``kind``; return the bytes to
    store. Raises ValidationError with the message the user sees."""
    size = getattr(uploaded, "size", None) or 0
    check_size(size, used=used)
    uploaded.seek(0)
    content = uploaded.read(settings.SPACE_MAX_UPLOAD_BYTES + 1)
    check_size(len(content), used=used)
    if not content:
        raise _refuse(_("Le fichier est vide."))
    head = content[:HEAD]
    name = _clean_name(getattr(uploaded, "name", "") or "fichier")
    if _looks_like_markup(head, re_encoded=kind == FileKind.IMAGE):
        raise _refuse(_("Les fichiers SVG et HTML ne sont pas acceptés."))
    if kind == FileKind.IMAGE:
        checked = _check_image(content, name)
    elif kind == FileKind.SOUND:
        checked = _check_sound(content, name)
    elif kind == FileKind.DOCUMENT:
        checked = _check_document(content, name)
    else:  # pragma: no cover - forms only offer the kinds above
        raise _refuse(_("Ce type de fichier n'est pas accepté."))
    check_size(checked.size, used=used)
    return checked


def _check_image(content: bytes, name: str) -> CheckedFile:
    fmt = _image_format(content[:HEAD])
    if fmt is None:
        raise _refuse(_("Ce fichier n'est pas une image acceptée (JPEG, PNG, GIF ou WebP)."))
    max_pixels = settings.SPACE_MAX_IMAGE_PIXELS
    try:
        with Image.open(io.BytesIO(content)) as probe:
            if probe.format != fmt:
                raise _refuse(_("Le contenu de l'image ne correspond pas à son format."))
            width, height = probe.size
            if width * height > max_pixels:
                raise _refuse(
                    _("L'image est trop grande (%(pixels)s mégapixels au maximum).")
                    % {"pixels": round(max_pixels / 1_000_000, 1)}
                )
            probe.verify()
        # verify() leaves the image unusable: open again to decode and re-encode.
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            extension, content_type = IMAGE_SIGNATURES[fmt]
            out = io.BytesIO()
            if fmt == "JPEG":
                image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
            elif fmt == "WEBP":
                image.save(out, "WEBP", quality=85)
            else:
                if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                    image = image.convert("RGBA")
                image.save(out, "PNG", optimize=True)
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        raise _refuse(
            _("L'image est trop grande (%(pixels)s mégapixels au maximum).")
            % {"pixels": round(max_pixels / 1_000_000, 1)}
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _refuse(_("L'image est illisible ou endommagée.")) from exc
    stem = name.rsplit(".", 1)[0]
    return CheckedFile(FileKind.IMAGE, out.getvalue(), extension, content_type, stem + extension)


def _check_sound(content: bytes, name: str) -> CheckedFile:
    found = _sound_type(content[:HEAD])
    if found is None:
        raise _refuse(_("Ce fichier n'est pas un son accepté (MP3, OGG, WAV ou M4A)."))
    extension, content_type = found
    stem = name.rsplit(".", 1)[0]
    return CheckedFile(FileKind.SOUND, content, extension, content_type, stem + extension)


def _check_document(content: bytes, name: str) -> CheckedFile:
    refused = _("Ce fichier n'est pas un document accepté (PDF, ODT, DOCX, PPTX ou XLSX).")
    if content.startswith(b"%PDF-"):
        doc = "pdf"
    elif content.startswith(b"PK\x03\x04"):
        doc = _office_type(content)
        if doc is None:
            raise _refuse(refused)
    else:
        raise _refuse(refused)
    extension, content_type = DOCUMENT_TYPES[doc]
    stem = name.rsplit(".", 1)[0]
    return CheckedFile(FileKind.DOCUMENT, content, extension, content_type, stem + extension)


def _office_type(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            total = sum(info.file_size for info in infos)
            if (
                total > len(content) * MAX_ZIP_EXPANSION
                or total > 20 * settings.SPACE_MAX_UPLOAD_BYTES
            ):
                raise _refuse(_("Ce document est anormalement compressé : il est refusé."))
            names = {info.filename for info in infos}
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise _refuse(_("Les documents avec macros ne sont pas acceptés."))
            if any(n.startswith("/") or ".." in n.split("/") for n in names):
                return None
            if infos and infos[0].filename == "mimetype":
                mimetype = archive.read("mimetype").strip()
                return "odt" if mimetype == DOCUMENT_TYPES["odt"][1].encode() else None
            if "[Content_Types].xml" in names:
                types = archive.read("[Content_Types].xml")[:200_000].decode("utf-8", "replace")
                for marker, doc in OOXML_MAIN_PARTS.items():
                    if marker in types:
                        return doc
            return None
    except ValidationError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, NotImplementedError):
        return None
