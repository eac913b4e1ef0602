"""Reviewed values → golden answer files, so reviewing a document adds it to the golden set.

Per report with decisions, one :class:`~jixiao.eval.answers.GoldenAnswer`: accepted values as
suggested, edited values as edited, rejected values left out (a rejection says the suggestion is wrong,
not what is right). An item enters the answer when at least one of its values was accepted or edited,
unless the value that says what the item is (its label, name or text) was rejected. Fields nobody
reviewed stay unset, and unset fields are not scored. ``covers`` lists the groups that received items.
A value edited to empty becomes a ``blank`` entry where the answer format has one (the cell is empty;
the tool must leave it empty).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from jixiao.atomic import write_atomic
from jixiao.errors import ReviewError
from jixiao.eval.answers import FIELD_GROUPS
from jixiao.eval.answers import AnswerItem
from jixiao.eval.answers import FieldGroup
from jixiao.eval.answers import GoldenAnswer
from jixiao.eval.answers import answer_format
from jixiao.eval.answers import load_answer
from jixiao.eval.predict import table_ref
from jixiao.eval.predict import value_answer
from jixiao.fields import registry
from jixiao.folder_lock import clean_temporaries
from jixiao.review.catalog import Panel
from jixiao.review.catalog import ReviewItem
from jixiao.review.catalog import iter_items
from jixiao.review.folder import OutputFolder
from jixiao.review.paths import load_field
from jixiao.review.paths import resolve
from jixiao.review.store import STORE_NAME
from jixiao.review.store import Decision
from jixiao.review.store import ReviewStore
from jixiao.review.view import MODELS
from jixiao.schema import FundRow
from jixiao.schema import GoalItem
from jixiao.schema import PerformanceIndicator
from jixiao.schema import Report
from jixiao.schema import SelfEvalTable
from jixiao.schema import TableGoal

MARK = "written by `jixiao review export`"


@dataclass
class Reviewed:
    """The accepted or edited fields of one item (value after the decision), and who decided."""

    values: dict[str, Any] = field(default_factory=dict)
    rejected: set[str] = field(default_factory=set)
    reviewers: set[str] = field(default_factory=set)

    def has(self, name: str) -> bool:
        return name in self.values

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)


def _answer(obj: BaseModel, r: Reviewed, context: dict[str, Any]) -> AnswerItem:
    """The answer item of one reviewed item: the fields that place it (from the report unless a reviewer edited
    them), and the answer fields of each accepted or edited field; a field edited to empty is ``blank``."""
    record = registry().record(type(obj))
    assert record.scored is not None
    model = answer_format().items[record.scored.group]  # type: ignore[index]
    updated = obj.model_copy(update=r.values)
    values: dict[str, Any] = {}
    blank: list[str] = []
    for f, c in record.compares():
        if c.get is None:
            continue
        needed = model.model_fields[c.answer].is_required() or (c.kind is None and not c.nested)
        if not needed and not r.has(f.name):
            continue
        if not needed and r.get(f.name) in (None, ""):
            if "blank" in model.model_fields:
                blank.append(c.answer)
            continue
        value = c.get(updated)
        if c.nested and value is not None:
            value = value_answer(value)
        if needed or value not in (None, ""):
            values[c.answer] = value
    extra = {"blank": blank} if "blank" in model.model_fields else {}
    return model(**context, **values, **extra)


def _refs(report: Report, reviewed: dict[str, Reviewed]) -> dict[str, str]:
    """Table path → how answers name the table, with a reviewer's edit of the project code or name."""
    refs = {"dept_table": "dept"}
    for n, table in enumerate(report.project_tables):
        r = reviewed.get(f"project_tables/{n}", Reviewed())
        refs[f"project_tables/{n}"] = r.get("project_code") or r.get("project_name") or table_ref(table)
    return refs


def _goal_project(item: GoalItem, report: Report, refs: dict[str, str]) -> str | None:
    if item.scope != "项目":
        return None
    if item.project_code:
        return item.project_code
    table_index = item.prov.table if item.prov is not None else None
    for n, table in enumerate(report.project_tables):
        same_table = table_index is not None and table.prov.table == table_index
        if same_table or (item.project_name and item.project_name == table.project_name):
            return refs[f"project_tables/{n}"]
    return item.project_name


def _context(
    obj: BaseModel, report: Report, refs: dict[str, str], ref: str, table_path: str
) -> dict[str, Any]:
    """The answer keys of an item that come from around it: its table, a goal's project and scope."""
    if isinstance(obj, FundRow | PerformanceIndicator):
        return {"table": ref}
    if isinstance(obj, SelfEvalTable):
        return {"ref": ref}
    if isinstance(obj, TableGoal):
        table = resolve(report, table_path)
        return {"scope": table.scope, "project": None if table.scope == "部门整体" else ref}
    if isinstance(obj, GoalItem):
        return {"project": _goal_project(obj, report, refs)}
    return {}


def collect(
    items: list[ReviewItem], decisions: dict[str, Decision], warnings: list[str]
) -> dict[str, Reviewed]:
    """Item path → its reviewed fields, from the latest decision on each value.

    A decision taken on another item than the one now at its path (the report was re-extracted) is
    left out with a warning.
    """
    out: dict[str, Reviewed] = {}
    for item in items:
        owner = MODELS[item.model]
        for rv in item.values:
            d = decisions.get(rv.path)
            if d is None:
                continue
            if d.item_label is not None and d.item_label != item.label:
                warnings.append(
                    f"{rv.path}: decided on “{d.item_label[:40]}”, now “{item.label[:40]}”; left out"
                )
                continue
            r = out.setdefault(item.path, Reviewed())
            if d.action == "reject":
                r.rejected.add(rv.field)
            else:
                r.values[rv.field] = load_field(owner, rv.field, d.new_value)
            r.reviewers.add(d.reviewer)
    return out


def _usable(item: ReviewItem, r: Reviewed | None) -> bool:
    if r is None or not r.values:
        return False
    identity = next((v.field for v in item.values if v.identity), None)
    return identity is None or identity not in r.rejected


def answer_for(
    report: Report, panels: list[Panel], decisions: dict[str, Decision]
) -> tuple[GoldenAnswer | None, list[str]]:
    """The golden answer made of one report's reviewed values (None when nothing was accepted or edited)."""
    warnings: list[str] = []
    items = iter_items(panels)
    reviewed = collect(items, decisions, warnings)
    refs = _refs(report, reviewed)
    groups: dict[FieldGroup, list[AnswerItem]] = {}
    metadata: AnswerItem | None = None
    reviewers: set[str] = set()
    for item in items:
        r = reviewed.get(item.path)
        if item.golden is None or r is None or not _usable(item, r):
            continue
        reviewers |= r.reviewers
        obj = resolve(report, item.path)
        table_path = item.path.split("/goals/")[0].split("/funds/")[0].split("/indicators/")[0]
        ref = refs.get(table_path, "dept")
        if isinstance(obj, Report):
            metadata = _answer(obj, r, {})
            continue
        answer = _answer(obj, r, _context(obj, report, refs, ref, table_path))
        groups.setdefault(item.golden, []).append(answer)
    covers = [g for g in FIELD_GROUPS if g in groups or (g == "metadata" and metadata is not None)]
    if not covers:
        return None, warnings
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    answer_file = GoldenAnswer(
        doc=Path(report.source.name).stem,
        covers=covers,
        annotator="review: " + ", ".join(sorted(reviewers)),
        notes=[
            f"{MARK} from {STORE_NAME} on {stamp}; report {report.id} of {report.source.name}.",
            "Only values a reviewer accepted or edited are written; fields nobody reviewed are unset and not "
            "scored. A covered group holds only the reviewed items, so the tool's other items in it count "
            "as spurious until they are reviewed too.",
            "Fields that identify an item (table, category, basic-data group, statement number) come from "
            "the report unless a reviewer edited them.",
        ],
        metadata=metadata,
        **{g: groups.get(g, []) for g in FIELD_GROUPS if g not in ("metadata", "sections", "findings")},
    )
    return answer_file, warnings


class ExportResult(BaseModel):
    written: list[Path]
    warnings: list[str]


def _written_by_review(path: Path) -> bool:
    try:
        return any(MARK in note for note in load_answer(path).notes)
    except Exception:
        return False


def export_golden(out: Path, dest: Path, *, overwrite: bool = False) -> ExportResult:
    """Write one answer file per reviewed document of ``out`` into ``dest`` (``<doc>.json``).

    An existing answer file is replaced only when an earlier review export wrote it, or with ``overwrite``:
    hand-made answers are never lost by accident.

    Raises:
        ReviewError: no review store in ``out``; two reviewed reports of one document; an answer file
            made by hand is in the way.
    """
    if not (out / STORE_NAME).is_file():
        raise ReviewError(str(out), f"no {STORE_NAME} here: nothing has been reviewed yet")
    folder = OutputFolder(out)
    folder.refresh()
    store = ReviewStore.in_folder(out)
    answers: dict[str, GoldenAnswer] = {}
    warnings: list[str] = []
    for report_id in store.reports():
        try:
            report, panels = folder.report(report_id)
        except ReviewError as exc:
            warnings.append(f"report {report_id}: {exc.reason}; its decisions are not exported")
            continue
        answer, notes = answer_for(report, panels, store.latest(report_id))
        warnings.extend(f"{report.source.name}: {n}" for n in notes)
        if answer is None:
            continue
        if answer.doc in answers:
            raise ReviewError(
                str(out),
                f"two reviewed reports are renderings of '{answer.doc}'; export them from separate folders",
            )
        answers[answer.doc] = answer
    written = []
    # A folder of hand-made answers takes no lock file: only leftovers of exports no longer running go.
    clean_temporaries(dest, dead_only=True)
    for doc, answer in sorted(answers.items()):
        target = dest / f"{doc}.json"
        if target.exists() and not overwrite and not _written_by_review(target):
            raise ReviewError(
                str(target),
                "an answer file not written by the review export is in the way; pass --overwrite to replace it",
            )
        write_atomic(target, answer.model_dump_json(indent=2, exclude_defaults=True) + "\n")
        written.append(target)
    return ExportResult(written=written, warnings=warnings)
