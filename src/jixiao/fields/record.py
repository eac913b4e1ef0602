"""A record type (fund row, indicator, 决算 line …): its fields, where it sits in a report, and its views.

Views of a record: the tidy export table it fills (:class:`Export`), the golden answer group it is scored
in (:class:`Scored`), the review table it is shown in (:class:`Shown`). Each is optional; the fields
say what each view holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from typing import Any
from typing import Literal

from pydantic import BaseModel

from jixiao.fields.spec import Column
from jixiao.fields.spec import Compare
from jixiao.fields.spec import Field
from jixiao.fields.spec import FieldDraft
from jixiao.fields.spec import Getter
from jixiao.fields.spec import prov_of
from jixiao.fields.spec import resolve_columns
from jixiao.fields.spec import resolve_compares

Panel = Literal["metadata", "table", "final", "narrative"]

REPORT_KEY = Column("report_id", "报告编号")
SCOPE_COLUMNS = (
    Column("scope", "范围"),
    Column("project_code", "项目编码"),
    Column("project_name", "项目名称"),
)
SEQ = Column("seq", "序号", "int")
PROV_COLUMNS = (
    Column("file", "文件"),
    Column("page", "页码", "int"),
    Column("line", "行号", "int"),
    Column("src_table", "表格序号", "int"),
    Column("src_row", "表格行", "int"),
    Column("src_col", "表格列", "int"),
    Column("span_start", "字符起", "int"),
    Column("span_end", "字符止", "int"),
)


@dataclass(frozen=True)
class Export:
    """The tidy table a record fills: one row per item, keyed by report id.

    Before the fields' columns: the self-evaluation table's scope, code and name (``scope``), and the item's
    position in its list (``seq``); after them, the provenance of the row (``prov``: item → Provenance).
    """

    table: str
    label: str
    scope: bool = False
    seq: bool = False
    prov: Getter | None = prov_of
    primary_key: tuple[str, ...] = ()

    def layout(self, fields: list[Column]) -> list[Column]:
        """The table's columns: report id, scope, position, the fields' columns, provenance."""
        return [
            REPORT_KEY,
            *(SCOPE_COLUMNS if self.scope else ()),
            *((SEQ,) if self.seq else ()),
            *fields,
            *(PROV_COLUMNS if self.prov is not None else ()),
        ]


@dataclass(frozen=True)
class Scored:
    """The golden answer group a record's items are scored in.

    ``keys``: answer fields that place the item and come from around it (the table a fund row belongs to),
    not from the item. ``blank``: the answers may list fields whose cell is empty. ``where``: when only some
    of the record's items are in the group (project tables, not the department's). ``also``: the group's
    answer format is another record's; this record's fields fill some of it (table goal cells as goals).
    """

    group: str
    keys: tuple[Compare, ...] = ()
    blank: bool = False
    where: str | None = None
    also: bool = False


@dataclass(frozen=True)
class Shown:
    """Where the review app shows a record's items: a panel, a table title, the item group, and what an item
    is called (stored with every decision, to notice a re-extraction moved it)."""

    panel: Panel
    title: str
    group: str
    name: Callable[[Any], str]


@dataclass(frozen=True)
class RecordDraft:
    """A record as written in the registry (see :func:`record`): its entries not yet resolved."""

    model: type[BaseModel]
    label: str
    where: str | None
    entries: tuple[FieldDraft, ...]
    export: Export | None = None
    scored: Scored | None = None
    shown: Shown | None = None


def record(
    model: type[BaseModel],
    label: str,
    where: str | None,
    *entries: FieldDraft,
    export: Export | None = None,
    scored: Scored | None = None,
    shown: Shown | None = None,
) -> RecordDraft:
    """One record type.

    Args:
        model: the schema model it describes; every field of the model has an entry.
        label: the Chinese name of the record.
        where: its place in a report: ``""`` the report itself, ``"tables"`` the self-evaluation tables,
            ``"tables/funds"`` a list of each of them, ``"basic_data"`` a list or object of the report,
            ``"sections"`` the section tree; None for a part of other records (``Value``).
        entries: one per field of the model, in the order the views list them.
    """
    return RecordDraft(model, label, where, entries, export, scored, shown)


def _resolve(model: type[BaseModel], entry: FieldDraft, value_parts: tuple[Column, ...]) -> Field:
    if entry.name not in model.model_fields:
        return Field(entry.name, entry.label)  # names no field: reported by the registry's check
    columns = resolve_columns(model, entry, value_parts)
    return Field(entry.name, entry.label, columns, resolve_compares(model, entry), entry.review, entry.vocab)


@dataclass(frozen=True)
class Record(RecordDraft):
    """A resolved record: its entries as :class:`Field` objects every view reads (see :func:`record`)."""

    fields: tuple[Field, ...] = ()

    @classmethod
    def resolve(cls, draft: RecordDraft, value_parts: tuple[Column, ...]) -> Record:
        fields = tuple(_resolve(draft.model, e, value_parts) for e in draft.entries)
        return cls(**{f.name: getattr(draft, f.name) for f in dataclass_fields(RecordDraft)}, fields=fields)

    @property
    def name(self) -> str:
        return self.model.__name__

    def columns(self) -> list[Column]:
        """The export columns of the fields, in order."""
        return [c for f in self.fields for c in f.columns]

    def compares(self) -> list[tuple[Field, Compare]]:
        """The answer fields of the record (keys of the group first), ordered by rank, then as declared."""
        found = [(f, c) for f in self.fields for c in f.compares]
        return sorted(found, key=lambda fc: fc[1].rank)

    def reviewed(self, *, ranked: bool = False) -> list[Field]:
        """The fields the review app offers, the one that says what the item is first (``ranked``: then by
        their review rank, the order of the review app's columns)."""

        def order(f: Field) -> tuple[bool, int]:
            assert f.review is not None
            return not f.review.identity, f.review.rank if ranked else 0

        return sorted((f for f in self.fields if f.review is not None), key=order)
