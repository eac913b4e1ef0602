"""Image files (.png/.jpg/.jpeg/.tif/.tiff/.bmp): a scanned form read by OCR, one page per image frame.

A multi-page TIFF is a multi-page scan. The resolution comes from the file (``dpi``); a file that does
not say is taken as 200 dpi. Each frame is read like a scanned PDF page (:mod:`jixiao.ingest.ocr`), so
page numbers, boxes (in points at the image's resolution), tables with spans, confidence and the OCR
limits are the same as for a scan in a PDF.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from jixiao.errors import CorruptFileError
from jixiao.errors import EmptyDocumentError
from jixiao.errors import IngestError
from jixiao.ingest.builder import DocumentBuilder
from jixiao.ingest.ocr import OcrBudget
from jixiao.ingest.ocr import OcrPage
from jixiao.ingest.ocr import budget_warning
from jixiao.ingest.ocr import mark_ocr_values
from jixiao.ingest.ocr import ocr_image
from jixiao.ingest.pdf import assemble_pages
from jixiao.ingest.pdf_page import PageContent
from jixiao.schema import Document

DEFAULT_DPI = 200.0
MAX_PIXELS = 120_000_000
"""Pixels one frame may have (Pillow's own bomb check is far higher for a 2-core machine)."""


def read_image(path: Path, data: bytes) -> Document:
    """Read an image file by OCR.

    Raises:
        CorruptFileError: the image cannot be decoded.
        EmptyDocumentError: OCR found no text in it.
    """
    from io import BytesIO

    from PIL import Image
    from PIL import ImageSequence
    from PIL import UnidentifiedImageError

    try:
        image = Image.open(BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise CorruptFileError(str(path), f"damaged image: it cannot be decoded ({exc})") from exc
    budget = OcrBudget()
    ocr_pages: dict[int, OcrPage] = {}
    pages: list[PageContent] = []
    frames = 0
    for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
        frames += 1
        if frame.width * frame.height > MAX_PIXELS:
            raise IngestError(
                str(path),
                f"image of {frame.width}×{frame.height} pixels is larger than the {MAX_PIXELS:,} pixel limit",
                where=f"page {number}",
            )
        if not budget.allows_another():
            budget.skipped.append(number)
            continue
        dpi = frame_dpi(frame.info.get("dpi"))
        gray = np.asarray(frame.convert("L"))
        result = ocr_image(gray, dpi, number)
        budget.pages_read += 1
        ocr_pages[number] = result
        pages.append(result.content)
    if not any(p.n_glyphs for p in pages):
        raise EmptyDocumentError(str(path), f"OCR found no text in the image ({frames} page(s))")
    builder = DocumentBuilder(path=path, format="image", data=data, pages=frames)
    builder.warnings.append(f"read by OCR: {frames} page(s)")
    stopped = budget_warning(budget, frames)
    if stopped:
        builder.warnings.append(stopped)
        builder.unread.append(stopped)
    assemble_pages(builder, pages)
    return mark_ocr_values(builder.build(), ocr_pages)


def frame_dpi(value: object) -> float:
    """The resolution an image frame says it has (its ``dpi`` info), or 200 when it says none."""
    try:
        x = float(value[0]) if isinstance(value, tuple | list) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, IndexError):
        return DEFAULT_DPI
    return x if 50 <= x <= 1200 else DEFAULT_DPI
