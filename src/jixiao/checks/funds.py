"""Fund summaries of a self-evaluation table: execution rate, its score, and the fund identities.

domain.md §5.1–5.3. A table's fund rows are read as one *income* breakdown (总额 = 当年财政拨款 + 上年结转 + 其他,
or 财政资金 + 财政专户 + 单位资金 + 其他, or 一般公共预算 + 政府性基金 + 非税收入 + 其他) and one *expense* breakdown
(基本支出 + 项目支出, 基本支出 = 人员支出 + 公用支出). Every identity is checked per amount column
(年初预算数, 全年预算数, 全年执行数) on the columns where both sides are written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import get_args

from jixiao.checks.common import HUNDRED
from jixiao.checks.common import RATE_TOL
from jixiao.checks.common import SCORE_TOL
from jixiao.checks.common import ZERO
from jixiao.checks.common import close
from jixiao.checks.common import decimals_written
from jixiao.checks.common import fmt
from jixiao.checks.common import fmt_pct
from jixiao.checks.common import half_unit
from jixiao.checks.common import make_finding
from jixiao.checks.common import norm_label
from jixiao.checks.common import refs
from jixiao.checks.common import sum_tolerance
from jixiao.checks.common import table_subject
from jixiao.checks.common import wan
from jixiao.checks.placeholders import looks_like_instruction
from jixiao.schema import Amount
from jixiao.schema import Finding
from jixiao.schema import FundRow
from jixiao.schema import Report
from jixiao.schema import SelfEvalTable
from jixiao.schema.report import FundCategory

AmountColumn = tuple[str, str]
COLUMNS: tuple[AmountColumn, ...] = (
    ("initial_budget", "年初预算数"),
    ("budget", "全年预算数"),
    ("executed", "全年执行数"),
)

TOTAL = "总额"
EXPENSE_PARTS = frozenset({"基本支出", "项目支出"})
BASIC_PARTS = frozenset({"人员支出", "公用支出"})
INCOME_PARTS = frozenset(get_args(FundCategory)) - {TOTAL} - EXPENSE_PARTS - BASIC_PARTS
"""Every other category a row can have is a source of the money (the schema's FundCategory decides which)."""
# Lines that are themselves parts of 财政拨款: when 财政拨款 is listed too they are not added again.
NESTED_IN_APPROPRIATION = frozenset({"一般公共预算", "政府性基金", "非税收入"})
EXPENSE_BREAKDOWNS = frozenset({"资金结构", "支出性质"})


@dataclass(frozen=True)
class FundLayout:
    """The rows of one table's fund summary, sorted by role."""

    total: FundRow | None
    expense_total: FundRow | None
    income_parts: list[FundRow]
    expense_parts: list[FundRow]
    basic: FundRow | None
    basic_parts: list[FundRow]

    @property
    def execution_row(self) -> FundRow | None:
        """The row that carries the 分值/得分 of budget execution (年度资金总额 / 总额 / 合计)."""
        return self.total


def fund_layout(table: SelfEvalTable) -> FundLayout:
    """Sort a table's fund rows into totals and parts."""
    totals = [r for r in table.funds if r.category == TOTAL]
    total = next((r for r in totals if r.breakdown not in EXPENSE_BREAKDOWNS), None)
    expense_total = next((r for r in totals if r.breakdown in EXPENSE_BREAKDOWNS), None)
    income = [r for r in table.funds if r.category in INCOME_PARTS and r.breakdown not in EXPENSE_BREAKDOWNS]
    if any(r.category == "财政拨款" for r in income):
        income = [r for r in income if r.category not in NESTED_IN_APPROPRIATION]
    return FundLayout(
        total=total,
        expense_total=expense_total,
        income_parts=income,
        expense_parts=[r for r in table.funds if r.category in EXPENSE_PARTS],
        basic=next((r for r in table.funds if r.category == "基本支出"), None),
        basic_parts=[r for r in table.funds if r.category in BASIC_PARTS],
    )


def _amount(row: FundRow, column: str) -> Amount | None:
    value = getattr(row, column)
    return value if isinstance(value, Amount) else None


def _label(row: FundRow) -> str:
    return row.label_raw.strip().rstrip("：:　 ") or row.category or ""


def fund_subject(table: SelfEvalTable, row: FundRow | None) -> str:
    """How a fund finding is named: the project for a project table; the row for the department table.

    A department table's 合计 rows are told apart by their breakdown (“资金来源 合计”, “资金结构 合计”).
    """
    if table.scope == "项目" or row is None:
        return table_subject(table)
    label = norm_label(row.label_raw) or row.category or ""
    if label in ("合计", "总额", "小计") and row.breakdown and row.breakdown != "总额":
        return f"{row.breakdown} {label}"
    return label


# --- execution rate ----------------------------------------------------------------------------


def computed_rate(row: FundRow) -> Decimal | None:
    """执行率 from the row's amounts, in points: B/A, or (B−C)/A on the 望城 form. None when A is 0 or missing."""
    a, b = wan(row.budget), wan(row.executed)
    if a is None or b is None or a == ZERO:
        return None
    if row.rate_formula == "(B-C)/A":
        b = b - (wan(row.transfer) or ZERO)
    return b / a * HUNDRED


def reported_rate_points(row: FundRow) -> Decimal | None:
    """The written rate in points; a rate written as a fraction (``0.8874``, no % sign) is scaled to points."""
    reported = row.rate_reported
    if reported is None:
        return None
    has_sign = bool(row.rate_raw) and ("%" in (row.rate_raw or "") or "％" in (row.rate_raw or ""))
    computed = computed_rate(row)
    is_fraction = not has_sign and reported <= Decimal("1.5") and computed is not None
    if is_fraction and abs(reported * HUNDRED - computed) <= Decimal(1):  # type: ignore[operator]
        return reported * HUNDRED
    return reported


def _formula_text(row: FundRow) -> str:
    if row.rate_formula == "(B-C)/A":
        return (
            f"(全年执行数 {fmt(wan(row.executed))} − 转移支付 {fmt(wan(row.transfer) or ZERO)}) / "
            f"全年预算数 {fmt(wan(row.budget))}"
        )
    return f"全年执行数 {fmt(wan(row.executed))} / 全年预算数 {fmt(wan(row.budget))}"


def _parts_budget(layout: FundLayout) -> Decimal | None:
    known = [b for b in (wan(r.budget) for r in layout.income_parts) if b is not None]
    return sum(known, ZERO) if known else None


def exec_rate_mismatch(report: Report, table: SelfEvalTable) -> list[Finding]:
    """The written 执行率 differs from B/A (or (B−C)/A).

    Beyond the precision it was written to this is an error; within it but more than 0.01 point off (``99%``
    for 98.53 %) it is coarse rounding, a warning.
    """
    out: list[Finding] = []
    layout = fund_layout(table)
    for row in table.funds:
        reported, computed = reported_rate_points(row), computed_rate(row)
        if reported is None or computed is None or close(reported, computed, RATE_TOL):
            continue
        coarse = close(reported, computed, half_unit(decimals_written(row.rate_raw, row.rate_reported)))
        hint = " (coarse rounding)" if coarse else ""
        parts_budget = _parts_budget(layout) if row is layout.total else None
        executed = wan(row.executed)
        fits_parts = (
            not coarse
            and parts_budget
            and executed is not None
            and close(executed / parts_budget * HUNDRED, reported, RATE_TOL + half_unit(2))
        )
        if fits_parts:
            # 002: 合计 198.8 mistyped; the rate was computed on 198.98, the parts' sum.
            hint = f"; the written rate fits the parts' 全年预算数 sum {fmt(parts_budget)}"
        out.append(
            make_finding(
                "exec_rate_mismatch",
                "warn" if coarse else "error",
                f"{_label(row)}: 执行率 written {row.rate_raw or fmt_pct(reported)} but "
                f"{_formula_text(row)} = {fmt_pct(computed)}{hint}",
                subject=fund_subject(table, row),
                expected=fmt_pct(computed),
                actual=row.rate_raw or fmt_pct(reported),
                provs=refs(row.budget, row.executed, row.transfer, row.prov),
            )
        )
    return out


def exec_rate_no_percent_sign(report: Report, table: SelfEvalTable) -> list[Finding]:
    """A rate written without its % sign (``30.4``)."""
    out: list[Finding] = []
    for row in table.funds:
        raw = (row.rate_raw or "").strip()
        if row.rate_reported is None or not raw or "%" in raw or "％" in raw:
            continue
        points = reported_rate_points(row)
        out.append(
            make_finding(
                "exec_rate_no_percent_sign",
                "warn",
                f"{_label(row)}: 执行率 written '{raw}' without a % sign; read as {fmt_pct(points)}",
                subject=fund_subject(table, row),
                expected=fmt_pct(points),
                actual=raw,
                provs=refs(row.prov),
            )
        )
    return out


def exec_rate_over_100(report: Report, table: SelfEvalTable) -> list[Finding]:
    """A row that spent more than its budget (执行率 over 100 %), once per row that shows it."""
    out: list[Finding] = []
    for row in table.funds:
        rate = reported_rate_points(row)
        if rate is None:
            rate = computed_rate(row)
        if rate is None or rate <= HUNDRED + RATE_TOL:
            continue
        out.append(
            make_finding(
                "exec_rate_over_100",
                "warn",
                f"{_label(row)}: 执行率 {row.rate_raw or fmt_pct(rate)} is over 100% "
                f"(全年执行数 {fmt(wan(row.executed))} > 全年预算数 {fmt(wan(row.budget))})",
                subject=fund_subject(table, row),
                expected="≤ 100%",
                actual=row.rate_raw or fmt_pct(rate),
                provs=refs(row.budget, row.executed, row.prov),
            )
        )
    return out


def exec_reason_missing(report: Report, table: SelfEvalTable) -> list[Finding]:
    """A form with a 原因 column beside its execution rates: a rate under 90 % needs a written reason."""
    row = fund_layout(table).execution_row
    has_reason_column = "reason" in table.fund_fields or any(r.reason for r in table.funds)
    if row is None or not has_reason_column:
        return []
    rate = reported_rate_points(row)
    if rate is None:
        rate = computed_rate(row)
    if rate is None or rate >= Decimal(90):
        return []
    reason = (row.reason or "").strip()
    if reason and not looks_like_instruction(reason):
        return []
    return [
        make_finding(
            "exec_reason_missing",
            "warn",
            f"{_label(row)}: 执行率 {row.rate_raw or fmt_pct(rate)} is under 90% but 原因 is "
            + ("the form's instruction text" if reason else "empty"),
            subject=fund_subject(table, row),
            expected="a reason for execution under 90%",
            actual=reason or None,
            provs=refs(row.prov),
        )
    ]


# --- execution score ---------------------------------------------------------------------------


def _scored_execution_row(table: SelfEvalTable) -> FundRow | None:
    row = fund_layout(table).execution_row
    if row is None or row.weight is None or row.weight <= ZERO:
        return None
    return row


def exec_score_blank(report: Report, table: SelfEvalTable) -> list[Finding]:
    """The execution row has a 分值 but its 得分 is blank."""
    row = _scored_execution_row(table)
    if row is None or row.score is not None:
        return []
    return [
        make_finding(
            "exec_score_blank",
            "warn",
            f"{_label(row)}: 分值 {fmt(row.weight)} for budget execution but 得分 is blank",
            subject=fund_subject(table, row),
            expected=f"a score out of {fmt(row.weight)}",
            actual=None,
            provs=refs(row.prov),
        )
    ]


def exec_score_over_weight(report: Report, table: SelfEvalTable) -> list[Finding]:
    """The execution score is above its weight."""
    row = _scored_execution_row(table)
    if row is None or row.score is None or row.weight is None or row.score <= row.weight:
        return []
    return [
        make_finding(
            "exec_score_over_weight",
            "error",
            f"{_label(row)}: 得分 {fmt(row.score)} is above 分值 {fmt(row.weight)}",
            subject=fund_subject(table, row),
            expected=f"≤ {fmt(row.weight)}",
            actual=fmt(row.score),
            provs=refs(row.prov),
        )
    ]


def exec_score_formula(report: Report, table: SelfEvalTable) -> list[Finding]:
    """The execution score differs from 分值 × min(执行率, 100 %) by more than about 0.1."""
    row = _scored_execution_row(table)
    if row is None or row.score is None or row.weight is None or row.score > row.weight:
        return []
    rate = reported_rate_points(row)
    if rate is None:
        rate = computed_rate(row)
    if rate is None:
        return []
    expected = row.weight * min(rate, HUNDRED) / HUNDRED
    tol = max(SCORE_TOL, half_unit(decimals_written(None, row.score)))
    if close(row.score, expected, tol):
        return []
    return [
        make_finding(
            "exec_score_formula",
            "warn",
            f"{_label(row)}: 得分 {fmt(row.score)} but 分值 {fmt(row.weight)} × 执行率 "
            f"{row.rate_raw or fmt_pct(rate)} gives {fmt(expected.quantize(Decimal('0.01')))}",
            subject=fund_subject(table, row),
            expected=fmt(expected.quantize(Decimal("0.01"))),
            actual=fmt(row.score),
            provs=refs(row.prov),
        )
    ]


# --- fund identities ---------------------------------------------------------------------------


def _sum_check(
    check: str,
    table: SelfEvalTable,
    total: FundRow,
    parts: list[FundRow],
    what: str,
) -> list[Finding]:
    """Compare ``total`` with the sum of ``parts`` on every column where both are written."""
    out: list[Finding] = []
    for column, header in COLUMNS:
        t = _amount(total, column)
        written = [(p, _amount(p, column)) for p in parts]
        present = [(p, a) for p, a in written if wan(a) is not None]
        if wan(t) is None or not present:
            continue
        total_wan = wan(t)
        assert total_wan is not None
        parts_sum = sum((wan(a) or ZERO for _, a in present), ZERO)
        if close(total_wan, parts_sum, sum_tolerance(len(present))):
            continue
        terms = " + ".join(f"{_label(p)} {fmt(wan(a))}" for p, a in present)
        out.append(
            make_finding(
                check,
                "error",
                f"{_label(total)} {header} {fmt(total_wan)} ≠ {what} {terms} = {fmt(parts_sum)}",
                subject=fund_subject(table, total),
                expected=fmt(parts_sum),
                actual=fmt(total_wan),
                provs=refs(t, *(a for _, a in present), total.prov, *(p.prov for p, _ in present)),
            )
        )
    return out


def fund_total_parts(report: Report, table: SelfEvalTable) -> list[Finding]:
    """总额 = 当年财政拨款 + 上年结转 + 其他 (or the 四川/湖南 income lines)."""
    layout = fund_layout(table)
    if layout.total is None or not layout.income_parts:
        return []
    return _sum_check("fund_total_parts", table, layout.total, layout.income_parts, "the sum of")


def fund_basic_parts(report: Report, table: SelfEvalTable) -> list[Finding]:
    """基本支出 = 人员支出 + 公用支出."""
    layout = fund_layout(table)
    if layout.basic is None or not layout.basic_parts:
        return []
    return _sum_check("fund_basic_parts", table, layout.basic, layout.basic_parts, "人员 + 公用:")


def fund_basic_plus_project(report: Report, table: SelfEvalTable) -> list[Finding]:
    """基本支出 + 项目支出 = the expense total (or the overall total when there is no separate one)."""
    layout = fund_layout(table)
    target = layout.expense_total or layout.total
    if target is None or len(layout.expense_parts) < 2:
        return []
    return _sum_check("fund_basic_plus_project", table, target, layout.expense_parts, "基本 + 项目:")


def _written_columns(rows: list[FundRow]) -> list[AmountColumn]:
    return [(c, h) for c, h in COLUMNS if any(wan(_amount(r, c)) is not None for r in rows)]


def _different_bases(table: SelfEvalTable, layout: FundLayout) -> list[Finding]:
    """The income and expense breakdowns are written in different columns (000: 全年预算数 vs 全年执行数)."""
    inc_cols, exp_cols = _written_columns(layout.income_parts), _written_columns(layout.expense_parts)
    if not inc_cols or not exp_cols or set(inc_cols) & set(exp_cols):
        return []
    (ic, ih), (ec, eh) = inc_cols[0], exp_cols[0]
    inc = [a for a in (_amount(r, ic) for r in layout.income_parts) if wan(a) is not None]
    exp = [a for a in (_amount(r, ec) for r in layout.expense_parts) if wan(a) is not None]
    i, e = sum((wan(a) or ZERO for a in inc), ZERO), sum((wan(a) or ZERO for a in exp), ZERO)
    if close(i, e, sum_tolerance(len(inc) + len(exp))):
        return []
    return [
        make_finding(
            "fund_income_vs_expense",
            "warn",
            f"the breakdown by income type adds up to {fmt(i)} ({ih}) and the one by expense type to {fmt(e)} "
            f"({eh}): the two breakdowns are on different bases",
            subject=fund_subject(table, layout.total),
            expected=fmt(i),
            actual=fmt(e),
            provs=refs(*inc, *exp, *(r.prov for r in layout.income_parts + layout.expense_parts)),
        )
    ]


def fund_income_vs_expense(report: Report, table: SelfEvalTable) -> list[Finding]:
    """The total by income type equals the total by expense type (资金来源 合计 = 资金结构 合计).

    Two 合计 rows of one table that differ are an error, one finding per table naming every column that
    disagrees. Breakdowns written in different columns (:func:`_different_bases`) are a warning.
    """
    layout = fund_layout(table)
    if layout.total is None or layout.expense_total is None:
        return _different_bases(table, layout)
    appropriation = next((r for r in layout.income_parts if r.category in ("财政拨款", "当年财政拨款")), None)
    diffs: list[tuple[str, Amount, Amount]] = []
    covers_appropriation = True
    for column, header in COLUMNS:
        income, expense = _amount(layout.total, column), _amount(layout.expense_total, column)
        i, e = wan(income), wan(expense)
        if income is None or expense is None or i is None or e is None or close(i, e, sum_tolerance(1)):
            continue
        diffs.append((header, income, expense))
        part = wan(_amount(appropriation, column)) if appropriation is not None else None
        covers_appropriation = covers_appropriation and part is not None and close(part, e, sum_tolerance(1))
    if not diffs:
        return []
    said = "; ".join(f"{h} {fmt(wan(i))} vs {fmt(wan(e))}" for h, i, e in diffs)
    note = (
        f" — the expense breakdown covers {_label(appropriation)} only"
        if appropriation and covers_appropriation
        else ""
    )
    return [
        make_finding(
            "fund_income_vs_expense",
            "error",
            f"total by income type ≠ total by expense type: {said}{note}",
            subject=fund_subject(table, layout.total),
            expected=" / ".join(fmt(wan(i)) for _, i, _ in diffs),
            actual=" / ".join(fmt(wan(e)) for _, _, e in diffs),
            provs=refs(
                *(a for _, i, e in diffs for a in (i, e)), layout.total.prov, layout.expense_total.prov
            ),
        )
    ]


TableCheck = Callable[[Report, SelfEvalTable], list[Finding]]

TABLE_CHECKS: tuple[TableCheck, ...] = (
    exec_rate_mismatch,
    exec_rate_no_percent_sign,
    exec_rate_over_100,
    exec_reason_missing,
    exec_score_blank,
    exec_score_over_weight,
    exec_score_formula,
    fund_total_parts,
    fund_basic_parts,
    fund_basic_plus_project,
    fund_income_vs_expense,
)
