"""A document served in traditional characters reads as its simplified original (the report keeps the text
as printed: names and raw cells stay traditional, the reading does not change)."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from jixiao.pipeline import Pipeline
from jixiao.schema import Report
from jixiao.vocabulary import fold
from tests.conftest import seed_path

TO_TRADITIONAL = opencc.OpenCC("s2t").convert


def _both(stem: str, tmp_path: Path) -> tuple[Report, Report]:
    original = seed_path(stem)
    served = tmp_path / f"{stem}.txt"
    served.write_text(TO_TRADITIONAL(original.read_text(encoding="utf-8")), encoding="utf-8")
    return Pipeline().process_file(original).report, Pipeline().process_file(served).report


def _forms(report: Report) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for t in [t for t in (report.dept_table, *report.project_tables) if t is not None]:
        out += [
            (fold(i.name), i.level1, i.level2, i.target.num, i.actual.num, i.weight, i.score)
            for i in t.indicators
        ]
        out += [
            (f.category, f.budget.wan if f.budget else None, f.executed.wan if f.executed else None)
            for f in t.funds
        ]
    return out


def _findings(report: Report) -> list[tuple[str, str, str]]:
    return sorted((f.check, f.severity, fold(f.subject or "")) for f in report.findings)


@pytest.mark.parametrize("stem", ["000_hunan_2024", "002_yuelu_2021", "004_zigong_2022"])
def test_traditional_characters_are_checked_the_same(stem: str, tmp_path: Path) -> None:
    # The checks compare labels, instructions, footer fields and narrative statements (萬元，佔…%,
    # 評價結果為優秀) in simplified characters: a report printed in traditional ones gets the same findings.
    simple, traditional = _both(stem, tmp_path)
    assert simple.findings
    assert _findings(traditional) == _findings(simple)
    # Fill dates come from the footer's 填報日期.
    assert [t.fill_date for t in traditional.project_tables] == [t.fill_date for t in simple.project_tables]


@pytest.mark.parametrize("stem", ["000_hunan_2024", "002_yuelu_2021"])
def test_traditional_characters_read_the_same(stem: str, tmp_path: Path) -> None:
    simple, traditional = _both(stem, tmp_path)
    # The served copy really is traditional, and is kept as printed.
    assert [s.title for s in traditional.sections] != [s.title for s in simple.sections]
    assert [s.key for s in traditional.iter_sections()] == [s.key for s in simple.iter_sections()]
    assert traditional.kinds == simple.kinds
    assert (traditional.region, traditional.level, traditional.fiscal_year) == (
        simple.region,
        simple.level,
        simple.fiscal_year,
    )
    assert traditional.department is not None and fold(traditional.department) == fold(
        simple.department or ""
    )
    assert traditional.department != simple.department  # kept as printed: 婦女聯合會
    assert _forms(traditional) == _forms(simple)
    assert [b.label for b in traditional.basic_data] == [b.label for b in simple.basic_data]
    assert (len(traditional.problems), len(traditional.measures)) == (
        len(simple.problems),
        len(simple.measures),
    )
    assert traditional.coverage.status == simple.coverage.status == "ok"
