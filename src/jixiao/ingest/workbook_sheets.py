"""Workbook files opened into plain sheet grids: printed text per cell, merged ranges, hidden parts.

One result (:class:`SheetGrid`) from a backend per format, each giving what the sheet prints:

* ``.xlsx``/``.xlsm`` through **openpyxl**: it gives each cell's number format (so 0.9775 under ``0.00%``
  prints as ``97.75%``), its borders (which say where a form's grid is), merged ranges, and hidden
  sheets, rows and columns.
* ``.xls``/``.et`` (BIFF) through **xlrd** with its formatting records (:mod:`.workbook_xls`): the same.
* ``.ods`` from its ``content.xml`` (:mod:`.workbook_ods`): the text each cell prints, its spans, borders
  and hidden parts.
* **python-calamine** for a BIFF file xlrd cannot parse: values, merges and sheet visibility, but not
  number formats or borders — numbers print in Excel's General format (integers without ``.0``), the
  layout falls back to where text is, and the Document says so.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from jixiao.errors import CorruptFileError
from jixiao.errors import EncryptedFileError
from jixiao.errors import IngestError
from jixiao.ingest.number_format import format_value

MAX_CELLS = 2_000_000
"""Cells with a value a workbook may hold before reading stops (a bound on time and memory)."""
MAX_UNPACKED = 400 * 1024 * 1024
"""Bytes the sheets of an .xlsx may unpack to: a guard against ZIP bombs."""


@dataclass
class SheetCell:
    text: str
    bordered: bool = False


@dataclass
class SheetGrid:
    """One sheet: text by (row, col), 0-based; merged ranges as (r0, c0, r1, c1), inclusive."""

    name: str
    hidden: bool = False
    cells: dict[tuple[int, int], SheetCell] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    has_borders: bool = False
    """Border information was available (openpyxl) and some cell with text has a border."""


@dataclass
class CellBudget:
    """Cells a workbook may still put in its grids (:data:`MAX_CELLS` in all: a bound on time and memory)."""

    left: int = MAX_CELLS
    truncated: bool = False

    def put(self, grid: SheetGrid, r: int, c: int, text: str, bordered: bool = False) -> bool:
        """Put one cell in ``grid``; False (and ``truncated``) once the budget is spent."""
        if self.left <= 0:
            self.truncated = True
            return False
        self.left -= 1
        grid.cells[(r, c)] = SheetCell(text, bordered)
        grid.has_borders = grid.has_borders or (bordered and text != "")
        return True

    def fill(self, grid: SheetGrid, cells: Iterable[tuple[int, int, str, bool]]) -> None:
        """Put ``cells`` (row, column, text, bordered) in ``grid`` until the budget is spent.

        ``cells`` is read lazily: a sheet's cells past the budget are never formatted.
        """
        for r, c, text, bordered in cells:
            if not self.put(grid, r, c, text, bordered):
                return


@dataclass
class WorkbookGrids:
    sheets: list[SheetGrid]
    truncated: bool = False
    formats_read: bool = True
    """Values print under their number formats (False: as stored, in General format)."""
    unsaved_formulas: list[str] = field(default_factory=list)
    """``Sheet1!C7 (=B7/A7)``: formula cells the file holds no computed value for (read as empty)."""


def open_xlsx(path: Path, data: bytes) -> WorkbookGrids:
    """Sheets of an .xlsx/.xlsm workbook with printed values, borders, merges and hidden parts."""
    import openpyxl

    _check_unpacked_size(path, data)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True, read_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
        raise CorruptFileError(str(path), f"damaged workbook: it cannot be opened ({_short(exc)})") from exc
    except Exception as exc:  # openpyxl raises bare parser errors on damaged XML
        raise CorruptFileError(str(path), f"damaged workbook: {type(exc).__name__}: {_short(exc)}") from exc
    out: list[SheetGrid] = []
    budget = CellBudget()
    try:
        for ws in wb.worksheets:
            grid = SheetGrid(name=ws.title, hidden=ws.sheet_state != "visible")
            grid.merges = [
                (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges
            ]
            grid.hidden_rows = {r - 1 for r, dim in ws.row_dimensions.items() if dim.hidden}
            grid.hidden_cols = _hidden_columns(ws)
            budget.fill(grid, _xlsx_cells(ws))
            out.append(grid)
            if budget.truncated:
                break
        unsaved = _unsaved_formulas(data, wb)
    finally:
        wb.close()
    return WorkbookGrids(out, budget.truncated, unsaved_formulas=unsaved)


# A formula cell with no value (or an empty <v>) after its <f>: written by a program that does not compute.
_FORMULA_WITHOUT_VALUE = re.compile(
    rb'<c r="([A-Z]{1,3}[0-9]{1,7})"[^>]*>\s*<f[^>]*?(?:/>|>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>'
)
_MAX_NAMED = 20


def _unsaved_formulas(data: bytes, values: Any) -> list[str]:
    """Formula cells without a saved value, as ``Sheet!C7 (=formula)`` (the first few).

    ``values`` is the workbook as already loaded with the saved values; the formulas are loaded only when the
    sheets' XML holds a formula without one.
    """
    import openpyxl

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if not any(
            _FORMULA_WITHOUT_VALUE.search(z.read(n)) for n in z.namelist() if n.startswith("xl/worksheets/")
        ):
            return []
    out: list[str] = []
    formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    try:
        for ws in formulas.worksheets:
            shown = values[ws.title]
            for row in ws.iter_rows():
                for cell in row:
                    f = cell.value
                    if isinstance(f, str) and f.startswith("=") and shown[cell.coordinate].value is None:
                        out.append(f"{ws.title}!{cell.coordinate} ({f[:30]})")
                        if len(out) >= _MAX_NAMED:
                            return out
    finally:
        formulas.close()
    return out


def _xlsx_cells(ws: Any) -> Iterator[tuple[int, int, str, bool]]:
    """An openpyxl sheet's cells that print text or draw a border, as (row, column, text, bordered), 0-based."""
    for row in ws.iter_rows():
        for cell in row:
            value = cell.value
            bordered = _has_border(cell)
            if value is None and not bordered:
                continue
            text = format_value(value, cell.number_format) if value is not None else ""
            yield cell.row - 1, cell.column - 1, text, bordered


def open_with_calamine(path: Path, data: bytes) -> WorkbookGrids:
    """Sheets of an .xls/.et/.ods workbook (values, merges, visibility; no formats or borders)."""
    import python_calamine as calamine

    try:
        wb = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except calamine.PasswordError as exc:
        raise EncryptedFileError(str(path), "encrypted (password-protected) workbook") from exc
    except Exception as exc:  # calamine's errors carry the parser's message
        message = _short(exc)
        if "password" in message.lower() or "encrypt" in message.lower():
            raise EncryptedFileError(str(path), "encrypted (password-protected) workbook") from exc
        raise CorruptFileError(str(path), f"damaged workbook: it cannot be opened ({message})") from exc
    out: list[SheetGrid] = []
    budget = CellBudget()
    try:
        for meta in wb.sheets_metadata:
            try:
                sheet = wb.get_sheet_by_name(meta.name)
            except Exception as exc:
                raise CorruptFileError(
                    str(path), f"damaged workbook: sheet cannot be read ({_short(exc)})", where=meta.name
                ) from exc
            visible = str(meta.visible).rsplit(".", 1)[-1].lower() == "visible"
            grid = SheetGrid(name=meta.name, hidden=not visible)
            for r0, c0, r1, c1 in _calamine_merges(sheet):
                grid.merges.append((r0, c0, r1, c1))
            start_row, start_col = sheet.start or (0, 0)
            budget.fill(
                grid,
                (
                    (start_row + r, start_col + c, format_value(value, None), False)
                    for r, row in enumerate(sheet.iter_rows())
                    for c, value in enumerate(row)
                    if value is not None and value != ""
                ),
            )
            out.append(grid)
            if budget.truncated:
                break
    finally:
        wb.close()
    return WorkbookGrids(out, budget.truncated, formats_read=False)


def _calamine_merges(sheet: object) -> list[tuple[int, int, int, int]]:
    ranges = getattr(sheet, "merged_cell_ranges", None) or []
    out = []
    for item in ranges:
        (r0, c0), (r1, c1) = item
        out.append((int(r0), int(c0), int(r1), int(c1)))
    return out


def _has_border(cell: object) -> bool:
    border = getattr(cell, "border", None)
    if border is None:
        return False
    return any(
        getattr(getattr(border, side, None), "style", None) for side in ("left", "right", "top", "bottom")
    )


def _hidden_columns(ws: object) -> set[int]:
    from openpyxl.utils import column_index_from_string

    hidden: set[int] = set()
    for key, dim in ws.column_dimensions.items():  # type: ignore[attr-defined]
        if dim.hidden:
            first = column_index_from_string(key) if isinstance(key, str) else int(key)
            last = max(first, int(dim.max or first))
            hidden.update(range(first - 1, last))
    return hidden


def _check_unpacked_size(path: Path, data: bytes) -> None:
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(str(path), "damaged workbook: its ZIP container cannot be opened") from exc
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED:
        raise IngestError(
            str(path),
            f"workbook unpacks to {total / 2**20:.0f} MB, more than the {MAX_UNPACKED / 2**20:.0f} MB limit",
        )


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:160]
