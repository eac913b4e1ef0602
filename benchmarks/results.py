"""What one run of the benchmarks measured (``--out`` writes it as JSON)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from benchmarks.llm_cost import LLMCost
from benchmarks.tasks import TaskResult


class Measured(BaseModel):
    """One task's run over some files."""

    label: str
    files: list[str]
    pages: int
    file_pages: list[int] = Field(default_factory=list, description="Pages of each file")
    groups: list[str] = Field(description="Corpus group of each file (golden, long, pages)")
    result: TaskResult


class BenchResults(BaseModel):
    """Everything one run of the benchmarks measured (``--out`` writes it as JSON)."""

    quick: bool
    cpus: int
    python: str
    seconds: float = 0.0
    corpus: str
    throughput: dict[str, Measured] = Field(default_factory=dict)
    scaling: dict[int, Measured] = Field(default_factory=dict)
    memory: list[Measured] = Field(default_factory=list)
    llm: LLMCost | None = None
