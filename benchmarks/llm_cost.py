"""LLM cost: a batch with the LLM backend against the fake endpoint, one call at a time vs many in flight,
then again over the same cache.

Three runs over the same documents, each in a fresh process with its own output folder:

1. ``sequential`` — one request in flight (``concurrency=1``), a new cache;
2. ``concurrent`` — ``concurrency`` requests in flight, a new cache;
3. ``cached`` — as 2, over the cache 2 filled: it must make no calls at all.

Every request's section text is checked against the narrative regions of the corpus: only those may be
sent, never the rest of a document.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from pydantic import BaseModel, Field

from benchmarks.corpus import Corpus
from benchmarks.fake_llm import EndpointStats, FakeLLMEndpoint
from benchmarks.measure import measure
from benchmarks.tasks import TaskResult, TaskSpec


class LLMRun(BaseModel):
    """One batch run against the endpoint."""

    name: str
    in_flight: int
    result: TaskResult
    requests: int = Field(description="Requests the endpoint received")
    max_in_flight: int = Field(description="Most requests the endpoint was answering at once")
    message_chars: int
    section_chars: int
    sections_outside_narrative: int = Field(
        description="Requests whose section text is no narrative region's"
    )


class LLMCost(BaseModel):
    """The three runs and the corpus they read."""

    latency: float
    jobs: int
    docs: int
    document_chars: int = Field(description="Canonical text of all documents")
    narrative_chars: int = Field(description="Text of all their narrative regions")
    runs: list[LLMRun]


def _outside(stats: EndpointStats, regions: list[str]) -> int:
    """How many requests sent text that is not (a piece of) a narrative region."""
    return sum(1 for sent in stats.sections if not any(sent.strip() in region for region in regions))


def run_llm_cost(corpus: Corpus, work: Path, *, latency: float, concurrency: int, jobs: int) -> LLMCost:
    """Run the three LLM batches of the module docstring; ``work`` holds their outputs and caches."""
    docs = corpus.select(group="llm")
    files = [f.path for f in docs]
    regions = sorted({r for f in docs for r in f.narrative})
    shutil.rmtree(work, ignore_errors=True)
    runs: list[LLMRun] = []
    plan = [
        ("sequential", 1, work / "cache-sequential"),
        ("concurrent", concurrency, work / "cache-concurrent"),
        ("cached re-run", concurrency, work / "cache-concurrent"),
    ]
    with FakeLLMEndpoint(latency) as endpoint:
        for name, in_flight, cache in plan:
            spec = TaskSpec(
                task="llm-batch",
                files=files,
                out=str(work / f"out-{name.split()[0]}"),
                jobs=jobs,
                base_url=endpoint.base_url,
                concurrency=in_flight,
                cache_dir=str(cache),
            )
            endpoint.reset()
            result, _ = measure(spec)
            stats = endpoint.reset()
            runs.append(
                LLMRun(
                    name=name,
                    in_flight=in_flight,
                    result=result,
                    requests=stats.requests,
                    max_in_flight=stats.max_in_flight,
                    message_chars=stats.message_chars,
                    section_chars=stats.section_chars,
                    sections_outside_narrative=_outside(stats, regions),
                )
            )
    return LLMCost(
        latency=latency,
        jobs=jobs,
        docs=len(docs),
        document_chars=sum(f.chars for f in docs),
        narrative_chars=sum(len(r) for f in docs for r in f.narrative),
        runs=runs,
    )
