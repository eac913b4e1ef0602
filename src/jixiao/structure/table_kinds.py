"""What each table block is: self-evaluation form, 基础数据表, project list, 决算 statement … (TableKind).

Decided from the table's own header cells first and from the titles right above it second (the paragraphs
between the previous block that is a table and this one, and the enclosing section's title):

* FINAL_ACCOUNT — a title naming one of the nine standard 决算 statements (statement number 1–9) or another
  决算 statement (项目支出决算表, 机关运行经费 …, statement None);
* BASIC_DATA — 财政供养人员 / 经费控制情况 cells, or a 基础数据表 title;
* PROJECT_LIST — a header with 项目编码 and 项目名称 and budget columns (四川 summary list);
* PROJECT_SELF_EVAL / DEPT_SELF_EVAL — a 绩效指标 header (三级指标 …) or a fund header (全年预算数/预算执行数 …)
  together with identity rows: 项目名称 / 项目支出名称 → project; 部门(单位)名称 / 单位名称 / 部门职责 /
  人员编制 → department; otherwise the title (项目支出 … / 部门整体 …);
* FUND_LIST — a list of projects with 预算 and 实际支付/支出 columns inside a narrative section;
* OTHER — anything else.

A table without identity rows or title that follows a table of the same family, and does not repeat a part
that table already has (a second fund header, say), continues it (``continues``): a form split by a page
break. A table that does repeat such a part is another rendering of a form, not a continuation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jixiao.schema import Document
from jixiao.schema import Paragraph
from jixiao.schema import Section
from jixiao.schema import Table
from jixiao.schema import TableInfo
from jixiao.schema import TableKind
from jixiao.vocabulary import Record
from jixiao.vocabulary import fold
from jixiao.vocabulary import vocabulary

# Most specific first: "支出决算表" is inside several longer titles.
_STATEMENTS: tuple[tuple[str, int | None], ...] = (
    ("财政拨款收入支出决算总表", 4),
    ("收入支出决算总表", 1),
    ("一般公共预算财政拨款基本支出决算表", 6),
    ("财政拨款基本支出决算表", 6),
    ("基本支出决算明细表", 6),
    ("三公经费支出决算表", 7),
    ("三公经费财政拨款支出决算表", 7),
    ("政府性基金预算财政拨款收入支出决算表", 8),
    ("国有资本经营预算财政拨款收入支出决算表", 9),
    ("国有资本经营预算财政拨款支出决算表", 9),
    ("一般公共预算财政拨款支出决算表", 5),
    ("项目支出决算表", None),
    ("机关运行经费支出决算表", None),
    ("政府采购情况表", None),
    ("收入决算表", 2),
    ("支出决算表", 3),
)
_SELF_EVAL = (TableKind.DEPT_SELF_EVAL, TableKind.PROJECT_SELF_EVAL)
_BASIC_DATA_PARTS = ("财政供养人员", "经费控制情况")
_FUND_COLUMNS = frozenset({"initial_budget", "budget", "executed", "rate"})
_POINTS = frozenset({"weight", "score"})
_MAX_HEADER = 24
_MIN_LEVEL_ROWS = 2


def _squash(text: str) -> str:
    return fold(text)


def _cells(table: Table, max_rows: int | None = None) -> list[list[str]]:
    rows = table.rows_text()
    return [[_squash(c) for c in row] for row in (rows[:max_rows] if max_rows else rows)]


def statement_of(title: str) -> tuple[bool, int | None]:
    """(is a 决算 statement title, its number 1–9 or None) for a title such as ``收入支出决算总表``."""
    t = _squash(title).replace("(", "").replace(")", "")
    if "决算" not in t or len(t) > 60 or "说明" in t:
        return False, None
    for name, number in _STATEMENTS:
        if name in t:
            return True, number
    return False, None


def _titles_above(doc: Document, pos: int) -> list[str]:
    """Short paragraphs between the previous table (or at most four blocks up) and the block at ``pos``."""
    out: list[str] = []
    for block in reversed(doc.blocks[max(0, pos - 4) : pos]):
        if not isinstance(block, Paragraph):
            break
        text = block.text.strip()
        if text and len(_squash(text)) <= 60:
            out.append(text)
    return out


def _titles_inside(table: Table) -> list[str]:
    """Rows of the table's top that hold a single cell: the form's own title lines, as written."""
    out: list[str] = []
    for row in table.rows_text()[:3]:
        filled = {c.strip() for c in row if c.strip()}
        if len(filled) == 1:
            out.append(next(iter(filled)))
    return out


def _section_title(sections: Sequence[Section], pos: int) -> str | None:
    """Title of the deepest section whose block range contains ``pos``."""
    found: str | None = None

    def walk(items: Sequence[Section]) -> None:
        nonlocal found
        for s in items:
            if s.block_range[0] <= pos < s.block_range[1]:
                found = s.title
                walk(s.children)

    walk(sections)
    return found


def _has_any(rows: list[list[str]], words: Sequence[str]) -> bool:
    return any(any(w in c for w in words) for row in rows for c in row)


def _row_with(rows: list[list[str]], *groups: Sequence[str]) -> bool:
    """True when one row has a cell from each group of words."""
    return any(all(any(any(w in c for w in g) for c in row) for g in groups) for row in rows)


def _fund_list_header(rows: list[list[str]]) -> bool:
    """A header of three different cells: 项目名称, a budget column, a spent or balance column."""
    for row in rows:
        cells = list(dict.fromkeys(c for c in row if c))
        name = [c for c in cells if c.startswith("项目名称") or c == "项目"]
        budget = [c for c in cells if "预算" in c and c not in name]
        spent = [
            c
            for c in cells
            if any(w in c for w in ("实际支付", "实际支出", "支出", "结余")) and c not in name + budget
        ]
        if name and budget and spent and all(len(c) <= 12 for c in name + budget + spent):
            return True
    return False


def _fields(record: Record, row: list[str]) -> set[str]:
    """Fields a row's short cells name as column headers (exact or normalised wordings; no fuzzy here)."""
    vocab = vocabulary()
    out: set[str] = set()
    for cell in dict.fromkeys(row):
        if cell and len(cell) <= _MAX_HEADER and not cell[:1].isdigit():
            found = vocab.match_header(record, cell, fuzzy=False)
            if found is not None:
                out.add(found.field)
    return out


def is_indicator_header_row(row: list[str]) -> bool:
    """A row that names the columns of an indicator part (the rule of :func:`jixiao.tables.indicators`)."""
    f = _fields("indicator", row)
    return (
        ("name" in f and bool(f & {"target", "actual"}))
        or ({"level1", "level2"} <= f and bool(f & _POINTS))
        or ({"target", "actual"} <= f and bool(f & (_POINTS | {"level2"})))
    )


def _level_rows(rows: list[list[str]]) -> int:
    """Rows that read as indicator rows by their content: a level word in one of the first cells and a
    number or value further right (a part that continues without its header, or whose header is odd)."""
    vocab = vocabulary()
    count = 0
    for row in rows:
        cells = [c for c in dict.fromkeys(row) if c]
        head = cells[:3]
        if not any(len(c) <= 16 and (vocab.level1(c) or vocab.level2(c)) for c in head):
            continue
        if any(_NUMBER.match(c) for c in cells[2:]):
            count += 1
    return count


_NUMBER = re.compile(r"^[≥≤<>=＝约]?\d+(?:\.\d+)?%?")


def _parts(rows: list[list[str]]) -> set[str]:
    """Which parts of a self-evaluation form a table holds, read by the vocabulary (to classify a table by
    what it holds, and to tell a continuation from a copy)."""
    parts: set[str] = set()
    vocab = vocabulary()
    if any(is_indicator_header_row(row) for row in rows) or _level_rows(rows) >= _MIN_LEVEL_ROWS:
        parts.add("indicators")
    categories = {vocab.fund_category(c) for row in rows for c in row[:3] if c and len(c) <= 20} - {None}
    if any(len(_fields("fund", row) & _FUND_COLUMNS) >= 2 for row in rows) and (categories - {"总额"}):
        # A fund part's rows are fund categories (年度资金总额, 财政拨款 …); a list of projects with budget
        # and spent columns is not one.
        parts.add("funds")
    if any(row and vocab.is_total_label(row[0]) for row in rows):
        parts.add("totals")
    if _identity_kind([row[:2] for row in rows]) is not None:
        # The rows a form opens with (项目名称; 部门(单位)名称 …), not 主管部门 or 实施单位, which a form split
        # over two pages may carry onto the second.
        parts.add("identity")
    return parts


def _identity_kind(rows: list[list[str]]) -> str | None:
    """project / dept from the identity rows a form opens with (项目名称 …; 部门(单位)名称, 人员编制 …)."""
    vocab = vocabulary()
    found = {vocab.identity_field(c) for row in rows for c in row[:3] if c and len(c) <= 20}
    if "project_name" in found:
        return "project"
    if "dept_name" in found or _has_any([row[:3] for row in rows], ("部门职责", "人员编制")):
        return "dept"
    return None


_NOT_TITLE = re.compile(r"^(?:单位[:：]|报表编号|附件\s*\d*$|\d+[、.]\s*报表说明|\d+[、.])")
_STRONG_TITLE = re.compile(r"自评表|评价表|数据表|决算表|总表|明细表")


def pick_title(titles: Sequence[str]) -> str | None:
    """The line most likely to be the table's title: a form or statement name before any other line."""
    candidates = [t for t in titles if "\t" not in t and not _NOT_TITLE.match(_squash(t))]
    for pattern in (_STRONG_TITLE, re.compile(r"(?:表|情况)(?:\(.*\))?$")):
        found = next((t for t in candidates if pattern.search(_squash(t))), None)
        if found:
            return found
    return None


def _classify_one(table: Table, titles: list[str]) -> tuple[TableKind, str | None, int | None]:
    head = _cells(table, 8)
    rows = _cells(table)
    title = pick_title(titles)
    for t in titles:
        is_statement, number = statement_of(t)
        if is_statement:
            return TableKind.FINAL_ACCOUNT, t, number
    joined_titles = _squash(" ".join(titles))
    basic_label = any(
        any(
            c.startswith(m) and len(re.sub(r"\(.*?\)", "", c)) <= len(m) + 6 and not c.endswith("率")
            for m in _BASIC_DATA_PARTS
        )
        for row in head
        for c in row
    )
    if basic_label or "基础数据表" in joined_titles:
        return TableKind.BASIC_DATA, title, None
    if _row_with(head, ("项目编码",), ("项目名称",), ("年初预算数", "预算执行数", "调整预算数")):
        return TableKind.PROJECT_LIST, title, None
    parts = _parts(rows)
    identity = _identity_kind(head)
    if "indicators" not in parts and "funds" not in parts and "自评表" in joined_titles:
        # Only the top of a form (title, 项目名称) before a page break: its rows follow in the next table.
        if identity == "project":
            return TableKind.PROJECT_SELF_EVAL, title, None
        if identity == "dept":
            return TableKind.DEPT_SELF_EVAL, title, None
    if "indicators" in parts or "funds" in parts:
        if identity == "project":
            return TableKind.PROJECT_SELF_EVAL, title, None
        if identity == "dept":
            return TableKind.DEPT_SELF_EVAL, title, None
        if "项目支出" in joined_titles or "项目自评" in joined_titles:
            return TableKind.PROJECT_SELF_EVAL, title, None
        if "部门整体" in joined_titles:
            return TableKind.DEPT_SELF_EVAL, title, None
        return TableKind.OTHER, title, None  # decided from its neighbours below
    if _fund_list_header(head[:2]):
        return TableKind.FUND_LIST, title, None
    return TableKind.OTHER, title, None


def classify_tables(doc: Document, sections: Sequence[Section] = ()) -> list[TableInfo]:
    """Classify every table block of ``doc`` (see the module docstring for the rules).

    Args:
        doc: the document.
        sections: its section tree, used for the title of the enclosing section when no title is found
            next to a table.

    Returns:
        One TableInfo per table, in document order.
    """
    infos: list[TableInfo] = []
    prev: tuple[Table, TableInfo, set[str], int] | None = None
    for pos, block in enumerate(doc.blocks):
        if not isinstance(block, Table):
            continue
        rows = _cells(block)
        above = _titles_above(doc, pos)
        inside = _titles_inside(block)
        titles = inside + above
        if not titles:
            section = _section_title(sections, pos)
            titles = [section] if section else []
        kind, title, statement = _classify_one(block, titles)
        parts = _parts(rows)
        info = TableInfo(index=block.index, kind=kind, title=title, statement=statement)
        if prev is not None:
            p_table, p_info, p_parts, p_pos = prev
            adjacent = all(not isinstance(b, Table) for b in doc.blocks[p_pos + 1 : pos]) and pos - p_pos <= 4
            untitled = not inside and not any("表" in t for t in above)
            if (
                p_info.kind in _SELF_EVAL
                and (kind in _SELF_EVAL or kind == TableKind.OTHER)
                and ("identity" not in parts)
            ):
                same_shape = block.n_cols == p_table.n_cols and untitled
                if kind == TableKind.OTHER and ("indicators" in parts or "funds" in parts or same_shape):
                    info.kind = p_info.kind
                repeats = ("funds" in parts and "funds" in p_parts) or ("totals" in p_parts and bool(parts))
                if adjacent and not repeats and info.kind == p_info.kind:
                    info.continues = p_info.index
                    info.title = info.title or p_info.title
            elif (
                p_info.kind in (TableKind.FINAL_ACCOUNT, TableKind.BASIC_DATA)
                and kind == TableKind.OTHER
                and adjacent
                and untitled
                and block.n_cols == p_table.n_cols
            ):
                info.kind, info.statement, info.title = p_info.kind, p_info.statement, p_info.title
                info.continues = p_info.index
        if info.kind == TableKind.OTHER and ("indicators" in parts or "funds" in parts):
            # A form by what it holds, with no identity rows and no title saying whose: a department form
            # when the titles say so, else a project form (a document holds one department form and any
            # number of project forms, so nothing read is dropped by guessing project).
            joined = _squash(" ".join(titles))
            dept = ("部门" in joined or "整体" in joined) and "项目" not in joined
            info.kind = TableKind.DEPT_SELF_EVAL if dept else TableKind.PROJECT_SELF_EVAL
        infos.append(info)
        prev = (block, info, parts, pos)
    return infos


__all__ = ["classify_tables", "pick_title", "statement_of"]
