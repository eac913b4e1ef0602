"""湖南 附件1 部门整体支出绩效评价基础数据表 → staffing and :class:`BasicDataLine` rows.

The form has three parts, each with its own header row inside the one table:

* 财政供养人员情况（人）: 编制数 / ``2023年``实际在职人数 / 控制率, values on the row below;
* 经费控制情况（万元）: 上年决算数 / 本年预算数 / 本年决算数 (the labels carry the years:
  ``2023年决算数 / 2024年预算数 / 2024年决算数``), then one row per line: 三公经费 and its parts, 项目支出 and
  its lines, 公用经费 and its parts, 政府采购金额, 部门基本支出预算调整;
* 楼堂馆所控制情况: 批复规模 / 实际规模 / 规模控制率 / 预算投资 / 实际投资 / 投资概算控制率, values below.

The staffing figures are returned both as :class:`Staffing` and as 人员 lines (label as printed, value in
``final``: counts and a rate, so their Amount has no unit and no 万元 value). Rows without any figure (a
group's own header such as ``项目支出：``, a line filled with ``——``, an empty 楼堂馆所 block) give no line.

A table is taken for this form when one of its cells names one of its three parts (or the structure
stage classified it so); nothing else of the document is needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from jixiao.schema import Amount
from jixiao.schema import BasicDataLine
from jixiao.schema import Cell
from jixiao.schema import Document
from jixiao.schema import DocumentStructure
from jixiao.schema import Staffing
from jixiao.schema import Table
from jixiao.schema.stages import TableKind
from jixiao.schema.values import AmountUnit
from jixiao.tables.final_account_codes import cell_prov
from jixiao.tables.final_account_codes import squash_text as _squash
from jixiao.tables.numbers import is_null
from jixiao.tables.numbers import parse_amount
from jixiao.tables.numbers import parse_decimal
from jixiao.tables.numbers import parse_percent
from jixiao.tables.numbers import to_halfwidth
from jixiao.vocabulary import to_simplified


def squash_text(text: str) -> str:
    """A label without spaces, in simplified characters (a form served in traditional ones reads the same)."""
    return to_simplified(_squash(text))


Group = Literal["人员", "三公", "项目支出", "公用经费", "政府采购", "楼堂馆所", "其他"]
Column = Literal["prior_final", "budget", "final"]

_MARKERS = ("财政供养人员", "经费控制情况", "楼堂馆所控制情况")
_NUMBERING = re.compile(r"^(?:[（(]\d+[)）]|\d+[、.．]|[一二三四五六七八九十]+[、.．])")
_OF_WHICH = re.compile(r"^其中[:：]?")
_YEAR = re.compile(r"(\d{4})\s*年")
_UNIT = re.compile(r"[（(](亿元|万元|元)[）)]")
# A line whose label names a group starts it; the lines after it belong to it until the next one.
_GROUP_WORDS: tuple[tuple[str, Group], ...] = (
    ("三公", "三公"),
    ("项目支出", "项目支出"),
    ("公用经费", "公用经费"),
    ("政府采购", "政府采购"),
    ("楼堂馆所", "楼堂馆所"),
    ("基本支出预算调整", "其他"),
)


def normalise_label(text: str) -> str:
    """``1、公务用车购置和维护经费`` → ``公务用车购置和维护经费``; ``其中：公车购置`` → ``公车购置``; ``三公经费:`` → ``三公经费``."""
    t = squash_text(text)
    t = _OF_WHICH.sub("", t)
    t = _NUMBERING.sub("", t)
    t = _OF_WHICH.sub("", t)
    return t.rstrip(":：")


def is_basic_data_label(text: str) -> bool:
    """A cell that is one of the form's part labels (``财政供养人员情况（人）``, ``经费控制情况``), not an indicator
    that happens to contain the words (``财政供养人员控制率``)."""
    t = re.sub(r"[（(][^）)]*[）)]", "", squash_text(text))
    return any(t.startswith(m) and len(t) <= len(m) + 6 and not t.endswith("率") for m in _MARKERS)


def is_basic_data_table(table: Table) -> bool:
    """True when a cell of ``table`` is a part label of the 附件1 form: 财政供养人员情况, 经费控制情况 or
    楼堂馆所控制情况."""
    return any(is_basic_data_label(c.text) for c in table.cells)


@dataclass
class _RowCells:
    """The distinct cells of one grid row, left to right, with their first column."""

    cells: list[tuple[int, Cell]]

    def first(self) -> Cell | None:
        return self.cells[0][1] if self.cells else None

    def at(self, col: int) -> Cell | None:
        return next((c for k, c in self.cells if k == col), None)


def _rows(table: Table) -> list[_RowCells]:
    out: list[_RowCells] = []
    for r, row in enumerate(table.grid()):
        seen: set[int] = set()
        cells: list[tuple[int, Cell]] = []
        for col, cell in enumerate(row):
            if cell is None or id(cell) in seen or cell.row != r:
                continue
            seen.add(id(cell))
            cells.append((col, cell))
        out.append(_RowCells(cells))
    return out


def _is_amount_header(row: _RowCells) -> bool:
    """A header row of 决算数/预算数 labels (the 经费控制 header, whatever its first cell says)."""
    labels = [squash_text(c.text) for _, c in row.cells[1:]]
    return sum(1 for t in labels if "决算" in t or "预算" in t) >= 2 and not any(
        parse_decimal(t) is not None and not _YEAR.search(t) for t in labels
    )


def _amount_columns(header: _RowCells) -> tuple[dict[int, Column], AmountUnit]:
    """Map the 经费控制 header's columns to 上年决算 / 本年预算 / 本年决算 by their labels and years."""
    labelled = [(col, squash_text(c.text)) for col, c in header.cells[1:]]
    unit_m = _UNIT.search(squash_text(header.cells[0][1].text)) if header.cells else None
    unit: AmountUnit = unit_m.group(1) if unit_m else "万元"  # type: ignore[assignment]
    out: dict[int, Column] = {}
    finals: list[tuple[int, int | None, str]] = []
    for col, label in labelled:
        year_m = _YEAR.search(label)
        year = int(year_m.group(1)) if year_m else None
        if "预算" in label and "决算" not in label:
            out[col] = "budget"
        elif "决算" in label:
            finals.append((col, year, label))
    years = [y for _, y, _ in finals if y is not None]
    for col, year, label in finals:
        prior = "上年" in label or (year is not None and len(set(years)) > 1 and year == min(years))
        out[col] = "prior_final" if prior else "final"
    return out, unit


def _amount(cell: Cell | None, unit: AmountUnit) -> Amount | None:
    if cell is None or is_null(cell.text):
        return None
    return parse_amount(cell.text.strip(), default_unit=unit, prov=cell_prov(cell))


def _staffing(header: _RowCells, values: _RowCells | None) -> Staffing:
    label_cell = header.first()
    assert label_cell is not None
    staffing = Staffing(prov=cell_prov(label_cell))
    for col, cell in header.cells[1:]:
        label = squash_text(cell.text)
        value_cell = values.at(col) if values else None
        text = value_cell.text if value_cell is not None else None
        if "控制率" in label:
            staffing.control_rate = parse_percent(text)
        elif "编制" in label:
            staffing.quota = _int(text)
        elif "在职" in label or "实有" in label or "实际" in label:
            staffing.actual = _int(text)
            year_m = _YEAR.search(label)
            staffing.year_label = year_m.group(1) if year_m else None
        elif "退休" in label:
            staffing.retired = _int(text)
    return staffing


def _int(text: str | None) -> int | None:
    value = parse_decimal(to_halfwidth(text)) if text else None
    return int(value) if value is not None and value == value.to_integral_value() else None


def _staffing_lines(header: _RowCells, values: _RowCells | None) -> list[BasicDataLine]:
    """The 财政供养人员 figures as 人员 lines (label as printed, value in ``final``; counts and a rate, not money)."""
    out: list[BasicDataLine] = []
    for col, cell in header.cells[1:]:
        value_cell = values.at(col) if values else None
        if value_cell is None or is_null(value_cell.text):
            continue
        label = squash_text(cell.text)
        raw = value_cell.text.strip()
        number = parse_percent(raw) if "率" in label else parse_decimal(to_halfwidth(raw))
        final = Amount(raw=raw, value=number, unit=None, wan=None, prov=cell_prov(value_cell))
        out.append(
            BasicDataLine(group="人员", label=label, label_raw=cell.text, final=final, prov=cell_prov(cell))
        )
    return out


def _buildings_line(header: _RowCells, values: _RowCells | None, unit: AmountUnit) -> BasicDataLine | None:
    """楼堂馆所: 预算投资 as the budget and 实际投资 as the final amount; areas and rates are not amounts."""
    label_cell = header.first()
    assert label_cell is not None
    budget = final = None
    for col, cell in header.cells[1:]:
        label = squash_text(cell.text)
        value_cell = values.at(col) if values else None
        if "预算投资" in label:
            budget = _amount(value_cell, unit)
        elif "实际投资" in label:
            final = _amount(value_cell, unit)
    if budget is None and final is None:
        return None
    return BasicDataLine(
        group="楼堂馆所",
        label=normalise_label(label_cell.text),
        label_raw=label_cell.text,
        budget=budget,
        final=final,
        prov=cell_prov(label_cell),
    )


def _read_table(table: Table) -> tuple[list[BasicDataLine], Staffing | None]:
    rows = _rows(table)
    lines: list[BasicDataLine] = []
    staffing: Staffing | None = None
    columns: dict[int, Column] = {}
    unit: AmountUnit = "万元"
    group: Group = "其他"
    i = 0
    while i < len(rows):
        row = rows[i]
        first = row.first()
        label = squash_text(first.text) if first is not None else ""
        following = rows[i + 1] if i + 1 < len(rows) else None
        if "财政供养人员" in label:
            staffing = _staffing(row, following)
            lines.extend(_staffing_lines(row, following))
            i += 2
            continue
        if "经费控制情况" in label or _is_amount_header(row):
            columns, unit = _amount_columns(row)
            i += 1
            continue
        if "楼堂馆所" in label:
            buildings = _buildings_line(row, following, unit)
            lines.extend([buildings] if buildings else [])
            i += 2
            continue
        if first is None or not label or "厉行节约" in label or not columns:
            i += 1
            continue
        group = next((g for word, g in _GROUP_WORDS if word in label), group)
        values: dict[Column, Amount | None] = {"prior_final": None, "budget": None, "final": None}
        for col, kind in columns.items():
            values[kind] = _amount(row.at(col), unit)
        i += 1
        if all(v is None for v in values.values()):
            # A group's own header row (项目支出：) or a line left blank (——): no figure to record.
            continue
        lines.append(
            BasicDataLine(
                group=group,
                label=normalise_label(first.text),
                label_raw=first.text,
                prior_final=values["prior_final"],
                budget=values["budget"],
                final=values["final"],
                prov=cell_prov(first),
            )
        )
    return lines, staffing


def extract_basic_data(
    doc: Document, structure: DocumentStructure
) -> tuple[list[BasicDataLine], Staffing | None]:
    """Read every 部门整体支出绩效评价基础数据表 of ``doc``.

    Args:
        doc: the document as read.
        structure: output of the structure stage; a table it classified as 基础数据表 is read even when its
            cells do not name the form.

    Returns:
        (lines in table order, staffing from the first form that has it, or None)
    """
    hinted = {info.index for info in structure.tables if info.kind == TableKind.BASIC_DATA}
    lines: list[BasicDataLine] = []
    staffing: Staffing | None = None
    for table in doc.tables():
        if table.index not in hinted and not is_basic_data_table(table):
            continue
        table_lines, table_staffing = _read_table(table)
        lines.extend(table_lines)
        staffing = staffing or table_staffing
    return lines, staffing


__all__ = ["extract_basic_data", "is_basic_data_label", "is_basic_data_table", "normalise_label"]
