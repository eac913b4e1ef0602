"""Provenance for a character span of the canonical text: the block (or table cell) it lies in."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator

from jixiao.schema import Document
from jixiao.schema import Paragraph
from jixiao.schema import Provenance
from jixiao.schema import Table
from jixiao.schema.document import Method


class SpanLocator:
    """Finds the block and cell around an offset of ``Document.text``."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._starts: list[int] = []
        self._blocks: list[int] = []
        for i, block in enumerate(doc.blocks):
            if block.prov.span is not None:
                self._starts.append(block.prov.span[0])
                self._blocks.append(i)

    def block_at(self, offset: int) -> int | None:
        """Index of the block whose span holds ``offset``."""
        k = bisect_right(self._starts, offset) - 1
        if k < 0:
            return None
        i = self._blocks[k]
        span = self.doc.blocks[i].prov.span
        return i if span is not None and span[0] <= offset <= span[1] else None

    def prov(self, start: int, end: int, method: Method = "text_rule") -> Provenance:
        """Provenance of ``Document.text[start:end]``: its cell's or paragraph's, with this span."""
        i = self.block_at(start)
        if i is None:
            return Provenance(file=self.doc.name, span=(start, end), method=method)
        block = self.doc.blocks[i]
        if isinstance(block, Table):
            for cell in block.cells:
                cs = cell.prov.span
                if cs is not None and cs[0] <= start <= cs[1]:
                    return cell.prov.with_method("table_rule", span=(start, end))
        return block.prov.with_method(method, span=(start, end), block=i)


def iter_paragraphs(doc: Document) -> Iterator[tuple[int, Paragraph]]:
    """(block index, paragraph) in reading order."""
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Paragraph):
            yield i, block
