"""Worker processes on this machine, each reading one document at a time, watched from the run.

The pool knows which document each worker holds, so:

* a worker that dies (a crash in native code, the system's out-of-memory killer) costs that document
  alone, with the reason its death gives: the signal, and how far the reading had got;
* a worker over the wall-time or memory limit of :class:`~jixiao.batch.limits.DocumentLimits` is killed
  and its document gets a one-line reason (``exceeds the 2 GiB memory limit while reading page 3 of 342``);
* no other document is touched: each is on its own worker, and a fresh worker starts for the documents
  still to come.

A worker is handed its next document only when it is idle, so the document a worker holds is never in
doubt. Workers end with the run however it ends (:mod:`jixiao.batch.process_guard`); when the run is over
they are asked to stop, and killed if they do not.

A worker is a fresh interpreter started with a few lines (:data:`_BOOT`) that ask for the parent-death
signal before anything is imported: importing jixiao takes a second or more on a loaded machine, and a run
killed meanwhile must not leave the worker behind. (multiprocessing's spawn would import the caller's
main module, the whole command line, before any code of ours ran.) It talks to the run over a socket
pair, and writes how far it has got into a small file both can see.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing import connection
from multiprocessing.connection import Connection
from pathlib import Path
from typing import IO

import jixiao
from jixiao.batch.process_guard import cap_address_space
from jixiao.batch.process_guard import die_with_parent
from jixiao.batch.process_guard import resident_bytes
from jixiao.batch.work import DocumentWorker
from jixiao.batch.work import WorkerSetup
from jixiao.batch.work import WorkResult
from jixiao.batch.work import tune_gc
from jixiao.errors import JixiaoError
from jixiao.ingest.limits import human_bytes

# The parent-death signal first (Linux), then whether the parent already died, then the imports.
_BOOT = """
import ctypes, os, signal, sys
if sys.platform.startswith("linux"):
    ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)
if os.getppid() != int(sys.argv[1]):
    os._exit(1)
from jixiao.batch.pool import worker_process
worker_process(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
"""
_READY = "ready"
_STAGE_BYTES = 240
_START_FAILURES = 3
"""Workers that may die before they are ready, in a row, before the run gives up."""


@dataclass(frozen=True)
class Task:
    """One document for a worker: ``key`` is the caller's, handed back with the result."""

    key: int
    path: str
    name: str


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    conn: Connection
    stage: IO[bytes]
    """What the worker is doing, as it writes it (a file both processes have open)."""
    task: Task | None = None
    started: float | None = None
    ready: bool = False
    rss: int = 0

    def doing(self) -> str:
        try:
            text = os.pread(self.stage.fileno(), _STAGE_BYTES, 0)
        except OSError:
            return "reading"
        return text.rstrip(b"\0 ").decode("utf-8", "ignore").strip() or "starting"

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait()

    def close(self) -> None:
        self.conn.close()
        self.stage.close()


class WorkerPool:
    """Up to ``jobs`` worker processes (see the module docstring). Not thread-safe: one run drives it."""

    def __init__(self, jobs: int, setup: WorkerSetup, *, poll_interval: float = 0.1) -> None:
        self.jobs = max(1, jobs)
        self.setup = setup
        self.poll_interval = poll_interval
        self._workers: list[_Worker] = []
        self._start_failures = 0

    @property
    def busy(self) -> int:
        """Documents held by workers now."""
        return sum(1 for w in self._workers if w.task is not None)

    def has_room(self) -> bool:
        """True when :meth:`submit` can hand a document to a worker at once."""
        return self.busy < self.jobs

    def submit(self, task: Task) -> None:
        """Give ``task`` to an idle worker, starting one if fewer than ``jobs`` are running."""
        assert self.has_room(), "submit only when has_room()"
        idle = next((w for w in self._workers if w.task is None), None)
        worker = idle or self._start()
        worker.task = task
        # A worker still importing gets its document now and starts the clock when it is ready.
        worker.started = time.monotonic() if worker.ready else None
        worker.conn.send(task)

    def wait(self, timeout: float | None = None, wake: tuple[int, ...] = ()) -> list[tuple[Task, WorkResult]]:
        """Wait until a document is done (or failed), a ``wake`` descriptor is readable, or ``timeout``.

        Returns:
            (task, result) for each document finished meanwhile; a worker that died or was stopped at a
            limit gives its document's reason.

        Raises:
            JixiaoError: workers die as they start, several in a row (a broken installation).
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        results: list[tuple[Task, WorkResult]] = []
        while True:
            step = self.poll_interval
            if deadline is not None:
                step = max(0.0, min(step, deadline - time.monotonic()))
            # A worker that dies closes its end of the socket: its connection turns readable too.
            waitables: list[Connection | int] = [*wake, *(w.conn for w in self._workers)]
            ready = set(connection.wait(waitables, timeout=step)) if waitables else set()
            if not waitables:
                time.sleep(step)
            for w in list(self._workers):
                if w.conn in ready:
                    self._service(w, results)
            self._watch(results)
            woken = any(fd in ready for fd in wake)
            if results or woken or (deadline is not None and time.monotonic() >= deadline):
                return results

    def close(self) -> None:
        """Stop every worker: idle ones are asked to, busy ones are killed; all are waited for."""
        for w in self._workers:
            if w.task is None and w.alive():
                with contextlib.suppress(OSError):
                    w.conn.send(None)
            else:
                w.kill()
        end = time.monotonic() + 2.0
        for w in self._workers:
            try:
                w.process.wait(max(0.0, end - time.monotonic()))
            except subprocess.TimeoutExpired:
                w.kill()
            w.close()
        self._workers.clear()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- inside ----------------------------------------------------------------------------------

    def _start(self) -> _Worker:
        ours, theirs = connection.Pipe(duplex=True)
        stage = tempfile.TemporaryFile(prefix="jixiao-worker-")  # noqa: SIM115 (closed with the worker)
        stage.write(b"\0" * _STAGE_BYTES)
        stage.flush()
        # The worker imports this very jixiao, wherever it was imported from here.
        home = str(Path(jixiao.__file__).resolve().parents[1])
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(p for p in (home, os.environ.get("PYTHONPATH")) if p),
        }
        fds = (theirs.fileno(), stage.fileno())
        process = subprocess.Popen(
            [sys.executable, "-c", _BOOT, str(os.getpid()), *map(str, fds)],
            pass_fds=fds,
            stdin=subprocess.DEVNULL,
            env=env,
        )
        theirs.close()
        worker = _Worker(process, ours, stage)
        ours.send(self.setup)
        self._workers.append(worker)
        return worker

    def _service(self, w: _Worker, results: list[tuple[Task, WorkResult]]) -> None:
        """Read what worker ``w`` sent; bury it if it died."""
        try:
            while w.conn.poll():
                message = w.conn.recv()
                if message == _READY:
                    w.ready = True
                    self._start_failures = 0
                    if w.task is not None and w.started is None:
                        w.started = time.monotonic()
                    continue
                key, result = message
                assert w.task is not None and w.task.key == key, "a worker answers for its own document"
                results.append((w.task, result))
                w.task, w.started = None, None
        except (EOFError, OSError):
            # Its end of the socket is closed: it is exiting, or gone.
            with contextlib.suppress(subprocess.TimeoutExpired):
                w.process.wait(5.0)
        if not w.alive():
            self._bury(w, results, None)

    def _watch(self, results: list[tuple[Task, WorkResult]]) -> None:
        """Stop busy workers over the wall-time or memory limit."""
        limits = self.setup.limits
        now = time.monotonic()
        for w in list(self._workers):
            if w.task is None or w.started is None:
                continue
            if now - w.started > limits.seconds:
                self._stop(w, results, f"exceeds the {limits.seconds:g} s time limit while {w.doing()}")
                continue
            rss = resident_bytes(w.process.pid)
            if rss is None:
                continue
            w.rss = max(w.rss, rss)
            if rss > limits.memory_bytes:
                self._stop(
                    w,
                    results,
                    f"exceeds the {human_bytes(limits.memory_bytes)} memory limit while {w.doing()}",
                )

    def _stop(self, w: _Worker, results: list[tuple[Task, WorkResult]], reason: str) -> None:
        # Where it was is in the reason already, read before the kill.
        w.kill()
        self._bury(w, results, reason)

    def _bury(self, w: _Worker, results: list[tuple[Task, WorkResult]], reason: str | None) -> None:
        """Remove a dead worker; its document (if any) gets ``reason`` or the reason its death gives."""
        w.kill()
        self._workers.remove(w)
        why = reason or self._death(w)
        w.close()
        if not w.ready:
            self._start_failures += 1
            if self._start_failures >= _START_FAILURES:
                raise JixiaoError(
                    None,
                    f"worker processes exit as they start (exit code {w.process.returncode}); see stderr",
                )
        if w.task is not None:
            spent = time.monotonic() - w.started if w.started is not None else 0.0
            results.append((w.task, WorkResult(reason=f"{w.task.path}: {why}", seconds=spent)))

    def _death(self, w: _Worker) -> str:
        code = w.process.returncode
        if code is not None and code < 0:
            try:
                how = f"was killed by {signal.Signals(-code).name}"
            except ValueError:
                how = f"was killed by signal {-code}"
        else:
            how = f"stopped (exit code {code})"
        memory = ""
        limit = self.setup.limits.memory_bytes
        if w.rss > limit // 2:
            memory = f"; it held {human_bytes(w.rss)} of its {human_bytes(limit)} memory limit"
        return f"the worker reading it {how} while {w.doing()}{memory}"


def worker_process(parent_pid: int, conn_fd: int, stage_fd: int) -> None:
    """A worker process (started by :data:`_BOOT`): read the documents sent one at a time, send each result."""
    # Ctrl-C reaches the whole process group: the run decides what happens to its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent_pid)
    conn = Connection(conn_fd)
    setup: WorkerSetup = conn.recv()
    cap_address_space(setup.limits.memory_bytes)
    leave_time_for_the_rest(setup.limits.seconds)
    worker = DocumentWorker(setup)
    tune_gc()

    def progress(where: str) -> None:
        os.pwrite(stage_fd, where.encode("utf-8")[:_STAGE_BYTES].ljust(_STAGE_BYTES, b"\0"), 0)

    conn.send(_READY)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        result = worker.process(task.path, task.name, progress)
        conn.send((task.key, result))


def leave_time_for_the_rest(seconds: float) -> None:
    """Make the slow steps that bound themselves end before the document's time limit: a LibreOffice
    conversion (a worker killed at the limit would leave LibreOffice running) and OCR (whose own budget
    stops it with the pages read so far, where the limit would lose the whole document)."""
    from jixiao.ingest.legacy import DEFAULT_TIMEOUT

    for variable, default, share in (
        ("JIXIAO_SOFFICE_TIMEOUT", DEFAULT_TIMEOUT, 0.8),
        ("JIXIAO_OCR_SECONDS", 900.0, 0.75),
    ):
        try:
            current = float(os.environ.get(variable, default))
        except ValueError:
            current = default
        os.environ[variable] = str(min(current, max(1.0, share * seconds)))


__all__ = ["Task", "WorkerPool", "leave_time_for_the_rest", "worker_process"]
