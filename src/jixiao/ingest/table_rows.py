"""Row-level facts about a table that every reader needs: which rows repeat the header."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

_NUMBER = re.compile(r"[\d.,，。%％\s+\-－—]+")


class GridCell(Protocol):
    """What :func:`repeated_header_rows` reads of a cell (readers' own cell types all have these)."""

    @property
    def row(self) -> int: ...
    @property
    def col(self) -> int: ...
    @property
    def row_span(self) -> int: ...
    @property
    def col_span(self) -> int: ...
    @property
    def text(self) -> str: ...


def repeated_header_rows(cells: Iterable[GridCell]) -> list[int]:
    """Rows whose own cells repeat, word for word and column for column, an earlier row.

    Word and LibreOffice repeat a form's header row after a page break, and converters often turn
    that repetition into a literal row in the middle of the table (``一级指标 | 二级指标 | 三级指标 |
    指标值 …`` again). A row counts when it starts at least three non-empty cells and each of its
    cells has the same text as the earlier row shows in that column — a column still covered by a
    merged label from above is not compared. A header holds no bare number ("0.5", "100%"), which
    keeps out a data row that happens to be entered twice.
    """
    cells = list(cells)
    if not cells:
        return []
    n_rows = max(c.row + c.row_span for c in cells)
    n_cols = max(c.col + c.col_span for c in cells)
    grid: list[list[str | None]] = [[None] * n_cols for _ in range(n_rows)]
    own: dict[int, list[tuple[int, int, str]]] = {}
    for c in cells:
        own.setdefault(c.row, []).append((c.col, c.col_span, c.text))
        for r in range(c.row, c.row + c.row_span):
            for k in range(c.col, c.col + c.col_span):
                grid[r][k] = c.text
    repeats: list[int] = []
    for r in sorted(own):
        texts = [text for _, _, text in own[r] if text]
        if len(texts) < 3 or any(_NUMBER.fullmatch(t) for t in texts):
            continue
        for earlier in range(r):
            if all(grid[earlier][k] == text for col, span, text in own[r] for k in range(col, col + span)):
                repeats.append(r)
                break
    return repeats
