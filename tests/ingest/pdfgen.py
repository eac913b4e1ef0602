"""A minimal PDF writer for test fixtures: Chinese text, ruling lines, rotated pages.

Text uses the non-embedded Adobe font STSong-Light with the UniGB-UCS2-H CMap, which every PDF
reader knows, so the files stay a few kilobytes and need no font on disk. Every glyph is one em
wide. Coordinates are given as pdfplumber reports them: points from the top-left of the page as
displayed.

Two more fonts stand for fonts without a Unicode map (no ``ToUnicode``, ``Identity-H`` encoding, so the
codes shown are glyph ids): ``F2`` claims the Adobe-GB1 character collection, so readers take the glyph
ids for GB1 character ids (random characters); ``F3`` claims none (no mapping at all).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from dataclasses import field

ASCENT = 0.88


@dataclass
class PageSpec:
    """One page: its size as displayed, rotation, and drawing operations."""

    width: float = 595.0
    height: float = 842.0
    rotate: int = 0
    ops: list[str] = field(default_factory=list)

    def text(
        self, x: float, top: float, text: str, size: float = 12.0, *, tf: float | None = None
    ) -> PageSpec:
        """Draw ``text`` with its em box's top-left corner at (x, top).

        ``tf`` is the font size operand to write, the text matrix scaling it to ``size``, as producers
        that write ``1 Tf`` (or a large size scaled down) do.
        """
        self.ops.append(self.show(x, top, [ord(ch) for ch in text], size, tf=tf))
        return self

    def show(
        self,
        x: float,
        top: float,
        codes: list[int],
        size: float = 12.0,
        *,
        tf: float | None = None,
        font: str = "F1",
    ) -> str:
        """The operators that show 2-byte ``codes`` in ``font`` at (x, top), one text object."""
        baseline = self.height - top - ASCENT * size
        tf = size if tf is None else tf
        scale = size / tf
        hexed = "".join(f"{code:04X}" for code in codes)
        return f"BT /{font} {tf:g} Tf {scale:g} 0 0 {scale:g} {x:g} {baseline:g} Tm <{hexed}> Tj ET"

    def glyphs(
        self, x: float, top: float, text: str, size: float = 12.0, *, tf: float | None = None
    ) -> list[str]:
        """``text`` as one text object per character, left to right one em apart (not yet drawn: see
        :func:`interleave`)."""
        return [self.show(x + k * size, top, [ord(ch)], size, tf=tf) for k, ch in enumerate(text)]

    def line(self, x0: float, top0: float, x1: float, top1: float, width: float = 0.5) -> PageSpec:
        self.ops.append(f"{width:g} w {x0:g} {self.height - top0:g} m {x1:g} {self.height - top1:g} l S")
        return self

    def grid(
        self,
        xs: list[float],
        ys: list[float],
        skip_v: set[tuple[int, int]] | None = None,
        skip_h: set[tuple[int, int]] | None = None,
    ) -> PageSpec:
        """Ruling for a table: horizontal lines at ``ys``, vertical lines at ``xs``.

        ``skip_v`` holds (column boundary index, row index) pairs where the vertical line is left
        out, which merges the two cells on either side of it in that row; ``skip_h`` holds (row
        boundary index, column index) pairs, which merges the cells above and below in that column.
        """
        skip_v = skip_v or set()
        skip_h = skip_h or set()
        for j, y in enumerate(ys):
            for c in range(len(xs) - 1):
                if (j, c) not in skip_h:
                    self.line(xs[c], y, xs[c + 1], y)
        for i, x in enumerate(xs):
            for r in range(len(ys) - 1):
                if (i, r) not in skip_v:
                    self.line(x, ys[r], x, ys[r + 1])
        return self

    def table(
        self,
        xs: list[float],
        ys: list[float],
        rows: list[list[str]],
        size: float = 10.0,
        skip_v: set[tuple[int, int]] | None = None,
    ) -> PageSpec:
        """A ruled table with one line of text per cell (an empty string leaves the cell empty)."""
        self.grid(xs, ys, skip_v)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value:
                    self.text(xs[c] + 2, ys[r] + (ys[r + 1] - ys[r] - size) / 2, value, size)
        return self

    def content(self) -> bytes:
        body = "\n".join(self.ops)
        if self.rotate == 90:
            # Draw in displayed (landscape) coordinates onto the unrotated portrait page.
            body = f"q 0 1 -1 0 {self.height:g} 0 cm\n{body}\nQ"
        return body.encode("ascii")


def interleave(*runs: list[str]) -> list[str]:
    """The operators of several runs taken in turn, one from each: their characters drawn interleaved."""
    out: list[str] = []
    for k in range(max(len(run) for run in runs)):
        out.extend(run[k] for run in runs if k < len(run))
    return out


@dataclass
class PdfSpec:
    """A document: its pages, written by :meth:`to_bytes`."""

    pages: list[PageSpec] = field(default_factory=list)

    def page(self, width: float = 595.0, height: float = 842.0, rotate: int = 0) -> PageSpec:
        spec = PageSpec(width=width, height=height, rotate=rotate)
        self.pages.append(spec)
        return spec

    def to_bytes(self) -> bytes:
        objects: list[bytes] = []

        def add(body: bytes) -> int:
            objects.append(body)
            return len(objects)

        catalog = add(b"")  # filled in below
        pages_id = add(b"")
        descriptor = add(
            b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
            b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
        )
        cid_font = add(
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
            b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >>"
            + f" /FontDescriptor {descriptor} 0 R /DW 1000 >>".encode()
        )
        font = add(
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
            + f" /DescendantFonts [{cid_font} 0 R] >>".encode()
        )
        # Fonts without a Unicode map: glyph ids shown with Identity-H, no ToUnicode.
        gb1_ids = add(
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H"
            + f" /DescendantFonts [{cid_font} 0 R] >>".encode()
        )
        identity_cid = add(
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
            b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
            + f" /FontDescriptor {descriptor} 0 R /DW 1000 >>".encode()
        )
        identity_ids = add(
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H"
            + f" /DescendantFonts [{identity_cid} 0 R] >>".encode()
        )
        fonts = f"/F1 {font} 0 R /F2 {gb1_ids} 0 R /F3 {identity_ids} 0 R"
        kids = []
        for spec in self.pages:
            data = zlib.compress(spec.content(), 9)
            stream = add(
                f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data + b"\nendstream"
            )
            if spec.rotate == 90:
                box = f"[0 0 {spec.height:g} {spec.width:g}] /Rotate 90"
            else:
                box = f"[0 0 {spec.width:g} {spec.height:g}]"
            kids.append(
                add(
                    f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox {box}"
                    f" /Resources << /Font << {fonts} >> >> /Contents {stream} 0 R >>".encode()
                )
            )
        objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
        objects[pages_id - 1] = (
            f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
        )
        return assemble(objects, catalog)


def assemble(objects: list[bytes], root: int) -> bytes:
    """A PDF file of ``objects`` (numbered from 1), its cross-reference table and trailer."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
