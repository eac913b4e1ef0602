"""Small documents built in memory, and cached readings of the golden documents."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jixiao.ingest import read_document
from jixiao.ingest.builder import CellInput
from jixiao.ingest.builder import DocumentBuilder
from jixiao.schema import Document
from jixiao.schema import DocumentStructure
from jixiao.schema import Section
from jixiao.structure import analyse_structure
from jixiao.structure.titles import compact
from tests.conftest import seed_path

Line = str | tuple[str, str | None, str | None] | list[list[str]]


def make_doc(*blocks: Line, name: str = "made.txt") -> Document:
    """A Document from paragraphs (a string, or (text, style, numbering)) and tables (rows of cell texts)."""
    builder = DocumentBuilder(path=Path(name), format="txt", data=b"made in a test")
    for no, block in enumerate(blocks, start=1):
        if isinstance(block, str):
            builder.add_paragraph(block, line=no)
        elif isinstance(block, tuple):
            text, style, numbering = block
            builder.add_paragraph(text, line=no, style=style, numbering=numbering)
        else:
            cells = [
                CellInput(row=r, col=c, text=t, line=no)
                for r, row in enumerate(block)
                for c, t in enumerate(row)
            ]
            builder.add_table(cells, line=no)
    return builder.build()


def outline(sections: list[Section]) -> list[tuple[int, str, str]]:
    """(depth, numbering without blanks, title) of every section, depth-first."""
    out: list[tuple[int, str, str]] = []
    for s in sections:
        out.append((s.depth, compact(s.number_raw), s.title))
        out.extend(outline(s.children))
    return out


def walk(sections: list[Section]) -> list[Section]:
    out: list[Section] = []
    for s in sections:
        out.append(s)
        out.extend(walk(s.children))
    return out


@cache
def golden(stem: str, fmt: str) -> tuple[Document, DocumentStructure]:
    """A golden document and its structure, read once per test session."""
    doc = read_document(seed_path(stem, fmt))
    return doc, analyse_structure(doc)
