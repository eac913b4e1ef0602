"""“三公”经费: 出国 + 公务用车 (购置 + 运行维护) + 接待 = total, and the same total wherever it is written.

domain.md §5.6 and §5.8. The 基础数据表's 三公 lines are checked per column (上年决算数 / 本年预算数 /
本年决算数); the 决算 or narrative figures (:class:`ThreePublic`) against their parts and against that table.
An identity that does not add up is an ``error``; two sources that disagree are a ``warn`` (either may be
the wrong one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from jixiao.checks.common import AMOUNT_TOL
from jixiao.checks.common import ZERO
from jixiao.checks.common import fmt
from jixiao.checks.common import make_finding
from jixiao.checks.common import norm_label
from jixiao.checks.common import refs
from jixiao.checks.common import sum_tolerance
from jixiao.checks.final_account import first_figure
from jixiao.schema import Amount
from jixiao.schema import BasicDataLine
from jixiao.schema import Finding
from jixiao.schema import Provenance
from jixiao.schema import Report
from jixiao.schema import ThreePublic

# Keys of narrative figures (tables/final_account_figures.py) compared with the tables here.
THREE_PUBLIC_BUDGET_KEYS = ("three_public_budget",)
THREE_PUBLIC_FINAL_KEYS = ("three_public",)

BASIC_DATA_COLUMNS = (("prior_final", "上年决算数"), ("budget", "本年预算数"), ("final", "本年决算数"))


# --- 三公 ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThreePublicLines:
    """The 三公 lines of the 基础数据表, by role."""

    total: BasicDataLine | None
    vehicle_total: BasicDataLine | None
    vehicle_purchase: BasicDataLine | None
    vehicle_ops: BasicDataLine | None
    outbound: BasicDataLine | None
    reception: BasicDataLine | None


def three_public_lines(report: Report) -> ThreePublicLines:
    """Sort the 基础数据表's 三公 group into total and parts by their labels."""
    roles: dict[str, BasicDataLine] = {}
    for line in report.basic_data:
        if line.group != "三公":
            continue
        label = norm_label(line.label or line.label_raw)
        if "三公" in label:
            role = "total"
        elif "出国" in label:
            role = "outbound"
        elif "接待" in label:
            role = "reception"
        elif "购置" in label and ("运行" in label or "维护" in label):
            role = "vehicle_total"
        elif "购置" in label:
            role = "vehicle_purchase"
        elif "运行" in label or "维护" in label:
            role = "vehicle_ops"
        else:
            continue
        roles.setdefault(role, line)
    return ThreePublicLines(**{k: roles.get(k) for k in ThreePublicLines.__dataclass_fields__})


def _line_amount(line: BasicDataLine | None, column: str) -> Amount | None:
    if line is None:
        return None
    value = getattr(line, column)
    return value if isinstance(value, Amount) and value.wan is not None else None


def _parts_finding(
    subject: str, where: str, total: Amount, parts: list[tuple[str, Amount]], provs: list[Provenance]
) -> Finding | None:
    parts_sum = sum((a.wan or ZERO for _, a in parts), ZERO)
    assert total.wan is not None
    if abs(parts_sum - total.wan) <= sum_tolerance(len(parts)):
        return None
    terms = " + ".join(f"{name} {fmt(a.wan)}" for name, a in parts)
    return make_finding(
        "three_public_components",
        "error",
        f"{where}: 三公 {fmt(total.wan)} ≠ {terms} = {fmt(parts_sum)}",
        subject=subject,
        expected=fmt(parts_sum),
        actual=fmt(total.wan),
        provs=provs,
    )


def _vehicle(purchase: Amount | None, ops: Amount | None, total: Amount | None) -> Amount | None:
    if total is not None:
        return total
    if purchase is None and ops is None:
        return None
    value = (purchase.wan if purchase else ZERO) or ZERO
    value += (ops.wan if ops else ZERO) or ZERO
    return Amount(raw=f"{fmt(value)}", value=value, unit="万元", wan=value)


def three_public_components(report: Report) -> list[Finding]:
    """三公 = 出国 + 公务用车 (购置 + 运行维护) + 接待, in the 基础数据表 per column and in the 决算/narrative."""
    out: list[Finding] = []
    lines = three_public_lines(report)
    for column, header in BASIC_DATA_COLUMNS:
        total = _line_amount(lines.total, column)
        purchase, ops = _line_amount(lines.vehicle_purchase, column), _line_amount(lines.vehicle_ops, column)
        vehicle_total = _line_amount(lines.vehicle_total, column)
        if vehicle_total is not None and (purchase is not None or ops is not None):
            vparts = [(n, a) for n, a in (("购置", purchase), ("运行维护", ops)) if a is not None]
            f = _parts_finding(
                "公务用车购置及运行维护费",
                f"基础数据表 {header} 公务用车",
                vehicle_total,
                vparts,
                refs(
                    vehicle_total,
                    *(a for _, a in vparts),
                    lines.vehicle_total.prov if lines.vehicle_total else None,
                ),
            )
            if f is not None:
                out.append(f.model_copy(update={"message": f.message.replace("三公", "公务用车")}))
        parts = [
            (n, a)
            for n, a in (
                ("出国", _line_amount(lines.outbound, column)),
                ("公务用车", _vehicle(purchase, ops, vehicle_total)),
                ("接待", _line_amount(lines.reception, column)),
            )
            if a is not None
        ]
        if total is None or len(parts) < 2:
            continue
        line_provs = [
            ln.prov for ln in (lines.total, lines.outbound, lines.vehicle_total, lines.reception) if ln
        ]
        f = _parts_finding(
            "三公经费", f"基础数据表 {header}", total, parts, refs(total, *(a for _, a in parts), *line_provs)
        )
        if f is not None:
            out.append(f)
    tp = report.three_public
    if tp is not None and tp.final is not None and tp.final.wan is not None:
        vehicle = _vehicle(tp.vehicle_purchase, tp.vehicle_ops, tp.vehicle_total)
        tparts = [
            (n, a)
            for n, a in (("出国", tp.outbound), ("公务用车", vehicle), ("接待", tp.reception))
            if a is not None and a.wan is not None
        ]
        if len(tparts) >= 2:
            f = _parts_finding(
                "三公经费", "三公 决算", tp.final, tparts, refs(tp.final, *(a for _, a in tparts), tp.prov)
            )
            if f is not None:
                out.append(f)
    return out


def _tp_amount(tp: ThreePublic | None, field: str) -> Amount | None:
    if tp is None:
        return None
    value = getattr(tp, field)
    return value if isinstance(value, Amount) and value.wan is not None else None


def three_public_mismatch(report: Report) -> list[Finding]:
    """The 三公 budget and final in the narrative/决算 equal the 基础数据表's 三公 line."""
    out: list[Finding] = []
    lines = three_public_lines(report)
    tp = report.three_public
    pairs: list[tuple[str, Amount | None, Amount | None, Provenance | None]] = [
        ("预算", _tp_amount(tp, "budget"), _line_amount(lines.total, "budget"), tp.prov if tp else None),
        ("支出", _tp_amount(tp, "final"), _line_amount(lines.total, "final"), tp.prov if tp else None),
    ]
    for label, keys in (("预算", THREE_PUBLIC_BUDGET_KEYS), ("支出", THREE_PUBLIC_FINAL_KEYS)):
        fig = first_figure(report, keys)
        if fig is None:
            continue
        column = "budget" if label == "预算" else "final"
        other = (
            _tp_amount(tp, column)
            if tp is not None and tp.source == "table"
            else _line_amount(lines.total, column)
        )
        pairs.append((label, fig.amount, other, fig.prov))
    seen: set[tuple[str, Decimal, Decimal]] = set()
    for label, stated, table_value, prov in pairs:
        if stated is None or table_value is None or stated.wan is None or table_value.wan is None:
            continue
        if abs(stated.wan - table_value.wan) <= AMOUNT_TOL or (label, stated.wan, table_value.wan) in seen:
            continue
        seen.add((label, stated.wan, table_value.wan))
        out.append(
            make_finding(
                "three_public_mismatch",
                "warn",
                f"三公经费{label}: {stated.raw} in one place, {table_value.raw} in the 基础数据表/决算",
                subject=f"三公经费{label}",
                expected=fmt(table_value.wan),
                actual=fmt(stated.wan),
                provs=refs(stated, prov, table_value, lines.total.prov if lines.total else None),
            )
        )
    return out


REPORT_CHECKS: tuple[Callable[[Report], list[Finding]], ...] = (
    three_public_components,
    three_public_mismatch,
)
