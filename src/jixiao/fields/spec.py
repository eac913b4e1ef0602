"""What one registry entry says about a field: its label, export columns, evaluation and review.

An entry is written with :func:`field` (a few keywords; most is inferred from the model's annotation) and
resolved by :func:`record` against the pydantic model it describes, so that every view reads one finished
description: an ``Amount`` exports its 万元 under ``<label>（万元）`` and is scored as an amount in 万元; a
``Value`` (指标值/完成值) exports eight columns and is scored part by part; an enum exports its value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as dc_field
from dataclasses import replace
from datetime import date
from decimal import Decimal
from enum import Enum
from types import NoneType
from types import UnionType
from typing import Any
from typing import Literal
from typing import Union
from typing import get_args
from typing import get_origin

from pydantic import BaseModel

from jixiao.schema import Amount
from jixiao.schema import Provenance
from jixiao.schema import Value

ColumnKind = Literal["text", "int", "decimal", "float", "bool"]
"""Type of an export column (Parquet and SQLite types follow it)."""
Part = Literal["text", "number"]
"""Which part of a reviewed value a column shows beside itself: its text, or its number (万元 for amounts)."""
Comparator = Literal["exact", "text", "label", "level", "unit", "fuzzy", "amount", "number", "set", "region"]
"""How evaluation compares an expected and a predicted value (implemented in :mod:`jixiao.eval.groups`)."""
Getter = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    """One column of a tidy export table: key, Chinese label, type, and how it is read from the item."""

    key: str
    label: str
    kind: ColumnKind = "text"
    get: Getter | None = dc_field(default=None, compare=False, repr=False)
    """Item → cell value; None for columns filled by the table itself (report id, scope, position)."""
    shows: Part | None = None
    """The reviewed value's text or number goes beside this column (``<key>_reviewed``)."""
    personal: bool = False
    """Personal data (填表人, 联系电话): left empty unless the export is asked to keep it."""


@dataclass(frozen=True)
class Compare:
    """One field of the golden answer format: where its value comes from and how it is scored.

    ``kind`` None: the answer carries the value (it names or places the item) but it is not scored.
    ``rank``: position among the group's answer fields when it is not the registry's order.
    """

    answer: str
    kind: Comparator | None
    get: Getter | None = dc_field(default=None, compare=False, repr=False)
    type: Any = None
    required: bool = False
    rank: int = 0
    nested: str | None = None
    """For a ``Value``: the answer is a nested object scored part by part (the ``Value`` record's fields)."""
    default: Any = None
    """The answer field's default when it is not None (a callable: a factory, e.g. ``list``)."""
    description: str | None = None


@dataclass(frozen=True)
class Review:
    """How the review app offers the field: its column label, and when it is listed."""

    label: str | None = None
    identity: bool = False
    """The field that says what the item is: rejecting it rejects the whole item."""
    always: bool = True
    """Listed even when the tool left it empty (a reviewer may fill it in)."""
    rank: int = 0
    """Position in the review app's table when it is not the registry's order (identity first)."""


ALWAYS = Review()
OPTIONAL = Review(always=False)
IDENTITY = Review(identity=True)


@dataclass(frozen=True)
class Field:
    """One field of a schema model, as every view sees it (see :func:`field`)."""

    name: str
    label: str
    columns: tuple[Column, ...] = ()
    compares: tuple[Compare, ...] = ()
    review: Review | None = None
    vocab: str | None = None
    """The form-vocabulary entry that names the field in printed forms: ``"indicator.target"``."""

    @property
    def review_label(self) -> str:
        return (self.review.label if self.review else None) or self.label


@dataclass(frozen=True)
class FieldDraft:
    """An entry as written, before :func:`record` resolves it against the model (see :func:`field`)."""

    name: str
    label: str
    export: bool | str | tuple[Column, ...]
    unit: str | None
    compares: tuple[Compare, ...]
    review: Review | None
    vocab: str | None


def field(
    name: str,
    label: str,
    *,
    export: bool | str | tuple[Column, ...] = False,
    unit: str | None = None,
    compare: Comparator | Literal["carried"] | tuple[Compare, ...] | None = None,
    answer: str | None = None,
    read: Getter | None = None,
    answer_type: Any = None,
    required: bool = False,
    rank: int = 0,
    review: Review | None = None,
    vocab: str | None = None,
) -> FieldDraft:
    """One registry entry.

    Args:
        name: the model's attribute.
        label: the Chinese label (export column, review column).
        export: True for one column named after the field, a string for another column key, or the columns
            themselves; amounts export 万元 and enums their value.
        unit: written after the export label, ``执行率（%）`` (amounts get ``（万元）`` without asking).
        compare: how evaluation scores the field; ``"carried"``: the answers hold it (it names or places the
            item) but it is not scored; or the answer fields themselves (:class:`Compare`), for a field that
            gives several. The shortcuts describe the one answer field: its name (``answer``, default the
            field's), how it is read from the item (``read``, default the field's value, amounts in 万元), its
            type (``answer_type``, default the field's), whether answers must give it, and its ``rank``.
        review: how the review app lists it (None: not offered for review).
        vocab: the form-vocabulary entry, ``record.field`` as in ``vocabulary/forms.yaml``.
    """
    if compare is None or isinstance(compare, tuple):
        compares = compare or ()
    else:
        kind = None if compare == "carried" else compare
        compares = (Compare(answer or name, kind, read, answer_type, required, rank),)
    return FieldDraft(name, label, export, unit, compares, review, vocab)


def stored(**labels: str) -> tuple[FieldDraft, ...]:
    """Entries for fields the report stores that no view lists (provenance, text kept for the readers):
    ``stored(prov="出处", cells="各列出处")``."""
    return tuple(field(name, label) for name, label in labels.items())


# --- resolving an entry against its model --------------------------------------------------------------


def strip_optional(annotation: Any) -> tuple[Any, bool]:
    """``X | None`` → ``(X, True)``; anything else → ``(annotation, False)``."""
    if get_origin(annotation) in (Union, UnionType):
        args = [a for a in get_args(annotation) if a is not NoneType]
        optional = len(args) < len(get_args(annotation))
        return (args[0] if len(args) == 1 else annotation), optional
    return annotation, False


def base_type(model: type[BaseModel], name: str) -> Any:
    """The declared type of ``model.name`` without its ``| None``."""
    return strip_optional(model.model_fields[name].annotation)[0]


def plain(value: Any) -> Any:
    """An enum's value; anything else as it is."""
    return value.value if isinstance(value, Enum) else value


def wan(amount: Amount | None) -> Decimal | None:
    """An amount in 万元 (what the exports hold)."""
    return amount.wan if amount is not None else None


def answer_amount(amount: Amount | None) -> Decimal | None:
    """An amount as the answer format writes it: 万元; a figure without a money unit (a headcount) as written."""
    if amount is None:
        return None
    return amount.wan if amount.unit is not None else amount.value


def text_or_none(text: str | None) -> str | None:
    """A cell's text; None for an empty or blank cell."""
    return text if text and text.strip() else None


def _column_kind(annotation: Any) -> ColumnKind:
    if annotation is Decimal or annotation is Amount:
        return "decimal"
    if annotation is bool:
        return "bool"
    if annotation is int:
        return "int"
    if annotation is float:
        return "float"
    return "text"


def _export_value(annotation: Any) -> Getter:
    if annotation is Amount:
        return wan
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return lambda v: v.value if v is not None else None
    if annotation is date:
        return lambda v: v.isoformat() if v is not None else None
    return lambda v: v


def _attr(name: str, convert: Getter) -> Getter:
    return lambda item: convert(getattr(item, name))


def value_columns(name: str, key: str, label: str, parts: tuple[Column, ...]) -> tuple[Column, ...]:
    """The columns of a ``Value`` field: one per exported part of the Value record, ``<key>_<part>``."""

    def part(column: Column) -> Getter:
        get = column.get
        assert get is not None
        return lambda item: None if getattr(item, name) is None else get(getattr(item, name))

    shows: dict[str, Part] = {"raw": "text", "num": "number"}
    return tuple(
        Column(f"{key}_{c.key}", f"{label}{c.label}", c.kind, part(c), shows.get(c.key)) for c in parts
    )


def resolve_columns(
    model: type[BaseModel], draft: FieldDraft, value_parts: tuple[Column, ...]
) -> tuple[Column, ...]:
    """The export columns of an entry (see :func:`field`)."""
    if draft.export is False:
        return ()
    if isinstance(draft.export, tuple):
        return draft.export
    key = draft.name if draft.export is True else draft.export
    annotation = base_type(model, draft.name)
    if annotation is Value:
        return value_columns(draft.name, key, draft.label, value_parts)
    label = draft.label
    if annotation is Amount:
        label += "（万元）"
    elif draft.unit:
        label += f"（{draft.unit}）"
    kind = _column_kind(annotation)
    shows: Part = "number" if kind in ("decimal", "int") else "text"
    return (Column(key, label, kind, _attr(draft.name, _export_value(annotation)), shows),)


def resolve_compares(model: type[BaseModel], draft: FieldDraft) -> tuple[Compare, ...]:
    """The answer fields of an entry, each with its reader (default: the field's value, amounts in 万元; a
    ``Value`` as a nested answer scored part by part)."""
    out = []
    for c in draft.compares:
        nested = c.nested or ("Value" if c.get is None and base_type(model, draft.name) is Value else None)
        out.append(
            replace(c, get=c.get or _attr(draft.name, _answer_value(model, draft.name)), nested=nested)
        )
    return tuple(out)


def _answer_value(model: type[BaseModel], name: str) -> Getter:
    annotation = base_type(model, name)
    if annotation is Amount:
        return answer_amount
    return lambda v: v


def answer_type(model: type[BaseModel], name: str) -> Any:
    """The type an answer field has when the entry does not say: amounts in 万元 (Decimal), else the field's."""
    annotation = base_type(model, name)
    if annotation is Amount:
        return Decimal
    return annotation


def prov_of(item: Any) -> Provenance | None:
    """The item's own provenance (``prov``), if it has one."""
    prov: Provenance | None = getattr(item, "prov", None)
    return prov
