"""What the document page shows: the catalogue with each value's decision state and its findings."""

from __future__ import annotations

from typing import Any
from typing import Literal

from pydantic import BaseModel
from pydantic import Field

from jixiao.fields import DEFAULT
from jixiao.review.catalog import Panel
from jixiao.review.catalog import ReviewItem
from jixiao.review.catalog import ReviewValue
from jixiao.review.catalog import iter_items
from jixiao.review.catalog import show
from jixiao.review.paths import load_field
from jixiao.review.store import Decision
from jixiao.schema import Finding
from jixiao.schema import Report

Status = Literal["unreviewed", "accepted", "edited", "rejected"]
STATUS_OF: dict[str, Status] = {"accept": "accepted", "edit": "edited", "reject": "rejected"}
SEVERITY_ORDER = {"error": 0, "warn": 1, "info": 2}
MODELS = {r.name: r.model for r in DEFAULT.records if r.shown is not None}


class FindingView(BaseModel):
    index: int
    finding: Finding
    paths: list[str] = Field(default_factory=list, description="Values it involves")
    items: list[str] = Field(default_factory=list, description="Items it involves (no value matched)")


class ValueView(BaseModel):
    value: ReviewValue
    status: Status = "unreviewed"
    version: int = 0
    current: str = Field(description="The value as it now stands (the reviewer's edit, if any)")
    current_detail: str | None = None
    decision: Decision | None = None
    stale: bool = Field(default=False, description="The tool's suggestion changed since the decision")
    moved: bool = Field(default=False, description="The item at this path is not the one decided on")
    findings: list[int] = Field(default_factory=list)
    worst: str | None = Field(default=None, description="Most severe finding on the value")


class ItemView(BaseModel):
    item: ReviewItem
    values: dict[str, ValueView]
    findings: list[int] = Field(default_factory=list)


class TableView(BaseModel):
    title: str
    group: str
    columns: list[tuple[str, str]]
    items: list[ItemView]


class PanelView(BaseModel):
    key: str
    title: str
    tables: list[TableView]


def current_value(item: ReviewItem, rv: ReviewValue, decision: Decision | None) -> tuple[str, str | None]:
    """The value as it now stands, as shown: the edit if there is one, else the suggestion."""
    if decision is None or decision.action == "accept":
        return rv.display, rv.detail
    if decision.action == "reject":
        return rv.display, None
    value: Any = load_field(MODELS[item.model], rv.field, decision.new_value)
    return show(value)


def value_view(item: ReviewItem, rv: ReviewValue, decision: Decision | None) -> ValueView:
    current, detail = current_value(item, rv, decision)
    return ValueView(
        value=rv,
        status=STATUS_OF[decision.action] if decision else "unreviewed",
        version=decision.version if decision else 0,
        current=current,
        current_detail=detail,
        decision=decision,
        stale=decision is not None and decision.suggested != rv.suggested,
        moved=decision is not None and decision.item_label is not None and decision.item_label != item.label,
    )


def match_findings(report: Report, items: list[ReviewItem]) -> list[FindingView]:
    """Each finding with the values (or, failing that, the items) whose provenance it cites.

    A cited provenance matches a value with the same character span, else the same table cell, else an
    item whose own provenance it is. Errors come first.
    """
    by_span: dict[tuple[int, int], list[str]] = {}
    by_cell: dict[tuple[int, int, int], list[str]] = {}
    by_item: dict[tuple[int, int], list[str]] = {}
    for item in items:
        if item.prov is not None and item.prov.span is not None:
            by_item.setdefault(item.prov.span, []).append(item.path)
        for v in item.values:
            if v.prov is None or v.approx:
                continue
            if v.prov.span is not None:
                by_span.setdefault(v.prov.span, []).append(v.path)
            if v.prov.table is not None and v.prov.row is not None and v.prov.col is not None:
                by_cell.setdefault((v.prov.table, v.prov.row, v.prov.col), []).append(v.path)
    out: list[FindingView] = []
    for index, finding in enumerate(report.findings):
        view = FindingView(index=index, finding=finding)
        for ref in finding.refs:
            paths: list[str] = []
            if ref.span is not None:
                paths = by_span.get(ref.span, [])
            if not paths and ref.table is not None and ref.row is not None and ref.col is not None:
                paths = by_cell.get((ref.table, ref.row, ref.col), [])
            if paths:
                view.paths.extend(p for p in paths if p not in view.paths)
            elif ref.span is not None:
                view.items.extend(p for p in by_item.get(ref.span, []) if p not in view.items)
        out.append(view)
    return sorted(out, key=lambda f: (SEVERITY_ORDER.get(f.finding.severity, 9), f.index))


def build_panels(
    report: Report, panels: list[Panel], decisions: dict[str, Decision]
) -> tuple[list[PanelView], list[FindingView]]:
    """The catalogue with decisions and findings attached, ready for the template."""
    findings = match_findings(report, iter_items(panels))
    on_value: dict[str, list[FindingView]] = {}
    on_item: dict[str, list[FindingView]] = {}
    for f in findings:
        for p in f.paths:
            on_value.setdefault(p, []).append(f)
        for p in f.items:
            on_item.setdefault(p, []).append(f)
    views: list[PanelView] = []
    for panel in panels:
        tables = []
        for table in panel.tables:
            rows = []
            for item in table.items:
                values = {}
                for rv in item.values:
                    vv = value_view(item, rv, decisions.get(rv.path))
                    hits = on_value.get(rv.path, [])
                    vv.findings = [f.index for f in hits]
                    vv.worst = hits[0].finding.severity if hits else None
                    values[rv.field] = vv
                rows.append(
                    ItemView(item=item, values=values, findings=[f.index for f in on_item.get(item.path, [])])
                )
            tables.append(TableView(title=table.title, group=table.group, columns=table.columns, items=rows))
        views.append(PanelView(key=panel.key, title=panel.title, tables=tables))
    return views, findings
