"""Table geometry shared by the extractors: rows as cell lists, header → column maps, right alignment.

The readers give a grid in which a merged cell appears in every position it covers (DOCX, PDF), or in which
a merged cell appears once and its other positions are empty (text converted from DOCX). The extractors
therefore never rely on a merged cell repeating: an empty 一级/二级 cell means "same as above" (carried down
by the indicator extractor), and values are found by column position after the header is mapped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from functools import cached_property
from typing import Generic
from typing import TypeVar

from jixiao.schema import Cell
from jixiao.schema import Provenance
from jixiao.schema import Table
from jixiao.tables.labels import squash
from jixiao.tables.numbers import is_null
from jixiao.tables.numbers import parse_decimal

F = TypeVar("F", bound=str)


@dataclass(frozen=True)
class RowView:
    """One grid row of a table: a cell (or None) per column, merged cells repeated in every position."""

    table: Table
    index: int
    cells: tuple[Cell | None, ...]

    def text(self, col: int) -> str:
        """Text at ``col`` ('' outside the row or where nothing is), trimmed."""
        if col < 0 or col >= len(self.cells):
            return ""
        cell = self.cells[col]
        return cell.text.strip() if cell is not None else ""

    def cell(self, col: int) -> Cell | None:
        return self.cells[col] if 0 <= col < len(self.cells) else None

    def distinct(self) -> list[tuple[int, Cell]]:
        """(first column, cell) for each distinct cell left to right; a merged cell is listed once."""
        return list(self._distinct)

    @cached_property
    def _distinct(self) -> tuple[tuple[int, Cell], ...]:
        out: list[tuple[int, Cell]] = []
        seen: set[int] = set()
        for col, cell in enumerate(self.cells):
            if cell is None or id(cell) in seen:
                continue
            seen.add(id(cell))
            out.append((col, cell))
        return tuple(out)

    def texts(self) -> list[str]:
        """Texts of the distinct cells, trimmed."""
        return [c.text.strip() for _, c in self.distinct()]

    def nonempty(self) -> list[tuple[int, Cell]]:
        """Distinct cells that hold something other than a null mark."""
        return [(col, c) for col, c in self.distinct() if c.text.strip() and not is_null(c.text)]

    @property
    def is_blank(self) -> bool:
        return not self.nonempty()

    def repeats(self, above: RowView | None, col: int) -> bool:
        """True when the cell at ``col`` prints the text of the row above again (a merged label written out
        in every row of a form that merges nothing)."""
        text = self.text(col)
        return above is not None and bool(text) and above.text(col) == text

    def owns(self, col: int) -> bool:
        """True when the cell at ``col`` starts on this row (not a vertical merge from above)."""
        cell = self.cell(col)
        return cell is not None and cell.row == self.index

    @property
    def page(self) -> int | None:
        """PDF page of the row (its first own cell's), None outside PDFs."""
        pages = [c.prov.page for _, c in self.distinct() if c.row == self.index and c.prov.page is not None]
        return min(pages) if pages else None

    def last_col(self) -> int:
        """Grid column of the last cell that starts on this row (-1 for none)."""
        own = [col for col, c in self.distinct() if c.row == self.index]
        return max(own) if own else -1


def table_rows(table: Table) -> list[RowView]:
    """Every grid row of ``table`` as a RowView."""
    return [RowView(table, r, tuple(row)) for r, row in enumerate(table.grid())]


def cell_prov(cell: Cell | None, fallback: Provenance) -> Provenance:
    """The cell's provenance marked as read by a table rule (or ``fallback`` when there is no cell); a cell
    read by OCR keeps ``method="ocr"``."""
    prov = cell.prov if cell is not None else fallback
    if prov.method in ("table_rule", "ocr"):
        return prov  # a value OCR read stays ``ocr``: its confidence and box are what a reviewer checks
    # The reader's provenance is already valid: copy it without validating it again (this runs per cell).
    return Provenance.model_construct(**{**prov.__dict__, "method": "table_rule"})


def contains_any(text: str, words: Sequence[str]) -> bool:
    t = squash(text)
    return any(w in t for w in words)


@dataclass
class ColumnMap(Generic[F]):
    """Which field each grid column of a header row stands for."""

    header_row: int
    fields: dict[int, F] = field(default_factory=dict)
    shift: int = 0

    def col(self, name: F) -> int | None:
        """First column mapped to ``name``."""
        cols = [c for c, f in self.fields.items() if f == name]
        return min(cols) if cols else None

    def cols(self) -> list[tuple[int, F]]:
        return sorted(self.fields.items())

    @property
    def last(self) -> int:
        return max(self.fields) if self.fields else -1


def map_header(row: RowView, classify: Callable[[str], F | None], *, shift: int = 0) -> ColumnMap[F]:
    """Map each column of a header row to a field with ``classify``; a merged header cell maps every column.

    ``shift`` moves the whole header right (a header row that lost its first cell to a spill).
    """
    cmap: ColumnMap[F] = ColumnMap(header_row=row.index, shift=shift)
    used: set[F] = set()
    for col, cell in enumerate(row.cells):
        if cell is None:
            continue
        name = classify(cell.text)
        if name is None:
            continue
        # A merged header cell repeats in the grid: keep its first column only, so a field has one column.
        if name in used:
            continue
        used.add(name)
        cmap.fields[col + shift] = name
    return cmap


def typical_last_col(rows: Sequence[RowView]) -> int:
    """The most common last column among rows: the table's real width where some rows lost cells."""
    counts = Counter(r.last_col() for r in rows if not r.is_blank)
    return counts.most_common(1)[0][0] if counts else -1


def is_number_cell(text: str) -> bool:
    """True for a cell that is a single number (or a percentage)."""
    t = text.strip().rstrip("%％")
    return bool(t) and parse_decimal(t) is not None and not any(ch.isalpha() for ch in t.replace(".", ""))


def aligned_cells(row: RowView, width: int, numeric_cols: Sequence[int]) -> list[Cell | None]:
    """The row's cells, moved right when the row lost leading cells (a paragraph break shifted the columns).

    The shift is chosen so that the columns expected to hold numbers (weight, score) hold numbers: a row
    whose last cells are numbers but sit one or two columns left of where the header puts them is moved
    right by that many columns (domain.md §6: align from the right). Rows that are merely missing empty
    trailing cells are left alone.
    """
    cells = list(row.cells) + [None] * max(0, width - len(row.cells))
    if not numeric_cols:
        return cells

    def fit(candidate: list[Cell | None]) -> int:
        score = 0
        for col in numeric_cols:
            cell = candidate[col] if col < len(candidate) else None
            text = cell.text.strip() if cell is not None else ""
            if not text or is_null(text):
                continue
            score += 1 if is_number_cell(text) else -2
        return score

    best, best_fit = cells, fit(cells)
    for shift in (1, 2):
        moved: list[Cell | None] = [*([None] * shift), *cells[: len(cells) - shift]]
        # Only cells that carried content may be pushed off the right edge if they were empty.
        if any(c is not None and c.text.strip() for c in cells[len(cells) - shift :]):
            continue
        f = fit(moved)
        if f > best_fit:
            best, best_fit = moved, f
    return best


__all__ = [
    "ColumnMap",
    "RowView",
    "aligned_cells",
    "cell_prov",
    "contains_any",
    "is_number_cell",
    "map_header",
    "table_rows",
    "typical_last_col",
]
