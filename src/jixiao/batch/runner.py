"""Run the pipeline over many documents: workers, resume, manifest, atomic outputs.

Deterministic stages run in worker processes, which write each document as read (``sources/``). With
the rules backend the whole report is built and written there too, and only a few numbers come back;
with the LLM backend the workers return checked reports without their narrative (and the blocks the
narrative lies in), and the narrative calls run in a thread pool in this process, bounded by the
endpoint's concurrency and rate limits, so that a corpus of thousands of reports waits on the
endpoint, not on itself.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import time
import traceback
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from jixiao.atomic import write_atomic
from jixiao.batch.inputs import BatchInput
from jixiao.batch.progress import PlainProgress, ProgressSink
from jixiao.batch.store import (
    ManifestLine,
    OutputStore,
    TokenCounts,
    config_key,
    file_sha256,
    report_file,
    source_file,
)
from jixiao.errors import JixiaoError
from jixiao.narrative import NarrativeRegion
from jixiao.narrative.headers import HeaderResolver, header_resolver
from jixiao.pipeline import (
    Pipeline,
    SplitReport,
    document_json,
    join_report,
    joined_coverage,
    plan_report,
    prepare,
    report_json,
    run_info,
    split_report,
)
from jixiao.schema import Coverage, Document, DocumentStatus, LedgerEntry, PipelineConfig, Report, RunInfo

EXIT_OK = 0
EXIT_SOME_FAILED = 3
EXIT_INTERRUPTED = 130


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
    status: DocumentStatus = "ok"
    reasons: tuple[str, ...] = ()
    """Why the status is not ok (the coverage record's reasons)."""

    def with_coverage(self, coverage: Coverage) -> Summary:
        return replace(self, status=coverage.status, reasons=tuple(coverage.reasons))

    @property
    def reason(self) -> str | None:
        """The manifest's one-line reason: the first reasons, and how many more."""
        if not self.reasons:
            return None
        shown = "; ".join(self.reasons[:3])
        more = len(self.reasons) - 3
        return shown + (f"; … and {more} more" if more > 0 else "")

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
    return Summary(
        report.source.sha256, report.source.pages, len(report.findings), " · ".join(head), tail
    ).with_coverage(report.coverage)


@dataclass
class Written:
    """A finished document whose files are written: what its manifest and ledger lines need."""

    summary: Summary
    seconds: float
    ledger: list[LedgerEntry]
    detail: str


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


def write_report(root: Path, name: str, report: Report, *, personal: bool) -> Written:
    """Write ``report`` atomically into the output folder ``root``; what the manifest needs of it."""
    write_atomic(report_file(root, name), report_json(report, personal=personal))
    seconds = report.run.seconds if report.run else 0.0
    summary = summarise(report)
    detail = summary.line(seconds, len(report.goals), len(report.problems), len(report.measures))
    return Written(summary, seconds, report.run.ledger if report.run else [], detail)


@dataclass
class BatchSummary:
    total: int = 0
    ok: int = 0
    partial: int = 0
    empty: int = 0
    failed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    tokens: TokenCounts = field(default_factory=TokenCounts)
    errors: list[tuple[str, str]] = field(default_factory=list)
    interrupted: bool = False

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        return EXIT_SOME_FAILED if self.failed else EXIT_OK


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


# --- worker side (module-level so it pickles) ------------------------------------------------------


@dataclass
class _Worker:
    """A worker process's settings (set once by :func:`_init_worker`)."""

    out: Path
    info: RunInfo
    pipeline: Pipeline | None
    """The whole pipeline with the rules backend; None with the LLM backend (the main process calls it)."""
    resolver: HeaderResolver | None = None
    """With an LLM endpoint: asks about column headers the vocabulary could not map."""


_WORKER: _Worker | None = None


def tune_gc() -> None:
    """Make Python's cycle collector cheap for a process that builds large reports.

    A report is a few hundred thousand small objects. With the default thresholds the collector runs a
    full pass over everything alive (the libraries' import-time objects and every document in flight)
    every few thousand allocations, which costs up to half the time of a large document. The objects
    alive now (imports) are moved out of the collector's sight, and young collections made rarer.
    """
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def _init_worker(config_json: str, out: str) -> None:
    global _WORKER
    config = PipelineConfig.model_validate_json(config_json)
    pipeline = Pipeline(config) if config.backend == "rules" else None
    _WORKER = _Worker(
        out=Path(out), info=run_info(config), pipeline=pipeline, resolver=header_resolver(config)
    )
    tune_gc()


def _work(path: str, name: str) -> WorkResult:
    """Prepare one document and write it as read; with the rules backend, build and write its report too.

    Never raises: a failure comes back as its one-line reason.
    """
    assert _WORKER is not None, "_init_worker first"
    try:
        prepared = prepare(path, _WORKER.resolver)
        personal = _WORKER.info.personal
        write_atomic(source_file(_WORKER.out, name), document_json(prepared, personal=personal))
        if _WORKER.pipeline is None:
            job = plan_report(prepared, _WORKER.info)
            split = split_report(job.report, personal=personal)
            return WorkResult(pending=PendingReport(split, summarise(job.report), job.view, job.regions))
        report = _WORKER.pipeline.complete(prepared)
        return WorkResult(written=write_report(_WORKER.out, name, report, personal=personal))
    except JixiaoError as exc:
        return WorkResult(reason=exc.one_line())
    except MemoryError:
        return WorkResult(reason=f"{path}: out of memory while reading")
    except Exception as exc:  # a bug must cost one document, not the batch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        place = f"{Path(where.filename).name}:{where.lineno}"
        return WorkResult(reason=f"{path}: internal error: {type(exc).__name__}: {exc} (at {place})")


# --- main side -------------------------------------------------------------------------------------


class BatchRunner:
    """Runs one batch into one output folder."""

    def __init__(
        self,
        out: Path,
        config: PipelineConfig,
        *,
        jobs: int | None = None,
        force: bool = False,
        progress: ProgressSink | None = None,
        pipeline: Pipeline | None = None,
    ) -> None:
        self.store = OutputStore(out)
        self.config = config
        self.jobs = max(1, jobs or default_jobs())
        self.force = force
        self.progress = progress or PlainProgress()
        self.info = run_info(config)
        self.key = config_key(self.info)
        self._pipeline = pipeline
        self._pipeline_lock = threading.Lock()

    @property
    def pipeline(self) -> Pipeline:
        # The narrative threads all ask for it on the first documents: exactly one Pipeline must come out
        # (one LLM client, so one limit on requests in flight and one cache connection per thread).
        with self._pipeline_lock:
            if self._pipeline is None:
                self._pipeline = Pipeline(self.config)
            return self._pipeline

    def run(self, inputs: list[BatchInput]) -> BatchSummary:
        started = time.monotonic()
        tune_gc()
        summary = BatchSummary(total=len(inputs))
        self.progress.start(len(inputs))
        todo: list[tuple[BatchInput, str | None]] = []
        done = {} if self.force else self.store.finished(self.key)
        for item in inputs:
            try:
                sha = file_sha256(item.path)
            except OSError as exc:
                todo.append((item, f"{item.path}: cannot read file: {exc.strerror or exc}"))
                continue
            output = done.get((sha, item.name))
            if output is not None:
                self._record(
                    summary,
                    item,
                    sha,
                    "skipped",
                    output=output,
                    reason="already done (same content and configuration)",
                )
                continue
            todo.append((item, None))
        try:
            for item, result in self._results([(i, pre) for i, pre in todo]):
                self._handle(summary, item, result)
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            self.progress.stop()
            summary.seconds = time.monotonic() - started
        return summary

    def _results(self, todo: list[tuple[BatchInput, str | None]]) -> Iterator[tuple[BatchInput, WorkResult]]:
        """Yield (input, worker result) as documents finish, in completion order."""
        for item, failure in todo:
            if failure is not None:
                yield item, WorkResult(reason=failure)
        work = [item for item, failure in todo if failure is None]
        if not work:
            return
        llm = self.config.backend == "llm"
        narrative_pool = ThreadPoolExecutor(max_workers=max(1, self.config.llm.concurrency)) if llm else None
        try:
            if self.jobs == 1:
                yield from self._serial(work, narrative_pool)
            else:
                yield from self._parallel(work, narrative_pool)
        finally:
            if narrative_pool is not None:
                narrative_pool.shutdown(wait=False, cancel_futures=True)

    def _serial(
        self, work: list[BatchInput], narrative_pool: ThreadPoolExecutor | None
    ) -> Iterator[tuple[BatchInput, WorkResult]]:
        _init_worker(self.config.model_dump_json(), str(self.store.root))
        pending: dict[Future[WorkResult], BatchInput] = {}
        for item in work:
            result = _work(str(item.path), item.name)
            if result.pending is not None and narrative_pool is not None:
                pending[narrative_pool.submit(self._finish, item.name, result.pending)] = item
                while len(pending) >= max(1, self.config.llm.concurrency):
                    yield from self._drain(pending)
            else:
                yield item, result
        while pending:
            yield from self._drain(pending)

    def _parallel(
        self, work: list[BatchInput], narrative_pool: ThreadPoolExecutor | None
    ) -> Iterator[tuple[BatchInput, WorkResult]]:
        ctx = multiprocessing.get_context("spawn")
        queue = list(work)
        waiting_max = 2 * max(1, self.config.llm.concurrency)
        while queue:
            broken = False
            with ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=ctx,
                initializer=_init_worker,
                initargs=(self.config.model_dump_json(), str(self.store.root)),
            ) as pool:
                # Keep a bounded number of documents in flight so memory stays flat on huge corpora.
                in_flight: dict[Future[WorkResult], BatchInput] = {}
                pending: dict[Future[WorkResult], BatchInput] = {}
                while queue or in_flight or pending:
                    # Prepared documents waiting for the narrative threads count too: without a bound, a
                    # slow endpoint would leave every document of the corpus waiting in memory.
                    while queue and len(in_flight) < self.jobs * 2 and len(pending) < waiting_max:
                        item = queue.pop(0)
                        in_flight[pool.submit(_work, str(item.path), item.name)] = item
                    waiting = set(in_flight) | set(pending)
                    finished, _ = wait(waiting, return_when=FIRST_COMPLETED)
                    for fut in finished:
                        if fut in pending:
                            item = pending.pop(fut)
                            yield item, self._future_result(fut, item)
                            continue
                        item = in_flight.pop(fut)
                        try:
                            result = fut.result()
                        except BrokenProcessPool:
                            # A worker died (killed, or crashed in native code): that document fails,
                            # the rest are resubmitted to a fresh pool.
                            yield (
                                item,
                                WorkResult(reason=f"{item.path}: the worker reading it stopped unexpectedly"),
                            )
                            queue = [*in_flight.values(), *queue]
                            in_flight.clear()
                            broken = True
                            break
                        if result.pending is not None and narrative_pool is not None:
                            pending[narrative_pool.submit(self._finish, item.name, result.pending)] = item
                        else:
                            yield item, result
                    if broken:
                        for fut, item in pending.items():
                            yield item, self._future_result(fut, item)
                        pending.clear()
                        break

    def _drain(
        self, pending: dict[Future[WorkResult], BatchInput]
    ) -> Iterator[tuple[BatchInput, WorkResult]]:
        finished, _ = wait(set(pending), return_when=FIRST_COMPLETED)
        for fut in finished:
            item = pending.pop(fut)
            yield item, self._future_result(fut, item)

    @staticmethod
    def _future_result(fut: Future[WorkResult], item: BatchInput) -> WorkResult:
        try:
            return fut.result()
        except Exception as exc:
            return WorkResult(reason=f"{item.path}: internal error: {type(exc).__name__}: {exc}")

    def _finish(self, name: str, pending: PendingReport) -> WorkResult:
        try:
            narrative, seconds = self.pipeline.narrate(pending.view, pending.regions, pending.split.run)
            write_atomic(report_file(self.store.root, name), join_report(pending.split, narrative, seconds))
            counts = (len(narrative.goals), len(narrative.problems), len(narrative.measures))
            summary = pending.summary.with_coverage(joined_coverage(pending.split, narrative))
            detail = summary.line(round(seconds, 3), *counts)
            return WorkResult(written=Written(summary, round(seconds, 3), narrative.ledger, detail))
        except JixiaoError as exc:
            return WorkResult(reason=exc.one_line())

    def _handle(self, summary: BatchSummary, item: BatchInput, result: WorkResult) -> None:
        written = result.written
        if written is None:
            self._record(summary, item, _safe_sha(item.path), "error", reason=result.reason or "no report")
            return
        self.store.record_ledger(item.name, written.ledger)
        self._record(
            summary,
            item,
            written.summary.sha256,
            written.summary.status,
            reason=written.summary.reason,
            output=self.store.report_path(item.name).name,
            seconds=written.seconds,
            pages=written.summary.pages,
            findings=written.summary.findings,
            tokens=TokenCounts.from_ledger(written.ledger),
            detail=written.detail,
        )

    def _record(
        self,
        summary: BatchSummary,
        item: BatchInput,
        sha: str | None,
        status: Literal["ok", "partial", "empty", "error", "skipped"],
        *,
        output: str | None = None,
        reason: str | None = None,
        seconds: float = 0.0,
        pages: int | None = None,
        findings: int | None = None,
        tokens: TokenCounts | None = None,
        detail: str | None = None,
    ) -> None:
        line = ManifestLine(
            path=str(item.path),
            name=item.name,
            sha256=sha,
            config=self.key,
            status=status,
            reason=reason,
            output=output,
            seconds=round(seconds, 3),
            pages=pages,
            findings=findings,
            tokens=tokens or TokenCounts(),
        )
        self.store.record(line)
        if status == "ok":
            summary.ok += 1
        elif status == "partial":
            summary.partial += 1
        elif status == "empty":
            summary.empty += 1
        elif status == "skipped":
            summary.skipped += 1
        else:
            summary.failed += 1
            summary.errors.append((item.name, reason or ""))
        if tokens:
            summary.tokens = TokenCounts(
                calls=summary.tokens.calls + tokens.calls,
                cached=summary.tokens.cached + tokens.cached,
                prompt_tokens=summary.tokens.prompt_tokens + tokens.prompt_tokens,
                completion_tokens=summary.tokens.completion_tokens + tokens.completion_tokens,
            )
        shown = detail if status != "error" else reason
        if status in ("partial", "empty") and reason:
            shown = f"{detail} · {reason}" if detail else reason
        self.progress.update(status, item.name, shown)


def _safe_sha(path: Path) -> str | None:
    try:
        return file_sha256(path)
    except OSError:
        return None
