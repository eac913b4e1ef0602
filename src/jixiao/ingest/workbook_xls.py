"""Legacy Excel workbooks (.xls, and WPS .et, both BIFF in an OLE2 file) through **xlrd**.

xlrd with ``formatting_info=True`` gives what the sheet prints and not only what it stores: each cell's
XF record names its number format (so 0.9775 under ``0.00%`` prints as ``97.75%``, a date serial as the
date) and its borders (which say where a form's grid is); it also gives merged ranges and hidden sheets,
rows and columns. python-calamine reads the same files faster but gives neither formats nor borders; it
is kept for files xlrd cannot parse (:func:`jixiao.ingest.workbook_sheets.open_with_calamine`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jixiao.errors import CorruptFileError
from jixiao.errors import EncryptedFileError
from jixiao.ingest.number_format import format_value
from jixiao.ingest.workbook_sheets import CellBudget
from jixiao.ingest.workbook_sheets import SheetGrid
from jixiao.ingest.workbook_sheets import WorkbookGrids


class XlsUnreadable(Exception):
    """xlrd could not parse the file (another reader may still)."""


def open_xls(path: Path, data: bytes) -> WorkbookGrids:
    """Sheets of a BIFF workbook with printed values, borders, merges and hidden parts.

    Raises:
        EncryptedFileError: password-protected.
        XlsUnreadable: xlrd cannot parse the file.
    """
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except xlrd.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise EncryptedFileError(str(path), "encrypted (password-protected) workbook") from exc
        raise XlsUnreadable(str(exc)) from exc
    except Exception as exc:  # xlrd raises bare struct/index errors on damaged records
        raise XlsUnreadable(f"{type(exc).__name__}: {exc}") from exc
    sheets: list[SheetGrid] = []
    budget = CellBudget()
    try:
        for index in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(index)
            except Exception as exc:
                raise CorruptFileError(
                    str(path), f"damaged workbook: sheet {index + 1} cannot be read ({exc})"
                ) from exc
            grid = SheetGrid(name=sheet.name, hidden=sheet.visibility != 0)
            grid.merges = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sheet.merged_cells]
            grid.hidden_rows = {r for r, info in sheet.rowinfo_map.items() if info.hidden}
            grid.hidden_cols = {c for c, info in sheet.colinfo_map.items() if info.hidden}
            budget.fill(grid, _sheet_cells(book, sheet))
            sheets.append(grid)
            book.unload_sheet(index)
            if budget.truncated:
                break
    finally:
        book.release_resources()
    return WorkbookGrids(sheets, budget.truncated)


def _sheet_cells(book: Any, sheet: Any) -> Iterator[tuple[int, int, str, bool]]:
    """A sheet's cells that print text or draw a border, as (row, column, text, bordered), 0-based."""
    for r in range(sheet.nrows):
        for c in range(sheet.row_len(r)):
            cell = sheet.cell(r, c)
            xf = book.xf_list[cell.xf_index] if cell.xf_index is not None else None
            bordered = xf is not None and _has_border(xf)
            text = _printed(book, cell, xf)
            if text or bordered:
                yield r, c, text, bordered


def _printed(book: object, cell: object, xf: object | None) -> str:
    import xlrd

    ctype, value = cell.ctype, cell.value  # type: ignore[attr-defined]
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if ctype == xlrd.XL_CELL_TEXT:
        return str(value)
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if ctype == xlrd.XL_CELL_ERROR:
        return str(xlrd.error_text_from_code.get(value, "#ERROR"))
    code = _format_code(book, xf)
    if ctype == xlrd.XL_CELL_DATE:
        try:
            moment = xlrd.xldate.xldate_as_datetime(value, book.datemode)  # type: ignore[attr-defined]
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return format_value(float(value), None)
        # A serial below one day is a time of day, not 1899-12-31.
        return format_value(moment.time() if 0 <= value < 1 else moment, code)
    return format_value(float(value), code)


def _format_code(book: object, xf: object | None) -> str | None:
    if xf is None:
        return None
    fmt = book.format_map.get(xf.format_key)  # type: ignore[attr-defined]
    return None if fmt is None else str(fmt.format_str)


def _has_border(xf: object) -> bool:
    border = xf.border  # type: ignore[attr-defined]
    return any(getattr(border, f"{side}_line_style", 0) for side in ("top", "bottom", "left", "right"))
