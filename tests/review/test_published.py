"""The inspector beside what was published: a PDF page image with the value's box, a workbook sheet with
the value's cell, an OCR value's confidence; the source file found, verified and served safely."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from PIL import Image

from jixiao.review import create_app
from jixiao.schema import Report
from tests.conftest import seed_path
from tests.review.conftest import run_batch

SEED = "002_yuelu_2021"


@pytest.fixture(scope="module")
def published_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("published") / "out"
    return run_batch(out, [seed_path(SEED, "pdf"), seed_path(SEED, "xlsx")])


@pytest.fixture()
def out(published_batch: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(published_batch, copy)
    return copy


def _report(out: Path, fmt: str) -> Report:
    return Report.model_validate_json((out / f"{SEED}.{fmt}.json").read_text(encoding="utf-8"))


def _total_executed(report: Report) -> str:
    assert report.dept_table is not None
    row = next(i for i, f in enumerate(report.dept_table.funds) if f.label_raw == "合计")
    return f"dept_table/funds/{row}/executed"


def _inspector(client: TestClient, report: Report, path: str) -> str:
    response = client.get(f"/r/{report.id}/value", params={"path": path})
    assert response.status_code == 200
    return response.text


def test_a_pdf_value_shows_its_page_with_its_box(out: Path) -> None:
    client = TestClient(create_app(out), follow_redirects=False)
    report = _report(out, "pdf")
    path = _total_executed(report)
    assert report.dept_table is not None
    prov = next(f for f in report.dept_table.funds if f.label_raw == "合计").executed.prov  # type: ignore[union-attr]
    assert prov is not None and prov.page == 1 and prov.bbox is not None
    html = _inspector(client, report, path)
    x0, top, x1, bottom = prov.bbox
    rect = re.search(
        r'<rect class="value-box" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"', html
    )
    assert rect is not None
    assert [float(v) for v in rect.groups()] == [
        round(x0 - 2, 2),
        round(top - 2, 2),
        round(x1 - x0 + 4, 2),
        round(bottom - top + 4, 2),
    ]
    image = f"/r/{report.id}/page/1.png"
    assert f'<image href="{image}" x="0" y="0" width="841.89" height="595.3"' in html  # A4 landscape, points
    view = re.search(r'viewBox="([\d. ]+)"', html)
    assert view is not None
    _, band_top, _, band_height = (float(v) for v in view.group(1).split())
    assert band_top <= top and bottom <= band_top + band_height  # the band shown holds the box

    response = client.get(image)
    assert response.status_code == 200 and response.headers["content-type"] == "image/png"
    png = Image.open(io.BytesIO(response.content))
    assert png.size == (round(841.89 * 2), round(595.3 * 2))  # 144 dpi
    cached = out / ".review" / "pages" / f"{report.id}-1.png"
    assert cached.read_bytes() == response.content
    stamp = cached.stat().st_mtime_ns
    assert client.get(image).content == response.content and cached.stat().st_mtime_ns == stamp


def test_a_workbook_value_shows_the_sheet_with_its_cell(out: Path) -> None:
    client = TestClient(create_app(out), follow_redirects=False)
    report = _report(out, "xlsx")
    html = _inspector(client, report, _total_executed(report))
    (hit,) = re.findall(r'<td data-cell="([A-Z]+\d+)" class="hit"[^>]*>([^<]*)</td>', html)
    assert hit == ("E5", "212.64")
    assert '<table class="sheet" data-sheet="2021年度部门整体支出绩效自评表">' in html
    assert '<td data-cell="A4" rowspan="9">整体资金\n（万元）</td>' in html  # the sheet's merged label
    assert '<td data-cell="A1" colspan="9">2021年度部门整体支出绩效自评表</td>' in html
    assert "<th>A</th><th>B</th><th>C</th><th>D</th><th>E</th>" in html
    # a workbook has no page images
    assert client.get(f"/r/{report.id}/page/1.png").status_code == 404


def _move_source(out: Path, fmt: str, to: str) -> None:
    path = out / f"{SEED}.{fmt}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["source"]["path"] = to
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_a_moved_source_is_found_in_sources_and_a_different_file_is_never_used(
    out: Path, tmp_path: Path
) -> None:
    _move_source(out, "pdf", str(tmp_path / "gone" / f"{SEED}.pdf"))
    _move_source(out, "xlsx", str(tmp_path / "gone" / f"{SEED}.xlsx"))
    client = TestClient(create_app(out), follow_redirects=False)
    pdf, xlsx = _report(out, "pdf"), _report(out, "xlsx")
    html = _inspector(client, pdf, _total_executed(pdf))
    assert "the published file is not at hand" in html and "<svg" not in html
    assert client.get(f"/r/{pdf.id}/page/1.png").status_code == 404
    # the workbook falls back to the document as read: the cell still shows, without merges
    html = _inspector(client, xlsx, _total_executed(xlsx))
    assert re.findall(r'<td data-cell="([A-Z]+\d+)" class="hit"[^>]*>([^<]*)</td>', html) == [
        ("E5", "212.64")
    ]
    assert "the grid is the document as read, without merges" in html

    impostor = tmp_path / "impostor"
    impostor.mkdir()
    (impostor / f"{SEED}.pdf").write_bytes(seed_path("003_wangcheng_2020", "pdf").read_bytes())
    client = TestClient(create_app(out, sources=[impostor]), follow_redirects=False)
    assert client.get(f"/r/{pdf.id}/page/1.png").status_code == 404

    client = TestClient(create_app(out, sources=[impostor, seed_path(SEED).parent]), follow_redirects=False)
    assert "<svg" in _inspector(client, pdf, _total_executed(pdf))
    assert client.get(f"/r/{pdf.id}/page/1.png").status_code == 200
    assert 'class="hit"' in _inspector(client, xlsx, _total_executed(xlsx))


def test_page_numbers_outside_the_document_and_bad_ids_are_refused(out: Path) -> None:
    client = TestClient(create_app(out), follow_redirects=False)
    pdf = _report(out, "pdf")
    assert pdf.source.pages == 8
    for url in (f"/r/{pdf.id}/page/0.png", f"/r/{pdf.id}/page/9.png", "/r/0123456789abcdef/page/1.png"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.headers["content-type"].startswith("text/plain")
    assert client.get(f"/r/{pdf.id}/page/x.png").status_code == 422
    guarded = TestClient(create_app(out, token="s3cret"), follow_redirects=False)
    assert guarded.get(f"/r/{pdf.id}/page/1.png").status_code == 401
    assert guarded.get(f"/r/{pdf.id}/page/1.png", headers={"X-Jixiao-Token": "s3cret"}).status_code == 200


def test_an_ocr_value_shows_its_confidence_and_a_weak_one_is_flagged(out: Path) -> None:
    path = out / f"{SEED}.pdf.json"
    report = _report(out, "pdf")
    value_path = _total_executed(report)
    data = json.loads(path.read_text(encoding="utf-8"))
    row = int(value_path.split("/")[2])
    data["dept_table"]["funds"][row]["executed"]["prov"]["confidence"] = 0.62
    data["dept_table"]["funds"][row]["budget"]["prov"]["confidence"] = 0.97
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    client = TestClient(create_app(out), follow_redirects=False)
    html = _inspector(client, report, value_path)
    assert '<p class="ocr weak">OCR confidence <b class="confidence">0.62</b> — under 0.8' in html
    html = _inspector(client, report, value_path.replace("executed", "budget"))
    assert '<p class="ocr">OCR confidence <b class="confidence">0.97</b></p>' in html


def test_page_images_of_a_scan_file_and_an_oversized_pdf_page_are_bounded(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    from jixiao.review.published import _render_image_frame
    from jixiao.review.published import _render_pdf_page

    scan = tmp_path / "scan.png"
    Image.new("L", (400, 300), 255).save(scan, dpi=(100, 100))
    size, png = _render_image_frame(scan, 1, True)
    assert size == pytest.approx(
        (288.0, 216.0), abs=0.01
    )  # points at the image's own 100 dpi, as the OCR reader boxes them
    assert png is not None and Image.open(io.BytesIO(png)).size == (576, 432)  # 144 dpi

    big = tmp_path / "poster.pdf"
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(14400, 7200)
    pdf.save(big)
    pdf.close()
    size, png = _render_pdf_page(big, 1, True)
    assert size == (14400.0, 7200.0)
    assert png is not None and Image.open(io.BytesIO(png)).size == (4000, 2000)
