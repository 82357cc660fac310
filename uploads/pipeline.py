"""The one pipeline every uploaded file goes through, in memory, before anything is
written to storage. Each app says what it accepts (kinds, formats, size); the checks
are the same for all:

- The kind is decided by the content (magic bytes), never by the name; SVG and HTML
  are refused outright.
- Images: Pillow reads the size from the header and refuses more than ``max_pixels``
  pixels before decoding anything (decompression bombs), verifies the file, applies
  the EXIF orientation and re-encodes it without any metadata (EXIF, GPS, XMP, ICC
  profile, comments). Whatever was appended to or hidden in the file (a ZIP, HTML or
  script polyglot) is not in the re-encoded one.
- PDFs: parsed with pypdf; refused when encrypted, unreadable, or carrying active
  content (JavaScript, launch actions, embedded files, additional actions, rich
  media, XFA forms), also inside compressed object streams (:mod:`uploads.pdf`).
- Office documents are ZIP files: the structure is checked (ODF ``mimetype`` entry,
  OOXML ``[Content_Types].xml`` main part), macros and ZIP bombs refused.

Every refusal is a ``ValidationError`` with a translated message for the user.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections.abc import Collection
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from uploads import pdf

IMAGE = "image"
SOUND = "sound"
DOCUMENT = "document"
KINDS = (IMAGE, SOUND, DOCUMENT)

HEAD = 4096

# Pillow format -> (extension, content type, label shown to the user).
IMAGE_FORMATS = {
    "JPEG": (".jpg", "image/jpeg", "JPEG"),
    "PNG": (".png", "image/png", "PNG"),
    "GIF": (".png", "image/png", "GIF"),  # re-encoded as PNG (first frame)
    "WEBP": (".webp", "image/webp", "WebP"),
}
SOUND_FORMATS = {
    "mp3": (".mp3", "audio/mpeg", "MP3"),
    "ogg": (".ogg", "audio/ogg", "OGG"),
    "wav": (".wav", "audio/wav", "WAV"),
    "m4a": (".m4a", "audio/mp4", "M4A"),
}
DOCUMENT_FORMATS = {
    "pdf": (".pdf", "application/pdf", "PDF"),
    "odt": (".odt", "application/vnd.oasis.opendocument.text", "ODT"),
    "docx": (
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "DOCX",
    ),
    "pptx": (
        ".pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PPTX",
    ),
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
}
OOXML_MAIN_PARTS = {
    "wordprocessingml.document.main+xml": "docx",
    "presentationml.presentation.main+xml": "pptx",
    "spreadsheetml.sheet.main+xml": "xlsx",
}
# Uncompressed size above which an office document is taken for a ZIP bomb.
MAX_ZIP_EXPANSION = 100


@dataclass(frozen=True)
class CheckedFile:
    """What passed the pipeline: the bytes to store (re-encoded for images), and what
    to say about them. Store ``content``, never the upload it came from."""

    kind: str
    content: bytes
    extension: str
    content_type: str
    original_name: str

    @property
    def size(self) -> int:
        return len(self.content)

    def as_file(self) -> ContentFile:
        """The checked bytes as a file to assign to a ``FileField``, under a generated
        name: what the user called the file never reaches storage."""
        return ContentFile(self.content, name=f"{uuid.uuid4().hex}{self.extension}")


def refuse(message: str) -> ValidationError:
    return ValidationError(message, code="refused")


def check_upload(
    uploaded,
    *,
    kinds: Collection[str],
    max_bytes: int,
    max_pixels: int | None = None,
    image_formats: Collection[str] = tuple(IMAGE_FORMATS),
    sound_formats: Collection[str] = tuple(SOUND_FORMATS),
    document_formats: Collection[str] = tuple(DOCUMENT_FORMATS),
) -> CheckedFile:
    """Check ``uploaded`` (a Django ``UploadedFile`` or any file object with a name)
    as one of ``kinds``; return the bytes to store. Raises ``ValidationError`` with
    the message the user sees. ``max_pixels`` defaults to
    ``settings.UPLOAD_MAX_IMAGE_PIXELS``."""
    unknown = set(kinds) - set(KINDS)
    if not kinds or unknown:
        raise ValueError(f"Unknown upload kinds: {sorted(unknown) or 'none'}")
    formats = {
        IMAGE: [f for f in IMAGE_FORMATS if f in image_formats],
        SOUND: [f for f in SOUND_FORMATS if f in sound_formats],
        DOCUMENT: [f for f in DOCUMENT_FORMATS if f in document_formats],
    }
    _check_size(getattr(uploaded, "size", None) or 0, max_bytes)
    uploaded.seek(0)
    content = uploaded.read(max_bytes + 1)
    uploaded.seek(0)
    _check_size(len(content), max_bytes)
    if not content:
        raise refuse(_("Le fichier est vide."))
    head = content[:HEAD]
    name = _clean_name(getattr(uploaded, "name", "") or "fichier")
    kind = next(iter(kinds)) if len(kinds) == 1 else _sniff_kind(head, kinds, formats)
    if _looks_like_markup(head, re_encoded=kind == IMAGE):
        raise refuse(_("Les fichiers SVG et HTML ne sont pas acceptés."))
    if kind is None:
        labels = [_label(k, f) for k in KINDS if k in kinds for f in formats[k]]
        raise refuse(
            _("Format non accepté (formats acceptés : %(formats)s).")
            % {"formats": ", ".join(labels)}
        )
    if kind == IMAGE:
        pixels = settings.UPLOAD_MAX_IMAGE_PIXELS if max_pixels is None else max_pixels
        checked = _check_image(content, name, formats=formats[IMAGE], max_pixels=pixels)
    elif kind == SOUND:
        checked = _check_sound(content, name, formats=formats[SOUND])
    else:
        checked = _check_document(content, name, formats=formats[DOCUMENT], max_bytes=max_bytes)
    _check_size(checked.size, max_bytes)
    return checked


def _label(kind: str, fmt: str) -> str:
    table = {IMAGE: IMAGE_FORMATS, SOUND: SOUND_FORMATS, DOCUMENT: DOCUMENT_FORMATS}[kind]
    return table[fmt][2]


def _labels(kind: str, formats: list[str]) -> str:
    return ", ".join(_label(kind, f) for f in formats)


def _check_size(size: int, limit: int) -> None:
    if size > limit:
        raise refuse(
            _("Le fichier est trop volumineux : la taille maximale est de %(limit)s.")
            % {"limit": filesizeformat(limit)}
        )


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


def _sound_format(head: bytes) -> str | None:
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    if head.startswith(b"OggS"):
        return "ogg"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[4:8] == b"ftyp" and head[8:12] in (b"M4A ", b"M4B "):
        return "m4a"
    return None


def _sniff_kind(head: bytes, kinds: Collection[str], formats: dict[str, list[str]]) -> str | None:
    """When several kinds are accepted: the one the content is, among the accepted."""
    if IMAGE in kinds and _image_format(head) in formats[IMAGE]:
        return IMAGE
    if SOUND in kinds and _sound_format(head) in formats[SOUND]:
        return SOUND
    if DOCUMENT in kinds and head.startswith((b"%PDF-", b"PK\x03\x04")):
        return DOCUMENT
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


def _with_extension(name: str, extension: str) -> str:
    return name.rsplit(".", 1)[0] + extension


# --- images ----------------------------------------------------------------------------


def _too_large(max_pixels: int) -> ValidationError:
    return refuse(
        _("L'image est trop grande (%(pixels)s mégapixels au maximum).")
        % {"pixels": round(max_pixels / 1_000_000, 1)}
    )


def _check_image(content: bytes, name: str, *, formats: list[str], max_pixels: int) -> CheckedFile:
    fmt = _image_format(content[:HEAD])
    if fmt not in formats:
        raise refuse(
            _("Ce fichier n'est pas une image acceptée (%(formats)s).")
            % {"formats": _labels(IMAGE, formats)}
        )
    try:
        # Image.open reads the header only: the size is known before any pixel is decoded.
        with Image.open(io.BytesIO(content)) as probe:
            if probe.format != fmt:
                raise refuse(_("Le contenu de l'image ne correspond pas à son format."))
            width, height = probe.size
            if width * height > max_pixels:
                raise _too_large(max_pixels)
            probe.verify()
        # verify() leaves the image unusable: open again to decode and re-encode.
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            out = _re_encode(image, fmt)
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        raise _too_large(max_pixels) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise refuse(_("L'image est illisible ou endommagée.")) from exc
    extension, content_type, _label_ = IMAGE_FORMATS[fmt]
    return CheckedFile(IMAGE, out, extension, content_type, _with_extension(name, extension))


def _re_encode(image: Image.Image, fmt: str) -> bytes:
    """The pixels only, upright. Pillow's encoders copy some metadata from
    ``image.info`` (the ICC profile into PNG, the comment into JPEG): it is emptied,
    and nothing is passed to ``save`` but the encoding options."""
    image = ImageOps.exif_transpose(image)
    image.info = {}
    out = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    elif fmt == "WEBP":
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert("RGBA")
        image.save(out, "WEBP", quality=85)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            image = image.convert("RGBA")
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


# --- sounds ----------------------------------------------------------------------------


def _check_sound(content: bytes, name: str, *, formats: list[str]) -> CheckedFile:
    fmt = _sound_format(content[:HEAD])
    if fmt not in formats:
        raise refuse(
            _("Ce fichier n'est pas un son accepté (%(formats)s).")
            % {"formats": _labels(SOUND, formats)}
        )
    extension, content_type, _label_ = SOUND_FORMATS[fmt]
    return CheckedFile(SOUND, content, extension, content_type, _with_extension(name, extension))


# --- documents -------------------------------------------------------------------------


def _check_document(
    content: bytes, name: str, *, formats: list[str], max_bytes: int
) -> CheckedFile:
    refused = refuse(
        _("Ce fichier n'est pas un document accepté (%(formats)s).")
        % {"formats": _labels(DOCUMENT, formats)}
    )
    if content.startswith(b"%PDF-"):
        doc = "pdf"
    elif content.startswith(b"PK\x03\x04"):
        doc = _office_type(content, max_bytes=max_bytes)
    else:
        doc = None
    if doc not in formats:
        raise refused
    if doc == "pdf":
        pdf.check_pdf(content)
    extension, content_type, _label_ = DOCUMENT_FORMATS[doc]
    return CheckedFile(DOCUMENT, content, extension, content_type, _with_extension(name, extension))


def _office_type(content: bytes, *, max_bytes: int) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            total = sum(info.file_size for info in infos)
            if total > len(content) * MAX_ZIP_EXPANSION or total > 20 * max_bytes:
                raise refuse(_("Ce document est anormalement compressé : il est refusé."))
            names = {info.filename for info in infos}
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise refuse(_("Les documents avec macros ne sont pas acceptés."))
            if any(n.startswith("/") or ".." in n.split("/") for n in names):
                return None
            if infos and infos[0].filename == "mimetype":
                mimetype = archive.read("mimetype").strip()
                return "odt" if mimetype == DOCUMENT_FORMATS["odt"][1].encode() else None
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
