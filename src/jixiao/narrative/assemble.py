"""Drafts (what a backend read from one region) → the items a report stores.

Both backends end here, so an item means the same whatever read it: its evidence is located in the
document (:mod:`jixiao.narrative.grounding`), it gets the provenance of the block or table cell the
evidence lies in, and its quantities and figures become typed values.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal

from jixiao.narrative.grounding import ground
from jixiao.narrative.regions import NarrativeRegion
from jixiao.schema import Amount
from jixiao.schema import Document
from jixiao.schema import GoalDraft
from jixiao.schema import GoalItem
from jixiao.schema import Grounding
from jixiao.schema import GroundingStatus
from jixiao.schema import MeasureDraft
from jixiao.schema import MeasureItem
from jixiao.schema import NarrativeStatus
from jixiao.schema import Op
from jixiao.schema import ProblemDraft
from jixiao.schema import ProblemItem
from jixiao.schema import Provenance
from jixiao.schema import Span
from jixiao.schema import Table
from jixiao.schema import Value
from jixiao.schema.document import Method
from jixiao.tables.numbers import parse_amount
from jixiao.tables.numbers import parse_percent

Draft = GoalDraft | ProblemDraft | MeasureDraft
Item = GoalItem | ProblemItem | MeasureItem

_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
_OPS = {op.value: op for op in Op}


def clean_text(text: str, *, trim_end: bool = True) -> str:
    """An item's text as written, with the line breaks of PDF-extracted text undone.

    A break between two CJK characters is dropped (``等公⏎益讲堂`` → ``等公益讲堂``); any other run of
    whitespace containing a break becomes one space. Trailing commas and semicolons are dropped
    unless ``trim_end`` is False.
    """
    text = re.sub(rf"(?<={_CJK})[ \t\u3000]*\n\s*(?={_CJK})", "", text)
    text = re.sub(r"[ \t\u3000]*\n\s*", " ", text)
    text = text.strip()
    return text.rstrip("，,；;：:").strip() if trim_end else text


@dataclass(frozen=True)
class Producer:
    """Who read the items: the backend's name and, for an LLM, the prompt id@version and model."""

    backend: str
    method: Method
    prompt: str | None = None
    model: str | None = None


class DocumentLocator:
    """Finds the block (and table cell) a character offset of ``Document.text`` lies in."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._blocks = [b for b in doc.blocks if b.prov.span is not None]
        self._starts = [b.prov.span[0] for b in self._blocks]  # type: ignore[index]

    def provenance(self, span: Span, producer: Producer) -> Provenance:
        """Provenance of the text at ``span``: its block's (or cell's) place, with ``span`` and method."""
        extra: dict[str, object] = {"span": span, "prompt": producer.prompt, "model": producer.model}
        i = bisect.bisect_right(self._starts, span[0]) - 1
        if i < 0:
            return Provenance(file=self.doc.name, method=producer.method, **extra)
        block = self._blocks[i]
        base = block.prov
        if isinstance(block, Table):
            cell = next(
                (c for c in block.cells if c.prov.span and c.prov.span[0] <= span[0] <= c.prov.span[1]),
                None,
            )
            if cell is not None:
                base = cell.prov
        return base.with_method(producer.method, **extra)


@dataclass
class ListState:
    """Numbering within one list (scope + project): the next seq and the problems read so far."""

    next_seq: dict[str, int] = field(default_factory=dict)
    problems: list[ProblemItem] = field(default_factory=list)

    def take(self, target: str) -> int:
        seq = self.next_seq.get(target, 1)
        self.next_seq[target] = seq + 1
        return seq


def build_items(
    doc: Document,
    locator: DocumentLocator,
    region: NarrativeRegion,
    drafts: Sequence[Draft],
    producer: Producer,
    state: ListState,
    *,
    hints: Sequence[int | None] | None = None,
    address_offset: int = 0,
) -> list[Item]:
    """Ground each draft and turn it into the item the report stores.

    Args:
        doc: the document.
        locator: a locator over ``doc``.
        region: where the drafts were read from.
        drafts: the drafts, in order.
        producer: the backend (and prompt/model) that read them.
        state: numbering of the region's list; updated.
        hints: for each draft, the offset in ``Document.text`` where its evidence is known to start
            (the rules backend knows; an LLM does not).
        address_offset: added to a measure's problem numbers (the seq of the list's first problem − 1).
    """
    out: list[Item] = []
    cursor: int | None = region.window[0]
    for i, draft in enumerate(drafts):
        hint = hints[i] if hints is not None else None
        grounding = ground(
            doc.text, draft.evidence, region.window, after=hint if hint is not None else cursor
        )
        if grounding.span is not None:
            cursor = grounding.span[1]
        # An ungrounded item points at its whole region, so a reviewer sees where to look.
        prov = locator.provenance(grounding.span or region.window, producer)
        common = {
            "scope": region.scope,
            **region.read_from(),
            "text": clean_text(draft.text),
            "evidence": draft.evidence,
            "grounding": grounding,
            "prov": prov,
        }
        if isinstance(draft, GoalDraft):
            out.append(
                GoalItem(
                    seq=state.take("goals"),
                    target=_goal_value(draft),
                    deadline=draft.deadline,
                    actual_text=clean_text(draft.completion, trim_end=False) if draft.completion else None,
                    **common,
                )
            )
        elif isinstance(draft, ProblemDraft):
            amounts, pcts = _figures(draft.figures)
            problem = ProblemItem(
                seq=state.take("problems"),
                cause=clean_text(draft.cause) if draft.cause else None,
                category=draft.category,
                figures=amounts,
                figure_pcts=pcts,
                **common,
            )
            state.problems.append(problem)
            out.append(problem)
        else:
            known = {p.seq for p in state.problems}
            addresses = sorted({n + address_offset for n in draft.addresses} & known)
            out.append(
                MeasureItem(
                    seq=state.take("measures"), category=draft.category, addresses=addresses, **common
                )
            )
    return out


def _goal_value(draft: GoalDraft) -> Value | None:
    if draft.quantity is None:
        return None
    op = _OPS.get(draft.operator or "", Op.NONE)
    if draft.quantity_high is not None:
        op = Op.RANGE
    return Value(
        raw=clean_text(draft.text), op=op, num=draft.quantity, num_hi=draft.quantity_high, unit=draft.unit
    )


def _figures(raws: Sequence[str]) -> tuple[list[Amount], list[Decimal]]:
    amounts: list[Amount] = []
    pcts: list[Decimal] = []
    for raw in raws:
        if "%" in raw or "％" in raw:
            pct = parse_percent(raw)
            if pct is not None:
                pcts.append(pct)
            continue
        amount = parse_amount(raw, default_unit=None)
        if amount is not None and amount.value is not None and amount.unit is not None:
            amounts.append(amount)
    return amounts, pcts


def region_status(
    region: NarrativeRegion,
    backend: str,
    status: str,
    *,
    items: int = 0,
    reason: str | None = None,
) -> NarrativeStatus:
    """The outcome of one region."""
    return NarrativeStatus(
        target=region.target,
        **region.read_from(),
        backend=backend,
        status=status,
        reason=reason,
        items=items,
    )


def ungrounded_count(items: Sequence[Item]) -> int:
    return sum(1 for it in items if it.grounding.status == GroundingStatus.UNGROUNDED)


__all__ = [
    "DocumentLocator",
    "Draft",
    "Grounding",
    "Item",
    "ListState",
    "Producer",
    "build_items",
    "clean_text",
    "region_status",
    "ungrounded_count",
]
