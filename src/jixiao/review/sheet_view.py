"""A window of a workbook sheet as the sheet shows it, around one cell: column letters, row numbers,
merged cells, the cell highlighted.

The grid comes from the workbook file itself when it is at hand (the same readers as ``jixiao extract``:
printed values, merges, hidden rows and columns left out), else from the document as read (every
paragraph and cell keeps its sheet and address; merges are then not shown).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field

from pydantic import BaseModel
from pydantic import Field

from jixiao.schema import Document
from jixiao.schema import Paragraph

ROWS_AROUND = 12
"""Rows shown above and below the value's cell."""
MAX_COLUMNS = 24
_ADDRESS = re.compile(r"^([A-Z]{1,3})([1-9][0-9]{0,6})$")


def parse_address(address: str) -> tuple[int, int] | None:
    """``C7`` → (6, 2), 0-based (row, col); None when it is not an A1 address."""
    match = _ADDRESS.match(address.strip().upper())
    if match is None:
        return None
    col = 0
    for ch in match.group(1):
        col = col * 26 + ord(ch) - 64
    return int(match.group(2)) - 1, col - 1


def column_name(col: int) -> str:
    letters, n = "", col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class PlainSheet:
    """A sheet's printed text by (row, col), merged ranges (r0, c0, r1, c1 inclusive), hidden rows/cols."""

    texts: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)


def sheet_from_document(document: Document, sheet: str) -> PlainSheet:
    """The sheet's text as the reader kept it: each paragraph and cell at its own address."""
    out = PlainSheet()
    for block in document.blocks:
        if block.prov.sheet != sheet:
            continue
        pieces = (
            [(block.prov.cell, block.text)]
            if isinstance(block, Paragraph)
            else [(c.prov.cell, c.text) for c in block.cells]
        )
        for address, text in pieces:
            at = parse_address(address) if address else None
            if at is not None and text:
                out.texts.setdefault(at, text)
    return out


class GridCell(BaseModel):
    address: str
    text: str
    row_span: int = 1
    col_span: int = 1
    hit: bool = False


class GridRow(BaseModel):
    number: int = Field(description="1-based row number as the sheet shows it")
    cells: list[GridCell]


class SheetWindow(BaseModel):
    """What the inspector shows of a sheet."""

    sheet: str
    cell: str
    columns: list[str]
    rows: list[GridRow]
    from_workbook: bool = Field(description="Read from the workbook file (else from the document as read)")
    note: str | None = None


def sheet_window(grid: PlainSheet, sheet: str, address: str, *, from_workbook: bool) -> SheetWindow | None:
    """Rows around ``address`` with every column up to the last one holding text (at most MAX_COLUMNS)."""
    at = parse_address(address)
    if at is None:
        return None
    row, col = at
    origin_of: dict[tuple[int, int], tuple[int, int]] = {}
    extent: dict[tuple[int, int], tuple[int, int]] = {}
    for r0, c0, r1, c1 in grid.merges:
        extent[(r0, c0)] = (r1, c1)
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                origin_of[(r, c)] = (r0, c0)
    target = origin_of.get((row, col), (row, col))
    rows = [r for r in range(max(0, row - ROWS_AROUND), row + ROWS_AROUND + 1) if r not in grid.hidden_rows]
    last = max([c for (r, c) in grid.texts if rows and rows[0] <= r <= rows[-1]] + [col])
    cols = [c for c in range(0, last + 1) if c not in grid.hidden_cols][:MAX_COLUMNS]
    if col not in cols and col not in grid.hidden_cols:
        cols = [*cols[: MAX_COLUMNS - 1], col]
    row_set, col_set = set(rows), set(cols)
    out_rows: list[GridRow] = []
    for r in rows:
        cells: list[GridCell] = []
        for c in cols:
            origin = origin_of.get((r, c))
            if origin is not None and origin != (r, c):
                # Covered by a merge: drawn by the merge's first position inside the window.
                first_r = next((x for x in rows if x >= origin[0]), None)
                first_c = next((x for x in cols if x >= origin[1]), None)
                if (r, c) != (first_r, first_c):
                    continue
            key = origin or (r, c)
            r1, c1 = extent.get(key, (r, c))
            cells.append(
                GridCell(
                    address=f"{column_name(c)}{r + 1}",
                    text=grid.texts.get(key, ""),
                    row_span=max(1, sum(1 for x in row_set if r <= x <= r1)),
                    col_span=max(1, sum(1 for x in col_set if c <= x <= c1)),
                    hit=key == target,
                )
            )
        out_rows.append(GridRow(number=r + 1, cells=cells))
    return SheetWindow(
        sheet=sheet,
        cell=address,
        columns=[column_name(c) for c in cols],
        rows=out_rows,
        from_workbook=from_workbook,
    )
