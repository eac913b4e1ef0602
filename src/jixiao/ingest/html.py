"""Web page reader (.html/.htm/.shtml, and pages saved under other names): the document without the portal.

:mod:`jixiao.ingest.html_page` decodes the page, parses it with lxml's HTML parser, removes the
portal's furniture and finds the element holding the document. This module walks that element in
document order:

* block elements (``p``, ``div``, headings, list items …) and ``<br>`` end a paragraph; inline
  elements are read into the paragraph they sit in; whitespace collapses as a browser shows it (none
  between two Chinese characters);
* a ``<table>`` of data becomes a :class:`~jixiao.schema.Table` with ``rowspan``/``colspan`` as cell
  spans (laid out by the HTML table algorithm); in-cell paragraphs and line breaks become ``\\n``; a
  table inside a cell becomes its own block after its parent, with ``parent`` set. A table used only
  to lay out the page is walked as a container;
* lines that are page furniture (发布时间、来源、打印本页、关闭窗口 …) left inside the content are dropped.

Provenance: the span in the canonical text and the element's path (``body/table/tr[2]/td[3]``).
lxml was chosen over selectolax: it is already installed (python-docx needs it), gives an element's
path directly, and parsing is a small share of the reading time (benchmarks/).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from lxml import etree

from jixiao.errors import EmptyDocumentError
from jixiao.ingest.builder import CellInput
from jixiao.ingest.builder import DocumentBuilder
from jixiao.ingest.html_page import MIN_DOCUMENT_CHARS
from jixiao.ingest.html_page import PARAGRAPH_TAGS
from jixiao.ingest.html_page import PATH_ATTRIBUTE
from jixiao.ingest.html_page import decode_page
from jixiao.ingest.html_page import find_main
from jixiao.ingest.html_page import is_chrome_line
from jixiao.ingest.html_page import is_layout_table
from jixiao.ingest.html_page import parse_page
from jixiao.ingest.html_page import strip_chrome
from jixiao.ingest.html_page import table_rows
from jixiao.ingest.noise import clean
from jixiao.ingest.noise import strip_blank
from jixiao.ingest.table_rows import repeated_header_rows
from jixiao.schema import Document

_MAX_SPAN = 1000  # the HTML table algorithm's own limit for colspan; bounds a hostile rowspan too
_WS = re.compile(r"[ \t\r\n\f\u00a0]+")
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# A line break in the page's source between two Chinese characters is source layout, not a space.
_BREAK_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \t]*[\r\n][ \t\r\n]*(?=[{_CJK}])")


def _normalise(text: str) -> str:
    """Whitespace as a browser shows it: runs collapse to one space; none for a source line break in CJK."""
    if "\n" in text or "\r" in text:
        text = _BREAK_BETWEEN_CJK.sub("", text)
    return _WS.sub(" ", text)


def element_path(el: etree._Element) -> str:
    """The element's path in the page as published (``body/div[3]/table/tr[2]/td[1]``)."""
    recorded = el.get(PATH_ATTRIBUTE)
    if recorded is not None:
        return str(recorded)
    return str(el.getroottree().getpath(el)).removeprefix("/html/").lstrip("/")


def read_html(path: Path, data: bytes) -> Document:
    """Read a web page into paragraphs and tables.

    Raises:
        CorruptFileError: the page cannot be decoded or parsed.
        EmptyDocumentError: the page holds no document (a portal index or list of links).
    """
    text, encoding = decode_page(str(path), data)
    root = parse_page(str(path), text)
    counts = strip_chrome(root)
    main = find_main(str(path), root, counts)
    builder = DocumentBuilder(path=path, format="html", data=data, encoding=encoding)
    _Walker(builder).walk_block(main)
    if builder.offset < MIN_DOCUMENT_CHARS // 2:
        raise EmptyDocumentError(str(path), "no document in this web page: its main content holds no text")
    return builder.build()


@dataclass
class _Line:
    parts: list[str] = field(default_factory=list)
    path: str | None = None


class _Walker:
    def __init__(self, builder: DocumentBuilder) -> None:
        self.builder = builder
        self.line = _Line()

    # --- paragraphs -------------------------------------------------------------------------

    def flush(self) -> None:
        line, self.line = self.line, _Line()
        text = strip_blank(clean(_normalise("".join(line.parts)), self._record))
        if not text or is_chrome_line(text):
            return
        self.builder.add_paragraph(text, path=line.path)

    def _record(self, kind: str, raw: str) -> None:
        self.builder.add_noise(kind, raw)

    def _text(self, text: str | None, holder: etree._Element) -> None:
        if not text:
            return
        if self.line.path is None and text.strip():
            self.line.path = element_path(holder)
        self.line.parts.append(text)

    def walk_block(self, el: etree._Element) -> None:
        self._text(el.text, el)
        for child in el:
            self._child(child, el)

    def _child(self, child: etree._Element, parent: etree._Element) -> None:
        tag = child.tag if isinstance(child.tag, str) else None
        if tag is None:
            self._text(child.tail, parent)
            return
        if tag == "br":
            self.flush()
        elif tag == "table":
            self.flush()
            if is_layout_table(child):
                for row in table_rows(child):
                    for cell in row:
                        if isinstance(cell.tag, str):
                            self.flush()
                            self.walk_block(cell)
                            self.flush()
            else:
                self.add_table(child, None)
        elif tag == "img":
            alt = (child.get("alt") or "").strip()
            self.builder.add_noise("image", f"[image: {alt}]" if alt else "[image]")
        elif tag in PARAGRAPH_TAGS:
            self.flush()
            self.walk_block(child)
            self.flush()
        else:
            self.walk_block(child)
        self._text(child.tail, parent)

    # --- tables -----------------------------------------------------------------------------

    def add_table(self, table: etree._Element, parent: tuple[int, int, int] | None) -> None:
        cells, nested_in = self._table_cells(table)
        if not cells or not any(c.text for c in cells):
            for nested in nested_in:
                for inner in nested[1]:
                    self.add_table(inner, parent)
            return
        index = self.builder.n_tables
        self.builder.add_table(
            cells,
            header_rows=repeated_header_rows(cells),
            parent=parent,
            path=element_path(table),
        )
        for (row, col), inner_tables in nested_in:
            for inner in inner_tables:
                self.add_table(inner, (index, row, col))

    def _table_cells(
        self, table: etree._Element
    ) -> tuple[list[CellInput], list[tuple[tuple[int, int], list[etree._Element]]]]:
        """The table's cells laid out by the HTML table algorithm, and the tables nested in each cell."""
        taken: set[tuple[int, int]] = set()
        cells: list[CellInput] = []
        nested_in: list[tuple[tuple[int, int], list[etree._Element]]] = []
        rows = table_rows(table)
        n_rows = len(rows)
        for r, tr in enumerate(rows):
            c = 0
            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                while (r, c) in taken:
                    c += 1
                rowspan, colspan = td.get("rowspan"), td.get("colspan")
                row_span = min(_span(rowspan), _MAX_SPAN) if rowspan else 1
                col_span = min(_span(colspan), _MAX_SPAN) if colspan else 1
                if row_span == col_span == 1:
                    taken.add((r, c))
                else:
                    for dr in range(row_span):
                        for dc in range(col_span):
                            taken.add((r + dr, c + dc))
                text, nested = _cell_text(td)
                # A rowspan reaching past the last row ends at the last row (as browsers draw it).
                shown_rows = max(1, min(row_span, n_rows - r))
                cells.append(CellInput(r, c, text, shown_rows, col_span, path=element_path(td)))
                if nested:
                    nested_in.append(((r, c), nested))
                c += col_span
        return cells, nested_in


def _span(value: str | None) -> int:
    try:
        n = int((value or "1").strip())
    except ValueError:
        return 1
    return max(1, n)


def _cell_text(td: etree._Element) -> tuple[str, list[etree._Element]]:
    """A cell's text with in-cell paragraphs and breaks as ``\\n``, and the tables nested in it."""
    if not len(td):  # text only: one line
        return _clean_line(td.text or ""), []
    lines: list[str] = [""]
    nested: list[etree._Element] = []
    _walk_cell(td, lines, nested)
    out = [_clean_line(line) for line in lines]
    return "\n".join(line for line in out if line), nested


def _clean_line(line: str) -> str:
    return strip_blank(clean(_normalise(line))) if line else ""


def _break_line(lines: list[str]) -> None:
    """Start a new line unless the current one is still blank."""
    if lines[-1] and not lines[-1].isspace():
        lines.append("")


def _walk_cell(el: etree._Element, lines: list[str], nested: list[etree._Element]) -> None:
    """Append ``el``'s text to ``lines``: a block or ``<br>`` starts a new line (unless the current one is
    blank); a nested table is set aside. Childless elements are read in place (most cells hold one
    ``<p>``), which keeps the recursion to what needs it."""
    if el.text:
        lines[-1] += el.text
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            pass
        elif tag == "table":
            nested.append(child)
        elif tag == "br":
            _break_line(lines)
        else:
            block = tag in PARAGRAPH_TAGS
            if block:
                _break_line(lines)
            if len(child):
                _walk_cell(child, lines, nested)
            elif child.text:
                lines[-1] += child.text
            if block:
                _break_line(lines)
        if child.tail:
            lines[-1] += child.tail
