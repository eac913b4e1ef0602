"""Forms printed without ruling lines: tables rebuilt from the positions of their words.

A hand-written PDF checks the cells exactly (a wrapped label is one cell; a number under a number starts a
row; running text above and below stays text). The 岳麓 self-evaluation form rendered by LibreOffice with
its borders removed (tests/data/borderless, made by tests/data/make_borderless.py) is compared with the
ruled rendering of the same DOCX: the same cell texts, and the same fund rows and indicators read from it.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from jixiao.ingest import read_document
from jixiao.schema import Document
from jixiao.structure import analyse_structure
from jixiao.tables import extract_tables
from tests.conftest import GOLDEN_DOCS
from tests.ingest.pdfgen import PdfSpec

BORDERLESS = Path(__file__).resolve().parents[1] / "data" / "borderless"
XS = [72.0, 160.0, 250.0, 340.0, 430.0]
ROWS = [
    ("项目", "预算数", "执行数", "执行率", "得分"),
    ("基本支出", "120.00", "118.50", "98.75%", "10"),
    (["项目支出（含", "专项资金）"], "80.00", "75.20", "94.00%", "9"),
    ("其他支出", "5.00", "5.00", "100.00%", "1"),
]


def _form_page(spec: PdfSpec) -> None:
    page = spec.page()
    page.text(72, 60, "一、部门整体支出情况", 12)
    page.text(72, 80, "本年度部门整体支出执行情况见下表，单位为万元。", 12)
    top = 110.0
    for row in ROWS:
        lines = 1
        for col, value in enumerate(row):
            parts = value if isinstance(value, list) else [value]
            for k, part in enumerate(parts):
                page.text(XS[col], top + 15 * k, part, 10.5)
            lines = max(lines, len(parts))
        top += 15 * lines
    page.text(72, top + 20, "二、存在的问题", 12)
    page.text(72, top + 40, "部分项目支出进度偏慢，年底集中支付的情况仍然存在。", 12)


def _read(tmp_path: Path, spec: PdfSpec) -> Document:
    path = tmp_path / "form.pdf"
    path.write_bytes(spec.to_bytes())
    return read_document(path)


def test_a_form_without_ruling_lines_becomes_a_table_with_wrapped_cells(tmp_path: Path) -> None:
    spec = PdfSpec()
    _form_page(spec)
    doc = _read(tmp_path, spec)
    (table,) = doc.tables()
    assert table.rows_text() == [
        ["项目", "预算数", "执行数", "执行率", "得分"],
        ["基本支出", "120.00", "118.50", "98.75%", "10"],
        ["项目支出（含专项资金）", "80.00", "75.20", "94.00%", "9"],
        ["其他支出", "5.00", "5.00", "100.00%", "1"],
    ]
    wrapped = next(c for c in table.cells if c.text == "项目支出（含专项资金）")
    assert (wrapped.row, wrapped.col, wrapped.prov.page) == (2, 0, 1)
    assert wrapped.prov.bbox == (72.0, 140.0, 135.0, 165.5)
    assert [p.text for p in doc.paragraphs()] == [
        "一、部门整体支出情况",
        "本年度部门整体支出执行情况见下表，单位为万元。",
        "二、存在的问题",
        "部分项目支出进度偏慢，年底集中支付的情况仍然存在。",
    ]


def test_running_text_with_a_few_aligned_words_stays_text(tmp_path: Path) -> None:
    spec = PdfSpec()
    page = spec.page()
    lines = [
        "（一）年度目标完成情况",
        "1.组织开展培训 12 期，参训 560 人次；",
        "2.完成宣传活动 8 场，覆盖 3 个街道；",
        "3.资金执行率 98.6%，较上年提高 2 个百分点。",
        "（二）存在的问题",
        "部分项目前期论证不足，绩效目标设置不够细化。",
    ]
    for k, line in enumerate(lines):
        page.text(72, 80 + 18 * k, line, 12)
    doc = _read(tmp_path, spec)
    assert doc.tables() == []
    assert [p.text for p in doc.paragraphs()] == lines


def _cell_texts(doc: Document) -> Counter[str]:
    return Counter(re.sub(r"\s", "", c.text) for t in doc.tables() for c in t.cells if c.text.strip())


def test_borderless_rendering_gives_the_cells_of_the_ruled_one() -> None:
    ruled = read_document(GOLDEN_DOCS / "002_yuelu_2021.pdf")
    bare = read_document(BORDERLESS / "002_yuelu_2021.pdf")
    assert all(not t.pages or t.prov.page for t in bare.tables())
    expected = _cell_texts(ruled)
    found = sum((expected & _cell_texts(bare)).values())
    # Measured: 180 of the 186 cell texts of the ruled form; the six others are labels merged down
    # several rows ("整体资金（万元）", "资金来源", "年度总体目标"), printed as a word per line.
    assert (found, sum(expected.values())) == (180, 186)
    assert [p.text for p in bare.paragraphs()] == [p.text for p in ruled.paragraphs()]


def _without_provenance(value: object) -> object:
    if isinstance(value, dict):
        return {k: _without_provenance(v) for k, v in value.items() if k not in ("prov", "cells")}
    if isinstance(value, list):
        return [_without_provenance(v) for v in value]
    return value


def test_borderless_rendering_gives_the_fund_rows_and_indicators_of_the_ruled_one() -> None:
    results = []
    for path in (GOLDEN_DOCS / "002_yuelu_2021.pdf", BORDERLESS / "002_yuelu_2021.pdf"):
        doc = read_document(path)
        table = extract_tables(doc, analyse_structure(doc)).dept_table
        assert table is not None
        results.append(
            (
                _without_provenance([f.model_dump(mode="json") for f in table.funds]),
                _without_provenance([i.model_dump(mode="json") for i in table.indicators]),
            )
        )
    (ruled_funds, ruled_indicators), (bare_funds, bare_indicators) = results
    assert (len(bare_funds), len(bare_indicators)) == (8, 15)
    assert bare_indicators == ruled_indicators
    # The labels 整体资金（万元）, 资金来源 and 资金结构 are merged down several rows and printed a word
    # per line, so without ruling their second word lands in the next row: the fund rows lose the
    # breakdown label and the unit printed in the block label (万元 is assumed instead), and nothing else.
    ruled_breakdown, bare_breakdown = [], []
    for ruled, bare in zip(ruled_funds, bare_funds, strict=True):
        assert isinstance(ruled, dict) and isinstance(bare, dict)
        ruled_breakdown.append(ruled.pop("breakdown"))
        bare_breakdown.append(bare.pop("breakdown"))
        for amount in ("budget", "executed"):
            assert (ruled[amount]["unit_source"], bare[amount]["unit_source"]) == ("header", "assumed")
            ruled[amount]["unit_source"] = bare[amount]["unit_source"] = None
    assert ruled_breakdown == ["资金来源"] * 3 + ["资金结构"] * 5
    assert bare_breakdown == ["总额", None, None, "总额", None, None, None, None]
    assert bare_funds == ruled_funds
