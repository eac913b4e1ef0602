"""Reviewers' decisions beside the suggested values in the tidy tables (an optional overlay).

The review app (a layer above) hands over :class:`ReviewedValue` objects; this module only knows where
each report field appears in the tidy tables. A table that has decisions gains, right after a reviewed
column ``c``, a column ``c_reviewed`` (the reviewer's value, same type) and, after the first such column
of a field, ``<column>_review`` (accepted / edited / rejected). A ``reviews`` table lists every decision.
Without decisions the tables are exactly those of a plain export.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel
from pydantic import Field

from jixiao.errors import JixiaoError
from jixiao.export.rows import TidyTable
from jixiao.fields import Column
from jixiao.fields import Part
from jixiao.fields import locate
from jixiao.fields import registry
from jixiao.fields.record import REPORT_KEY
from jixiao.schema import Report


class ReviewedValue(BaseModel):
    """The latest decision on one value of a report, as the exports show it."""

    report_id: str
    item: str = Field(
        description="Path of the item in the report, e.g. 'project_tables/2/indicators/5' ('' = report)"
    )
    field: str = Field(description="Report field, e.g. 'actual'")
    status: Literal["accepted", "edited", "rejected"]
    text: str | None = Field(
        default=None, description="Reviewed value as text (amounts and indicator values as written)"
    )
    number: Decimal | None = Field(
        default=None,
        description="Reviewed value as a number: 万元 for amounts, the number of an indicator value",
    )
    reviewer: str
    at: str = Field(description="When it was decided (UTC, ISO 8601)")


def field_columns(table: str) -> dict[str, list[tuple[str, Part]]]:
    """Report field → the columns of tidy table ``table`` that show it, and which part of the reviewed value
    goes beside each (the fields the review app offers, the one that says what the item is first)."""
    for record in registry().exported():
        if record.export is not None and record.export.table == table:
            mapping = {f.name: [(c.key, c.shows) for c in f.columns if c.shows] for f in record.reviewed()}
            return {name: columns for name, columns in mapping.items() if columns}
    return {}


REVIEWS_TABLE = TidyTable(
    "reviews",
    "审核",
    [
        REPORT_KEY,
        Column("item", "条目路径"),
        Column("field", "字段"),
        Column("status", "审核结果"),
        Column("text", "审核后（文字）"),
        Column("number", "审核后（数值）", "decimal"),
        Column("reviewer", "审核人"),
        Column("at", "审核时间"),
    ],
)


def item_paths(report: Report) -> dict[str, list[str]]:
    """Tidy table → the report item behind each of its rows for this report, in row order."""
    return {
        r.export.table: [at.path for at in locate(report, r.where)]
        for r in registry().exported()
        if r.export is not None and r.where is not None
    }


def _with_columns(table: TidyTable, fields: set[str]) -> list[Column]:
    columns = list(table.columns)
    mapping = field_columns(table.name)
    for name in [f for f in mapping if f in fields]:
        for n, (key, _part) in enumerate(mapping[name]):
            at = next(i for i, c in enumerate(columns) if c.key == key)
            base = columns[at]
            added = [Column(f"{key}_reviewed", f"{base.label}（审核后）", base.kind)]
            if n == 0:
                added.append(Column(f"{key}_review", f"{base.label}（审核结果）"))
            columns[at + 1 : at + 1] = added
    return columns


def apply_overlay(
    tables: list[TidyTable], reports: Iterable[Report], reviewed: Iterable[ReviewedValue]
) -> list[TidyTable]:
    """The tidy tables with reviewed values and their status beside the suggested ones, plus ``reviews``.

    Raises:
        JixiaoError: the tables do not hold the rows of ``reports`` in order (they were built from others).
    """
    reports = list(reports)
    known = {r.id for r in reports}
    decisions = [d for d in reviewed if d.report_id in known]
    if not decisions:
        return tables
    by_key = {(d.report_id, d.item, d.field): d for d in decisions}
    paths = {r.id: item_paths(r) for r in reports}
    out: list[TidyTable] = []
    for table in tables:
        mapping = field_columns(table.name)
        here = {(rid, path) for rid, p in paths.items() for path in p.get(table.name, [])}
        fields = {d.field for d in decisions if d.field in mapping and (d.report_id, d.item) in here}
        if not fields:
            out.append(table)
            continue
        rows = []
        cursor = 0
        for report in reports:
            for path in paths[report.id][table.name]:
                if cursor >= len(table.rows) or table.rows[cursor].get("report_id") != report.id:
                    raise JixiaoError(None, f"tidy table '{table.name}' is out of step with the reports")
                row = dict(table.rows[cursor])
                cursor += 1
                for name, columns in mapping.items():
                    d = by_key.get((report.id, path, name))
                    if d is None:
                        continue
                    for n, (key, part) in enumerate(columns):
                        row[f"{key}_reviewed"] = None if d.status == "rejected" else getattr(d, part)
                        if n == 0:
                            row[f"{key}_review"] = d.status
                rows.append(row)
        out.append(
            TidyTable(
                table.name, table.label, _with_columns(table, fields), rows, primary_key=table.primary_key
            )
        )
    reviews = TidyTable(REVIEWS_TABLE.name, REVIEWS_TABLE.label, REVIEWS_TABLE.columns)
    reviews.rows = [d.model_dump() for d in decisions]
    return [*out, reviews]
