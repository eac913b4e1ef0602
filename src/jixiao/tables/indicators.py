"""绩效指标 rows → :class:`~jixiao.schema.PerformanceIndicator`, in every layout of the seeds.

* 湖南 / 财政部 (000): 一级 / 二级 / 三级 / 年度指标值 / 实际完成值 / 分值 / 自评得分 / 偏差原因分析及改进措施;
* 长沙 (002): the same columns, the header repeated after each page break;
* 四川 510000_0013zp (004): adds 指标性质 (＝ ≥ ≤ 定性) and 度量单位, 权重 for 分值, 未完成原因分析;
* 望城 (003): 目标内容, 目标值, 完成值, 未完成原因, 改进措施 — as a table in its DOCX/PDF renderings (this
  module) and as flattened text lines in its text rendering (:mod:`jixiao.tables.wangcheng`).

Merged 一级/二级 cells are carried down (an empty cell means "same as above"), rows with neither a name nor
a weight/score (level-only rows, ``……`` filler) are skipped, and rows that lost leading cells are aligned
from the right (:func:`~jixiao.tables.layout.aligned_cells`). Rows with a weight but no name are kept: the
checks report them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from typing import Literal
from typing import cast

from jixiao.schema import Cell
from jixiao.schema import Op
from jixiao.schema import PerformanceIndicator
from jixiao.schema import Provenance
from jixiao.schema import Value
from jixiao.tables.columns import MappedColumns
from jixiao.tables.columns import annotate
from jixiao.tables.columns import assign
from jixiao.tables.columns import header_text
from jixiao.tables.columns import map_columns
from jixiao.tables.columns import open_columns
from jixiao.tables.labels import IndicatorField
from jixiao.tables.labels import indicator_field
from jixiao.tables.labels import is_total_label
from jixiao.tables.labels import join_wrapped
from jixiao.tables.labels import level1_cap
from jixiao.tables.labels import level1_of
from jixiao.tables.labels import level2_of
from jixiao.tables.labels import squash
from jixiao.tables.layout import ColumnMap
from jixiao.tables.layout import RowView
from jixiao.tables.layout import aligned_cells
from jixiao.tables.layout import cell_prov
from jixiao.tables.layout import is_number_cell
from jixiao.tables.numbers import has_digit
from jixiao.tables.numbers import is_null
from jixiao.tables.numbers import parse_points
from jixiao.tables.values import is_placeholder_text
from jixiao.tables.values import is_scale
from jixiao.tables.values import op_from_nature
from jixiao.tables.values import parse_value
from jixiao.vocabulary.normalise import is_quantity


def is_indicator_header(row: RowView) -> bool:
    """True for a 绩效指标 header row: the name and a value column, the two levels and a points column,
    a level and the name with points (a scoring block: 项目权重 | 评价内容 | 分值 | 自评分), or target and
    actual with a points column (a form whose name column has a wording nobody listed)."""
    fields = {indicator_field(t) for t in row.texts()}
    points = "weight" in fields or "score" in fields
    return (
        ("name" in fields and ("target" in fields or "actual" in fields))
        or ("level1" in fields and ("level2" in fields or "name" in fields) and points)
        or ("target" in fields and "actual" in fields and (points or "level2" in fields))
    )


def indicator_header(row: RowView, rows_below: list[RowView]) -> MappedColumns:
    """Map a header row, move it right if it lost its first cell, and fill open columns from their contents.

    The shift is the one (0, 1 or 2 columns) under which the rows below hold numbers in the 分值/得分
    columns most often: a header whose first cell carries the previous row's text ("…工作能力。↵一级指标")
    has every label one column left of its data.
    """
    base = map_columns("indicator", row)
    sample = [r for r in _data_rows(rows_below) if not r.is_blank][:15]

    def fit(cmap: ColumnMap[str]) -> int:
        score = 0
        for col in (cmap.col("weight"), cmap.col("score")):
            if col is None:
                continue
            for r in sample:
                text = r.text(col)
                if text and not is_null(text):
                    score += 1 if is_number_cell(text) else -1
        return score

    best, best_fit = base, fit(base.cmap)
    for shift in (1, 2):
        if base.cmap.fields and base.cmap.last + shift < max(row.table.n_cols, base.cmap.last + 1):
            moved = map_columns("indicator", row, shift=shift)
            f = fit(moved.cmap)
            if f > best_fit:
                best, best_fit = moved, f
    cmap = best.cmap
    level2 = cmap.col("level2")
    if cmap.col("level1") is None and level2 is not None and level2 > 0 and (level2 - 1) not in cmap.fields:
        # The 一级指标 header was lost (clipped or spilled over); its column is the one left of 二级指标.
        assign(best, level2 - 1, "level1", header_text(row, cmap.shift), method="position", score=1.0)
    _resolve_open_columns(best, row, sample)
    annotate(best, _data_rows(rows_below), max(row.table.n_cols, best.cmap.last + 1))
    return best


def _data_rows(rows: list[RowView]) -> list[RowView]:
    """The rows of one indicator block: up to the next header or totals row."""
    out: list[RowView] = []
    for r in rows:
        if is_indicator_header(r) or any(is_total_label(t) for t in r.texts()[:2]):
            break
        out.append(r)
    return out


def _resolve_open_columns(mapped: MappedColumns, row: RowView, sample: list[RowView]) -> None:
    """Give the columns the header left open a field from what they hold (method ``content``).

    * no weight and no score column: the two right-most columns of bare numbers are weight, then score
      (one such column is the score when the header names a weight nowhere and the numbers stay small);
    * no target or actual column: columns of values (numbers with units or operators) right of the name
      are the target, then the actual;
    * no name column: the open column with the longest text left of the values is the name.
    """
    cmap = mapped.cmap
    width = max(row.table.n_cols, cmap.last + 1)
    open_cols = open_columns(mapped, sample, width)
    if not open_cols:
        return
    text_at = header_text(row, cmap.shift)
    left_edge = max((c for c, f in cmap.fields.items() if f in ("level1", "level2", "name")), default=-1)
    numeric = [p for p in open_cols if p.col > left_edge and p.cells >= 2 and p.numeric >= 0.8]
    if cmap.col("weight") is None and cmap.col("score") is None and numeric:
        if len(numeric) >= 2:
            assign(mapped, numeric[-2].col, "weight", text_at, score=numeric[-2].numeric)
            assign(mapped, numeric[-1].col, "score", text_at, score=numeric[-1].numeric)
        else:
            assign(mapped, numeric[0].col, "score", text_at, score=numeric[0].numeric)
    elif cmap.col("score") is None and numeric:
        right = [p for p in numeric if p.col > (cmap.col("weight") or -1)]
        if right:
            assign(mapped, right[0].col, "score", text_at, score=right[0].numeric)
    elif cmap.col("weight") is None and numeric:
        left = [p for p in numeric if p.col < (cmap.col("score") or width)]
        if left:
            assign(mapped, left[-1].col, "weight", text_at, score=left[-1].numeric)
    taken = set(cmap.fields)
    values = [
        p
        for p in open_cols
        if p.col not in taken and p.col > left_edge and p.share(p.values + p.numbers) >= 0.6 and p.cells >= 2
    ]
    for name in ("target", "actual"):
        if cmap.col(name) is None and values:
            p = values.pop(0)
            assign(mapped, p.col, name, text_at, score=p.share(p.values + p.numbers))
    if cmap.col("name") is None:
        first_value = min((c for c, f in cmap.fields.items() if f in ("target", "actual")), default=width)
        texts = [p for p in open_cols if p.col not in cmap.fields and p.col < first_value and p.cells >= 2]
        if texts:
            p = max(texts, key=lambda q: q.mean_chars)
            assign(mapped, p.col, "name", text_at, score=p.share(p.cells - p.numbers))


_TEMPLATE_NAME = re.compile(r"^(?:(?:指标|目标|三级指标)\s*\d*\s*[:：.、]?|\d?[…．.]+)$")


def _blank_template_row(
    by_field: dict[IndicatorField, Cell], weight: Decimal | None, score: Decimal | None
) -> bool:
    """A row the template prints for the form to fill (``指标2：``, ``①……``) and nobody filled: no values."""
    name = by_field.get("name")
    if name is None or weight is not None or score is not None:
        return False
    if any(k in by_field for k in ("target", "actual", "content")):
        return False
    return bool(_TEMPLATE_NAME.match(squash(name.text)))


_LABEL_REST_CHARS = 10
"""The longest rest of a level label a page break cuts off (（10 分）, 效益指标（30分）)."""


def _values_of_its_own(by_field: dict[IndicatorField, Cell], last: PerformanceIndicator) -> bool:
    """A row whose target or actual is a quantity where the indicator above has one too: a row of its own
    (its weight cut off, or none printed), not the rest of that indicator's cells."""
    for key in ("target", "actual"):
        cell = by_field.get(key)
        before: Value = getattr(last, key)
        if cell is None or not is_quantity(before.raw) or not is_quantity(cell.text):
            continue
        if not is_quantity(before.raw + cell.text.strip()):
            return True  # 10场 and 6场; not ≧1850 and 0亩, one quantity wrapped over the break
    return False


def _opens_item(by_field: dict[IndicatorField, Cell]) -> bool:
    """A row that names an item of its own with its values (a 其中 breakdown row, which has no weight): a
    new indicator, not the rest of the row above."""
    name = by_field.get("name")
    if name is None:
        return False
    return squash(name.text).startswith("其中") and ("target" in by_field or "actual" in by_field)


def nature_of(target: Value, nature_raw: str | None) -> Literal["定量", "定性"]:
    """定量 when the target is a quantity (or the 指标性质 column says an operator), else 定性."""
    op = op_from_nature(nature_raw)
    if op is not None:
        return "定性" if op == Op.QUAL else "定量"
    if target.op == Op.QUAL or target.grade or target.scale:
        return "定性"
    return "定量" if target.num is not None else "定性"


@dataclass
class IndicatorReader:
    """Reads the rows under one indicator header, carrying 一级/二级 labels down."""

    cmap: ColumnMap[str]
    fallback: Provenance
    width: int
    level1_raw: str = ""
    level1_cell: Cell | None = None
    level2_raw: str = ""
    level2_cell: Cell | None = None
    last: PerformanceIndicator | None = None
    last_page: int | None = None
    absorbed: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    mapped: MappedColumns | None = None
    skipped: list[str] = field(default_factory=list)
    sums: tuple[Decimal, Decimal, int] = (Decimal(0), Decimal(0), 0)
    """Weights and scores of the indicators since the last row of sums, and how many."""
    indicators: list[PerformanceIndicator] = field(default_factory=list)
    """The indicators read so far, in order."""

    @property
    def rows_read(self) -> int:
        return len(self.indicators)

    def read(self, row: RowView, above: RowView | None = None) -> PerformanceIndicator | None:
        """The indicator on ``row``, or None for a level-only, blank, filler or continued row.

        ``above``: the table's row above it, to tell a label printed again on each row."""
        ind = self._read(row, above)
        if ind is not None:
            self.indicators.append(ind)
        return ind

    def _extend_label(self, key: str, piece: str) -> None:
        """Join the rest of a level label cut by a page break to the label and to every indicator above
        that carries it (the rows of one merged cell, cut in two by the break)."""
        old = self.level1_raw if key == "level1" else self.level2_raw
        new = old + piece
        if key == "level1":
            self.level1_raw = new
        else:
            self.level2_raw = new
        for ind in reversed(self.indicators):
            if (ind.level1_raw if key == "level1" else ind.level2_raw) != old:
                break
            if key == "level1":
                ind.level1_raw, ind.level1, ind.level1_cap = new, level1_of(new), level1_cap(new)
            else:
                ind.level2_raw, ind.level2 = new, level2_of(new)

    def _read(self, row: RowView, above: RowView | None) -> PerformanceIndicator | None:
        if self._spans_labels(row):
            return None
        numeric = [c for c in (self.cmap.col("weight"), self.cmap.col("score")) if c is not None]
        cells = aligned_cells(row, self.width, numeric)
        by_field: dict[IndicatorField, Cell] = {}
        for col, name in self.cmap.cols():
            cell = cells[col] if col < len(cells) else None
            if cell is not None and cell.text.strip() and not is_null(cell.text):
                by_field.setdefault(cast(IndicatorField, name), cell)
        name_cell = by_field.get("name")
        weight = parse_points(by_field["weight"].text) if "weight" in by_field else None
        score = parse_points(by_field["score"].text) if "score" in by_field else None
        for name, value in (("weight", weight), ("score", score)):
            if value is None and name in by_field and has_digit(by_field[name].text):
                # Digits that make no number (a garbled or damaged cell): the points are not read; said.
                self.skipped.append(
                    f"row {row.index}: {name} not a number: {by_field[name].text.strip()[:40]}"
                )
        has_body = any(k in by_field for k in ("name", "target", "actual", "content", "reason"))
        page = row.page
        new_page = page is not None and self.last_page is not None and page > self.last_page
        if (
            self.last is not None
            and weight is None
            and score is None
            and has_body
            and (new_page or "name" not in by_field)
            and not self._new_levels(row)
            and not _opens_item(by_field)
            and not _blank_template_row(by_field, weight, score)
            and not _values_of_its_own(by_field, self.last)
        ):
            # The rest of the previous row: carried onto the next PDF page, or a wrapped line the reader
            # made into a row of its own (no name, no weight, no score of its own).
            self._continue(self.last, row, by_field)
            self.last_page = page if page is not None else self.last_page
            return None
        self._carry_levels(by_field, new_page=new_page)
        if page is not None:
            self.last_page = page  # only the first row of a page can hold the rest of a row cut by the break
        if not has_body and weight is None and score is None:
            self._note_unread(row, above)
            return None
        if _blank_template_row(by_field, weight, score):
            self.last = None  # what the next page opens with is no rest of the indicator above it
            return None
        if not has_body and self._sums_above(row, weight, score):
            self.sums = (Decimal(0), Decimal(0), 0)
            return None  # a row of sums with no label (| | | 90.00 | 90.00): the indicators hold it
        ind = self._indicator(by_field, name_cell, weight, score)
        self.last, self.last_page = ind, page
        w, sc, n = self.sums
        self.sums = (w + (weight or 0), sc + (score or 0), n + 1)
        return ind

    def _sums_above(self, row: RowView, weight: Decimal | None, score: Decimal | None) -> bool:
        """True when the row holds only numbers and they are the sums of the indicators above it, or it
        comes before any indicator (the block's sums printed under its header)."""
        if any(not is_number_cell(c.text) for _, c in row.nonempty() if c.row == row.index):
            return False
        if self.last is None and self.level1_cell is None and self.level2_cell is None:
            return True
        total_weight, total_score, n = self.sums
        if n < 2:
            return False
        return (weight is None or weight == total_weight) and (score is None or score == total_score)

    def _spans_labels(self, row: RowView) -> bool:
        """A row whose own first cell covers the name column and a level column: a labelled note
        (其他需要说明事项 | …) or a subtotal under a blank merged label (| 90.00 | 90.00), not an indicator."""
        name_col = self.cmap.col("name")
        levels = [c for c in (self.cmap.col("level1"), self.cmap.col("level2")) if c is not None]
        if name_col is None or not levels:
            return False
        cell = row.cell(name_col)
        return (
            cell is not None
            and cell.row == row.index
            and any(row.cell(c) is cell for c in levels)
            and cell.col_span > 1
        )

    def _note_unread(self, row: RowView, above: RowView | None) -> None:
        """A row that filled no field but holds text outside the level columns: say so (coverage)."""
        levels = {self.cmap.col("level1"), self.cmap.col("level2")}
        if self.mapped is not None:
            levels |= {m.col for m in self.mapped.mappings if m.note == "known column"}
        texts = [
            c.text.strip()
            for col, c in row.nonempty()
            if c.row == row.index and col not in levels and not is_placeholder_text(c.text)
            and level1_of(c.text) is None and level2_of(c.text) is None
            # The label of the row above printed again (a merged label written out in every row): a
            # row with only that is an empty slot under it, nothing unread.
            and not row.repeats(above, col)
        ]  # fmt: skip
        if texts:
            self.skipped.append(f"row {row.index}: no indicator column filled: {' | '.join(texts)[:80]}")

    def _new_levels(self, row: RowView) -> bool:
        """True when the row starts a level of its own (a 一级/二级 label that reads as one by itself)."""
        for name, reader in (("level1", level1_of), ("level2", level2_of)):
            col = self.cmap.col(name)
            if col is not None and row.owns(col) and row.text(col) and reader(row.text(col)) is not None:
                return True
        return False

    def _continue(
        self, ind: PerformanceIndicator, row: RowView, by_field: dict[IndicatorField, Cell]
    ) -> None:
        """Append the texts of a row split by a page break to the indicator it belongs to."""
        for key, cell in by_field.items():
            text = cell.text.strip()
            if cell.row != row.index:
                continue  # merged down from above: already read with the row it starts on
            if key in ("level1", "level2") and id(cell) not in self.absorbed:
                # The end of a level label cut by the page break ("…项目效益" + "指标").
                self.absorbed.add(id(cell))
                self._extend_label(key, join_wrapped(cell.text))
            elif key == "name":
                ind.name = (ind.name + text).strip()
            elif key == "content":
                ind.content = (ind.content or "") + text
            elif key in ("target", "actual"):
                old: Value = getattr(ind, key)
                hint = op_from_nature(ind.nature_raw) if key == "target" else None
                setattr(
                    ind, key, parse_value(old.raw + text, unit_hint=ind.unit_raw, op_hint=hint, prov=old.prov)
                )
            elif key == "unit":
                # "个（台" + "、套、件、辆）": the 度量单位 completed; both values take the whole unit.
                ind.unit_raw = (ind.unit_raw or "") + text
                hint = op_from_nature(ind.nature_raw)
                ind.target = parse_value(
                    ind.target.raw, unit_hint=ind.unit_raw, op_hint=hint, prov=ind.target.prov
                )
                ind.actual = parse_value(ind.actual.raw, unit_hint=ind.unit_raw, prov=ind.actual.prov)
            elif key == "reason":
                ind.deviation_reason = (ind.deviation_reason or "") + text
            elif key == "improvement":
                ind.improvement = (ind.improvement or "") + text

    def _carry_levels(self, by_field: dict[IndicatorField, Cell], *, new_page: bool = False) -> None:
        l1 = by_field.get("level1")
        if l1 is not None and id(l1) in self.absorbed:
            l1 = None
        for key, reader in (("level1", level1_of), ("level2", level2_of)):
            cell = by_field.get(key)  # type: ignore[call-overload]
            current = self.level1_raw if key == "level1" else self.level2_raw
            if (
                new_page
                and cell is not None
                and current
                and reader(cell.text) is None
                and id(cell) not in self.absorbed
                and join_wrapped(cell.text) != current  # the label printed again on the new page
                and by_field.get("name") is not cell  # a line across the row (项目年度目标1：…), no label
                and len(squash(cell.text)) <= _LABEL_REST_CHARS
            ):
                # A merged level cell cut by the page break: "满意度指标" … "（10 分）" on the next page.
                self.absorbed.add(id(cell))
                self._extend_label(key, join_wrapped(cell.text))
                if key == "level1":
                    l1 = None
        if l1 is not None and join_wrapped(l1.text) != self.level1_raw:
            self.level1_raw, self.level1_cell = join_wrapped(l1.text), l1
            if "level2" not in by_field:
                self.level2_raw, self.level2_cell = "", None
        l2 = by_field.get("level2")
        if l2 is not None and id(l2) not in self.absorbed:
            self.level2_raw, self.level2_cell = join_wrapped(l2.text), l2

    def _indicator(
        self,
        by_field: dict[IndicatorField, Cell],
        name_cell: Cell | None,
        weight: Decimal | None,
        score: Decimal | None,
    ) -> PerformanceIndicator:
        read: dict[str, tuple[str | None, Provenance | None]] = {
            key: (cell.text.strip(), cell_prov(cell, self.fallback)) for key, cell in by_field.items()
        }
        levels: dict[str, Provenance] = {}
        if self.level1_cell is not None:
            levels["level1"] = cell_prov(self.level1_cell, self.fallback)
        if self.level2_cell is not None:
            levels["level2"] = cell_prov(self.level2_cell, self.fallback)
        anchor = name_cell or next(iter(by_field.values()), None)
        return build_indicator(
            (self.level1_raw, self.level2_raw),
            read,
            weight=weight,
            score=score,
            prov=cell_prov(anchor, self.fallback),
            more_cells=levels,
        )


def build_indicator(
    levels: tuple[str, str],
    read: Mapping[str, tuple[str | None, Provenance | None]],
    *,
    weight: Decimal | None,
    score: Decimal | None,
    prov: Provenance,
    more_cells: Mapping[str, Provenance],
) -> PerformanceIndicator:
    """One indicator from what its reader found, the same for a table row and for a form printed as lines.

    Args:
        levels: the 一级 and 二级 labels as written (their canonical names and the 一级 cap are read here).
        read: text and provenance of each cell by field (name, content, target, actual, 指标性质 nature,
            度量单位 unit, reason, improvement …); the target and actual values are parsed from them.
        weight: the 分值; score: the 得分.
        prov: where the indicator stands.
        more_cells: provenance of cells ``read`` does not name (the levels above, the points of a line).
    """

    def text(key: str) -> str | None:
        return read[key][0] if key in read else None

    def where(key: str) -> Provenance | None:
        return read[key][1] if key in read else None

    level1_raw, level2_raw = levels
    nature_raw = text("nature")
    unit_raw = text("unit")
    target = parse_value(
        text("target") or "", unit_hint=unit_raw, op_hint=op_from_nature(nature_raw), prov=where("target")
    )
    if is_scale(nature_raw):
        # 四川 专项 tables put the scale in the 指标性质 column and a description in 指标值.
        target.scale = target.scale or (nature_raw or "").strip()
        target.op = Op.QUAL
    cells = {key: p for key, (_, p) in read.items() if p is not None}
    for key, p in more_cells.items():
        cells.setdefault(key, p)
    return PerformanceIndicator(
        level1_raw=level1_raw,
        level1=level1_of(level1_raw),
        level1_cap=level1_cap(level1_raw),
        level2_raw=level2_raw,
        level2=level2_of(level2_raw),
        name=text("name") or "",
        content=text("content"),
        nature=nature_of(target, nature_raw),
        nature_raw=nature_raw,
        target=target,
        actual=parse_value(text("actual") or "", unit_hint=unit_raw, prov=where("actual")),
        unit_raw=unit_raw,
        weight=weight,
        score=score,
        deviation_reason=text("reason"),
        improvement=text("improvement"),
        prov=prov,
        cells=cells,
    )


__all__ = ["IndicatorReader", "build_indicator", "indicator_header", "is_indicator_header", "nature_of"]
