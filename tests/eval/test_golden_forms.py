"""The published forms of golden/forms: each spec is rendered to DOCX and PDF with its merges, and its
answer file quotes the form it answers (labels, names and values are cells of the spec)."""

from __future__ import annotations

import importlib
import re
import sys
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pdfplumber
import pytest
from docx import Document as open_docx

from jixiao.eval.answers import GoldenAnswer
from jixiao.eval.answers import load_answer

GOLDEN = Path(__file__).resolve().parents[2] / "golden"
RENDER = GOLDEN / "render"
STEMS = sorted(p.stem for p in (GOLDEN / "forms").glob("*.yaml"))
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@pytest.fixture(scope="module")
def forms() -> ModuleType:
    """golden/render/render_forms.py (a script beside render.py, which it imports by name)."""
    sys.path.insert(0, str(RENDER))
    try:
        return importlib.import_module("render_forms")
    finally:
        sys.path.remove(str(RENDER))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _tables(forms: ModuleType, stem: str) -> list:
    return [b for b in forms.load_form(GOLDEN / "forms" / f"{stem}.yaml") if not isinstance(b, str)]


def _cells(forms: ModuleType, stem: str) -> set[str]:
    """Every cell text and paragraph of the spec, whitespace removed."""
    out = {_squash(b) for b in forms.load_form(GOLDEN / "forms" / f"{stem}.yaml") if isinstance(b, str)}
    for table in _tables(forms, stem):
        out |= {_squash(text) for row in forms.text_grid(table) for text in row}
    return out - {""}


def _numbers(cells: set[str]) -> set[Decimal]:
    return {Decimal(m.replace(",", "")).normalize() for c in cells for m in _NUMBER.findall(c)}


def _answer(stem: str) -> GoldenAnswer:
    return load_answer(GOLDEN / "expected" / f"{stem}.json")


def test_the_set_holds_the_forms_it_was_built_from() -> None:
    assert len(STEMS) == 17
    assert {s.split("_")[1] for s in STEMS} == {
        "anhui", "sichuan", "chongqing", "yunnan", "fujian", "hubei", "beijing", "xinjiang", "shanxi",
    }  # fmt: skip


@pytest.mark.parametrize("stem", STEMS)
def test_each_form_has_its_renderings_and_answers(stem: str) -> None:
    assert (GOLDEN / "docs" / f"{stem}.docx").is_file()
    assert (GOLDEN / "docs" / f"{stem}.pdf").is_file()
    a = _answer(stem)
    assert a.doc == stem
    assert a.formats == ["docx", "pdf"]
    assert {"metadata", "funds", "indicators"} <= set(a.covers)


@pytest.mark.parametrize("stem", STEMS)
def test_docx_has_the_spec_cells_and_real_merges(forms: ModuleType, stem: str) -> None:
    specs = _tables(forms, stem)
    document = open_docx(str(GOLDEN / "docs" / f"{stem}.docx"))
    assert len(document.tables) == len(specs)
    for spec, table in zip(specs, document.tables, strict=True):
        assert (len(table.rows), len(table.columns)) == (len(spec.rows), spec.n_cols)
        grid = forms.text_grid(spec)
        assert [[table.cell(r, c).text for c in range(spec.n_cols)] for r in range(len(spec.rows))] == grid
        for r, row in enumerate(spec.rows):
            for c, cell in enumerate(row):
                if cell is None:
                    continue
                origin = table.cell(r, c)._tc
                covered = {(r + dr, c + dc) for dr in range(cell.row_span) for dc in range(cell.col_span)}
                assert all(table.cell(rr, cc)._tc is origin for rr, cc in covered), (stem, r, c, cell.text)
                right = c + cell.col_span
                if right < spec.n_cols:  # a merge stops where the spec says it does
                    assert table.cell(r, right)._tc is not origin


@pytest.mark.parametrize("stem", STEMS)
def test_pdf_was_printed_from_the_spec(forms: ModuleType, stem: str) -> None:
    with pdfplumber.open(GOLDEN / "docs" / f"{stem}.pdf") as pdf:
        text = _squash("".join(page.extract_text() or "" for page in pdf.pages))
    # Cells of up to four characters never wrap in these layouts, so each is found whole.
    short = sorted(c for c in _cells(forms, stem) if len(c) <= 4)
    assert short
    assert [c for c in short if c not in text] == []


@pytest.mark.parametrize("stem", STEMS)
def test_answers_quote_the_form(forms: ModuleType, stem: str) -> None:
    cells = _cells(forms, stem)
    a = _answer(stem)
    whole: list[str | None] = [f.label for f in a.funds]
    for i in a.indicators:
        whole += [i.name, i.level1_raw, i.level2_raw, i.target_raw, i.actual_raw, i.deviation_reason]
    missing = [s for s in whole if s and _squash(s) not in cells]
    assert missing == []
    # Names that share a cell with a code or a label ('51092324T…-项目名', '部门:…') are inside a cell.
    parts = [a.metadata.department if a.metadata else None]
    parts += [x for t in a.project_tables for x in (t.name, t.code, t.competent_dept, t.implementing_unit)]
    assert [s for s in parts if s and not any(_squash(s) in c for c in cells)] == []


@pytest.mark.parametrize("stem", STEMS)
def test_answer_numbers_are_written_in_the_form(forms: ModuleType, stem: str) -> None:
    cells = _cells(forms, stem)
    written = _numbers(cells)
    in_yuan = any("(元)" in c for c in cells)  # 项目资金(元): amounts are answered in 万元
    a = _answer(stem)
    for f in a.funds:
        for amount in (f.initial_budget, f.budget, f.executed):
            if amount is not None:
                ok = amount.normalize() in written or (in_yuan and (amount * 10000).normalize() in written)
                assert ok, (f.label, amount)
        for n in (f.rate, f.weight, f.score):
            assert n is None or n.normalize() in written, (f.label, n)
    for i in a.indicators:
        nums = [i.weight, i.score]
        nums += [v.num for v in (i.target, i.actual) if v is not None]
        assert all(n is None or n.normalize() in written for n in nums), i.name


@pytest.mark.parametrize("stem", STEMS)
def test_project_tables_count_their_indicators(stem: str) -> None:
    a = _answer(stem)
    for t in a.project_tables:
        assert t.indicator_count == sum(i.table == t.ref for i in a.indicators), t.ref


def test_yuan_amounts_are_converted_exactly() -> None:
    # 项目资金(元) 387664.62 and 329,998.60: 元 ÷ 10000 with every digit kept.
    yongde = {f.label: f for f in _answer("prov05_yunnan_yongde_2022").funds}
    assert yongde["年度资金总额"].budget == Decimal("38.766462")
    baoshan = {f.label: f for f in _answer("prov17_yunnan_baoshan_2023").funds}
    assert (baoshan["年度资金总额"].initial_budget, baoshan["年度资金总额"].executed) == (
        Decimal("33"),
        Decimal("32.99986"),
    )


def test_hierarchical_parent_rows_are_the_sum_of_their_children() -> None:
    scores = {i.name: i.score or Decimal(0) for i in _answer("prov06_yunnan_longyang_2022").indicators}
    first = ("1、水稻侧深施肥+缓控释肥", "2、玉米种肥同播+缓控释肥", "3、施用配方肥")
    second = ("1、肥料利用率", "2、化肥减量增效", "3、其他试验(水稻)", "4、其他试验(玉米)")
    assert scores["一、示范区建立"] == sum(scores[n] for n in first) == 15
    assert scores["二、化肥减量增效田间试验"] == sum(scores[n] for n in second) == 15


def test_breakdown_rows_carry_no_weight() -> None:
    rows = _answer("prov07_anhui_xiaoxian_2023").indicators
    breakdown = [i for i in rows if i.name.startswith("其中")]
    assert len(breakdown) == 7
    assert all(i.weight is None and {"weight", "score"} <= set(i.blank) for i in breakdown)
    assert sum(i.weight or 0 for i in rows) == 80  # 产出 50 + 效益 30, as their caps say


def test_inconsistent_caps_are_kept_as_written() -> None:
    # 产出指标(70分) + 效益指标(20分) + 满意度指标(10分) + 执行 10 = 110, written against 总分 100.
    a = _answer("prov13_sichuan_zhongjiang_2022")
    weights = sum(i.weight or 0 for i in a.indicators)
    assert (weights, a.funds[0].weight, a.project_tables[0].total_weight) == (100, 10, 100)
