"""Column headers no wording of the vocabulary maps, interpreted by an LLM (with an endpoint configured).

The tables stage reads values by rules; a column whose header nobody listed and whose contents did not
settle it is left unmapped and named in the coverage record. With an endpoint, :class:`HeaderResolver`
asks the model which field each such column holds (the header and a few of its cells are all it sees;
schema-constrained output, cached like every call), and the pipeline reads the tables again with those
answers (``method="llm"`` on the column map). Offline, unknown columns stay reported, not guessed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from jixiao.narrative.prompts import load_prompts
from jixiao.schema import HeaderMapList
from jixiao.schema import LedgerEntry
from jixiao.schema import PipelineConfig
from jixiao.schema import TableRead
from jixiao.vocabulary import fold

_RECORDS = {"indicators": "indicator", "funds": "fund"}
MAX_COLUMNS_PER_CALL = 20


@dataclass(frozen=True)
class OpenColumn:
    """A column left unmapped: which kind of part, its header as printed, a few of its cells."""

    record: str
    header: str
    samples: tuple[str, ...]


def open_columns(reads: Iterable[TableRead]) -> list[OpenColumn]:
    """The unmapped columns with a header, once each (the same header in two forms is asked once)."""
    seen: set[tuple[str, str]] = set()
    out: list[OpenColumn] = []
    for read in reads:
        record = _RECORDS.get(read.part)
        if record is None:
            continue
        for m in read.columns:
            key = (record, fold(m.header))
            if m.unmapped and m.header.strip() and key not in seen:
                seen.add(key)
                out.append(OpenColumn(record, m.header.strip(), tuple(m.samples)))
    return out


class HeaderResolver:
    """Asks an LLM which field each open column holds (one call per kind of part, cached)."""

    def __init__(self, config: PipelineConfig) -> None:
        from jixiao.narrative.llm.client import LLMClient

        self.client = LLMClient.from_config(config)
        self.prompt = load_prompts()["headers"]

    def resolve(self, columns: list[OpenColumn]) -> tuple[dict[tuple[str, str], str], list[LedgerEntry]]:
        """(record, folded header) → field for the columns the model placed, and the calls' ledger."""
        learned: dict[tuple[str, str], str] = {}
        ledger: list[LedgerEntry] = []
        for record in ("indicator", "fund"):
            group = [c for c in columns if c.record == record][:MAX_COLUMNS_PER_CALL]
            if not group:
                continue
            outcome = self.client.extract(
                target="headers",
                prompt=self.prompt,
                context={
                    "record": record,
                    "columns": [{"header": c.header, "samples": c.samples} for c in group],
                },
                response_model=HeaderMapList,
            )
            ledger.extend(outcome.ledger)
            if outcome.output is None:
                continue
            asked = {fold(c.header) for c in group}
            for item in outcome.output.items:
                key = fold(item.header)
                # Only headers that were asked about, and only a field: an answer naming another header
                # or none of the fields teaches nothing.
                if key in asked and item.field != "none":
                    learned[(record, key)] = item.field
        return learned, ledger


def header_resolver(config: PipelineConfig) -> HeaderResolver | None:
    """A resolver when the configuration has an LLM endpoint, else None (offline: nothing is guessed)."""
    if config.backend != "llm" or not config.llm.base_url or not config.llm.model:
        return None
    return HeaderResolver(config)


__all__ = ["HeaderResolver", "OpenColumn", "header_resolver", "open_columns"]
