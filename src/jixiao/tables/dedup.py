"""One project table per project, however many times the document repeats it (seed 004: 7–8 copies).

Copies are grouped by project code (else by project name). A copy that lost its identity rows (a table that
starts mid-form) joins the group whose indicator names it repeats. The first copy with an identity is kept;
``renderings`` counts the table copies plus the copies that exist only as text lines (``项目名称 5103…`` written
outside a table: the PDF/EMF rendering, which is counted but not parsed). Where two table copies disagree on a
value, a ``duplicate_rendering_conflict`` finding names the field and both values.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from jixiao.schema import Document
from jixiao.schema import Finding
from jixiao.schema import PerformanceIndicator
from jixiao.schema import Provenance
from jixiao.schema import SelfEvalTable
from jixiao.tables.values import is_placeholder_text

_MATCH_SHARE = 0.8
_FUND_LABELS = {
    "initial_budget": "年初预算数",
    "budget": "全年预算数",
    "executed": "全年执行数",
    "rate_reported": "执行率",
    "weight": "分值",
    "score": "得分",
}
_TABLE_LABELS = {
    "project_name": "项目名称",
    "competent_dept": "主管部门",
    "implementing_unit": "实施单位",
    "total_weight_reported": "总分（分值）",
    "total_score_reported": "总分（得分）",
}


def _key(table: SelfEvalTable) -> str | None:
    return table.project_code or table.project_name


def _names(table: SelfEvalTable) -> list[str]:
    return [i.name for i in table.indicators if i.name]


def _same_form(a: SelfEvalTable, b: SelfEvalTable) -> bool:
    """True when ``b`` repeats ``a``'s indicator names (most of them, in order)."""
    na, nb = _names(a), _names(b)
    if not na or not nb:
        return False
    common = sum(1 for x, y in zip(na, nb, strict=False) if x == y)
    return common >= _MATCH_SHARE * max(len(na), len(nb))


def text_renderings(doc: Document, code: str) -> int:
    """How many times ``项目名称 <code>`` is written outside a table row (a copy of the form as text lines)."""
    # Table rows separate cells with tabs; a text copy writes the label and the code with spaces or nothing.
    # A PDF's justified line may come out with spaces inside the code ("51030022Y0 0000032549 8").
    spaced = "[ \u3000]?".join(re.escape(ch) for ch in code)
    return len(re.findall(rf"项目名称[ \u3000]*{spaced}", doc.text))


def _pairs(
    a: SelfEvalTable, b: SelfEvalTable
) -> Iterator[tuple[str, object, object, Provenance | None, Provenance | None]]:
    """(field, value in a, value in b, provenance in a, in b) for every value both copies have."""
    for name in (
        "project_name",
        "competent_dept",
        "implementing_unit",
        "total_weight_reported",
        "total_score_reported",
    ):
        yield _TABLE_LABELS[name], getattr(a, name), getattr(b, name), a.prov, b.prov
    for fa, fb in zip(a.funds, b.funds, strict=False):
        if (fa.category, fa.breakdown) != (fb.category, fb.breakdown):
            continue
        for name in ("initial_budget", "budget", "executed"):
            va, vb = getattr(fa, name), getattr(fb, name)
            yield (
                f"{fa.label_raw} {_FUND_LABELS[name]}",
                va.wan if va is not None else None,
                vb.wan if vb is not None else None,
                va.prov if va is not None else fa.prov,
                vb.prov if vb is not None else fb.prov,
            )
        for name in ("rate_reported", "weight", "score"):
            yield (
                f"{fa.label_raw} {_FUND_LABELS[name]}",
                getattr(fa, name),
                getattr(fb, name),
                fa.prov,
                fb.prov,
            )
    for n, (ga, gb) in enumerate(zip(a.goals, b.goals, strict=False), start=1):
        yield f"年度目标 {n} 预期目标", _bare(ga.target_text), _bare(gb.target_text), ga.prov, gb.prov
        yield (
            f"年度目标 {n} 实际完成情况",
            _bare(ga.actual_text),
            _bare(gb.actual_text),
            ga.actual_prov or ga.prov,
            gb.actual_prov or gb.prov,
        )
    # An indicator name can repeat inside one form (two sub-projects each with 指标1.完成时间): pair the
    # n-th row of a name in one copy with the n-th row of that name in the other.
    for ia, ib in _paired_indicators(a, b):
        for label, va, vb in (("指标值", ia.target, ib.target), ("完成值", ia.actual, ib.actual)):
            yield f"{ia.name} {label}", va.raw.strip(), vb.raw.strip(), va.prov, vb.prov
        yield f"{ia.name} 权重", ia.weight, ib.weight, ia.cells.get("weight"), ib.cells.get("weight")
        yield f"{ia.name} 得分", ia.score, ib.score, ia.cells.get("score"), ib.cells.get("score")


def _occurrences(table: SelfEvalTable) -> dict[tuple[str, int], PerformanceIndicator]:
    seen: dict[str, int] = {}
    out: dict[tuple[str, int], PerformanceIndicator] = {}
    for ind in table.indicators:
        if not ind.name:
            continue
        n = seen.get(ind.name, 0)
        seen[ind.name] = n + 1
        out[(ind.name, n)] = ind
    return out


def _paired_indicators(
    a: SelfEvalTable, b: SelfEvalTable
) -> Iterator[tuple[PerformanceIndicator, PerformanceIndicator]]:
    other = _occurrences(b)
    for key, ia in _occurrences(a).items():
        ib = other.get(key)
        if ib is not None:
            yield ia, ib


def _fill_missing(kept: SelfEvalTable, copy: SelfEvalTable) -> list[Finding]:
    """Fields the kept copy lacks (a footer on the next page, say) taken from another copy.

    Returns a ``placeholder_unfilled`` finding for each instruction replaced by another copy's answer:
    the checks only see the kept copy, so they could not report it any more.
    """
    out: list[Finding] = []
    for name in (
        "competent_dept",
        "implementing_unit",
        "total_weight_reported",
        "total_score_reported",
        "conclusion",
        "problems_text",
        "measures_text",
        "filled_by",
        "phone",
        "fill_date",
        "fill_date_raw",
        "title",
    ):
        if getattr(kept, name) is None and getattr(copy, name) is not None:
            setattr(kept, name, getattr(copy, name))
    if not kept.goals and copy.goals:
        kept.goals = copy.goals
    for mine, theirs in zip(kept.goals, copy.goals, strict=False):
        # An unfilled instruction in one copy is no answer when another copy has one.
        if is_placeholder_text(mine.actual_text) and not is_placeholder_text(theirs.actual_text):
            if mine.actual_text:
                out.append(
                    Finding(
                        check="placeholder_unfilled",
                        severity="warn",
                        message="实际完成情况 still holds the form's instruction in some copies of the table",
                        subject=kept.project_name or kept.project_code or kept.title,
                        expected="实际完成情况 filled in",
                        actual=mine.actual_text.strip(),
                        refs=[
                            p for p in (mine.actual_prov or mine.prov, theirs.actual_prov) if p is not None
                        ],
                    )
                )
            mine.actual_text, mine.actual_prov = theirs.actual_text, theirs.actual_prov
    return out


def _bare(text: str | None) -> str | None:
    """Text without whitespace: renderings break and space long cells differently."""
    return "".join(text.split()) if text else None


def _differs(x: object, y: object) -> bool:
    if x is None or y is None or x == "" or y == "":
        return False
    if isinstance(x, Decimal) and isinstance(y, Decimal):
        return x != y
    return str(x) != str(y)


def compare_copies(kept: SelfEvalTable, copy: SelfEvalTable) -> list[Finding]:
    """Findings for every value the two copies of one project table both have and write differently."""
    subject = kept.project_name or kept.project_code or kept.title
    out: list[Finding] = []
    for name, x, y, px, py in _pairs(kept, copy):
        if _differs(x, y):
            out.append(
                Finding(
                    check="duplicate_rendering_conflict",
                    severity="warn",
                    message=f"two copies of the project table disagree on {name}",
                    subject=subject,
                    expected=str(x),
                    actual=str(y),
                    refs=[p for p in (px, py) if p is not None],
                )
            )
    return out


def deduplicate(doc: Document, tables: list[SelfEvalTable]) -> tuple[list[SelfEvalTable], list[Finding]]:
    """Keep one table per project; count its renderings and report the values its copies disagree on."""
    groups: list[list[SelfEvalTable]] = []
    # Copies with an identity first, so that a headless copy can join its group wherever it sits.
    ordered = [t for t in tables if _key(t) is not None] + [t for t in tables if _key(t) is None]
    for table in ordered:
        key = _key(table)
        home = next((g for g in groups if key is not None and _key(g[0]) == key), None)
        if home is None and key is None:
            home = next((g for g in groups if _same_form(g[0], table)), None)
        if home is None:
            groups.append([table])
        else:
            home.append(table)
    kept: list[SelfEvalTable] = []
    findings: list[Finding] = []
    for group in groups:
        first = group[0]
        for copy in group[1:]:
            findings.extend(compare_copies(first, copy))
            findings.extend(_fill_missing(first, copy))
        extra = text_renderings(doc, first.project_code) if first.project_code else 0
        first.renderings = len(group) + extra
        kept.append(first)
    return kept, findings


__all__ = ["compare_copies", "deduplicate", "text_renderings"]
