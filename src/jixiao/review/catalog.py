"""The values a reviewer checks in one report, grouped as in the Report, each with its id and source.

Which fields of which items are offered for review is decided here (:data:`ITEM_FIELDS`); everything
else — how a field is edited, how it is shown, where in the document it came from — follows from the
schema and the provenance the extractors recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, Field

from jixiao.eval.answers import FieldGroup
from jixiao.review.paths import ValueKind, dump_field, field_kind, join_path
from jixiao.schema import (
    Amount,
    BasicDataLine,
    FinalAccountFigure,
    FinalAccountLine,
    FundRow,
    GoalItem,
    GroundingStatus,
    MeasureItem,
    PerformanceIndicator,
    ProblemItem,
    Provenance,
    Report,
    SelfEvalTable,
    Staffing,
    TableGoal,
    ThreePublic,
    Value,
)
from jixiao.schema.narrative import NarrativeItemBase


@dataclass(frozen=True)
class FieldSpec:
    """One reviewable field of an item type."""

    name: str
    label: str
    identity: bool = False
    """The field that says what the item is: rejecting it rejects the whole item."""
    always: bool = True
    """Listed even when the tool left it empty (a reviewer may fill it in)."""


ITEM_FIELDS: dict[type[BaseModel], tuple[FieldSpec, ...]] = {
    Report: (
        FieldSpec("department", "部门"),
        FieldSpec("region", "地区", always=False),
        FieldSpec("level", "级次", always=False),
        FieldSpec("fiscal_year", "年度"),
    ),
    SelfEvalTable: (
        FieldSpec("project_name", "项目名称", always=False),
        FieldSpec("project_code", "项目编码", always=False),
        FieldSpec("project_category", "项目类别", always=False),
        FieldSpec("competent_dept", "主管部门", always=False),
        FieldSpec("implementing_unit", "实施单位", always=False),
        FieldSpec("total_weight_reported", "总分值", always=False),
        FieldSpec("total_score_reported", "总得分", always=False),
        FieldSpec("conclusion", "评价结论", always=False),
    ),
    TableGoal: (
        FieldSpec("target_text", "预期目标", identity=True),
        FieldSpec("actual_text", "实际完成情况"),
    ),
    FundRow: (
        FieldSpec("label_raw", "项目", identity=True),
        FieldSpec("category", "类别"),
        FieldSpec("initial_budget", "年初预算数", always=False),
        FieldSpec("budget", "全年预算数"),
        FieldSpec("executed", "全年执行数"),
        FieldSpec("transfer", "上级转移支付", always=False),
        FieldSpec("rate_reported", "执行率%"),
        FieldSpec("weight", "分值", always=False),
        FieldSpec("score", "得分", always=False),
    ),
    PerformanceIndicator: (
        FieldSpec("name", "三级指标", identity=True),
        FieldSpec("level1", "一级指标"),
        FieldSpec("level2", "二级指标"),
        FieldSpec("target", "指标值"),
        FieldSpec("actual", "完成值"),
        FieldSpec("weight", "分值"),
        FieldSpec("score", "得分"),
        FieldSpec("deviation_reason", "偏差原因", always=False),
    ),
    Staffing: (
        FieldSpec("quota", "编制数", always=False),
        FieldSpec("actual", "实有人数", always=False),
    ),
    BasicDataLine: (
        FieldSpec("label", "项目", identity=True),
        FieldSpec("prior_final", "上年决算数", always=False),
        FieldSpec("budget", "本年预算数"),
        FieldSpec("final", "本年决算数"),
    ),
    FinalAccountLine: (
        FieldSpec("name", "科目名称", identity=True),
        FieldSpec("func_code", "功能分类编码", always=False),
        FieldSpec("budget", "预算数", always=False),
        FieldSpec("final", "决算数"),
        FieldSpec("basic", "基本支出", always=False),
        FieldSpec("project", "项目支出", always=False),
    ),
    FinalAccountFigure: (FieldSpec("amount", "金额", identity=True),),
    ThreePublic: (
        FieldSpec("budget", "预算", always=False),
        FieldSpec("final", "决算", always=False),
        FieldSpec("outbound", "因公出国（境）费", always=False),
        FieldSpec("vehicle_purchase", "公务用车购置费", always=False),
        FieldSpec("vehicle_ops", "公务用车运行维护费", always=False),
        FieldSpec("vehicle_total", "公务用车购置及运行维护费", always=False),
        FieldSpec("reception", "公务接待费", always=False),
    ),
    GoalItem: (
        FieldSpec("text", "目标", identity=True),
        FieldSpec("target", "目标值", always=False),
        FieldSpec("deadline", "时限", always=False),
        FieldSpec("actual_text", "完成情况", always=False),
    ),
    ProblemItem: (
        FieldSpec("text", "问题", identity=True),
        FieldSpec("cause", "原因", always=False),
        FieldSpec("category", "类别"),
    ),
    MeasureItem: (
        FieldSpec("text", "措施", identity=True),
        FieldSpec("category", "类别"),
        FieldSpec("addresses", "对应问题", always=False),
    ),
}

ItemGroup = Literal[
    "metadata",
    "table",
    "table_goals",
    "funds",
    "indicators",
    "staffing",
    "basic_data",
    "final_account",
    "final_account_figures",
    "three_public",
    "goals",
    "problems",
    "measures",
]


class ReviewValue(BaseModel):
    """One reviewable value: its id, what the tool suggested, and where it came from."""

    path: str = Field(description="Value id, e.g. 'project_tables/2/indicators/5/actual'")
    item: str = Field(description="Path of the item that owns the field ('' for the report)")
    field: str
    label: str = Field(description="Column label, e.g. 完成值")
    identity: bool = False
    kind: ValueKind
    choices: list[str] = Field(default_factory=list)
    optional: bool = True
    suggested: str = Field(description="JSON of the suggested value")
    display: str = Field(description="The suggested value as shown")
    detail: str | None = Field(default=None, description="How it was read: 万元, operator, number, unit …")
    empty: bool = False
    prov: Provenance | None = None
    approx: bool = Field(default=False, description="Provenance is the item's, not the field's own cell")


class ReviewItem(BaseModel):
    """A fund row, an indicator, a goal … with its reviewable values."""

    path: str
    group: ItemGroup
    golden: FieldGroup | None = Field(default=None, description="Golden answer group it belongs to")
    label: str = Field(description="What the item is called (also stored with each decision)")
    model: str = Field(description="Schema model name, e.g. PerformanceIndicator")
    values: list[ReviewValue]
    prov: Provenance | None = None
    grounding: GroundingStatus | None = None


class ItemTable(BaseModel):
    """Items of one type in one place of the report, shown as a table."""

    title: str
    group: ItemGroup
    columns: list[tuple[str, str]] = Field(description="(field, label) in display order")
    items: list[ReviewItem]


class Panel(BaseModel):
    """A part of the report: the metadata, one self-evaluation table, the 决算, the narrative items."""

    key: str
    title: str
    tables: list[ItemTable]


def _plain(value: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, list):
        return "、".join(_plain(v) for v in value)
    return str(value)


def show(value: Any) -> tuple[str, str | None]:
    """A value as the reviewer sees it, and a line saying how it was read."""
    if value is None:
        return "—", None
    if isinstance(value, Amount):
        detail = f"{_plain(value.wan)} 万元" if value.wan is not None else "no number read"
        return value.raw or "（空）", detail
    if isinstance(value, Value):
        parts = [
            value.op.value if value.op.value != "none" else "",
            _plain(value.num) if value.num is not None else "",
            f"–{_plain(value.num_hi)}" if value.num_hi is not None else "",
            value.unit or "",
            value.grade or "",
            value.status or "",
            "placeholder" if value.is_placeholder else "",
        ]
        return value.raw or "（空）", " ".join(p for p in parts if p) or None
    text = _plain(value)
    return (text if text.strip() else "（空）"), None


def _own_prov(item: BaseModel, spec: FieldSpec, value: Any, report: Report) -> tuple[Provenance | None, bool]:
    """The field's own provenance when the extractor recorded one, else the item's (approximate)."""
    if isinstance(value, Amount | Value) and value.prov is not None:
        return value.prov, False
    if isinstance(item, Report):
        return report.meta_prov.get(spec.name), False
    if isinstance(item, PerformanceIndicator) and spec.name in item.cells:
        return item.cells[spec.name], False
    if isinstance(item, TableGoal) and spec.name == "actual_text":
        return item.actual_prov, False
    if isinstance(item, NarrativeItemBase) and spec.identity:
        span = item.grounding.span
        if item.prov is not None and span is not None and item.prov.span != span:
            return item.prov.model_copy(update={"span": span}), False
        return item.prov, False
    prov: Provenance | None = getattr(item, "prov", None)
    if isinstance(item, FinalAccountFigure) and spec.identity:
        return prov, False
    return prov, not spec.identity


def _values(report: Report, item: BaseModel, path: str) -> list[ReviewValue]:
    out = []
    owner = type(item)
    for spec in ITEM_FIELDS[owner]:
        value = getattr(item, spec.name)
        empty = value is None or value == [] or value == ""
        if empty and not spec.always:
            continue
        kind, choices, optional = field_kind(owner, spec.name)
        display, detail = show(value)
        prov, approx = _own_prov(item, spec, value, report)
        out.append(
            ReviewValue(
                path=join_path(path, spec.name),
                item=path,
                field=spec.name,
                label=spec.label,
                identity=spec.identity,
                kind=kind,
                choices=choices,
                optional=optional,
                suggested=dump_field(owner, spec.name, value),
                display=display,
                detail=detail,
                empty=empty,
                prov=prov,
                approx=approx,
            )
        )
    return out


def _short(text: str, n: int = 40) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 1] + "…"


def item_label(item: BaseModel) -> str:
    """What an item is called; stored with each decision to notice when a re-extraction moved it."""
    if isinstance(item, Report):
        return "report"
    if isinstance(item, SelfEvalTable):
        return item.project_name or item.project_code or item.title or item.scope
    if isinstance(item, FundRow):
        return f"{item.breakdown + ' ' if item.breakdown else ''}{item.label_raw}"
    if isinstance(item, PerformanceIndicator):
        return item.name or item.content or f"({item.level2_raw})"
    if isinstance(item, TableGoal):
        return item.target_text
    if isinstance(item, BasicDataLine):
        return f"[{item.group}] {item.label}"
    if isinstance(item, FinalAccountLine):
        code = item.func_code or item.econ_code
        return f"表{item.table} {code + ' ' if code else ''}{item.name}"
    if isinstance(item, FinalAccountFigure):
        return item.label
    if isinstance(item, NarrativeItemBase):
        return item.text
    if isinstance(item, Staffing):
        return "人员"
    if isinstance(item, ThreePublic):
        return "三公经费"
    return type(item).__name__


def _item(
    report: Report, item: BaseModel, path: str, group: ItemGroup, golden: FieldGroup | None
) -> ReviewItem:
    grounding = item.grounding.status if isinstance(item, NarrativeItemBase) else None
    return ReviewItem(
        path=path,
        group=group,
        golden=golden,
        label=item_label(item),
        model=type(item).__name__,
        values=_values(report, item, path),
        prov=getattr(item, "prov", None),
        grounding=grounding,
    )


def _table(
    title: str,
    group: ItemGroup,
    owner: type[BaseModel],
    items: list[ReviewItem],
) -> ItemTable:
    present = {v.field for it in items for v in it.values}
    columns = [(s.name, s.label) for s in ITEM_FIELDS[owner] if s.always or s.name in present]
    return ItemTable(title=title, group=group, columns=columns, items=items)


def _self_eval_panel(report: Report, table: SelfEvalTable, path: str, n: int) -> Panel:
    is_dept = table.scope == "部门整体"
    title = "部门整体自评表" if is_dept else f"项目{n}：{_short(item_label(table), 60)}"
    header = _item(report, table, path, "table", None if is_dept else "project_tables")
    tables = []
    if header.values:
        tables.append(_table("表头", "table", SelfEvalTable, [header]))
    parts: list[tuple[str, ItemGroup, FieldGroup, type[BaseModel], str, list[Any]]] = [
        ("年度总体目标", "table_goals", "goals", TableGoal, "goals", table.goals),
        ("资金", "funds", "funds", FundRow, "funds", table.funds),
        ("绩效指标", "indicators", "indicators", PerformanceIndicator, "indicators", table.indicators),
    ]
    for part_title, group, golden, owner, attr, rows in parts:
        if rows:
            items = [_item(report, r, f"{path}/{attr}/{i}", group, golden) for i, r in enumerate(rows)]
            tables.append(_table(part_title, group, owner, items))
    return Panel(key=path.replace("/", "-"), title=title, tables=tables)


def catalogue(report: Report) -> list[Panel]:
    """Every reviewable value of a report, in panels and tables in the Report's order."""
    panels: list[Panel] = []
    meta = [_item(report, report, "", "metadata", "metadata")]
    meta_tables = [_table("基本信息", "metadata", Report, meta)]
    if report.staffing is not None:
        staffing = _item(report, report.staffing, "staffing", "staffing", None)
        if staffing.values:
            meta_tables.append(_table("人员", "staffing", Staffing, [staffing]))
    panels.append(Panel(key="metadata", title="基本信息", tables=meta_tables))
    if report.dept_table is not None:
        panels.append(_self_eval_panel(report, report.dept_table, "dept_table", 0))
    for n, table in enumerate(report.project_tables):
        panels.append(_self_eval_panel(report, table, f"project_tables/{n}", n + 1))
    tables: list[ItemTable] = []
    lists: list[tuple[str, ItemGroup, FieldGroup | None, type[BaseModel], str, list[Any]]] = [
        ("基础数据表", "basic_data", "basic_data", BasicDataLine, "basic_data", report.basic_data),
        (
            "决算科目",
            "final_account",
            "final_account",
            FinalAccountLine,
            "final_account",
            report.final_account,
        ),
        (
            "决算说明数字",
            "final_account_figures",
            None,
            FinalAccountFigure,
            "final_account_figures",
            report.final_account_figures,
        ),
    ]
    for title, group, golden, owner, attr, rows in lists:
        if rows:
            items = [_item(report, r, f"{attr}/{i}", group, golden) for i, r in enumerate(rows)]
            tables.append(_table(title, group, owner, items))
    if report.three_public is not None:
        tp = _item(report, report.three_public, "three_public", "three_public", None)
        if tp.values:
            tables.append(_table("三公经费", "three_public", ThreePublic, [tp]))
    if tables:
        panels.append(Panel(key="final", title="基础数据与决算", tables=tables))
    narrative: list[ItemTable] = []
    parts: list[tuple[str, ItemGroup, FieldGroup, type[BaseModel], list[Any]]] = [
        ("年度目标", "goals", "goals", GoalItem, report.goals),
        ("存在问题", "problems", "problems", ProblemItem, report.problems),
        ("改进措施", "measures", "measures", MeasureItem, report.measures),
    ]
    for title, group, golden_group, owner, rows in parts:
        if rows:
            items = [_item(report, r, f"{group}/{i}", group, golden_group) for i, r in enumerate(rows)]
            narrative.append(_table(title, group, owner, items))
    if narrative:
        panels.append(Panel(key="narrative", title="目标、问题与措施", tables=narrative))
    return panels


def iter_items(panels: list[Panel]) -> list[ReviewItem]:
    """Every item of the catalogue, in display order."""
    return [item for p in panels for t in p.tables for item in t.items]


def iter_values(panels: list[Panel]) -> list[ReviewValue]:
    """Every value of the catalogue, in display order."""
    return [v for item in iter_items(panels) for v in item.values]
