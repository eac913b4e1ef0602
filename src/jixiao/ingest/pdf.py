"""PDF reader: page-numbered paragraphs and lattice tables, page furniture removed into noise.

Pages are read one at a time with PDFium (:mod:`jixiao.ingest.pdf_page`) and only their text and
tables are kept, so memory grows with the text, not with the page count times PDFium's page objects.
Then, over the whole document:

1. **Page furniture** — lines in the top or bottom tenth of a page that are page numbers
   (``3``, ``- 3 -``, ``第3页 共9页``, ``3/9``) or that repeat word for word on several pages — is
   removed into :attr:`Document.noise`.
2. **Tables continued on the next page** are joined (:mod:`jixiao.ingest.pdf_tables`): a table that
   ends its page, followed by a table that starts the next page with the same column boundaries, is
   one table with ``pages=[…]``; a row cut by the page break is put back together, a merged label
   carries on over it, and rows repeating the header are listed in ``header_rows``.
3. **Paragraphs**: text lines are joined until a vertical gap wider than the document's usual line
   pitch, a clear change of font size, an indented line, a line ending short of the right margin, a
   line starting a numbered item, or — in documents that do not indent first lines — a line ending
   a sentence. A paragraph may run on to the next page.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from jixiao.errors import CorruptFileError
from jixiao.errors import EmptyDocumentError
from jixiao.errors import EncryptedFileError
from jixiao.errors import NoTextLayerError
from jixiao.ingest.builder import CellInput
from jixiao.ingest.builder import DocumentBuilder
from jixiao.ingest.limits import check_pages
from jixiao.ingest.limits import check_pdf_streams
from jixiao.ingest.limits import note_progress
from jixiao.ingest.noise import clean
from jixiao.ingest.pdf_page import ITEM_START
from jixiao.ingest.pdf_page import PageContent
from jixiao.ingest.pdf_page import PageTable
from jixiao.ingest.pdf_page import TextLine
from jixiao.ingest.pdf_page import join_pieces
from jixiao.ingest.pdf_page import read_page
from jixiao.ingest.pdf_quality import TextState
from jixiao.ingest.pdf_quality import judge_page_text
from jixiao.ingest.pdf_tables import TableAssembly
from jixiao.schema import BBox
from jixiao.schema import Document
from jixiao.schema import PageTextLayer

if TYPE_CHECKING:
    from jixiao.ingest.ocr import OcrBudget
    from jixiao.ingest.ocr import OcrPage

# Text layers read by OCR instead, as a scan's page is: glyphs without characters still draw legible
# text (characters drawn on top of one another do not).
_READ_AS_SCAN = ("unmapped_glyphs",)
# Punctuation that ends a paragraph's last line; "；" joins clauses inside a paragraph as often as not.
_PARAGRAPH_END = tuple("。！？!?：:")
_BAND = 0.1  # top/bottom share of the page where headers, footers and page numbers live
_PAGE_NUMBER = re.compile(
    r"^[-—–－\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*[，,]?\s*共\s*\d{1,4}\s*页)?[-—–－\s]*$"
    r"|^(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_INDENT = 1.2  # characters: a line starting further in than this is indented
# Characters short of the right margin for a line to end its paragraph: line breaking keeps
# "（项）。" together, so a wrapped line can end up to three characters early.
_SHORT = 4.0


def read_pdf(path: Path, data: bytes, *, always_find_tables: bool = False) -> Document:
    """Read a PDF into a Document with page numbers and boxes on every paragraph and cell.

    Args:
        always_find_tables: run the table finder on every page, even pages without ruling lines
            (slower, same result; used to check the fast path).

    Raises:
        EncryptedFileError: password-protected.
        CorruptFileError: damaged, truncated, or without pages.
        NoTextLayerError: pages are images only and OCR found no text on them.
        EmptyDocumentError: no text and no images.
        LimitExceededError: a stream unpacks to more, or the file has more pages, than the limits allow.

    Pages without a text layer but with images (scans), and pages whose text layer cannot be used
    (:mod:`jixiao.ingest.pdf_quality`), are read by OCR (:mod:`jixiao.ingest.ocr`).
    """
    # OCR (and the image libraries it needs) is loaded only for a PDF that has pages to read so.
    from jixiao.ingest.ocr import OcrBudget
    from jixiao.ingest.ocr import budget_warning
    from jixiao.ingest.ocr import mark_ocr_values

    check_pdf_streams(path, data)
    budget = OcrBudget()
    ocr_pages: dict[int, OcrPage] = {}
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _open_error(path, data, exc) from exc
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise CorruptFileError(str(path), "damaged PDF: it has no pages")
        check_pages(path, n_pages)
        pages: list[PageContent] = []
        for i in range(n_pages):
            note_progress(f"page {i + 1} of {n_pages}")
            above = pages[-1].open_columns if pages else None
            try:
                page = read_page(pdf, i, always_find_tables=always_find_tables, columns_above=above)
                if (page.n_glyphs == 0 and page.n_images) or page.text.state in _READ_AS_SCAN:
                    page = _read_by_ocr(pdf, i, page, budget, ocr_pages)
                pages.append(page)
            except pdfium.PdfiumError as exc:
                raise CorruptFileError(
                    str(path), f"damaged PDF: page cannot be read ({exc})", where=f"page {i + 1}"
                ) from exc
    finally:
        pdf.close()

    builder = DocumentBuilder(path=path, format="pdf", data=data, pages=n_pages)
    _check_text_layer(path, data, pages, builder, set(ocr_pages))
    scans = [p.number for p in pages if p.number in ocr_pages and p.text.state == "no_text"]
    if scans:
        builder.warnings.append(f"pages read by OCR (no text layer): {_page_list(scans)}")
    stopped = budget_warning(budget, len(ocr_pages) + len(budget.skipped))
    if stopped:
        builder.warnings.append(stopped)
        builder.unread.append(stopped)
    assemble_pages(builder, pages)
    doc = builder.build()
    return mark_ocr_values(doc, ocr_pages) if ocr_pages else doc


def assemble_pages(builder: DocumentBuilder, pages: list[PageContent]) -> None:
    """Paragraphs and page-joined tables of read pages into ``builder`` (page furniture left out)."""
    _Assembler(builder, pages, _page_furniture(pages)).run()


def _open_error(path: Path, data: bytes, exc: pdfium.PdfiumError) -> Exception:
    code = getattr(exc, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return EncryptedFileError(str(path), "encrypted (password-protected) PDF")
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return EncryptedFileError(str(path), "encrypted PDF with an unsupported security handler")
    if not _has_eof_marker(data):
        return CorruptFileError(
            str(path), "truncated PDF: the file ends before its %%EOF marker and cannot be parsed"
        )
    return CorruptFileError(str(path), "damaged PDF: it cannot be parsed")


def _has_eof_marker(data: bytes) -> bool:
    return b"%%EOF" in data[-4096:]


def _read_by_ocr(
    pdf: pdfium.PdfDocument, index: int, page: PageContent, budget: OcrBudget, ocr_pages: dict[int, OcrPage]
) -> PageContent:
    """A page without a usable text layer read by OCR instead, when the budget allows it.

    The page keeps the verdict on its text layer (why it was read so); what OCR reads is judged like a
    text layer, so that glyphs drawn as nonsense do not come back as content that way either.
    """
    from jixiao.ingest.ocr import read_scanned_pdf_page

    scanned = read_scanned_pdf_page(pdf, index, budget, ocr_pages)
    if not isinstance(scanned, PageContent):
        return page
    chars = [ln.text for ln in scanned.lines] + [c.text for t in scanned.tables for c in t.cells]
    if page.text.state != "no_text" and not judge_page_text("".join("".join(chars).split())).usable:
        del ocr_pages[index + 1]
        return page
    scanned.text = page.text
    return scanned


def _check_text_layer(
    path: Path, data: bytes, pages: list[PageContent], builder: DocumentBuilder, ocr: set[int]
) -> None:
    """Refuse scans and empty files; warn about truncation; report each page whose text layer is not
    plain text (:mod:`jixiao.ingest.pdf_quality`) and leave out the pages whose text cannot be used
    and that OCR did not read.

    Raises:
        NoTextLayerError: no page has usable text (images only and OCR found nothing, or glyph ids
            without characters).
        EmptyDocumentError, CorruptFileError: nothing drawn at all.
    """
    glyphs = sum(p.n_glyphs for p in pages)
    truncated = not _has_eof_marker(data)
    if glyphs == 0 and not any(p.n_unmapped for p in pages):
        if truncated:
            raise CorruptFileError(str(path), "truncated PDF (no %%EOF end marker) with no readable text")
        if any(p.n_images for p in pages):
            raise NoTextLayerError(
                str(path), "no text layer, and OCR found no text on its pages (pages are images only)"
            )
        raise EmptyDocumentError(str(path), "the PDF holds no text")
    problems: list[str] = []
    if truncated:
        problems.append("the PDF looks truncated (no %%EOF end marker); later pages may be missing")
    flagged: dict[TextState, list[PageContent]] = {}
    for page in pages:
        state = page.text.state
        if state == "usable" or (state == "no_text" and not page.n_images):
            continue
        read = page.number in ocr and page.n_glyphs > 0
        reason = page.text.reason + ("; read by OCR" if read else "")
        flagged.setdefault(state, []).append(page)
        builder.text_layer.append(
            PageTextLayer(page=page.number, state=state, reason=reason, used=page.text.usable or read)
        )
        if not page.text.usable and not read:
            page.lines, page.tables = [], []
    notes: list[str] = []
    for state, flagged_pages in flagged.items():
        unread = [p for p in flagged_pages if not p.text.usable and not (p.number in ocr and p.n_glyphs)]
        if state == "no_text":
            if unread:
                problems.append(
                    f"pages without a text layer and no text found by OCR: {_page_list([p.number for p in unread])}"
                )
            continue
        first = flagged_pages[0]
        what = "reading order rebuilt" if state == "order_repaired" else "text layer not used"
        line = f"{_pages(flagged_pages)}: {what}" + (
            f": {first.text.reason}"
            if len(flagged_pages) == 1
            else f" (page {first.number}: {first.text.reason})"
        )
        (problems if unread else notes).append(line)
        by_ocr = [p.number for p in flagged_pages if p.number in ocr and p.n_glyphs]
        if by_ocr and state != "order_repaired":
            notes.append(f"pages read by OCR instead (text layer not used): {_page_list(by_ocr)}")
    builder.warnings.extend([*problems, *notes])
    builder.unread.extend(problems)
    if not any(p.text.usable or (p.number in ocr and p.n_glyphs) for p in pages):
        reasons = "; ".join(sorted({p.text.reason for p in pages if p.text.state != "no_text"}))
        if not reasons:
            raise NoTextLayerError(
                str(path), "no text layer, and OCR found no text on its pages (pages are images only)"
            )
        raise NoTextLayerError(str(path), f"no page has a usable text layer: {reasons}")


def _pages(pages: list[PageContent]) -> str:
    return f"page {pages[0].number}" if len(pages) == 1 else f"pages {_page_list([p.number for p in pages])}"


def _page_list(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers[:20]) + (" …" if len(numbers) > 20 else "")


# --- page furniture -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _NoiseLine:
    page: int
    line: TextLine
    kind: str


def _page_furniture(pages: list[PageContent]) -> dict[int, list[_NoiseLine]]:
    """Header, footer and page-number lines per page number."""
    bands: list[tuple[PageContent, TextLine, str]] = []
    for page in pages:
        for line in page.lines:
            if line.bottom <= _BAND * page.height:
                bands.append((page, line, "page_header"))
            elif line.top >= (1 - _BAND) * page.height:
                bands.append((page, line, "page_footer"))
    # Only text repeated word for word counts: "附件2" and "附件3" at the top of two pages are titles.
    pages_with: dict[tuple[str, str], set[int]] = {}
    for page, line, band in bands:
        pages_with.setdefault((band, line.text), set()).add(page.number)
    repeat_min = max(2, round(0.25 * len(pages)))
    out: dict[int, list[_NoiseLine]] = {}
    for page, line, band in bands:
        if _PAGE_NUMBER.match(line.text):
            kind = "page_number"
        elif len(pages_with[(band, line.text)]) >= repeat_min:
            kind = band
        else:
            continue
        out.setdefault(page.number, []).append(_NoiseLine(page.number, line, kind))
    return out


# --- assembly -----------------------------------------------------------------------------------


@dataclass
class _PendingLine:
    page: int
    line: TextLine


class _Assembler:
    """Feeds the builder with paragraphs and (page-joined) tables in reading order."""

    def __init__(
        self, builder: DocumentBuilder, pages: list[PageContent], noise: dict[int, list[_NoiseLine]]
    ):
        self.builder = builder
        self.pages = pages
        self.noise = noise
        self.pitch = _usual_pitch(pages, noise)
        self.margins: dict[int, tuple[float, float]] = {}
        self.typical_margins = _typical_margins(pages, noise)
        self.indents = _uses_first_line_indent(pages, noise)
        self.paragraph: list[_PendingLine] = []
        self.table: TableAssembly | None = None
        # What the previous item was, to tell whether a table or paragraph runs on to the next page.
        self.previous_item: str | None = None

    def run(self) -> None:
        for page in self.pages:
            noise_lines = self.noise.get(page.number, [])
            for mark in noise_lines:
                self.builder.add_noise(mark.kind, mark.line.text, page=page.number)
            skip = {id(mark.line) for mark in noise_lines}
            items: list[tuple[float, int, TextLine | PageTable]] = [
                (line.top, 1, line) for line in page.lines if id(line) not in skip
            ]
            items += [(table.top, 0, table) for table in page.tables]
            items.sort(key=lambda item: (item[0], item[1]))
            left, right = self._page_margins(page, [obj for _, _, obj in items if isinstance(obj, TextLine)])
            self.margins[page.number] = (left, right)
            for position, (_, kind, obj) in enumerate(items):
                first = position == 0
                if kind == 0:
                    assert isinstance(obj, PageTable)
                    self._table(page, obj, first)
                else:
                    assert isinstance(obj, TextLine)
                    self._line(page, obj, first, left, right)
        self._flush_paragraph()
        self._flush_table()

    def _page_margins(self, page: PageContent, lines: list[TextLine]) -> tuple[float, float]:
        """Left and right edge of the text area: lines and tables on the page, or, on a page with
        too little to go by, the edges most pages of the same width share."""
        boxes = [(ln.x0, ln.x1) for ln in lines] + [(t.bbox[0], t.bbox[2]) for t in page.tables]
        if len(lines) >= 3 or page.tables:
            return min(b[0] for b in boxes), max(b[1] for b in boxes)
        return self.typical_margins.get(round(page.width), _margins(lines))

    # tables

    def _table(self, page: PageContent, table: PageTable, first_on_page: bool) -> None:
        self._flush_paragraph()
        pending = self.table
        previous, self.previous_item = self.previous_item, "table"
        if (
            pending is not None
            and first_on_page
            and pending.pages[-1] == page.number - 1
            and previous == "table"
            and pending.continue_with(page.number, table)
        ):
            return
        self._flush_table()
        self.table = TableAssembly(page.number, table)

    def _flush_table(self) -> None:
        pending = self.table
        if pending is None:
            return
        self.table = None
        cells = [
            CellInput(
                row=cell.row,
                col=cell.col,
                row_span=cell.row_span,
                col_span=cell.col_span,
                text=clean(cell.text, self._record(cell.page)),
                page=cell.page,
                bbox=_round_box(cell.bbox),
            )
            for cell in pending.cells
        ]
        self.builder.add_table(
            cells,
            header_rows=pending.all_header_rows(),
            pages=pending.pages,
            page=pending.page,
            bbox=_round_box(pending.bbox),
        )

    # paragraphs

    def _line(
        self, page: PageContent, line: TextLine, first_on_page: bool, left: float, right: float
    ) -> None:
        if self.table is not None:
            self._flush_table()
            self.paragraph = []
        if self.paragraph and not self._continues(self.paragraph[-1], page, line, first_on_page, left, right):
            self._flush_paragraph()
        self.paragraph.append(_PendingLine(page.number, line))
        self.previous_item = "line"

    def _continues(
        self,
        prev: _PendingLine,
        page: PageContent,
        line: TextLine,
        first_on_page: bool,
        left: float,
        right: float,
    ) -> bool:
        """Whether ``line`` carries on the paragraph whose last line is ``prev``."""
        a = prev.line
        if ITEM_START.match(line.text):
            return False
        # Without first-line indents, a line ending a sentence is the only sign of a paragraph end.
        if not self.indents and a.text.endswith(_PARAGRAPH_END):
            return False
        if abs(a.size - line.size) > 0.3 * max(a.size, line.size):
            return False
        if prev.page != page.number:
            # Runs on to the next page only from the last line of one page to the first of the next.
            if not (first_on_page and prev.page == page.number - 1 and self.previous_item == "line"):
                return False
            _, prev_right = self.margins[prev.page]
            return a.x1 >= prev_right - _SHORT * a.size and line.x0 <= left + _INDENT * line.size
        pitch = self.pitch.get(round(line.size), 0.0)
        if pitch and (line.baseline - a.baseline) > 1.3 * pitch:
            return False
        if not pitch and line.top - a.bottom > 0.8 * line.size:
            return False
        if _centred(line, left, right):
            # A centred title wrapped onto a second line (its first line nearly full); a paragraph's
            # last line is never centred, and a short centred line above is a title of its own.
            return abs((a.x0 + a.x1) / 2 - (left + right) / 2) < 0.05 * (
                right - left
            ) and a.x1 - a.x0 >= 0.7 * (right - left)
        if line.x0 > left + _INDENT * line.size:
            return False
        return a.x1 >= right - _SHORT * a.size

    def _flush_paragraph(self) -> None:
        lines = self.paragraph
        if not lines:
            return
        self.paragraph = []
        first_page = lines[0].page
        on_first = [pl.line for pl in lines if pl.page == first_page]
        text = clean(join_pieces([pl.line.text for pl in lines]), self._record(first_page))
        bbox: BBox = (
            min(ln.x0 for ln in on_first),
            min(ln.top for ln in on_first),
            max(ln.x1 for ln in on_first),
            max(ln.bottom for ln in on_first),
        )
        self.builder.add_paragraph(text.strip(), page=first_page, bbox=_round_box(bbox))

    def _record(self, page: int) -> Callable[[str, str], None]:
        def record(kind: str, raw: str) -> None:
            self.builder.add_noise(kind, raw, page=page)

        return record


def _typical_margins(
    pages: list[PageContent], noise: dict[int, list[_NoiseLine]]
) -> dict[int, tuple[float, float]]:
    """Median text-area edges of the well-filled pages, per page width."""
    edges: dict[int, list[tuple[float, float]]] = {}
    for page in pages:
        skip = {id(mark.line) for mark in noise.get(page.number, [])}
        lines = [ln for ln in page.lines if id(ln) not in skip]
        if len(lines) >= 3:
            edges.setdefault(round(page.width), []).append(_margins(lines))
    out = {}
    for width, pairs in edges.items():
        lefts = sorted(p[0] for p in pairs)
        rights = sorted(p[1] for p in pairs)
        out[width] = (lefts[len(lefts) // 2], rights[len(rights) // 2])
    return out


def _margins(lines: list[TextLine]) -> tuple[float, float]:
    if not lines:
        return 0.0, 0.0
    return min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)


def _centred(line: TextLine, left: float, right: float) -> bool:
    """Indented and with its middle on the page's middle: a centred line, not a paragraph's first."""
    middle = (line.x0 + line.x1) / 2
    return line.x0 > left + 2 * line.size and abs(middle - (left + right) / 2) < 0.05 * (right - left)


def _uses_first_line_indent(pages: list[PageContent], noise: dict[int, list[_NoiseLine]]) -> bool:
    """Whether paragraphs start indented: lines after a short line mostly start further in."""
    indented = starts = 0
    for page in pages:
        skip = {id(mark.line) for mark in noise.get(page.number, [])}
        lines = [ln for ln in page.lines if id(ln) not in skip]
        left, right = _margins(lines)
        for a, b in itertools.pairwise(lines):
            if a.x1 < right - _SHORT * a.size and not _centred(b, left, right):
                starts += 1
                indented += b.x0 > left + _INDENT * b.size
    return starts > 0 and indented * 2 >= starts


def _usual_pitch(pages: list[PageContent], noise: dict[int, list[_NoiseLine]]) -> dict[int, float]:
    """Most common baseline-to-baseline distance per font size: the pitch of lines within a paragraph."""
    counts: dict[int, Counter[float]] = {}
    for page in pages:
        skip = {id(mark.line) for mark in noise.get(page.number, [])}
        lines = [ln for ln in page.lines if id(ln) not in skip]
        for a, b in itertools.pairwise(lines):
            if round(a.size) != round(b.size):
                continue
            step = b.baseline - a.baseline
            if 0 < step < 3 * a.size:
                counts.setdefault(round(a.size), Counter())[round(step, 0)] += 1
    return {size: float(c.most_common(1)[0][0]) for size, c in counts.items() if c}


def _round_box(box: BBox) -> BBox:
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))
