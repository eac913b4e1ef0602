"""What one measured subprocess runs: ``python -m benchmarks.tasks SPEC_JSON`` prints a TaskResult as JSON.

Each task imports what it needs first (timed as ``imports``), then times its loop over the files with
wall and CPU clocks. Peak memory is the process's own high-water mark (``VmHWM``), and for a batch with
worker processes the largest worker's, watched while they run.

Tasks:

* ``pdfplumber`` — baseline A: open each PDF, ``extract_text()`` and ``extract_tables()`` on every page
  (each page closed after use, pdfplumber's own advice for memory);
* ``python-docx`` — baseline B: load each DOCX and read every paragraph and every table cell;
* ``jixiao`` — the full pipeline with the rules backend, one report JSON written per document;
* ``batch`` — ``jixiao extract`` as a library call (BatchRunner) with ``jobs`` worker processes;
* ``llm-batch`` — the batch with the LLM backend against ``base_url``.
"""

from __future__ import annotations

import os
import resource
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

TaskName = Literal["pdfplumber", "python-docx", "jixiao", "batch", "llm-batch"]


class TaskSpec(BaseModel):
    """One measured run."""

    task: TaskName
    files: list[str]
    out: str | None = Field(default=None, description="Output folder (jixiao, batch, llm-batch)")
    jobs: int = 1
    base_url: str | None = None
    concurrency: int = 1
    cache_dir: str | None = None
    engine: Literal["local", "ray"] = Field(
        default="local", description="batch, llm-batch: the engine (ray: a cluster of `jobs` CPUs here)"
    )


class TaskResult(BaseModel):
    """What the subprocess measured."""

    task: TaskName
    docs: int
    ok: int = Field(description="Documents read without error")
    imports: float = Field(description="Seconds importing the libraries the task needs")
    startup: float = Field(default=0.0, description="Seconds starting the Ray cluster (ray engine), untimed")
    wall: float = Field(description="Seconds of the loop over the files")
    cpu: float = Field(description="CPU seconds of the loop (user + system, worker processes included)")
    per_file: list[float] = Field(
        default_factory=list, description="Wall seconds per file (in-process tasks)"
    )
    rss_start_kb: int = Field(description="Peak RSS after the imports, before the first file")
    rss_peak_kb: int
    rss_children_kb: int = Field(default=0, description="Largest worker process's peak RSS")
    calls: int = 0
    cached: int = 0
    prompt_tokens: list[int] = Field(default_factory=list, description="llm-batch: prompt tokens per report")
    regions_failed: int = 0


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def peak_rss_kb(pid: int | str = "self") -> int:
    """Peak resident memory of one process image, in KiB (``VmHWM``).

    ``ru_maxrss`` is no good here: Linux carries it over ``fork`` and ``exec``, so a fresh interpreter
    would report its parent's peak. Where there is no ``/proc``, it is what there is.
    """
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) if pid == "self" else 0


def children(pid: int) -> list[int]:
    """The process's children, as ``/proc`` lists them (none where there is no ``/proc``)."""
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


def descendants(pid: int) -> list[int]:
    """The process's children, their children, and so on."""
    found, stack = [], children(pid)
    while stack:
        child = stack.pop()
        found.append(child)
        stack += children(child)
    return found


class ChildMemory:
    """Watches this process's descendants (batch workers) and keeps the largest peak RSS seen."""

    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> ChildMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        me = os.getpid()
        while not self._stop.wait(self.interval):
            for child in descendants(me):
                self.peak_kb = max(self.peak_kb, peak_rss_kb(child))


def run_task(spec: TaskSpec) -> TaskResult:
    """Import, then run and time the task's loop."""
    started = time.perf_counter()
    loop = _LOOPS[spec.task]()
    imports = time.perf_counter() - started
    startup = _start_cluster(spec.jobs) if spec.engine == "ray" else 0.0
    rss_start = peak_rss_kb()
    with ChildMemory() as workers:
        cpu0, wall0 = _cpu(), time.perf_counter()
        outcome = loop(spec)
        wall, cpu = time.perf_counter() - wall0, _cpu() - cpu0
    if spec.engine == "ray":
        import ray

        ray.shutdown()
    if spec.task == "llm-batch":
        read_ledgers(spec, outcome)
    return TaskResult(
        task=spec.task,
        docs=len(spec.files),
        ok=outcome.ok,
        imports=round(imports, 4),
        startup=round(startup, 4),
        wall=round(wall, 4),
        cpu=round(cpu, 4),
        per_file=[round(t, 4) for t in outcome.per_file],
        rss_start_kb=rss_start,
        rss_peak_kb=peak_rss_kb(),
        rss_children_kb=workers.peak_kb,
        calls=outcome.calls,
        cached=outcome.cached,
        prompt_tokens=outcome.prompt_tokens,
        regions_failed=outcome.regions_failed,
    )


def _start_cluster(cpus: int) -> float:
    """Start a Ray cluster of ``cpus`` CPUs on this machine (as ``jixiao extract --engine ray`` does with
    no address); returns the seconds it took. Its worker processes start with the first tasks, timed."""
    started = time.perf_counter()
    import ray

    ray.init(num_cpus=cpus, include_dashboard=False, logging_level="warning")
    return time.perf_counter() - started


class _Outcome(BaseModel):
    ok: int = 0
    per_file: list[float] = Field(default_factory=list)
    calls: int = 0
    cached: int = 0
    prompt_tokens: list[int] = Field(default_factory=list)
    regions_failed: int = 0


# --- the loops: each factory imports, then returns the function to time ------------------------------


def _pdfplumber() -> Callable[[TaskSpec], _Outcome]:
    import pdfplumber

    def loop(spec: TaskSpec) -> _Outcome:
        out = _Outcome()
        for name in spec.files:
            t = time.perf_counter()
            with pdfplumber.open(name) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.extract_tables()
                    page.close()
            out.per_file.append(time.perf_counter() - t)
            out.ok += 1
        return out

    return loop


def _python_docx() -> Callable[[TaskSpec], _Outcome]:
    import docx

    def loop(spec: TaskSpec) -> _Outcome:
        out = _Outcome()
        for name in spec.files:
            t = time.perf_counter()
            document = docx.Document(name)
            chars = sum(len(p.text) for p in document.paragraphs)
            for table in document.tables:
                for row in table.rows:
                    for cell in row.cells:
                        chars += len(cell.text)
            out.per_file.append(time.perf_counter() - t)
            out.ok += chars > 0
        return out

    return loop


def _jixiao() -> Callable[[TaskSpec], _Outcome]:
    # Everything the loop would otherwise import on its first PDF or DOCX, so that the loop is timed warm
    # like the baselines' (pdfplumber's table module is imported lazily by the PDF reader).
    import pdfplumber.table  # noqa: F401

    import jixiao.ingest.docx
    import jixiao.ingest.pdf  # noqa: F401
    from jixiao.pipeline import Pipeline
    from jixiao.schema import PipelineConfig

    def loop(spec: TaskSpec) -> _Outcome:
        assert spec.out is not None
        folder = Path(spec.out)
        folder.mkdir(parents=True, exist_ok=True)
        pipeline = Pipeline(PipelineConfig())
        out = _Outcome()
        for i, name in enumerate(spec.files):
            t = time.perf_counter()
            report = pipeline.process_file(name).report
            (folder / f"{i:03d}_{Path(name).stem}.json").write_text(
                report.model_dump_json(indent=2), encoding="utf-8"
            )
            out.per_file.append(time.perf_counter() - t)
            out.ok += 1
        return out

    return loop


def _batch() -> Callable[[TaskSpec], _Outcome]:
    import pdfplumber.table  # noqa: F401

    import jixiao.ingest.docx
    import jixiao.ingest.pdf
    import jixiao.narrative.llm  # noqa: F401  (instructor and openai: a second or more to import)
    from jixiao.batch import BatchInput, BatchRunner, make_progress
    from jixiao.schema import LLMOptions, PipelineConfig

    def loop(spec: TaskSpec) -> _Outcome:
        assert spec.out is not None
        if spec.task == "llm-batch":
            config = PipelineConfig(
                backend="llm",
                llm=LLMOptions(
                    base_url=spec.base_url,
                    model="bench-model",
                    concurrency=spec.concurrency,
                    timeout=30,
                    max_retries=2,
                ),
                cache_dir=spec.cache_dir,
            )
        else:
            config = PipelineConfig()
        inputs = [BatchInput(path=Path(f), name=f"{i:03d}_{Path(f).stem}") for i, f in enumerate(spec.files)]
        runner = BatchRunner(
            Path(spec.out),
            config,
            jobs=spec.jobs,
            force=True,
            progress=make_progress(quiet=True),
            engine=spec.engine,
        )
        summary = runner.run(inputs)
        return _Outcome(ok=summary.ok, calls=summary.tokens.calls, cached=summary.tokens.cached)

    return loop


def read_ledgers(spec: TaskSpec, outcome: _Outcome) -> None:
    """After the timed loop of an LLM batch: prompt tokens and failed regions of every report written."""
    from jixiao.schema import Report

    assert spec.out is not None
    for i, f in enumerate(spec.files):
        path = Path(spec.out) / f"{i:03d}_{Path(f).stem}.json"
        if not path.exists():
            continue
        report = Report.model_validate_json(path.read_text(encoding="utf-8"))
        ledger = report.run.ledger if report.run else []
        outcome.prompt_tokens.append(sum(e.prompt_tokens for e in ledger))
        outcome.regions_failed += sum(1 for s in report.narrative_status if s.status == "failed")


_LOOPS = {
    "pdfplumber": _pdfplumber,
    "python-docx": _python_docx,
    "jixiao": _jixiao,
    "batch": _batch,
    "llm-batch": _batch,
}


def main() -> None:
    spec = TaskSpec.model_validate_json(sys.argv[1])
    print(run_task(spec).model_dump_json())


if __name__ == "__main__":
    main()
