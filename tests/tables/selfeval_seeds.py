"""Cached readings of the golden documents for the self-evaluation table tests (each file read once)."""

from __future__ import annotations

from functools import cache

import pytest

from jixiao.ingest import read_document
from jixiao.schema import Document
from jixiao.schema import PerformanceIndicator
from jixiao.schema import SelfEvalTable
from jixiao.schema import TablesResult
from jixiao.structure import analyse_structure
from jixiao.tables import extract_tables
from tests.conftest import seed_path

FORMATS = ("txt", "docx", "pdf")


@cache
def document(stem: str, fmt: str = "txt") -> Document:
    path = seed_path(stem, fmt)
    if not path.exists():
        pytest.skip(f"{path.name} is not in golden/docs")
    return read_document(path)


@cache
def tables(stem: str, fmt: str = "txt") -> TablesResult:
    """extract_tables over the structure stage's classification, as the pipeline runs it."""
    doc = document(stem, fmt)
    return extract_tables(doc, analyse_structure(doc))


def project(result: TablesResult, name: str) -> SelfEvalTable:
    return next(t for t in result.project_tables if t.project_name == name)


def indicator(table: SelfEvalTable, name: str, nth: int = 0) -> PerformanceIndicator:
    """The nth indicator whose 三级指标 (or 目标内容), whitespace removed, equals ``name``."""
    found = [
        i
        for i in table.indicators
        if "".join(i.name.split()) == name or "".join((i.content or "").split()) == name
    ]
    return found[nth]
