"""Rows of the nine 决算 statements → :class:`FinalAccountLine`, one per row (and column block) with a figure.

Each line keeps its 功能分类 (or, in statement 6, 经济分类) code as printed — joined from the 类/款/项
columns or read whole —, its name as written with in-cell breaks and spacing removed (``一、`` numbering
kept), its level, and every amount column under its header path in ``columns``;
``budget``/``final``/``basic``/``project`` are filled where the statement has such a column. An empty cell
of a line is kept in ``columns`` as an Amount whose value is None (so a reviewer still sees the cell) and
leaves the typed field None. Rows with no figure at all (the categories every statement prints, filled or
not; statements 8 and 9 printed empty) give no line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from typing import Literal

from jixiao.schema import Amount
from jixiao.schema import Cell
from jixiao.schema import FinalAccountLine
from jixiao.schema import ThreePublic
from jixiao.schema.values import AmountUnit
from jixiao.tables.final_account_codes import cell_prov
from jixiao.tables.final_account_codes import class_names
from jixiao.tables.final_account_codes import level_of_code
from jixiao.tables.final_account_codes import norm_func_name
from jixiao.tables.final_account_codes import squash_text
from jixiao.tables.final_account_codes import strip_ordinal
from jixiao.tables.final_account_layout import NUMBERING_LABELS
from jixiao.tables.final_account_layout import ColumnGroup
from jixiao.tables.final_account_layout import Layout
from jixiao.tables.final_account_layout import Statement
from jixiao.tables.final_account_layout import read_layout
from jixiao.tables.numbers import is_null
from jixiao.tables.numbers import parse_amount
from jixiao.tables.numbers import parse_percent
from jixiao.vocabulary import word_list

Level = Literal["类", "款", "项", "合计", "其他"]

_CODE_LABELS = frozenset({"类", "款", "项"})
_DIGITS = re.compile(r"^\d+$")
_LEADING_CODE = re.compile(r"^(\d{3}(?:\d{2}){0,2})(?=\D)")
_WORDS = word_list("statements")
_TOTAL_RE = re.compile(_WORDS["rows"]["total"])
_CARRY_RE = re.compile(_WORDS["rows"]["carry_over"])
_FINAL_LEAF = re.compile(_WORDS["columns"]["final"])
_BUDGET_LEAF = re.compile(_WORDS["columns"]["budget"])
_RATE_LEAF = re.compile(_WORDS["columns"]["rate"])


@dataclass
class _GroupState:
    """What carries from row to row within one column block."""

    lines: list[FinalAccountLine] = field(default_factory=list)
    last_lei: str = ""
    last_kuan: str = ""  # the 款 digits (2) of the last code that had them
    last_coded: int | None = None  # index in ``lines`` of the last line with a code


@dataclass
class _StatementState:
    classes: dict[str, str]  # normalised 类 name → code, to know a 类 printed without its code
    names: dict[str, str] = field(default_factory=dict)  # code → name, for 类/款 names of deeper lines
    groups: dict[int, _GroupState] = field(default_factory=dict)


def _amount(cell: Cell, unit: AmountUnit) -> Amount:
    text = cell.text.strip()
    prov = cell_prov(cell)
    if is_null(text):
        return Amount(raw=text, value=None, unit=unit, wan=None, prov=prov)
    amount = parse_amount(squash_text(text), default_unit=unit, prov=prov)
    assert amount is not None
    return amount.model_copy(update={"raw": text})


def _present(amount: Amount | None) -> Amount | None:
    return amount if amount is not None and amount.value is not None else None


def _code_text(cell: Cell | None, name_cell: Cell | None) -> str:
    if cell is None or cell is name_cell:
        return ""
    t = squash_text(cell.text)
    if t in _CODE_LABELS or not _DIGITS.match(t):
        return ""
    return t


def _compose_code(parts: dict[str, str], state: _GroupState) -> str | None:
    if parts.get("whole"):
        code = parts["whole"]
    else:
        lei, kuan, xiang = parts.get("lei", ""), parts.get("kuan", ""), parts.get("xiang", "")
        if not lei and (kuan or xiang) and len(kuan) < 5 and len(xiang) < 7:
            lei = state.last_lei  # 类 written once for a run of rows
        if xiang and not kuan and len(xiang) < 7 and lei == state.last_lei:
            kuan = state.last_kuan  # and 款 too: a 项 under the 款 above (| | 50 | 事业运行)
        code = lei
        if kuan:
            code = kuan if len(kuan) >= 5 else code + kuan
        if xiang:
            code = xiang if len(xiang) >= 7 else code + xiang
    return code if len(code) in (3, 5, 7) else None


def _is_expense_block(layout: Layout, group: ColumnGroup) -> bool:
    """True for the 支出 block of statements 1 and 4 (its header path starts with 支出)."""
    return group.name is not None and bool(layout.paths[group.name]) and layout.paths[group.name][0] == "支出"


def _pick_typed(layout: Layout, group: ColumnGroup, by_col: dict[int, Amount]) -> dict[str, Amount | None]:
    out: dict[str, Amount | None] = {"final": None, "budget": None, "basic": None, "project": None}
    finals = [c for c in group.amounts if c in by_col and _FINAL_LEAF.search(layout.leaf(c))]
    # 决算数 beats 合计 when a statement has both.
    finals.sort(key=lambda c: 0 if "决算" in layout.leaf(c) else 1)
    if finals:
        out["final"] = by_col[finals[0]]
    elif len(by_col) == 1:
        out["final"] = next(iter(by_col.values()))
    for col in group.amounts:
        leaf = layout.leaf(col)
        if col not in by_col:
            continue
        if out["budget"] is None and _BUDGET_LEAF.match(leaf):
            out["budget"] = by_col[col]
        elif out["basic"] is None and leaf == "基本支出":
            out["basic"] = by_col[col]
        elif out["project"] is None and leaf == "项目支出":
            out["project"] = by_col[col]
    return {k: _present(v) for k, v in out.items()}


def _row_amounts(
    st: Statement, layout: Layout, group: ColumnGroup, row: list[Cell | None], name_cell: Cell | None
) -> tuple[dict[int, Amount], Decimal | None]:
    """Amount per column of the block (a rate column is read apart as the completion rate)."""
    by_col: dict[int, Amount] = {}
    rate = None
    for col in group.amounts:
        cell = row[col]
        if cell is None or cell is name_cell:
            continue
        if _RATE_LEAF.search(layout.leaf(col)):
            rate = parse_percent(cell.text)
            continue
        by_col[col] = _amount(cell, st.unit)
    return by_col, rate


def _extend_wrapped(gstate: _GroupState, state: _StatementState, name: str, econ: bool) -> None:
    """Append the rest of a name a renderer wrapped onto its own row to the line above."""
    assert gstate.last_coded is not None
    prev = gstate.lines[gstate.last_coded]
    joined = prev.name + name
    updates: dict[str, object] = {"name": joined}
    level_field = {"类": "lei", "款": "kuan", "项": "xiang"}.get(prev.level or "")
    if level_field and not econ:
        updates[level_field] = joined
    gstate.lines[gstate.last_coded] = prev.model_copy(update=updates)
    state.names[prev.econ_code or prev.func_code or ""] = joined


def _classify(
    st: Statement,
    layout: Layout,
    group: ColumnGroup,
    name: str,
    code: str | None,
    state: _StatementState,
    econ: bool,
) -> tuple[Level, tuple[str | None, str | None, str | None]]:
    """Level and 类/款/项 names of a line."""
    if code is not None:
        level = level_of_code(code) or "其他"
        if econ:
            return level, (None, None, None)
        kuan = state.names.get(code[:5]) if len(code) >= 5 else None
        return level, (state.names.get(code[:3]), kuan, name if len(code) == 7 else None)
    if _TOTAL_RE.search(name):
        return "合计", (None, None, None)
    expense_side = st.number in (1, 4) and _is_expense_block(layout, group) and not _CARRY_RE.search(name)
    if not econ and (expense_side or norm_func_name(strip_ordinal(name)) in state.classes):
        # A 类 printed by name only (the 支出 side of statements 1 and 4): its level is known, and its code
        # is left to what the statement prints, i.e. none.
        return "类", (name, None, None)
    return "其他", (None, None, None)


def _group_line(
    st: Statement,
    layout: Layout,
    group_index: int,
    row: list[Cell | None],
    state: _StatementState,
    econ: bool,
) -> None:
    """Read one row of one column block, appending its line to the block's lines (or extending the line above).

    A row without any figure gives no line (the empty rows statements print for every category), but its
    code and name are remembered for the 类/款 names of the rows below it.
    """
    group = layout.groups[group_index]
    gstate = state.groups.setdefault(group_index, _GroupState())
    name_cell = row[group.name] if group.name is not None else None
    name = squash_text(name_cell.text) if name_cell is not None else ""
    code = _compose_code({role: _code_text(row[col], name_cell) for role, col in group.codes.items()}, gstate)
    if code is None and not group.codes and (m := _LEADING_CODE.match(name)):
        code, name = m.group(1), name[m.end() :]
    if code is not None:
        state.names[code] = name
        if code[:3] != gstate.last_lei:
            gstate.last_kuan = ""
        gstate.last_lei = code[:3]
        if len(code) >= 5:
            gstate.last_kuan = code[3:5]
    by_col, rate = _row_amounts(st, layout, group, row, name_cell)
    if not any(a.value is not None for a in by_col.values()):
        if name and code is None and gstate.last_coded is not None and not _TOTAL_RE.search(name):
            _extend_wrapped(gstate, state, name, econ)
        else:
            gstate.last_coded = None
        return
    level, (lei, kuan, xiang) = _classify(st, layout, group, name, code, state, econ)
    typed = _pick_typed(layout, group, by_col)
    first = name_cell or next((row[c] for c in group.codes.values() if row[c] is not None), None)
    first = first or next((row[c] for c in group.amounts if row[c] is not None), None)
    assert first is not None
    gstate.lines.append(
        FinalAccountLine(
            table=st.number,
            table_title=st.title,
            func_code=None if econ else code,
            econ_code=code if econ else None,
            level=level,
            name=name,
            lei=lei,
            kuan=kuan,
            xiang=xiang,
            columns={layout.label(col): amount for col, amount in by_col.items()},
            budget=typed["budget"],
            final=typed["final"],
            basic=typed["basic"],
            project=typed["project"],
            completion_rate=rate,
            source="table",
            prov=cell_prov(first),
        )
    )
    coded_row = code is not None and level in ("类", "款", "项") and bool(group.codes)
    gstate.last_coded = len(gstate.lines) - 1 if coded_row else None


def _repeats_header(row: list[Cell | None], words: set[str]) -> bool:
    """A header printed again after a page break: two or more cells, every one a header word."""
    texts = {squash_text(c.text) for c in row if c is not None} - {""}
    return len(texts) >= 2 and texts <= words


def _numbers_columns(row: list[Cell | None]) -> bool:
    """The row that numbers the columns under the header (栏次 | | 1 | 2 | 3 …): a label 栏次/行次, or
    nothing but the whole numbers 1, 2, 3 … in order."""
    distinct = {id(c): c for c in row if c is not None}.values()
    texts = [t for t in (squash_text(c.text) for c in distinct) if t]
    if any(t in NUMBERING_LABELS for t in texts):
        return True
    return len(texts) >= 3 and texts == [str(k) for k in range(1, len(texts) + 1)]


def _three_public_lines(
    st: Statement, layout: Layout, rows: list[list[Cell | None]]
) -> list[FinalAccountLine]:
    """Statement 7 printed as one row under a header of items (合计 / 因公出国（境）费 / …) × 预算数/决算数."""
    out: list[FinalAccountLine] = []
    for row in rows:
        items: dict[str, dict[str, Amount]] = {}
        for col in layout.groups[0].amounts if layout.groups else []:
            cell = row[col]
            if cell is None:
                continue
            path = layout.paths[col]
            parents = [p for p in path[:-1] if p != "小计"] or path[-1:]
            item = parents[-1] if len(parents) > 1 or "三公" not in parents[-1] else "合计"
            items.setdefault(item, {})[path[-1]] = _amount(cell, st.unit)
        for item, cols in items.items():
            if not any(a.value is not None for a in cols.values()):
                continue
            budget = next((a for k, a in cols.items() if "预算" in k), None)
            final = next((a for k, a in cols.items() if "决算" in k), None)
            first = next(iter(cols.values()))
            assert first.prov is not None
            out.append(
                FinalAccountLine(
                    table=st.number,
                    table_title=st.title,
                    level="合计" if item == "合计" else "其他",
                    name=item,
                    columns=cols,
                    budget=_present(budget),
                    final=_present(final),
                    source="table",
                    prov=first.prov,
                )
            )
    return out


def statement_lines(st: Statement, doc_codes: dict[str, str] | None = None) -> list[FinalAccountLine]:
    """Every row of a statement that holds a figure (all its tables, header rows skipped), block after block.

    Args:
        st: a statement from :func:`~jixiao.tables.final_account_layout.find_statements`.
        doc_codes: 功能分类 code → name printed elsewhere in the document; a row named after one of these
            类 is a 类 line even where the statement prints no code (codes themselves are only read as printed).
    """
    layout = st.layout or read_layout(st.tables[0])
    econ = st.number == 6 or any("经济分类" in p for path in layout.paths for p in path)
    state = _StatementState(classes=class_names(doc_codes))
    lines: list[FinalAccountLine] = []
    for i, table in enumerate(st.tables):
        own = layout if table.n_cols == layout.n_cols else read_layout(table)
        start = own.header_rows if i == 0 or own is not layout else 0
        words = {p for path in own.paths for p in path} | _CODE_LABELS
        rows = [
            row
            for row in table.grid()[start:]
            if not _repeats_header(row, words) and not _numbers_columns(row)
        ]
        if not any(g.name is not None for g in own.groups):
            lines.extend(_three_public_lines(st, own, rows))
            continue
        for row in rows:
            for g in range(len(own.groups)):
                _group_line(st, own, g, row, state, econ)
    # Side-by-side blocks (收入 | 支出; 301 | 302) are listed block after block, each in its own order.
    for g in sorted(state.groups):
        lines.extend(state.groups[g].lines)
    return lines


def three_public_from_lines(lines: list[FinalAccountLine]) -> ThreePublic | None:
    """“三公”经费 from the lines of statement 7 (either layout), or None when it has none."""
    own = [ln for ln in lines if ln.table == 7]
    if not own:
        return None
    tp = ThreePublic(source="table", prov=own[0].prov)
    for ln in own:
        n = ln.name
        if ln.level == "合计" or "三公" in n:
            tp.budget, tp.final = tp.budget or ln.budget, tp.final or ln.final
        elif "出国" in n:
            tp.outbound = ln.final
        elif "购置及运行" in n:
            tp.vehicle_total = ln.final
        elif "购置" in n:
            tp.vehicle_purchase = ln.final
        elif "运行" in n:
            tp.vehicle_ops = ln.final
        elif "接待" in n:
            tp.reception = ln.final
    return tp
