"""The values a reviewer checks in one report, grouped as in the Report, each with its id and source.

Which fields of which items are offered for review, under which labels, in which panel and table, comes
from the field registry (:mod:`jixiao.fields`: a field's ``review``, a record's ``shown``); everything
else — how a field is edited, how it is shown, where in the document it came from — follows from the
schema and the provenance the extractors recorded.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any
from typing import Literal

from pydantic import BaseModel
from pydantic import Field

from jixiao.eval.answers import FieldGroup
from jixiao.fields import Field as RegistryField
from jixiao.fields import Located
from jixiao.fields import Record
from jixiao.fields import locate
from jixiao.fields import registry
from jixiao.review.paths import ValueKind
from jixiao.review.paths import dump_field
from jixiao.review.paths import field_kind
from jixiao.review.paths import join_path
from jixiao.schema import Amount
from jixiao.schema import FinalAccountFigure
from jixiao.schema import GroundingStatus
from jixiao.schema import PerformanceIndicator
from jixiao.schema import Provenance
from jixiao.schema import Report
from jixiao.schema import SelfEvalTable
from jixiao.schema import TableGoal
from jixiao.schema import Value
from jixiao.schema.narrative import NarrativeItemBase

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


def _own_prov(
    item: BaseModel, spec: RegistryField, value: Any, report: Report
) -> tuple[Provenance | None, bool]:
    """The field's own provenance when the extractor recorded one, else the item's (approximate)."""
    if isinstance(value, Amount | Value) and value.prov is not None:
        return value.prov, False
    if isinstance(item, Report):
        return report.meta_prov.get(spec.name), False
    if isinstance(item, PerformanceIndicator) and spec.name in item.cells:
        return item.cells[spec.name], False
    if isinstance(item, TableGoal) and spec.name == "actual_text":
        return item.actual_prov, False
    identity = spec.review is not None and spec.review.identity
    if isinstance(item, NarrativeItemBase) and identity:
        span = item.grounding.span
        if item.prov is not None and span is not None and item.prov.span != span:
            return item.prov.model_copy(update={"span": span}), False
        return item.prov, False
    prov: Provenance | None = getattr(item, "prov", None)
    if isinstance(item, FinalAccountFigure) and identity:
        return prov, False
    return prov, not identity


def _values(report: Report, record: Record, item: BaseModel, path: str) -> list[ReviewValue]:
    out = []
    owner = type(item)
    for spec in record.reviewed(ranked=True):
        assert spec.review is not None
        value = getattr(item, spec.name)
        empty = value is None or value == [] or value == ""
        if empty and not spec.review.always:
            continue
        kind, choices, optional = field_kind(owner, spec.name)
        display, detail = show(value)
        prov, approx = _own_prov(item, spec, value, report)
        out.append(
            ReviewValue(
                path=join_path(path, spec.name),
                item=path,
                field=spec.name,
                label=spec.review_label,
                identity=spec.review.identity,
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
    try:
        shown = registry().record(type(item)).shown
    except KeyError:
        shown = None
    return shown.name(item) if shown is not None else type(item).__name__


def _golden(record: Record, at: Located) -> FieldGroup | None:
    """The golden answer group of an item (the department's table header is in none: only projects are)."""
    scored = record.scored
    if scored is None or (scored.where == "project_tables" and not at.path.startswith("project_tables")):
        return None
    return scored.group  # type: ignore[return-value]


def _table(report: Report, record: Record, located: list[Located]) -> ItemTable | None:
    """A record's items at one place, as a table; None when none of them has a value to review."""
    shown = record.shown
    assert shown is not None
    items = [
        ReviewItem(
            path=at.path,
            group=shown.group,
            golden=_golden(record, at),
            label=item_label(at.item),
            model=record.name,
            values=_values(report, record, at.item, at.path),
            prov=getattr(at.item, "prov", None),
            grounding=at.item.grounding.status if isinstance(at.item, NarrativeItemBase) else None,
        )
        for at in located
    ]
    if not any(it.values for it in items):
        return None
    present = {v.field for it in items for v in it.values}
    columns = [
        (f.name, f.review_label)
        for f in record.reviewed(ranked=True)
        if (f.review and f.review.always) or f.name in present
    ]
    return ItemTable(title=shown.title, group=shown.group, columns=columns, items=items)


def _tables(report: Report, records: list[Record], table: SelfEvalTable | None = None) -> list[ItemTable]:
    """The tables of ``records``: their items in the report, or only those of one self-evaluation table."""
    out = []
    for record in records:
        assert record.where is not None
        found = [at for at in locate(report, record.where) if table is None or at.table is table]
        shown = _table(report, record, found)
        if shown is not None:
            out.append(shown)
    return out


def _self_eval_panel(report: Report, table: SelfEvalTable, path: str, n: int) -> Panel:
    is_dept = table.scope == "部门整体"
    title = "部门整体自评表" if is_dept else f"项目{n}：{_short(item_label(table), 60)}"
    # The table's own header first, then its parts in the registry's order.
    records = sorted(registry().shown("table"), key=lambda r: r.where != "tables")
    return Panel(key=path.replace("/", "-"), title=title, tables=_tables(report, records, table))


def catalogue(report: Report) -> list[Panel]:
    """Every reviewable value of a report, in panels and tables in the Report's order."""
    reg = registry()
    panels = [Panel(key="metadata", title="基本信息", tables=_tables(report, reg.shown("metadata")))]
    if report.dept_table is not None:
        panels.append(_self_eval_panel(report, report.dept_table, "dept_table", 0))
    for n, table in enumerate(report.project_tables):
        panels.append(_self_eval_panel(report, table, f"project_tables/{n}", n + 1))
    for key, title in (("final", "基础数据与决算"), ("narrative", "目标、问题与措施")):
        tables = _tables(report, reg.shown(key))  # type: ignore[arg-type]
        if tables:
            panels.append(Panel(key=key, title=title, tables=tables))
    return panels


def iter_items(panels: list[Panel]) -> list[ReviewItem]:
    """Every item of the catalogue, in display order."""
    return [item for p in panels for t in p.tables for item in t.items]


def iter_values(panels: list[Panel]) -> list[ReviewValue]:
    """Every value of the catalogue, in display order."""
    return [v for item in iter_items(panels) for v in item.values]
