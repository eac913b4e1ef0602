"""A table put back together from its pieces on consecutive PDF pages.

Word and LibreOffice break a long table at the page end in one of two ways, and both are undone here:

* **between rows** — the next page starts with the next row (possibly after repeated header rows);
* **inside a row** — rows may break across pages (the default), so the last row of a page is cut and
  its rest opens the next page as a *fragment*: a row whose only text continues cells that were cut
  off. The fragment's text is appended to the cells it continues and the fragment row disappears.

A fragment is recognised conservatively: every non-empty cell of the candidate row must sit in the
columns of a cell in the previous page's last row whose last line runs to the cell's right edge and
ends no sentence (``cut_off``). A real row almost always has a short value (a score, a number) in a
column whose cell on the previous page was short, so it is never mistaken for a fragment; a
fragment that does not look cut is left as its own row rather than glued to the wrong one.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from jixiao.ingest.pdf_page import PageCell
from jixiao.ingest.pdf_page import PageTable
from jixiao.ingest.pdf_page import join_pieces
from jixiao.ingest.table_rows import repeated_header_rows
from jixiao.schema import BBox
from jixiao.vocabulary import header_core
from jixiao.vocabulary import vocabulary
from jixiao.vocabulary.normalise import is_quantity

EDGE_TOL = 2.0
"""Points: the same column boundary on two pages."""


@dataclass
class AssembledCell:
    """A cell of the joined table: grid position in the whole table, page and box where it was drawn."""

    row: int
    col: int
    row_span: int
    col_span: int
    text: str
    page: int
    bbox: BBox
    cut_off: bool = False
    lines: int = 0


def _two_values(first: str, second: str) -> bool:
    """Two values, not one cut in two: ``10场`` and ``6场`` (joined, no value), unlike ``≧1850`` and ``0亩``."""
    return is_quantity(first) and is_quantity(second) and not is_quantity(join_pieces([first, second]))


_SPLIT_HEADER_GAIN = 2
"""Cells a join must newly name (一级 + 指标, 年度 + 指标值, 效益指 + 标 …) to take two rows for one."""


def _completes_header(targets: list[AssembledCell], pieces: list[PageCell]) -> bool:
    """A row split by the page break whose cells' words are cut: a header (绩效 | 一级 | 二级 | 年度 … on one
    page, 指标 | 指标 | 指标 | 指标值 … on the next) or the level labels of a row (效益指 | 社会效 …, then
    标 | 益指标 …). Joined, at least two more cells name a column of a form (its field words, exactly or
    normalised) or a level than the first page's part does."""
    vocab = vocabulary()
    labels = frozenset((*vocab.level1_labels, *vocab.level2_labels, *vocab.block_labels))

    def names(text: str) -> bool:
        return header_core(text).core in labels or any(
            (m := vocab.match_header(record, text, fuzzy=False)) is not None and m.method != "llm"
            for record in ("indicator", "fund")
        )

    before = sum(names(t.text) for t in targets)
    after = sum(names(join_pieces([t.text, p.text])) for t, p in zip(targets, pieces, strict=True))
    return after - before >= _SPLIT_HEADER_GAIN


def continuation_columns(edges: tuple[float, ...], new_edges: tuple[float, ...]) -> list[int] | None:
    """Map a continuation's column boundaries onto the table's, or None when they do not line up."""
    if abs(edges[0] - new_edges[0]) > EDGE_TOL or abs(edges[-1] - new_edges[-1]) > EDGE_TOL:
        return None
    mapping: list[int] = []
    for x in new_edges:
        match = next((i for i, e in enumerate(edges) if abs(e - x) <= EDGE_TOL), None)
        if match is None:
            return None
        mapping.append(match)
    return mapping


def _row_signature(table: PageTable, row: int, col_map: list[int]) -> tuple[tuple[int, str], ...]:
    return tuple((col_map[col], text) for col, text in table.row_texts(row))


def _band(table: PageTable, row: int) -> str | None:
    """The text of ``row`` when it is one cell across the whole width (a form's title or 表号 line)."""
    cells = [c for c in table.cells if c.row == row]
    if len(cells) == 1 and cells[0].col == 0 and cells[0].col_span >= table.n_cols and cells[0].text:
        return cells[0].text
    return None


def _opens_again(first: PageTable, table: PageTable) -> bool:
    """Whether ``table`` is a new copy of the form ``first`` opens, not its continuation.

    Forms repeated one after another (a project table per project, or the same table rendered again)
    often start a new copy at the top of a page. The copy opens with one of the full-width bands the
    form opens with (its title, its 报表编号 line); a header repeated after a page break is a row of
    column labels, not a band.
    """
    band = _band(table, 0)
    return band is not None and band in {_band(first, r) for r in range(min(3, first.n_rows))}


@dataclass
class TableAssembly:
    """One table across pages; start it with the first piece, then offer each next-page table."""

    page: int
    first: PageTable
    cells: list[AssembledCell] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    header_rows: list[int] = field(default_factory=list)
    n_rows: int = 0
    fragments: int = 0

    def __post_init__(self) -> None:
        self.pages = [self.page]
        self.n_rows = self.first.n_rows
        identity = list(range(len(self.first.col_edges)))
        self.cells = [self._cell(c, self.page, identity, c.row) for c in self.first.cells]

    @property
    def col_edges(self) -> tuple[float, ...]:
        return self.first.col_edges

    @property
    def bbox(self) -> BBox:
        return self.first.bbox

    @staticmethod
    def _cell(
        cell: PageCell, page: int, col_map: list[int], row: int, row_span: int | None = None
    ) -> AssembledCell:
        col = col_map[cell.col]
        end = col_map[min(cell.col + cell.col_span, len(col_map) - 1)]
        return AssembledCell(
            row=row,
            col=col,
            row_span=cell.row_span if row_span is None else row_span,
            col_span=max(1, end - col),
            text=cell.text,
            page=page,
            bbox=cell.bbox,
            cut_off=cell.cut_off,
            lines=cell.lines,
        )

    def covering(self, row: int, col: int) -> AssembledCell | None:
        """The cell whose span covers grid position (row, col)."""
        for cell in reversed(self.cells):
            if cell.row <= row < cell.row + cell.row_span and cell.col <= col < cell.col + cell.col_span:
                return cell
        return None

    def continue_with(self, page: int, table: PageTable) -> bool:
        """Append ``table`` (the first thing on the next page) if its columns line up; False otherwise."""
        col_map = continuation_columns(self.col_edges, table.col_edges)
        if col_map is None or _opens_again(self.first, table):
            return False
        offset = self.n_rows
        identity = list(range(len(self.first.col_edges)))
        repeated = 0
        for r in range(min(table.n_rows, self.first.n_rows, 3)):
            sig = _row_signature(table, r, col_map)
            if not any(text for _, text in sig) or sig != _row_signature(self.first, r, identity):
                break
            repeated += 1
        fragment = (
            repeated if repeated < table.n_rows and self._is_fragment(table, repeated, col_map) else None
        )
        self.header_rows.extend(offset + r for r in range(repeated))

        def new_row(r: int) -> int:
            return offset + r - (1 if fragment is not None and r > fragment else 0)

        last_row = self.n_rows - 1
        before = len(self.cells)
        for cell in table.cells:
            if fragment is not None and cell.row == fragment:
                target = None
                if cell.text:
                    target = self.covering(last_row, col_map[cell.col])
                    assert target is not None  # _is_fragment checked it
                    target.text = join_pieces([target.text, cell.text])
                    target.cut_off = cell.cut_off
                    target.lines += cell.lines
                if cell.row_span > 1:
                    # A merge that goes on below the fragment keeps its place in the rows after it.
                    rest = self._cell(cell, page, col_map, new_row(cell.row + 1), cell.row_span - 1)
                    if (
                        target is not None
                        and target.row + target.row_span - 1 == last_row
                        and target.col_span == rest.col_span
                    ):
                        # One merged label cut by the page break ("产出指标(50" | "分)"): its text is
                        # joined above, and the cell above goes on over the rows it covers (a copy of
                        # the piece would label them "分)").
                        target.row_span = rest.row + rest.row_span - target.row
                    else:
                        self.cells.append(rest)
                continue
            self.cells.append(self._cell(cell, page, col_map, new_row(cell.row)))
        if not repeated:
            self._extend_merges(before, offset, last_row)
        self.n_rows = offset + table.n_rows - (1 if fragment is not None else 0)
        self.fragments += fragment is not None
        self.pages.append(page)
        return True

    def _extend_merges(self, first_new: int, top_row: int, last_row: int) -> None:
        """Carry a merged label over the page break.

        An empty cell opening the page in the same columns as a labelled cell that already spans rows
        at the foot of the previous page is that label going on (a merged cell's text is drawn once).
        A cell with text there is left alone even when the label above looks cut: a label that fills
        its cell ("年度总体目标") followed by the next label ("绩效指标") looks exactly the same.
        """
        kept = self.cells[:first_new]
        for cell in self.cells[first_new:]:
            above = None
            if cell.row == top_row:
                above = next(
                    (
                        c
                        for c in reversed(kept[:first_new])
                        if c.row <= last_row < c.row + c.row_span and c.col == cell.col
                    ),
                    None,
                )
            if (
                above is not None
                and not cell.text
                and above.text
                and above.row_span >= 2
                and above.col_span == cell.col_span
            ):
                above.row_span = cell.row + cell.row_span - above.row
                continue
            kept.append(cell)
        self.cells = kept

    def _is_fragment(self, table: PageTable, row: int, col_map: list[int]) -> bool:
        """Whether ``row`` of the next page's table is the rest of this table's last row.

        Every non-empty cell of the row must continue a non-empty cell of the last row in the same
        columns; and either all those cells were visibly cut off, or the row is sparse — it continues
        only cells of the last row itself that ran over several lines, and fills at most half of the
        columns the last row filled, as the rest of a cut row does (its short values all fitted on
        the first page) and a real row does not.
        """
        filled = [c for c in table.cells if c.row == row and c.text]
        if not filled:
            return False
        last_row = self.n_rows - 1
        targets = []
        for cell in filled:
            target = self.covering(last_row, col_map[cell.col])
            if target is None or not target.text or target.col != col_map[cell.col]:
                return False
            targets.append(target)
        if any(_two_values(t.text, c.text) for t, c in zip(targets, filled, strict=True)):
            # A whole value under a whole value (10场 | 6场): two rows, whatever the edges say (a short
            # value fills a narrow cell to its edge as a cut text does).
            return False
        if all(t.cut_off for t in targets) or _completes_header(targets, filled):
            return True
        # Sparse: the continued cells are the last row's own (not a label merged from rows above,
        # which a real row's label in the same column would also seem to continue), and a merged label
        # only where the break visibly cut it too ("产出指标（" | "50分）").
        own = [t for t in targets if t.row == last_row]
        last_filled = [c for c in self.cells if c.row == last_row and c.text]
        return (
            bool(own)
            and all(t.lines >= 2 for t in own)
            and all(t.cut_off for t in targets if t.row != last_row)
            and len(own) * 2 <= len(last_filled)
        )

    def all_header_rows(self) -> list[int]:
        """Header rows repeated at the top of a continuation, and rows repeating an earlier row anywhere."""
        return sorted(set(self.header_rows) | set(repeated_header_rows(self.cells)))
