"""One document's work in a batch, as a worker process does it: read it under limits, write what it gives.

:meth:`DocumentWorker.process` reads one document under the size limits and returns a
:class:`WorkResult`: the report written (rules backend), the report waiting for its narrative (LLM
backend, whose calls the main process makes), or a one-line reason. It never raises, whatever the file
holds; the limits no function call can enforce on itself (wall time, memory, a crash in native code) are
watched by the process that owns the worker (:mod:`jixiao.batch.pool` on this machine). Any engine that
runs documents elsewhere calls the same method.
"""

from __future__ import annotations

import gc
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from jixiao.atomic import write_atomic
from jixiao.batch.limits import DocumentLimits
from jixiao.batch.store import report_file
from jixiao.batch.store import source_file
from jixiao.errors import JixiaoError
from jixiao.ingest import read_document
from jixiao.ingest.limits import human_bytes
from jixiao.ingest.limits import limits_in_force
from jixiao.ingest.limits import progress_to
from jixiao.narrative import NarrativeRegion
from jixiao.narrative.headers import header_resolver
from jixiao.pipeline import Pipeline
from jixiao.pipeline import SplitReport
from jixiao.pipeline import document_json
from jixiao.pipeline import join_report
from jixiao.pipeline import joined_coverage
from jixiao.pipeline import plan_report
from jixiao.pipeline import prepare_document
from jixiao.pipeline import report_json
from jixiao.pipeline import run_info
from jixiao.pipeline import split_report
from jixiao.schema import Document
from jixiao.schema import DocumentStatus
from jixiao.schema import LedgerEntry
from jixiao.schema import PipelineConfig
from jixiao.schema import Report


@dataclass
class Summary:
    """What the manifest and the progress line say of a report, read before its narrative."""

    sha256: str
    pages: int | None
    findings: int
    head: str
    """Department and year, pages, what the tables gave."""
    tail: str
    """Findings."""

    def line(self, report_seconds: float, goals: int, problems: int, measures: int) -> str:
        """``湖南省妇女联合会 2024 · 67 pages · 5 self-eval tables, … · goals/problems/measures 21/2/3 · …``."""
        narrative = (
            f"goals/problems/measures {goals}/{problems}/{measures}" if goals or problems or measures else ""
        )
        return " · ".join(p for p in (self.head, narrative, self.tail, f"{report_seconds:.1f}s") if p)


def summarise(report: Report) -> Summary:
    """The :class:`Summary` of a report (its narrative items are counted apart)."""
    tables = [report.dept_table] if report.dept_table is not None else []
    tables += report.project_tables
    head = [
        " ".join(str(x) for x in (report.department, report.fiscal_year) if x) or "no department or year read"
    ]
    if report.source.pages:
        head.append(f"{report.source.pages} pages")
    read = []
    if tables:
        read.append(f"{len(tables)} self-eval tables, {sum(len(t.indicators) for t in tables)} indicators")
    if report.basic_data:
        read.append(f"{len(report.basic_data)} 基础数据 lines")
    if report.final_account:
        read.append(f"{len(report.final_account)} 决算 lines")
    if read:
        head.append(", ".join(read))
    errors = sum(1 for f in report.findings if f.severity == "error")
    tail = f"{len(report.findings)} findings" + (f" ({errors} errors)" if errors else "")
    return Summary(report.source.sha256, report.source.pages, len(report.findings), " · ".join(head), tail)


@dataclass
class Written:
    """A finished document whose files are written: what its manifest and ledger lines need."""

    summary: Summary
    seconds: float
    ledger: list[LedgerEntry]
    detail: str
    status: DocumentStatus = "ok"
    """The report's coverage status, as the stages set it (never raised to ok here)."""
    reasons: list[str] = field(default_factory=list)
    """Why the status is not ok."""
    narrative_failed: int = 0
    """Narrative sections that failed (a plain re-run asks them again)."""


def written(report: Report, summary: Summary, seconds: float, ledger: list[LedgerEntry]) -> Written:
    """What the manifest says of ``report``, written with ``seconds`` spent and the ``ledger`` of this run."""
    counts = (len(report.goals), len(report.problems), len(report.measures))
    return Written(
        summary,
        seconds,
        ledger,
        summary.line(seconds, *counts),
        status=report.coverage.status,
        reasons=list(report.coverage.reasons),
        narrative_failed=sum(1 for s in report.narrative_status if s.status == "failed"),
    )


@dataclass
class PendingReport:
    """A document read, checked and written but for its narrative (the LLM backend's work)."""

    split: SplitReport
    summary: Summary
    view: Document
    """The blocks the narrative regions lie in (see :func:`~jixiao.narrative.narrative_view`)."""
    regions: list[NarrativeRegion]


@dataclass
class WorkResult:
    """What a worker hands back for one document: a written report, a pending one, or a failure."""

    written: Written | None = None
    pending: PendingReport | None = None
    reason: str | None = None
    seconds: float = 0.0
    """With a failure: the wall time spent on the document before it failed."""


REASON_CHARS = 500


def one_line(text: str, limit: int = REASON_CHARS) -> str:
    """``text`` on one line (a library's message may carry a whole traceback), cut at ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def write_report(root: Path, name: str, report: Report, *, personal: bool) -> Written:
    """Write ``report`` atomically into the output folder ``root``; what the manifest needs of it."""
    write_atomic(report_file(root, name), report_json(report, personal=personal))
    seconds = report.run.seconds if report.run else 0.0
    return written(report, summarise(report), seconds, report.run.ledger if report.run else [])


def finish_narrative(pipeline: Pipeline, root: Path, name: str, pending: PendingReport) -> WorkResult:
    """The narrative of a document a worker prepared: interpret it with ``pipeline``, write the whole report
    into the output folder ``root``. Never raises for the endpoint's faults (they are in the report)."""
    try:
        narrative, seconds = pipeline.narrate(pending.view, pending.regions, pending.split.run)
        write_atomic(report_file(root, name), join_report(pending.split, narrative, seconds))
        coverage = joined_coverage(pending.split, narrative)
        counts = (len(narrative.goals), len(narrative.problems), len(narrative.measures))
        failed = sum(1 for s in narrative.statuses if s.status == "failed")
        done = Written(
            pending.summary,
            round(seconds, 3),
            narrative.ledger,
            pending.summary.line(round(seconds, 3), *counts),
            status=coverage.status,
            reasons=list(coverage.reasons),
            narrative_failed=failed,
        )
        return WorkResult(written=done)
    except JixiaoError as exc:
        return WorkResult(reason=exc.one_line())


def tune_gc() -> None:
    """Make Python's cycle collector cheap for a process that builds large reports.

    A report is a few hundred thousand small objects. With the default thresholds the collector runs a
    full pass over everything alive (the libraries' import-time objects and every document in flight)
    every few thousand allocations, which costs up to half the time of a large document. The objects
    alive now (imports) are moved out of the collector's sight, and young collections made rarer.
    """
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


@dataclass(frozen=True)
class WorkerSetup:
    """What a worker needs to know, once: where outputs go, the configuration, the limits (picklable)."""

    out: str
    config_json: str
    limits: DocumentLimits = field(default_factory=DocumentLimits)


class DocumentWorker:
    """Reads documents one at a time with one configuration (one per worker process)."""

    def __init__(self, setup: WorkerSetup) -> None:
        config = PipelineConfig.model_validate_json(setup.config_json)
        self.out = Path(setup.out)
        self.limits = setup.limits
        self.info = run_info(config)
        # The whole pipeline with the rules backend; with the LLM backend the main process interprets
        # the narrative, so the worker needs none.
        self.pipeline = Pipeline(config) if config.backend == "rules" else None
        # With an LLM endpoint: asks about column headers the vocabulary could not map.
        self.resolver = header_resolver(config)

    def process(self, path: str, name: str, progress: Callable[[str], None] | None = None) -> WorkResult:
        """Read one document under the size limits; write it as read and, with the rules backend, its report.

        Args:
            path: the file.
            name: its output name (``<name>.json``).
            progress: told where the work has got to (``reading page 3 of 342``), so that a limit
                watched from outside can say where it was crossed.

        Never raises: a failure comes back as its one-line reason.
        """
        stage = ["starting"]
        began = time.perf_counter()

        def failed(reason: str) -> WorkResult:
            return WorkResult(reason=reason, seconds=time.perf_counter() - began)

        def say(where: str) -> None:
            stage[0] = where or stage[0]
            if progress is not None:
                progress(where)

        try:
            with limits_in_force(self.limits.read), progress_to(lambda where: say(f"reading {where}")):
                started = time.perf_counter()
                say("reading the file")
                doc = read_document(path)
                say("finding sections and reading tables")
                prepared = prepare_document(doc, started, self.resolver)
            personal = self.info.personal
            say("writing the document as read")
            write_atomic(source_file(self.out, name), document_json(prepared, personal=personal))
            if self.pipeline is None:
                say("checking")
                job = plan_report(prepared, self.info)
                split = split_report(job.report, personal=personal)
                return WorkResult(pending=PendingReport(split, summarise(job.report), job.view, job.regions))
            say("checking and reading the narrative")
            report = self.pipeline.complete(prepared)
            say("writing the report")
            return WorkResult(written=write_report(self.out, name, report, personal=personal))
        except JixiaoError as exc:
            return failed(one_line(exc.one_line()))
        except MemoryError:
            limit = human_bytes(self.limits.memory_bytes)
            return failed(f"{path}: exceeds the {limit} memory limit while {stage[0]}")
        except Exception as exc:  # a bug must cost one document, not the batch
            where = traceback.extract_tb(exc.__traceback__)[-1]
            place = f"{Path(where.filename).name}:{where.lineno}"
            detail = one_line(f"{type(exc).__name__}: {exc}")
            return failed(f"{path}: internal error: {detail} (at {place}, while {stage[0]})")
        finally:
            say("")


__all__ = [
    "REASON_CHARS",
    "DocumentWorker",
    "PendingReport",
    "Summary",
    "WorkResult",
    "WorkerSetup",
    "Written",
    "finish_narrative",
    "one_line",
    "summarise",
    "tune_gc",
    "write_report",
    "written",
]
