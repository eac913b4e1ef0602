"""Year consistency: the fiscal year against the dates written inside the tables (domain.md §5.9).

A 2024 table whose indicator says ``2023年12月前`` and was filled in on ``2024.5.28`` is a copy of last year's
form; a 基础数据表 column labelled ``2023年实际在职人数`` in a 2024 report is labelled with the wrong year.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jixiao.checks.common import make_finding
from jixiao.checks.common import refs
from jixiao.checks.common import table_subject
from jixiao.checks.indicators import indicator_subject
from jixiao.schema import Finding
from jixiao.schema import Provenance
from jixiao.schema import Report
from jixiao.schema import SelfEvalTable
from jixiao.vocabulary import to_simplified

_YEAR_RE = re.compile(r"((?:19|20)\d\d)\s*年")
_BARE_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# An actual value that compares with an earlier year (较2020年增长…) names that year on purpose.
_COMPARISON_RE = re.compile(r"较|比|同比|相比|增长|下降|增加|减少|持平")
# 四川 project codes: 6-digit region, 2-digit year, category letter, serial (51030022Y000000325498).
_DEADLINE_RE = re.compile(r"(?:19|20)\d\d\s*年[^，。；]{0,8}?(?:前|底|以前|之前)")
_PROJECT_CODE_RE = re.compile(r"^\d{6}(\d{2})[A-Z]")


def _years(text: str | None) -> list[int]:
    return [int(y) for y in _YEAR_RE.findall(text or "")]


def _other_year(message: str, subject: str, year: int, named: int, prov: Provenance | None) -> Finding:
    """A text of the report names the year ``named`` where the fiscal year ``year`` belongs."""
    return make_finding(
        "year_mismatch",
        "warn",
        message,
        subject=subject,
        expected=str(year),
        actual=str(named),
        provs=refs(prov),
    )


def fill_date_before_year_end(report: Report, table: SelfEvalTable) -> list[Finding]:
    """A self-evaluation filled in before its fiscal year was over."""
    year = report.fiscal_year
    if year is None or table.fill_date is None or table.fill_date.year > year:
        return []
    return [
        make_finding(
            "year_mismatch",
            "warn",
            f"填报日期 {table.fill_date_raw or table.fill_date.isoformat()} is before the end of "
            f"fiscal year {year}: the table may be a copy from an earlier year",
            subject=table_subject(table),
            expected=f"a date after {year}",
            actual=table.fill_date_raw or table.fill_date.isoformat(),
            provs=refs(table.prov),
        )
    ]


def stale_indicator_dates(report: Report, table: SelfEvalTable) -> list[Finding]:
    """An indicator names a year before the fiscal year: a stale copy from an earlier table.

    Checked in the 指标值, in a deadline inside the name (``2023年12月前``), and in a 完成值 that names only
    earlier years and compares with nothing (``2020年“三公”经费支出合计0.00万元`` in a 2021 table).
    One finding per indicator.
    """
    year = report.fiscal_year
    if year is None:
        return []
    out: list[Finding] = []
    for ind in table.indicators:
        actual = ind.actual.raw
        candidates = [("指标值", ind.target.raw, ind.cells.get("target"))]
        candidates += [
            ("三级指标", m.group(0), ind.cells.get("name")) for m in _DEADLINE_RE.finditer(ind.name)
        ]
        if _years(actual) and max(_years(actual)) < year and not _COMPARISON_RE.search(to_simplified(actual)):
            candidates.append(("完成值", actual, ind.cells.get("actual")))
        for field, text, prov in candidates:
            stale = [y for y in _years(text) if y < year]
            if not stale:
                continue
            message = f"{field} “{text.strip()}” names {stale[0]} in a {year} table"
            out.append(_other_year(message, indicator_subject(ind), year, stale[0], prov or ind.prov))
            break
    return out


def project_code_year(report: Report, table: SelfEvalTable) -> list[Finding]:
    """The year digits of a 四川 project code (``510300 22 Y…``) match the fiscal year."""
    year = report.fiscal_year
    m = _PROJECT_CODE_RE.match(table.project_code or "")
    if year is None or m is None or int(m.group(1)) == year % 100:
        return []
    return [
        make_finding(
            "year_mismatch",
            "warn",
            f"project code {table.project_code} carries year 20{m.group(1)}, not {year}",
            subject=table_subject(table),
            expected=f"{year % 100:02d}",
            actual=m.group(1),
            provs=refs(table.prov),
        )
    ]


def table_title_year(report: Report, table: SelfEvalTable) -> list[Finding]:
    """The table's title names another year than the fiscal year."""
    year = report.fiscal_year
    other = [y for y in _years(table.title) if y != year]
    if year is None or not other:
        return []
    message = f"table title “{(table.title or '').strip()}” names {other[0]}, not {year}"
    return [_other_year(message, table_subject(table), year, other[0], table.prov)]


def staffing_year_label(report: Report) -> list[Finding]:
    """The staffing column is labelled with another year (``2023年实际在职人数`` in a 2024 report)."""
    staffing, year = report.staffing, report.fiscal_year
    if staffing is None or year is None or not staffing.year_label:
        return []
    other = [int(y) for y in _BARE_YEAR_RE.findall(staffing.year_label) if int(y) != year]
    if not other:
        return []
    label = staffing.year_label if "在职" in staffing.year_label else f"{other[0]}年实际在职人数"
    message = f"the 基础数据表's staffing column is labelled “{label}” in a {year} report"
    return [_other_year(message, label, year, other[0], staffing.prov)]


TABLE_CHECKS: tuple[Callable[[Report, SelfEvalTable], list[Finding]], ...] = (
    fill_date_before_year_end,
    stale_indicator_dates,
    project_code_year,
    table_title_year,
)
REPORT_CHECKS: tuple[Callable[[Report], list[Finding]], ...] = (staffing_year_label,)
