"""Each performance indicator on its own: score within its weight, full marks only when the target is met.

domain.md §5.4. A target is compared with its actual value only when both are numbers in the same unit
(``≤90万元`` vs ``98万``, ``≥95%`` vs ``96``); dates, ranges, prose and qualitative scales are left alone, so a
qualitative indicator scored 良 = 8/10 raises nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from jixiao.checks.common import SCORE_TOL
from jixiao.checks.common import ZERO
from jixiao.checks.common import Severity
from jixiao.checks.common import decimals_written
from jixiao.checks.common import fmt
from jixiao.checks.common import half_unit
from jixiao.checks.common import make_finding
from jixiao.checks.common import refs
from jixiao.checks.common import table_subject
from jixiao.schema import L2
from jixiao.schema import Finding
from jixiao.schema import Op
from jixiao.schema import PerformanceIndicator
from jixiao.schema import Provenance
from jixiao.schema import Report
from jixiao.schema import SelfEvalTable
from jixiao.schema import Value

_WAN = Decimal(10000)
_DATE_RE = re.compile(r"(19|20)\d\d\s*年|\d{1,2}\s*月")
_DATE_UNITS = frozenset({"年", "月", "日", "年度", "月底", "年底"})
_UNMET_GRADES = frozenset({"中", "低", "差"})


def indicator_subject(ind: PerformanceIndicator) -> str:
    """How findings name an indicator: its 三级指标 as written, or the row's level-2 label when it has none."""
    name = ind.name.strip() or (ind.content or "").strip()
    return name or f"{ind.level2_raw.strip() or ind.level1_raw.strip()}（无指标名称）"


def _cell(ind: PerformanceIndicator, key: str) -> Provenance:
    return ind.cells.get(key) or ind.prov


def _unit_scale(unit: str | None) -> tuple[str, Decimal]:
    """Split a magnitude word off a unit: '万人次' → ('人次', 10000); '万' → ('', 10000); '%' → ('%', 1)."""
    u = (unit or "").strip().replace("％", "%")
    if u.startswith("万") and u != "万":
        return u[1:], _WAN
    if u == "万":
        return "", _WAN
    return u, Decimal(1)


def _units_compatible(a: str, b: str) -> bool:
    # '' is a bare magnitude ('≤20万' next to '98万元'); '个' and '个（台、套、件、辆）' are the same unit.
    return not a or not b or a.startswith(b) or b.startswith(a)


def _is_date(value: Value) -> bool:
    unit = (value.unit or "").strip()
    return unit in _DATE_UNITS or bool(_DATE_RE.search(value.raw or ""))


def is_cost(ind: PerformanceIndicator) -> bool:
    """A 成本指标 row: its target is a spending cap."""
    return ind.level2 == L2.COST or "成本" in ind.level2_raw


@dataclass(frozen=True)
class Comparison:
    """Target and actual as numbers on one scale, with the target's operator and the actual's own."""

    op: Op
    target: Decimal
    actual: Decimal
    actual_op: Op = Op.NONE

    @property
    def met(self) -> bool:
        a, t = self.actual, self.target
        if self.op in (Op.LE, Op.LT):
            # “≥99” or “>200” written as the actual of a cap says it was exceeded.
            if (self.actual_op == Op.GT and a >= t) or (self.actual_op == Op.GE and a > t):
                return False
            return a <= t if self.op == Op.LE else a < t
        # “<8000” or “≤7000” written as the actual of a floor says it was not reached.
        if (self.actual_op == Op.LT and a <= t) or (self.actual_op == Op.LE and a < t):
            return False
        if self.op == Op.GT:
            return a > t
        # ≥, = and a bare number all mean "reach the target"; exceeding an “＝” target is not a failure.
        return a >= t


def compare(target: Value, actual: Value, *, cap: bool = False) -> Comparison | None:
    """Target vs actual on one scale, or None when they are not two comparable numbers.

    ``cap``: a bare target (no operator) is a ceiling, as on a 成本指标 row (``41万元`` budgeted, 17万 spent).
    """
    if target.op not in (Op.GE, Op.GT, Op.LE, Op.LT, Op.EQ, Op.NONE):
        return None
    if target.num is None or actual.num is None or actual.num_hi is not None or target.num_hi is not None:
        return None
    if _is_date(target) or _is_date(actual):
        return None
    t_base, t_scale = _unit_scale(target.unit)
    a_base, a_scale = _unit_scale(actual.unit or target.unit)
    if not _units_compatible(t_base, a_base):
        return None
    op = Op.LE if cap and target.op in (Op.NONE, Op.EQ) else target.op
    actual_op = actual.op if actual.op in (Op.GE, Op.GT, Op.LE, Op.LT) else Op.NONE
    return Comparison(op=op, target=target.num * t_scale, actual=actual.num * a_scale, actual_op=actual_op)


def unmet_reason(ind: PerformanceIndicator) -> str | None:
    """Why the row's own cells say the target was not met, or None."""
    actual = ind.actual
    if actual.status == "未完成":
        return "完成值 says 未完成"
    if actual.pct_done is not None and actual.pct_done < Decimal(100):
        return f"完成值 says only {fmt(actual.pct_done)}% done"
    if actual.grade in _UNMET_GRADES:
        return f"完成值 is graded {actual.grade}"
    cmp = compare(ind.target, actual, cap=is_cost(ind))
    if cmp is not None and not cmp.met:
        if cmp.op in (Op.LE, Op.LT):
            return f"完成值 {actual.raw.strip()} is above the cap {ind.target.raw.strip()}"
        return f"完成值 {actual.raw.strip()} is below the target {ind.target.raw.strip()}"
    return None


def _full_score(ind: PerformanceIndicator) -> bool:
    return ind.weight is not None and ind.weight > ZERO and ind.score is not None and ind.score >= ind.weight


def _score_refs(ind: PerformanceIndicator) -> list[Provenance]:
    return refs(_cell(ind, "weight"), _cell(ind, "score"))


def _finding(
    check: str,
    severity: Severity,
    ind: PerformanceIndicator,
    message: str,
    *,
    expected: str | None,
    actual: str | None,
    also: tuple[Provenance, ...] = (),
) -> Finding:
    """A finding on one indicator row, named by :func:`indicator_subject`, pointing at the cells in ``also``
    and at its 分值 and 得分."""
    provs = refs(*also, *_score_refs(ind))
    return make_finding(
        check,
        severity,
        message,
        subject=indicator_subject(ind),
        expected=expected,
        actual=actual,
        provs=provs,
    )


def indicator_score_over_weight(report: Report, table: SelfEvalTable) -> list[Finding]:
    """得分 above 分值."""
    return [
        _finding(
            "indicator_score_over_weight",
            "error",
            ind,
            f"得分 {fmt(ind.score)} is above 分值 {fmt(ind.weight)}",
            expected=f"≤ {fmt(ind.weight)}",
            actual=fmt(ind.score),
        )
        for ind in table.indicators
        if ind.score is not None and ind.weight is not None and ind.score > ind.weight
    ]


def indicator_score_negative(report: Report, table: SelfEvalTable) -> list[Finding]:
    """A negative 得分 or 分值."""
    out: list[Finding] = []
    for ind in table.indicators:
        for label, value in (("得分", ind.score), ("分值", ind.weight)):
            if value is not None and value < ZERO:
                out.append(
                    _finding(
                        "indicator_score_negative",
                        "error",
                        ind,
                        f"{label} {fmt(value)} is negative",
                        expected="≥ 0",
                        actual=fmt(value),
                    )
                )
    return out


def indicator_full_score_unmet(report: Report, table: SelfEvalTable) -> list[Finding]:
    """Full marks although the row says the target was not met (未完成, actual below target, cost over its cap).

    A score above the weight is :func:`indicator_score_over_weight`'s finding and is not repeated here. A “≥”
    written on a 成本指标 is probably meant as “≤”, so a floor “missed” there is only a note.
    """
    out: list[Finding] = []
    for ind in table.indicators:
        if not _full_score(ind) or (
            ind.score is not None and ind.weight is not None and ind.score > ind.weight
        ):
            continue
        reason = unmet_reason(ind)
        if reason is None:
            continue
        doubtful = is_cost(ind) and ind.target.op in (Op.GE, Op.GT) and ind.actual.status != "未完成"
        out.append(
            _finding(
                "indicator_full_score_unmet",
                "info" if doubtful else "warn",
                ind,
                f"full marks ({fmt(ind.score)}/{fmt(ind.weight)}) but {reason}"
                + (" (a ≥ on a cost is probably meant as ≤)" if doubtful else ""),
                expected=f"< {fmt(ind.weight)}",
                actual=fmt(ind.score),
                also=(_cell(ind, "target"), _cell(ind, "actual")),
            )
        )
    return out


def indicator_missing_reason(report: Report, table: SelfEvalTable) -> list[Finding]:
    """Marks deducted but no 偏差原因 (or 改进措施) written."""
    out: list[Finding] = []
    for ind in table.indicators:
        if ind.score is None or ind.weight is None or ind.score >= ind.weight or ind.score < ZERO:
            continue
        if (ind.deviation_reason or "").strip() or (ind.improvement or "").strip():
            continue
        out.append(
            _finding(
                "indicator_missing_reason",
                "warn",
                ind,
                f"得分 {fmt(ind.score)} below 分值 {fmt(ind.weight)} but no 偏差原因 is given",
                expected="a deviation reason",
                actual=None,
            )
        )
    return out


def indicator_score_proportional(report: Report, table: SelfEvalTable) -> list[Finding]:
    """A partly met quantitative target scored away from 分值 × 完成值/指标值 (× 指标值/完成值 for a cap)."""
    out: list[Finding] = []
    for ind in table.indicators:
        if ind.nature != "定量" or ind.weight is None or ind.score is None or _full_score(ind):
            continue
        cmp = compare(ind.target, ind.actual, cap=is_cost(ind))
        if cmp is None or cmp.met or cmp.actual_op != Op.NONE or cmp.target <= ZERO or cmp.actual <= ZERO:
            continue
        ratio = cmp.target / cmp.actual if cmp.op in (Op.LE, Op.LT) else cmp.actual / cmp.target
        expected = (ind.weight * ratio).quantize(Decimal("0.01"))
        tol = max(SCORE_TOL, half_unit(decimals_written(None, ind.score)))
        if abs(ind.score - expected) <= tol:
            continue
        out.append(
            _finding(
                "indicator_score_proportional",
                "warn",
                ind,
                f"完成值 {ind.actual.raw.strip()} against 指标值 {ind.target.raw.strip()} gives "
                f"{fmt(ind.weight)} × {fmt(ratio.quantize(Decimal('0.0001')))} = {fmt(expected)}, "
                f"but 得分 is {fmt(ind.score)}",
                expected=fmt(expected),
                actual=fmt(ind.score),
                also=(_cell(ind, "target"), _cell(ind, "actual")),
            )
        )
    return out


def indicator_weight_without_name(report: Report, table: SelfEvalTable) -> list[Finding]:
    """A row that carries a 分值 but names no indicator."""
    return [
        _finding(
            "indicator_weight_without_name",
            "warn",
            ind,
            f"分值 {fmt(ind.weight)} (得分 {fmt(ind.score)}) on a row with no 三级指标",
            expected="an indicator name",
            actual=None,
            also=(ind.prov,),
        )
        for ind in table.indicators
        if ind.weight is not None
        and ind.weight > ZERO
        and not ind.name.strip()
        and not (ind.content or "").strip()
    ]


def indicator_score_blank(report: Report, table: SelfEvalTable) -> list[Finding]:
    """A row with a 分值 but no 得分."""
    return [
        _finding(
            "indicator_score_blank",
            "warn",
            ind,
            f"分值 {fmt(ind.weight)} but 得分 is blank",
            expected=f"a score out of {fmt(ind.weight)}",
            actual=None,
        )
        for ind in table.indicators
        if ind.weight is not None and ind.weight > ZERO and ind.score is None
    ]


TABLE_CHECKS: tuple[Callable[[Report, SelfEvalTable], list[Finding]], ...] = (
    indicator_score_over_weight,
    indicator_score_negative,
    indicator_full_score_unmet,
    indicator_missing_reason,
    indicator_score_proportional,
    indicator_weight_without_name,
    indicator_score_blank,
)

__all__ = ["TABLE_CHECKS", "compare", "indicator_subject", "table_subject", "unmet_reason"]
