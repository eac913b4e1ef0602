"""Narrative sections into typed goals, problems and measures (LLM or offline rules)."""

from __future__ import annotations

from typing import Protocol

from jixiao.schema import Document, DocumentStructure, NarrativeResult, PipelineConfig, TablesResult


class NarrativeBackend(Protocol):
    """Interprets the narrative parts of one document."""

    name: str

    def interpret(self, doc: Document, structure: DocumentStructure, tables: TablesResult) -> NarrativeResult: ...


class _EmptyBackend:
    name = "rules"

    def interpret(self, doc: Document, structure: DocumentStructure, tables: TablesResult) -> NarrativeResult:
        return NarrativeResult()


def make_backend(config: PipelineConfig) -> NarrativeBackend:
    """The backend the configuration asks for."""
    return _EmptyBackend()


def prompt_versions() -> dict[str, str]:
    """prompt id → version of every prompt shipped (part of a run's configuration)."""
    return {}


__all__ = ["NarrativeBackend", "make_backend", "prompt_versions"]
