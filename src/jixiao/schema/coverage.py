"""What a report could and could not read: the coverage record and the document's status.

A tool run over 10⁵ documents must say which ones it read. Every report carries a :class:`Coverage`:
the document kinds it found, each table part it read (with the column map that says why a value landed
where it did), the rows it skipped, the columns it could not map (with their header text), the amounts
whose unit it had to assume, and a status:

* ``ok`` — everything the document seemed to hold was read;
* ``partial`` — something was read, something was not (the reasons say what);
* ``empty`` — the document holds nothing jixiao could read into typed values.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel
from pydantic import Field

from jixiao.schema.document import Provenance
from jixiao.schema.values import DocKind
from jixiao.schema.values import UnitSource

MatchMethod = Literal["exact", "normalised", "fuzzy", "content", "position", "llm"]
"""How a column header was mapped to a field: the wording itself, the wording after normalising it
(width, spaces, ``(A)`` / ``(万元)`` suffixes, traditional characters), a fuzzy score, the column's
contents, its position next to mapped columns, or an LLM (with an endpoint configured)."""

DocumentStatus = Literal["ok", "partial", "empty"]


class ColumnMapping(BaseModel):
    """One grid column of a table part: the header as printed and the field it was read as."""

    col: int = Field(description="0-based grid column")
    header: str = Field(description="Header text as printed ('' when the column has none)")
    field: str | None = Field(
        default=None, description="Canonical field, None when the column was not mapped"
    )
    method: MatchMethod | None = None
    score: float | None = Field(default=None, description="Match score 0–1 (1.0 for an exact wording)")
    unit: str | None = Field(default=None, description="Unit printed in the header, e.g. 元 in '预算数(元)'")
    note: str | None = Field(
        default=None,
        description="Why a column holds no field: 'row labels', 'known column', 'no data'; None with no "
        "field means a column with data that was not mapped",
    )
    samples: list[str] = Field(
        default_factory=list, description="A few of its cells, for a column that was not mapped"
    )

    @property
    def unmapped(self) -> bool:
        """A column with data that no field took (its header may be empty)."""
        return self.field is None and self.note is None


class TableRead(BaseModel):
    """One part of one form or statement as read: which blocks, which columns, how many rows."""

    tables: list[int] = Field(description="Table.index of each block read, first block first")
    kind: str = Field(description="TableKind of the form or statement")
    part: str = Field(description="funds, indicators, goals, statement, basic_data …")
    title: str | None = None
    subject: str | None = Field(default=None, description="Project name or code, 'dept', or the statement")
    header_row: int | None = Field(
        default=None, description="Grid row of the part's header in its first table"
    )
    columns: list[ColumnMapping] = Field(default_factory=list)
    rows_read: int = 0
    rows_skipped: int = 0
    skipped: list[str] = Field(
        default_factory=list, description="Why rows were skipped (the first few, with their text)"
    )
    unit: str | None = Field(
        default=None, description="Amount unit printed for the part (元, 万元, 千元, 亿元)"
    )
    unit_source: UnitSource | None = None
    note: str | None = Field(
        default=None, description="e.g. 'holds no amounts' for a statement printed empty"
    )
    prov: Provenance | None = None


class Coverage(BaseModel):
    """What the document seemed to hold, what was read, and what was not."""

    status: DocumentStatus = "ok"
    reasons: list[str] = Field(
        default_factory=list,
        description="Why the status is not ok: one line each, naming the table or column",
    )
    kinds: list[DocKind] = Field(default_factory=list, description="Document kinds found")
    forms_found: int = Field(default=0, description="Self-evaluation forms found (by their structure)")
    forms_read: int = Field(default=0, description="Forms that gave indicators or fund rows")
    statements_found: int = Field(default=0, description="决算 statements found")
    statements_read: int = Field(default=0, description="决算 statements that gave lines")
    rows_read: int = 0
    rows_skipped: int = 0
    reads: list[TableRead] = Field(default_factory=list)
    unmapped_columns: list[str] = Field(
        default_factory=list, description="'table 3 (indicators): 完成情况说明' for each column not mapped"
    )
    assumed_units: list[str] = Field(
        default_factory=list, description="Table parts whose amounts had no printed unit (read as 万元)"
    )
    failed: list[str] = Field(
        default_factory=list,
        description="Stages or fields that failed (e.g. a narrative section the LLM did not answer)",
    )
    unread: list[str] = Field(
        default_factory=list, description="Parts of the file the reader could not read (Document.unread)"
    )
    review: list[str] = Field(
        default_factory=list, description="Values read with low confidence, for a reviewer to check (OCR)"
    )

    def add_failure(self, reason: str) -> None:
        """Record a stage or field that failed: the document is at best ``partial`` from now on."""
        if reason not in self.failed:
            self.failed.append(reason)
        if reason not in self.reasons:
            self.reasons.append(reason)
        if self.status == "ok":
            self.status = "partial"


__all__ = ["ColumnMapping", "Coverage", "DocumentStatus", "MatchMethod", "TableRead", "UnitSource"]
