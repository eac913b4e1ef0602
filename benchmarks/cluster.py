"""The Ray engine against the local one, in the same command:

    python -m benchmarks.cluster             # about 3 minutes on 2 cores
    python -m benchmarks.cluster --quick     # a small corpus, about a minute

* engine overhead: ``jixiao extract`` (``BatchRunner``) over the benchmark corpus's PDFs and DOCX files
  with the local engine and with ``--engine ray`` on a one-machine cluster of the same CPUs, each in a
  fresh process, interleaved ``--repeat`` times, the fastest of each kept. The cluster's own start
  (``ray.init``) is shown apart; the start of its worker processes and their imports is in the time.
* start-up: a fresh interpreter importing the command line (what ``jixiao --help`` pays), and importing
  and setting up a document worker (what each worker process of either engine pays before its first
  document).
* LLM limit: the LLM batch against the fake endpoint with both engines, ``--concurrency`` requests in
  flight allowed: the most the endpoint saw at once, which must not exceed it (each worker process alone
  would let that many through; with the Ray engine only the run's actor holds them to it together).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pydantic import BaseModel, Field

from benchmarks.corpus import REPO, build_corpus, describe
from benchmarks.fake_llm import FakeLLMEndpoint
from benchmarks.measure import measure
from benchmarks.tasks import TaskResult, TaskSpec

_CLI_IMPORT = "import jixiao.cli.app"
_WORKER_SETUP = """
from jixiao.batch.cluster import read_batch
from jixiao.batch.work import DocumentWorker, WorkerSetup
from jixiao.schema import PipelineConfig
DocumentWorker(WorkerSetup(out={out!r}, config_json=PipelineConfig().model_dump_json()))
"""


class EngineRun(BaseModel):
    engine: str
    result: TaskResult


class LLMLimitRun(BaseModel):
    engine: str
    result: TaskResult
    requests: int
    max_in_flight: int = Field(description="Most requests the endpoint answered at once")


class ClusterResults(BaseModel):
    cpus: int
    corpus: str
    files: int
    pages: int
    engines: list[EngineRun]
    cli_import: float = Field(description="Seconds a fresh interpreter takes to import the command line")
    worker_setup: float = Field(description="Seconds a fresh interpreter takes to import and set up a worker")
    concurrency: int
    latency: float
    llm: list[LLMLimitRun]


def startup_seconds(code: str, repeat: int) -> float:
    """The fastest of ``repeat`` fresh interpreters running ``code`` (timed inside, interpreter start left out)."""
    timed = f"import time\nt = time.perf_counter()\n{code}\nprint(time.perf_counter() - t)"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p),
    }
    best = float("inf")
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", timed], capture_output=True, text=True, check=True, env=env, cwd=REPO
        )
        best = min(best, float(done.stdout.split()[-1]))
    return best


def run_cluster_bench(
    quick: bool, work: Path, *, repeat: int, latency: float, concurrency: int, llm_docs: int | None
) -> ClusterResults:
    corpus = build_corpus(quick, None, llm_docs)
    files = [f for f in corpus.files if f.format in ("pdf", "docx") and f.group in ("golden", "long")]
    jobs = min(2, os.cpu_count() or 1)
    fastest: dict[str, TaskResult] = {}
    for i in range(repeat):
        for engine in ("local", "ray"):
            spec = TaskSpec(
                task="batch",
                files=[f.path for f in files],
                out=str(work / f"{engine}-{i}"),
                jobs=jobs,
                engine=engine,  # type: ignore[arg-type]
            )
            result, _ = measure(spec)
            print(f"{engine}: {result.wall:.1f}s ({result.ok}/{result.docs} ok)", file=sys.stderr, flush=True)
            if engine not in fastest or result.wall < fastest[engine].wall:
                fastest[engine] = result
    llm: list[LLMLimitRun] = []
    llm_files = [f.path for f in corpus.select(group="llm")]
    with FakeLLMEndpoint(latency) as endpoint:
        for engine in ("local", "ray"):
            spec = TaskSpec(
                task="llm-batch",
                files=llm_files,
                out=str(work / f"llm-{engine}"),
                jobs=jobs,
                base_url=endpoint.base_url,
                concurrency=concurrency,
                cache_dir=str(work / f"llm-cache-{engine}"),
                engine=engine,  # type: ignore[arg-type]
            )
            endpoint.reset()
            result, _ = measure(spec)
            stats = endpoint.reset()
            print(f"llm {engine}: {result.wall:.1f}s, {stats.max_in_flight} in flight", file=sys.stderr)
            llm.append(
                LLMLimitRun(
                    engine=engine, result=result, requests=stats.requests, max_in_flight=stats.max_in_flight
                )
            )
    return ClusterResults(
        cpus=os.cpu_count() or 1,
        corpus=describe(corpus),
        files=len(files),
        pages=sum(f.pages for f in files),
        engines=[EngineRun(engine=e, result=r) for e, r in fastest.items()],
        cli_import=round(startup_seconds(_CLI_IMPORT, 3), 3),
        worker_setup=round(startup_seconds(_WORKER_SETUP.format(out=str(work / "setup")), 3), 3),
        concurrency=concurrency,
        latency=latency,
        llm=llm,
    )


def render(results: ClusterResults) -> str:
    local, ray = (next(r.result for r in results.engines if r.engine == e) for e in ("local", "ray"))
    lines = [
        f"Engines on {results.cpus} CPUs, {results.files} PDF + DOCX files, {results.pages} pages "
        f"(best of the runs; each in a fresh process):",
        "",
        "| engine | wall s | reports with status ok | cluster start s (untimed) |",
        "|---|---|---|---|",
        f"| local (worker processes) | {local.wall:.1f} | {local.ok}/{local.docs} | – |",
        f"| ray (one-machine cluster) | {ray.wall:.1f} | {ray.ok}/{ray.docs} | {ray.startup:.1f} |",
        "",
        f"time ratio ray / local: **{ray.wall / local.wall:.2f}**",
        "",
        f"start-up: importing the command line {results.cli_import:.3f} s; importing and setting up a "
        f"document worker {results.worker_setup:.2f} s",
        "",
        f"LLM batch against the fake endpoint ({results.latency:.2f} s per request), "
        f"{results.concurrency} requests in flight allowed:",
        "",
        "| engine | reports with status ok | requests | most in flight | wall s |",
        "|---|---|---|---|---|",
    ]
    for run in results.llm:
        lines.append(
            f"| {run.engine} | {run.result.ok}/{run.result.docs} | {run.requests} | {run.max_in_flight} | "
            f"{run.result.wall:.1f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.cluster", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="a small corpus")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each engine; the fastest counts")
    parser.add_argument("--latency", type=float, default=0.3, help="fake LLM endpoint latency, seconds")
    parser.add_argument("--concurrency", type=int, default=2, help="LLM requests in flight allowed")
    parser.add_argument("--llm-docs", type=int, help="documents in the LLM batch (default 100; --quick 6)")
    parser.add_argument("--out", type=Path, help="write the measurements as JSON to this file")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-cluster-") as tmp:
        results = run_cluster_bench(
            args.quick,
            Path(tmp),
            repeat=max(1, args.repeat),
            latency=args.latency,
            concurrency=args.concurrency,
            llm_docs=args.llm_docs,
        )
    if args.out:
        args.out.write_text(results.model_dump_json(indent=1), encoding="utf-8")
    print(render(results))
    print(f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return 0 if all(run.max_in_flight <= results.concurrency for run in results.llm) else 1


if __name__ == "__main__":
    sys.exit(main())
