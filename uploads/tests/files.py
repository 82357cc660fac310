"""Builders of real (and hostile) files for the upload tests, made in the test, byte by
byte where a library would refuse to write them."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

# --- PDFs -------------------------------------------------------------------------------

CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def pdf_bytes(*extra: bytes, catalog: bytes = CATALOG, trailer: bytes = b"") -> bytes:
    """A one-page PDF with a classic cross-reference table. ``extra`` objects are
    numbered from 4; ``catalog`` replaces object 1."""
    objects = [catalog, PAGES, PAGE, *extra]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer,
        xref,
    )
    return bytes(out)


def pdf_with_object_stream(*compressed: bytes, catalog: bytes = CATALOG) -> bytes:
    """A PDF 1.5 whose ``compressed`` objects (numbered from 4) live in a Flate-compressed
    object stream, indexed by a compressed cross-reference stream: nothing of them is
    visible in the raw bytes."""
    plain = [catalog, PAGES, PAGE]
    stream_number = len(plain) + len(compressed) + 1
    xref_number = stream_number + 1
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number, body in enumerate(plain, start=1):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    header, bodies = bytearray(), bytearray()
    for index, body in enumerate(compressed):
        header += b"%d %d " % (len(plain) + 1 + index, len(bodies))
        bodies += body + b"\n"
    data = zlib.compress(bytes(header + bodies))
    offsets[stream_number] = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\n" % (
        stream_number,
        len(compressed),
        len(header),
        len(data),
    )
    out += b"stream\n" + data + b"\nendstream\nendobj\n"
    offsets[xref_number] = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    for number in range(1, xref_number + 1):
        if number in offsets:
            rows.append(struct.pack(">BIH", 1, offsets[number], 0))
        else:
            rows.append(struct.pack(">BIH", 2, stream_number, number - len(plain) - 1))
    table = zlib.compress(b"".join(rows))
    out += (
        b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root 1 0 R /Filter /FlateDecode "
        b"/Length %d >>\nstream\n" % (xref_number, xref_number + 1, len(table))
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % offsets[xref_number]
    return bytes(out)


def catalog_with(entries: bytes) -> bytes:
    return b"<< /Type /Catalog /Pages 2 0 R " + entries + b" >>"


# --- images -----------------------------------------------------------------------------

GPS_IFD = 0x8825


def jpeg_with_metadata() -> bytes:
    """A photo carrying GPS coordinates, the camera model, an ICC profile, XMP and a
    comment: all things that must not survive an upload."""
    image = Image.new("RGB", (32, 24), (200, 40, 40))
    exif = Image.Exif()
    exif[0x0110] = "SecretPhone"  # camera model
    exif[0x0112] = 1  # orientation
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (50.0, 27.0, 57.0)  # latitude of a pupil's home
    gps[3] = "E"
    gps[4] = (4.0, 52.0, 1.0)
    out = io.BytesIO()
    image.save(
        out,
        "JPEG",
        exif=exif,
        icc_profile=b"SECRET-ICC" * 20,
        comment=b"SECRET-COMMENT",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/">SECRET-XMP</x:xmpmeta>',
    )
    return out.getvalue()


def rotated_jpeg() -> bytes:
    """A 40x20 photo whose EXIF says "rotate 90°": upright, it is 20x40."""
    image = Image.new("RGB", (40, 20), (0, 0, 255))
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_with_metadata() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "SECRET-TEXT")
    info.add_itxt("XML:com.adobe.xmp", "SECRET-XMP")
    exif = Image.Exif()
    exif[0x0110] = "SecretPhone"
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (0, 128, 0, 255)).save(
        out, "PNG", pnginfo=info, exif=exif, icc_profile=b"SECRET-ICC" * 20
    )
    return out.getvalue()


def webp_with_metadata() -> bytes:
    exif = Image.Exif()
    exif[0x0110] = "SecretPhone"
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 0, 128)).save(
        out, "WEBP", exif=exif, icc_profile=b"SECRET-ICC" * 20, xmp=b"SECRET-XMP"
    )
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A few hundred bytes whose header claims ``width`` x ``height`` pixels (900
    megapixels by default): decoding it would need gigabytes of memory."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 4096)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", pixels)
        + _png_chunk(b"IEND", b"")
    )


def png_bytes(size: tuple[int, int] = (4, 4)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(out, "PNG")
    return out.getvalue()
