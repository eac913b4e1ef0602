"""Plain-text reader: UTF-8 / GBK / GB18030 files, including text extracted from DOCX and PDF.

Two table layouts come out of DOCX-to-text converters and both are rebuilt into :class:`Table` blocks:

* **cell per line** — every cell starts a line with a tab; a line without a tab continues the cell
  above (an in-cell paragraph); rows are separated by a blank line.
* **cells on one line** — a row is one line whose cells are each preceded by two tabs; lines without a
  tab continue the current cell; rows are separated by a blank line.

Text extracted from a PDF (no tabs, a blank line after every printed line) is kept readable: letters
printed one per line in vertical headers are joined (``年↵↵度↵↵总…`` → ``年度总…``), and words broken
at the end of a printed line are rejoined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from jixiao.errors import CorruptFileError
from jixiao.errors import EmptyDocumentError
from jixiao.ingest.builder import CellInput
from jixiao.ingest.builder import DocumentBuilder
from jixiao.ingest.limits import check_text
from jixiao.ingest.noise import clean
from jixiao.ingest.noise import strip_blank
from jixiao.schema import Document

_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936"}
# A continuation line that follows a blank line inside a table is short: it is the second half of a
# label broken by Word ("整体资金↵↵（万元）", "产出指标↵↵(50分)"), never a paragraph of its own.
_MAX_DETACHED_CONTINUATION = 12
# Three blank lines between table rows separate two tables (the seeds put one project table after another).
_TABLE_GAP = 3
_SENTENCE_END = tuple("。；;！？!?：:")
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """Decode bytes as UTF-8, else GB18030 (a superset of GBK/GB2312), else what charset-normalizer finds.

    Returns:
        (text, encoding name)

    Raises:
        EmptyDocumentError: nothing but whitespace.
        CorruptFileError: binary data, or no encoding fits.
    """
    if not data.strip():
        raise EmptyDocumentError(str(path), "empty file")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise CorruptFileError(str(path), "binary data, not text (NUL bytes); is the file named wrongly?")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    guess = from_bytes(data[:200_000]).best()
    name = (guess.encoding if guess else "").lower().replace("-", "").replace("_", "")
    if not guess or name in _GB_FAMILY or name.startswith("gb"):
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError as exc:
            if not guess:
                raise CorruptFileError(
                    str(path), f"not text in UTF-8 or GB18030 (bad byte at offset {exc.start})"
                ) from exc
    assert guess is not None
    text = str(guess)
    if _control_ratio(text) > 0.05:
        raise CorruptFileError(
            str(path), f"binary data, not text (best guess {guess.encoding} is unreadable)"
        )
    return text, guess.encoding


def _control_ratio(text: str) -> float:
    bad = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\n\r")
    return bad / max(1, min(len(text), 20000))


@dataclass
class _Line:
    no: int  # 1-based line number in the file
    text: str

    @property
    def is_tab(self) -> bool:
        return self.text.startswith("\t")

    @property
    def is_blank(self) -> bool:
        return not self.is_tab and not strip_blank(self.text)


def read_txt(path: Path, data: bytes) -> Document:
    """Read a text file into a Document (see the module docstring for the layouts understood)."""
    text, encoding = decode_text(data, path)
    check_text(path, len(text))  # before the line-by-line work, which costs seconds per million lines
    builder = DocumentBuilder(path=path, format="txt", data=data, encoding=encoding)
    lines = _clean_lines(text, builder)
    if not any(not ln.is_blank for ln in lines):
        raise EmptyDocumentError(str(path), "no text (only whitespace and markup)")
    if _looks_pdf_extracted(lines):
        _emit_pdf_text(lines, builder)
    else:
        _emit_docx_text(lines, builder)
    return builder.build()


def _clean_lines(text: str, builder: DocumentBuilder) -> list[_Line]:
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[_Line] = []
    for no, line in enumerate(raw, start=1):

        def record(kind: str, piece: str, no: int = no) -> None:
            builder.add_noise(kind, piece, line=no)

        cleaned = clean(line, record)
        if not cleaned.startswith("\t"):
            cleaned = cleaned.rstrip("\t ")
        out.append(_Line(no, cleaned))
    return out


# --- text converted from DOCX: paragraphs and tab-marked tables -------------------------------------


def _emit_docx_text(lines: list[_Line], builder: DocumentBuilder) -> None:
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if line.is_blank:
            i += 1
            continue
        if line.is_tab:
            end = _table_run_end(lines, i)
            for table_lines in _split_tables(lines[i:end]):
                _emit_table(table_lines, builder)
            i = end
            continue
        builder.add_paragraph(strip_blank(line.text), line=line.no)
        i += 1


def _table_run_end(lines: list[_Line], start: int) -> int:
    """Index one past the last line of the table run starting at ``start``."""
    n = len(lines)
    j = start + 1
    last = start
    while j < n:
        ln = lines[j]
        if ln.is_tab:
            last = j
            j += 1
            continue
        if not ln.is_blank:
            # A text line right under a cell line continues that cell.
            last = j
            j += 1
            continue
        k = j
        while k < n and lines[k].is_blank:
            k += 1
        if k >= n:
            break
        if lines[k].is_tab:
            j = k
            continue
        detached = strip_blank(lines[k].text)
        after = k + 1
        while after < n and lines[after].is_blank:
            after += 1
        if after < n and lines[after].is_tab and len(detached) <= _MAX_DETACHED_CONTINUATION:
            j = k
            continue
        break
    return last + 1


def _split_tables(run: list[_Line]) -> list[list[_Line]]:
    """Split a run of table lines where a wide gap of blank lines separates two tables."""
    tables: list[list[_Line]] = []
    current: list[_Line] = []
    blanks = 0
    last_is_tab = False
    for ln in run:
        if ln.is_blank:
            blanks += 1
            current.append(ln)
            continue
        if blanks >= _TABLE_GAP and ln.is_tab and last_is_tab and current:
            tables.append(_trim_blank(current))
            current = []
        blanks = 0
        last_is_tab = ln.is_tab
        current.append(ln)
    if current:
        tables.append(_trim_blank(current))
    return [t for t in tables if t]


def _trim_blank(lines: list[_Line]) -> list[_Line]:
    while lines and lines[-1].is_blank:
        lines = lines[:-1]
    return lines


def _one_line_layout(lines: list[_Line]) -> bool:
    tabs = [ln for ln in lines if ln.is_tab]
    return sum(1 for ln in tabs if ln.text.startswith("\t\t")) * 2 >= len(tabs) > 0


def _row_cells(row: list[_Line], one_line: bool) -> list[tuple[str, int]]:
    """Cells of one row as (text, line number of the cell's first line)."""
    cells: list[tuple[list[str], int]] = []
    if one_line:
        # Each cell is preceded by two tabs; join the row's lines and split on the separators while
        # keeping track of which line each piece started on.
        pieces: list[tuple[str, int]] = []
        for ln in row:
            pieces.append((ln.text, ln.no))
        joined = ""
        starts: list[tuple[int, int]] = []  # (offset in joined, line number)
        for k, (t, no) in enumerate(pieces):
            if k:
                joined += "\n"
            starts.append((len(joined), no))
            joined += t
        pos = 0
        parts = joined.split("\t\t")
        for idx, part in enumerate(parts):
            line_no = next(no for off, no in reversed(starts) if off <= pos)
            if idx:
                cells.append(([part], line_no))
            pos += len(part) + 2
        return [(strip_blank("\n".join(p).replace("\t", " ")), no) for p, no in cells]
    for ln in row:
        if ln.is_tab:
            for part in ln.text[1:].split("\t"):
                cells.append(([part], ln.no))
        elif cells:
            cells[-1][0].append("" if ln.is_blank else ln.text)
        else:
            cells.append(([ln.text], ln.no))
    return [(_join_cell_lines(p), no) for p, no in cells]


def _join_cell_lines(parts: list[str]) -> str:
    # In-cell paragraphs come out separated by blank lines; keep one line break per paragraph.
    kept = [strip_blank(p) for p in parts]
    return "\n".join(p for p in kept if p)


def _split_rows(lines: list[_Line], one_line: bool) -> list[list[_Line]]:
    """Group a table's lines into rows.

    A blank line before a cell line ends a row, except that converters also write a blank line after
    a cell that ends with an empty paragraph. The two look the same, so the row widths decide: two
    fragments are one row when together they are exactly as wide as a neighbouring row and each alone
    is narrower (``年度总体目标 | 预期目标 | 实际完成情况`` followed by ``| 一、… `` and ``一是…``).
    A blank line before a line without a tab is a paragraph break inside a cell. In the one-line
    layout cells continue on lines without tabs, so a blank line always ends the row.
    """
    fragments: list[list[_Line]] = []
    current: list[_Line] = []
    pending: list[_Line] = []
    for ln in lines:
        if ln.is_blank:
            pending.append(ln)
            continue
        if pending and current and ln.is_tab:
            fragments.append(current)
            current = []
        elif pending:
            current.extend(pending)
        pending = []
        current.append(ln)
    if current:
        fragments.append(current)

    widths = [len(_row_cells(f, one_line)) for f in fragments]
    rows: list[list[_Line]] = []
    row_widths: list[int] = []
    k = 0
    while k < len(fragments):
        frag, width = fragments[k], widths[k]
        while not one_line and k + 1 < len(fragments):
            nxt = widths[k + 1]
            neighbours = [
                w
                for w in (
                    row_widths[-1] if row_widths else None,
                    widths[k + 2] if k + 2 < len(widths) else None,
                )
                if w
            ]
            together = width + nxt
            if any(together == w and width < w and nxt < w for w in neighbours):
                frag = frag + fragments[k + 1]
                width = together
                k += 1
            else:
                break
        rows.append(frag)
        row_widths.append(width)
        k += 1
    return rows


def _emit_table(lines: list[_Line], builder: DocumentBuilder) -> None:
    one_line = _one_line_layout(lines)
    rows = [_row_cells(r, one_line) for r in _split_rows(lines, one_line)]
    rows = [r for r in rows if r]
    if not rows:
        return
    width = max(len(r) for r in rows)
    used = [any(c < len(r) and r[c][0] for r in rows) for c in range(width)]
    keep = [c for c in range(width) if used[c]]
    if not keep:
        return
    remap = {c: i for i, c in enumerate(keep)}
    cells: list[CellInput] = []
    for r_idx, row in enumerate(rows):
        for c_idx, (text, no) in enumerate(row):
            if c_idx in remap:
                cells.append(CellInput(row=r_idx, col=remap[c_idx], text=text, line=no))
    # Give every row a cell in the first kept column so rows are never missing from the grid.
    present = {(c.row, c.col) for c in cells}
    for r_idx, row in enumerate(rows):
        if not any(rr == r_idx for rr, _ in present):
            cells.append(CellInput(row=r_idx, col=0, text="", line=row[0][1] if row else None))
    builder.add_table(cells, header_rows=_repeated_headers(rows, remap), line=lines[0].no)


_HEADER_WORDS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "完成值",
    "分值",
    "得分",
    "权重",
    "全年预算数",
    "全年执行数",
    "执行率",
)


def _repeated_headers(rows: list[list[tuple[str, int]]], remap: dict[int, int]) -> list[int]:
    """Rows that repeat an earlier header row (converters repeat the header after each page break)."""
    seen: set[tuple[str, ...]] = set()
    repeats: list[int] = []
    for r_idx, row in enumerate(rows):
        key = tuple(text for c, (text, _) in enumerate(row) if c in remap)
        hits = sum(1 for text in key if any(w in text for w in _HEADER_WORDS))
        if hits < 3:
            continue
        if key in seen:
            repeats.append(r_idx)
        seen.add(key)
    return repeats


# --- text extracted from PDF: one printed line per line, blank lines between -----------------------


def _looks_pdf_extracted(lines: list[_Line]) -> bool:
    if any(ln.is_tab for ln in lines):
        return False
    content = [ln for ln in lines if not ln.is_blank]
    if len(content) < 20:
        return False
    blanks = len(lines) - len(content)
    return blanks >= 0.35 * len(lines)


def _is_vertical_piece(text: str) -> bool:
    return len(text) <= 2 and bool(_CJK_RE.fullmatch(text[-1])) and " " not in text


def _emit_pdf_text(lines: list[_Line], builder: DocumentBuilder) -> None:
    content = [(ln.no, strip_blank(ln.text)) for ln in lines if not ln.is_blank]
    merged: list[tuple[int, str]] = []
    i = 0
    while i < len(content):
        no, text = content[i]
        # Letters printed one per line (vertical table headers): join the run.
        if len(text) == 1 and _is_vertical_piece(text):
            j = i
            while (
                j + 1 < len(content) and len(content[j + 1][1]) == 1 and _is_vertical_piece(content[j + 1][1])
            ):
                j += 1
            if j > i:
                merged.append((no, "".join(t for _, t in content[i : j + 1])))
                i = j + 1
                continue
        # A short label broken before its last letter: "一级指" + "标", "年度资金总" + "额".
        if (
            i + 1 < len(content)
            and len(content[i + 1][1]) == 1
            and _is_vertical_piece(content[i + 1][1])
            and len(text) <= 6
            and " " not in text
            and not (i + 2 < len(content) and len(content[i + 2][1]) == 1)
        ):
            merged.append((no, text + content[i + 1][1]))
            i += 2
            continue
        merged.append((no, text))
        i += 1

    widths = sorted(len(t) for _, t in merged)
    wide = widths[int(len(widths) * 0.9)] if widths else 0
    threshold = max(20, int(wide * 0.7))
    paragraph: list[str] = []
    first_no = 0
    for no, text in merged:
        if not paragraph:
            first_no = no
        paragraph.append(text)
        # Only prose wraps: a printed table row is long too, but has no 、 or ，.
        wrapped = (
            len(text) >= threshold and not text.endswith(_SENTENCE_END) and any(p in text for p in "，、,")
        )
        if not wrapped:
            builder.add_paragraph(_join_wrapped(paragraph), line=first_no)
            paragraph = []
    if paragraph:
        builder.add_paragraph(_join_wrapped(paragraph), line=first_no)


def _join_wrapped(pieces: list[str]) -> str:
    out = pieces[0]
    for piece in pieces[1:]:
        if (
            out
            and piece
            and out[-1].isascii()
            and out[-1].isalnum()
            and piece[0].isascii()
            and piece[0].isalnum()
        ):
            out += " " + piece
        else:
            out += piece
    return out
