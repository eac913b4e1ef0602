"""Scans read by OCR: grids from ruling lines, boxes and confidence on every cell, limits per document."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from jixiao.ingest import read_document
from jixiao.ingest.ocr_page import estimate_skew
from jixiao.ingest.ocr_page import rotate
from tests.conftest import REPO

BAD = REPO / "tests" / "data" / "bad"
SAMPLE_TABLE = [
    ["项目", "预算数（万元）", "执行数 (万元)"],
    ["合计", "1,234.50", "1,216.00"],
    ["基本支出", "800.00", "790.00"],
]


def test_a_scanned_pdf_is_read_by_ocr_with_boxes_and_confidence() -> None:
    doc = read_document(BAD / "scan.pdf")
    assert doc.warnings == ["pages read by OCR (no text layer): 1"]
    (table,) = doc.tables()
    rows = table.rows_text()
    # OCR reads full-width brackets as half-width ones now and then; the tables layer folds width.
    assert [_fold(text) for text in rows[0]] == ["项目", "预算数(万元)", "执行数(万元)"]
    assert rows[1:] == SAMPLE_TABLE[1:]
    for cell in table.cells:
        assert cell.prov.method == "ocr"
        assert cell.prov.page == 1 and cell.prov.bbox is not None
        assert cell.prov.confidence is not None and 0.8 <= cell.prov.confidence <= 1.0
    assert "整体支出绩效自评情况" in doc.paragraphs()[0].text


def _page_png(tmp_path: Path, angle: float) -> Path:
    pdf = pdfium.PdfDocument(BAD / "owner_password.pdf")
    image = pdf[0].render(scale=200 / 72).to_pil().convert("L")
    pdf.close()
    image = image.rotate(angle, fillcolor=255, resample=Image.BICUBIC)
    path = tmp_path / "page.png"
    image.save(path, dpi=(200, 200))
    return path


def _fold(text: str) -> str:
    return text.replace("（", "(").replace("）", ")").replace(" ", "")


def test_a_slightly_rotated_image_is_straightened_and_read(tmp_path: Path) -> None:
    path = _page_png(tmp_path, 1.2)
    gray = np.asarray(Image.open(path).convert("L"))
    skew = estimate_skew(255 - gray)
    assert abs(skew + 1.2) <= 0.1  # the rotation that straightens it: back by 1.2°
    assert abs(estimate_skew(255 - rotate(gray, skew))) <= 0.1
    doc = read_document(path)
    assert doc.format == "image"
    rows = doc.tables()[0].rows_text()
    # OCR reads full-width brackets as half-width ones now and then; the tables layer folds width.
    assert [_fold(text) for text in rows[0]] == ["项目", "预算数(万元)", "执行数(万元)"]
    assert rows[1:] == [["合计", "1,234.50", "1,216.00"], ["基本支出", "800.00", "790.00"]]
    cell = doc.tables()[0].cells[4]
    assert cell.prov.method == "ocr" and cell.prov.confidence is not None


def test_values_under_the_confidence_threshold_are_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_OCR_MIN_CONFIDENCE", "1.01")
    doc = read_document(BAD / "scan.pdf")
    weak = [w for w in doc.warnings if "confidence below 1.01" in w]
    assert len(weak) == 1
    assert "page 1 table 0 row 2 col 2 '1,234.50'" in weak[0]


@pytest.mark.slow
def test_a_200_page_300_dpi_scan_stops_at_the_document_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = Image.open(_page_png(tmp_path, 0.0)).resize((2480, 3508))
    one = io.BytesIO()
    page.save(one, format="PDF", resolution=300.0, quality=60)
    source = pdfium.PdfDocument(one.getvalue())
    big = pdfium.PdfDocument.new()
    for _ in range(200):
        big.import_pages(source, [0])
    path = tmp_path / "big_scan.pdf"
    big.save(path)
    monkeypatch.setenv("JIXIAO_OCR_SECONDS", "1")
    doc = read_document(path)
    assert doc.pages == 200
    stopped = [w for w in doc.warnings if w.startswith("OCR stopped")]
    assert stopped == [
        "OCR stopped after 1 of 200 scanned pages: the limit of 1 s of OCR per document was reached; "
        "pages not read: " + ", ".join(str(n) for n in range(2, 22)) + " …"
    ]
    assert doc.tables()[0].rows_text()[1] == ["合计", "1,234.50", "1,216.00"]
