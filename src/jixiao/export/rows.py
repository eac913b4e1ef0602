"""Reports → tidy tables: one row per fund row, indicator, line, item or finding, keyed by report id.

The tables and their columns come from the field registry (:mod:`jixiao.fields`): every record with an
``Export`` fills one table, each of its fields gives the columns it declares. Every row carries the
provenance of what it describes (file, page, line, table/row/col, character span), so a value in a
spreadsheet can be traced back to the document. Money is in 万元; rates and percentages in percentage
points.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from jixiao.fields import Column
from jixiao.fields import Record
from jixiao.fields import Registry
from jixiao.fields import locate
from jixiao.fields import registry
from jixiao.fields.record import PROV_COLUMNS
from jixiao.fields.record import SCOPE_COLUMNS
from jixiao.schema import Provenance
from jixiao.schema import Report
from jixiao.schema import SelfEvalTable

Row = dict[str, Any]


@dataclass
class TidyTable:
    name: str
    label: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    primary_key: tuple[str, ...] = ()


def _prov(p: Provenance | None) -> Row:
    if p is None:
        return {c.key: None for c in PROV_COLUMNS}
    return {
        "file": p.file,
        "page": p.page,
        "line": p.line,
        "src_table": p.table,
        "src_row": p.row,
        "src_col": p.col,
        "span_start": p.span[0] if p.span else None,
        "span_end": p.span[1] if p.span else None,
    }


def _scope(t: SelfEvalTable | None) -> Row:
    if t is None:
        return {c.key: None for c in SCOPE_COLUMNS}
    return {"scope": t.scope, "project_code": t.project_code, "project_name": t.project_name}


@dataclass(frozen=True)
class TableSpec:
    """One tidy table: the record that fills it and its columns (report id, scope, position, fields, provenance)."""

    record: Record
    columns: list[Column]

    @property
    def name(self) -> str:
        assert self.record.export is not None
        return self.record.export.table

    @property
    def label(self) -> str:
        assert self.record.export is not None
        return self.record.export.label

    @property
    def primary_key(self) -> tuple[str, ...]:
        assert self.record.export is not None
        return self.record.export.primary_key

    def rows(self, report: Report, personal: bool) -> list[Row]:
        """One row per item of the record in ``report``; personal data only when ``personal``."""
        export = self.record.export
        assert export is not None and self.record.where is not None
        fields = self.record.columns()
        rows = []
        for at in locate(report, self.record.where):
            row: Row = {"report_id": report.id}
            if export.scope:
                row |= _scope(at.table)
            if export.seq:
                row["seq"] = at.seq
            for c in fields:
                assert c.get is not None
                row[c.key] = None if c.personal and not personal else c.get(at.item)
            if export.prov is not None:
                row |= _prov(export.prov(at.item))
            rows.append(row)
        return rows


def table_specs(reg: Registry | None = None) -> list[TableSpec]:
    """The tidy tables of a registry (default: the one in use), in order."""
    out = []
    for record in (reg or registry()).exported():
        assert record.export is not None
        out.append(TableSpec(record, record.export.layout(record.columns())))
    return out


TABLES: list[TableSpec] = table_specs()
"""The tidy tables of the shipped registry."""


def tidy_tables(reports: Iterable[Report], *, personal: bool = False) -> list[TidyTable]:
    """Flatten reports into the tidy tables of :func:`table_specs` (same order, same columns)."""
    specs = table_specs()
    out = [TidyTable(s.name, s.label, s.columns, primary_key=s.primary_key) for s in specs]
    for report in reports:
        for spec, table in zip(specs, out, strict=True):
            table.rows.extend(spec.rows(report, personal))
    return out
