"""The source document as the reader saw it, cut into pieces a value can point at.

Paragraphs and table cells are split at every span boundary of a reviewable value, so each value's
character span is covered by whole pieces; the page marks each piece with its ``[start, end)`` in the
canonical text and the browser highlights the pieces of the value clicked. Tables keep their merged
cells (row and column spans). Text is never turned into markup here: the templates escape it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from itertools import pairwise
from typing import Literal

from jixiao.schema import Document
from jixiao.schema import Paragraph
from jixiao.schema import Section
from jixiao.schema import Span
from jixiao.schema import Table

# Plain dataclasses: a long document has tens of thousands of pieces, built on every page view.


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class CellView:
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1
    start: int | None = None
    end: int | None = None
    pieces: list[Piece] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class BlockView:
    kind: Literal["paragraph", "table", "page"]
    index: int = 0
    page: int | None = None
    line: int | None = None
    start: int | None = None
    end: int | None = None
    heading: int | None = None
    """Section depth when the paragraph is a heading."""
    pieces: list[Piece] = field(default_factory=list)
    table: int | None = None
    """Table.index of a table block."""
    rows: list[list[CellView]] = field(default_factory=list)


def _cut(text: str, span: Span | None, cuts: list[int], doc_text: str) -> list[Piece]:
    """``text`` split at the cut points inside its span; one piece when the span does not match the text."""
    if span is None:
        return [Piece(text, -1, -1)]
    start, end = span
    if doc_text[start:end] != text:
        return [Piece(text, start, end)]
    points = [start]
    i = bisect_right(cuts, start)
    while i < len(cuts) and cuts[i] < end:
        points.append(cuts[i])
        i += 1
    points.append(end)
    pieces = [Piece(text[a - start : b - start], a, b) for a, b in pairwise(points) if b > a]
    return pieces or [Piece("", start, end)]


def _table(table: Table, cuts: list[int], doc_text: str) -> list[list[CellView]]:
    rows: list[list[CellView]] = [[] for _ in range(table.n_rows)]
    for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
        if not 0 <= cell.row < table.n_rows:
            continue
        span = cell.prov.span
        rows[cell.row].append(
            CellView(
                row=cell.row,
                col=cell.col,
                row_span=max(1, cell.row_span),
                col_span=max(1, cell.col_span),
                start=span[0] if span else None,
                end=span[1] if span else None,
                pieces=_cut(cell.text, span, cuts, doc_text),
            )
        )
    return rows


def render_blocks(document: Document, spans: Iterable[Span], sections: Iterable[Section]) -> list[BlockView]:
    """The document's blocks in order, cut at ``spans``' boundaries, with page marks for a PDF.

    Args:
        document: the document as read (``OUT/sources/<name>.json``).
        spans: character spans values point at.
        sections: the report's sections; a paragraph that is a section's heading is marked with its depth.
    """
    cuts = sorted({p for s in spans for p in s})
    headings = {s.span: s.depth for s in sections}
    out: list[BlockView] = []
    page: int | None = None
    for index, block in enumerate(document.blocks):
        first_page = block.pages[0] if isinstance(block, Table) and block.pages else block.prov.page
        if first_page is not None and first_page != page:
            page = first_page
            out.append(BlockView(kind="page", page=page))
        span = block.prov.span
        start, end = span if span else (None, None)
        out.append(
            BlockView(
                kind="paragraph" if isinstance(block, Paragraph) else "table",
                index=index,
                page=block.prov.page,
                line=block.prov.line,
                start=start,
                end=end,
                heading=headings.get(span) if span and isinstance(block, Paragraph) else None,
                pieces=_cut(block.text, span, cuts, document.text) if isinstance(block, Paragraph) else [],
                table=block.index if isinstance(block, Table) else None,
                rows=_table(block, cuts, document.text) if isinstance(block, Table) else [],
            )
        )
        if isinstance(block, Table) and block.pages:
            page = block.pages[-1]
    return out
