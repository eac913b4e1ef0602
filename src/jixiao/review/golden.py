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

from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from jixiao.atomic import write_atomic
from jixiao.errors import ReviewError
from jixiao.eval.answers import (
    FIELD_GROUPS,
    BasicDataAnswer,
    FieldGroup,
    FinalAccountAnswer,
    FundAnswer,
    GoalAnswer,
    GoldenAnswer,
    IndicatorAnswer,
    MeasureAnswer,
    MetadataAnswer,
    ProblemAnswer,
    ProjectTableAnswer,
    load_answer,
)
from jixiao.eval.predict import table_ref, value_answer
from jixiao.folder_lock import clean_temporaries
from jixiao.review.catalog import Panel, ReviewItem, iter_items
from jixiao.review.folder import OutputFolder
from jixiao.review.paths import load_field, resolve
from jixiao.review.store import STORE_NAME, Decision, ReviewStore
from jixiao.review.view import MODELS
from jixiao.schema import (
    Amount,
    BasicDataLine,
    FinalAccountLine,
    FundRow,
    GoalItem,
    MeasureItem,
    Op,
    PerformanceIndicator,
    ProblemItem,
    Report,
    SelfEvalTable,
    TableGoal,
    Value,
)

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


def _wan(value: Any) -> Decimal | None:
    return value.wan if isinstance(value, Amount) else None


def _scalars(r: Reviewed, names: dict[str, str], blanks: list[str] | None = None) -> dict[str, Any]:
    """Answer fields from reviewed fields (report name → answer name); amounts in 万元."""
    out: dict[str, Any] = {}
    for source, target in names.items():
        if not r.has(source):
            continue
        value = r.get(source)
        if value is None or value == "":
            if blanks is not None:
                blanks.append(target)
            continue
        if isinstance(value, Amount):
            if value.wan is None:
                continue
            value = value.wan
        out[target] = value
    return out


def _fund(row: FundRow, r: Reviewed, ref: str) -> FundAnswer:
    blank: list[str] = []
    fields = _scalars(
        r,
        {
            "initial_budget": "initial_budget",
            "budget": "budget",
            "executed": "executed",
            "transfer": "transfer",
            "rate_reported": "rate",
            "weight": "weight",
            "score": "score",
        },
        blank,
    )
    return FundAnswer(
        table=ref,
        label=r.get("label_raw", row.label_raw),
        category=r.get("category", row.category),
        blank=blank,
        **fields,
    )


def _indicator(ind: PerformanceIndicator, r: Reviewed, ref: str) -> IndicatorAnswer:
    blank: list[str] = []
    fields = _scalars(
        r,
        {"level1": "level1", "level2": "level2", "weight": "weight", "score": "score"},
        blank,
    )
    fields |= _scalars(r, {"deviation_reason": "deviation_reason"}, blank)
    for name in ("target", "actual"):
        value = r.get(name)
        if isinstance(value, Value):
            fields[name] = value_answer(value)
            fields[f"{name}_raw"] = value.raw or None
    return IndicatorAnswer(table=ref, name=r.get("name", ind.name), blank=blank, **fields)


def _project(table: SelfEvalTable, r: Reviewed, ref: str) -> ProjectTableAnswer:
    fields = _scalars(
        r,
        {
            "project_code": "code",
            "project_name": "name",
            "project_category": "category",
            "competent_dept": "competent_dept",
            "implementing_unit": "implementing_unit",
            "total_weight_reported": "total_weight",
            "total_score_reported": "total_score",
            "conclusion": "conclusion",
        },
    )
    return ProjectTableAnswer(ref=ref, **fields)


def _goal(item: GoalItem, r: Reviewed, project: str | None) -> GoalAnswer:
    fields = _scalars(r, {"deadline": "deadline", "actual_text": "actual_text"})
    target = r.get("target")
    if isinstance(target, Value):
        if target.op != Op.NONE:
            fields["op"] = target.op
        if target.num is not None:
            fields["quantity"] = target.num
        if target.unit:
            fields["unit"] = target.unit
    return GoalAnswer(scope=item.scope, project=project, text=r.get("text", item.text), **fields)


def _table_goal(goal: TableGoal, r: Reviewed, table: SelfEvalTable, ref: str) -> GoalAnswer:
    fields = _scalars(r, {"actual_text": "actual_text"})
    project = None if table.scope == "部门整体" else ref
    return GoalAnswer(
        scope=table.scope, project=project, text=r.get("target_text", goal.target_text), **fields
    )


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
    groups: dict[FieldGroup, list[BaseModel]] = {}
    metadata: MetadataAnswer | None = None
    reviewers: set[str] = set()
    for item in items:
        r = reviewed.get(item.path)
        if item.golden is None or r is None or not _usable(item, r):
            continue
        reviewers |= r.reviewers
        obj = resolve(report, item.path)
        table_path = item.path.split("/goals/")[0].split("/funds/")[0].split("/indicators/")[0]
        ref = refs.get(table_path, "dept")
        answer: BaseModel | None = None
        if isinstance(obj, Report):
            metadata = MetadataAnswer(
                **_scalars(
                    r,
                    {
                        "department": "department",
                        "region": "region",
                        "level": "level",
                        "fiscal_year": "fiscal_year",
                    },
                )
            )
            continue
        if isinstance(obj, FundRow):
            answer = _fund(obj, r, ref)
        elif isinstance(obj, PerformanceIndicator):
            answer = _indicator(obj, r, ref)
        elif isinstance(obj, SelfEvalTable):
            answer = _project(obj, r, ref)
        elif isinstance(obj, TableGoal):
            table = resolve(report, table_path)
            answer = _table_goal(obj, r, table, ref)
        elif isinstance(obj, GoalItem):
            answer = _goal(obj, r, _goal_project(obj, report, refs))
        elif isinstance(obj, ProblemItem):
            answer = ProblemAnswer(
                text=r.get("text", obj.text), **_scalars(r, {"cause": "cause", "category": "category"})
            )
        elif isinstance(obj, MeasureItem):
            answer = MeasureAnswer(
                text=r.get("text", obj.text),
                **_scalars(r, {"category": "category", "addresses": "addresses"}),
            )
        elif isinstance(obj, BasicDataLine):
            answer = BasicDataAnswer(
                group=obj.group,
                label=r.get("label", obj.label),
                **_scalars(r, {"prior_final": "prior_final", "budget": "budget", "final": "final"}),
            )
        elif isinstance(obj, FinalAccountLine):
            answer = FinalAccountAnswer(
                table=obj.table,
                name=r.get("name", obj.name),
                **_scalars(
                    r,
                    {
                        "func_code": "func_code",
                        "budget": "budget",
                        "final": "final",
                        "basic": "basic",
                        "project": "project",
                    },
                ),
            )
        if answer is not None:
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
