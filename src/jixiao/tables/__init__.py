"""Deterministic extraction: value normalisation and one extractor per table family."""

from __future__ import annotations

from jixiao.schema import Document, DocumentStructure, TablesResult


def extract_tables(doc: Document, structure: DocumentStructure) -> TablesResult:
    """Read every classified table (and the rule-readable 决算 narrative lines) into typed rows."""
    return TablesResult()


__all__ = ["extract_tables"]
