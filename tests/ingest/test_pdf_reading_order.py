"""Reading order of PDF text drawn out of order: interleaved runs, misstated font sizes, overprinted strings.

The 决算 statement here is drawn the way some office suites export: every character its own text object,
the characters of neighbouring runs (the two cover lines, the cells of a row, the two lines of a
wrapped name) drawn in turn, and the font size written as ``100 Tf`` scaled down by the text matrix.
Read by stream order — or with the font size taken from ``Tf`` — the text comes out as
"20某2某3县年财度政部局门决算": no department, no statement, no lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.errors import NoTextLayerError
from jixiao.ingest import read_document
from jixiao.ingest.pdf_lines import Glyph
from jixiao.ingest.pdf_lines import LineOrder
from jixiao.ingest.pdf_lines import group_lines
from jixiao.ingest.pdf_lines import line_of
from jixiao.schema import PageTextLayer
from tests.ingest.pdfgen import PageSpec
from tests.ingest.pdfgen import PdfSpec
from tests.ingest.pdfgen import interleave

TF = 100.0  # the font size operand written; the text matrix scales it to the size drawn
UNIT_NAME = "编制单位：某某县财政局（某某县政府采购中心、某某县国库集中支付中心）"
STATEMENT = [
    ("科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"),
    ("", "合计", "1,305.20", "1,102.00", "203.20"),
    ("201", "一般公共服务支出", "905.20", "702.00", "203.20"),
    ("20106", "财政事务", "905.20", "702.00", "203.20"),
    ("2010601", "行政运行", "702.00", "702.00", ""),
    ("2010650", "事业运行", "203.20", "", "203.20"),
    ("208", "社会保障和就业支出", "400.00", "400.00", ""),
    ("20805", "行政事业单位养老支出", "400.00", "400.00", ""),
    ("2080505", "机关事业单位基本养老保险缴费支出", "400.00", "400.00", ""),
]
XS = [40.0, 125.0, 290.0, 380.0, 465.0, 550.0]
SIZE = 10.5


def _centred(page: PageSpec, top: float, text: str, size: float) -> list[str]:
    return page.glyphs((page.width - len(text) * size) / 2, top, text, size, tf=TF)


def _interleaved_statement() -> PdfSpec:
    spec = PdfSpec()
    cover = spec.page()
    cover.ops += interleave(
        _centred(cover, 200, "某某县财政局", 22), _centred(cover, 228, "2023年度部门决算", 22)
    )
    page = spec.page()
    runs = [_centred(page, 60, "支出决算表", 16)]
    # The unit's long name runs into "单位：万元", printed on the same line: the two strings overlap.
    runs.append(page.glyphs(50, 84, UNIT_NAME, SIZE, tf=TF))
    runs.append(page.glyphs(395.5, 84, "单位：万元", SIZE, tf=TF))
    ys = [100.0 + 30 * i for i in range(len(STATEMENT) + 1)]
    page.grid(XS, ys)
    name_width = int((XS[2] - XS[1] - 4) // SIZE)
    for r, row in enumerate(STATEMENT):
        for c, text in enumerate(row):
            # Names wrap inside their cell; the wrapped lines are runs of their own.
            parts = [text[i : i + name_width] for i in range(0, len(text), name_width)] if c == 1 else [text]
            for k, part in enumerate(parts):
                if part:
                    runs.append(page.glyphs(XS[c] + 2, ys[r] + 3 + k * 12.5, part, SIZE, tf=TF))
    page.ops += interleave(*runs)
    return spec


def _write(tmp_path: Path, spec: PdfSpec, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(spec.to_bytes())
    return path


def test_statement_with_interleaved_runs_reads_in_order(tmp_path: Path) -> None:
    doc = read_document(_write(tmp_path, _interleaved_statement(), "interleaved.pdf"))
    assert [(p.prov.page, p.text) for p in doc.paragraphs()] == [
        (1, "某某县财政局2023年度部门决算"),
        (2, "支出决算表"),
        (2, UNIT_NAME + " 单位：万元"),
    ]
    (table,) = doc.tables()
    assert table.rows_text() == [list(row) for row in STATEMENT]
    wrapped = next(c for c in table.cells if c.text == "机关事业单位基本养老保险缴费支出")
    assert wrapped.prov.page == 2
    reason = f"1 line drawn as interleaved runs rebuilt from character positions (e.g. {UNIT_NAME + ' 单位：万元'!r})"
    assert doc.text_layer == [PageTextLayer(page=2, state="order_repaired", reason=reason, used=True)]
    assert doc.warnings == [f"page 2: reading order rebuilt: {reason}"]


def test_statement_with_interleaved_runs_through_extract(tmp_path: Path) -> None:
    pdf = _write(tmp_path, _interleaved_statement(), "部门决算.pdf")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(pdf), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "部门决算.json").read_text(encoding="utf-8"))
    assert (report["department"], report["fiscal_year"]) == ("某某县财政局", 2023)
    lines = [
        (
            ln["func_code"],
            ln["name"],
            *((ln[k] or {}).get("value") for k in ("final", "basic", "project")),
        )
        for ln in report["final_account"]
    ]
    assert lines == [
        (None, "合计", "1305.20", "1102.00", "203.20"),
        ("201", "一般公共服务支出", "905.20", "702.00", "203.20"),
        ("20106", "财政事务", "905.20", "702.00", "203.20"),
        ("2010601", "行政运行", "702.00", "702.00", None),
        ("2010650", "事业运行", "203.20", None, "203.20"),
        ("208", "社会保障和就业支出", "400.00", "400.00", None),
        ("20805", "行政事业单位养老支出", "400.00", "400.00", None),
        ("2080505", "机关事业单位基本养老保险缴费支出", "400.00", "400.00", None),
    ]


@pytest.mark.parametrize("tf", [1.0, 12.0, 100.0])
def test_stream_order_and_font_size_operand_change_nothing(tmp_path: Path, tf: float) -> None:
    """The same page drawn in reading order, backwards, or interleaved, with any ``Tf``, reads the same."""
    lines = ["一、部门基本情况", "本部门共有在职在编人员23人，", "年度预算收入1,234.56万元。"]
    texts = []
    for arrangement in ("in order", "backwards", "interleaved"):
        spec = PdfSpec()
        page = spec.page()
        runs = [page.glyphs(72, 100 + 18 * k, text, 12, tf=tf) for k, text in enumerate(lines)]
        if arrangement == "in order":
            page.ops += [op for run in runs for op in run]
        elif arrangement == "backwards":
            page.ops += [op for run in reversed(runs) for op in reversed(run)]
        else:
            page.ops += interleave(*runs)
        doc = read_document(_write(tmp_path, spec, f"{arrangement}-{tf:g}.pdf"))
        assert doc.text_layer == []
        texts.append([p.text for p in doc.paragraphs()])
    assert texts[0] == ["一、部门基本情况", "本部门共有在职在编人员23人，年度预算收入1,234.56万元。"]
    assert texts[1] == texts[0] and texts[2] == texts[0]


def test_two_lines_drawn_into_one_band_are_taken_apart(tmp_path: Path) -> None:
    """Two lines 2.5 pt apart (inside the band one baseline takes in), their glyphs half an em apart."""
    spec = PdfSpec()
    page = spec.page()
    upper = page.glyphs(72, 100, "资金来源合计", 10)
    lower = page.glyphs(77, 102.5, "其中财政拨款", 10)
    page.ops += interleave(upper, lower)
    page.text(72, 140, "以上为本年度收入情况，单位为万元，数据来自决算报表。", 10)
    doc = read_document(_write(tmp_path, spec, "band.pdf"))
    assert [p.text for p in doc.paragraphs()] == [
        "资金来源合计",
        "其中财政拨款",
        "以上为本年度收入情况，单位为万元，数据来自决算报表。",
    ]
    (flag,) = doc.text_layer
    assert (flag.page, flag.state, flag.used) == (1, "order_repaired", True)
    assert flag.reason == (
        "1 line drawn as interleaved runs rebuilt from character positions (e.g. '资金来源合计 / 其中财政拨款')"
    )


def _stacked_page(page: PageSpec, top: float) -> None:
    # Every character of a line drawn at the line's start: positions say nothing about the order.
    for k, text in enumerate(
        ["本年度部门收入合计一千二百万元", "其中财政拨款收入一千万元", "支出合计一千一百万元"]
    ):
        page.ops.append(" ".join(page.show(72, top + 20 * k, [ord(ch)], 12) for ch in text))


def test_characters_drawn_on_top_of_each_other_leave_the_page_out(tmp_path: Path) -> None:
    spec = PdfSpec()
    spec.page().text(72, 100, "第一页的正文照常读出，这一页的文字位置都是正常的。", 12)
    _stacked_page(spec.page(), 100)
    doc = read_document(_write(tmp_path, spec, "stacked.pdf"))
    assert [(p.prov.page, p.text) for p in doc.paragraphs()] == [
        (1, "第一页的正文照常读出，这一页的文字位置都是正常的。")
    ]
    (flag,) = doc.text_layer
    assert (flag.page, flag.state, flag.used) == (2, "garbled_order", False)
    assert flag.reason == (
        "33 of 36 characters are drawn on top of other characters, so no reading order follows from their positions"
    )
    assert doc.warnings == [f"page 2: text layer not used: {flag.reason}"]


def test_a_pdf_whose_only_page_is_garbled_is_refused_like_a_scan(tmp_path: Path) -> None:
    spec = PdfSpec()
    _stacked_page(spec.page(), 100)
    with pytest.raises(NoTextLayerError) as err:
        read_document(_write(tmp_path, spec, "garbled.pdf"))
    assert "no page has a usable text layer: 33 of 36 characters are drawn on top of other characters" in str(
        err.value
    )


def _glyphs(text: str, x: float, baseline: float, run: int, size: float = 10.0) -> list[Glyph]:
    return [Glyph(ch, x + k * size, x + (k + 1) * size, baseline, size, run=run) for k, ch in enumerate(text)]


def test_overprinted_strings_keep_their_characters_together() -> None:
    """A value overflowing into the next string: each string whole, left to right, a space between."""
    glyphs = _glyphs("项目名称过长的一段文字", 0, 100, run=1) + _glyphs("合计", 84, 100, run=2)
    order = LineOrder()
    (line,) = group_lines(glyphs, order)
    assert line_of(line).text == "项目名称过长的一段文字 合计"
    assert (order.lines, order.rebuilt, order.rebuilt_glyphs, order.stacked_glyphs) == (1, 1, 13, 0)


def test_a_raised_mark_or_a_gap_filled_by_another_run_is_not_rebuilt() -> None:
    """Glyphs of other runs or baselines that touch but do not overlap keep plain left-to-right order."""
    glyphs = (
        _glyphs("面积100m", 0, 100, run=1) + _glyphs("2", 60, 97, run=2) + _glyphs("项目", 200, 100, run=3)
    )
    glyphs += _glyphs("金额", 260, 100, run=3) + _glyphs("填", 230, 100, run=4)
    order = LineOrder()
    lines = group_lines(glyphs, order)
    assert [line_of(ln).text for ln in lines] == ["面积100m2 项目 填 金额"]
    assert (order.rebuilt, order.stacked_glyphs) == (0, 0)


def test_a_page_left_out_makes_the_report_partial(tmp_path: Path) -> None:
    spec = _interleaved_statement()
    _stacked_page(spec.page(), 100)
    pdf = _write(tmp_path, spec, "部门决算.pdf")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["extract", str(pdf), "-o", str(out), "-q"])
    # 4: every document has a report, some are partial
    assert result.exit_code == 4, result.output
    report = json.loads((out / "部门决算.json").read_text(encoding="utf-8"))
    assert (report["department"], len(report["final_account"])) == ("某某县财政局", 8)
    unread = [
        "page 3: text layer not used: 33 of 36 characters are drawn on top of other characters, "
        "so no reading order follows from their positions"
    ]
    assert report["coverage"]["status"] == "partial"
    assert report["coverage"]["unread"] == unread
    assert set(unread) <= set(report["coverage"]["reasons"])
