"""Headings, the section tree, canonical section keys, table classification and report metadata."""

from __future__ import annotations

from jixiao.schema import Document, DocumentStructure


def analyse_structure(doc: Document) -> DocumentStructure:
    """Work out the section tree, what each table is, and the report's metadata."""
    return DocumentStructure()


__all__ = ["analyse_structure"]
