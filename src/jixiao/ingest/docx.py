"""DOCX reader: paragraphs and tables in body order, merged cells as spans, Word's list labels.

python-docx opens the package (styles, numbering, headers); the body is then walked directly on its
lxml tree, because python-docx's own table API repeats a merged cell in every grid position it
covers, which is the opposite of what :class:`~jixiao.schema.Table` wants (the origin cell once, with
its spans).

What becomes what:

* ``w:p`` → :class:`Paragraph` with ``style`` (the style's display name) and ``numbering`` (the label
  Word would draw, see :mod:`jixiao.ingest.docx_numbering`; never part of ``text``). A manual line
  break splits a paragraph into one block per line, as the canonical text has a paragraph per line.
* ``w:tbl`` → :class:`Table`: ``w:gridSpan`` → ``col_span``, ``w:vMerge`` restart/continue →
  ``row_span``, ``w:gridBefore`` shifts a row's first cell. In-cell paragraphs are joined with
  ``"\\n"``. A table inside a cell becomes its own block after its parent, with ``parent`` set.
* Content controls (``w:sdt``) and custom XML are unwrapped; deleted revisions, hidden text, field
  codes and text boxes are left out; headers, footers and pictures are recorded as noise.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from io import BytesIO
from pathlib import Path

from lxml import etree

from jixiao.errors import CorruptFileError
from jixiao.errors import EmptyDocumentError
from jixiao.ingest.builder import CellInput
from jixiao.ingest.builder import DocumentBuilder
from jixiao.ingest.docx_numbering import ListNumbering
from jixiao.ingest.docx_numbering import w
from jixiao.ingest.docx_numbering import w_val
from jixiao.ingest.limits import check_grid_number
from jixiao.ingest.limits import check_table
from jixiao.ingest.noise import clean
from jixiao.ingest.noise import strip_blank
from jixiao.ingest.table_rows import repeated_header_rows
from jixiao.schema import Document

_RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"

P, R, T, TBL, TR, TC = w("p"), w("r"), w("t"), w("tbl"), w("tr"), w("tc")
SDT, SDT_CONTENT, CUSTOM_XML = w("sdt"), w("sdtContent"), w("customXml")
_SKIPPED = {
    w("del"),
    w("moveFrom"),
    w("pPr"),
    w("rPr"),
    w("instrText"),
    w("delText"),
    w("fldChar"),
    w("commentReference"),
    w("footnoteReference"),
    w("endnoteReference"),
    w("bookmarkStart"),
    w("bookmarkEnd"),
    w("proofErr"),
    w("lastRenderedPageBreak"),
    f"{{{_MC_NS}}}Fallback",
}
# Symbol-font code points Word stores as w:sym; the ones that matter in indicator values.
_SYMBOL_CHARS = {
    0xB3: "≥",
    0xA3: "≤",
    0xB1: "±",
    0xB4: "×",
    0xB8: "÷",
    0xB9: "≠",
    0xBB: "≈",
    0xB0: "°",
    0xAE: "→",
    0xD6: "√",
    0x3E: ">",
    0x3C: "<",
    0x3D: "=",
}


@dataclass
class _Styles:
    """Paragraph style names and the numbering a style carries."""

    names: dict[str, str] = field(default_factory=dict)
    based_on: dict[str, str] = field(default_factory=dict)
    num_pr: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    default: str | None = None

    def name(self, style_id: str | None) -> str | None:
        if style_id is None:
            style_id = self.default
        if style_id is None:
            return None
        return self.names.get(style_id, style_id)

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a paragraph inherits from its style chain; (None, None) when none."""
        seen: set[str] = set()
        sid = style_id or self.default
        while sid and sid not in seen:
            seen.add(sid)
            if sid in self.num_pr:
                return self.num_pr[sid]
            sid = self.based_on.get(sid)
        return None, None


def _read_styles(root: etree._Element | None) -> _Styles:
    from docx.styles import BabelFish

    styles = _Styles()
    if root is None:
        return styles
    for style in root.iterfind(w("style")):
        sid = style.get(w("styleId"))
        if sid is None:
            continue
        raw_name = w_val(style.find(w("name"))) or sid
        styles.names[sid] = BabelFish.internal2ui(raw_name)
        based = w_val(style.find(w("basedOn")))
        if based:
            styles.based_on[sid] = based
        num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
        if num_pr is not None:
            ilvl = w_val(num_pr.find(w("ilvl")))
            styles.num_pr[sid] = (
                w_val(num_pr.find(w("numId"))),
                int(ilvl) if ilvl and ilvl.isdigit() else None,
            )
        if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true"):
            styles.default = sid
    return styles


@dataclass
class _RawCell:
    row: int
    col: int
    col_span: int
    text: str
    row_span: int = 1
    nested: list[etree._Element] = field(default_factory=list)


class _DocxWalker:
    """Walks the body in order and feeds the builder."""

    def __init__(self, builder: DocumentBuilder, styles: _Styles, numbering: ListNumbering) -> None:
        self.builder = builder
        self.styles = styles
        self.numbering = numbering
        self.text_boxes = 0

    def record(self, kind: str, raw: str) -> None:
        self.builder.add_noise(kind, raw)

    # --- paragraphs ---------------------------------------------------------------------------

    def paragraph_label(self, p: etree._Element) -> tuple[str | None, str | None]:
        """(style name, list label) of a paragraph; advances the list counters."""
        ppr = p.find(w("pPr"))
        style_id = w_val(ppr.find(w("pStyle"))) if ppr is not None else None
        num_id: str | None = None
        ilvl: int | None = None
        num_pr = ppr.find(w("numPr")) if ppr is not None else None
        if num_pr is not None:
            num_id = w_val(num_pr.find(w("numId")))
            lvl = w_val(num_pr.find(w("ilvl")))
            ilvl = int(lvl) if lvl and lvl.isdigit() else None
        if num_id is None:
            num_id, style_ilvl = self.styles.numbering(style_id)
            if ilvl is None:
                ilvl = style_ilvl
            if num_id is not None and ilvl is None:
                ilvl = self.numbering.level_for_style(num_id, style_id or "")
        label = self.numbering.label(num_id, ilvl or 0) if num_id else None
        return self.styles.name(style_id), label

    def paragraph_text(self, p: etree._Element) -> str:
        """Visible text of a paragraph: tabs as spaces, manual line breaks as ``\\n``."""
        parts: list[str] = []
        self._collect(p, parts)
        return "".join(parts)

    def _collect(self, el: etree._Element, parts: list[str]) -> None:
        for child in el:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == T:
                if child.text:
                    parts.append(child.text)
            elif tag == R:
                rpr = child.find(w("rPr"))
                vanish = rpr.find(w("vanish")) if rpr is not None else None
                if vanish is not None and w_val(vanish) not in ("0", "false"):
                    continue
                self._collect(child, parts)
            elif tag in (w("tab"), w("ptab")):
                parts.append(" ")
            elif tag == w("br"):
                # Page and column breaks are layout, not text; a text-wrapping break is a new line.
                if child.get(w("type")) in (None, "textWrapping"):
                    parts.append("\n")
            elif tag == w("cr"):
                parts.append("\n")
            elif tag == w("noBreakHyphen"):
                parts.append("-")
            elif tag == w("sym"):
                parts.append(_symbol(child))
            elif tag in (w("drawing"), w("pict"), w("object")):
                self._graphic(child)
            else:
                # hyperlink, ins, smartTag, fldSimple, sdt/sdtContent, mc:AlternateContent/Choice …
                self._collect(child, parts)

    def _graphic(self, el: etree._Element) -> None:
        if el.find(f".//{{{_PIC_NS}}}pic") is not None:
            doc_pr = el.find(f".//{{{_WP_NS}}}docPr")
            name = (doc_pr.get("descr") or doc_pr.get("name") or "") if doc_pr is not None else ""
            self.record("image", f"[image: {name}]" if name else "[image]")
        elif el.find(f".//{w('txbxContent')}") is not None:
            self.text_boxes += 1
        elif el.tag == w("object"):
            self.record("image", "[embedded object]")

    def add_paragraph(self, p: etree._Element) -> None:
        style, label = self.paragraph_label(p)
        first = True
        for line in clean(self.paragraph_text(p), self.record).split("\n"):
            text = strip_blank(line)
            if not text:
                continue
            self.builder.add_paragraph(text, style=style, numbering=label if first else None)
            first = False

    # --- tables -------------------------------------------------------------------------------

    def add_table(self, tbl: etree._Element, parent: tuple[int, int, int] | None = None) -> None:
        cells = self._table_cells(tbl)
        index = self.builder.n_tables
        header_rows = repeated_header_rows(cells)
        table = self.builder.add_table(
            [
                CellInput(row=c.row, col=c.col, row_span=c.row_span, col_span=c.col_span, text=c.text)
                for c in cells
            ],
            header_rows=header_rows,
            parent=parent,
        )
        if table is None:
            return
        for cell in cells:
            for nested in cell.nested:
                self.add_table(nested, parent=(index, cell.row, cell.col))

    def _table_cells(self, tbl: etree._Element) -> list[_RawCell]:
        cells: list[_RawCell] = []
        # Grid column → the cell above that a vMerge="continue" cell extends.
        open_merges: dict[int, _RawCell] = {}
        path, index, width = self.builder.path, self.builder.n_tables, 0
        rows = list(_children(tbl, TR))
        # Rows × the most cells a row holds is a floor of the grid: a table over the limit by that count
        # is refused before any cell is read.
        check_table(
            path, index, len(rows), max((sum(1 for _ in _children(tr, TC)) for tr in rows), default=0)
        )
        for r, tr in enumerate(rows):
            trpr = tr.find(w("trPr"))
            col = _int_val(trpr.find(w("gridBefore")) if trpr is not None else None, 0)
            # Spans and offsets come from the file: bounded before a range is built from them.
            check_grid_number(path, f"table {index + 1} row {r + 1}", "w:gridBefore", col)
            seen_cols: set[int] = set()
            for tc in _children(tr, TC):
                tcpr = tc.find(w("tcPr"))
                span = max(1, _int_val(tcpr.find(w("gridSpan")) if tcpr is not None else None, 1))
                check_grid_number(path, f"table {index + 1} row {r + 1}", "w:gridSpan", col + span)
                vmerge = tcpr.find(w("vMerge")) if tcpr is not None else None
                hmerge = tcpr.find(w("hMerge")) if tcpr is not None else None
                text, nested = self._cell_content(tc)
                if hmerge is not None and w_val(hmerge) != "restart" and cells and cells[-1].row == r:
                    # Legacy horizontal merge: this cell widens the one to its left.
                    cells[-1].col_span += span
                    _append_text(cells[-1], text)
                    cells[-1].nested.extend(nested)
                    col += span
                    continue
                above = open_merges.get(col)
                if vmerge is not None and w_val(vmerge) != "restart" and above is not None:
                    above.row_span = r - above.row + 1
                    _append_text(above, text)
                    above.nested.extend(nested)
                    seen_cols.update(range(col, col + span))
                    col += span
                    continue
                cell = _RawCell(row=r, col=col, col_span=span, text=text, nested=nested)
                cells.append(cell)
                for c in range(col, col + span):
                    open_merges.pop(c, None)
                if vmerge is not None:
                    open_merges[col] = cell
                seen_cols.update(range(col, col + span))
                col += span
            # A merge ends where a row has no continuing cell in that column.
            for c in list(open_merges):
                if c not in seen_cols:
                    del open_merges[c]
            width = max(width, col)
            check_table(path, index, r + 1, width)
        return cells

    def _cell_content(self, tc: etree._Element) -> tuple[str, list[etree._Element]]:
        lines: list[str] = []
        nested: list[etree._Element] = []
        for child in _block_children(tc):
            if child.tag == P:
                self.paragraph_label(child)  # keeps list counters in step with Word
                for line in clean(self.paragraph_text(child), self.record).split("\n"):
                    text = strip_blank(line)
                    if text:
                        lines.append(text)
            elif child.tag == TBL:
                nested.append(child)
        return "\n".join(lines), nested

    # --- body ---------------------------------------------------------------------------------

    def walk(self, body: etree._Element) -> None:
        for child in _block_children(body):
            if child.tag == P:
                self.add_paragraph(child)
            elif child.tag == TBL:
                self.add_table(child)


def _children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (SDT, CUSTOM_XML):
            inner = child.find(SDT_CONTENT) if child.tag == SDT else child
            if inner is not None:
                yield from _children(inner, tag)


def _block_children(el: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables of a body or cell in order, unwrapping content controls."""
    for child in el:
        if child.tag in (P, TBL):
            yield child
        elif child.tag in (SDT, CUSTOM_XML):
            inner = child.find(SDT_CONTENT) if child.tag == SDT else child
            if inner is not None:
                yield from _block_children(inner)


def _append_text(cell: _RawCell, text: str) -> None:
    if text:
        cell.text = f"{cell.text}\n{text}" if cell.text else text


def _int_val(el: etree._Element | None, default: int) -> int:
    value = w_val(el)
    if not value or not value.lstrip("-").isdigit():
        return default
    # A number too long for int() to parse is still a number: too large for any limit.
    return int(value) if len(value) <= 18 else 10**18


def _symbol(sym: etree._Element) -> str:
    code = sym.get(w("char")) or ""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    # Symbol fonts live in the private-use area F000–F0FF; the low byte is the font's own code.
    if value >= 0xF000:
        value -= 0xF000
    return _SYMBOL_CHARS.get(value, "")


def _headers_and_footers(package_part: object, record: Callable[[str, str], None]) -> None:
    rels = getattr(package_part, "rels", {})
    seen: set[tuple[str, str]] = set()
    for rel in rels.values():
        reltype = rel.reltype.rsplit("/", 1)[-1]
        if reltype not in ("header", "footer") or rel.is_external:
            continue
        element = getattr(rel.target_part, "element", None)
        if element is None:
            continue
        texts = ["".join(t.text or "" for t in p.iter(T)) for p in element.iter(P)]
        text = " ".join(strip_blank(t) for t in texts if strip_blank(t))
        kind = "page_header" if reltype == "header" else "page_footer"
        if text and (kind, text) not in seen:
            seen.add((kind, text))
            record(kind, text)


def read_docx(path: Path, data: bytes) -> Document:
    """Read a Word (.docx) file into a Document.

    Raises:
        CorruptFileError: not a readable Word package (missing or malformed parts).
        EmptyDocumentError: the document holds no text.
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(BytesIO(data))
        body = document.element.body
    except (zipfile.BadZipFile, PackageNotFoundError) as exc:
        raise CorruptFileError(str(path), f"not a readable Word document ({exc})") from exc
    except (KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise CorruptFileError(str(path), f"damaged Word document: {exc}") from exc

    part = document.part
    try:
        numbering_root = getattr(part.part_related_by(_RT_NUMBERING), "element", None)
    except KeyError:
        numbering_root = None
    styles = _read_styles(document.styles.element)
    style_num = {sid: num for sid, (num, _) in styles.num_pr.items() if num}
    builder = DocumentBuilder(path=path, format="docx", data=data)
    walker = _DocxWalker(builder, styles, ListNumbering(numbering_root, style_num))
    _headers_and_footers(part, walker.record)
    walker.walk(body)
    if walker.text_boxes:
        builder.warnings.append(f"{walker.text_boxes} text box(es) left out of the text")
    if builder.n_blocks == 0:
        raise EmptyDocumentError(str(path), "the Word document holds no text")
    return builder.build()
