"""Building blocks for hostile files: Flate streams of gigabytes in a few kilobytes, hand-made ZIPs and PDFs.

Compressing a gigabyte to make a bomb would take seconds; instead one megabyte is deflated once, after a
full flush (which resets the dictionary, so the next megabyte deflates to the same bytes), and its
deflate blocks are repeated. The checksums are computed for the whole, so every reader sees a valid
stream.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from tests.ingest.pdfgen import assemble

MiB = 1 << 20


def _blocks(chunk: bytes) -> tuple[bytes, bytes, bytes]:
    """(first blocks, repeated blocks, final block) of a raw deflate stream of ``chunk`` repeated."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    return first, again, c.flush()


def raw_deflate_repeated(chunk: bytes, times: int) -> bytes:
    """Raw deflate data (no header) of ``chunk * times``."""
    first, again, final = _blocks(chunk)
    return first + again * (times - 1) + final


def zlib_repeated(chunk: bytes, times: int) -> bytes:
    """zlib data (what a PDF's FlateDecode holds) of ``chunk * times``, checksum included."""
    checksum = 1
    for _ in range(times):
        checksum = zlib.adler32(chunk, checksum)
    return b"\x78\xda" + raw_deflate_repeated(chunk, times) + struct.pack(">I", checksum)


def crc_repeated(chunk: bytes, times: int) -> int:
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    return crc


@dataclass
class ZipEntry:
    """One member of a hand-made ZIP: deflated ``data`` standing for ``size`` bytes with ``crc``."""

    name: str
    data: bytes
    size: int
    crc: int
    method: int = 8  # deflate; 0 stores


def entry(name: str, content: bytes) -> ZipEntry:
    """A member compressed the usual way."""
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return ZipEntry(name, c.compress(content) + c.flush(), len(content), zlib.crc32(content))


def write_zip(entries: list[ZipEntry], *, declared_sizes: dict[str, int] | None = None) -> bytes:
    """A ZIP archive of ``entries``; ``declared_sizes`` makes members claim another uncompressed size."""
    declared_sizes = declared_sizes or {}
    out = bytearray()
    central = bytearray()
    for e in entries:
        name = e.name.encode()
        size = declared_sizes.get(e.name, e.size)
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, e.method, 0, 0x21, e.crc, len(e.data), size, len(name), 0
        )
        out += name + e.data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            e.method,
            0,
            0x21,
            e.crc,
            len(e.data),
            size,
            len(name),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += name
    start = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), start, 0)
    return bytes(out)


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/numbering.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>'
    "</Types>"
)
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)
_NUMBERING_REL = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId9" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" '
    'Target="numbering.xml"/></Relationships>'
)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def document_xml(body: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<w:document {W}><w:body>{body}'
        "</w:body></w:document>"
    ).encode()


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx(body: str, *, numbering: str | None = None, prolog: str = "") -> bytes:
    """A Word package holding ``body`` (WordprocessingML inside ``w:body``)."""
    return docx_package(document_xml(body, prolog), numbering=numbering)


def docx_package(document: bytes, *, numbering: str | None = None) -> bytes:
    """A Word package whose word/document.xml is ``document``, as it is."""
    entries = [
        entry("[Content_Types].xml", _CONTENT_TYPES.encode()),
        entry("_rels/.rels", _PACKAGE_RELS.encode()),
        entry("word/document.xml", document),
    ]
    if numbering is not None:
        entries.append(entry("word/_rels/document.xml.rels", _NUMBERING_REL.encode()))
        entries.append(
            entry(
                "word/numbering.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><w:numbering {W}>{numbering}</w:numbering>'.encode(),
            )
        )
    return write_zip(entries)


def docx_bomb(unpacked: int) -> bytes:
    """A Word package whose document.xml unpacks to ``unpacked`` bytes (almost all of them spaces)."""
    head = document_xml(paragraph("一、部门概况"))
    cut = head.index(b"</w:body>")
    pad = unpacked // MiB
    chunk = b" " * MiB
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = c.compress(head[:cut]) + c.flush(zlib.Z_FULL_FLUSH)
    first, again, _ = _blocks(chunk)
    end = c.compress(head[cut:]) + c.flush()
    # The repeated blocks sit between two full flushes, so they can be spliced in whole.
    data = start + first + again * (pad - 1) + end
    crc = zlib.crc32(head[:cut])
    for _ in range(pad):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(head[cut:], crc)
    size = len(head) + pad * MiB
    document = ZipEntry("word/document.xml", data, size, crc)
    return write_zip(
        [
            entry("[Content_Types].xml", _CONTENT_TYPES.encode()),
            entry("_rels/.rels", _PACKAGE_RELS.encode()),
            document,
        ]
    )


def pdf(pages: list[bytes], *, filters: str = "/FlateDecode", raw: bool = False, extra: str = "") -> bytes:
    """A PDF with one content stream per page (``raw``: the streams are already encoded by ``filters``)."""
    objects: list[bytes] = [b"", b""]
    font = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts"
        b" [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe)"
        b" /Ordering (GB1) /Supplement 2 >> /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light"
        b" /Flags 6 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880"
        b" /StemV 93 >> >>] >>"
    )
    objects.append(font)
    kids = []
    for content in pages:
        data = content if raw else zlib.compress(content)
        objects.append(
            f"<< /Length {len(data)} /Filter {filters} >>\nstream\n".encode() + data + b"\nendstream"
        )
        stream = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
            f" /Contents {stream} 0 R >>".encode()
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    kid_list = " ".join(f"{k} 0 R" for k in kids)
    objects[1] = f"<< /Type /Pages /Kids [{kid_list}] /Count {len(kids)}{extra} >>".encode()
    return assemble(objects, 1)


def text_ops(lines: list[str], size: int = 12) -> bytes:
    """A content stream writing ``lines`` top to bottom in the CJK font."""
    ops = []
    for i, line in enumerate(lines):
        hexed = "".join(f"{ord(ch):04X}" for ch in line)
        ops.append(f"BT /F1 {size} Tf 1 0 0 1 72 {770 - i * 18} Tm <{hexed}> Tj ET")
    return "\n".join(ops).encode()


__all__ = [
    "MiB",
    "ZipEntry",
    "crc_repeated",
    "document_xml",
    "docx",
    "docx_bomb",
    "docx_package",
    "entry",
    "paragraph",
    "pdf",
    "raw_deflate_repeated",
    "text_ops",
    "write_zip",
    "zlib_repeated",
]
