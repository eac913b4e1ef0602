"""Table totals: level-1 caps, 总分 weight and score, and the grade band the narrative states.

domain.md §5.5. The execution row's 分值/得分 count towards 总分 in most templates (10 + 50 + 30 + 10, or
四川's 10 + 90). The older 长沙 form leaves it out (indicator weights already add to 100): that is reported
once as a ``total_weight_mismatch`` note (info) and the totals are then checked without it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from jixiao.checks.common import ZERO
from jixiao.checks.common import Severity
from jixiao.checks.common import decimals_written
from jixiao.checks.common import fmt
from jixiao.checks.common import half_unit
from jixiao.checks.common import make_finding
from jixiao.checks.common import norm_label
from jixiao.checks.common import refs
from jixiao.checks.common import table_subject
from jixiao.checks.funds import fund_layout
from jixiao.checks.text import narrative_matches
from jixiao.schema import L1
from jixiao.schema import Finding
from jixiao.schema import PerformanceIndicator
from jixiao.schema import Provenance
from jixiao.schema import Report
from jixiao.schema import SelfEvalTable

TOTAL_TOL = Decimal("0.01")

GRADE_BANDS: tuple[tuple[Decimal, str], ...] = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"))
"""Lower bounds of the grade bands on a 100-point scale (domain.md §1): 优 ≥ 90, 良 80–<90, 中 60–<80, else 差."""

_GRADE_WORDS = {
    "优秀": "优",
    "优": "优",
    "良好": "良",
    "良": "良",
    "中等": "中",
    "中": "中",
    "合格": "中",
    "一般": "中",
    "较差": "差",
    "差": "差",
    "不合格": "差",
}
_GRADE_RE = re.compile(
    r"(?:评价结果|评价等级|自评等级|自评结果|绩效等级|评价结论|综合评价|评定等级)"
    r"(?:为|是|：|:|确定为|评定为|等级为)\s*[“\"「]?(优秀|良好|中等|不合格|较差|合格|一般|优|良|中|差)"
)


def grade_for(score: Decimal) -> str:
    """Grade band of a score out of 100."""
    for bound, grade in GRADE_BANDS:
        if score >= bound:
            return grade
    return "差"


def _exec_weight_score(table: SelfEvalTable) -> tuple[Decimal | None, Decimal | None]:
    row = fund_layout(table).execution_row
    if row is None or row.weight is None or row.weight <= ZERO:
        return None, None
    return row.weight, row.score


def _excludes_exec(table: SelfEvalTable) -> bool:
    """True when 总分's weight matches the indicators alone although an execution row has a weight."""
    exec_w, _ = _exec_weight_score(table)
    reported = table.total_weight_reported
    if exec_w is None or reported is None:
        return False
    weights = [i.weight for i in table.indicators if i.weight is not None]
    if not weights:
        return False
    ind_w = sum(weights, ZERO)
    return abs(ind_w - reported) <= TOTAL_TOL and abs(ind_w + exec_w - reported) > TOTAL_TOL


USUAL_CAPS: dict[str, Decimal] = {
    L1.OUTPUT.value: Decimal(50),
    L1.BENEFIT.value: Decimal(30),
    L1.SATISFACTION.value: Decimal(10),
}
"""The usual level-1 split of a 100-point table (domain.md §1) — a default to compare with, never a rule."""


def level1_weight_cap(report: Report, table: SelfEvalTable) -> list[Finding]:
    """The weights of a level-1 group add up to the cap written in its cell, e.g. 产出指标 “(50分)”.

    Over a written cap is an error. When no cap is written anywhere, a 100-point table is compared with the
    usual 50/30/10 split, as a note. A group under its cap is noted only where it explains a shortfall: in a
    100-point table whose weights do not reach 100 (003's 0-weight 满意度); a shrunken table (000's 90-point
    project tables leave a category unused) and one whose groups already overshoot raise nothing for it.
    """
    groups: dict[str, list[PerformanceIndicator]] = {}
    for ind in table.indicators:
        key = ind.level1.value if ind.level1 is not None else norm_label(ind.level1_raw)
        groups.setdefault(key, []).append(ind)
    any_written = any(i.level1_cap is not None for i in table.indicators)
    full_table = table.total_weight_reported == Decimal(100)
    # A form that writes its indicator block's points (绩效指标（90分）) has its own split, not the usual one.
    use_defaults = not any_written and full_table and table.indicator_points is None
    exec_w, _ = _exec_weight_score(table)
    all_weights = sum((i.weight for i in table.indicators if i.weight is not None), ZERO) + (exec_w or ZERO)
    short = full_table and all_weights < Decimal(100) - TOTAL_TOL
    out: list[Finding] = []
    for key, rows in groups.items():
        written = next((i.level1_cap for i in rows if i.level1_cap is not None), None)
        cap = written if written is not None else (USUAL_CAPS.get(key) if use_defaults else None)
        weights = [i.weight for i in rows if i.weight is not None]
        if cap is None or not weights:
            continue
        total = sum(weights, ZERO)
        if abs(total - cap) <= TOTAL_TOL or (total < cap and not short):
            continue
        if written is None:
            severity: Severity = "info"
            where = f"the usual {fmt(cap)} of a 100-point table"
        else:
            severity = "error" if total > cap else "info"
            where = f"the {fmt(cap)} written in the level-1 cell"
        out.append(
            make_finding(
                "level1_weight_cap",
                severity,
                f"{key}: weights of its {len(weights)} indicators add up to {fmt(total)}, "
                f"{'over' if total > cap else 'under'} {where}",
                subject=key,
                expected=fmt(cap),
                actual=fmt(total),
                provs=refs(
                    rows[0].cells.get("level1") or rows[0].prov, *(i.cells.get("weight") for i in rows)
                ),
            )
        )
    return out


def _total_check(table: SelfEvalTable, field: str) -> list[Finding]:
    reported = table.total_weight_reported if field == "weight" else table.total_score_reported
    values = [getattr(i, field) for i in table.indicators if getattr(i, field) is not None]
    check = "total_weight_mismatch" if field == "weight" else "total_score_mismatch"
    label = "分值" if field == "weight" else "得分"
    if not values:
        return []
    ind_sum = sum(values, ZERO)
    exec_w, exec_s = _exec_weight_score(table)
    exec_part = exec_w if field == "weight" else exec_s
    excluded = _excludes_exec(table)
    include_exec = exec_part is not None and not excluded
    expected = ind_sum + (exec_part if include_exec and exec_part is not None else ZERO)
    how = f"indicators {fmt(ind_sum)}" + (f" + execution {fmt(exec_part)}" if include_exec else "")
    provs = refs(table.prov, *(i.cells.get(field) for i in table.indicators))
    if reported is None:
        if field == "score" and table.total_weight_reported is not None:
            return [
                make_finding(
                    check,
                    "warn",
                    f"总分 得分 is blank; {how} = {fmt(expected)}",
                    subject=table_subject(table),
                    expected=fmt(expected),
                    actual=None,
                    provs=provs,
                )
            ]
        return []
    diff = abs(expected - reported)
    if diff <= TOTAL_TOL:
        if field == "weight" and excluded:
            return [
                make_finding(
                    check,
                    "info",
                    f"总分 分值 {fmt(reported)} covers the indicators only; the execution row's 分值 "
                    f"{fmt(exec_w)} is left out of the total",
                    subject=table_subject(table),
                    expected=fmt(reported + (exec_w or ZERO)),
                    actual=fmt(reported),
                    provs=provs,
                )
            ]
        return []
    # A total written to fewer decimals than its parts (“90” for 89.9) is rounding, not a wrong sum.
    rounded = diff <= half_unit(decimals_written(None, reported))
    return [
        make_finding(
            check,
            "warn" if rounded else "error",
            f"总分 {label} written {fmt(reported)} but {how} = {fmt(expected)}"
            + (" (rounded?)" if rounded else ""),
            subject=table_subject(table),
            expected=fmt(expected),
            actual=fmt(reported),
            provs=provs,
        )
    ]


def total_weight_mismatch(report: Report, table: SelfEvalTable) -> list[Finding]:
    """总分's 分值 = Σ indicator weights + the execution weight (a note when the execution row is left out)."""
    return _total_check(table, "weight")


def total_score_mismatch(report: Report, table: SelfEvalTable) -> list[Finding]:
    """总分's 得分 = Σ indicator scores + the execution score (a warning when it is blank or only rounded)."""
    return _total_check(table, "score")


def _table_score(table: SelfEvalTable) -> Decimal | None:
    """The table's total score on a 100-point scale, or None when it is not on one."""
    if table.total_weight_reported is not None and table.total_weight_reported != Decimal(100):
        return None
    return table.total_score_reported


def _grade_finding(table: SelfEvalTable, words: str, stated: str, prov: Provenance | None) -> Finding | None:
    score = _table_score(table)
    if score is None or grade_for(score) == stated:
        return None
    return make_finding(
        "grade_mismatch",
        "warn",
        f"the text says “{words}” but {table_subject(table)} scored {fmt(score)}, which is {grade_for(score)}",
        subject=table_subject(table),
        expected=grade_for(score),
        actual=stated,
        provs=refs(prov, table.prov),
    )


def grade_mismatch(report: Report) -> list[Finding]:
    """The grade the text states (“评价结果为优秀”) is the band of the total score it speaks of.

    A statement in the report's sections speaks of the department table, or of every project table when the
    document has no department table (004's “各项项目绩效目标…评价结果为优秀”); one in a table's 评价结论 cell
    speaks of that table.
    """
    out: list[Finding] = []
    tables = [report.dept_table] if report.dept_table is not None else list(report.project_tables)
    for match in narrative_matches(report, _GRADE_RE):
        stated = _GRADE_WORDS[match.groups[0]]
        out += [f for t in tables if (f := _grade_finding(t, match.text, stated, match.prov)) is not None]
    own = ([report.dept_table] if report.dept_table is not None else []) + list(report.project_tables)
    for table in own:
        m = _GRADE_RE.search(table.conclusion or "")
        if m is not None:
            f = _grade_finding(table, m.group(0), _GRADE_WORDS[m.group(1)], None)
            out += [f] if f is not None else []
    return out


TABLE_CHECKS: tuple[Callable[[Report, SelfEvalTable], list[Finding]], ...] = (
    level1_weight_cap,
    total_weight_mismatch,
    total_score_mismatch,
)
REPORT_CHECKS: tuple[Callable[[Report], list[Finding]], ...] = (grade_mismatch,)

__all__ = ["REPORT_CHECKS", "TABLE_CHECKS", "grade_for"]
