"""The field registry: every field of every record type, declared once.

For each record type a report holds (the report, sections, self-evaluation tables, fund rows, indicators,
goal cells, 基础数据, 决算 lines and figures, 三公, staffing, goals, problems, measures, findings, and the
indicator value they share) the registry lists every field of its schema model with its Chinese label,
its export columns, how the golden evaluation scores it, how the review app offers it, and the form-
vocabulary entry that names it in printed forms (``vocabulary/forms.yaml``). The tidy exports, the golden
answer format and its matching, the review catalogue and the review's answer files are made from it.

The schema (:mod:`jixiao.schema`) stays the contract: the registry describes its models, and a test fails
when a model field has no entry or an entry names no field. To add a field: add it to the model, add its
entry here (one ``field(...)`` line in the record's declaration), and test it (see CONTRIBUTING.md).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import replace

from pydantic import BaseModel

from jixiao.context import set_for_block
from jixiao.fields.accounts import BASIC_DATA_LINE
from jixiao.fields.accounts import FINAL_ACCOUNT_FIGURE
from jixiao.fields.accounts import FINAL_ACCOUNT_LINE
from jixiao.fields.accounts import STAFFING
from jixiao.fields.accounts import THREE_PUBLIC
from jixiao.fields.check import RegistryError
from jixiao.fields.check import check
from jixiao.fields.check import registry_problems
from jixiao.fields.forms import FUND_ROW
from jixiao.fields.forms import INDICATOR
from jixiao.fields.forms import SELF_EVAL_TABLE
from jixiao.fields.forms import TABLE_GOAL
from jixiao.fields.forms import VALUE
from jixiao.fields.places import Located
from jixiao.fields.places import locate
from jixiao.fields.places import self_eval_tables
from jixiao.fields.record import Export
from jixiao.fields.record import Panel
from jixiao.fields.record import Record
from jixiao.fields.record import RecordDraft
from jixiao.fields.record import Scored
from jixiao.fields.record import Shown
from jixiao.fields.record import record
from jixiao.fields.report import FINDING
from jixiao.fields.report import GOAL
from jixiao.fields.report import MEASURE
from jixiao.fields.report import PROBLEM
from jixiao.fields.report import REPORT
from jixiao.fields.report import SECTION
from jixiao.fields.spec import ALWAYS
from jixiao.fields.spec import IDENTITY
from jixiao.fields.spec import OPTIONAL
from jixiao.fields.spec import Column
from jixiao.fields.spec import ColumnKind
from jixiao.fields.spec import Comparator
from jixiao.fields.spec import Compare
from jixiao.fields.spec import Field
from jixiao.fields.spec import FieldDraft
from jixiao.fields.spec import Part
from jixiao.fields.spec import Review
from jixiao.fields.spec import field
from jixiao.schema import Value

DRAFTS: tuple[RecordDraft, ...] = (
    REPORT,
    SECTION,
    TABLE_GOAL,
    FUND_ROW,
    INDICATOR,
    SELF_EVAL_TABLE,
    STAFFING,
    BASIC_DATA_LINE,
    FINAL_ACCOUNT_LINE,
    FINAL_ACCOUNT_FIGURE,
    THREE_PUBLIC,
    GOAL,
    PROBLEM,
    MEASURE,
    FINDING,
    VALUE,
)
"""The shipped records, in the order the views list them (export tables, review tables)."""


class Registry:
    """The resolved records (see the module docstring); get the one in use with :func:`registry`."""

    def __init__(self, drafts: tuple[RecordDraft, ...]) -> None:
        self.drafts = drafts
        value = Record.resolve(next(d for d in drafts if d.model is Value), ())
        parts = tuple(value.columns())
        self.records = tuple(value if d.model is Value else Record.resolve(d, parts) for d in drafts)
        check(self.records)
        self._by_model = {r.model: r for r in self.records}

    def record(self, model: type[BaseModel]) -> Record:
        """The record of a schema model.

        Raises:
            KeyError: the model has no record.
        """
        return self._by_model[model]

    @property
    def value(self) -> Record:
        """The record of an indicator value (指标值 / 完成值), a part of other records."""
        return self._by_model[Value]

    def exported(self) -> list[Record]:
        """Records with a tidy export table, in table order."""
        return [r for r in self.records if r.export is not None]

    def scored(self, group: str) -> list[Record]:
        """The records whose items a golden answer group scores, the one that defines its format first."""
        found = [r for r in self.records if r.scored is not None and r.scored.group == group]
        return sorted(found, key=lambda r: r.scored is not None and r.scored.also)

    def shown(self, panel: Panel) -> list[Record]:
        """The records the review app shows in a kind of panel, in order."""
        return [r for r in self.records if r.shown is not None and r.shown.panel == panel]

    def vocabulary_links(self) -> dict[str, tuple[Record, Field]]:
        """Form-vocabulary entry (``"indicator.target"``) → the record and field it names."""
        return {f.vocab: (r, f) for r in self.records for f in r.fields if f.vocab}

    def with_records(self, *drafts: RecordDraft) -> Registry:
        """This registry with ``drafts`` in place of the records of the same models (new models appended)."""
        given = {d.model: d for d in drafts}
        kept = tuple(given.pop(d.model, d) for d in self.drafts)
        return Registry(kept + tuple(given.values()))


def with_fields(draft: RecordDraft, *entries: FieldDraft) -> RecordDraft:
    """A record draft with ``entries`` in place of those of the same names (others appended)."""
    given = {e.name: e for e in entries}
    kept = tuple(given.pop(e.name, e) for e in draft.entries)
    return replace(draft, entries=kept + tuple(given.values()))


DEFAULT = Registry(DRAFTS)
_CURRENT: ContextVar[Registry] = ContextVar("field_registry", default=DEFAULT)


def registry() -> Registry:
    """The registry in use: the shipped one, or the one a :func:`using` block set."""
    return _CURRENT.get()


def using(reg: Registry) -> AbstractContextManager[Registry]:
    """Within the block, exports, evaluation and review read ``reg`` (a registry with another field)."""
    return set_for_block(_CURRENT, reg)


__all__ = [
    "ALWAYS",
    "DEFAULT",
    "DRAFTS",
    "IDENTITY",
    "OPTIONAL",
    "Column",
    "ColumnKind",
    "Comparator",
    "Compare",
    "Export",
    "Field",
    "FieldDraft",
    "Located",
    "Panel",
    "Part",
    "Record",
    "RecordDraft",
    "Registry",
    "RegistryError",
    "Review",
    "Scored",
    "Shown",
    "field",
    "locate",
    "record",
    "registry",
    "registry_problems",
    "self_eval_tables",
    "using",
    "with_fields",
]
