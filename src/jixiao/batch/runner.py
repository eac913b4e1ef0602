"""Run the pipeline over many documents: workers, limits, resume, manifest, atomic outputs.

A run first takes its output folder's lock (a second run into the same folder is refused, or waits with
``wait``), then removes what killed runs left half-written. Each document's deterministic stages run in a
worker process of :class:`~jixiao.batch.pool.WorkerPool`, under the limits of
:class:`~jixiao.batch.limits.DocumentLimits`, so that a file that crashes or outgrows its worker costs
that document alone, and workers write the document as read (``sources/``). With the rules backend the
whole report is built and written there too, and only a few numbers come back; with the LLM backend the
workers return checked reports without their narrative (and the blocks the narrative lies in), and the
narrative calls run in a thread pool in this process, bounded by the endpoint's concurrency and rate
limits, so that a corpus of thousands of reports waits on the endpoint, not on itself.

Resume: a document whose content and configuration already have a report is skipped; one whose report
has narrative sections that failed gets only those sections asked again (no worker, no table read).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from jixiao.atomic import write_atomic
from jixiao.batch.cluster import ClusterOptions
from jixiao.batch.cluster import RayEngine
from jixiao.batch.inputs import BatchInput
from jixiao.batch.limits import DocumentLimits
from jixiao.batch.pool import Task
from jixiao.batch.pool import WorkerPool
from jixiao.batch.progress import PlainProgress
from jixiao.batch.progress import ProgressSink
from jixiao.batch.store import ManifestLine
from jixiao.batch.store import ManifestStatus
from jixiao.batch.store import OutputStore
from jixiao.batch.store import TokenCounts
from jixiao.batch.store import config_key
from jixiao.batch.store import file_sha256
from jixiao.batch.store import source_file
from jixiao.batch.work import PendingReport
from jixiao.batch.work import WorkerSetup
from jixiao.batch.work import WorkResult
from jixiao.batch.work import finish_narrative
from jixiao.batch.work import one_line
from jixiao.batch.work import summarise
from jixiao.batch.work import tune_gc
from jixiao.batch.work import written
from jixiao.errors import JixiaoError
from jixiao.ingest import not_a_document_file
from jixiao.pipeline import Pipeline
from jixiao.pipeline import report_json
from jixiao.pipeline import run_info
from jixiao.schema import Document
from jixiao.schema import PipelineConfig
from jixiao.schema import Report

EXIT_OK = 0
"""Every document has a report, and every report is ``ok``."""
EXIT_SOME_FAILED = 3
"""Some documents have no report (their reasons are in the manifest); the others are done."""
EXIT_SOME_PARTIAL = 4
"""Every document has a report, but some are ``partial`` or ``empty`` (a failed narrative section
included): a plain re-run asks failed narrative sections again."""
EXIT_BUSY = 75
"""Another run holds the output folder (EX_TEMPFAIL: try again later, or pass ``--wait``)."""
EXIT_INTERRUPTED = 130


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
    incomplete: list[tuple[str, str]] = field(default_factory=list)
    """(name, reason) of the partial and empty reports."""
    interrupted: bool = False

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        if self.failed:
            return EXIT_SOME_FAILED
        return EXIT_SOME_PARTIAL if self.partial or self.empty else EXIT_OK


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


@dataclass
class _Retry:
    """A document whose report is written but for narrative sections that failed."""

    output: str


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
        limits: DocumentLimits | None = None,
        wait: float = 0.0,
        engine: str = "local",
        cluster: ClusterOptions | None = None,
    ) -> None:
        """Args:
        out: the output folder.
        config: what the reports are read with.
        jobs: worker processes (default: the number of cores).
        force: redo documents that already have a report.
        progress: where progress goes (default: plain lines on stderr).
        pipeline: the pipeline for narrative work in this process (made from ``config`` when needed).
        limits: what each document is read under (default: :class:`DocumentLimits`).
        wait: seconds to wait for another run holding ``out`` to finish (0: refuse at once).
        engine: ``local`` (worker processes on this machine) or ``ray`` (tasks on a Ray cluster, see
            :mod:`jixiao.batch.cluster`; ``jobs`` is then the CPUs of a cluster started for the run).
        cluster: how the ``ray`` engine uses its cluster.
        """
        self.store = OutputStore(out)
        self.config = config
        self.jobs = max(1, jobs or default_jobs())
        self.force = force
        self.progress = progress or PlainProgress()
        self.limits = limits or DocumentLimits()
        self.wait = wait
        self.engine = engine
        self.cluster = cluster or ClusterOptions()
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
        """Read ``inputs`` into the output folder.

        Raises:
            FolderBusyError: another run holds the output folder (after waiting ``wait`` seconds).
        """
        lock = self.store.lock()
        lock.acquire(wait=self.wait)
        try:
            self.store.clean_temporaries()
            return self._run(inputs)
        finally:
            lock.release()

    def _run(self, inputs: list[BatchInput]) -> BatchSummary:
        started = time.monotonic()
        tune_gc()
        summary = BatchSummary(total=len(inputs))
        self.progress.start(len(inputs))
        todo: list[tuple[BatchInput, str | _Retry | None]] = []
        done, retry = ({}, {}) if self.force else self.store.resumable(self.key)
        for item in inputs:
            # A named pipe would block the hash below forever, a device never end: refused unopened.
            problem = not_a_document_file(item.path)
            if problem is not None:
                todo.append((item, f"{item.path}: {problem}"))
                continue
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
            earlier = retry.get((sha, item.name))
            todo.append((item, _Retry(earlier) if earlier is not None else None))
        try:
            for item, result in self._results(todo):
                self._handle(summary, item, result)
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            self.progress.stop()
            summary.seconds = time.monotonic() - started
        return summary

    def _results(
        self, todo: list[tuple[BatchInput, str | _Retry | None]]
    ) -> Iterator[tuple[BatchInput, WorkResult]]:
        """Yield (input, result) as documents finish, in completion order."""
        for item, plan in todo:
            if isinstance(plan, str):
                yield item, WorkResult(reason=plan)
        retries = [(item, plan) for item, plan in todo if isinstance(plan, _Retry)]
        work = [item for item, plan in todo if plan is None]
        if not work and not retries:
            return
        threads = _NarrativeThreads(self.config.llm.concurrency) if self.config.backend == "llm" else None
        # On a cluster, narrative sections asked again here wait for the same LLM slots as the tasks.
        cluster = self._cluster() if work and self.engine == "ray" else None
        try:
            with cluster.session() if cluster is not None else contextlib.nullcontext():
                for item, plan in retries:
                    if threads is None:
                        yield item, self._retry(item.name, plan)
                    else:
                        threads.submit(item, self._retry, item.name, plan)
                if cluster is not None:
                    # The tasks interpret the narrative themselves: every result comes back written or failed.
                    yield from cluster.results(work)
                elif work:
                    yield from self._with_workers(work, threads)
                while threads is not None and threads.pending:
                    yield from threads.finished(block=True)
        finally:
            if threads is not None:
                threads.close()

    def _cluster(self) -> RayEngine:
        setup = WorkerSetup(
            out=str(self.store.root), config_json=self.config.model_dump_json(), limits=self.limits
        )
        return RayEngine(setup, self.config, self.cluster, cpus=self.jobs)

    def _with_workers(
        self, work: list[BatchInput], threads: _NarrativeThreads | None
    ) -> Iterator[tuple[BatchInput, WorkResult]]:
        setup = WorkerSetup(
            out=str(self.store.root), config_json=self.config.model_dump_json(), limits=self.limits
        )
        queue = deque(work)
        # Prepared documents waiting for the narrative threads count too: without a bound, a slow endpoint
        # would leave every document of the corpus waiting in memory.
        waiting_max = 2 * max(1, self.config.llm.concurrency)
        held: dict[int, BatchInput] = {}
        keys = itertools.count()
        wake = (threads.wake,) if threads is not None else ()
        with WorkerPool(min(self.jobs, len(work)), setup) as pool:
            while queue or pool.busy:
                while queue and pool.has_room() and (threads is None or len(threads.pending) < waiting_max):
                    item = queue.popleft()
                    key = next(keys)
                    held[key] = item
                    pool.submit(Task(key, str(item.path), item.name))
                for task, result in pool.wait(wake=wake):
                    item = held.pop(task.key)
                    if result.pending is not None and threads is not None:
                        threads.submit(item, self._finish, item.name, result.pending)
                    else:
                        yield item, result
                if threads is not None:
                    yield from threads.finished(block=False)

    def _finish(self, name: str, pending: PendingReport) -> WorkResult:
        """The narrative of a document a worker prepared: interpret it, write the whole report."""
        return finish_narrative(self.pipeline, self.store.root, name, pending)

    def _retry(self, name: str, plan: _Retry) -> WorkResult:
        """Ask the failed narrative sections of a written report again, and write it back."""
        try:
            report_path = self.store.root / plan.output
            report = Report.model_validate_json(report_path.read_text(encoding="utf-8"))
            doc = Document.model_validate_json(source_file(self.store.root, name).read_text(encoding="utf-8"))
            before = len(report.run.ledger) if report.run else 0
            started = time.perf_counter()
            report = self.pipeline.retry_narrative(report, doc)
            write_atomic(report_path, report_json(report, personal=self.info.personal))
            ledger = report.run.ledger[before:] if report.run else []
            return WorkResult(
                written=written(report, summarise(report), time.perf_counter() - started, ledger)
            )
        except JixiaoError as exc:
            return WorkResult(reason=exc.one_line())
        except (OSError, ValueError) as exc:
            return WorkResult(reason=f"{name}: its report or source cannot be read back to retry: {exc}")

    def _handle(self, summary: BatchSummary, item: BatchInput, result: WorkResult) -> None:
        done = result.written
        if done is None:
            reason = one_line(result.reason or "no report")
            self._record(summary, item, _safe_sha(item.path), "error", reason=reason, seconds=result.seconds)
            return
        self.store.record_ledger(item.name, done.ledger)
        self._record(
            summary,
            item,
            done.summary.sha256,
            done.status,
            output=self.store.report_path(item.name).name,
            reason=_one_line(done.reasons) if done.status != "ok" else None,
            seconds=done.seconds,
            pages=done.summary.pages,
            findings=done.summary.findings,
            tokens=TokenCounts.from_ledger(done.ledger),
            detail=done.detail,
            narrative_failed=done.narrative_failed,
        )

    def _record(
        self,
        summary: BatchSummary,
        item: BatchInput,
        sha: str | None,
        status: ManifestStatus,
        *,
        output: str | None = None,
        reason: str | None = None,
        seconds: float = 0.0,
        pages: int | None = None,
        findings: int | None = None,
        tokens: TokenCounts | None = None,
        detail: str | None = None,
        narrative_failed: int = 0,
    ) -> None:
        line = ManifestLine(
            path=str(item.path),
            name=item.name,
            sha256=sha,
            config=self.key,
            status=status,
            reason=reason,
            output=output,
            narrative_failed=narrative_failed,
            seconds=round(seconds, 3),
            pages=pages,
            findings=findings,
            tokens=tokens or TokenCounts(),
        )
        self.store.record(line)
        if status == "ok":
            summary.ok += 1
        elif status == "skipped":
            summary.skipped += 1
        elif status in ("partial", "empty"):
            if status == "partial":
                summary.partial += 1
            else:
                summary.empty += 1
            summary.incomplete.append((item.name, reason or status))
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
        shown = reason if status in ("error", "partial", "empty") and reason else detail
        if status in ("partial", "empty") and detail:
            shown = f"{detail} · {reason}"
        self.progress.update(status, item.name, shown)


class _NarrativeThreads:
    """The run's narrative work in threads (LLM calls); a finished one wakes the main loop through a pipe."""

    def __init__(self, concurrency: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=max(1, concurrency))
        self.pending: dict[Future[WorkResult], BatchInput] = {}
        self.wake, self._wake_w = os.pipe()

    def submit(self, item: BatchInput, fn: Callable[..., WorkResult], *args: Any) -> None:
        future = self._pool.submit(fn, *args)
        future.add_done_callback(self._woken)
        self.pending[future] = item

    def _woken(self, _: Future[WorkResult]) -> None:
        with contextlib.suppress(OSError):  # the run is over and the pipe closed
            os.write(self._wake_w, b".")

    def finished(self, *, block: bool) -> Iterator[tuple[BatchInput, WorkResult]]:
        """(input, result) of each narrative done; with ``block``, wait for one first."""
        if block and not any(f.done() for f in self.pending):
            os.read(self.wake, 1 << 12)
        else:
            _drain(self.wake)
        for future in [f for f in self.pending if f.done()]:
            item = self.pending.pop(future)
            try:
                yield item, future.result()
            except Exception as exc:
                yield item, WorkResult(reason=f"{item.path}: internal error: {type(exc).__name__}: {exc}")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        os.close(self.wake)
        os.close(self._wake_w)


def _one_line(reasons: list[str], shown: int = 3) -> str:
    """The first few reasons on one line, and how many more there are."""
    text = "; ".join(reasons[:shown])
    more = len(reasons) - shown
    return f"{text}; … and {more} more" if more > 0 else text


def _drain(fd: int) -> None:
    os.set_blocking(fd, False)
    try:
        while os.read(fd, 1 << 12):
            pass
    except BlockingIOError:
        pass
    finally:
        os.set_blocking(fd, True)


def _safe_sha(path: Path) -> str | None:
    if not_a_document_file(path) is not None:
        return None
    try:
        return file_sha256(path)
    except OSError:
        return None
