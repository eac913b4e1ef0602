"""What was published, beside what was read: the page (PDF, or a scan) with the value's box drawn, or the
workbook sheet with the value's cell highlighted, and an OCR value's recognition confidence.

The source file is the one the report was read from: ``source.path`` as given to ``jixiao extract``
(absolute, or relative to the folder the app runs in), else a file of that name in one of the folders
given with ``--sources``. It is used only when its size and SHA-256 are the report's, so an edited or
replaced file never shows as the source; no request names a file.

A page is rendered once with PDFium at :data:`PAGE_DPI` (an image file's frame is scaled to the same
resolution) and kept as PNG in ``OUT/.review/pages/``; the app serves it from there.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from pathlib import Path

from pydantic import BaseModel
from pydantic import Field

from jixiao.batch.store import file_sha256
from jixiao.errors import JixiaoError
from jixiao.errors import ReviewError
from jixiao.review.sheet_view import PlainSheet
from jixiao.review.sheet_view import SheetWindow
from jixiao.review.sheet_view import sheet_from_document
from jixiao.review.sheet_view import sheet_window
from jixiao.schema import BBox
from jixiao.schema import Document
from jixiao.schema import Paragraph
from jixiao.schema import Provenance
from jixiao.schema import Report

PAGE_DPI = 144.0
"""Resolution of the page images: a cell's digits stay legible when the reviewer zooms in."""
BAND = 320.0
"""Points of page height shown around a value's box (the whole page is one click away)."""
MAX_SIDE = 4000
"""Pixels of a page image's longer side at most (an oversized page is rendered at a lower resolution)."""
PAGES_DIR = Path(".review") / "pages"


class PageView(BaseModel):
    """A page image with a value's box, in page points (origin top-left)."""

    page: int
    width: float
    height: float
    box: BBox | None = None
    view: tuple[float, float, float, float] = Field(description="SVG viewBox: the band around the box")
    image: str = Field(description="URL of the page image")


class Origin(BaseModel):
    """Where the inspector points in what was published, or why it cannot."""

    page: PageView | None = None
    sheet: SheetWindow | None = None
    confidence: float | None = Field(default=None, description="OCR recognition confidence, 0–1")
    weak: bool = Field(default=False, description="Under the OCR confidence threshold: check it")
    threshold: float | None = None
    unavailable: str | None = Field(default=None, description="Why the published view is not shown")


def locate(document: Document | None, prov: Provenance) -> Provenance:
    """The reader's provenance of the block or cell a value was read from (it has the page box, the sheet
    address, the confidence); ``prov`` itself when the document does not say more."""
    if document is None:
        return prov
    if prov.table is not None and prov.row is not None and prov.col is not None:
        for table in document.tables():
            if table.index != prov.table:
                continue
            for cell in table.cells:
                if (
                    cell.row <= prov.row < cell.row + cell.row_span
                    and cell.col <= prov.col < cell.col + cell.col_span
                ):
                    return cell.prov
    if prov.span is not None:
        start, end = prov.span
        for block in document.blocks:
            span = block.prov.span
            if span is None or not (span[0] <= start and end <= span[1]):
                continue
            if isinstance(block, Paragraph):
                return block.prov
            for cell in block.cells:
                cs = cell.prov.span
                if cs is not None and cs[0] <= start and end <= cs[1]:
                    return cell.prov
            return block.prov
    return prov


class Published:
    """The source files of one output folder's reports, and what the inspector shows of them."""

    def __init__(self, out: Path, source_dirs: list[Path] | None = None) -> None:
        self.pages_dir = out / PAGES_DIR
        self.source_dirs = list(source_dirs or [])
        self._lock = threading.Lock()
        self._render_lock = threading.Lock()
        self._files: dict[str, tuple[Path, tuple[int, int]] | None] = {}
        self._sizes: dict[tuple[str, int], tuple[float, float]] = {}
        self._sheets: OrderedDict[tuple[str, str], PlainSheet | None] = OrderedDict()

    # --- the source file ----------------------------------------------------------------------

    def source_file(self, report: Report) -> Path | None:
        """The file the report was read from, when it is still there unchanged."""
        with self._lock:
            known = self._files.get(report.id)
        if known is not None:
            path, stamp = known
            try:
                st = path.stat()
                if (st.st_mtime_ns, st.st_size) == stamp:
                    return path
            except OSError:
                pass
        given = Path(report.source.path)
        candidates = (
            [given] + [d / given.name for d in self.source_dirs] + [d / given for d in self.source_dirs]
        )
        for path in candidates:
            try:
                st = path.stat()
                if not path.is_file() or st.st_size != report.source.size:
                    continue
                if file_sha256(path) != report.source.sha256:
                    continue
            except OSError:
                continue
            with self._lock:
                self._files[report.id] = (path, (st.st_mtime_ns, st.st_size))
            return path
        return None

    def _missing(self, report: Report) -> str:
        where = ", ".join(str(d) for d in self.source_dirs)
        return (
            f"the published file is not at hand: {report.source.path} is missing or changed"
            + (f", and not in {where}" if where else "")
            + " (start the review with --sources FOLDER)"
        )

    # --- pages ------------------------------------------------------------------------------

    def page_size(self, report: Report, page: int) -> tuple[float, float]:
        """Page ``page`` (1-based) in points.

        Raises:
            ReviewError: not a PDF or image source, no such page, or the file is not at hand.
        """
        key = (report.id, page)
        with self._lock:
            size = self._sizes.get(key)
        if size is None:
            size = self._render(report, page, write=False)
        return size

    def page_png(self, report: Report, page: int) -> bytes:
        """The PNG of page ``page`` (rendered on first use, then read from the cache folder).

        Raises:
            ReviewError: as :meth:`page_size`.
        """
        # Named by the report id (the file's hash): a cached page is always of the same file.
        cached = self.pages_dir / f"{report.id}-{page}.png"
        with self._render_lock:  # one page at a time: rendering is CPU-bound, and writes one temp file
            if not cached.is_file():
                self._render(report, page, write=True)
        return cached.read_bytes()

    def _render(self, report: Report, page: int, *, write: bool) -> tuple[float, float]:
        if report.source.format not in ("pdf", "image"):
            raise ReviewError(report.source.name, "has no pages to show (not a PDF or an image)")
        if page < 1 or (report.source.pages is not None and page > report.source.pages):
            raise ReviewError(report.source.name, f"has no page {page}")
        path = self.source_file(report)
        if path is None:
            raise ReviewError(report.source.name, self._missing(report))
        try:
            if report.source.format == "pdf":
                size, png = _render_pdf_page(path, page, write)
            else:
                size, png = _render_image_frame(path, page, write)
        except (OSError, ValueError, JixiaoError) as exc:
            raise ReviewError(report.source.name, f"page {page} cannot be shown ({exc})") from exc
        except Exception as exc:  # PDFium's and Pillow's own errors on a damaged file
            raise ReviewError(
                report.source.name, f"page {page} cannot be shown ({type(exc).__name__})"
            ) from exc
        with self._lock:
            self._sizes[(report.id, page)] = size
        if png is not None:
            from jixiao.atomic import temporary_sibling

            target = self.pages_dir / f"{report.id}-{page}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = temporary_sibling(target)
            tmp.write_bytes(png)
            tmp.replace(target)
        return size

    # --- what the inspector shows -----------------------------------------------------------

    def origin(self, report: Report, document: Document | None, prov: Provenance | None) -> Origin | None:
        """The published view of a value read from ``prov``; None when the format has none (text, DOCX,
        web pages: the rebuilt document is what was published)."""
        if prov is None:
            return None
        found = locate(document, prov)
        confidence = prov.confidence if prov.confidence is not None else found.confidence
        out = Origin(confidence=confidence)
        if confidence is not None:
            from jixiao.ingest.ocr import min_confidence

            out.threshold = min_confidence()
            out.weak = confidence < out.threshold
        fmt = report.source.format
        if fmt in ("pdf", "image"):
            page = prov.page or found.page
            if page is None:
                return out if confidence is not None else None
            box = prov.bbox or found.bbox
            try:
                width, height = self.page_size(report, page)
            except ReviewError as exc:
                out.unavailable = exc.reason
                return out
            out.page = PageView(
                page=page,
                width=round(width, 2),
                height=round(height, 2),
                box=box,
                view=_band(width, height, box),
                image=f"/r/{report.id}/page/{page}.png",
            )
        elif fmt == "xlsx":
            sheet, cell = prov.sheet or found.sheet, prov.cell or found.cell
            if sheet is None or cell is None:
                return None
            grid, from_workbook = self._sheet(report, document, sheet)
            window = sheet_window(grid, sheet, cell, from_workbook=from_workbook)
            if window is not None and not from_workbook:
                window.note = self._missing(report) + "; the grid is the document as read, without merges"
            out.sheet = window
        else:
            return out if confidence is not None else None
        return out

    def _sheet(self, report: Report, document: Document | None, sheet: str) -> tuple[PlainSheet, bool]:
        key = (report.id, sheet)
        with self._lock:
            cached = self._sheets.get(key)
        if cached is not None:
            return cached, True
        path = self.source_file(report)
        grid = _read_sheet(path, sheet) if path is not None else None
        if grid is None:
            return (sheet_from_document(document, sheet) if document else PlainSheet()), False
        with self._lock:
            self._sheets[key] = grid
            while len(self._sheets) > 8:
                self._sheets.popitem(last=False)
        return grid, True


def _band(width: float, height: float, box: BBox | None) -> tuple[float, float, float, float]:
    if box is None or height <= BAND:
        return 0.0, 0.0, round(width, 2), round(height, 2)
    middle = (box[1] + box[3]) / 2
    top = min(max(0.0, middle - BAND / 2), height - BAND)
    return 0.0, round(top, 2), round(width, 2), BAND


def _render_pdf_page(path: Path, page: int, render: bool) -> tuple[tuple[float, float], bytes | None]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        if page > len(pdf):
            raise ValueError(f"the PDF has {len(pdf)} pages")
        handle = pdf[page - 1]
        try:
            width, height = handle.get_size()
            if not render:
                return (width, height), None
            scale = min(PAGE_DPI / 72.0, MAX_SIDE / max(width, height, 1.0))
            image = handle.render(scale=scale).to_pil()
        finally:
            handle.close()
    finally:
        pdf.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return (width, height), buffer.getvalue()


def _render_image_frame(path: Path, page: int, render: bool) -> tuple[tuple[float, float], bytes | None]:
    from PIL import Image

    from jixiao.ingest.image import MAX_PIXELS
    from jixiao.ingest.image import frame_dpi

    with Image.open(path) as image:
        image.seek(page - 1)
        if image.width * image.height > MAX_PIXELS:
            raise ValueError("the image is larger than the reader's pixel limit")
        dpi = frame_dpi(image.info.get("dpi"))
        # Boxes of an image document are in points at the image's own resolution.
        size = (image.width * 72.0 / dpi, image.height * 72.0 / dpi)
        if not render:
            return size, None
        factor = min(PAGE_DPI / dpi, MAX_SIDE / max(image.width, image.height, 1))
        frame = image.convert("L")
        if abs(factor - 1) > 0.01:
            frame = frame.resize((max(1, round(image.width * factor)), max(1, round(image.height * factor))))
    buffer = io.BytesIO()
    frame.save(buffer, format="PNG")
    return size, buffer.getvalue()


def _read_sheet(path: Path, sheet: str) -> PlainSheet | None:
    from jixiao.ingest import sniff_format
    from jixiao.ingest.workbook import open_workbook

    data = path.read_bytes()
    kind = {"xlsx": "xlsx", "ods": "ods", "ole2": "xls"}.get(sniff_format(data))
    if kind is None:
        return None
    try:
        grids = open_workbook(path, data, kind)
    except JixiaoError:
        return None
    for grid in grids.sheets:
        if grid.name == sheet:
            return PlainSheet(
                texts={k: c.text for k, c in grid.cells.items() if c.text},
                merges=list(grid.merges),
                hidden_rows=set(grid.hidden_rows),
                hidden_cols=set(grid.hidden_cols),
            )
    return None
