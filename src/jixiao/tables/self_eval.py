"""A whole 自评表 (department or project) from its table blocks → :class:`~jixiao.schema.SelfEvalTable`.

The form is read top to bottom as a sequence of parts, each started by its header row:

* identity rows: 项目名称 / 项目支出名称 (with the 四川 code ``51030022Y000000325498-…`` split into code, name
  and category letter R/Y/T → 人员类/运转类/特定目标类), 主管部门, 实施单位, 部门(单位)名称 / 省级预算部门、单位名称
  (stored as ``competent_dept`` on a department table), 人员编制 / 实有人数 (→ Staffing);
* the fund part (:mod:`jixiao.tables.funds`), the goal part (预期目标 / 实际完成情况 → TableGoal), the indicator
  part (:mod:`jixiao.tables.indicators`, its header may repeat after page breaks);
* 总分 / 合计 (reported total weight and score), 评价结论, 存在问题, 改进措施, and the footer: 项目负责人 /
  填表人, 联系电话, 填报日期 (personal data: stored here, redacted on export). A footer written as a paragraph
  under the table (湖南) is read from the paragraphs that follow the table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from typing import Literal

from jixiao.schema import Document
from jixiao.schema import FundRow
from jixiao.schema import Paragraph
from jixiao.schema import Provenance
from jixiao.schema import SelfEvalTable
from jixiao.schema import Staffing
from jixiao.schema import Table
from jixiao.schema import TableGoal
from jixiao.schema import TableRead
from jixiao.schema.values import AmountUnit
from jixiao.schema.values import UnitSource
from jixiao.tables.funds import FundReader
from jixiao.tables.funds import assign_inline_columns
from jixiao.tables.funds import fund_header
from jixiao.tables.funds import is_fund_header
from jixiao.tables.indicators import IndicatorReader
from jixiao.tables.indicators import indicator_header
from jixiao.tables.indicators import is_indicator_header
from jixiao.tables.labels import breakdown_of
from jixiao.tables.labels import fund_category
from jixiao.tables.labels import header_word_end
from jixiao.tables.labels import indicator_field
from jixiao.tables.labels import is_total_label
from jixiao.tables.labels import match_header
from jixiao.tables.labels import squash
from jixiao.tables.layout import RowView
from jixiao.tables.layout import cell_prov
from jixiao.tables.layout import is_number_cell
from jixiao.tables.layout import table_rows
from jixiao.tables.numbers import is_null
from jixiao.tables.numbers import parse_decimal
from jixiao.vocabulary import header_core
from jixiao.vocabulary import simplified_text
from jixiao.vocabulary import vocabulary

Scope = Literal["部门整体", "项目"]

_CODE = re.compile(r"^(?P<code>\d{6}\d{2}(?P<letter>[A-Z])\d{6,})\s*[-－—–]\s*(?P<name>.+)$", re.S)
Category = Literal["人员类", "运转类", "特定目标类"]
_CATEGORY: dict[str, Category] = {"R": "人员类", "Y": "运转类", "T": "特定目标类"}
_FILLED_BY = re.compile(r"(?:填表人|项目负责人)\s*[:：]\s*(?P<v>[^\s:：]{1,10}?)(?=\s|填报|联系|财务|单位|$)")
_PHONE = re.compile(r"联系电话\s*[:：]\s*(?P<v>[\d\-－ ]{7,20}\d)")
_DATE = re.compile(r"填报日期\s*[:：]\s*(?P<v>\d{4}\s*[.\-/年]\s*\d{1,2}\s*[.\-/月]\s*\d{1,2}\s*日?)")


def split_project_name(text: str) -> tuple[str | None, str, Category | None]:
    """``51030022Y000000325498-市妇联幸福家庭再提升行动`` → (code, name, category); plain names → (None, name, None)."""
    t = text.strip()
    m = _CODE.match(t)
    if not m:
        return None, t, None
    return m.group("code"), m.group("name").strip(), _CATEGORY.get(m.group("letter"))


def cut_spill(text: str) -> str:
    """A cell's text without a following rendering run into it (``…（200字以内）↵ 项目名称 5103…-…``)."""
    m = re.search(r"项目名称\s*\d{8}[A-Z]\d{6,}", text)
    if m and m.start() > 0:
        return text[: m.start()].strip()
    return text.strip()


def parse_fill_date(text: str) -> date | None:
    """``2025.4.18`` / ``2025年4月18日`` / ``2025-04-18`` → date; anything else → None."""
    m = re.search(r"(\d{4})\s*[.\-/年]\s*(\d{1,2})\s*[.\-/月]\s*(\d{1,2})", text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


@dataclass
class _State:
    """One form being read: the table as far as it is read, and where the reading stands."""

    table: SelfEvalTable
    inline_funds: list[FundRow] = field(default_factory=list)
    staffing: Staffing | None = None
    warnings: list[str] = field(default_factory=list)
    mode: str | None = None
    fund_reader: FundReader | None = None
    goal_cols: tuple[list[int], int] | None = None
    goal_page: int | None = None
    ind_reader: IndicatorReader | None = None
    caption_unit: AmountUnit | None = None
    parts: list[FundReader | IndicatorReader] = field(default_factory=list)

    @property
    def fallback(self) -> Provenance:
        """Where the form starts: the provenance of what has no cell of its own."""
        return self.table.prov


@dataclass
class SelfEvalResult:
    """A self-evaluation table and what came with it (staffing on the 长沙 form, reading warnings), and the
    record of each part as read: its columns, rows read and skipped, the unit of its amounts."""

    table: SelfEvalTable
    staffing: Staffing | None
    warnings: list[str]
    reads: list[TableRead] = field(default_factory=list)


def read_self_eval(
    doc: Document, tables: list[Table], *, scope: Scope, title: str | None = None
) -> list[SelfEvalResult]:
    """Read the 自评表 spread over ``tables`` (a table and its continuations, in order).

    A PDF reader may join two consecutive forms into one table (same columns, one page after the
    other): a 项目名称 row that comes after a form already has rows starts the next form, so one call can
    return several tables.

    Args:
        doc: the document (for the footer paragraphs under the table).
        tables: the table blocks of this form, first one first.
        scope: 部门整体 or 项目 (from the classification).
        title: the title found above the table, if any.
    """
    first = tables[0]
    unit = caption_unit(doc, first)
    states = [
        _State(
            SelfEvalTable(scope=scope, title=title, prov=first.prov.with_method("table_rule")),
            caption_unit=unit,
        )
    ]
    for table in tables:
        rows = table_rows(table)
        for i, row in enumerate(rows):
            if row.is_blank:
                continue
            st = states[-1]
            if _starts_next_form(st, row):
                form = SelfEvalTable(scope=scope, title=title, prov=_row_prov(row))
                states.append(_State(form, caption_unit=unit))
                st = states[-1]
            _read_row(st, row, rows[i + 1 :], rows[i - 1] if i else None)
    _read_footer(states[-1], doc, tables[-1])
    indexes = [t.index for t in tables]
    return [_finish(st, indexes) for st in states if _has_content(st)] or [_finish(states[0], indexes)]


_CAPTION_BLOCKS = 4


def caption_unit(doc: Document, table: Table) -> AmountUnit | None:
    """The amount unit a form's caption or note states: ``单位：元`` above the table or in its top rows."""
    vocab = vocabulary()
    texts: list[str] = [c.text for c in table.cells if c.row <= 2 and len(c.text) <= 40]
    pos = next((i for i, b in enumerate(doc.blocks) if b is table), None)
    if pos is not None:
        for block in reversed(doc.blocks[max(0, pos - _CAPTION_BLOCKS) : pos]):
            if not isinstance(block, Paragraph):
                break
            texts.append(block.text)
    for text in texts:
        found = vocab.unit_note(text)
        if found in vocab.amount_units and ("单位" in squash(text) or len(squash(text)) <= 12):
            return found  # type: ignore[return-value]
    return None


def _row_prov(row: RowView) -> Provenance:
    first = next((c for _, c in row.distinct() if c.row == row.index), None)
    return cell_prov(first, row.table.prov)


def _has_content(st: _State) -> bool:
    t = st.table
    return bool(t.project_name or t.project_code or t.funds or t.indicators or t.goals)


def _identity(label: str) -> str | None:
    return vocabulary().identity_field(label)


def _starts_next_form(st: _State, row: RowView) -> bool:
    label, _ = _label(row)
    named = _identity(label) == "project_name"
    t = st.table
    return named and bool(t.indicators or t.funds or t.total_weight_reported is not None)


def _finish(st: _State, indexes: list[int]) -> SelfEvalResult:
    table = st.table
    if st.fund_reader is not None:
        st.inline_funds.extend(st.fund_reader.inline_rows)
    assign_inline_columns(table.funds, st.inline_funds, st.warnings)
    table.fill_date = parse_fill_date(table.fill_date_raw) if table.fill_date_raw else None
    table.fund_fields = _fields_of(r.header.columns for r in st.parts if isinstance(r, FundReader))
    table.indicator_fields = _fields_of(
        r.cmap.fields.values() for r in st.parts if isinstance(r, IndicatorReader)
    )
    return SelfEvalResult(
        table=table, staffing=st.staffing, warnings=st.warnings, reads=_reads(st, indexes, table)
    )


def _fields_of(groups: Iterable[Iterable[str | None]]) -> list[str]:
    """The distinct fields of the parts' columns, in first-seen order."""
    return list(dict.fromkeys(f for g in groups for f in g if f is not None))


def _reads(st: _State, indexes: list[int], table: SelfEvalTable) -> list[TableRead]:
    """One TableRead per part; a header repeated after a page break continues its part."""
    kind = "dept_self_eval" if table.scope == "部门整体" else "project_self_eval"
    subject = "dept" if table.scope == "部门整体" else (table.project_code or table.project_name)
    out: list[TableRead] = []
    last_fields: dict[int, str] | None = None
    for reader in st.parts:
        if isinstance(reader, FundReader):
            reader.column_notes()
        mapped = reader.header.mapped if isinstance(reader, FundReader) else reader.mapped
        columns = list(mapped.mappings) if mapped is not None else []
        fields = dict(mapped.cmap.fields) if mapped is not None else {}
        if (
            isinstance(reader, IndicatorReader)
            and out
            and out[-1].part == "indicators"
            and fields == last_fields
        ):
            out[-1].rows_read += reader.rows_read
            out[-1].skipped.extend(reader.skipped)
            out[-1].rows_skipped += len(reader.skipped)
            continue
        read = TableRead(
            tables=indexes,
            kind=kind,
            part="funds" if isinstance(reader, FundReader) else "indicators",
            header_row=reader.header.row if isinstance(reader, FundReader) else reader.cmap.header_row,
            title=table.title,
            subject=subject,
            columns=columns,
            rows_read=reader.rows_read,
            rows_skipped=len(reader.skipped),
            skipped=list(reader.skipped),
            prov=st.fallback,
        )
        if isinstance(reader, FundReader):
            read.unit, read.unit_source = reader.unit or "万元", reader.unit_source
        out.append(read)
        last_fields = fields
    return out


def _label(row: RowView) -> tuple[str, int]:
    """The squashed text of the row's first non-empty cell and its position among the distinct cells."""
    for i, (_, cell) in enumerate(row.distinct()):
        # A cell merged down from the row above labels that row, not this one.
        if cell.row == row.index and cell.text.strip() and not is_null(cell.text):
            return squash(cell.text), i
    return "", -1


def _after(row: RowView, index: int, *, keep_none: bool = False) -> tuple[str | None, Provenance | None]:
    """Text (and provenance) of the first non-empty distinct cell after position ``index``.

    With ``keep_none`` a cell saying 无 counts as content (存在问题：无 is an answer, not a blank).
    """
    for _, cell in row.distinct()[index + 1 :]:
        text = cell.text.strip()
        if text and (not is_null(text) or (keep_none and text == "无")):
            return cut_spill(cell.text), cell_prov(cell, row.table.prov)
    return None, None


def _goal_fields(row: RowView) -> list[tuple[int, str]]:
    """(column, target/actual) for the short cells of a row that name a goal column (own cells only)."""
    out: list[tuple[int, str]] = []
    for col, cell in row.distinct():
        if cell.row != row.index or len(squash(cell.text)) > 16:
            continue
        found = match_header("goal", cell.text)
        if found is not None and found.method != "fuzzy":
            out.append((col, found.field))
    return out


def _is_goal_header(row: RowView) -> bool:
    """A 预期目标 | 实际完成情况 header: short cells of this row naming both columns, target first."""
    fields = _goal_fields(row)
    targets = [c for c, f in fields if f == "target"]
    actuals = [c for c, f in fields if f == "actual"]
    return bool(targets) and bool(actuals) and min(targets) < max(actuals)


def _goal_cols(row: RowView) -> tuple[list[int], int]:
    """Columns of the goal headers: the target columns before the first actual one, right-most first (a
    form with 年初绩效目标 | 全年（调整）绩效目标 | 全年目标实际完成情况 reads the adjusted goal where one is
    written, else the initial one), and that actual. A label merged down beside them is not a target."""
    fields = _goal_fields(row)
    actual = next((c for c, f in fields if f == "actual"), -1)
    targets = [c for c, f in fields if f == "target" and c < actual]
    return targets[::-1], actual


def _is_indicator_row(st: _State, row: RowView) -> bool:
    """Under an indicator header: a row with a name and points where the header puts them is an indicator,
    even when its words name fund columns (执行（35分） | 预算执行 | 预算执行率 | 5 | 5)."""
    if st.mode != "indicators" or st.ind_reader is None:
        return False
    cmap = st.ind_reader.cmap
    name, points = cmap.col("name"), [cmap.col("weight"), cmap.col("score")]
    if name is None or not row.text(name) or is_number_cell(row.text(name)):
        return False
    return any(c is not None and is_number_cell(row.text(c)) for c in points)


def _read_row(st: _State, row: RowView, below: list[RowView], above: RowView | None) -> None:
    if is_indicator_header(row):
        _start_indicators(st, row, below)
        return
    if is_fund_header(row) and not _is_indicator_row(st, row):
        st.mode = "funds"
        previous = st.fund_reader
        if previous is not None:
            st.inline_funds.extend(previous.inline_rows)
            if previous.rows_read == 0 and previous.header.row == row.index - 1 and previous in st.parts:
                # The upper row of a two-row header (预算安排 over 年初预算 | 调整 | 小计): this row names the columns.
                st.parts.remove(previous)
        header = fund_header(row)
        unit, source = _fund_unit(st, row, header.unit)
        st.fund_reader = FundReader(header, st.fallback, unit=unit, unit_source=source)
        st.parts.append(st.fund_reader)
        st.table.funds.extend(st.fund_reader.read_header(row))
        return
    if _is_goal_header(row):
        st.mode = "goals"
        st.goal_cols = _goal_cols(row)
        return
    label, idx = _label(row)
    if _read_labelled(st, row, label, idx, below):
        return
    if st.mode == "funds" and st.fund_reader is not None:
        if _is_other_header(row):
            st.mode = None  # the header of a part no reader knows (项目权重 | 评价内容 | 分值 | 自评分) ends the funds
            return
        st.table.funds.extend(st.fund_reader.read(row, above))
    elif st.mode == "goals" and st.goal_cols is not None:
        _read_goal(st, row)
    elif st.mode == "indicators" and st.ind_reader is not None:
        ind = st.ind_reader.read(row, above)
        if ind is not None:
            st.table.indicators.append(ind)


def _is_other_header(row: RowView) -> bool:
    """A row of three or more short words of its own, none a number or a fund row's label: another part's header."""
    own = [c for _, c in row.nonempty() if c.row == row.index]
    if len(own) < 3:
        return False
    for cell in own:
        text = cell.text.strip()
        if len(squash(text)) > 12 or any(ch.isdigit() for ch in text) or is_null(text):
            return False
        if fund_category(text) is not None or breakdown_of(text) is not None:
            return False
    return True


def _fund_unit(
    st: _State, row: RowView, header_unit: AmountUnit | None
) -> tuple[AmountUnit | None, UnitSource]:
    """The fund part's amount unit: its header row, a block label merged down beside it, or the caption."""
    if header_unit is not None:
        return header_unit, "header"
    vocab = vocabulary()
    for r in (row.index - 1,):
        above = row.table.grid()[r] if r >= 0 else []
        for cell in above:
            if cell is not None and len(cell.text) <= 30:
                found = vocab.unit_note(cell.text)
                if found in vocab.amount_units:
                    return found, "header"  # type: ignore[return-value]
    if st.caption_unit is not None:
        return st.caption_unit, "caption"
    return None, "assumed"


def _start_indicators(st: _State, row: RowView, below: list[RowView]) -> None:
    mapped = indicator_header(row, below)
    cmap = mapped.cmap
    old = st.ind_reader
    width = max(row.table.n_cols, cmap.last + 1)
    reader = IndicatorReader(cmap, st.fallback, width, mapped=mapped)
    st.parts.append(reader)
    for col, cell in row.distinct():
        # The block's points written on its label cell: 绩效指标（90分）, 年度绩效目标（80分）.
        points = header_core(cell.text).points
        if points is not None and cmap.fields.get(col) not in ("weight", "score"):
            st.table.indicator_points = st.table.indicator_points or points
    if old is not None:
        # A header repeated after a page break: the levels above it still apply.
        reader.level1_raw, reader.level1_cell = old.level1_raw, old.level1_cell
        reader.level2_raw, reader.level2_cell = old.level2_raw, old.level2_cell
    st.ind_reader = reader
    st.mode = "indicators"
    # A goal whose 实际完成情况 spilled into the first cell of this header row.
    first = row.cell(0)
    if first is not None and st.table.goals and st.table.goals[-1].actual_text is None:
        end = header_word_end(first.text)
        spilled = first.text[:end].strip() if end is not None else ""
        if end is None and indicator_field(first.text) is None and len(squash(first.text)) > 20:
            spilled = first.text.strip()  # the header word itself was clipped away
        if spilled:
            st.table.goals[-1].actual_text = spilled
            st.table.goals[-1].actual_prov = cell_prov(first, st.fallback)


def _read_goal(st: _State, row: RowView) -> None:
    assert st.goal_cols is not None
    target_cols, actual_col = st.goal_cols
    first_target = min(target_cols, default=-1)
    if any(col < first_target and cell.row == row.index for col, cell in row.nonempty()):
        st.mode = None  # a labelled row (2.项目实施内容及过程概述) ends the goal part
        return
    written = [c for c in (row.cell(col) for col in target_cols) if c is not None and c.text.strip()]
    target = next((c for c in written if not is_null(c.text)), None)
    if target is None:
        return
    actual = row.cell(actual_col) if actual_col >= 0 else None
    actual_text = cut_spill(actual.text) if actual is not None and actual is not target else None
    if st.table.goals and st.goal_page is not None and row.page is not None and row.page > st.goal_page:
        # The goal cells go on past a PDF page break: the same goal, continued.
        last = st.table.goals[-1]
        last.target_text += cut_spill(target.text)
        if actual_text:
            last.actual_text = (last.actual_text or "") + actual_text
        st.goal_page = row.page
        return
    st.goal_page = row.page
    st.table.goals.append(
        TableGoal(
            target_text=cut_spill(target.text),
            actual_text=actual_text or None,
            prov=cell_prov(target, st.fallback),
            actual_prov=cell_prov(actual, st.fallback) if actual_text and actual is not None else None,
        )
    )


def _read_labelled(st: _State, row: RowView, label: str, idx: int, below: list[RowView]) -> bool:
    """Rows that name what they hold in their first cell; True when the row was consumed."""
    if not label:
        return False
    identity = _identity(label)
    if identity == "project_name":
        text, _ = _after(row, idx)
        if text:
            st.table.project_code, st.table.project_name, st.table.project_category = split_project_name(text)
        return True
    if identity in ("competent_dept", "implementing_unit"):
        _read_units(st, row, below[0] if below else None)
        return True
    if identity == "dept_name":
        text, _ = _after(row, idx)
        st.table.competent_dept = text
        return True
    if label.startswith("人员编制"):
        _read_staffing(st, row)
        return True
    if label.startswith("报表编号"):
        return True
    if len(row.nonempty()) == 1 and ("自评表" in label or "评价表" in label) and len(label) <= 40:
        st.table.title = st.table.title or row.nonempty()[0][1].text.strip()
        return True
    if is_total_label(label) and st.mode in ("indicators", None) and st.ind_reader is not None:
        _read_totals(st, row, idx)
        st.mode = "after"
        return True
    for key, attr in (
        ("评价结论", "conclusion"),
        ("存在问题", "problems_text"),
        ("改进措施", "measures_text"),
    ):
        if label == key or (label.startswith(key) and len(label) <= len(key) + 6):
            text, _ = _after(row, idx, keep_none=True)
            setattr(st.table, attr, text)
            st.mode = "after"
            return True
    if "项目实施内容" in label:
        st.mode = None
        return True
    if any(w in label for w in ("填表人", "项目负责人", "联系电话", "填报日期")):
        _read_footer_text(st, "  ".join(c.text for _, c in row.nonempty()))
        return True
    return False


def _read_units(st: _State, row: RowView, after: RowView | None) -> None:
    """主管部门 / 实施单位 and the names after them; a name wrapped onto a label-less row below is joined."""
    cells = row.nonempty()
    for i, (_, cell) in enumerate(cells):
        if i + 1 >= len(cells):
            break
        which = _identity(cell.text)
        col, value = cells[i + 1]
        if which is None or _identity(value.text) is not None:
            continue
        name = value.text.strip() + _wrapped_tail(after, col)
        if which == "competent_dept" and st.table.competent_dept is None:
            st.table.competent_dept = name
        elif which == "implementing_unit" and st.table.implementing_unit is None:
            st.table.implementing_unit = name


def _wrapped_tail(after: RowView | None, col: int) -> str:
    """Text at ``col`` of a row that only continues the row above (no label, own cells, same page)."""
    if after is None or after.text(0) or not after.owns(col):
        return ""
    if any(squash(c.text).startswith(("项目", "预算", "绩效")) for _, c in after.nonempty()):
        return ""
    return after.text(col)


def _read_staffing(st: _State, row: RowView) -> None:
    quota = actual = None
    prov = None
    cells = row.nonempty()
    for i, (_, cell) in enumerate(cells[:-1]):
        t = squash(cell.text)
        nxt = cells[i + 1][1]
        number = parse_decimal(nxt.text) if is_number_cell(nxt.text) else None
        if t.startswith("人员编制") and number is not None:
            quota, prov = int(number), cell_prov(nxt, st.fallback)
        elif t.startswith("实有人数") and number is not None:
            actual = int(number)
    if quota is not None or actual is not None:
        st.staffing = Staffing(quota=quota, actual=actual, prov=prov or st.fallback)


def _read_totals(st: _State, row: RowView, idx: int) -> None:
    """总分 / 合计: the numbers after the label are the total weight then the total score.

    A single number standing in the 得分 column (and not the 分值 column) is a score without a weight.
    """
    numbers = [(col, c) for col, c in row.distinct()[idx + 1 :] if is_number_cell(c.text)]
    weight = score = None
    if len(numbers) == 1 and st.ind_reader is not None:
        col = numbers[0][0]
        weight_col, score_col = st.ind_reader.cmap.col("weight"), st.ind_reader.cmap.col("score")
        if (col == score_col and col != weight_col) or (weight_col is None and score_col is not None):
            # Under 得分, or a form with no 分值 column: the one number is the total score.
            score = parse_decimal(numbers[0][1].text)
        else:
            weight = parse_decimal(numbers[0][1].text)
    elif numbers:
        weight = parse_decimal(numbers[0][1].text)
        score = parse_decimal(numbers[1][1].text)
    st.table.total_weight_reported, st.table.total_score_reported = weight, score


def _read_footer_text(st: _State, text: str) -> None:
    # The labels are matched in simplified characters (填報日期 is 填报日期); the values are taken as printed.
    simple = simplified_text(text)

    def value(pattern: re.Pattern[str]) -> str | None:
        m = pattern.search(simple)
        return text[m.start("v") : m.end("v")] if m else None

    filled_by, phone, fill_date = value(_FILLED_BY), value(_PHONE), value(_DATE)
    if filled_by is not None and st.table.filled_by is None:
        st.table.filled_by = filled_by
    if phone is not None and st.table.phone is None:
        st.table.phone = phone.strip()
    if fill_date is not None and st.table.fill_date_raw is None:
        st.table.fill_date_raw = fill_date.strip()


def _read_footer(st: _State, doc: Document, last: Table) -> None:
    """填表人 / 填报日期 / 联系电话 written in the paragraphs right under the table."""
    blocks = doc.blocks
    pos = next((i for i, b in enumerate(blocks) if b is last), None)
    if pos is None:
        return
    for block in blocks[pos + 1 : pos + 4]:
        if not isinstance(block, Paragraph):
            break
        if any(w in block.text for w in ("填表人", "填报日期", "联系电话")):
            _read_footer_text(st, block.text)
            break


__all__ = ["SelfEvalResult", "cut_spill", "parse_fill_date", "read_self_eval", "split_project_name"]
