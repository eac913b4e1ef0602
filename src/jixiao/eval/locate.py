"""Where things are: provenance as a short human-readable place, and finding an expected item in a document.

When the tool misses an item, the mismatch still points the maintainer at the source: the answer's
text is looked up in the document (ignoring whitespace, punctuation and character width, since a PDF
breaks lines mid-word) and the block or cell that holds it gives a line or page.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_right

from jixiao.schema import Document
from jixiao.schema import Provenance
from jixiao.schema import Table

_NEEDLE_CHARS = 16


def describe(prov: Provenance | None) -> str | None:
    """``"002_yuelu_2021.txt line 128 (table 1 r3 c2)"`` / ``"003_wangcheng_2020.pdf p.2 (table 0 r5 c4)"``."""
    if prov is None:
        return None
    parts = [prov.file]
    if prov.page is not None:
        parts.append(f"p.{prov.page}")
    if prov.line is not None:
        parts.append(f"line {prov.line}")
    cell = []
    if prov.table is not None:
        cell.append(f"table {prov.table}")
    if prov.row is not None:
        cell.append(f"r{prov.row}")
    if prov.col is not None:
        cell.append(f"c{prov.col}")
    if cell:
        parts.append("(" + " ".join(cell) + ")")
    elif prov.block is not None and prov.page is None and prov.line is None:
        parts.append(f"block {prov.block}")
    return " ".join(parts)


def _fold(ch: str) -> str:
    """One character as searched: width-folded, lower-case; '' for whitespace and punctuation."""
    if ch.isspace():
        return ""
    folded = unicodedata.normalize("NFKC", ch).lower()
    return "".join(c for c in folded if not c.isspace() and not unicodedata.category(c).startswith("P"))


class Locator:
    """Finds text in one document and reports the place of the block or cell that holds it."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._folded: str | None = None
        self._offsets: list[int] = []
        self._units: list[tuple[int, int, Provenance]] = []
        self._starts: list[int] = []

    def _index(self) -> str:
        """Build the search index on first use: most renderings have few or no missing items."""
        if self._folded is not None:
            return self._folded
        chars: list[str] = []
        for i, ch in enumerate(self.doc.text):
            for c in _fold(ch):
                chars.append(c)
                self._offsets.append(i)
        self._folded = "".join(chars)
        # Table cells and paragraph blocks; cells are listed instead of their tables, so units do not nest.
        units: list[tuple[int, int, Provenance]] = []
        for block in self.doc.blocks:
            if isinstance(block, Table):
                units.extend((c.prov.span[0], c.prov.span[1], c.prov) for c in block.cells if c.prov.span)
            elif block.prov.span:
                units.append((block.prov.span[0], block.prov.span[1], block.prov))
        units.sort(key=lambda u: (u[0], u[1]))
        self._units = units
        self._starts = [u[0] for u in units]
        return self._folded

    def find(self, text: str | None) -> Provenance | None:
        """Provenance of the first block or cell where ``text`` (its first characters) occurs."""
        if not text:
            return None
        needle = "".join(_fold(ch) for ch in text)[:_NEEDLE_CHARS]
        if len(needle) < 2:
            return None
        pos = self._index().find(needle)
        if pos < 0:
            return None
        offset = self._offsets[pos]
        i = bisect_right(self._starts, offset) - 1
        # Units do not nest (cells are listed, not their tables), so the first one back that spans the
        # offset holds it; text between blocks falls back to the block just before.
        for j in range(i, max(i - 50, -1), -1):
            start, end, prov = self._units[j]
            if start <= offset < end:
                return prov
        return self._units[i][2] if i >= 0 else None

    def where(self, text: str | None) -> str | None:
        """:func:`describe` of :meth:`find`, marked as the answer's place rather than the tool's."""
        found = describe(self.find(text))
        return f"source: {found}" if found else None
