"""One scanned page read by OCR into the same :class:`PageContent` a PDF page with a text layer gives.

1. **Rotation**: a scan is rarely straight. The skew angle (within ±3°) is the one that makes the
   rows of a downscaled binary image sharpest (the projection profile with the largest variance);
   the page is rotated back before anything else.
2. **Ruling lines**: on the binarised page, a morphological opening with a long flat kernel keeps the
   horizontal rules and one with a tall thin kernel the vertical rules. Each connected piece of
   line becomes an edge in page points, and pdfplumber's lattice algorithm — the one the PDF reader
   runs on vector ruling lines (:func:`~jixiao.ingest.pdf_geometry.find_table_cells`) — turns the edges
   into cells with spans.
3. **Text**: the OCR engine reads the page with the rules whitened out, and each recognised box goes
   to the cell holding its centre; boxes in no cell make the page's free text lines. A cell keeps the
   lowest confidence of its boxes.

Coordinates follow the PDF reader: points (1/72 inch), origin top-left.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from typing import Any

import numpy as np

from jixiao.ingest.ocr_engine import OcrEngine
from jixiao.ingest.ocr_engine import TextBox
from jixiao.ingest.pdf_geometry import Grid
from jixiao.ingest.pdf_geometry import find_table_cells
from jixiao.ingest.pdf_geometry import ruling_edge
from jixiao.ingest.pdf_page import PageContent
from jixiao.ingest.pdf_page import TextLine
from jixiao.ingest.pdf_page import join_pieces
from jixiao.ingest.pdf_page import ruled_table
from jixiao.schema import BBox

MAX_SKEW = 3.0
"""Degrees of rotation searched either way."""


@dataclass
class OcrPage:
    """A page read by OCR: its content, and the confidence of each cell and line by rounded box."""

    content: PageContent
    confidence: dict[BBox, float] = field(default_factory=dict)
    skew: float = 0.0


def _round_box(box: BBox) -> BBox:
    return (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))


def binarise(gray: np.ndarray) -> np.ndarray:
    """Ink as 255, paper as 0 (Otsu's threshold on a lightly blurred page)."""
    import cv2

    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    _, ink = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def estimate_skew(ink: np.ndarray) -> float:
    """Degrees to rotate the page by (counter-clockwise positive) to straighten it: the sharpest row profile."""
    import cv2

    scale = 1000 / max(ink.shape)
    small = cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else ink
    h, w = small.shape
    centre = (w / 2, h / 2)

    def sharpness(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rotated = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        profile = rotated.sum(axis=1, dtype=np.float64)
        return float(np.var(np.diff(profile)))

    coarse = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.25), key=sharpness)
    fine = max(np.arange(coarse - 0.25, coarse + 0.26, 0.05), key=sharpness)
    return round(float(fine), 2)


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    import cv2

    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def ruling_masks(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical rules of a binarised page."""
    import cv2

    h, w = ink.shape
    horizontal = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(25, w // 40), 1))
    )
    # Taller than a character at body sizes, so the strokes of 中 or 目 are not taken for rules.
    vertical = cv2.morphologyEx(
        ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(25, h // 45)))
    )
    return horizontal, vertical


def _long_parts(mask: np.ndarray, min_length: int) -> np.ndarray:
    """Only the connected parts of ``mask`` at least ``min_length`` pixels long (real rules)."""
    import cv2

    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = np.zeros(n, dtype=bool)
    keep[1:] = np.maximum(stats[1:, 2], stats[1:, 3]) >= min_length
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def _edges(mask: np.ndarray, orientation: str, to_points: float) -> list[dict[str, Any]]:
    import cv2

    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    edges: list[dict[str, Any]] = []
    for x, y, w, h, _area in stats[1:n]:
        if orientation == "h" and w >= 20 and h <= max(12, w // 10):
            mid = (y + h / 2) * to_points
            edges.append(ruling_edge(x * to_points, mid, (x + w) * to_points, mid, "h"))
        elif orientation == "v" and h >= 20 and w <= max(12, h // 10):
            mid = (x + w / 2) * to_points
            edges.append(ruling_edge(mid, y * to_points, mid, (y + h) * to_points, "v"))
    return edges


def read_scanned_page(gray: np.ndarray, dpi: float, number: int, engine: OcrEngine) -> OcrPage:
    """Read one page image (greyscale, ``dpi`` dots per inch) as page ``number`` (1-based)."""
    import cv2

    to_points = 72.0 / dpi
    skew = estimate_skew(binarise(gray))
    if abs(skew) >= 0.05:
        gray = rotate(gray, skew)
    ink = binarise(gray)
    horizontal, vertical = ruling_masks(ink)
    edges = _edges(horizontal, "h", to_points) + _edges(vertical, "v", to_points)
    cell_groups = find_table_cells(edges)
    # Whiten the rules so the detector does not read them as strokes or join text across them.
    long_rules = _long_parts(cv2.bitwise_or(horizontal, vertical), int(0.4 * dpi))
    rules = cv2.dilate(long_rules, np.ones((3, 3), np.uint8))
    clean = gray.copy()
    clean[rules > 0] = 255
    boxes = engine.recognise(clean)
    height, width = gray.shape
    content = PageContent(number=number, width=width * to_points, height=height * to_points, n_images=1)
    page = OcrPage(content=content, skew=skew)
    grids = [Grid(group) for group in cell_groups]
    in_cell: list[list[list[TextBox]]] = [[[] for _ in g.boxes] for g in grids]
    free: list[TextBox] = []
    for box in boxes:
        cx = (box.x0 + box.x1) / 2 * to_points
        cy = (box.y0 + box.y1) / 2 * to_points
        for t, grid in enumerate(grids):
            k = grid.cell_at(cx, cy)
            if k is not None:
                in_cell[t][k].append(box)
                break
        else:
            free.append(box)
    content.n_glyphs = sum(len(b.text) for b in boxes)
    for grid, texts in zip(grids, in_cell, strict=True):
        cell_lines = [[_line(group, to_points) for group in _group_lines(in_box)] for in_box in texts]
        for cell_box, in_box in zip(grid.boxes, texts, strict=True):
            if in_box:
                page.confidence[_round_box(cell_box)] = round(min(b.confidence for b in in_box), 3)
        content.tables.append(ruled_table(grid, cell_lines))
    for group in _group_lines(free):
        line = _line(group, to_points)
        content.lines.append(line)
        page.confidence[_round_box(line.bbox)] = round(min(b.confidence for b in group), 3)
    content.lines.sort(key=lambda ln: (ln.top, ln.x0))
    return page


def _group_lines(boxes: list[TextBox]) -> list[list[TextBox]]:
    """Boxes on one text line (their vertical middles within half a line height), top to bottom."""
    lines: list[list[TextBox]] = []
    for box in sorted(boxes, key=lambda b: ((b.y0 + b.y1) / 2, b.x0)):
        mid = (box.y0 + box.y1) / 2
        if lines:
            last = lines[-1]
            last_mid = sum((b.y0 + b.y1) / 2 for b in last) / len(last)
            height = max(b.y1 - b.y0 for b in last)
            if abs(mid - last_mid) <= 0.5 * max(height, box.y1 - box.y0):
                last.append(box)
                continue
        lines.append([box])
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def _line(boxes: list[TextBox], to_points: float) -> TextLine:
    x0 = min(b.x0 for b in boxes) * to_points
    top = min(b.y0 for b in boxes) * to_points
    x1 = max(b.x1 for b in boxes) * to_points
    bottom = max(b.y1 for b in boxes) * to_points
    # A recognised box is about 1.2 times the font size tall.
    size = max(1.0, (bottom - top) / 1.2)
    text = join_pieces([b.text for b in boxes], sep_for_break=" ")
    return TextLine(text=text, x0=x0, top=top, x1=x1, bottom=bottom, size=size, baseline=bottom - 0.1 * size)
