"""The output folder as the review app sees it: which reports exist, and their documents as read.

Reports are found from the folder's own listing (the batch manifest, and ``<name>.json`` files beside
it) and addressed by report id; no file path ever comes from a request. Parsed reports, documents and
catalogues are cached per file and re-read when the file changes (a batch may still be running).
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel
from pydantic import ValidationError

from jixiao.batch.store import MANIFEST
from jixiao.batch.store import SOURCES
from jixiao.batch.store import ManifestLine
from jixiao.errors import ReviewError
from jixiao.review.catalog import Panel
from jixiao.review.catalog import catalogue
from jixiao.review.catalog import iter_values
from jixiao.schema import Document
from jixiao.schema import GroundingStatus
from jixiao.schema import Report

REPORT_ID = re.compile(r"^[0-9a-f]{8,64}$")


class ReportSummary(BaseModel):
    """One line of the document list."""

    id: str
    name: str
    file: str
    department: str | None = None
    fiscal_year: int | None = None
    kinds: list[str]
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    ungrounded: int = 0
    failed: int = 0
    values: int = 0
    status: str = "ok"
    reasons: list[str] = []


@dataclass
class ReportEntry:
    """A report file of the folder and where its source document is."""

    name: str
    report_path: Path
    source_path: Path


@dataclass
class _Cached:
    stamp: tuple[int, int]
    report: Report
    panels: list[Panel]
    summary: ReportSummary


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


class OutputFolder:
    """Read-only access to the reports and sources of one ``jixiao extract`` output folder."""

    def __init__(self, root: Path, *, cache_size: int = 16) -> None:
        if not root.is_dir():
            raise ReviewError(str(root), "not a folder of jixiao outputs; run `jixiao extract … -o` first")
        self.root = root
        self._lock = threading.Lock()
        self._entries: dict[str, ReportEntry] = {}
        self._summaries: dict[Path, tuple[tuple[int, int], ReportSummary]] = {}
        self._not_reports: dict[Path, tuple[int, int]] = {}
        self._reports: OrderedDict[Path, _Cached] = OrderedDict()
        self._documents: OrderedDict[Path, tuple[tuple[int, int], Document]] = OrderedDict()
        self._cache_size = cache_size

    def _names(self) -> list[tuple[str, Path]]:
        """(name, report file) from the manifest's latest usable line per name, then loose report files."""
        found: dict[str, Path] = {}
        manifest = self.root / MANIFEST
        if manifest.exists():
            with manifest.open(encoding="utf-8") as fh:
                for raw in fh:
                    try:
                        line = ManifestLine.model_validate_json(raw)
                    except ValidationError:
                        continue  # a line cut short by a killed run
                    if line.status in ("ok", "partial", "empty", "skipped") and line.output:
                        found[line.name] = self.root / line.output
        for path in sorted(self.root.glob("*.json")):
            found.setdefault(path.stem, path)
        return sorted((n, p) for n, p in found.items() if p.is_file())

    def refresh(self) -> list[ReportSummary]:
        """Re-list the folder; summaries of unchanged files come from the cache."""
        summaries: list[ReportSummary] = []
        entries: dict[str, ReportEntry] = {}
        for name, path in self._names():
            try:
                summary = self._summary(name, path)
            except ReviewError:
                continue  # not a report (or half-written): left out of the list
            if summary.id in entries:
                continue  # the same document twice (identical content): one entry is enough
            entries[summary.id] = ReportEntry(name, path, self.root / SOURCES / f"{name}.json")
            summaries.append(summary)
        with self._lock:
            self._entries = entries
        return summaries

    def entry(self, report_id: str) -> ReportEntry:
        """The folder's entry for a report id.

        Raises:
            ReviewError: the id is malformed or no report of the folder has it.
        """
        if not REPORT_ID.match(report_id):
            raise ReviewError(None, f"'{report_id[:80]}' is not a report id")
        with self._lock:
            entry = self._entries.get(report_id)
        if entry is None:
            self.refresh()
            with self._lock:
                entry = self._entries.get(report_id)
        if entry is None:
            raise ReviewError(str(self.root), f"no report with id {report_id}")
        return entry

    def _summary(self, name: str, path: Path) -> ReportSummary:
        stamp = _stamp(path)
        cached = self._summaries.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        if self._not_reports.get(path) == stamp:
            raise ReviewError(str(path), "not a report")
        try:
            summary = self._load(path).summary
        except ReviewError:
            # Other JSON beside the reports (or a broken one): not re-read until it changes.
            self._not_reports[path] = stamp
            raise
        self._summaries[path] = (stamp, summary)
        return summary

    def _load(self, path: Path) -> _Cached:
        stamp = _stamp(path)
        with self._lock:
            cached = self._reports.get(path)
            if cached is not None and cached.stamp == stamp:
                self._reports.move_to_end(path)
                return cached
        try:
            report = Report.model_validate_json(path.read_bytes())
        except (OSError, ValidationError) as exc:
            raise ReviewError(str(path), f"not a valid report: {str(exc).splitlines()[0]}") from exc
        panels = catalogue(report)
        items = [*report.goals, *report.problems, *report.measures]
        summary = ReportSummary(
            id=report.id,
            name=path.stem,
            file=report.source.name,
            department=report.department,
            fiscal_year=report.fiscal_year,
            kinds=[k.value for k in report.kinds],
            errors=sum(1 for f in report.findings if f.severity == "error"),
            warnings=sum(1 for f in report.findings if f.severity == "warn"),
            infos=sum(1 for f in report.findings if f.severity == "info"),
            ungrounded=sum(1 for i in items if i.grounding.status == GroundingStatus.UNGROUNDED),
            failed=sum(1 for s in report.narrative_status if s.status == "failed"),
            values=len(iter_values(panels)),
            status=report.coverage.status,
            reasons=list(report.coverage.reasons),
        )
        cached = _Cached(stamp, report, panels, summary)
        with self._lock:
            self._reports[path] = cached
            while len(self._reports) > self._cache_size:
                self._reports.popitem(last=False)
        return cached

    def summary(self, report_id: str) -> ReportSummary:
        """The list line of one report (from the cache while its file is unchanged)."""
        entry = self.entry(report_id)
        return self._summary(entry.name, entry.report_path)

    def report(self, report_id: str) -> tuple[Report, list[Panel]]:
        """The report with this id and its catalogue of reviewable values.

        Raises:
            ReviewError: no such report, or its file is not a valid report.
        """
        cached = self._load(self.entry(report_id).report_path)
        return cached.report, cached.panels

    def document(self, report_id: str) -> Document | None:
        """The document as read for this report, or None when the batch did not keep it."""
        path = self.entry(report_id).source_path
        if not path.is_file():
            return None
        stamp = _stamp(path)
        with self._lock:
            cached = self._documents.get(path)
            if cached is not None and cached[0] == stamp:
                return cached[1]
        try:
            document = Document.model_validate_json(path.read_bytes())
        except (OSError, ValidationError) as exc:
            raise ReviewError(str(path), f"not a valid source document: {str(exc).splitlines()[0]}") from exc
        with self._lock:
            self._documents[path] = (stamp, document)
            while len(self._documents) > self._cache_size:
                self._documents.popitem(last=False)
        return document
