"""The Ray engine: the same per-document work as the local worker pool, run as tasks on a Ray cluster.

Each task reads a small batch of documents with :class:`~jixiao.batch.work.DocumentWorker` (the very
code a local worker runs) and, with the LLM backend, interprets their narrative there too, under the
run's one limit on requests (:mod:`jixiao.batch.cluster_limit`). Workers write the reports and sources
into the output folder, which every node must reach (a shared filesystem path); the run (the driver)
writes the manifest and the ledger from what the tasks hand back, exactly as with the local engine, so
the outputs are the same apart from timings.

A task is a Ray generator: before each document it says which one it starts, and after it hands back
the document's :class:`~jixiao.batch.work.WorkResult`. So the run knows what every task holds, and:

* a document over the wall-time limit gets its reason, its task is stopped (``ray.cancel``, which ends
  its worker process), and the rest of its batch goes to a new task;
* a worker process that dies (killed, out of memory, a crash in native code) makes Ray run the task
  again (``max_retries``) on another worker. The retry reads the batch from its first document (those
  already handed back are written again, the same bytes but for their timings) and Ray hands on only
  the results the first attempt had not; a result for a document already recorded is dropped here too,
  so each document is recorded once. When the retries are spent, the document the worker held gets the
  reason and the rest of its batch goes on in a new task.

Ray is imported only when a run asks for this engine.
"""

from __future__ import annotations

import contextlib
import math
import os
import socket
import time
import uuid
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from jixiao.batch.cluster_limit import ClusterRequestLimit
from jixiao.batch.cluster_limit import lease_seconds
from jixiao.batch.cluster_limit import start_request_slots
from jixiao.batch.inputs import BatchInput
from jixiao.batch.pool import leave_time_for_the_rest
from jixiao.batch.work import DocumentWorker
from jixiao.batch.work import WorkerSetup
from jixiao.batch.work import WorkResult
from jixiao.batch.work import finish_narrative
from jixiao.batch.work import one_line
from jixiao.batch.work import tune_gc
from jixiao.errors import ConfigError
from jixiao.narrative.llm.limiter import shared_request_limit
from jixiao.narrative.llm.limiter import use_shared_request_limit
from jixiao.pipeline import Pipeline
from jixiao.schema import PipelineConfig

ENGINES = ("local", "ray")

_STARTED = "started"
_DONE = "done"
MAX_BATCH = 8
"""Documents per task at most: enough to spread Ray's scheduling cost, few enough to spread the work."""
TASKS_PER_CPU = 2
"""Tasks submitted per CPU of the cluster: one running, one waiting to start when it ends."""


def engine_choice(engine: str | None) -> str:
    """The engine from ``--engine`` or ``JIXIAO_ENGINE`` (default ``local``).

    Raises:
        ConfigError: an engine jixiao does not have.
    """
    chosen = (engine or os.environ.get("JIXIAO_ENGINE") or "local").strip().lower()
    if chosen not in ENGINES:
        raise ConfigError(
            None, f"--engine / JIXIAO_ENGINE must be one of {', '.join(ENGINES)}, not {chosen!r}"
        )
    return chosen


# --- on the workers ---------------------------------------------------------------------------------


@dataclass
class _RunWorker:
    run: str
    worker: DocumentWorker
    pipeline: Pipeline | None


_current: _RunWorker | None = None
"""The worker of the run this process last served (a Ray worker process serves many tasks of a run)."""


def _worker_for(run: str, setup: WorkerSetup, slots: Any, lease: float) -> _RunWorker:
    global _current
    if _current is None or _current.run != run:
        # Before any client is made: every LLM call of this process (narrative and column headers)
        # then waits for a slot of the run's actor.
        use_shared_request_limit(ClusterRequestLimit(slots, lease) if slots is not None else None)
        leave_time_for_the_rest(setup.limits.seconds)
        config = PipelineConfig.model_validate_json(setup.config_json)
        worker = DocumentWorker(setup)
        pipeline = Pipeline(config) if config.backend == "llm" else None
        if _current is None:
            tune_gc()
        _current = _RunWorker(run, worker, pipeline)
    return _current


def read_batch(
    run: str, setup: WorkerSetup, slots: Any, lease: float, batch: list[tuple[str, str]]
) -> Iterator[tuple[Any, ...]]:
    """A task: read ``batch`` ((path, name) pairs) in turn; say when each starts, hand back each result."""
    ours = _worker_for(run, setup, slots, lease)
    where = f"pid {os.getpid()} on {socket.gethostname()}"
    for index, (path, name) in enumerate(batch):
        yield (_STARTED, index, where)
        result = ours.worker.process(path, name)
        if result.pending is not None and ours.pipeline is not None:
            result = finish_narrative(ours.pipeline, Path(setup.out), name, result.pending)
        yield (_DONE, index, result)


# --- on the driver ----------------------------------------------------------------------------------


@dataclass
class _Task:
    batch: list[BatchInput]
    current: int | None = None
    """The document being read: its index in ``batch``."""
    started: float = 0.0
    where: str = ""
    finished: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class ClusterOptions:
    """How a run uses a Ray cluster."""

    address: str | None = None
    """``auto``, ``ray://HOST:10001`` or a GCS address; default ``RAY_ADDRESS``, else a cluster of one
    machine started for the run."""
    batch_size: int | None = None
    """Documents per task (default: :func:`default_batch`)."""
    max_retries: int = 3
    """Times a task whose worker died is run again."""
    poll_interval: float = 0.2


@dataclass
class RayEngine:
    """Runs documents as Ray tasks (see the module docstring); one engine per run."""

    setup: WorkerSetup
    config: PipelineConfig
    options: ClusterOptions = field(default_factory=ClusterOptions)
    cpus: int | None = None
    """CPUs of the one-machine cluster started when there is no address (default: the machine's)."""
    _run: str = ""
    _slots: Any = None

    @contextmanager
    def session(self) -> Iterator[None]:
        """Connected to the cluster, with the run's LLM limit started and in force in this process too."""
        import ray

        started_here = self._connect(ray)
        self._run = uuid.uuid4().hex
        # With an endpoint, LLM calls come from every worker (the narrative, and column headers the
        # vocabulary cannot map) and from this process (narrative sections asked again): one actor
        # limits them all.
        self._slots = start_request_slots(self.config.llm) if self.config.llm.base_url else None
        shared = (
            ClusterRequestLimit(self._slots, lease_seconds(self.config.llm))
            if self._slots is not None
            else None
        )
        try:
            with shared_request_limit(shared):
                yield
        finally:
            if self._slots is not None:
                with contextlib.suppress(Exception):
                    ray.kill(self._slots)
            self._slots = None
            if started_here:
                ray.shutdown()

    def results(self, work: list[BatchInput]) -> Iterator[tuple[BatchInput, WorkResult]]:
        """Yield (input, result) for every document of ``work``, once each, in completion order (within
        :meth:`session`)."""
        import ray

        task = ray.remote(read_batch).options(
            max_retries=self.options.max_retries,
            retry_exceptions=False,
            runtime_env={"env_vars": _jixiao_environment()},
        )
        lease = lease_seconds(self.config.llm)
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        size = self.options.batch_size or default_batch(len(work), cpus)
        queue: deque[list[BatchInput]] = deque(work[i : i + size] for i in range(0, len(work), size))
        running: dict[Any, _Task] = {}
        setup_ref = ray.put(self.setup)
        try:
            while queue or running:
                while queue and len(running) < cpus * TASKS_PER_CPU:
                    batch = queue.popleft()
                    pairs = [(str(item.path), item.name) for item in batch]
                    running[task.remote(self._run, setup_ref, self._slots, lease, pairs)] = _Task(batch)
                ready, _ = ray.wait(list(running), num_returns=1, timeout=self.options.poll_interval)
                for gen in ready:
                    yield from self._read(ray, gen, running, queue)
                yield from self._watch(ray, running, queue)
        finally:
            for gen in running:
                with contextlib.suppress(Exception):
                    ray.cancel(gen, force=True)

    def _connect(self, ray: Any) -> bool:
        """Connect to the cluster (or start one on this machine); True when this run started it."""
        if ray.is_initialized():
            return False
        address = self.options.address or os.environ.get("RAY_ADDRESS") or None
        if address:
            ray.init(address=address, logging_level="warning")
            return True
        ray.init(num_cpus=self.cpus or os.cpu_count() or 1, include_dashboard=False, logging_level="warning")
        return True

    def _read(
        self, ray: Any, gen: Any, running: dict[Any, _Task], queue: deque[list[BatchInput]]
    ) -> Iterator[tuple[BatchInput, WorkResult]]:
        """Take the next message of task ``gen``: a document started or done, or the task's end."""
        t = running[gen]
        try:
            message = ray.get(next(gen))
        except StopIteration:
            del running[gen]
            self._requeue(t, queue, after=-1)
            return
        except Exception as exc:  # the task failed for good: its retries are spent, or it was stopped
            del running[gen]
            why = _failure(exc)
            if t.current is None:
                # It failed before it started a document (its worker could not even start): every
                # document of the batch gets the reason; requeueing them could fail for ever.
                for i, item in enumerate(t.batch):
                    if i not in t.finished:
                        yield item, WorkResult(reason=f"{item.path}: {why}")
                return
            item = t.batch[t.current]
            reason = f"{item.path}: the worker reading it ({t.where}) {why}"
            yield item, WorkResult(reason=reason, seconds=time.monotonic() - t.started)
            t.finished.add(t.current)
            self._requeue(t, queue, after=t.current)
            return
        kind, index = message[0], message[1]
        if kind == _STARTED:
            # A retry starts the batch again: the time of a document counts from its first start.
            if index not in t.finished and index != t.current:
                t.current, t.where, t.started = index, message[2], time.monotonic()
            return
        if index in t.finished:  # sent again by a retry of the task
            return
        t.finished.add(index)
        t.current, t.started = None, 0.0
        yield t.batch[index], message[2]

    def _watch(
        self, ray: Any, running: dict[Any, _Task], queue: deque[list[BatchInput]]
    ) -> Iterator[tuple[BatchInput, WorkResult]]:
        """Stop tasks whose document is over the wall-time limit; the rest of their batch goes on."""
        limit = self.setup.limits.seconds
        now = time.monotonic()
        for gen, t in list(running.items()):
            if t.current is None or now - t.started <= limit:
                continue
            ray.cancel(gen, force=True)
            del running[gen]
            item = t.batch[t.current]
            reason = f"{item.path}: exceeds the {limit:g} s time limit (its worker, {t.where}, was stopped)"
            yield item, WorkResult(reason=reason, seconds=now - t.started)
            t.finished.add(t.current)
            self._requeue(t, queue, after=t.current)

    @staticmethod
    def _requeue(t: _Task, queue: deque[list[BatchInput]], *, after: int) -> None:
        rest = [item for i, item in enumerate(t.batch) if i > after and i not in t.finished]
        if rest:
            queue.appendleft(rest)


def _jixiao_environment() -> dict[str, str]:
    """The ``JIXIAO_*`` settings of this process, which the local engine's workers inherit: the same for
    the tasks, so that a setting (OCR pages, timeouts) reads a document the same way on every node."""
    return {k: v for k, v in os.environ.items() if k.startswith("JIXIAO_")}


def _failure(exc: BaseException) -> str:
    """What a failed task's exception says, on one line."""
    name = type(exc).__name__
    if "Cancelled" in name:
        return "was stopped"
    if "WorkerCrashed" in name or "NodeDied" in name or "OutOfMemory" in name:
        return f"died ({name}) every time it was tried"
    return one_line(f"failed: {name}: {exc}")


def default_batch(total: int, cpus: int) -> int:
    """Documents per task for ``total`` documents on ``cpus`` CPUs: about four tasks per CPU, so that
    the last tasks to finish are short, and at most :data:`MAX_BATCH`."""
    return max(1, min(MAX_BATCH, math.floor(total / (cpus * 4))))


__all__ = ["ENGINES", "ClusterOptions", "RayEngine", "default_batch", "engine_choice", "read_batch"]
