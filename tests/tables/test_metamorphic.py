"""Metamorphic tests: the same form worded, ordered, widened, narrowed, in 元 or in traditional characters
must give the same typed values (tests/tables/metamorphic.py makes the variants).

Every variant is a real DOCX written with python-docx (merged cells included) and read through the whole
pipeline. The reference is the tool's reading of the untouched form, which the golden evaluation checks
against hand-made answers; here only the invariance is tested. Amounts are compared in 万元, names and
units after folding width and script (a traditional-character variant prints 個 where the original has 个).
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.pipeline import Pipeline
from jixiao.schema import Report
from jixiao.schema import SelfEvalTable
from jixiao.schema import Value
from jixiao.vocabulary import fold
from tests.tables.metamorphic import REPO
from tests.tables.metamorphic import Part
from tests.tables.metamorphic import variants

sys.path.insert(0, str(REPO / "golden" / "render"))

from render import write_docx
from render_forms import FORMS
from render_forms import load_form

# Forms of other provinces with indicator and fund parts of different layouts (golden/forms/README.md).
STEMS = [
    "prov01_anhui_guichi_2022",
    "prov02_sichuan_qingshen_2023",
    "prov05_yunnan_yongde_2022",
    "prov06_yunnan_longyang_2022",
    "prov07_anhui_xiaoxian_2023",
    "prov13_sichuan_zhongjiang_2022",
    "prov16_hubei_huangshi_2022",
    "prov19_beijing_haidian_2016",
    "prov29_yunnan_linxiang_2023",
    "prov31_chongqing_liangping_2023",
]


def _read(path: Path) -> Report:
    return Pipeline().process_file(path).report


def _value(v: Value) -> tuple[object, ...]:
    return (v.op, v.num, v.num_hi, fold(v.unit or ""), v.grade, v.status, v.pct_done, v.is_placeholder)


def _wan(amount: object) -> Decimal | None:
    wan = getattr(amount, "wan", None)
    return wan.normalize() if isinstance(wan, Decimal) else None


def _values(report: Report, dropped: set[str]) -> list[tuple[object, ...]]:
    """The typed values of every form of a report, in order."""
    out: list[tuple[object, ...]] = []
    tables: list[SelfEvalTable] = [t for t in (report.dept_table, *report.project_tables) if t is not None]
    for t in tables:
        for ind in t.indicators:
            out.append(
                (
                    "indicator",
                    fold(ind.name),
                    ind.level1,
                    ind.level2,
                    _value(ind.target),
                    _value(ind.actual),
                    ind.weight,
                    ind.score,
                    None if "reason" in dropped else fold(ind.deviation_reason or ""),
                )
            )
        for f in t.funds:
            out.append(
                (
                    "fund",
                    f.category,
                    fold(f.label_raw),
                    _wan(f.initial_budget),
                    _wan(f.budget),
                    _wan(f.executed),
                    f.rate_reported,
                    f.weight,
                    f.score,
                )
            )
        out.append(("totals", t.total_weight_reported, t.total_score_reported))
    return out


def _parts(report: Report):  # type: ignore[no-untyped-def]
    """``parts_of(t)``: the parts of the ``t``-th table, from the untouched form's coverage record."""

    def parts_of(t: int) -> list[Part]:
        reads = [
            r for r in report.coverage.reads if r.tables and r.tables[0] == t and r.header_row is not None
        ]
        reads.sort(key=lambda r: r.header_row or 0)
        out: list[Part] = []
        for k, r in enumerate(reads):
            assert r.header_row is not None
            end = reads[k + 1].header_row if k + 1 < len(reads) else 10_000
            columns = {m.col: m.field for m in r.columns if m.field and m.field != "label"}
            out.append(Part(r.part, r.header_row, columns, range(r.header_row + 1, end or 10_000)))
        return out

    return parts_of


@pytest.mark.parametrize("stem", STEMS)
def test_every_variant_reads_the_same_values(stem: str, tmp_path: Path) -> None:
    blocks = load_form(FORMS / f"{stem}.yaml")
    original = tmp_path / f"{stem}.docx"
    write_docx(blocks, original, title=stem)
    base = _read(original)
    expected = _values(base, set())
    assert any(v[0] == "indicator" for v in expected) or any(v[0] == "fund" for v in expected)
    names = []
    in_yuan = any(r.unit == "元" for r in base.coverage.reads if r.part == "funds")
    for k, variant in enumerate(variants(blocks, _parts(base), seed=len(stem), in_yuan=in_yuan)):
        path = tmp_path / f"{stem}-{k}-{variant.name}.docx"
        write_docx(variant.blocks, path, title=f"{stem} {variant.name}")
        got = _read(path)
        want = _values(base, variant.dropped)
        assert _values(got, variant.dropped) == want, f"{stem}: {variant.name} reads differently"
        assert got.coverage.status in ("ok", base.coverage.status), (variant.name, got.coverage.reasons)
        names.append(variant.name)
    assert len(names) == 9


def test_the_variants_change_the_printed_form(tmp_path: Path) -> None:
    """The generator really rewords, moves, adds, drops and converts (a variant equal to its form tests
    nothing)."""
    from docx import Document as open_docx

    stem = "prov01_anhui_guichi_2022"
    blocks = load_form(FORMS / f"{stem}.yaml")
    original = tmp_path / "o.docx"
    write_docx(blocks, original, title=stem)
    base = _read(original)

    def cells(path: Path) -> list[str]:
        table = open_docx(str(path)).tables[0]
        return [c.text for row in table.rows for c in row.cells]

    before = cells(original)
    seen: dict[str, list[str]] = {}
    for variant in variants(blocks, _parts(base), seed=3):
        path = tmp_path / f"{variant.name}.docx"
        write_docx(variant.blocks, path, title=variant.name)
        seen[variant.name] = cells(path)
    assert all(seen[name] != before for name in seen)
    assert (
        "评分标准" in seen["extra-columns"]
        or "备注" in seen["extra-columns"]
        or "佐证资料" in seen["extra-columns"]
    )
    assert "偏差原因分析及改进措施" in before and "偏差原因分析及改进措施" not in seen["no-reason-column"]
    assert "899740" in seen["other-unit"] and "项目资金 (元)" in seen["other-unit"]
    assert "實際完成值" in seen["traditional"]
    order = seen["weight-before-target"]
    assert order.index("分值") < order.index("年度指标值")
