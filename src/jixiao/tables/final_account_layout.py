"""Finding the nine 决算 statements among a document's tables and working out their columns.

A statement is recognised by its title (the paragraphs just above the table, or a title row inside it),
a table without a title that directly follows a statement continues it (a statement split over pages), and
the unit comes from the ``单位：万元`` line. Columns are read from the header rows: 类/款/项 or 科目编码
columns, the name column (科目名称 / 项目), and every amount column with its full header path
(``本年支出/小计``). Two statements print two blocks side by side (收入 | 支出; 301/303 | 302/310): each
block becomes a :class:`ColumnGroup`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field

from jixiao.schema import Cell
from jixiao.schema import Document
from jixiao.schema import DocumentStructure
from jixiao.schema import Paragraph
from jixiao.schema import Provenance
from jixiao.schema import Table
from jixiao.schema.stages import TableKind
from jixiao.schema.values import AmountUnit
from jixiao.tables.final_account_codes import squash_text
from jixiao.tables.numbers import to_halfwidth

# Title → statement number, most specific first (domain.md §2: the nine standard statements and variants).
_TITLE_RULES: tuple[tuple[int, re.Pattern[str]], ...] = (
    (7, re.compile(r"三公经费.*决算(?:明细)?表")),
    (8, re.compile(r"政府性基金预算财政拨款.*决算表")),
    (9, re.compile(r"国有资本经营预算财政拨款.*决算表")),
    (6, re.compile(r"基本支出决算(?:明细)?表")),
    (5, re.compile(r"一般公共预算财政拨款支出决算表")),
    (4, re.compile(r"财政拨款收入支出决算总表")),
    (1, re.compile(r"收入支出决算总表")),
    (2, re.compile(r"收入决算表")),
    (3, re.compile(r"支出决算表")),
)
# Statements some places add (项目支出决算表, 机关运行经费 …) are not among the nine.
_NOT_STANDARD = re.compile(r"(?:项目|机关运行经费|政府采购|国有资产|资产)(?:支出)?决算(?:明细)?表")
_UNIT_RE = re.compile(r"单位[:：]\s*(?:人民币)?(亿元|万元|千元|元)")
_AMOUNT_RE = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_CODE_RE = re.compile(r"^\d{2,7}$")
_CODE_LABELS = {"类": "lei", "款": "kuan", "项": "xiang"}
_NAME_LABEL_RE = re.compile(r"(?:科目名称|^项目$|^名称$|^科目$|项目名称)")
_ORDINAL_START = re.compile(r"^[一二三四五六七八九十]+、")
# Paragraphs that may sit between a statement and its continuation on the next page: page numbers
# ("- 8 -", "第8页"), stray number lines a PDF leaves outside the ruled area, very short marks.
_FURNITURE_RE = re.compile(r"^[\d\-—–/.,，、第页共]*$")
_MAX_FURNITURE_CHARS = 4
_TITLE_LOOKBACK = 5


@dataclass
class ColumnGroup:
    """One block of a statement's columns: code columns, a name column and amount columns."""

    codes: dict[str, int] = field(default_factory=dict)  # lei / kuan / xiang / whole → column
    name: int | None = None
    amounts: list[int] = field(default_factory=list)


@dataclass
class Layout:
    """Column meaning of a statement: header path per column and the column groups."""

    n_cols: int
    header_rows: int
    paths: list[list[str]]
    groups: list[ColumnGroup]

    def label(self, col: int) -> str:
        """Full header path of a column, e.g. ``本年支出/小计`` or ``收入/决算数``."""
        return "/".join(self.paths[col]) if 0 <= col < len(self.paths) else ""

    def leaf(self, col: int) -> str:
        return self.paths[col][-1] if 0 <= col < len(self.paths) and self.paths[col] else ""


@dataclass
class Statement:
    """One of the nine statements: its title, unit and the tables it spans (continuations joined)."""

    number: int
    title: str
    title_prov: Provenance
    unit: AmountUnit
    unit_found: bool
    tables: list[Table]
    layout: Layout | None = None


def statement_number(title: str) -> int | None:
    """Statement number 1–9 from a title such as ``财政拨款“三公”经费支出决算表``, else None."""
    t = re.sub(r"[“”\"'‘’「」『』]", "", squash_text(to_halfwidth(title)))
    if not t.endswith(("表", "表（续）", "表(续)", "续表")) or len(t) > 60 or _NOT_STANDARD.search(t):
        return None
    for number, rule in _TITLE_RULES:
        if rule.search(t):
            return number
    return None


def _preceding_paragraphs(doc: Document, block: int) -> list[Paragraph]:
    """Paragraphs just above a block, nearest first, stopping at the previous table."""
    out: list[Paragraph] = []
    for b in reversed(doc.blocks[:block]):
        if not isinstance(b, Paragraph):
            break
        out.append(b)
        if len(out) >= _TITLE_LOOKBACK:
            break
    return out


def _title_in(paragraphs: list[Paragraph], table: Table) -> tuple[int, str, Provenance] | None:
    for para in paragraphs:
        number = statement_number(para.text)
        if number is not None:
            return number, squash_text(para.text), para.prov.with_method("table_rule")
    # Some renderings put the title in a merged first row of the table itself.
    for cell in table.cells:
        if cell.row > 1:
            break
        number = statement_number(cell.text)
        if number is not None:
            return number, squash_text(cell.text), cell.prov.with_method("table_rule")
    return None


def _unit_in(paragraphs: list[Paragraph], table: Table) -> AmountUnit | None:
    texts = [p.text for p in paragraphs] + [c.text for c in table.cells if c.row <= 2]
    for text in texts:
        m = _UNIT_RE.search(squash_text(text))
        if m:
            return m.group(1)  # type: ignore[return-value]
    return None


def _is_furniture(para: Paragraph) -> bool:
    """Page numbers, a unit line, ``续表``: text that may separate a statement from its continuation."""
    t = squash_text(to_halfwidth(para.text))
    return bool(_FURNITURE_RE.match(t) or _UNIT_RE.search(t) or "续" in t or len(t) <= _MAX_FURNITURE_CHARS)


def _is_blank(table: Table) -> bool:
    return all(not squash_text(c.text) for c in table.cells)


def find_statements(
    doc: Document, structure: DocumentStructure | None = None
) -> tuple[list[Statement], list[str]]:
    """The statements among ``doc``'s tables, continuations joined, in document order.

    ``structure`` (the classifier's TableInfo) is used only for a table whose title this module cannot read.

    Returns:
        (statements, warnings)
    """
    hints = {
        info.index: info.statement
        for info in (structure.tables if structure else [])
        if info.kind == TableKind.FINAL_ACCOUNT and info.statement
    }
    statements: list[Statement] = []
    warnings: list[str] = []
    last: Statement | None = None
    gap_ok = False
    for block_index, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            gap_ok = gap_ok and _is_furniture(block)
            continue
        table = block
        above = _preceding_paragraphs(doc, block_index)
        found = _title_in(above, table)
        if found is None and table.index in hints:
            number = hints[table.index]
            assert number is not None
            found = (number, f"决算表{number}", table.prov.with_method("table_rule"))
        if found is not None:
            number, title, prov = found
            unit = _unit_in(above, table)
            if unit is None:
                warnings.append(
                    f"{doc.name} (table {table.index}): statement {number} ({title}) states no unit; read as 万元"
                )
            last = Statement(number, title, prov, unit or "万元", unit is not None, [table])
            statements.append(last)
            gap_ok = True
        elif last is not None and gap_ok and (_is_blank(table) or table.n_cols == last.tables[0].n_cols):
            last.tables.append(table)
        else:
            last = None
            gap_ok = False
    for st in statements:
        st.layout = read_layout(st.tables[0])
    return statements, warnings


def is_amount_text(text: str) -> bool:
    """A number as statements print it: ``2,940.05``, ``0.95``, ``-3``."""
    return bool(_AMOUNT_RE.match(squash_text(to_halfwidth(text))))


def is_code_text(text: str) -> bool:
    return bool(_CODE_RE.match(squash_text(text)))


def _is_header_row(row: list[Cell | None]) -> bool:
    texts = [squash_text(c.text) for c in row if c is not None]
    if not any(texts):
        return False
    for t in texts:
        if not t:
            continue
        if is_amount_text(t) or is_code_text(t) or _ORDINAL_START.match(t):
            return False
    return True


def header_row_count(table: Table) -> int:
    """Leading rows that hold only header words (no amounts, codes, ordinals or totals)."""
    grid = table.grid()
    n = 0
    for row in grid:
        if not _is_header_row(row):
            break
        n += 1
    return n


def read_layout(table: Table) -> Layout:
    """Header paths and column groups of a statement's first table."""
    grid = table.grid()
    n_head = header_row_count(table)
    paths: list[list[str]] = []
    for col in range(table.n_cols):
        path: list[str] = []
        seen: set[int] = set()
        for r in range(n_head):
            cell = grid[r][col]
            if cell is None or id(cell) in seen:
                continue
            seen.add(id(cell))
            t = squash_text(cell.text)
            if t and (not path or path[-1] != t):
                path.append(t)
        # 类/款/项 often sit in the first data row, beside the 合计 line (PDF statements 2 and 3).
        if n_head < len(grid):
            cell = grid[n_head][col]
            if cell is not None and squash_text(cell.text) in _CODE_LABELS:
                path.append(squash_text(cell.text))
        paths.append(path)
    return Layout(table.n_cols, n_head, paths, _groups(paths, grid[n_head:]))


NUMBERING_LABELS = frozenset({"行次", "栏次", "行号", "栏号", "序号"})
"""Labels of the numbers a statement prints beside its lines (行次 column) or under its header (栏次 row)."""


def _role(path: list[str]) -> str:
    leaf = path[-1] if path else ""
    if leaf in NUMBERING_LABELS:
        return "row_number"  # 行次 1, 2, 3 … beside each line (statement 1): not an amount
    if leaf in _CODE_LABELS:
        return _CODE_LABELS[leaf]
    if "编码" in leaf or leaf in ("代码", "科目代码"):
        return "whole"
    if _NAME_LABEL_RE.search(leaf):
        return "name"
    return "amount" if leaf else "unknown"


def _groups(paths: list[list[str]], data: list[list[Cell | None]]) -> list[ColumnGroup]:
    roles = [_role(p) for p in paths]
    # A column without a header (a statement whose header is missing) is judged by what it holds.
    for col, role in enumerate(roles):
        if role != "unknown":
            continue
        cells = [row[col] for row in data]
        texts = [t for t in (squash_text(c.text) for c in cells if c is not None) if t]
        if texts and all(is_code_text(t) for t in texts):
            roles[col] = "whole"
        elif texts and all(is_amount_text(t) for t in texts):
            roles[col] = "amount"
        elif texts:
            roles[col] = "name"
    groups: list[ColumnGroup] = []
    current = ColumnGroup()
    for col, role in enumerate(roles):
        starts_new = (
            role in ("lei", "kuan", "xiang", "whole") and (current.amounts or current.name is not None)
        ) or (role == "name" and current.name is not None)
        if starts_new:
            groups.append(current)
            current = ColumnGroup()
        if role in ("lei", "kuan", "xiang", "whole"):
            current.codes[role] = col
        elif role == "name":
            current.name = col
        elif role == "amount":
            current.amounts.append(col)
    groups.append(current)
    return [g for g in groups if g.name is not None or g.amounts]
