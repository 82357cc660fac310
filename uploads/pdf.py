"""Active content in PDFs, found with a real parser (pypdf) rather than patterns over
the raw bytes: names may be written with ``#xx`` escapes and objects may sit in
compressed object streams, which a byte search would miss.

Every object of the file is visited: those reachable from the trailer and those
listed in any cross-reference table or stream (a viewer that repairs a file may use
an object nothing points to)."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

# Keys whose presence is active content: scripts, actions run on events (/AA, on a
# page, a field or the document), embedded files, Flash/3D rich media, XFA forms.
ACTIVE_KEYS = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/AA",
        "/Launch",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/RichMedia",
        "/RichMediaContent",
        "/XFA",
    }
)
# Names whose use as a value is active content: action types (/S) that run a script,
# start a program, import data or open an embedded file; object and annotation types
# (/Type, /Subtype) of embedded files and rich media.
ACTIVE_NAMES = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/ImportData",
        "/GoToE",
        "/RichMediaExecute",
        "/EmbeddedFile",
        "/FileAttachment",
        "/RichMedia",
    }
)
# A 10 MB file cannot hold more objects than this; a safety net against loops.
MAX_OBJECTS = 2_000_000


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="refused")


def check_pdf(content: bytes) -> None:
    """Raise a ``ValidationError`` when ``content`` is not a PDF a reader can open
    without running anything."""
    broken = _refuse(_("Ce PDF est illisible ou endommagé."))
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise _refuse(
                _(
                    "Ce PDF est protégé par un mot de passe ou chiffré : envoyez une "
                    "version non protégée."
                )
            )
        found = _active_content(reader)
    except ValidationError:
        raise
    except Exception as exc:  # any failure of the parser on hostile bytes: refused as broken
        raise broken from exc
    if found is not None:
        raise _refuse(
            _(
                "Ce PDF contient du contenu actif (script, action automatique, fichier "
                "joint ou formulaire dynamique) : il est refusé. Imprimez-le en PDF pour "
                "en obtenir une version simple, puis envoyez celle-ci."
            )
        )


def _all_objects(reader: PdfReader) -> list:
    roots: list = [reader.trailer]
    for generation, table in reader.xref.items():
        roots += [IndirectObject(number, generation, reader) for number in table]
    roots += [IndirectObject(number, 0, reader) for number in reader.xref_objStm]
    return roots


def _active_content(reader: PdfReader) -> str | None:
    """The first active name found, or None."""
    stack = _all_objects(reader)
    seen_refs: set[tuple[int, int]] = set()
    visited = 0
    while stack:
        obj = stack.pop()
        visited += 1
        if visited > MAX_OBJECTS:
            raise ValueError("too many objects")
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen_refs:
                continue
            seen_refs.add(key)
            obj = obj.get_object()
        if isinstance(obj, NameObject):
            if obj in ACTIVE_NAMES:
                return str(obj)
        elif isinstance(obj, DictionaryObject):  # streams included: their dictionary
            for name, value in obj.items():
                if name in ACTIVE_KEYS:
                    return str(name)
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return None
