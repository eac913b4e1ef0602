"""Every paragraph and cell of every readable file points at its own text in the canonical text."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.ingest import read_document
from jixiao.schema import Paragraph
from jixiao.schema import Table
from tests.conftest import GOLDEN_DOCS
from tests.conftest import REPO

BAD = REPO / "tests" / "data" / "bad"
FILES = (
    sorted(GOLDEN_DOCS.glob("*.pdf"))
    + sorted(GOLDEN_DOCS.glob("*.docx"))
    + sorted(GOLDEN_DOCS.glob("*.xlsx"))
    + sorted(GOLDEN_DOCS.glob("*.html"))
    + [
        BAD / "owner_password.pdf",
        BAD / "gbk.txt",
        BAD / "scan.pdf",
    ]
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_spans_give_back_the_text(path: Path) -> None:
    doc = read_document(path)
    assert doc.blocks
    covered = 0
    for number, block in enumerate(doc.blocks):
        assert block.prov.block == number
        assert block.prov.span is not None
        if isinstance(block, Paragraph):
            assert doc.span_text(block.prov.span) == block.text
            covered += len(block.text) + 1
        else:
            assert isinstance(block, Table)
            start, end = block.prov.span
            for cell in block.cells:
                assert cell.prov.span is not None
                assert start <= cell.prov.span[0] <= cell.prov.span[1] <= end
                assert doc.span_text(cell.prov.span) == cell.text
            covered += end - start
        if doc.format == "pdf":
            assert block.prov.page is not None and block.prov.bbox is not None
        if doc.format == "xlsx" and isinstance(block, Table):
            assert all(c.prov.sheet and c.prov.cell for c in block.cells)
        if doc.format == "html":
            assert block.prov.path is not None and block.prov.path.startswith("body")
    # blocks tile the canonical text: nothing in it belongs to no block
    assert covered == len(doc.text)
