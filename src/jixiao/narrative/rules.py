"""The offline backend: deterministic rules over the narrative regions.

Per region: nothing for ``无`` or an unfilled template instruction; otherwise the region is split into
items (:mod:`jixiao.narrative.splitting`) and each item read by pattern (:mod:`jixiao.narrative.patterns`)
and keyword (:mod:`jixiao.narrative.categories`). Every item's evidence is its exact text in the
document, so rules items are grounded exactly.

A goal's completion statement comes from the table's 实际完成情况 cell
(:mod:`jixiao.narrative.completions`).
"""

from __future__ import annotations

from collections.abc import Sequence

from jixiao.narrative.assemble import DocumentLocator
from jixiao.narrative.assemble import ListState
from jixiao.narrative.assemble import Producer
from jixiao.narrative.assemble import build_items
from jixiao.narrative.assemble import clean_text
from jixiao.narrative.assemble import region_status
from jixiao.narrative.categories import categorise
from jixiao.narrative.categories import link_measure
from jixiao.narrative.completions import match_completions
from jixiao.narrative.patterns import empty_reason
from jixiao.narrative.patterns import find_deadline
from jixiao.narrative.patterns import find_figures
from jixiao.narrative.patterns import goal_quantity
from jixiao.narrative.patterns import split_cause
from jixiao.narrative.regions import NarrativeRegion
from jixiao.narrative.regions import find_regions
from jixiao.narrative.splitting import Segment
from jixiao.narrative.splitting import split_items
from jixiao.schema import Document
from jixiao.schema import DocumentStructure
from jixiao.schema import GoalDraft
from jixiao.schema import MeasureDraft
from jixiao.schema import NarrativeResult
from jixiao.schema import Op
from jixiao.schema import ProblemDraft
from jixiao.schema import ProblemItem
from jixiao.schema import TablesResult

_RANGE_OR_OP: dict[Op, str] = {
    Op.GE: "≥",
    Op.GT: ">",
    Op.LE: "≤",
    Op.LT: "<",
    Op.EQ: "=",
    Op.APPROX: "约",
    Op.RANGE: "range",
}


class RulesBackend:
    """Narrative backend that needs no network: numbered-list splitting, patterns and keywords."""

    name = "rules"

    def interpret(self, doc: Document, structure: DocumentStructure, tables: TablesResult) -> NarrativeResult:
        """Read every narrative region of ``doc`` into goals, problems and measures."""
        return self.interpret_regions(doc, find_regions(doc, structure, tables))

    def interpret_regions(self, doc: Document, regions: list[NarrativeRegion]) -> NarrativeResult:
        """Read the given regions of ``doc`` (or of its :func:`narrative_view`)."""
        result = NarrativeResult()
        locator = DocumentLocator(doc)
        producer = Producer(backend=self.name, method="text_rule")
        states: dict[tuple[str, str | None, str | None], ListState] = {}
        # Problems first, so a measure can name the problems of its list whatever the order in the text.
        order = {"goals": 0, "problems": 1, "measures": 2}
        for region in sorted(regions, key=lambda r: order[r.target]):
            state = states.setdefault(region.group, ListState())
            reason = empty_reason(region.text)
            if reason is not None:
                result.statuses.append(region_status(region, self.name, "empty", reason=reason))
                continue
            segments = split_items(region.text, sentences=region.target != "goals")
            drafts = read_drafts(region, segments, state.problems)
            hints = [region.base + s.start if region.base is not None else None for s in segments]
            items = build_items(doc, locator, region, drafts, producer, state, hints=hints)
            result.add_items(items)
            result.statuses.append(
                region_status(region, self.name, "ok" if items else "empty", items=len(items))
            )
        return result


def read_drafts(
    region: NarrativeRegion,
    segments: Sequence[Segment],
    problems: Sequence[ProblemItem] = (),
) -> list[GoalDraft] | list[ProblemDraft] | list[MeasureDraft]:
    """What the rules read from each item of a region.

    Args:
        region: the region.
        segments: its items (from :func:`split_items`).
        problems: the problems already read in the region's list (measures link to them by seq).
    """
    if region.target == "goals":
        completions = match_completions([clean_text(s.text) for s in segments], region.actual_text)
        return [goal_draft(s.text, c) for s, c in zip(segments, completions, strict=True)]
    if region.target == "problems":
        return [problem_draft(s.text) for s in segments]
    known = [p.text + (p.cause or "") for p in problems]
    first_seq = problems[0].seq if problems else 1
    out: list[MeasureDraft] = []
    for s in segments:
        text = clean_text(s.text)
        # link_measure counts from 1 within ``known``; build_items adds the list's offset.
        links = [n + first_seq - 1 for n in link_measure(text, known)]
        out.append(MeasureDraft(text=text, evidence=s.text, category=categorise(text), addresses=links))
    return out


def goal_draft(evidence: str, completion: str | None) -> GoalDraft:
    """One goal read by pattern: its quantity, operator, unit and deadline."""
    text = clean_text(evidence)
    value = goal_quantity(text)
    operator = _RANGE_OR_OP.get(value.op) if value is not None else None
    return GoalDraft(
        text=text,
        evidence=evidence,
        operator=operator,
        quantity=value.num if value is not None else None,
        quantity_high=value.num_hi if value is not None else None,
        unit=value.unit if value is not None else None,
        deadline=find_deadline(text),
        completion=completion,
    )


def problem_draft(evidence: str) -> ProblemDraft:
    """One problem read by pattern: the problem as stated, its cause, category and figures."""
    text = clean_text(evidence)
    split = split_cause(text)
    return ProblemDraft(
        text=split.problem,
        evidence=evidence,
        cause=split.cause,
        category=categorise(split.problem, split.cause),
        figures=[f.raw for f in find_figures(text)],
    )


__all__ = ["RulesBackend", "goal_draft", "problem_draft", "read_drafts"]
