"""Assembles a :class:`Document`'s canonical text and blocks so every span is right by construction.

Readers feed paragraphs and table rows in reading order; the builder appends their text to the
canonical text (a paragraph per line, a table row per line with cells separated by a tab) and gives
each block and cell the span it occupies. It also holds every reader to the text and table-cell limits
(:mod:`jixiao.ingest.limits`), whatever the format.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import TypedDict
from typing import Unpack

from jixiao.ingest.limits import check_table
from jixiao.ingest.limits import check_text
from jixiao.ingest.limits import current_limits
from jixiao.schema import BBox
from jixiao.schema import Cell
from jixiao.schema import DocFormat
from jixiao.schema import Document
from jixiao.schema import NoiseMark
from jixiao.schema import PageTextLayer
from jixiao.schema import Paragraph
from jixiao.schema import Provenance
from jixiao.schema import Span
from jixiao.schema import Table


class Where(TypedDict, total=False):
    """Where a reader found a paragraph, a table or a cell, as it goes to the provenance.

    ``line`` (text files), ``page``/``bbox`` (PDF pages and scans), ``sheet``/``cell`` (workbooks), ``path``
    (web pages) and ``confidence`` (OCR: the provenance's method is then ``ocr``).
    """

    line: int | None
    page: int | None
    bbox: BBox | None
    sheet: str | None
    cell: str | None
    path: str | None
    confidence: float | None


class GridPlace(TypedDict, total=False):
    """Where a block or a cell stands in the document: its block, and for a table or cell the table and grid."""

    block: int
    table: int
    row: int
    col: int


@dataclass(frozen=True, init=False)
class CellInput:
    """A cell as a reader found it, before it has a span."""

    row: int
    col: int
    text: str
    row_span: int
    col_span: int
    where: Where

    def __init__(
        self, row: int, col: int, text: str, row_span: int = 1, col_span: int = 1, **where: Unpack[Where]
    ) -> None:
        # Frozen: the fields are set past __setattr__, as the generated __init__ of a frozen dataclass does.
        self.__dict__.update(row=row, col=col, text=text, row_span=row_span, col_span=col_span, where=where)


@dataclass
class DocumentBuilder:
    """Collects blocks for one file; :meth:`build` returns the finished Document."""

    path: Path
    format: DocFormat
    data: bytes
    encoding: str | None = None
    pages: int | None = None
    _parts: list[str] = field(default_factory=list)
    _length: int = 0
    _blocks: list[Paragraph | Table] = field(default_factory=list)
    _n_tables: int = 0
    noise: list[NoiseMark] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)
    text_layer: list[PageTextLayer] = field(default_factory=list)
    _text_limit: int = field(default_factory=lambda: current_limits().text_chars, init=False)

    @property
    def file(self) -> str:
        return self.path.name

    @property
    def offset(self) -> int:
        """Current length of the canonical text (where the next text will start)."""
        return self._length

    @property
    def n_blocks(self) -> int:
        return len(self._blocks)

    @property
    def n_tables(self) -> int:
        return self._n_tables

    def _append(self, text: str) -> tuple[int, int]:
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        if self._length > self._text_limit:
            check_text(self.path, self._length)
        return start, self._length

    def _provenance(self, span: Span, where: Where, **grid: Unpack[GridPlace]) -> Provenance:
        return Provenance(
            file=self.file,
            span=span,
            **where,
            **grid,
            method="ocr" if where.get("confidence") is not None else "reader",
        )

    def add_paragraph(
        self, text: str, *, style: str | None = None, numbering: str | None = None, **where: Unpack[Where]
    ) -> Paragraph | None:
        """Append a paragraph; empty text is skipped (returns None)."""
        if not text:
            return None
        span = self._append(text)
        self._append("\n")
        prov = self._provenance(span, where, block=len(self._blocks))
        para = Paragraph(text=text, style=style, numbering=numbering, prov=prov)
        self._blocks.append(para)
        return para

    def add_table(
        self,
        cells: list[CellInput],
        *,
        header_rows: list[int] | None = None,
        parent: tuple[int, int, int] | None = None,
        pages: list[int] | None = None,
        **where: Unpack[Where],
    ) -> Table | None:
        """Append a table given its cells (origin cells only). Rows are written in order, cells by column."""
        if not cells:
            return None
        n_rows = max(c.row + c.row_span for c in cells)
        n_cols = max(c.col + c.col_span for c in cells)
        check_table(self.path, self._n_tables, n_rows, n_cols)
        index = self._n_tables
        block = len(self._blocks)
        start = self._length
        by_row: dict[int, list[CellInput]] = {}
        for c in cells:
            by_row.setdefault(c.row, []).append(c)
        out: list[Cell] = []
        for r in range(n_rows):
            row_cells = sorted(by_row.get(r, []), key=lambda c: c.col)
            for i, c in enumerate(row_cells):
                if i:
                    self._append("\t")
                span = self._append(c.text)
                prov = self._provenance(span, c.where, block=block, table=index, row=c.row, col=c.col)
                out.append(
                    Cell(
                        row=c.row, col=c.col, row_span=c.row_span, col_span=c.col_span, text=c.text, prov=prov
                    )
                )
            self._append("\n")
        table_prov = self._provenance((start, self._length), where, block=block, table=index)
        table = Table(
            index=index,
            n_rows=n_rows,
            n_cols=n_cols,
            cells=out,
            header_rows=sorted(set(header_rows or [])),
            parent=parent,
            pages=sorted(set(pages or [])),
            prov=table_prov,
        )
        self._blocks.append(table)
        self._n_tables += 1
        return table

    def add_noise(self, kind: str, raw: str, *, line: int | None = None, page: int | None = None) -> None:
        self.noise.append(NoiseMark(kind=kind, raw=raw, line=line, page=page, offset=self._length))

    def build(self) -> Document:
        return Document(
            path=str(self.path),
            name=self.path.name,
            format=self.format,
            sha256=hashlib.sha256(self.data).hexdigest(),
            size=len(self.data),
            pages=self.pages,
            encoding=self.encoding,
            text="".join(self._parts),
            blocks=self._blocks,
            noise=self.noise,
            warnings=self.warnings,
            unread=self.unread,
            text_layer=self.text_layer,
        )
