"""The LLM backend: each narrative region sent to the model on its own, the answers grounded in the document.

Only a region's text goes to the model, never the whole document. A region longer than ``max_chars``
is cut between its items (at its list markers, else between paragraphs) into chunks sent separately.
Measures are asked after the problems of the same list, with those problems numbered in the prompt,
so that the model can say which problems a measure answers.

Lists (the department's, each project's) are interpreted concurrently; the client's limiter bounds
the requests in flight across every document sharing the client. A region whose call fails is marked
``failed`` with the reason; the other regions and the rest of the report go on. An answer is cached
only once every item's quote was found in the document.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import field

from pydantic import BaseModel

from jixiao.errors import JixiaoError
from jixiao.narrative.assemble import DocumentLocator
from jixiao.narrative.assemble import Item
from jixiao.narrative.assemble import ListState
from jixiao.narrative.assemble import Producer
from jixiao.narrative.assemble import build_items
from jixiao.narrative.assemble import region_status
from jixiao.narrative.assemble import ungrounded_count
from jixiao.narrative.llm.client import LLMClient
from jixiao.narrative.patterns import empty_reason
from jixiao.narrative.prompts import get_prompt
from jixiao.narrative.regions import NarrativeRegion
from jixiao.narrative.regions import find_regions
from jixiao.narrative.splitting import list_markers
from jixiao.schema import Document
from jixiao.schema import DocumentStructure
from jixiao.schema import GoalList
from jixiao.schema import LedgerEntry
from jixiao.schema import MeasureList
from jixiao.schema import NarrativeResult
from jixiao.schema import NarrativeStatus
from jixiao.schema import PipelineConfig
from jixiao.schema import ProblemList
from jixiao.schema import TablesResult

DEFAULT_MAX_CHARS = 4000

_RESPONSE_MODELS: dict[str, type[GoalList] | type[ProblemList] | type[MeasureList]] = {
    "goals": GoalList,
    "problems": ProblemList,
    "measures": MeasureList,
}


@dataclass
class _RegionOutcome:
    items: list[Item] = field(default_factory=list)
    status: NarrativeStatus | None = None
    ledger: list[LedgerEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class LLMBackend:
    """Narrative backend over an OpenAI-compatible endpoint (see the module docstring)."""

    name = "llm"

    def __init__(
        self, config: PipelineConfig, *, client: LLMClient | None = None, max_chars: int = DEFAULT_MAX_CHARS
    ) -> None:
        """Make the backend.

        Args:
            config: the run configuration.
            client: a client to share (one is made from ``config`` when None).
            max_chars: longest text sent in one call; longer regions are split between items.

        Raises:
            ConfigError: no endpoint or model configured.
        """
        self.config = config
        self.client = client or LLMClient.from_config(config)
        self.max_chars = max_chars
        # The chains of every document share one pool of long-lived threads. A pool per document started
        # new threads for every report, and each new thread opens its own connection to the response
        # cache (SQLite): that cost more than the rest of a cached report.
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    def _chain_pool(self) -> ThreadPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(
                    max_workers=max(1, self.client.options.concurrency), thread_name_prefix="jixiao-llm"
                )
            return self._pool

    def interpret(self, doc: Document, structure: DocumentStructure, tables: TablesResult) -> NarrativeResult:
        """Read every narrative region of ``doc`` through the model."""
        return self.interpret_regions(doc, find_regions(doc, structure, tables))

    def interpret_regions(self, doc: Document, regions: list[NarrativeRegion]) -> NarrativeResult:
        """Read the given regions of ``doc`` (or of its :func:`~jixiao.narrative.regions.narrative_view`)."""
        locator = DocumentLocator(doc)
        chains: list[list[NarrativeRegion]] = []
        by_group: dict[
            tuple[str, str | None, str | None], tuple[list[NarrativeRegion], list[NarrativeRegion]]
        ] = {}
        for region in regions:
            goals, others = by_group.setdefault(region.group, ([], []))
            (goals if region.target == "goals" else others).append(region)
        for goals, others in by_group.values():
            if goals:
                chains.append(goals)
            if others:
                # Problems before measures, so a measure's prompt can list the problems it may answer.
                chains.append(sorted(others, key=lambda r: r.target != "problems"))
        outcomes: dict[int, _RegionOutcome] = {}
        # A chain never waits on another chain, so documents interpreted at once cannot starve each other.
        for done in self._chain_pool().map(lambda chain: self._run_chain(doc, locator, chain), chains):
            outcomes.update(done)
        result = NarrativeResult()
        for region in regions:
            outcome = outcomes[id(region)]
            result.add_items(outcome.items)
            if outcome.status is not None:
                result.statuses.append(outcome.status)
            result.ledger.extend(outcome.ledger)
            result.warnings.extend(w for w in outcome.warnings if w not in result.warnings)
        return result

    def _run_chain(
        self, doc: Document, locator: DocumentLocator, chain: Sequence[NarrativeRegion]
    ) -> dict[int, _RegionOutcome]:
        state = ListState()
        out: dict[int, _RegionOutcome] = {}
        for region in chain:
            try:
                out[id(region)] = self._interpret_region(doc, locator, region, state)
            except JixiaoError as exc:  # e.g. a prompt missing from an installation: this region only
                failed = region_status(region, self.name, "failed", reason=exc.one_line())
                out[id(region)] = _RegionOutcome(status=failed)
        return out

    def _interpret_region(
        self, doc: Document, locator: DocumentLocator, region: NarrativeRegion, state: ListState
    ) -> _RegionOutcome:
        outcome = _RegionOutcome()
        reason = empty_reason(region.text)
        if reason is not None:
            outcome.status = region_status(region, self.name, "empty", reason=reason)
            return outcome
        prompt = get_prompt(region.target)
        producer = Producer(backend=self.name, method="llm", prompt=prompt.ref, model=self.client.model)
        response_model: type[BaseModel] = _RESPONSE_MODELS[region.target]
        failures: list[str] = []
        all_cached = True
        for chunk in chunk_text(region.text, self.max_chars):
            context: dict[str, object] = {"text": chunk}
            offset = 0
            if region.target == "measures":
                context["problems"] = [
                    p.text + (f"（原因：{p.cause}）" if p.cause else "") for p in state.problems
                ]
                offset = state.problems[0].seq - 1 if state.problems else 0
            if region.target == "goals":
                has_completion = bool(region.actual_text) and empty_reason(region.actual_text) is None
                context["completion"] = region.actual_text if has_completion else None
            call = self.client.extract(
                target=region.target,
                prompt=prompt,
                context=context,
                response_model=response_model,
                defer_cache=True,
            )
            outcome.ledger.extend(call.ledger)
            outcome.warnings.extend(call.warnings)
            all_cached = all_cached and call.cached
            if call.output is None:
                failures.append(call.error or "failed")
                continue
            drafts = call.output.items  # type: ignore[attr-defined]
            items = build_items(doc, locator, region, drafts, producer, state, address_offset=offset)
            outcome.items.extend(items)
            # An answer whose quotes are not all in the text is used (its items go to review) but not
            # cached as a good one: the next run asks again.
            missing = ungrounded_count(items)
            if missing == 0:
                self.client.remember(call)
            elif call.unsaved is not None:
                outcome.warnings.append(
                    f"{region.target}: {missing} of {len(items)} quotes not found in the text; "
                    "the answer is not cached and is asked again next run"
                )
        n = len(outcome.items)
        if failures:
            outcome.status = region_status(region, self.name, "failed", items=n, reason="; ".join(failures))
        else:
            outcome.status = region_status(region, self.name, "cached" if all_cached else "ok", items=n)
        return outcome


def chunk_text(text: str, max_chars: int) -> list[str]:
    """``text`` cut into pieces of at most ``max_chars`` between items (a longer single item stays whole)."""
    if len(text) <= max_chars:
        return [text]
    cuts = [m.start for m in list_markers(text)] or _paragraph_starts(text)
    bounds = sorted({0, *cuts, len(text)})
    pieces = [text[a:b] for a, b in itertools.pairwise(bounds) if text[a:b].strip()]
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + len(piece) > max_chars:
            chunks.append(current)
            current = ""
        current += piece
    if current.strip():
        chunks.append(current)
    return chunks


def _paragraph_starts(text: str) -> list[int]:
    return [i + 1 for i, ch in enumerate(text) if ch == "\n"]


__all__ = ["DEFAULT_MAX_CHARS", "LLMBackend", "chunk_text"]
