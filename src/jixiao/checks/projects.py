"""Project tables against the 基础数据表 and the department's 项目支出 (domain.md §5.7).

A project table's 全年预算数/全年执行数 should be its line's 本年预算数/本年决算数 in the 基础数据表; the
基础数据表's project lines should add up to 项目支出; the project tables together cannot spend more than it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from jixiao.checks.common import AMOUNT_TOL
from jixiao.checks.common import ZERO
from jixiao.checks.common import fmt
from jixiao.checks.common import make_finding
from jixiao.checks.common import norm_label
from jixiao.checks.common import refs
from jixiao.checks.common import sum_tolerance
from jixiao.checks.common import table_subject
from jixiao.checks.common import wan
from jixiao.checks.final_account import PROJECT_KEYS
from jixiao.checks.final_account import first_figure
from jixiao.checks.funds import fund_layout
from jixiao.schema import Amount
from jixiao.schema import BasicDataLine
from jixiao.schema import Finding
from jixiao.schema import FundRow
from jixiao.schema import Report

# --- projects ------------------------------------------------------------------------------------

_NUMBERED_RE = re.compile(r"^[（(]?[0-9一二三四五六七八九十]+[)）、.．]")
_NAME_NOISE_RE = re.compile(r"^([\u4e00-\u9fff]{2,3}?省|[\u4e00-\u9fff]{2,3}市)|资金$|经费$|项目$")


def project_key(name: str | None) -> str:
    key = norm_label(name)
    for _ in range(2):
        key = _NAME_NOISE_RE.sub("", key)
    return key


def project_lines(report: Report) -> list[BasicDataLine]:
    return [line for line in report.basic_data if line.group == "项目支出" and project_key(line.label)]


def _budget_candidates(total: FundRow, appropriation: FundRow | None) -> list[Decimal]:
    values = [
        wan(total.budget),
        wan(total.initial_budget),
        wan(appropriation.budget) if appropriation else None,
    ]
    return [v for v in values if v is not None]


def project_total_vs_basic_data(report: Report) -> list[Finding]:
    """A project table's 全年预算数/全年执行数 equal its line in the 基础数据表 (本年预算数/本年决算数)."""
    lines = project_lines(report)
    if not lines:
        return []
    out: list[Finding] = []
    for table in report.project_tables:
        layout = fund_layout(table)
        total = layout.total
        if total is None or wan(total.executed) is None:
            continue
        appropriation = next((r for r in layout.income_parts if r.category == "当年财政拨款"), None)
        budgets = _budget_candidates(total, appropriation)
        executed = wan(total.executed)
        assert executed is not None

        def fits(line: BasicDataLine, budgets: list[Decimal] = budgets, executed: Decimal = executed) -> bool:
            b, f = wan(line.budget), wan(line.final)
            budget_ok = b is None or any(abs(b - x) <= AMOUNT_TOL for x in budgets)
            return budget_ok and f is not None and abs(f - executed) <= AMOUNT_TOL

        key = project_key(table.project_name)
        same = next((ln for ln in lines if project_key(ln.label) == key), None)
        if same is not None and fits(same):
            continue
        other = next((ln for ln in lines if ln is not same and fits(ln)), None)
        if same is None and other is None:
            continue
        subject = table_subject(table)
        table_amounts = f"{fmt(wan(total.budget))} / {fmt(executed)}"
        if same is not None:
            line_amounts = f"{fmt(wan(same.budget))} / {fmt(wan(same.final))}"
            hint = f"; they are the amounts of “{other.label}”" if other is not None else ""
            message = f"project table 全年预算数/执行数 {table_amounts} ≠ 基础数据表 “{same.label}” {line_amounts}{hint}"
            expected, line = line_amounts, same
        else:
            assert other is not None
            message = (
                f"project table 全年预算数/执行数 {table_amounts} are those of 基础数据表 “{other.label}”, "
                "not of a line with this project's name"
            )
            expected, line = f"a 基础数据表 line named {table.project_name}", other
        out.append(
            make_finding(
                "project_total_vs_basic_data",
                "warn",
                message,
                subject=subject,
                expected=expected,
                actual=table_amounts,
                provs=refs(total.budget, total.executed, total.prov, line.budget, line.final, line.prov),
            )
        )
    return out


def project_lines_vs_project_expense(report: Report) -> list[Finding]:
    """The 基础数据表's project lines (本年决算数) add up to the department's 项目支出."""
    lines = project_lines(report)
    numbered = [ln for ln in lines if _NUMBERED_RE.match(ln.label_raw.strip())]
    # Sub-lines (湖南省妇女儿童事业发展专项 under 3、省级专项资金) restate their parent: count numbered lines only.
    top = numbered or lines
    finals = [ln.final for ln in top if ln.final is not None and ln.final.wan is not None]
    target = _project_expense(report)
    if len(finals) < 2 or target is None or target.wan is None:
        return []
    total = sum((a.wan or ZERO for a in finals), ZERO)
    if abs(total - target.wan) <= sum_tolerance(len(finals)):
        return []
    terms = " + ".join(fmt(a.wan) for a in finals)
    return [
        make_finding(
            "project_total_vs_basic_data",
            "warn",
            f"the 基础数据表's project lines (本年决算数) add up to {terms} = {fmt(total)}, "
            f"not 项目支出 {fmt(target.wan)}",
            subject="项目支出",
            expected=fmt(target.wan),
            actual=fmt(total),
            provs=refs(target, *finals, *(ln.prov for ln in top)),
        )
    ]


def _project_expense(report: Report) -> Amount | None:
    """The department's 项目支出: the 自评表's 项目支出 row (全年执行数), else the narrative figure."""
    if report.dept_table is not None:
        row = next(
            (r for r in report.dept_table.funds if r.category == "项目支出" and wan(r.executed) is not None),
            None,
        )
        if row is not None:
            return row.executed
    fig = first_figure(report, PROJECT_KEYS)
    return fig.amount if fig is not None else None


def project_sum_vs_project_expense(report: Report) -> list[Finding]:
    """Σ project tables' 全年执行数 is not more than the department's 项目支出.

    Less is normal (not every project needs a self-evaluation table) and raises nothing.
    """
    # A table with neither code nor name cannot be told apart from a second copy of another one.
    totals = [fund_layout(t).total for t in report.project_tables if t.project_code or t.project_name]
    executed = [t.executed for t in totals if t is not None and wan(t.executed) is not None]
    target = _project_expense(report)
    if not executed or target is None or target.wan is None:
        return []
    projects = sum((wan(a) or ZERO for a in executed), ZERO)
    if projects <= target.wan + sum_tolerance(len(executed)):
        return []
    return [
        make_finding(
            "project_sum_vs_project_expense",
            "warn",
            f"the {len(executed)} project tables' 全年执行数 add up to {fmt(projects)}, more than 项目支出 {fmt(target.wan)}",
            subject="项目支出",
            expected=f"≤ {fmt(target.wan)}",
            actual=fmt(projects),
            provs=refs(target, *executed),
        )
    ]


REPORT_CHECKS: tuple[Callable[[Report], list[Finding]], ...] = (
    project_total_vs_basic_data,
    project_lines_vs_project_expense,
    project_sum_vs_project_expense,
)
