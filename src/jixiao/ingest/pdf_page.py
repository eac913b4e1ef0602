"""One PDF page read with pypdfium2: glyphs, lattice tables and the text lines around them.

Everything comes from PDFium, which is several times faster than pdfminer: the characters with their
positions here, and the ruling lines a table is drawn with in :mod:`jixiao.ingest.pdf_geometry`,
which runs pdfplumber's lattice algorithm on them. A page without ruling lines skips the table
finder altogether. Glyphs are grouped into lines by baseline; a glyph inside a table cell goes to
the cell, the rest make the page's free text lines.

Coordinates follow pdfplumber: points, origin at the top-left of the page as displayed (rotation
applied), ``(x0, top, x1, bottom)``.
"""

from __future__ import annotations

import ctypes
import re
import unicodedata
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from jixiao.ingest.pdf_geometry import (
    Grid,
    Transform,
    find_table_cells,
    may_hold_a_grid,
    page_transform,
    scan_objects,
)
from jixiao.schema import BBox

# Em-box of a glyph around its baseline (CJK fonts: ascent 0.88, descent 0.12 of the size).
_ASCENT = 0.88
_DESCENT = 0.12
_SENTENCE_END = tuple("。！？；：!?;:")
# Characters short of a cell's right edge for its last line to count as full: padding plus a character
# pushed to the next line by line-breaking rules.
_FULL_LINE = 3.0
# Gap (in em) that makes a space between two glyphs, by how many of the two are CJK.
_SPACE_GAP = (0.2, 0.35, 0.5)
# The start of a numbered item: （一） (1) 一、 1、 1. ① 第一条/第二部分 — a new paragraph or cell line.
ITEM_START = re.compile(
    r"^(?:[（(]\s*[一二三四五六七八九十百\d]+\s*[)）]|[一二三四五六七八九十百]+[、．.]|\d+\s*[、．]|\d+\.(?!\d)"
    r"|[①-⑳]|第[一二三四五六七八九十百\d]+[部分条章节])"
)


def is_cjk(ch: str) -> bool:
    """A CJK ideograph, full-width form or CJK punctuation (text that needs no spaces between letters)."""
    code = ord(ch)
    # CJK radicals, punctuation, kana and ideographs; compatibility ideographs; full-width forms.
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF


def join_pieces(pieces: list[str], sep_for_break: str = "") -> str:
    """Join text broken at line ends: a space between two Latin letters/digits, nothing between CJK."""
    out = ""
    for piece in pieces:
        if not piece:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and piece[0].isascii() and piece[0].isalnum():
            out += " "
        elif out:
            out += sep_for_break
        out += piece
    return out


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character as drawn: advance box horizontally, em box around the baseline vertically."""

    char: str
    x0: float
    x1: float
    baseline: float
    size: float
    order: int = 0
    """Position in the page's text stream."""

    @property
    def top(self) -> float:
        return self.baseline - _ASCENT * self.size

    @property
    def bottom(self) -> float:
        return self.baseline + _DESCENT * self.size

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return self.baseline - (_ASCENT - _DESCENT) * self.size / 2


@dataclass(frozen=True)
class TextLine:
    """Glyphs on one baseline, left to right, with the spaces their gaps imply."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    baseline: float

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass(frozen=True)
class PageCell:
    """A table cell on one page: grid position with spans, text and box."""

    row: int
    col: int
    row_span: int
    col_span: int
    text: str
    bbox: BBox
    cut_off: bool = False
    """The last text line runs to the cell's right edge and ends no sentence: text a page break may have cut."""
    lines: int = 0
    """Printed lines of text in the cell."""


@dataclass(frozen=True)
class PageTable:
    """A lattice table found on one page."""

    bbox: BBox
    n_rows: int
    n_cols: int
    cells: tuple[PageCell, ...]
    col_edges: tuple[float, ...]

    @property
    def top(self) -> float:
        return self.bbox[1]

    def row_texts(self, row: int) -> tuple[tuple[int, str], ...]:
        """(column, text) of the cells starting on ``row``."""
        return tuple((c.col, c.text) for c in self.cells if c.row == row)


@dataclass
class PageContent:
    """What one page holds once read: free text lines and tables, top to bottom."""

    number: int
    width: float
    height: float
    lines: list[TextLine] = field(default_factory=list)
    tables: list[PageTable] = field(default_factory=list)
    n_glyphs: int = 0
    n_images: int = 0
    n_unmapped: int = 0


# --- glyphs -------------------------------------------------------------------------------------


def _normalise_char(ch: str) -> str:
    # Some fonts map ideographs to Kangxi radicals (⾏ U+2F8F for 行) or compatibility ideographs;
    # they look the same but would never match the domain's words.
    code = ord(ch)
    if 0x2E80 <= code <= 0x2FDF or 0xF900 <= code <= 0xFAFF:
        return unicodedata.normalize("NFKC", ch)
    return ch


def _read_glyphs(textpage: pdfium.PdfTextPage, tf: Transform) -> tuple[list[Glyph], int]:
    """All visible characters of a page (whitespace dropped: spaces come back from the gaps)."""
    handle = textpage.raw
    n = pdfium_c.FPDFText_CountChars(handle)
    if n <= 0:
        return [], 0
    text = textpage.get_text_range(0, n)
    direct = len(text) == n
    rect = pdfium_c.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    get_box, get_origin, get_size = (
        pdfium_c.FPDFText_GetLooseCharBox,
        pdfium_c.FPDFText_GetCharOrigin,
        pdfium_c.FPDFText_GetFontSize,
    )
    a, b, c, d, e, f, height = tf.a, tf.b, tf.c, tf.d, tf.e, tf.f, tf.height
    glyphs: list[Glyph] = []
    unmapped = 0
    for i in range(n):
        ch = text[i] if direct else chr(pdfium_c.FPDFText_GetUnicode(handle, i) or 0xFFFD)
        if ch.isspace() or (not ch.isprintable() and ch != "\ufffd"):
            continue
        if ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff":
            unmapped += 1
        if not get_box(handle, i, rect):
            continue
        get_origin(handle, i, ox, oy)
        size = get_size(handle, i) or (rect.top - rect.bottom)
        # The page transform, written out: this loop runs once per character of the document.
        x0 = a * rect.left + c * rect.top + e
        x1 = a * rect.right + c * rect.bottom + e
        base = height - (b * ox.value + d * oy.value + f)
        if x1 < x0:
            x0, x1 = x1, x0
        glyphs.append(Glyph(_normalise_char(ch), x0, x1, base, max(size, 1.0), i))
    return glyphs, unmapped


def _group_lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs that share a baseline, each group left to right; groups top to bottom."""
    if not glyphs:
        return []
    ordered = sorted(glyphs, key=lambda g: (g.baseline, g.x0))
    groups: list[list[Glyph]] = []
    current: list[Glyph] = [ordered[0]]
    base = ordered[0].baseline
    size = ordered[0].size
    for g in ordered[1:]:
        if abs(g.baseline - base) <= 0.3 * max(size, g.size):
            current.append(g)
            continue
        groups.append(current)
        current = [g]
        base, size = g.baseline, g.size
    groups.append(current)
    return [_dedupe(sorted(group, key=lambda g: g.x0)) for group in groups]


def _dedupe(glyphs: list[Glyph]) -> list[Glyph]:
    # Fake bold draws a run of text twice, a fraction of a point apart: the copy sits on the original
    # but comes later in the text stream. Two characters drawn as one glyph ("——") share a box too,
    # but are neighbours in the stream, and both are kept.
    out: list[Glyph] = []
    for g in glyphs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.char == g.char
            and abs(prev.x0 - g.x0) < 0.3 * max(1.0, g.x1 - g.x0)
            and abs(prev.order - g.order) > 1
        ):
            continue
        out.append(g)
    return out


def line_of(glyphs: list[Glyph]) -> TextLine:
    """One text line from glyphs already sorted left to right."""
    parts: list[str] = []
    prev: Glyph | None = None
    for g in glyphs:
        if prev is not None:
            gap = g.x0 - prev.x1
            size = prev.size if prev.size > g.size else g.size
            # CJK is letter-spaced for justification, and typesetters put a quarter em between CJK and
            # Latin; only wider gaps are spaces.
            if gap > _SPACE_GAP[0] * size and gap > _SPACE_GAP[is_cjk(prev.char) + is_cjk(g.char)] * size:
                parts.append(" ")
        parts.append(g.char)
        prev = g
    sizes = sorted(g.size for g in glyphs)
    baselines = sorted(g.baseline for g in glyphs)
    return TextLine(
        text="".join(parts),
        x0=min(g.x0 for g in glyphs),
        top=min(g.baseline - _ASCENT * g.size for g in glyphs),
        x1=max(g.x1 for g in glyphs),
        bottom=max(g.baseline + _DESCENT * g.size for g in glyphs),
        size=sizes[len(sizes) // 2],
        baseline=baselines[len(baselines) // 2],
    )


def cell_text(lines: list[TextLine]) -> str:
    """The lines of one cell as its text: wrapped lines joined, a new line after a sentence or before an item."""
    pieces: list[str] = []
    out = ""
    for line in lines:
        if not pieces:
            pieces.append(line.text)
            continue
        prev = pieces[-1]
        if prev.endswith(_SENTENCE_END) or ITEM_START.match(line.text):
            out += join_pieces(pieces) + "\n"
            pieces = [line.text]
        else:
            pieces.append(line.text)
    return out + join_pieces(pieces)


def _build_tables(
    cell_groups: list[list[tuple[float, float, float, float]]], glyphs: list[Glyph]
) -> tuple[list[PageTable], list[Glyph]]:
    """Tables with cell text; returns the glyphs that fall in no cell."""
    grids = [Grid(group) for group in cell_groups]
    in_cell: list[list[list[Glyph]]] = [[[] for _ in g.boxes] for g in grids]
    free: list[Glyph] = []
    for glyph in glyphs:
        for t, grid in enumerate(grids):
            k = grid.cell_at(glyph.cx, glyph.cy)
            if k is not None:
                in_cell[t][k].append(glyph)
                break
        else:
            free.append(glyph)
    tables: list[PageTable] = []
    for grid, texts in zip(grids, in_cell, strict=True):
        cells = []
        for k, box in enumerate(grid.boxes):
            r, c, rs, cs = grid.spans[k]
            lines = [line_of(g) for g in _group_lines(texts[k])]
            last = lines[-1] if lines else None
            # Single letters (vertical lettering in a narrow label cell) always reach the edge; they
            # say nothing about a cut.
            cut_off = (
                last is not None
                and len(last.text) >= 2
                and last.x1 >= box[2] - min(_FULL_LINE * last.size, 0.25 * (box[2] - box[0]))
                and not last.text.endswith(_SENTENCE_END)
            )
            cells.append(
                PageCell(
                    row=r,
                    col=c,
                    row_span=rs,
                    col_span=cs,
                    text=cell_text(lines),
                    bbox=box,
                    cut_off=cut_off,
                    lines=len(lines),
                )
            )
        cells.sort(key=lambda cell: (cell.row, cell.col))
        tables.append(
            PageTable(
                bbox=(grid.xs[0], grid.ys[0], grid.xs[-1], grid.ys[-1]),
                n_rows=len(grid.ys) - 1,
                n_cols=len(grid.xs) - 1,
                cells=tuple(cells),
                col_edges=tuple(grid.xs),
            )
        )
    return tables, free


def read_page(pdf: pdfium.PdfDocument, index: int, *, always_find_tables: bool = False) -> PageContent:
    """Read page ``index`` (0-based): glyphs to lines, ruling lines to tables.

    Args:
        always_find_tables: run the table finder even on a page with too few ruling lines to hold a
            grid (the result is the same; this exists to check that the shortcut changes nothing).
    """
    page = pdf[index]
    try:
        tf, width, height = page_transform(page)
        textpage = page.get_textpage()
        try:
            glyphs, unmapped = _read_glyphs(textpage, tf)
        finally:
            textpage.close()
        edges, images = scan_objects(page, tf)
    finally:
        page.close()
    content = PageContent(number=index + 1, width=width, height=height)
    content.n_glyphs = len(glyphs)
    content.n_images = images
    content.n_unmapped = unmapped
    if always_find_tables or may_hold_a_grid(edges):
        tables, glyphs = _build_tables(find_table_cells(edges), glyphs)
        content.tables = tables
    content.lines = [line_of(group) for group in _group_lines(glyphs)]
    return content
