"""What the tool said about a document, in the golden answer format, with provenance per item.

Scoring compares two :class:`~jixiao.eval.answers.GoldenAnswer` objects: the hand-made one and the one
built here from a :class:`~jixiao.schema.Report`. Keeping one format for both lets the same matcher
score a damaged copy of the answers in the tests, and lets the review app export corrections as answers.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Container
from typing import Any

from pydantic import BaseModel
from pydantic import Field

from jixiao.eval.answers import FIELD_GROUPS
from jixiao.eval.answers import AnswerItem
from jixiao.eval.answers import FieldGroup
from jixiao.eval.answers import GoldenAnswer
from jixiao.eval.answers import answer_format
from jixiao.eval.normalise import norm_label
from jixiao.fields import Located
from jixiao.fields import Record
from jixiao.fields import locate
from jixiao.fields import registry
from jixiao.schema import Amount
from jixiao.schema import FundRow
from jixiao.schema import GoalItem
from jixiao.schema import PerformanceIndicator
from jixiao.schema import Provenance
from jixiao.schema import Report
from jixiao.schema import SelfEvalTable
from jixiao.schema import TableGoal
from jixiao.schema import Value

DEPT_TABLE = "dept"


class ItemSource(BaseModel):
    """Where one predicted item came from: the item's provenance and, where known, each field's."""

    prov: Provenance | None = None
    fields: dict[str, Provenance] = Field(default_factory=dict)

    def for_field(self, path: str | None) -> Provenance | None:
        """Provenance of a field (``"target.num"`` → the target cell), else of the whole item."""
        if path:
            head = path.split(".")[0]
            for key in (path, head, head.removesuffix("_raw")):
                if key in self.fields:
                    return self.fields[key]
        return self.prov


class Prediction(BaseModel):
    """A report rewritten as answers, plus provenance parallel to every group's item list."""

    answer: GoldenAnswer
    sources: dict[FieldGroup, list[ItemSource]] = Field(default_factory=dict)
    table_aliases: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Project table ref → every name it may be called by (code, name, title)",
    )

    def source(self, group: FieldGroup, index: int) -> ItemSource:
        items = self.sources.get(group, [])
        return items[index] if index < len(items) else ItemSource()


def value_answer(value: Value) -> AnswerItem:
    """A parsed cell value as the golden answer format writes it."""
    parts = registry().value.compares()
    return answer_format().value(**{c.answer: c.get(value) for _, c in parts if c.get is not None})


def answer_values(record: Record, item: BaseModel, fields: Container[str] | None = None) -> dict[str, Any]:
    """The answer fields the registry reads from one item (only those of ``fields`` when given)."""
    out: dict[str, Any] = {}
    for f, c in record.compares():
        if (fields is not None and f.name not in fields) or c.get is None:
            continue
        value = c.get(item)
        out[c.answer] = value_answer(value) if c.nested and value is not None else value
    return out


def table_ref(table: SelfEvalTable) -> str:
    """How answers name a table: 'dept' for the department table, else the project code or name."""
    if table.scope == "部门整体":
        return DEPT_TABLE
    return table.project_code or table.project_name or table.title or "?"


def _table_of(at: Located) -> str:
    assert at.table is not None
    return table_ref(at.table)


KEYS: dict[str, Callable[[Located], Any]] = {"table": _table_of, "ref": _table_of}
"""How predictions fill the answer keys that come from around an item (a fund row's table, a project's ref)."""


def _amount_provs(row: Any) -> dict[str, Provenance]:
    return {name: value.prov for name, value in row if isinstance(value, Amount) and value.prov is not None}


FIELD_PROVS: dict[type[BaseModel], Callable[[Any], dict[str, Provenance]]] = {
    FundRow: _amount_provs,
    PerformanceIndicator: lambda ind: dict(ind.cells),
}
"""Records whose fields carry provenance of their own (an amount's cell, an indicator's columns)."""


def _prediction(record: Record, at: Located) -> tuple[AnswerItem, ItemSource]:
    scored = record.scored
    assert scored is not None
    model = answer_format().items[scored.group]  # type: ignore[index]
    keys = {k.answer: KEYS[k.answer](at) for k in scored.keys}
    export = record.export
    prov = export.prov(at.item) if export is not None and export.prov is not None else None
    fields = FIELD_PROVS.get(record.model, lambda _i: {})(at.item)
    return model(**keys, **answer_values(record, at.item)), ItemSource(prov=prov, fields=fields)


def _contains(a: str, b: str) -> bool:
    na, nb = norm_label(a), norm_label(b)
    return bool(na and nb) and (na in nb or nb in na)


def _project_of(goal: GoalItem, projects: list[SelfEvalTable]) -> str | None:
    """The project table a project goal was read from, when the item does not carry a code (湖南 tables have none).

    By provenance (same table block), else by the goal cell that contains the item's text.
    """
    table_index = goal.prov.table if goal.prov is not None else None
    for t in projects:
        if table_index is not None and t.prov.table == table_index:
            return table_ref(t)
    for t in projects:
        if any(_contains(cell.target_text, goal.text) for cell in t.goals):
            return table_ref(t)
    return None


def _goals(report: Report, tables: list[SelfEvalTable]) -> list[tuple[AnswerItem, ItemSource]]:
    """The narrative stage's goals, plus table goal cells it did not turn into items.

    A table's 年度总体目标 cell may hold several goals that the narrative stage splits; a cell that
    contains (or is contained in) an item's text is already represented and is left out.
    """
    reg = registry()
    model = answer_format().items["goals"]
    out: list[tuple[AnswerItem, ItemSource]] = []
    projects = [t for t in tables if t.scope == "项目"]
    for goal in report.goals:
        project = goal.project_code
        if goal.scope == "项目" and project is None:
            project = _project_of(goal, projects)
        values = answer_values(reg.record(GoalItem), goal)
        out.append((model(**{"project": project, **values}), ItemSource(prov=goal.prov)))
    item_texts = [g.text for g in report.goals]
    for table in tables:
        project = None if table.scope == "部门整体" else table_ref(table)
        for cell in table.goals:
            if any(_contains(cell.target_text, t) for t in item_texts):
                continue
            values = answer_values(reg.record(TableGoal), cell)
            answer = model(**{"scope": table.scope, "project": project, **values})
            out.append((answer, ItemSource(prov=cell.prov)))
    return out


def report_to_prediction(report: Report, doc: str) -> Prediction:
    """Rewrite a report as answers for document ``doc`` (every field group covered)."""
    reg = registry()
    tables = [t for t in [report.dept_table, *report.project_tables] if t is not None]
    aliases = {
        table_ref(t): [x for x in (t.project_code, t.project_name, t.title) if x]
        for t in report.project_tables
    }
    predicted: dict[FieldGroup, list[tuple[AnswerItem, ItemSource]]] = {"goals": _goals(report, tables)}
    for group in FIELD_GROUPS[1:]:
        record = reg.scored(group)[0]
        if group != "goals" and record.scored is not None and record.where is not None:
            where = record.scored.where or record.where
            predicted[group] = [_prediction(record, at) for at in locate(report, where)]
    metadata = answer_format().items["metadata"](**answer_values(reg.record(Report), report))
    answer = GoldenAnswer(
        doc=doc,
        covers=list(FIELD_GROUPS),
        metadata=metadata,
        **{g: [a for a, _ in pairs] for g, pairs in predicted.items()},
    )
    sources: dict[FieldGroup, list[ItemSource]] = {"metadata": [ItemSource(fields=dict(report.meta_prov))]}
    sources |= {g: [s for _, s in pairs] for g, pairs in predicted.items()}
    return Prediction(answer=answer, sources=sources, table_aliases=aliases)


def empty_prediction(doc: str) -> Prediction:
    """The prediction of a rendering the tool could not read: nothing found."""
    return Prediction(answer=GoldenAnswer(doc=doc, covers=list(FIELD_GROUPS)))
