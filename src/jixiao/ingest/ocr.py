"""OCR for scanned PDF pages and image files, within limits, with confidence on every value.

Limits (environment, for a batch over many scans): ``JIXIAO_OCR_MAX_PAGES`` pages per document
(default 200) and ``JIXIAO_OCR_SECONDS`` seconds per document (default 900). A page is rendered at
200 dpi whatever the scan's resolution, with its longer side capped at 4,000 pixels, which bounds the
time and memory one page takes. When a limit is reached, OCR stops, the pages not read are named in
the Document's warnings, and the document is read as far as it went.

Every cell and paragraph read by OCR gets ``method="ocr"`` and the lowest confidence of its recognised
boxes; values under ``JIXIAO_OCR_MIN_CONFIDENCE`` (default 0.8) are listed in the warnings, by page and
cell, for a reviewer to check.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from dataclasses import field

import numpy as np

from jixiao.ingest.ocr_engine import get_engine
from jixiao.ingest.ocr_page import OcrPage
from jixiao.ingest.ocr_page import read_scanned_page
from jixiao.schema import BBox
from jixiao.schema import Document
from jixiao.schema import Paragraph
from jixiao.schema import Provenance

OCR_DPI = 200.0
MAX_SIDE = 4000


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass
class OcrBudget:
    """What is left of one document's OCR allowance."""

    max_pages: int = field(default_factory=lambda: int(_env_float("JIXIAO_OCR_MAX_PAGES", 200)))
    seconds: float = field(default_factory=lambda: _env_float("JIXIAO_OCR_SECONDS", 900.0))
    started: float = field(default_factory=time.perf_counter)
    pages_read: int = 0
    skipped: list[int] = field(default_factory=list)
    stop_reason: str | None = None

    def allows_another(self) -> bool:
        if self.stop_reason is not None:
            return False
        if self.pages_read >= self.max_pages:
            self.stop_reason = f"the limit of {self.max_pages} OCR pages per document was reached"
        elif time.perf_counter() - self.started >= self.seconds:
            self.stop_reason = f"the limit of {self.seconds:g} s of OCR per document was reached"
        return self.stop_reason is None


def page_scale(width_points: float, height_points: float) -> float:
    """Render scale for 200 dpi, reduced so the longer side stays within MAX_SIDE pixels."""
    scale = OCR_DPI / 72.0
    longest = max(width_points, height_points) * scale
    return scale * min(1.0, MAX_SIDE / longest) if longest > 0 else scale


def ocr_image(gray: np.ndarray, dpi: float, number: int) -> OcrPage:
    """One greyscale page image read by OCR (downscaled first when larger than MAX_SIDE)."""
    longest = max(gray.shape)
    if longest > MAX_SIDE:
        import cv2

        factor = MAX_SIDE / longest
        gray = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        dpi *= factor
    engine = get_engine(os.environ.get("JIXIAO_OCR_ENGINE", "rapidocr"))
    return read_scanned_page(gray, dpi, number, engine)


def min_confidence() -> float:
    """Confidence under which an OCR value is listed for review (JIXIAO_OCR_MIN_CONFIDENCE, default 0.8)."""
    return _env_float("JIXIAO_OCR_MIN_CONFIDENCE", 0.8)


def _page_list(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers[:20]) + (" …" if len(numbers) > 20 else "")


def budget_warning(budget: OcrBudget, scanned: int) -> str | None:
    if not budget.skipped:
        return None
    return (
        f"OCR stopped after {budget.pages_read} of {scanned} scanned pages: {budget.stop_reason}; "
        f"pages not read: {_page_list(budget.skipped)}"
    )


def mark_ocr_values(doc: Document, pages: dict[int, OcrPage]) -> Document:
    """Set ``method="ocr"`` and the confidence on every block and cell of the OCR pages; list weak values."""
    threshold = min_confidence()
    weak: list[str] = []
    for block in doc.blocks:
        page_no = block.prov.page
        if isinstance(block, Paragraph):
            if page_no in pages:
                confidence = _confidence_in(pages[page_no], block.prov.bbox)
                block.prov = _ocr_prov(block.prov, confidence)
                if confidence is not None and confidence < threshold:
                    weak.append(f"page {page_no} paragraph '{_short(block.text)}' ({confidence:.2f})")
            continue
        for cell in block.cells:
            if cell.prov.page not in pages:
                continue
            confidence = _confidence_in(pages[cell.prov.page], cell.prov.bbox)
            cell.prov = _ocr_prov(cell.prov, confidence)
            if cell.text and confidence is not None and confidence < threshold:
                weak.append(
                    f"page {cell.prov.page} table {block.index} row {cell.row + 1} col {cell.col + 1}"
                    f" '{_short(cell.text)}' ({confidence:.2f})"
                )
    if weak:
        shown = "; ".join(weak[:20]) + (f"; … {len(weak) - 20} more" if len(weak) > 20 else "")
        doc.warnings.append(f"{len(weak)} value(s) read by OCR with confidence below {threshold:g}: {shown}")
        doc.uncertain.extend(f"read by OCR with low confidence: {w}" for w in weak)
    return doc


def _ocr_prov(prov: Provenance, confidence: float | None) -> Provenance:
    # A value on an OCR page with no recognised box (an empty cell) still came from OCR.
    return prov.with_method("ocr", confidence=confidence if confidence is not None else None)


def _confidence_in(page: OcrPage, bbox: BBox | None) -> float | None:
    if bbox is None:
        return None
    exact = page.confidence.get(bbox)
    if exact is not None:
        return exact
    inside = [
        conf
        for (x0, top, x1, bottom), conf in page.confidence.items()
        if bbox[0] - 1 <= (x0 + x1) / 2 <= bbox[2] + 1 and bbox[1] - 1 <= (top + bottom) / 2 <= bbox[3] + 1
    ]
    return min(inside) if inside else None


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 24 else text[:23] + "…"


def read_scanned_pdf_page(pdf: object, index: int, budget: OcrBudget, store: dict[int, OcrPage]) -> object:
    """Page ``index`` of an open PDFium document rendered at 200 dpi and read by OCR.

    Returns the page's :class:`~jixiao.ingest.pdf_page.PageContent`, or None when the budget is spent
    (the page number is then added to ``budget.skipped``).
    """
    if not budget.allows_another():
        budget.skipped.append(index + 1)
        return None
    page = pdf[index]  # type: ignore[index]
    try:
        width, height = page.get_size()
        bitmap = page.render(scale=page_scale(width, height), grayscale=True)
        image = bitmap.to_numpy()
        gray = image[:, :, 0] if image.ndim == 3 else image
        gray = np.ascontiguousarray(gray)
    finally:
        page.close()
    dpi = OCR_DPI * gray.shape[1] / (width * OCR_DPI / 72.0) if width else OCR_DPI
    result = ocr_image(gray, dpi, index + 1)
    # Page size in points as the PDF says, not as rounded pixels give it back.
    result.content.width, result.content.height = width, height
    budget.pages_read += 1
    store[index + 1] = result
    return result.content
