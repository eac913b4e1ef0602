"""Template instructions left in place of an answer (domain.md §6: “结合自评情况，分析存在的问题及原因。（200字以内）”)."""

from __future__ import annotations

import re
from collections.abc import Callable

from jixiao.checks.common import make_finding
from jixiao.checks.common import refs
from jixiao.checks.common import table_subject
from jixiao.schema import Finding
from jixiao.schema import Provenance
from jixiao.schema import Report
from jixiao.schema import SelfEvalTable
from jixiao.vocabulary import to_simplified

# A form's instruction says how long the answer may be, or starts with the verb that tells the filler
# what to write. Both are phrased the same way across provinces' templates.
_LENGTH_LIMIT_RE = re.compile(r"[（(]\s*\d+\s*字(以内|以下|左右)\s*[）)]")
_INSTRUCTION_START_RE = re.compile(
    r"^(请(填写|简要|说明|根据)|对照年度目标.{0,4}说明|结合自评情况.{0,4}分析|针对项目自评中发现的问题)"
)


def looks_like_instruction(text: str | None) -> bool:
    """True when ``text`` reads like the form's own instruction rather than an answer.

    ``'结合自评情况，分析存在的问题及原因。（200字以内）'`` → True; ``'无'`` → False; an actual explanation → False.
    """
    if not text:
        return False
    t = to_simplified(text.strip())
    if _LENGTH_LIMIT_RE.search(t):
        return True
    return bool(_INSTRUCTION_START_RE.match(t))


def _finding(table: SelfEvalTable, field: str, text: str, prov: Provenance | None) -> Finding:
    return make_finding(
        "placeholder_unfilled",
        "warn",
        f"{field} still holds the form's instruction: “{text.strip()[:60]}”",
        subject=table_subject(table),
        expected=f"{field} filled in",
        actual=text.strip(),
        provs=refs(prov, table.prov),
    )


def placeholder_unfilled(report: Report, table: SelfEvalTable) -> list[Finding]:
    """评价结论 / 存在问题 / 改进措施 / 实际完成情况 / indicator cells that still hold the template's instruction."""
    out: list[Finding] = []
    for field, text in (
        ("评价结论", table.conclusion),
        ("存在问题", table.problems_text),
        ("改进措施", table.measures_text),
    ):
        if looks_like_instruction(text):
            out.append(_finding(table, field, text or "", None))
    for goal in table.goals:
        if looks_like_instruction(goal.target_text):
            out.append(_finding(table, "预期目标", goal.target_text, goal.prov))
        if looks_like_instruction(goal.actual_text):
            out.append(_finding(table, "实际完成情况", goal.actual_text or "", goal.actual_prov or goal.prov))
    for ind in table.indicators:
        for field, value in (("指标值", ind.target), ("完成值", ind.actual)):
            if looks_like_instruction(value.raw):
                out.append(_finding(table, f"{ind.name} {field}", value.raw, value.prov or ind.prov))
    return out


TABLE_CHECKS: tuple[Callable[[Report, SelfEvalTable], list[Finding]], ...] = (placeholder_unfilled,)
