"""The review app's operations, free of HTTP: list documents, show one, record a decision."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Literal
from typing import get_args

from pydantic import BaseModel
from pydantic import Field

from jixiao.errors import ReviewError
from jixiao.review.catalog import ReviewItem
from jixiao.review.catalog import ReviewValue
from jixiao.review.catalog import iter_items
from jixiao.review.editing import VALUE_FIELDS
from jixiao.review.editing import parse_edit
from jixiao.review.folder import OutputFolder
from jixiao.review.folder import ReportSummary
from jixiao.review.paths import dump_field
from jixiao.review.paths import load_field
from jixiao.review.paths import resolve
from jixiao.review.published import Origin
from jixiao.review.published import Published
from jixiao.review.source import BlockView
from jixiao.review.source import render_blocks
from jixiao.review.store import Action
from jixiao.review.store import Decision
from jixiao.review.store import NewDecision
from jixiao.review.store import ReviewStore
from jixiao.review.view import MODELS
from jixiao.review.view import FindingView
from jixiao.review.view import PanelView
from jixiao.review.view import ValueView
from jixiao.review.view import build_panels
from jixiao.review.view import match_findings
from jixiao.review.view import value_view
from jixiao.schema import Op
from jixiao.schema import Report
from jixiao.schema import Value
from jixiao.schema.values import Grade
from jixiao.schema.values import Status

SortKey = Literal[
    "name", "status", "department", "year", "errors", "warnings", "ungrounded", "failed", "unreviewed"
]
SORT_KEYS: tuple[SortKey, ...] = (
    "name",
    "status",
    "department",
    "year",
    "errors",
    "warnings",
    "ungrounded",
    "failed",
    "unreviewed",
)


class ListRow(BaseModel):
    summary: ReportSummary
    decided: int = 0
    unreviewed: int = 0

    @property
    def needs_attention(self) -> bool:
        """Values still to review in a report with errors, ungrounded or failed narrative items, or a
        document that was not fully read (partial / empty)."""
        s = self.summary
        return (
            self.unreviewed > 0 and (s.errors > 0 or s.ungrounded > 0 or s.failed > 0)
        ) or s.status != "ok"


class DocumentPage(BaseModel):
    """Everything the document view shows."""

    summary: ReportSummary
    report: Report
    panels: list[PanelView]
    findings: list[FindingView]
    blocks: list[BlockView] | None = Field(default=None, description="None when the source was not kept")
    unreviewed: int = 0


class ValuePanel(BaseModel):
    """The inspector: one value, its decision state, its history and the findings on it."""

    report_id: str
    item: ReviewItem
    view: ValueView
    history: list[Decision]
    findings: list[FindingView]
    edit_text: str = Field(description="What the edit box starts with: the value as it now stands")
    parts: dict[str, str] = Field(
        default_factory=dict, description="An indicator value's parts as they now stand (op, num, unit …)"
    )
    origin: Origin | None = Field(
        default=None, description="The value in what was published: page image with its box, or sheet cell"
    )
    ops: list[str] = Field(default_factory=lambda: [o.value for o in Op])
    grades: list[str] = Field(default_factory=lambda: list(get_args(Grade)))
    statuses: list[str] = Field(default_factory=lambda: list(get_args(Status)))


def _parts(value: Value | None) -> dict[str, str]:
    if value is None:
        return {}
    out = {}
    for name in VALUE_FIELDS:
        part = getattr(value, name)
        if isinstance(part, Enum):
            part = part.value
        elif isinstance(part, bool):
            part = "1" if part else ""
        out[name] = "" if part is None else str(part)
    return out


_STATUS_ORDER = {"ok": 0, "partial": 1, "empty": 2}


def _sort_value(row: ListRow, key: SortKey) -> tuple[int, str | int]:
    s = row.summary
    numbers = {
        "year": s.fiscal_year or 0,
        "errors": s.errors,
        "warnings": s.warnings,
        "ungrounded": s.ungrounded,
        "failed": s.failed,
        "unreviewed": row.unreviewed,
        "status": _STATUS_ORDER.get(s.status, 0),
    }
    if key in numbers:
        return 0, numbers[key]
    text = s.department if key == "department" else s.name
    return (0, text) if text else (1, "")


class ReviewService:
    """One output folder and its review store."""

    def __init__(self, out: Path, sources: list[Path] | None = None) -> None:
        self.folder = OutputFolder(out)
        self.store = ReviewStore.in_folder(out)
        self.published = Published(out, sources)
        self._blocks: dict[tuple[str, int, int], list[BlockView]] = {}

    def list_documents(
        self, sort: SortKey = "errors", descending: bool = True, attention_only: bool = False
    ) -> list[ListRow]:
        """The document list, sorted; ``attention_only`` keeps the documents that need attention."""
        decided = self.store.decided_counts()
        rows = []
        for s in self.folder.refresh():
            done = min(decided.get(s.id, 0), s.values)
            rows.append(ListRow(summary=s, decided=done, unreviewed=s.values - done))
        if attention_only:
            rows = [r for r in rows if r.needs_attention]
        rows.sort(key=lambda r: r.summary.name)
        rows.sort(key=lambda r: _sort_value(r, sort), reverse=descending)
        return rows

    def document(self, report_id: str) -> DocumentPage:
        """The document view: source blocks, values with decisions, findings.

        Raises:
            ReviewError: no report with this id.
        """
        report, panels = self.folder.report(report_id)
        decisions = self.store.latest(report_id)
        views, findings = build_panels(report, panels, decisions)
        document = self.folder.document(report_id)
        blocks = None
        if document is not None:
            key = (report_id, id(report), id(document))
            blocks = self._blocks.get(key)
            if blocks is None:
                spans = [
                    v.prov.span
                    for item in iter_items(panels)
                    for v in item.values
                    if v.prov is not None and v.prov.span is not None
                ]
                blocks = render_blocks(document, spans, report.iter_sections())
                # The source pane does not change with decisions: keep the last few documents' pieces.
                self._blocks[key] = blocks
                while len(self._blocks) > 8:
                    self._blocks.pop(next(iter(self._blocks)))
        values = sum(len(i.values) for i in iter_items(panels))
        decided = sum(1 for i in iter_items(panels) for v in i.values if v.path in decisions)
        return DocumentPage(
            summary=self.folder.summary(report_id),
            report=report,
            panels=views,
            findings=findings,
            blocks=blocks,
            unreviewed=values - decided,
        )

    def _value(self, report_id: str, path: str) -> tuple[Report, ReviewItem, ReviewValue]:
        report, panels = self.folder.report(report_id)
        for item in iter_items(panels):
            for rv in item.values:
                if rv.path == path:
                    return report, item, rv
        raise ReviewError(None, f"no reviewable value '{path[:200]}'", where=f"report {report_id}")

    def value_panel(self, report_id: str, path: str) -> ValuePanel:
        """The inspector for one value.

        Raises:
            ReviewError: no such report or value.
        """
        report, item, rv = self._value(report_id, path)
        history = self.store.history(report_id, path)
        latest = history[-1] if history else None
        view = value_view(item, rv, latest)
        _, panels = self.folder.report(report_id)
        findings = match_findings(report, iter_items(panels))
        mine = [f for f in findings if path in f.paths or item.path in f.items]
        view.findings = [f.index for f in mine]
        view.worst = mine[0].finding.severity if mine else None
        edit_text = view.current if view.status == "edited" else rv.display
        if edit_text in ("—", "（空）"):
            edit_text = ""
        parts: dict[str, str] = {}
        if rv.kind == "value":
            edited = latest is not None and latest.action == "edit"
            now = load_field(
                MODELS[item.model], rv.field, latest.new_value if edited and latest else rv.suggested
            )
            parts = _parts(now if isinstance(now, Value) else None)
        return ValuePanel(
            report_id=report_id,
            item=item,
            view=view,
            history=history,
            findings=mine,
            edit_text=edit_text,
            parts=parts,
            origin=self.published.origin(report, self.folder.document(report_id), rv.prov),
        )

    def page_image(self, report_id: str, page: int) -> bytes:
        """The PNG of one page of a report's PDF or scan, as published.

        Raises:
            ReviewError: no such report or page, not a PDF or image, or the file is not at hand.
        """
        report, _ = self.folder.report(report_id)
        return self.published.page_png(report, page)

    def decide(
        self,
        report_id: str,
        path: str,
        action: Action,
        base_version: int,
        reviewer: str,
        comment: str | None = None,
        form: Mapping[str, str] | None = None,
    ) -> Decision:
        """Record a decision on one value.

        Raises:
            ReviewConflictError: the value was decided by someone else since ``base_version``.
            InvalidEditError: an edit the field's model refuses.
            ReviewError: no such report or value.
        """
        report, item, rv = self._value(report_id, path)
        owner = MODELS[item.model]
        history = self.store.history(report_id, path)
        old = history[-1].new_value if history else rv.suggested
        new: str | None
        if action == "accept":
            new = rv.suggested
        elif action == "reject":
            new = None
        else:
            value = parse_edit(resolve(report, rv.item), rv, form or {})
            new = dump_field(owner, rv.field, value)
        return self.store.save(
            NewDecision(
                report_id=report_id,
                path=path,
                action=action,
                base_version=base_version,
                old_value=old,
                new_value=new,
                suggested=rv.suggested,
                item_label=item.label,
                comment=(comment or "").strip() or None,
                reviewer=reviewer,
            )
        )
