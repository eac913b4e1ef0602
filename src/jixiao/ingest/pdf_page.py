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
import math
import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from jixiao.ingest.pdf_geometry import Grid
from jixiao.ingest.pdf_geometry import Transform
from jixiao.ingest.pdf_geometry import find_table_cells
from jixiao.ingest.pdf_geometry import may_hold_a_grid
from jixiao.ingest.pdf_geometry import page_transform
from jixiao.ingest.pdf_geometry import scan_objects
from jixiao.ingest.pdf_lines import Glyph
from jixiao.ingest.pdf_lines import LineOrder
from jixiao.ingest.pdf_lines import TextLine
from jixiao.ingest.pdf_lines import group_lines
from jixiao.ingest.pdf_lines import line_of
from jixiao.ingest.pdf_quality import PageTextVerdict
from jixiao.ingest.pdf_quality import judge_page_text
from jixiao.ingest.pdf_text_grid import TextGrid
from jixiao.ingest.pdf_text_grid import find_text_grids
from jixiao.schema import BBox

_UNMAPPED_CATEGORIES = frozenset(("Co", "Cn", "Cs"))
# Bottom share of a page where only page furniture follows a table that goes on overleaf.
_FOOT = 0.1
# A character further than this (in em) from where the one before it ended starts a new run.
_RUN_GAP = 0.3
_SENTENCE_END = tuple("。！？；：!?;:")
# Characters short of a cell's right edge for its last line to count as full: padding plus a character
# pushed to the next line by line-breaking rules.
_FULL_LINE = 3.0
# The start of a numbered item: （一） (1) 一、 1、 1. ① 第一条/第二部分 — a new paragraph or cell line.
ITEM_START = re.compile(
    r"^(?:[（(]\s*[一二三四五六七八九十百\d]+\s*[)）]|[一二三四五六七八九十百]+[、．.]|\d+\s*[、．]|\d+\.(?!\d)"
    r"|[①-⑳]|第[一二三四五六七八九十百\d]+[部分条章节])"
)


_NUMBER_END = re.compile(r"(?:^|[^A-Za-z])[\d.,]*\d[.,]?$")
_NUMBER_START = re.compile(r"[\d.,]*\d[\d.,]*%?(?![A-Za-z])")


def join_pieces(pieces: list[str], sep_for_break: str = "") -> str:
    """Join text broken at line ends: a space between two Latin words, nothing between CJK or within a number.

    A number wrapped in a narrow cell (``1.9`` / ``6``, ``10`` / ``0.0`` / ``0%``) is one number again.
    """
    out = ""
    for piece in pieces:
        if not piece:
            continue
        if out and _NUMBER_END.search(out) and _NUMBER_START.match(piece):
            pass
        elif out and out[-1].isascii() and out[-1].isalnum() and piece[0].isascii() and piece[0].isalnum():
            out += " "
        elif out:
            out += sep_for_break
        out += piece
    return out


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
    from_words: bool = False
    """Rebuilt from the positions of words (a table printed without ruling lines)."""

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
    order: LineOrder = field(default_factory=LineOrder)
    text: PageTextVerdict = field(default_factory=lambda: PageTextVerdict("no_text"))
    """Whether the page's text layer can be used (:mod:`jixiao.ingest.pdf_quality`)."""
    open_columns: tuple[float, ...] | None = None
    """Column edges of a borderless table that runs to the foot of the page (it may go on overleaf)."""


# --- glyphs -------------------------------------------------------------------------------------


def _normalise_char(ch: str) -> str:
    # Some fonts map ideographs to Kangxi radicals (⾏ U+2F8F for 行) or compatibility ideographs;
    # they look the same but would never match the domain's words.
    code = ord(ch)
    if 0x2E80 <= code <= 0x2FDF or 0xF900 <= code <= 0xFAFF:
        return unicodedata.normalize("NFKC", ch)
    return ch


def _read_glyphs(textpage: pdfium.PdfTextPage, tf: Transform) -> tuple[list[Glyph], int]:
    """All visible characters of a page (whitespace dropped: spaces come back from the gaps), and how
    many characters have no Unicode mapping (U+FFFD, private use, or PDFium's mapping error).

    Glyphs are numbered into runs: a run goes on while each character (in PDFium's text order) has
    the font size of the one before and starts where it ended. A run's size is measured once: PDFium's
    font size is the ``Tf`` operand alone, and producers that write ``1 Tf`` and scale with the text
    matrix (or a large ``Tf`` scaled down) would get lines a point or thirty points high, and
    neighbouring lines run together.
    """
    handle = textpage.raw
    n = pdfium_c.FPDFText_CountChars(handle)
    if n <= 0:
        return [], 0
    text = textpage.get_text_range(0, n)
    direct = len(text) == n
    rect = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    get_box, get_origin, get_size, get_matrix, map_error = (
        pdfium_c.FPDFText_GetLooseCharBox,
        pdfium_c.FPDFText_GetCharOrigin,
        pdfium_c.FPDFText_GetFontSize,
        pdfium_c.FPDFText_GetMatrix,
        pdfium_c.FPDFText_HasUnicodeMapError,
    )
    hypot = math.hypot
    a, b, c, d, e, f, height = tf.a, tf.b, tf.c, tf.d, tf.e, tf.f, tf.height
    glyphs: list[Glyph] = []
    unmapped = 0
    run, run_tf, size, unmappable = -1, -1.0, 1.0, False
    start = end = base_prev = -1e9
    ch_prev = ""
    for i in range(n):
        ch = text[i] if direct else chr(pdfium_c.FPDFText_GetUnicode(handle, i) or 0xFFFD)
        if ch.isspace():
            continue
        if not ch.isprintable() or ch == "\ufffd":
            # Private use, unassigned and replacement characters are codes the font gives no
            # character for; controls and format characters (soft hyphens) are nothing to read.
            unmapped += ch == "\ufffd" or unicodedata.category(ch) in _UNMAPPED_CATEGORIES
            continue
        if not get_box(handle, i, rect):
            continue
        get_origin(handle, i, ox, oy)
        # The page transform, written out: this loop runs once per character of the document.
        x0 = a * rect.left + c * rect.top + e
        x1 = a * rect.right + c * rect.bottom + e
        base = height - (b * ox.value + d * oy.value + f)
        if x1 < x0:
            x0, x1 = x1, x0
        font_size = get_size(handle, i)
        # Two characters drawn as one glyph ("——", "……") share a box: the second goes on the run.
        if (
            font_size != run_tf
            or abs(base - base_prev) > _RUN_GAP * size
            or (abs(x0 - end) > _RUN_GAP * size and not (ch == ch_prev and abs(x0 - start) < _RUN_GAP * size))
        ):
            run += 1
            run_tf = font_size
            size = font_size * hypot(matrix.c, matrix.d) if get_matrix(handle, i, matrix) else font_size
            # Single-precision matrices: 12 Tf and 100 Tf × 0.12 must come out the same size.
            size = round(size, 2) if size >= 1.0 else max(rect.top - rect.bottom, 1.0)
            # Whether the font maps its codes is asked of a run's first character, unless that is
            # ASCII or a CJK ideograph: codes read as those are judged by the page's statistics.
            unmappable = not (ch <= "\x7e" or "\u4e00" <= ch <= "\u9fff") and bool(map_error(handle, i))
        start, end, base_prev, ch_prev = x0, x1, base, ch
        if unmappable and map_error(handle, i):
            # A code its font gives no character for: PDFium passes the code itself on as one.
            unmapped += 1
            continue
        glyphs.append(Glyph(_normalise_char(ch), x0, x1, base, size, i, run))
    return glyphs, unmapped


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


def ruled_table(grid: Grid, cell_lines: list[list[TextLine]], cut_off: list[bool] | None = None) -> PageTable:
    """The table of a ruled grid whose cell ``k`` holds the text lines ``cell_lines[k]``.

    Args:
        cut_off: per cell, whether its text may go on past a page break (none, when not given).
    """
    cells = []
    for k, lines in enumerate(cell_lines):
        r, c, rs, cs = grid.spans[k]
        cells.append(
            PageCell(
                row=r,
                col=c,
                row_span=rs,
                col_span=cs,
                text=cell_text(lines),
                bbox=grid.boxes[k],
                cut_off=cut_off[k] if cut_off else False,
                lines=len(lines),
            )
        )
    cells.sort(key=lambda cell: (cell.row, cell.col))
    return PageTable(
        bbox=(grid.xs[0], grid.ys[0], grid.xs[-1], grid.ys[-1]),
        n_rows=len(grid.ys) - 1,
        n_cols=len(grid.xs) - 1,
        cells=tuple(cells),
        col_edges=tuple(grid.xs),
    )


def _runs_to_edge(lines: list[TextLine], box: tuple[float, float, float, float]) -> bool:
    """The cell's last line runs to its right edge and ends no sentence (:attr:`PageCell.cut_off`)."""
    last = lines[-1] if lines else None
    # Single letters (vertical lettering in a narrow label cell) always reach the edge; they
    # say nothing about a cut.
    return (
        last is not None
        and len(last.text) >= 2
        and last.x1 >= box[2] - min(_FULL_LINE * last.size, 0.25 * (box[2] - box[0]))
        and not last.text.endswith(_SENTENCE_END)
    )


def _build_tables(
    cell_groups: list[list[tuple[float, float, float, float]]], glyphs: list[Glyph], order: LineOrder
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
        cell_lines = [[line_of(g) for g in group_lines(cell_glyphs, order)] for cell_glyphs in texts]
        cut_off = [_runs_to_edge(lines, box) for lines, box in zip(cell_lines, grid.boxes, strict=True)]
        tables.append(ruled_table(grid, cell_lines, cut_off))
    return tables, free


def read_page(
    pdf: pdfium.PdfDocument,
    index: int,
    *,
    always_find_tables: bool = False,
    columns_above: tuple[float, ...] | None = None,
) -> PageContent:
    """Read page ``index`` (0-based): glyphs to lines, ruling lines to tables.

    Args:
        always_find_tables: run the table finder even on a page with too few ruling lines to hold a
            grid (the result is the same; this exists to check that the shortcut changes nothing).
        columns_above: the column edges of a borderless table that ran to the foot of the page before
            (:attr:`PageContent.open_columns`), which lines at the top of this page may continue.
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
    chars = "".join(g.char for g in glyphs)
    if always_find_tables or may_hold_a_grid(edges):
        tables, glyphs = _build_tables(find_table_cells(edges), glyphs, content.order)
        content.tables = tables
    free = group_lines(glyphs, content.order)
    grids = find_text_grids(free, carried=columns_above)
    if grids:
        taken = {k for grid in grids for k in grid.lines}
        text_tables = [_grid_table(grid) for grid in grids]
        # A borderless table whose lines run to the page's foot (furniture apart) may go on overleaf.
        rest = [line_of(free[k]) for k in range(max(grids[-1].lines) + 1, len(free))]
        if all(line.top >= (1 - _FOOT) * height for line in rest):
            content.open_columns = text_tables[-1].col_edges
        content.tables = sorted([*content.tables, *text_tables], key=lambda t: t.top)
        free = [line for k, line in enumerate(free) if k not in taken]
    content.lines = [line_of(line) for line in free]
    content.text = judge_page_text(chars, unmapped=unmapped, order=content.order)
    return content


def _grid_table(grid: TextGrid) -> PageTable:
    """A table rebuilt from word positions, as a page table like a ruled one."""
    cells = []
    for cell in grid.cells:
        lines = [line_of(piece.glyphs) for piece in cell.pieces]
        cells.append(
            PageCell(
                row=cell.row,
                col=cell.col,
                row_span=cell.row_span,
                col_span=cell.span,
                text=cell_text(lines),
                bbox=cell.bbox,
                cut_off=cell.cut_off,
                lines=len(lines),
            )
        )
    cells.sort(key=lambda c: (c.row, c.col))
    boxes = [c.bbox for c in cells]
    return PageTable(
        bbox=(grid.columns[0], min(b[1] for b in boxes), grid.right, max(b[3] for b in boxes)),
        n_rows=grid.n_rows,
        n_cols=len(grid.columns),
        cells=tuple(cells),
        col_edges=(*grid.columns, grid.right),
        from_words=True,
    )
