"""Fund summaries of the self-evaluation forms → :class:`~jixiao.schema.FundRow`.

Layouts read (domain.md §1):

* 湖南 附件2 / 财预〔2020〕10号 项目资金: 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 自评得分, rows
  年度资金总额, 其中：当年财政拨款, 上年结转资金, 其他资金; the department form adds two breakdowns whose values
  are written inside the label cells (``其中：基本支出：2193.22``);
* 长沙 (002): rows under 资金来源 and 资金结构 with 全年预算数 / 全年执行数 / 执行率 / 分值 / 得分;
* 四川 预算执行情况（10分）: 年初预算 / 调整后预算数 / 预算执行数 / 预算执行率 / 权重 / 得分 / 原因;
* 望城 (003): (A) (B) (C) and 执行率（(B-C)/A) — read from its text lines by :mod:`jixiao.tables.wangcheng`
  with :func:`fund_row_from_values`.

Values are matched to headers by order after the row's label cell, not by grid column: a merged header cell
("项　目" over two label columns) is written once by converters, which moves the header cells left of the
values they head.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from jixiao.schema import Amount, Cell, FundRow, Provenance
from jixiao.schema.report import FundCategory
from jixiao.tables.labels import Breakdown, FundField, breakdown_of, fund_category, fund_field, squash
from jixiao.tables.layout import RowView, cell_prov, is_number_cell
from jixiao.tables.numbers import is_null, parse_amount, parse_decimal, parse_percent
from jixiao.tables.values import is_placeholder_text

Formula = Literal["B/A", "(B-C)/A"]


@dataclass(frozen=True)
class FundHeader:
    """The fund columns of a header row, in order, starting at the first column that names one."""

    row: int
    columns: tuple[FundField | None, ...]
    formula: Formula = "B/A"


def is_fund_header(row: RowView) -> bool:
    """True for a header row naming at least two fund columns (全年预算数, 全年执行数, 执行率 …)."""
    return (
        sum(1 for t in row.texts() if fund_field(t) in ("initial_budget", "budget", "executed", "rate")) >= 2
    )


def fund_header(row: RowView) -> FundHeader:
    """Read the fund columns of a header row (see :func:`is_fund_header`)."""
    cells = row.distinct()
    start = next((i for i, (_, c) in enumerate(cells) if fund_field(c.text) is not None), len(cells))
    columns = tuple(fund_field(c.text) for _, c in cells[start:])
    formula: Formula = "(B-C)/A" if any("B-C" in squash(c.text) for _, c in cells) else "B/A"
    return FundHeader(row=row.index, columns=columns, formula=formula)


@dataclass
class FundReader:
    """Reads the data rows under one fund header, carrying the breakdown label down."""

    header: FundHeader
    fallback: Provenance
    breakdown: Breakdown | None = None
    column_breakdowns: dict[int, Breakdown] | None = None
    inline_rows: list[FundRow] = field(default_factory=list)

    def read(self, row: RowView) -> list[FundRow]:
        """FundRows of one data row (a row may hold two inline label:value cells); [] for others."""
        group = self._group_label(row)
        if group is not None:
            return []
        inline = self._inline(row)
        if inline is not None:
            return inline
        cells = row.distinct()
        label_idx = _label_index(cells)
        if label_idx is None:
            return []
        label_cell = cells[label_idx][1]
        category = fund_category(label_cell.text)
        if category is None:
            return []
        for _, c in cells[:label_idx]:
            found = breakdown_of(c.text)
            if found:
                self.breakdown = found
        values: dict[FundField, Cell] = {}
        for (_, cell), name in zip(cells[label_idx + 1 :], self.header.columns, strict=False):
            if name is not None and cell.text.strip() and not is_null(cell.text):
                values[name] = cell
        # A row with every value blank is kept: the form has the row, and "blank" is what it says.
        breakdown: Breakdown | None = (
            "总额" if category == "总额" and self.breakdown is None else self.breakdown
        )
        return [self._row(label_cell, category, breakdown, values)]

    def _group_label(self, row: RowView) -> str | None:
        """A row that only names breakdowns (按收入性质分： | 按支出性质分：) sets them per column."""
        found: dict[int, Breakdown] = {}
        for col, cell in _own(row):
            b = breakdown_of(cell.text)
            if b is None:
                if is_number_cell(cell.text) or fund_category(cell.text):
                    return None
                continue
            found[col] = b
        if not found or any(fund_category(c.text) for _, c in _own(row)):
            return None
        self.column_breakdowns = found
        self.breakdown = next(iter(found.values())) if len(found) == 1 else None
        return "group"

    def _inline(self, row: RowView) -> list[FundRow] | None:
        """Rows whose values are written inside the label cells: ``其中：基本支出：2193.22``."""
        if not self.column_breakdowns:
            return None
        cells = _own(row)
        if not cells or any(is_number_cell(c.text) for _, c in cells):
            return None
        out: list[FundRow] = []
        for col, cell in cells:
            label, number = _split_inline(cell.text)
            category = fund_category(label)
            if category is None:
                return None
            breakdown = self.column_breakdowns.get(col) or self.breakdown
            amount = parse_amount(number, prov=cell_prov(cell, self.fallback)) if number else None
            fund = FundRow(
                label_raw=label,
                category=category,
                breakdown=breakdown,
                budget=amount,
                rate_formula=self.header.formula,
                prov=cell_prov(cell, self.fallback),
            )
            if amount is not None:
                self.inline_rows.append(fund)
            out.append(fund)
        return out

    def _row(
        self, label: Cell, category: FundCategory, breakdown: Breakdown | None, values: dict[FundField, Cell]
    ) -> FundRow:
        def amount(name: FundField) -> Amount | None:
            cell = values.get(name)
            return parse_amount(cell.text, prov=cell_prov(cell, self.fallback)) if cell else None

        rate_cell = values.get("rate")
        reason_cell = values.get("reason")
        reason = reason_cell.text.strip() if reason_cell is not None else None
        return FundRow(
            label_raw=label.text.strip(),
            category=category,
            breakdown=breakdown,
            initial_budget=amount("initial_budget"),
            budget=amount("budget"),
            executed=amount("executed"),
            transfer=amount("transfer"),
            rate_reported=parse_percent(rate_cell.text) if rate_cell else None,
            rate_raw=rate_cell.text.strip() if rate_cell else None,
            rate_formula=self.header.formula,
            weight=parse_decimal(values["weight"].text) if "weight" in values else None,
            score=parse_decimal(values["score"].text) if "score" in values else None,
            reason=None if reason is None or is_placeholder_text(reason) or _is_form_note(reason) else reason,
            prov=cell_prov(label, self.fallback),
        )


def _own(row: RowView) -> list[tuple[int, Cell]]:
    """Non-empty cells that start on this row (a label merged down from above is not this row's)."""
    return [(col, c) for col, c in row.nonempty() if c.row == row.index]


def _label_index(cells: Sequence[tuple[int, Cell]]) -> int | None:
    """Index of the row's label: the last text cell before the first number (or the last text cell)."""
    label: int | None = None
    for i, (_, cell) in enumerate(cells):
        text = cell.text.strip()
        if not text or is_null(text):
            continue
        if is_number_cell(text):
            break
        if fund_category(text) is not None or label is None:
            label = i
    return label


def _split_inline(text: str) -> tuple[str, str | None]:
    """``其中：  一般公共预算：4576.91`` → (``其中：  一般公共预算：``, ``4576.91``); no number → (text, None)."""
    t = text.strip()
    i = len(t)
    while i > 0 and (t[i - 1].isdigit() or t[i - 1] in ".,"):
        i -= 1
    number = t[i:].strip()
    if not number or parse_decimal(number) is None:
        return t, None
    return t[:i].strip(), number


def _is_form_note(text: str) -> bool:
    """The printed column note of the 四川 form (预算执行率=预算执行数/调整后预算数 …), not an answer."""
    return "预算执行率=" in squash(text) or "预算执行率＝" in text


def assign_inline_columns(rows: list[FundRow], inline: list[FundRow], warnings: list[str]) -> None:
    """Decide which column the inline breakdown values belong to, by arithmetic against the total row.

    The department form writes ``一般公共预算：4576.91`` without saying whether it is a budget or an executed
    figure. A breakdown whose values add up to the total row's 全年预算数 is budget, to its 全年执行数 executed,
    to its 年初预算数 initial budget (checked in that order, 0.01 万元 per term). Otherwise the values stay
    as budget and a warning says so.
    """
    total = next((r for r in rows if r.category == "总额" and r.breakdown == "总额"), None)
    groups: dict[str, list[FundRow]] = {}
    for r in inline:
        groups.setdefault(r.breakdown or "", []).append(r)
    for name, members in groups.items():
        if not members or total is None:
            continue
        s = sum((m.budget.wan or Decimal(0)) for m in members if m.budget is not None)
        tol = Decimal("0.01") * len(members)
        target: str | None = None
        for field_name in ("budget", "executed", "initial_budget"):
            amount = getattr(total, field_name)
            if amount is not None and amount.wan is not None and abs(amount.wan - s) <= tol:
                target = field_name
                break
        if target is None:
            warnings.append(
                f"fund breakdown {name or '?'}: inline values sum to {s}, matching no column of the total row;"
                " read as 全年预算数"
            )
            continue
        if target != "budget":
            for m in members:
                setattr(m, target, m.budget)
                m.budget = None


def fund_row_from_values(
    label: str,
    values: Sequence[tuple[FundField | None, str, Provenance]],
    *,
    formula: Formula,
    prov: Provenance,
) -> FundRow | None:
    """A FundRow from a label and (field, text, provenance) triples (the 望城 text layout)."""
    category = fund_category(label)
    if category is None:
        return None
    got: dict[str, tuple[str, Provenance]] = {
        name: (text, p) for name, text, p in values if name is not None and text.strip() and not is_null(text)
    }

    def amount(name: str) -> Amount | None:
        if name not in got:
            return None
        text, p = got[name]
        return parse_amount(text, prov=p)

    rate = got.get("rate")
    return FundRow(
        label_raw=label,
        category=category,
        breakdown="总额" if category == "总额" else None,
        initial_budget=amount("initial_budget"),
        budget=amount("budget"),
        executed=amount("executed"),
        transfer=amount("transfer"),
        rate_reported=parse_percent(rate[0]) if rate else None,
        rate_raw=rate[0] if rate else None,
        rate_formula=formula,
        weight=parse_decimal(got["weight"][0]) if "weight" in got else None,
        score=parse_decimal(got["score"][0]) if "score" in got else None,
        prov=prov,
    )


__all__ = [
    "FundHeader",
    "FundReader",
    "assign_inline_columns",
    "fund_header",
    "fund_row_from_values",
    "is_fund_header",
]
