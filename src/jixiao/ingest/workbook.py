"""Workbook reader (.xlsx/.xlsm/.xls/.et/.ods): each sheet a section, its forms as tables with spans.

A sheet is laid out as it prints: rows of text outside the form's grid — a title merged across the
width, ``单位：万元``, ``填报单位：…`` — become paragraphs, and the rows of the grid become one table. A
form is *not* cut at blank rows inside it (a 自评表 often has a spacer row between its fund and
indicator parts); only a row of text outside the grid between two grids starts a new table.

Which rows belong to the grid: where the workbook draws borders (xlsx), a row with a bordered cell;
otherwise (no borders drawn, or a format without them) a row holding two or more cells, or one cell
between two such rows. Fully blank rows and columns inside a table are left out and merged ranges are
shrunk to match. Hidden sheets, rows and columns are not printed, so they are left out and noted in
the Document's warnings.

Each sheet opens with a paragraph holding its name (a section a reviewer can find), unless the name
is a spreadsheet default (``Sheet1``, ``工作表1``) or only repeats a line the sheet prints outside its
grid — a sheet named after its form's title, or cut from it (names hold at most 31 characters): a
second copy of the title would read as a section of its own. Every block keeps the sheet's name in its
provenance: ``sheet`` and ``cell`` (the A1 address of a cell's top-left corner), plus the span in the
canonical text.
"""

from __future__ import annotations

import re
from pathlib import Path

from jixiao.ingest.builder import CellInput
from jixiao.ingest.builder import DocumentBuilder
from jixiao.ingest.noise import clean
from jixiao.ingest.noise import strip_blank
from jixiao.ingest.table_rows import repeated_header_rows
from jixiao.ingest.workbook_ods import open_ods
from jixiao.ingest.workbook_sheets import SheetGrid
from jixiao.ingest.workbook_sheets import WorkbookGrids
from jixiao.ingest.workbook_sheets import open_with_calamine
from jixiao.ingest.workbook_sheets import open_xlsx
from jixiao.ingest.workbook_xls import XlsUnreadable
from jixiao.ingest.workbook_xls import open_xls
from jixiao.schema import Document

_DEFAULT_SHEET_NAME = re.compile(r"^(?:sheet|工作表|表)\s*\d*$", re.IGNORECASE)


# Characters a sheet name cannot hold (Excel drops them when a title becomes a name), and blanks.
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\\s]")


def _repeats_a_line(name: str, lines: list[str]) -> bool:
    """The sheet name is (a cut of) one of the lines the sheet prints outside its grid."""
    key = _NOT_IN_SHEET_NAMES.sub("", name)
    return bool(key) and any(key in _NOT_IN_SHEET_NAMES.sub("", line) for line in lines)


def column_letter(col: int) -> str:
    """0-based column index → ``A``, ``B`` … ``AA``."""
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_address(row: int, col: int) -> str:
    """0-based (row, col) → ``C7``."""
    return f"{column_letter(col)}{row + 1}"


def read_workbook(path: Path, data: bytes, kind: str) -> Document:
    """Read a workbook; ``kind`` is ``xlsx`` (OOXML, openpyxl), ``xls`` (BIFF: xlrd) or ``ods``.

    Raises:
        CorruptFileError: the workbook cannot be opened.
        EncryptedFileError: password-protected.
        EmptyDocumentError: no visible sheet holds any text.
    """
    from jixiao.errors import EmptyDocumentError

    grids = open_workbook(path, data, kind)
    builder = DocumentBuilder(path=path, format="xlsx", data=data, pages=None)
    if not grids.formats_read:
        builder.warnings.append(
            f"{kind} workbook: number formats are not read, numbers are printed as stored (General)"
        )
    if grids.truncated:
        builder.warnings.append("the workbook holds more cells than can be read; later cells are left out")
    if grids.unsaved_formulas:
        # The program that wrote the file did not compute them: what they would show is not in it.
        builder.unread.append(
            "formula cells with no saved value, read as empty: " + ", ".join(grids.unsaved_formulas)
        )
    for grid in grids.sheets:
        if grid.hidden:
            if grid.cells:
                builder.warnings.append(f"hidden sheet '{grid.name}' left out ({len(grid.cells)} cells)")
            continue
        _SheetLayout(builder, grid).run()
    if not builder.n_blocks:
        raise EmptyDocumentError(str(path), "the workbook's visible sheets hold no text")
    return builder.build()


def open_workbook(path: Path, data: bytes, kind: str) -> WorkbookGrids:
    """The sheets of a workbook as grids of printed text (``kind``: ``xlsx``, ``xls`` or ``ods``).

    Raises:
        CorruptFileError, EncryptedFileError: the workbook cannot be opened.
    """
    if kind == "xlsx":
        return open_xlsx(path, data)
    if kind == "ods":
        return open_ods(path, data)
    try:
        return open_xls(path, data)
    except XlsUnreadable:
        # calamine parses some BIFF files xlrd refuses; their values print without number formats.
        return open_with_calamine(path, data)


class _SheetLayout:
    def __init__(self, builder: DocumentBuilder, grid: SheetGrid) -> None:
        self.builder = builder
        self.grid = grid
        self.texts: dict[tuple[int, int], str] = {}
        self.covered: dict[tuple[int, int], tuple[int, int]] = {}
        self.extent: dict[tuple[int, int], tuple[int, int]] = {}
        for r0, c0, r1, c1 in grid.merges:
            self.extent[(r0, c0)] = (r1, c1)
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        self.covered[(r, c)] = (r0, c0)
        self.covered_by_row: dict[int, list[tuple[int, int]]] = {}
        for (r, _), origin in self.covered.items():
            self.covered_by_row.setdefault(r, []).append(origin)
        self.bordered_rows = {r for (r, _), cell in grid.cells.items() if cell.bordered}
        self.max_col = max((c for _, c in grid.cells), default=0)

    def text(self, r: int, c: int) -> str:
        cached = self.texts.get((r, c))
        if cached is not None:
            return cached
        cell = self.grid.cells.get((r, c))
        text = "" if cell is None else strip_blank(clean(cell.text, self._record))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.texts[(r, c)] = text
        return text

    def _record(self, kind: str, raw: str) -> None:
        self.builder.add_noise(kind, raw)

    def run(self) -> None:
        grid = self.grid
        hidden_rows = sorted(r for r in grid.hidden_rows if any(k[0] == r for k in grid.cells))
        if hidden_rows:
            listed = ", ".join(str(r + 1) for r in hidden_rows[:10]) + (" …" if len(hidden_rows) > 10 else "")
            self.builder.warnings.append(f"sheet '{grid.name}': hidden rows left out: {listed}")
        hidden_cols = sorted(c for c in grid.hidden_cols if any(k[1] == c for k in grid.cells))
        if hidden_cols:
            cols = ", ".join(column_letter(c) for c in hidden_cols[:10])
            self.builder.warnings.append(f"sheet '{grid.name}': hidden columns left out: {cols}")
        by_row: dict[int, list[int]] = {}
        for r, c in grid.cells:
            if r in grid.hidden_rows or c in grid.hidden_cols or (r, c) in self.covered:
                continue
            if self.text(r, c):
                by_row.setdefault(r, []).append(c)
        if not by_row:
            return
        rows = sorted(by_row)
        kinds = {r: self._row_is_grid(r, by_row[r]) for r in rows}
        # A one-cell row between two grid rows belongs to the grid (a label merged across the form).
        for i, r in enumerate(rows):
            if not kinds[r] and 0 < i < len(rows) - 1 and kinds[rows[i - 1]] and kinds[rows[i + 1]]:
                kinds[r] = not grid.has_borders or self._bordered(r)
        name = grid.name.strip()
        printed = [self._row_text(r, by_row[r]) for r in rows if not kinds[r]]
        if not _DEFAULT_SHEET_NAME.match(name) and not _repeats_a_line(name, printed):
            self.builder.add_paragraph(name, sheet=grid.name)
        run: list[int] = []
        for r in rows:
            if kinds[r]:
                run.append(r)
                continue
            self._flush_table(run)
            run = []
            self._paragraphs(r, sorted(by_row[r]))
        self._flush_table(run)

    def _bordered(self, r: int) -> bool:
        return r in self.bordered_rows

    def _row_is_grid(self, r: int, cols: list[int]) -> bool:
        if self.grid.has_borders:
            return any(self.grid.cells[(r, c)].bordered for c in cols) or self._covered_bordered(r)
        occupied = len(cols) + sum(
            1 for origin in set(self.covered_by_row.get(r, [])) if origin[0] < r and self.text(*origin)
        )
        return occupied >= 2

    def _covered_bordered(self, r: int) -> bool:
        for origin in self.covered_by_row.get(r, []):
            cell = self.grid.cells.get(origin)
            if cell is not None and cell.bordered and cell.text:
                return True
        return False

    def _row_text(self, r: int, cols: list[int]) -> str:
        return " ".join(self.text(r, c) for c in sorted(cols))

    def _paragraphs(self, r: int, cols: list[int]) -> None:
        text = self._row_text(r, cols)
        for line in text.split("\n"):
            line = strip_blank(line)
            if line:
                self.builder.add_paragraph(line, sheet=self.grid.name, cell=cell_address(r, cols[0]))

    def _flush_table(self, rows: list[int]) -> None:
        if not rows:
            return
        grid = self.grid
        row_set = set(rows)
        cols_with_text: set[int] = set()
        for r in rows:
            for c in range(self.max_col + 1):
                if c in grid.hidden_cols or (r, c) in self.covered:
                    continue
                if self.text(r, c):
                    cols_with_text.add(c)
        cols = sorted(cols_with_text)
        col_index = {c: i for i, c in enumerate(cols)}
        row_index = {r: i for i, r in enumerate(rows)}
        cells: list[CellInput] = []
        for r in rows:
            for c in cols:
                if (r, c) in self.covered:
                    origin = self.covered[(r, c)]
                    # An origin outside the table (above it, or in a dropped column) leaves its covered
                    # part to the first kept position of the merge.
                    if origin[0] in row_set and origin[1] in col_index:
                        continue
                    if (r - 1, c) in self.covered and self.covered[(r - 1, c)] == origin and r - 1 in row_set:
                        continue
                    if c - 1 in col_index and self.covered.get((r, c - 1)) == origin:
                        continue
                    r1, c1 = self.extent[origin]
                    text = self.text(*origin)
                else:
                    r1, c1 = self.extent.get((r, c), (r, c))
                    text = self.text(r, c)
                row_span = sum(1 for x in rows if r <= x <= r1)
                col_span = sum(1 for x in cols if c <= x <= c1)
                cells.append(
                    CellInput(
                        row=row_index[r],
                        col=col_index[c],
                        row_span=max(1, row_span),
                        col_span=max(1, col_span),
                        text=text,
                        sheet=grid.name,
                        cell=cell_address(r, c),
                    )
                )
        self.builder.add_table(cells, header_rows=repeated_header_rows(cells), sheet=grid.name)
