"""OpenDocument spreadsheets (.ods) read from their ``content.xml`` with lxml.

An ODS cell carries both what it stores (``office:value-type="percentage" office:value="0.9775"``) and
what it prints (``<text:p>97.75%</text:p>``, written by the application that saved it under the cell's
data style). The printed paragraph is taken, so values read as the sheet shows them; a cell without one
is printed from its value and type (a percentage as ``97.75%``). The same pass gives what
python-calamine does not for ODS: merged ranges (``number-columns-spanned``/``rows-spanned``), borders
from the cell styles (where a form's grid is), and hidden sheets, rows and columns.

Rows and cells repeated thousands of times (how ODS writes the empty rest of a sheet) are counted,
not materialised; the cell budget bounds the rest.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from jixiao.errors import CorruptFileError
from jixiao.errors import EncryptedFileError
from jixiao.ingest.number_format import general
from jixiao.ingest.workbook_sheets import CellBudget
from jixiao.ingest.workbook_sheets import SheetGrid
from jixiao.ingest.workbook_sheets import WorkbookGrids

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
_FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
_MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"


def _t(name: str) -> str:
    return f"{{{_TABLE}}}{name}"


_CELL, _COVERED, _ROW, _COLUMN, _SHEET = (
    _t("table-cell"),
    _t("covered-table-cell"),
    _t("table-row"),
    _t("table-column"),
    _t("table"),
)
_MAX_SPAN = 10_000


class _Styles:
    """Which automatic styles draw a border (cells) or hide a sheet (tables)."""

    def __init__(self) -> None:
        self.bordered: set[str] = set()
        self.hidden_tables: set[str] = set()

    def read(self, styles: etree._Element) -> None:
        for style in styles.iter(f"{{{_STYLE}}}style"):
            name = style.get(f"{{{_STYLE}}}name")
            family = style.get(f"{{{_STYLE}}}family")
            if name is None:
                continue
            if family == "table-cell":
                props = style.find(f"{{{_STYLE}}}table-cell-properties")
                if props is not None and _draws_border(props):
                    self.bordered.add(name)
            elif family == "table":
                props = style.find(f"{{{_STYLE}}}table-properties")
                if props is not None and props.get(f"{{{_TABLE}}}display") == "false":
                    self.hidden_tables.add(name)


def _draws_border(props: etree._Element) -> bool:
    for side in ("border", "border-top", "border-bottom", "border-left", "border-right"):
        value = props.get(f"{{{_FO}}}{side}")
        if value and value.strip().lower() not in ("none", "hidden", "0"):
            return True
    return False


def _count(el: etree._Element, attribute: str) -> int:
    try:
        return max(1, int(el.get(_t(attribute)) or 1))
    except ValueError:
        return 1


def open_ods(path: Path, data: bytes) -> WorkbookGrids:
    """Sheets of an .ods workbook with printed values, borders, merges and hidden parts.

    Raises:
        EncryptedFileError: password-protected.
        CorruptFileError: the package or its content cannot be read.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if _encrypted(archive):
            raise EncryptedFileError(str(path), "encrypted (password-protected) workbook")
        content = archive.open("content.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise CorruptFileError(str(path), f"damaged workbook: its content cannot be opened ({exc})") from exc
    styles = _Styles()
    sheets: list[SheetGrid] = []
    state = _SheetState()
    try:
        for event, el in etree.iterparse(
            content, events=("start", "end"), huge_tree=True, resolve_entities=False, no_network=True
        ):
            if event == "start":
                if el.tag == _SHEET:
                    name = el.get(_t("name")) or f"Sheet{len(sheets) + 1}"
                    hidden = el.get(_t("style-name")) in styles.hidden_tables
                    sheets.append(SheetGrid(name=name, hidden=hidden))
                    state.start_sheet(sheets[-1])
                continue
            if el.tag == f"{{{_OFFICE}}}automatic-styles":
                styles.read(el)
            elif el.tag == _COLUMN and state.grid is not None:
                state.column(el)
            elif el.tag == _ROW and state.grid is not None:
                state.row(el, styles)
                el.clear(keep_tail=False)
            elif el.tag == _SHEET:
                state.grid = None
                el.clear(keep_tail=False)
            if state.budget.truncated:
                break
    except etree.XMLSyntaxError as exc:
        raise CorruptFileError(str(path), f"damaged workbook: {exc}") from exc
    return WorkbookGrids(sheets, state.budget.truncated)


def _encrypted(archive: zipfile.ZipFile) -> bool:
    try:
        manifest = archive.read("META-INF/manifest.xml")
    except KeyError:
        return False
    return b"encryption-data" in manifest


class _SheetState:
    def __init__(self) -> None:
        self.budget = CellBudget()
        self.grid: SheetGrid | None = None
        self.r = 0
        self.c = 0

    def start_sheet(self, grid: SheetGrid) -> None:
        self.grid, self.r, self.c = grid, 0, 0

    def column(self, el: etree._Element) -> None:
        assert self.grid is not None
        n = _count(el, "number-columns-repeated")
        if el.get(_t("visibility")) in ("collapse", "filter"):
            self.grid.hidden_cols.update(range(self.c, self.c + min(n, _MAX_SPAN)))
        self.c += n

    def row(self, el: etree._Element, styles: _Styles) -> None:
        grid = self.grid
        assert grid is not None
        repeat = _count(el, "number-rows-repeated")
        hidden = el.get(_t("visibility")) in ("collapse", "filter")
        cells = self._cells(el, styles)
        # A row repeated many times with nothing in it is the empty rest of the sheet: counted only.
        times = min(repeat, _MAX_SPAN) if cells else 0
        for k in range(times):
            r = self.r + k
            if hidden:
                grid.hidden_rows.add(r)
            for c, (text, bordered, spans) in cells.items():
                if not self.budget.put(grid, r, c, text, bordered):
                    return
                if spans != (1, 1):
                    grid.merges.append((r, c, r + spans[0] - 1, c + spans[1] - 1))
        if hidden and not cells:
            grid.hidden_rows.update(range(self.r, self.r + min(repeat, _MAX_SPAN)))
        self.r += repeat

    def _cells(self, row: etree._Element, styles: _Styles) -> dict[int, tuple[str, bool, tuple[int, int]]]:
        out: dict[int, tuple[str, bool, tuple[int, int]]] = {}
        c = 0
        for cell in row:
            if cell.tag not in (_CELL, _COVERED):
                continue
            repeat = _count(cell, "number-columns-repeated")
            bordered = cell.get(_t("style-name")) in styles.bordered
            text = _printed(cell) if cell.tag == _CELL else ""
            spans = (
                min(_count(cell, "number-rows-spanned"), _MAX_SPAN),
                min(_count(cell, "number-columns-spanned"), _MAX_SPAN),
            )
            if text or bordered:
                for k in range(min(repeat, _MAX_SPAN)):
                    out[c + k] = (text, bordered, spans if cell.tag == _CELL else (1, 1))
            c += repeat
        return out


def _printed(cell: etree._Element) -> str:
    """The cell as the sheet shows it: its text paragraphs, else its value by type."""
    lines = [_paragraph_text(p) for p in cell.iter(f"{{{_TEXT}}}p", f"{{{_TEXT}}}h")]
    if lines:
        return "\n".join(lines)
    kind = cell.get(f"{{{_OFFICE}}}value-type")
    if kind in ("float", "currency"):
        return _number(cell.get(f"{{{_OFFICE}}}value"), 1)
    if kind == "percentage":
        text = _number(cell.get(f"{{{_OFFICE}}}value"), 100)
        return f"{text}%" if text else ""
    if kind == "date":
        return (cell.get(f"{{{_OFFICE}}}date-value") or "").split("T")[0]
    if kind == "time":
        return cell.get(f"{{{_OFFICE}}}time-value") or ""
    if kind == "boolean":
        return "TRUE" if cell.get(f"{{{_OFFICE}}}boolean-value") == "true" else "FALSE"
    return ""


def _number(raw: str | None, scale: int) -> str:
    try:
        return general(round(float(raw or ""), 10) * scale)
    except ValueError:
        return ""


def _paragraph_text(p: etree._Element) -> str:
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        parts.append(el.text or "")
        for child in el:
            tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
            if tag == "s":
                try:
                    parts.append(" " * max(1, int(child.get(f"{{{_TEXT}}}c") or 1)))
                except ValueError:
                    parts.append(" ")
            elif tag == "tab":
                parts.append("\t")
            elif tag == "line-break":
                parts.append("\n")
            elif tag:
                walk(child)
            parts.append(child.tail or "")

    walk(p)
    return "".join(parts)
