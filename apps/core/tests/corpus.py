"""An upload attack corpus, generated in code (small, no files in the repository).

Each ``Sample`` says what it is and which kinds of field may accept it: ``None`` means every
field must refuse it; a tuple of extensions means fields allowing one of them may accept it,
neutralised (re-encoded pictures, PDFs served as PDFs in a sandbox, random names).
"""

import functools
import io
import struct
import zlib
from dataclasses import dataclass

from PIL import Image

SCRIPT = b"<script>alert(document.domain)</script>"


@functools.cache
def jpeg(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#3a7").save(buffer, "JPEG")
    return buffer.getvalue()


@functools.cache
def png(size=(64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#a37").save(buffer, "PNG")
    return buffer.getvalue()


def pdf(text: bytes = b"Kiezportal") -> bytes:
    """A small, well-formed PDF (one page with a line of text)."""
    stream = b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


@functools.cache
def png_bomb(side: int = 20000) -> bytes:
    """A 1-bit greyscale PNG of side × side pixels: ~50 KB on the wire, 400 megapixels decoded."""
    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


@dataclass(frozen=True)
class Sample:
    key: str
    name: str
    content: bytes
    accepted_by: tuple | None = None  # extensions of the fields that may accept it (neutralised)


def samples() -> list[Sample]:
    return [
        Sample("script-as-jpeg", "probe.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + SCRIPT),
        Sample("script-js-with-jpeg-magic", "probe.js", b"\xff\xd8\xff\xdb" + SCRIPT),
        Sample("html-as-pdf", "probe.pdf", b"%PDF-1.4\n<html><body>" + SCRIPT + b"</body></html>\n"),
        # A PDF header, HTML and a PDF end: a PDF field may store it, but only ever as application/pdf.
        Sample("html-as-pdf-with-eof", "probe.html", b"%PDF-1.4\n<html>" + SCRIPT + b"</html>\n%%EOF\n", ("pdf",)),
        Sample(
            "svg-with-script",
            "bild.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">' + SCRIPT + b"</svg>",
        ),  # fmt: skip
        Sample("html", "seite.html", b"<!doctype html><html>" + SCRIPT + b"</html>"),
        Sample("polyglot-jpeg-html", "poly.jpg", jpeg() + b"<html>" + SCRIPT + b"</html>", ("jpg",)),
        Sample("polyglot-gif-js", "poly.gif", b"GIF89a/*\x01\x00\x01\x00\x00\x00\x00*/=1;" + SCRIPT),
        Sample("polyglot-pdf-in-png", "poly.png", png() + pdf(), ("png",)),
        Sample("decompression-bomb", "bombe.png", png_bomb()),
        Sample("empty", "leer.pdf", b""),
        # Video headers with HTML after them: a video field stores them, served only as video/* (nosniff).
        Sample("html-after-mp4-header", "probe.html", mp4() + b"<html>" + SCRIPT + b"</html>", ("mp4",)),
        Sample("html-as-webvtt", "probe.vtt", b"<!doctype html><html>WEBVTT" + SCRIPT + b"</html>"),
        # Captions are text: a WEBVTT first line with script after it is text/vtt, never a page.
        Sample("webvtt-with-script", "probe.vtt", b"WEBVTT\n\n" + SCRIPT, ("vtt",)),
        Sample("webvtt-with-binary", "probe.vtt", b"WEBVTT\n\n\xff\xfe\x00\x00", None),
    ]


#: Harmless content with a hostile name: accepted, stored under a random name, title cleaned.
HOSTILE_NAMES = ["../../../etc/passwd.pdf", "bericht\x00.php.pdf", "rechnung\u202efdp.exe", "..\\..\\boot.ini"]


def mp4() -> bytes:
    """The header of an MP4 file (an ISO BMFF "ftyp" box with an MP4 brand): what the check reads."""
    return b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64


def webvtt() -> bytes:
    return "WEBVTT\n\n00:00.000 --> 00:02.000\nGrüße aus dem Kiez.\n".encode()


def good_content(accept: tuple) -> tuple[bytes, str]:
    """Valid content for a field that allows ``accept``, and its extension."""
    if "pdf" in accept:
        return pdf(), "pdf"
    if "mp4" in accept:
        return mp4(), "mp4"
    if "vtt" in accept:
        return webvtt(), "vtt"
    return png(), "png"
