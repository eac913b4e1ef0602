"""Narrative sections into typed goals, problems and measures (LLM or offline rules).

Two backends implement :class:`NarrativeBackend`:

* ``rules`` (:class:`~jixiao.narrative.rules.RulesBackend`): offline and deterministic, the default;
* ``llm`` (:class:`~jixiao.narrative.llm.LLMBackend`): instructor over any OpenAI-compatible endpoint,
  with a response cache and a token ledger.

Both find the same regions (:mod:`jixiao.narrative.regions`) and build items the same way
(:mod:`jixiao.narrative.assemble`), grounding every item's evidence in the document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from typing import Protocol

from jixiao.narrative.prompts import prompt_versions
from jixiao.narrative.regions import NarrativeRegion
from jixiao.narrative.regions import find_regions
from jixiao.narrative.regions import narrative_view
from jixiao.narrative.rules import RulesBackend
from jixiao.schema import Document
from jixiao.schema import DocumentStructure
from jixiao.schema import NarrativeResult
from jixiao.schema import PipelineConfig
from jixiao.schema import TablesResult

if TYPE_CHECKING:
    from jixiao.narrative.llm import LLMClient


class NarrativeBackend(Protocol):
    """Interprets the narrative parts of one document."""

    name: str

    def interpret(
        self, doc: Document, structure: DocumentStructure, tables: TablesResult
    ) -> NarrativeResult: ...

    def interpret_regions(self, doc: Document, regions: list[NarrativeRegion]) -> NarrativeResult:
        """Interpret regions found by :func:`find_regions` (``doc`` may be their :func:`narrative_view`)."""
        ...


def make_backend(config: PipelineConfig, *, client: LLMClient | None = None) -> NarrativeBackend:
    """The backend the configuration asks for.

    Args:
        config: the run configuration (``backend``, ``llm``, ``cache_dir``, ``use_cache``).
        client: an LLM client to share (a batch passes one so that every document shares its
            concurrency and rate limits); one is made from ``config`` when None.

    Raises:
        ConfigError: the llm backend without an endpoint or a model.
    """
    if config.backend == "llm":
        from jixiao.narrative.llm import LLMBackend

        return LLMBackend(config, client=client)
    return RulesBackend()


__all__ = [
    "NarrativeBackend",
    "NarrativeRegion",
    "RulesBackend",
    "find_regions",
    "make_backend",
    "narrative_view",
    "prompt_versions",
]
