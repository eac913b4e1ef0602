"""``python -m benchmarks.run [--quick] [--out FILE]``: every benchmark in one run, then the tables.

Each measured thing runs in a fresh interpreter (:mod:`benchmarks.measure`), one after another, so the
baselines and jixiao see the same machine at nearly the same time. With ``--repeat N`` the throughput
pairs run N times, interleaved, and the fastest run of each counts (the least disturbed by other load).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import Corpus, CorpusFile, build_corpus, default_cache_root, describe
from benchmarks.llm_cost import run_llm_cost
from benchmarks.measure import measure
from benchmarks.render import render_tables
from benchmarks.results import BenchResults, Measured
from benchmarks.tasks import TaskName, TaskSpec


def _measure(task: TaskName, label: str, files: list[CorpusFile], work: Path, jobs: int = 1) -> Measured:
    result, _total = measure(TaskSpec(task=task, files=[f.path for f in files], out=str(work), jobs=jobs))
    return Measured(
        label=label,
        files=[Path(f.path).name for f in files],
        pages=sum(f.pages for f in files),
        file_pages=[f.pages for f in files],
        groups=[f.group for f in files],
        result=result,
    )


def run_all(
    corpus: Corpus,
    work: Path,
    *,
    repeat: int = 1,
    latency: float = 0.3,
    concurrency: int = 16,
    llm_jobs: int | None = None,
    log: bool = True,
) -> BenchResults:
    """Run every benchmark on ``corpus``; outputs and caches go under ``work``."""
    started = time.perf_counter()
    results = BenchResults(
        quick=corpus.quick,
        cpus=os.cpu_count() or 1,
        python=sys.version.split()[0],
        corpus=describe(corpus),
    )

    def say(text: str) -> None:
        if log:
            print(f"[{time.perf_counter() - started:6.1f}s] {text}", file=sys.stderr, flush=True)

    pdfs = [f for f in corpus.files if f.format == "pdf" and f.group in ("golden", "long")]
    docxs = [f for f in corpus.files if f.format == "docx" and f.group in ("golden", "long")]
    # Interleave baseline and jixiao so that a burst of load elsewhere hits both alike.
    for _ in range(repeat):
        for key, task, label, files in (
            ("pdfplumber", "pdfplumber", "pdfplumber alone (baseline A)", pdfs),
            ("jixiao-pdf", "jixiao", "jixiao full pipeline", pdfs),
            ("python-docx", "python-docx", "python-docx alone (baseline B)", docxs),
            ("jixiao-docx", "jixiao", "jixiao full pipeline", docxs),
        ):
            say(f"{key}: {len(files)} files")
            measured = _measure(task, label, files, work / key)  # type: ignore[arg-type]
            kept = results.throughput.get(key)
            if kept is None or measured.result.wall < kept.result.wall:
                results.throughput[key] = measured
    for jobs in (1, 2):
        say(f"batch --jobs {jobs}: {len(pdfs) + len(docxs)} files")
        results.scaling[jobs] = _measure(
            "batch", f"jixiao extract --jobs {jobs}", pdfs + docxs, work / f"batch-{jobs}", jobs=jobs
        )
    for f in corpus.select(group="pages"):
        say(f"memory: {f.pages} pages")
        results.memory.append(_measure("jixiao", f"{f.pages} pages", [f], work / "memory"))
    jobs = llm_jobs or min(2, os.cpu_count() or 1)
    say(f"LLM batch: {len(corpus.select(group='llm'))} documents, {latency:.2f}s latency, --jobs {jobs}")
    results.llm = run_llm_cost(corpus, work / "llm", latency=latency, concurrency=concurrency, jobs=jobs)
    results.seconds = round(time.perf_counter() - started, 1)
    say("done")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description="jixiao throughput, memory and LLM-cost benchmarks."
    )
    parser.add_argument("--quick", action="store_true", help="a small corpus: every row, in seconds")
    parser.add_argument("--out", type=Path, help="write every measurement as JSON to this file")
    parser.add_argument("--cache", type=Path, help=f"corpus cache folder (default {default_cache_root()})")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs of each throughput pair; the fastest counts"
    )
    parser.add_argument("--latency", type=float, default=0.3, help="fake LLM endpoint latency, seconds")
    parser.add_argument("--concurrency", type=int, default=16, help="LLM requests in flight (concurrent run)")
    parser.add_argument("--llm-docs", type=int, help="documents in the LLM batch (default 100; --quick 6)")
    parser.add_argument("--llm-jobs", type=int, help="worker processes for the LLM batch (default 2)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    corpus = build_corpus(args.quick, args.cache, args.llm_docs)
    print(f"corpus ({time.perf_counter() - started:.1f}s): {describe(corpus)}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-") as tmp:
        results = run_all(
            corpus,
            Path(tmp),
            repeat=max(1, args.repeat),
            latency=args.latency,
            concurrency=args.concurrency,
            llm_jobs=args.llm_jobs,
        )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(results.model_dump_json(indent=1), encoding="utf-8")
    print(render_tables(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
