"""What the narrative says against what the tables say: 支出 figures, 执行率, named funds, 自评得分, staffing.

domain.md §5.6. The narrative figures are the 决算/自评报告 extractor's :class:`FinalAccountFigure` keys
(tables/final_account_figures.py lists them); the 自评得分 statement is read from the section text here.
Two sources that disagree are a ``warn`` (either may be the wrong one); a table whose 控制率 does not follow
from its own counts is an ``error``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from jixiao.checks.common import AMOUNT_TOL
from jixiao.checks.common import HUNDRED
from jixiao.checks.common import RATE_TOL
from jixiao.checks.common import ZERO
from jixiao.checks.common import decimals_written
from jixiao.checks.common import fmt
from jixiao.checks.common import half_unit
from jixiao.checks.common import make_finding
from jixiao.checks.common import norm_label
from jixiao.checks.common import refs
from jixiao.checks.final_account import figures_by_key
from jixiao.checks.final_account import first_figure
from jixiao.checks.final_account import statement_total
from jixiao.checks.funds import fund_layout
from jixiao.checks.projects import project_key
from jixiao.checks.projects import project_lines
from jixiao.checks.text import narrative_matches
from jixiao.schema import Amount
from jixiao.schema import FinalAccountFigure
from jixiao.schema import Finding
from jixiao.schema import Provenance
from jixiao.schema import Report
from jixiao.vocabulary import to_simplified

# Keys of narrative figures (tables/final_account_figures.py) compared with the tables here.
STAFF_ACTUAL_KEYS = ("staff_actual",)
STAFF_QUOTA_KEYS = ("staff_quota",)
STAFF_RATE_KEYS = ("staff_control_rate",)


# --- staffing ------------------------------------------------------------------------------------


def staffing_mismatch(report: Report) -> list[Finding]:
    """控制率 = 实际在职人数 / 编制数 in the table, and the narrative's 人数 and 控制率 equal the table's.

    One finding per disagreement between narrative and table (naming every figure that differs), one for a
    table whose 控制率 does not follow from its own counts.
    """
    s = report.staffing
    if s is None:
        return []
    out: list[Finding] = []
    if s.quota and s.actual is not None and s.control_rate is not None:
        expected = Decimal(s.actual) / Decimal(s.quota) * HUNDRED
        if abs(expected - s.control_rate) > max(RATE_TOL, half_unit(decimals_written(None, s.control_rate))):
            out.append(
                make_finding(
                    "staffing_mismatch",
                    "error",
                    f"控制率 {fmt(s.control_rate)}% but 实际在职人数 {s.actual} / 编制数 {s.quota} = "
                    f"{expected.quantize(Decimal('0.01'))}%",
                    subject="在职人员控制率",
                    expected=f"{expected.quantize(Decimal('0.01'))}%",
                    actual=f"{fmt(s.control_rate)}%",
                    provs=refs(s.prov),
                )
            )
    pairs: list[tuple[str, FinalAccountFigure, Decimal]] = []
    for keys, kind, value, label in (
        (STAFF_QUOTA_KEYS, "count", s.quota, "编制数"),
        (STAFF_ACTUAL_KEYS, "count", s.actual, "实际在职人数"),
        (STAFF_RATE_KEYS, "rate", s.control_rate, "控制率"),
    ):
        fig = first_figure(report, keys, kind)
        if fig is None or fig.amount.value is None or value is None:
            continue
        if abs(fig.amount.value - Decimal(value)) > RATE_TOL:
            pairs.append((label, fig, Decimal(value)))
    if pairs:
        said = ", ".join(f"{label} {fig.amount.raw}" for label, fig, _ in pairs)
        table_says = ", ".join(f"{label} {fmt(v)}" for label, _, v in pairs)
        column = f" (column labelled {s.year_label})" if s.year_label else ""
        out.append(
            make_finding(
                "staffing_mismatch",
                "warn",
                f"the narrative says {said}; the 基础数据表 says {table_says}{column}",
                subject="在职人员控制率",
                expected=table_says,
                actual=said,
                provs=refs(*(fig.prov for _, fig, _ in pairs), s.prov),
            )
        )
    return out


# --- narrative figures vs the tables -------------------------------------------------------------

_SCORE_RE = re.compile(
    r"(?:自评得分|综合得分|总得分|评价得分|自评总分)(?:为|是|：|:)?\s*(\d+(?:\.\d+)?)\s*分"
)
# Narrative figure key → (自评表 row category, column) of the department table.
_FIGURE_TO_FUND: dict[str, tuple[str, str]] = {
    "basic": ("基本支出", "executed"),
    "project": ("项目支出", "executed"),
    "expense_year": ("总额", "executed"),
    "budget_income": ("总额", "budget"),
}
# Narrative figures about a named fund, compared with the 基础数据表 line of that name.
_NAMED_FUND_KEYS = ("special_fund", "other_project")
_LABEL_NOISE_RE = re.compile(r"^\d{4}年(度)?|(全年)?(实际支出|实际支付|支出|决算)(数|金额)?$")


def _figure_disagrees(fig: FinalAccountFigure, where: str, amount: Amount, row: Provenance | None) -> Finding:
    """The narrative's figure ``fig`` is not the ``amount`` that ``where`` (a table's row or line) holds."""
    return make_finding(
        "narrative_vs_table",
        "warn",
        f"{fig.label}: the narrative says {fig.amount.raw}, {where} says {amount.raw}",
        subject=fig.label,
        expected=fmt(amount.wan),
        actual=fmt(fig.amount.wan),
        provs=refs(fig.prov, amount, row),
    )


def _fund_vs_figures(report: Report) -> list[Finding]:
    out: list[Finding] = []
    table = report.dept_table
    if table is None:
        return out
    for key, (category, column) in _FIGURE_TO_FUND.items():
        fig = first_figure(report, (key,))
        row = next((r for r in table.funds if r.category == category), None)
        amount = getattr(row, column) if row is not None else None
        if fig is None or fig.amount.wan is None or not isinstance(amount, Amount) or amount.wan is None:
            continue
        if abs(fig.amount.wan - amount.wan) <= AMOUNT_TOL:
            continue
        out.append(_figure_disagrees(fig, f"the 自评表 {category}", amount, row.prov if row else None))
    rate = first_figure(report, ("exec_rate",), "rate")
    total = fund_layout(table).total
    if (
        rate is not None
        and rate.amount.value is not None
        and total is not None
        and total.rate_reported is not None
    ) and abs(rate.amount.value - total.rate_reported) > RATE_TOL:
        out.append(
            make_finding(
                "narrative_vs_table",
                "warn",
                f"{rate.label}: the narrative says {rate.amount.raw}, the 自评表 says {total.rate_raw}",
                subject=rate.label,
                expected=total.rate_raw,
                actual=rate.amount.raw,
                provs=refs(rate.prov, total.prov),
            )
        )
    return out


def _named_funds_vs_basic_data(report: Report) -> list[Finding]:
    out: list[Finding] = []
    lines = project_lines(report)
    for key in _NAMED_FUND_KEYS:
        for fig in figures_by_key(report).get(key, [])[:1]:
            name = project_key(_LABEL_NOISE_RE.sub("", norm_label(fig.label)))
            line = next((ln for ln in lines if name and project_key(ln.label) == name), None)
            if line is None or line.final is None or line.final.wan is None or fig.amount.wan is None:
                continue
            if abs(line.final.wan - fig.amount.wan) <= AMOUNT_TOL:
                continue
            out.append(
                _figure_disagrees(fig, f"the 基础数据表 “{line.label}” 本年决算数", line.final, line.prov)
            )
    return out


def _score_vs_text(report: Report) -> list[Finding]:
    table = report.dept_table
    if table is None or table.total_score_reported is None:
        return []
    out: list[Finding] = []
    for m in narrative_matches(report, _SCORE_RE):
        stated = Decimal(m.groups[0])
        if abs(stated - table.total_score_reported) <= RATE_TOL:
            continue
        out.append(
            make_finding(
                "narrative_vs_table",
                "warn",
                f"the text says “{m.text}” but the 自评表's 总分 得分 is {fmt(table.total_score_reported)}",
                subject="自评得分",
                expected=fmt(table.total_score_reported),
                actual=fmt(stated),
                provs=refs(m.prov, table.prov),
            )
        )
    return out


# Narrative total → (statement, line name, side) of the 决算 statements.
_FIGURE_TO_STATEMENT: dict[str, tuple[int, str, str]] = {
    "income_total": (1, "总计", "收入"),
    "expense_total": (1, "总计", "支出"),
    "income_year": (1, "本年收入合计", "收入"),
    "expense_year": (1, "本年支出合计", "支出"),
    "fiscal_income_total": (4, "总计", "收入"),
    "fiscal_expense_total": (4, "总计", "支出"),
}


def _totals_vs_statements(report: Report) -> list[Finding]:
    """The 情况说明's totals equal the statements' (普陀: “财政拨款收入支出总计0.3万元” vs statement 4's 2,961.68)."""
    out: list[Finding] = []
    seen: set[tuple[int, str, Decimal]] = set()
    for key, (table, name, side) in _FIGURE_TO_STATEMENT.items():
        fig = first_figure(report, (key,))
        found = statement_total(report, table, name, side)
        if fig is None or fig.amount.wan is None or found is None or found[1].wan is None:
            continue
        line, amount = found
        if abs(fig.amount.wan - (amount.wan or ZERO)) <= AMOUNT_TOL or (table, name, fig.amount.wan) in seen:
            continue
        seen.add(
            (table, name, fig.amount.wan)
        )  # “收支总计” gives an income and an expense figure: report once
        out.append(_figure_disagrees(fig, f"statement {table} {line.name}", amount, line.prov))
    return out


def _basic_lines_in_text(report: Report) -> list[Finding]:
    """A 基础数据表 line whose spending the narrative states (“2024年会议费、培训费支出55.82万元” vs 9.26).

    A note only: the narrative may count funds the 基础数据表 line leaves out. 三公 has its own check.
    """
    out: list[Finding] = []
    for line in report.basic_data:
        label = norm_label(line.label)
        if line.group == "三公" or len(label) < 4 or line.final is None or line.final.wan is None:
            continue
        words = re.escape(to_simplified(line.label.strip().rstrip("：:")))
        pattern = re.compile(
            words + r"[^。；，,]{0,6}?支出(?:决算数?|总额|金额)?(?:为|是|共)?\s*(\d+(?:\.\d+)?)\s*万元"
        )
        for m in narrative_matches(report, pattern)[:1]:
            stated = Decimal(m.groups[0])
            if abs(stated - line.final.wan) <= AMOUNT_TOL:
                continue
            out.append(
                make_finding(
                    "narrative_vs_table",
                    "info",
                    f"the text says “{m.text}”; the 基础数据表's “{line.label}” 本年决算数 is {line.final.raw}",
                    subject=line.label,
                    expected=fmt(line.final.wan),
                    actual=fmt(stated),
                    provs=refs(m.prov, line.final, line.prov),
                )
            )
    return out


def narrative_vs_table(report: Report) -> list[Finding]:
    """The narrative's totals, 基本/项目 支出, 执行率, named funds and 自评得分 equal the tables' and statements'."""
    return (
        _fund_vs_figures(report)
        + _totals_vs_statements(report)
        + _named_funds_vs_basic_data(report)
        + _basic_lines_in_text(report)
        + _score_vs_text(report)
    )


REPORT_CHECKS: tuple[Callable[[Report], list[Finding]], ...] = (narrative_vs_table, staffing_mismatch)
