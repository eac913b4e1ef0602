"""Fund summaries of the self-evaluation forms → :class:`~jixiao.schema.FundRow`.

Layouts read (domain.md §1):

* 湖南 附件2 / 财预〔2020〕10号 项目资金: 年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 自评得分, rows
  年度资金总额, 其中：当年财政拨款, 上年结转资金, 其他资金; the department form adds two breakdowns whose values
  are written inside the label cells (``其中：基本支出：2193.22``);
* 长沙 (002): rows under 资金来源 and 资金结构 with 全年预算数 / 全年执行数 / 执行率 / 分值 / 得分;
* 四川 预算执行情况（10分）: 年初预算 / 调整后预算数 / 预算执行数 / 预算执行率 / 权重 / 得分 / 原因;
* 望城 (003): (A) (B) (C) and 执行率（(B-C)/A) — in its text copy read from the lines by
  :mod:`jixiao.tables.line_forms` with :func:`fund_row_from_values`.

Values are matched to headers by order after the row's label cell, not by grid column: a merged header cell
("项　目" over two label columns) is written once by converters, which moves the header cells left of the
values they head.
"""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from functools import cache
from typing import Literal
from typing import cast

from jixiao.schema import Amount
from jixiao.schema import Cell
from jixiao.schema import FundRow
from jixiao.schema import Provenance
from jixiao.schema.report import FundCategory
from jixiao.schema.values import AmountUnit
from jixiao.schema.values import UnitSource
from jixiao.tables.columns import SAMPLE_CHARS
from jixiao.tables.columns import SAMPLES
from jixiao.tables.columns import MappedColumns
from jixiao.tables.columns import map_columns
from jixiao.tables.labels import FUND_VALUE_FIELDS
from jixiao.tables.labels import Breakdown
from jixiao.tables.labels import FundField
from jixiao.tables.labels import breakdown_of
from jixiao.tables.labels import fund_category
from jixiao.tables.labels import fund_field
from jixiao.tables.labels import squash
from jixiao.tables.layout import RowView
from jixiao.tables.layout import cell_prov
from jixiao.tables.layout import is_number_cell
from jixiao.tables.numbers import has_digit
from jixiao.tables.numbers import is_null
from jixiao.tables.numbers import parse_amount
from jixiao.tables.numbers import parse_decimal
from jixiao.tables.numbers import parse_percent
from jixiao.tables.numbers import parse_points
from jixiao.tables.values import is_placeholder_text
from jixiao.vocabulary import fold
from jixiao.vocabulary import header_core
from jixiao.vocabulary import vocabulary

Formula = Literal["B/A", "(B-C)/A"]


@dataclass(frozen=True)
class FundHeader:
    """The fund columns of a header row, in order, starting at the first column that names one.

    ``unit`` is the amount unit the header states (``全年预算数（元）``, ``项目资金（万元）`` in the block
    label, ``年度预算数（万元）`` over the label column); ``points`` the weight a header states for the
    execution score when there is no 分值 column (``得分（20分*执行率）``, ``预算执行情况（10分）``).
    """

    row: int
    columns: tuple[FundField | None, ...]
    formula: Formula = "B/A"
    unit: AmountUnit | None = None
    points: Decimal | None = None
    mapped: MappedColumns | None = None
    value_cols: tuple[int, ...] = ()
    breakdown: Breakdown | None = None
    pairs: bool = False
    """Labels and values side by side (``预算数： | 2.38 | 执行数： | 2.38``): the header row is the total's row."""
    sources: tuple[tuple[FundCategory, str] | None, ...] = ()
    """Per value column (as ``columns``): the fund source a column is headed by (``中央(万元) | 本级(万元) |
    其他(万元) | 合计(万元) | 执行数``), when the sources are columns instead of rows."""


_RATE_WORDS = ("initial_budget", "budget", "executed", "rate")
_MAX_LABEL_CHARS = 24


def is_fund_header(row: RowView) -> bool:
    """True for a header row naming at least two fund columns (全年预算数, 全年执行数, 执行率 …).

    A number before the first of them (a 序号 ``6`` before ``预算执行（18分） | 预算执行率``) makes it a data row.
    """
    texts = row.texts()
    fields = [fund_field(t) in _RATE_WORDS for t in texts]
    if sum(fields) < 2:
        return False
    return not any(is_number_cell(t) for t in texts[: fields.index(True)])


def fund_header(row: RowView) -> FundHeader:
    """Read the fund columns of a header row (see :func:`is_fund_header`)."""
    mapped = map_columns("fund", row)
    by_col = {m.col: m for m in mapped.mappings}
    cells = row.distinct()
    fields: list[FundField | None] = [
        cast(FundField, mapped.cmap.fields[col]) if col in mapped.cmap.fields else None for col, _ in cells
    ]
    pairs = _pair_layout(cells, fields)
    if pairs:
        # Each field's label cell heads the value written beside it, in this row and in the rows below.
        shifted: list[FundField | None] = [None] * len(fields)
        for i, f in enumerate(fields):
            if f in FUND_VALUE_FIELDS and i + 1 < len(fields) and fields[i + 1] is None:
                shifted[i + 1] = f
                _note_pair(mapped, cells[i][0], cells[i + 1][0], f)
            elif shifted[i] is None:
                shifted[i] = f
        fields = shifted
    sources = _source_columns(cells, fields)
    start = next(
        (i for i, f in enumerate(fields) if f in FUND_VALUE_FIELDS or sources[i] is not None), len(cells)
    )
    columns = tuple(f if f != "label" else None for f in fields[start:])
    first_value = cells[start][0] if start < len(cells) else len(row.cells)
    breakdown: Breakdown | None = None
    for mapping in mapped.mappings:
        if mapping.col < first_value and mapping.field in (None, "label"):
            mapping.note = "row labels"
            # A label column headed by a breakdown's name (资金结构, 按支出性质分): every row belongs to it.
            # 资金来源 over the label column is the column's plain name (年度资金总额, 其中：当年财政拨款 …).
            found = breakdown_of(mapping.header)
            breakdown = breakdown or (found if found != "资金来源" else None)
    formula: Formula = "(B-C)/A" if any("B-C" in squash(c.text) for _, c in cells) else "B/A"
    vocab = vocabulary()
    unit: str | None = None
    points: Decimal | None = None
    for col, cell in cells:
        core = header_core(cell.text)
        unit = unit or core.unit or vocab.unit_note(cell.text)
        m = by_col.get(col)
        if core.points is not None and (m is None or m.field in (None, "label", "score")):
            points = points or core.points
    if unit not in vocab.amount_units:
        unit = None
    return FundHeader(
        row=row.index,
        columns=columns,
        formula=formula,
        unit=cast(AmountUnit | None, unit),
        points=points,
        mapped=mapped,
        value_cols=tuple(col for col, _ in cells[start:]),
        breakdown=breakdown,
        pairs=pairs,
        sources=tuple(sources[start:]) if any(sources) else (),
    )


def _source_columns(
    cells: Sequence[tuple[int, Cell]], fields: Sequence[FundField | None]
) -> list[tuple[FundCategory, str] | None]:
    """The columns headed by fund sources (two or more besides a total), else all None."""
    found: list[tuple[FundCategory, str] | None] = []
    for i, ((_, cell), f) in enumerate(zip(cells, fields, strict=False)):
        category = fund_category(cell.text) if i > 0 and f in (None, "label") else None
        found.append((category, cell.text.strip()) if category is not None else None)
    if sum(1 for x in found if x is not None and x[0] != "总额") < 2:
        return [None] * len(cells)
    return found


_AMOUNT_FIELDS = ("initial_budget", "budget", "executed", "transfer")


def _pair_layout(cells: Sequence[tuple[int, Cell]], fields: Sequence[FundField | None]) -> bool:
    """True when an amount field's header cell has an amount beside it in the header row itself."""
    return any(
        f in _AMOUNT_FIELDS
        and i + 1 < len(cells)
        and fields[i + 1] is None
        and is_amount_text(cells[i + 1][1].text)
        for i, f in enumerate(fields)
    )


def _note_pair(mapped: MappedColumns, label_col: int, value_col: int, name: FundField) -> None:
    by_col = {m.col: m for m in mapped.mappings}
    label, value = by_col.get(label_col), by_col.get(value_col)
    if label is not None:
        label.note = "label of the amounts beside it"
    if value is not None:
        value.field, value.method, value.score = name, "content", 1.0
        value.note = f"amounts beside {label.header.strip() if label else name}"


@cache
def _unit_words() -> tuple[str, ...]:
    """The amount units a cell may print after its number (元, 万元 …, and 万 alone), longest first."""
    return tuple(sorted((*vocabulary().amount_units, "万"), key=len, reverse=True))


def is_amount_text(text: str) -> bool:
    """A number, or a number with an amount unit after it (``2.38万元``, ``620.82 万元``, ``10萬``); not a list
    marker (``①……``, ``⑴``), which folding would make a digit."""
    if any("\u2460" <= ch <= "\u24ff" or "\u3220" <= ch <= "\u3243" for ch in text):
        return False
    t = fold(text).replace(" ", "")
    for unit in _unit_words():
        if t.endswith(unit) and len(t) > len(unit):
            t = t[: -len(unit)]
            break
    return is_number_cell(t)


@dataclass
class FundReader:
    """Reads the data rows under one fund header, carrying the breakdown label down.

    ``unit`` / ``unit_source``: the amount unit of the part and where it was found (the header, the
    table's caption or note); amounts whose cell states no unit take it, and with none found they are
    read as 万元 and marked ``assumed``.
    """

    header: FundHeader
    fallback: Provenance
    unit: AmountUnit | None = None
    unit_source: UnitSource = "assumed"
    breakdown: Breakdown | None = None
    column_breakdowns: dict[int, Breakdown] | None = None
    inline_rows: list[FundRow] = field(default_factory=list)
    rows_read: int = 0
    skipped: list[str] = field(default_factory=list)
    data_in: dict[int, list[str]] = field(default_factory=dict)
    """Value columns no field took that held data: their first cells."""
    _text_amounts: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.breakdown = self.breakdown or self.header.breakdown

    def read(self, row: RowView, above: RowView | None = None) -> list[FundRow]:
        """FundRows of one data row (a row may hold two inline label:value cells); [] for others.

        ``above``: the table's row above it, to tell a block label printed again on each row."""
        self._text_amounts.clear()
        rows = self._read(row, above)
        self.rows_read += len(rows)
        if rows:
            self.skipped.extend(self._text_amounts)
        return rows

    def read_header(self, row: RowView) -> list[FundRow]:
        """The total's row of a pair layout: the header row's own amounts, labelled by its first cell."""
        if not self.header.pairs:
            return []
        self._text_amounts.clear()
        cells = row.distinct()
        start = len(cells) - len(self.header.value_cols)
        values = self._values(row, cells[start:])
        if not values:
            return []
        self.rows_read += 1
        self.skipped.extend(self._text_amounts)
        return [self._row(cells[0][1], "总额", "总额", values)]

    def _read(self, row: RowView, above: RowView | None) -> list[FundRow]:
        group = self._group_label(row)
        if group is not None:
            return []
        inline = self._inline(row)
        if inline is not None:
            return inline
        cells = row.distinct()
        # A block label written out again in every row (资金情况 down an unmerged first column): a row's
        # own label beside it is the row's label, as beside one merged down from above.
        repeated = {i for i, (col, _) in enumerate(cells) if row.repeats(above, col)}
        label_idx = _label_index(cells, repeated)
        if label_idx is None:
            if any(is_number_cell(c.text) for _, c in _own(row)):
                self.skipped.append(f"row {row.index}: numbers without a row label")
            return []
        label_cell = cells[label_idx][1]
        if is_placeholder_text(label_cell.text) and not any(is_amount_text(c.text) for _, c in cells):
            return []  # a template row nobody filled (①……, 指标1：)
        category = fund_category(label_cell.text)
        for _, c in cells[:label_idx]:
            found = breakdown_of(c.text)
            if found:
                self.breakdown = found
        values = self._values(row, cells[label_idx + 1 :])
        if (
            category is None
            and self.rows_read == 0
            and (label_cell.row <= self.header.row or squash(label_cell.text) in self._block_labels())
        ):
            # The block's label merged down beside the header (or printed again on each row) is the only
            # label of its first row: the block's total (部门预算执行情况（万元） | … | 76% | 10 | 7.6).
            category = "总额"
        if category is None:
            # A row label the vocabulary does not know (中央补助资金, 2.单位其它收入 …): the row is kept with its
            # label and amounts, so nothing the form states is lost; the coverage record names it.
            amounts = [c for n, c in values.items() if n in _RATE_WORDS and is_amount_text(c.text)]
            if not amounts or label_cell.row != row.index or len(squash(label_cell.text)) > _MAX_LABEL_CHARS:
                return []
            self.skipped.append(
                f"row {row.index}: fund row label not in the vocabulary: {label_cell.text.strip()}"
            )
        # A row with every value blank is kept: the form has the row, and "blank" is what it says.
        breakdown: Breakdown | None = (
            "总额" if category == "总额" and self.breakdown is None else self.breakdown
        )
        if self.header.sources:
            return self._by_source(label_cell, cells[label_idx + 1 :], category, values)
        return [self._row(label_cell, category, breakdown, values)]

    def _block_labels(self) -> set[str]:
        """The header row's texts over the label columns (a block label printed again on its rows)."""
        mapped = self.header.mapped
        return {squash(m.header) for m in mapped.mappings if m.note == "row labels"} if mapped else set()

    def _by_source(
        self,
        label: Cell,
        cells: Sequence[tuple[int, Cell]],
        category: FundCategory | None,
        values: dict[FundField, Cell],
    ) -> list[FundRow]:
        """One row of a header whose sources are columns: the row (its 合计 as the budget) and a row per source."""
        out: list[FundRow] = []
        total: Cell | None = None
        for (_, cell), source in zip(cells, self.header.sources, strict=False):
            if source is None or not is_amount_text(cell.text):
                continue
            name, text = source
            if name == "总额":
                total = cell
                continue
            prov = cell_prov(cell, self.fallback)
            out.append(
                FundRow(
                    label_raw=text,
                    category=name,
                    breakdown="资金来源",
                    budget=self._amount(cell.text, prov),
                    rate_formula=self.header.formula,
                    prov=prov,
                )
            )
        if total is not None and "budget" not in values:
            values = {**values, "budget": total}
        row = self._row(
            label, category or "总额", "总额" if category in (None, "总额") else self.breakdown, values
        )
        return [row, *out]

    def _values(self, row: RowView, cells: Sequence[tuple[int, Cell]]) -> dict[FundField, Cell]:
        """The cells after a row's label, by the header's columns in order."""
        values: dict[FundField, Cell] = {}
        for k, ((_, cell), name) in enumerate(zip(cells, self.header.columns, strict=False)):
            text = cell.text.strip()
            if not text or is_null(text):
                continue
            if name in _AMOUNT_FIELDS and not has_digit(text):
                # Text under an amount column (a label repeated beside its value, 万元 printed alone, ……) is
                # not an amount; a word that is not a unit, a mark or a label is named when the row is kept.
                unit_or_label = fold(text) in _unit_words() or fund_category(text) is not None
                if not (is_placeholder_text(text) or unit_or_label):
                    self._text_amounts.append(
                        f"row {row.index}: text under an amount column: {text[:SAMPLE_CHARS]}"
                    )
                continue
            amount = parse_amount(text, default_unit="万元") if name in _AMOUNT_FIELDS else None
            if name in _AMOUNT_FIELDS and (amount is None or amount.value is None):
                # Digits that make no amount (a garbled or damaged cell): kept as printed, and said.
                self._text_amounts.append(f"row {row.index}: not an amount: {text[:SAMPLE_CHARS]}")
            if name in ("weight", "score") and has_digit(text) and parse_points(text) is None:
                self._text_amounts.append(f"row {row.index}: {name} not a number: {text[:SAMPLE_CHARS]}")
            if name is not None:
                values[name] = cell
            elif k < len(self.header.sources) and self.header.sources[k] is not None:
                continue  # a fund source's amount: read by _by_source
            else:
                self.data_in.setdefault(k, [])
                if len(self.data_in[k]) < SAMPLES:
                    self.data_in[k].append(" ".join(text.split())[:SAMPLE_CHARS])
        return values

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
            amount = self._amount(number, cell_prov(cell, self.fallback)) if number else None
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

    def column_notes(self) -> None:
        """Mark the header's value columns that no field took: 'no data' unless a row put data under them."""
        if self.header.mapped is None:
            return
        by_col = {m.col: m for m in self.header.mapped.mappings}
        for k, (col, name) in enumerate(zip(self.header.value_cols, self.header.columns, strict=False)):
            m = by_col.get(col)
            source = self.header.sources[k] if k < len(self.header.sources) else None
            if name is None and m is not None and source is not None:
                m.note = "total's budget" if source[0] == "总额" else f"fund source: {source[0]}"
            elif name is None and m is not None and m.note is None:
                if k in self.data_in:
                    m.samples = self.data_in[k]
                else:
                    m.note = "no data"

    def _amount(self, text: str, prov: Provenance) -> Amount | None:
        return parse_amount(text, default_unit=self.unit or "万元", prov=prov, unit_source=self.unit_source)

    def _row(
        self,
        label: Cell,
        category: FundCategory | None,
        breakdown: Breakdown | None,
        values: dict[FundField, Cell],
    ) -> FundRow:
        def amount(name: FundField) -> Amount | None:
            cell = values.get(name)
            return self._amount(cell.text, cell_prov(cell, self.fallback)) if cell else None

        weight = parse_points(values["weight"].text) if "weight" in values else None
        if weight is None and category == "总额" and "weight" not in self.header.columns:
            # No 分值 column: the weight is the one the header states (得分（20分*执行率）, 预算执行情况（10分）).
            weight = self.header.points

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
            weight=weight,
            score=parse_points(values["score"].text) if "score" in values else None,
            reason=None if reason is None or is_placeholder_text(reason) or _is_form_note(reason) else reason,
            prov=cell_prov(label, self.fallback),
        )


def _own(row: RowView) -> list[tuple[int, Cell]]:
    """Non-empty cells that start on this row (a label merged down from above is not this row's)."""
    return [(col, c) for col, c in row.nonempty() if c.row == row.index]


def _label_index(cells: Sequence[tuple[int, Cell]], repeated: Collection[int] = ()) -> int | None:
    """Index of the row's label: the last text cell before the first number (or the last text cell).

    ``repeated``: indexes of cells that print the row above's text again (a block label written out).
    """
    label: int | None = None
    for i, (_, cell) in enumerate(cells):
        text = cell.text.strip()
        if not text:
            continue
        if is_null(text) or is_placeholder_text(text):
            if label in repeated:
                label = i  # the row's own label is a template's placeholder (①……): nobody filled the row
            continue
        if is_amount_text(text):
            break
        if fund_category(text) is not None or label is None:
            label = i
        elif (cells[label][1].row < cell.row or label in repeated) and len(squash(text)) <= _MAX_LABEL_CHARS:
            # The row's own label beside a block label merged down from above (③县（市、区）财政资金).
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
    unit: str | None = None,
) -> FundRow | None:
    """A FundRow from a label and (field, text, provenance) triples (a form printed as text lines).

    ``unit`` is the unit a note near the header states (None: 万元 assumed).
    """
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
        return parse_amount(
            text,
            default_unit=cast(AmountUnit, unit or "万元"),
            prov=p,
            unit_source="header" if unit else "assumed",
        )

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
        weight=parse_points(got["weight"][0]) if "weight" in got else None,
        score=parse_points(got["score"][0]) if "score" in got else None,
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
