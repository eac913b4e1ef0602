"""Which field each column of a form part holds: by its header first, by its contents second.

:func:`map_columns` reads a header row with the form vocabulary (:mod:`jixiao.vocabulary`): each header
cell is matched exactly, after normalising, or by fuzzy score, and a field claimed by two columns goes to
the better match. Columns the header leaves open (no header, a wording nobody listed) are then judged by
what the data rows below hold (:func:`profile`): numbers, percentages, values with operators and units,
long text. Every decision is kept as a :class:`~jixiao.schema.ColumnMapping` (header text → field, how it
was matched, the score), so a reviewer sees why a value landed where it did and the coverage record names
every column that was not mapped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from typing import Literal

from jixiao.schema import Cell
from jixiao.schema import ColumnMapping
from jixiao.schema import MatchMethod
from jixiao.tables.labels import is_known_column
from jixiao.tables.labels import match_header
from jixiao.tables.labels import squash
from jixiao.tables.layout import ColumnMap
from jixiao.tables.layout import RowView
from jixiao.tables.layout import is_number_cell
from jixiao.tables.numbers import is_null
from jixiao.vocabulary import HeaderMatch

Record = Literal["indicator", "fund"]
_METHOD_RANK: dict[str, int] = {
    "exact": 3,
    "normalised": 2,
    "fuzzy": 1,
    "content": 0,
    "position": 0,
    "llm": 1,
}
_VALUE = re.compile(
    r"^[≥≤><=＝≧≦约]|^\d[\d,.]*\s*\S{0,6}$|[\d.]+\s*%$|以上$|以内$|以下$|不少于|不低于|不超过"
)


@dataclass
class ColumnProfile:
    """What a column's data cells hold: how many, and how many of each kind."""

    col: int
    cells: int = 0
    numbers: int = 0
    percents: int = 0
    values: int = 0
    long_text: int = 0
    total_chars: int = 0

    def share(self, count: int) -> float:
        return count / self.cells if self.cells else 0.0

    @property
    def numeric(self) -> float:
        """Share of cells that are a bare number (weights, scores, amounts)."""
        return self.share(self.numbers)

    @property
    def mean_chars(self) -> float:
        return self.total_chars / self.cells if self.cells else 0.0


def profile(rows: Sequence[RowView], col: int) -> ColumnProfile:
    """Profile the cells that start on each row at ``col`` (a merged label repeated down is counted once)."""
    p = ColumnProfile(col)
    seen: set[int] = set()
    for row in rows:
        cell = row.cell(col)
        # A cell merged across columns belongs to its first column; one merged down is counted once.
        if cell is None or cell.col != col or id(cell) in seen or not cell.text.strip() or is_null(cell.text):
            continue
        seen.add(id(cell))
        text = cell.text.strip()
        p.cells += 1
        p.total_chars += len(text)
        if is_number_cell(text):
            p.numbers += 1
            if text.endswith(("%", "％")):
                p.percents += 1
        elif _VALUE.search(text.replace(" ", "")):
            p.values += 1
        if len(text) > 15:
            p.long_text += 1
    return p


@dataclass
class MappedColumns:
    """A header row read into fields, and the record of how each column was read."""

    cmap: ColumnMap[str]
    mappings: list[ColumnMapping] = field(default_factory=list)
    units: dict[int, str] = field(default_factory=dict)

    def note(self, col: int, header: str, name: str | None, method: MatchMethod | None, score: float | None):
        for m in self.mappings:
            if m.col == col:
                m.field, m.method, m.score = name, method, score
                return
        self.mappings.append(ColumnMapping(col=col, header=header, field=name, method=method, score=score))
        self.mappings.sort(key=lambda m: m.col)

    @property
    def unmapped(self) -> list[ColumnMapping]:
        return [m for m in self.mappings if m.unmapped]


def _better(a: HeaderMatch, b: HeaderMatch) -> bool:
    return (_METHOD_RANK[a.method], a.score) > (_METHOD_RANK[b.method], b.score)


def map_columns(record: Record, row: RowView, *, shift: int = 0) -> MappedColumns:
    """Map each column of a header row to a field of ``record``; a merged header cell maps its first column.

    A field two header cells name goes to the better match (exact over normalised over fuzzy, then the
    score); on a tie the cell that does not carry a unit note wins, so ``年度预算数（万元）`` over a label
    column yields to the ``调整后预算数`` column (the unit note is the block's, not the column's).
    ``shift`` moves the whole header right (a header row that lost its first cell to a spill).
    """
    found: dict[str, tuple[int, HeaderMatch]] = {}
    out = MappedColumns(ColumnMap(header_row=row.index, shift=shift))
    for col, cell in row.distinct():
        text = cell.text.strip()
        if not text:
            continue
        match = match_header(record, cell.text)
        target = col + shift
        if match is None:
            known = is_known_column(record, cell.text)
            out.mappings.append(
                ColumnMapping(col=target, header=text, field=None, note="known column" if known else None)
            )
            continue
        out.mappings.append(
            ColumnMapping(
                col=target, header=text, field=match.field, method=match.method, score=match.score,
                unit=match.header.unit,
            )
        )  # fmt: skip
        if match.header.unit:
            out.units[target] = match.header.unit
        prev = found.get(match.field)
        if prev is None:
            found[match.field] = (target, match)
            continue
        keep_new = _better(match, prev[1]) or (
            not _better(prev[1], match) and prev[1].header.unit is not None and match.header.unit is None
        )
        loser = prev[0] if keep_new else target
        if keep_new:
            found[match.field] = (target, match)
        for m in out.mappings:
            if m.col == loser:
                m.field, m.method, m.score = None, None, None
    for name, (col, _) in found.items():
        out.cmap.fields[col] = name
    out.mappings.sort(key=lambda m: m.col)
    return out


def open_columns(mapped: MappedColumns, rows: Sequence[RowView], width: int) -> list[ColumnProfile]:
    """Profiles of the columns the header left open that hold data, left to right.

    A column whose every data cell is one merged cell (a block label such as 绩效指标 down its rows) is a
    label, not data, and is left out.
    """
    taken = set(mapped.cmap.fields)
    known = {m.col for m in mapped.mappings if m.note == "known column"}
    out: list[ColumnProfile] = []
    for col in range(width):
        if col in taken or col in known:
            continue
        p = profile(rows, col)
        if p.cells >= 1 and not _single_merged(rows, col):
            out.append(p)
    return out


def annotate(mapped: MappedColumns, rows: Sequence[RowView], width: int) -> None:
    """Say why each column without a field holds none: a block label merged down its rows, or anything left
    of the first mapped column ('row labels'),
    nothing under it ('no data'); a column with data that no field took stays unmapped, and one with data
    but no header is listed with an empty header text so the coverage record still names it."""
    noted = {m.col for m in mapped.mappings}
    first = min(mapped.cmap.fields, default=0)
    for m in mapped.mappings:
        if m.field is not None or m.note is not None:
            continue
        if m.col < first or _single_merged(rows, m.col):
            m.note = "row labels"
        elif profile(rows, m.col).cells == 0:
            m.note = "no data"
        else:
            m.samples = samples(rows, m.col)
    for col in range(first, width):
        if col in noted or col in mapped.cmap.fields:
            continue
        p = profile(rows, col)
        if p.cells and not _single_merged(rows, col):
            mapped.mappings.append(ColumnMapping(col=col, header="", field=None, samples=samples(rows, col)))
    mapped.mappings.sort(key=lambda m: m.col)


SAMPLES = 3
SAMPLE_CHARS = 24


def samples(rows: Sequence[RowView], col: int) -> list[str]:
    """A few of the column's cells (the first distinct ones), shortened: what an unmapped column holds."""
    out: list[str] = []
    for row in rows:
        cell = row.cell(col)
        if cell is None or cell.col != col or cell.row != row.index:
            continue
        text = " ".join(cell.text.split())
        if text and not is_null(text) and text not in out:
            out.append(text[:SAMPLE_CHARS])
        if len(out) >= SAMPLES:
            break
    return out


def _single_merged(rows: Sequence[RowView], col: int) -> bool:
    """A column that holds one label down all its rows: one merged cell, or the same text repeated (a
    merged label cut by page breaks into several cells)."""
    texts: set[str] = set()
    cells = 0
    for row in rows:
        cell = row.cell(col)
        if cell is not None and cell.text.strip():
            texts.add(squash(cell.text))
            cells += 1
    return len(texts) == 1 and len(rows) > 1 and not any(ch.isdigit() for ch in next(iter(texts)))


def assign(
    mapped: MappedColumns,
    col: int,
    name: str,
    header_of: Callable[[int], str],
    *,
    method: MatchMethod = "content",
    score: float = 1.0,
) -> None:
    """Give column ``col`` the field ``name`` (read from its contents) and record it."""
    mapped.cmap.fields[col] = name
    mapped.note(col, header_of(col), name, method, round(score, 3))


def header_text(row: RowView, shift: int = 0) -> Callable[[int], str]:
    """The header text printed above each grid column of ``row`` ('' where there is none)."""

    def text_at(col: int) -> str:
        cell: Cell | None = row.cell(col - shift)
        return cell.text.strip() if cell is not None else ""

    return text_at


__all__ = [
    "ColumnProfile",
    "MappedColumns",
    "assign",
    "header_text",
    "map_columns",
    "open_columns",
    "profile",
]
