"""Run one measured thing in a fresh interpreter and read back what it measured."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from benchmarks.corpus import REPO
from benchmarks.tasks import TaskResult, TaskSpec


class MeasureError(RuntimeError):
    """A measured subprocess failed; the message carries its exit status and the end of its stderr."""


def measure(spec: TaskSpec, *, timeout: float = 900.0) -> tuple[TaskResult, float]:
    """Run ``spec`` in a new Python process; returns its result and the process's whole wall time.

    Raises:
        MeasureError: the subprocess exited non-zero or printed no result.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    # One thread per native library, as in a batch worker; the measured code is single-threaded.
    env.setdefault("OMP_NUM_THREADS", "1")
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.tasks", spec.model_dump_json()],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    total = time.perf_counter() - started
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        raise MeasureError(f"{spec.task} on {len(spec.files)} files exited {proc.returncode}:\n{tail}")
    return TaskResult.model_validate_json(lines[-1]), total
