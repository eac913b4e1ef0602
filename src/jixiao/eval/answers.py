"""The golden answer format: what a person reading a document says it contains.

One file per source document, ``golden/expected/<stem>.json``. The answers are about the *document*,
so they hold for every rendering of it (``<stem>.txt``, ``<stem>.docx``, ``<stem>.pdf``). A file says
which field groups it ``covers``; groups it does not cover are not scored. Amounts are in 万元,
percentages in percentage points. Where the source is ambiguous, ``notes`` say which reading was chosen.

The fields of each group's items are the field registry's (:mod:`jixiao.fields`): every registry field
that a group scores or carries is a field of its answer items, with the type the registry or the schema
gives it. :func:`answer_format` makes the item models of a registry; the names below are the shipped ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any
from typing import Literal
from typing import get_args

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field
from pydantic import SerializeAsAny
from pydantic import create_model

from jixiao.errors import EvalError
from jixiao.fields import Compare
from jixiao.fields import Record
from jixiao.fields import Registry
from jixiao.fields import registry
from jixiao.fields.spec import answer_type

FieldGroup = Literal[
    "metadata",
    "sections",
    "funds",
    "indicators",
    "project_tables",
    "basic_data",
    "final_account",
    "goals",
    "problems",
    "measures",
    "findings",
]
FIELD_GROUPS: tuple[FieldGroup, ...] = get_args(FieldGroup)
BLANK = "Fields whose cell is empty (blank, —, －): the tool must leave them None"


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AnswerItem(_Answer):
    """One answered item (a fund row, an indicator, the metadata …); its fields are the registry's."""


def _field(compare: Compare, kind: Any) -> tuple[Any, Any]:
    if compare.required:
        return kind, Field(description=compare.description)
    if callable(compare.default):
        return kind, Field(default_factory=compare.default, description=compare.description)
    if compare.default is not None:
        return kind, Field(default=compare.default, description=compare.description)
    return kind | None, Field(default=None, description=compare.description)


def item_model(
    name: str,
    record: Record,
    value: type[AnswerItem] | None = None,
    *,
    keys: tuple[Compare, ...] = (),
    blank: bool = False,
) -> type[AnswerItem]:
    """The answer model of a record's items: the group's keys and the record's answer fields, by rank (keys
    first where equal), then ``blank`` where the group has it."""
    entries: list[tuple[Compare, Any]] = [(k, k.type) for k in keys]
    for f, c in record.compares():
        entries.append((c, value if c.nested else c.type or answer_type(record.model, f.name)))
    fields: dict[str, Any] = {
        c.answer: _field(c, kind) for c, kind in sorted(entries, key=lambda e: e[0].rank)
    }
    if blank:
        fields["blank"] = (list[str], Field(default_factory=list, description=BLANK))
    model: type[AnswerItem] = create_model(name, __base__=AnswerItem, **fields)
    return model


@dataclass(frozen=True)
class AnswerFormat:
    """The answer item models of one registry: per group, and the nested indicator value."""

    items: dict[FieldGroup, type[AnswerItem]]
    value: type[AnswerItem]


def answer_format(reg: Registry | None = None) -> AnswerFormat:
    """The answer format of a registry (default: the one in use)."""
    return _answer_format(reg or registry())


@lru_cache(maxsize=8)
def _answer_format(reg: Registry) -> AnswerFormat:
    value = item_model("ValueAnswer", reg.value)
    items: dict[FieldGroup, type[AnswerItem]] = {}
    for group in FIELD_GROUPS:
        record = reg.scored(group)[0]
        scored = record.scored
        assert scored is not None
        name = "".join(w.title() for w in group.split("_")) + "Answer"
        items[group] = item_model(name, record, value, keys=scored.keys, blank=scored.blank)
    return AnswerFormat(items, value)


_SHIPPED = answer_format()
MetadataAnswer = _SHIPPED.items["metadata"]
SectionAnswer = _SHIPPED.items["sections"]
FundAnswer = _SHIPPED.items["funds"]
IndicatorAnswer = _SHIPPED.items["indicators"]
ProjectTableAnswer = _SHIPPED.items["project_tables"]
BasicDataAnswer = _SHIPPED.items["basic_data"]
FinalAccountAnswer = _SHIPPED.items["final_account"]
GoalAnswer = _SHIPPED.items["goals"]
ProblemAnswer = _SHIPPED.items["problems"]
MeasureAnswer = _SHIPPED.items["measures"]
FindingAnswer = _SHIPPED.items["findings"]
ValueAnswer = _SHIPPED.value


Rendering = Literal["txt", "docx", "pdf", "xlsx", "html", "scan.pdf"]
"""A rendering's file ending: ``<doc>.<rendering>`` in golden/docs (``scan.pdf``: an image-only PDF)."""

NEW_FORMAT_RENDERINGS: tuple[Rendering, ...] = ("xlsx", "html", "scan.pdf")
"""Renderings also scored against the DOCX rendering's own reading (same content, another format)."""


def _all_renderings() -> list[Rendering]:
    return ["txt", "docx", "pdf", "xlsx", "html", "scan.pdf"]


class GoldenAnswer(_Answer):
    """All hand-made answers for one source document (items: see :func:`answer_format`)."""

    doc: str = Field(description="Stem of the documents in golden/docs it describes")
    formats: list[Rendering] = Field(
        default_factory=_all_renderings, description="Renderings the answers apply to"
    )
    covers: list[FieldGroup]
    annotator: str | None = None
    notes: list[str] = Field(default_factory=list)
    metadata: SerializeAsAny[AnswerItem] | None = None
    sections: list[SerializeAsAny[AnswerItem]] = Field(default_factory=list)
    funds: list[SerializeAsAny[AnswerItem]] = Field(default_factory=list)
    indicators: list[SerializeAsAny[AnswerItem]] = Field(default_factory=list)
    project_tables: list[SerializeAsAny[AnswerItem]] = Field(default_factory=list)
    basic_data: list[SerializeAsAny[AnswerItem]] = Field(default_factory=list)
    final_account: list[SerializeAsAny[AnswerItem]] = Field(default_factory=list)
    goals: list[SerializeAsAny[AnswerItem]] = Field(default_factory=list)
    problems: list[SerializeAsAny[AnswerItem]] = Field(default_factory=list)
    measures: list[SerializeAsAny[AnswerItem]] = Field(default_factory=list)
    findings: list[SerializeAsAny[AnswerItem]] = Field(default_factory=list)


def parse_answer(data: Any) -> GoldenAnswer:
    """An answer file's content, its items validated by the answer format of the registry in use.

    Raises:
        ValueError: it does not fit the format (pydantic's message says where).
    """
    if not isinstance(data, dict):
        raise ValueError("an answer file holds one JSON object")
    items = answer_format().items
    data = dict(data)
    if isinstance(data.get("metadata"), dict):
        data["metadata"] = items["metadata"].model_validate(data["metadata"])
    for group in FIELD_GROUPS[1:]:
        if isinstance(data.get(group), list):
            data[group] = [items[group].model_validate(i) if isinstance(i, dict) else i for i in data[group]]
    return GoldenAnswer.model_validate(data)


def load_answer(path: Path) -> GoldenAnswer:
    """Read and validate one answer file (numbers read as written: ``12.50`` stays ``12.50``).

    Raises:
        EvalError: the file is not valid JSON or does not fit the answer format (the message says where).
    """
    try:
        return parse_answer(json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal))
    except (OSError, ValueError) as exc:
        raise EvalError(str(path), f"invalid answer file: {exc}") from exc
