"""Tables printed without ruling lines, rebuilt from where their words are.

A form printed without borders (or whose borders are images) reaches the reader as text lines, one per
printed line. Its grid is still there in the positions: cells of a column start at the same x on line
after line. As pdfplumber's text strategy does, columns are found where the starts of many line pieces
align; unlike it, rows are *logical* rows: a printed line that only carries on cells whose text wrapped
(cells that ran to their column's right edge without ending a sentence) joins the row above, and a line
that starts a cell afresh — or puts a new number in a column that has one — starts a new row.

Only a stretch of lines whose pieces really form a grid becomes a table (at least :data:`MIN_GRID_LINES`
lines on the columns, :data:`MIN_WIDE_LINES` of them of three pieces or more, over at least three
aligned columns), so running text stays text; a numbered heading ends it. A table that runs to the foot
of its page is looked for at the top of the next on the same columns, so the two join as a ruled table's
parts do. Labels printed one character per line down a merged cell (绩/效/指/标) become one cell. The
result is an ordinary :class:`~jixiao.ingest.pdf_page.PageTable` (``from_words``), read by the tables
layer like a ruled one; each cell keeps its page and box.

Known limit: a label merged down several rows and printed a word per line (资金 / 来源) cannot be told
from a label per row without the ruling, and is read as one word in each row.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from dataclasses import field

from jixiao.ingest.pdf_lines import Glyph
from jixiao.ingest.pdf_lines import OrderedLine
from jixiao.ingest.pdf_lines import line_of

# A gap this wide (in em) between two glyphs of a line separates two cells' text.
_CELL_GAP = 0.45
# Piece starts within this many points belong to one column.
_ALIGN = 3.0
# Lines of two or more pieces with a piece starting at the same x that make a column (a block's label
# column may have only two); a grid is at least four lines, two of them of three or more pieces.
MIN_COLUMN_LINES = 2
MIN_GRID_LINES = 4
MIN_WIDE_LINES = 2
MIN_COLUMNS = 3
# A cell whose last line ends within this many em of its column's right edge, or (in a narrow column)
# leaves less than this share of the column empty, has wrapped.
_FULL = 2.5
_NARROW = 0.7
# Characters of a header cell's line.
_HEADER_WORD = 8
_SENTENCE_END = tuple("。！？；!?;")
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[部分章节])"
)
_NUMBER = re.compile(r"^[-+－—–]?[\d,，.．]+%?$|^[-－—–]$")


@dataclass
class Piece:
    """Glyphs of one printed line that belong to one cell."""

    glyphs: list[Glyph]
    col: int = 0
    span: int = 1

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def text(self) -> str:
        return line_of(self.glyphs).text

    @property
    def size(self) -> float:
        return self.glyphs[0].size


@dataclass
class GridCell:
    """A logical cell: its printed lines' pieces, top to bottom."""

    row: int
    col: int
    span: int
    pieces: list[Piece] = field(default_factory=list)
    row_span: int = 1
    cut_off: bool = False
    last_line: int = -1
    """The printed line (in the table's lines) of the last piece."""

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        glyphs = [g for p in self.pieces for g in p.glyphs]
        return (
            min(g.x0 for g in glyphs),
            min(g.top for g in glyphs),
            max(g.x1 for g in glyphs),
            max(g.bottom for g in glyphs),
        )


@dataclass
class TextGrid:
    """A table found in text lines: column starts, logical rows of cells, and the lines it took."""

    columns: list[float]
    right: float
    cells: list[GridCell]
    n_rows: int
    lines: list[int]
    """Indices (in the page's line list) of the printed lines the table is made of."""


def _pieces(line: OrderedLine) -> list[Piece]:
    pieces = [Piece([line.glyphs[0]])]
    for a, b in itertools.pairwise(line.glyphs):
        if b.x0 - a.x1 > _CELL_GAP * max(a.size, b.size):
            pieces.append(Piece([b]))
        else:
            pieces[-1].glyphs.append(b)
    return pieces


def _columns(lines: list[list[Piece]]) -> list[float]:
    """Starts shared by the pieces of at least :data:`MIN_COLUMN_LINES` lines of two or more pieces,
    and the start of the one piece off them in a line of three or more whose other pieces are on them
    (a block label printed once, left of the columns)."""
    starts = sorted((p.x0, k) for k, pieces in enumerate(lines) if len(pieces) >= 2 for p in pieces)
    columns: list[float] = []
    group: list[tuple[float, int]] = []
    for x, k in [*starts, (float("inf"), -1)]:
        if group and x - group[-1][0] > _ALIGN:
            if len({k for _, k in group}) >= MIN_COLUMN_LINES:
                columns.append(group[0][0])
            group = []
        group.append((x, k))
    if not columns:
        return columns
    extra = []
    for pieces in lines:
        off = [p.x0 for p in pieces if not any(abs(p.x0 - x) <= _ALIGN for x in columns)]
        if len(pieces) >= MIN_COLUMNS and len(off) == 1:
            extra.append(off[0])
    for x in extra:
        if not any(abs(x - c) <= _ALIGN for c in columns):
            columns.append(x)
    return sorted(columns)


def _place(piece: Piece, columns: list[float]) -> bool:
    """Put a piece in the column it starts in (spanning the columns it runs over); False when it
    starts left of the first column."""
    if piece.x0 < columns[0] - _ALIGN:
        return False
    col = max(k for k, x in enumerate(columns) if x <= piece.x0 + _ALIGN)
    end = max(k for k, x in enumerate(columns) if x < piece.x1 - _ALIGN)
    piece.col, piece.span = col, max(1, end - col + 1)
    return True


def find_text_grids(lines: list[OrderedLine], carried: tuple[float, ...] | None = None) -> list[TextGrid]:
    """The borderless tables among a page's free text lines (top to bottom), each with the lines it takes.

    Args:
        carried: the column starts and right edge of a borderless table that ended the page before:
            lines at the top of this page on those columns continue it, however few they are.
    """
    split = [_pieces(line) for line in lines]
    grids: list[TextGrid] = []
    k = 0
    if carried is not None and split:
        known = list(carried[:-1])
        taken = []
        for j, pieces in enumerate(split):
            # Only lines wholly on the known columns: a line with a column of its own opens another table.
            if not _in_grid(pieces, known) or not all(
                any(abs(p.x0 - x) <= _ALIGN for x in known) for p in pieces
            ):
                break
            taken.append(j)
        if taken:
            grid = _grid(split, taken, known, min_columns=1)
            if grid is not None:
                # The same edges as the part above, so that the two are joined into one table.
                grid.right = carried[-1]
                grids.append(grid)
                k = taken[-1] + 1
    rest = split[k:]
    if len(rest) < MIN_GRID_LINES or sum(1 for pieces in rest if len(pieces) >= MIN_COLUMNS) < MIN_WIDE_LINES:
        return grids
    columns = _columns(rest)
    if len(columns) < MIN_COLUMNS:
        return grids
    while k < len(split):
        stretch = _stretch(split, k, columns)
        if stretch:
            grid = _grid(split, stretch, columns)
            if grid is not None:
                grids.append(grid)
            k = stretch[-1] + 1
        else:
            k += 1
    return grids


def _stretch(split: list[list[Piece]], start: int, columns: list[float]) -> list[int]:
    """The lines from ``start`` on that sit on the columns: every piece starting at a column, the
    first line with at least three pieces; empty when ``start`` begins no grid."""
    if len(split[start]) < MIN_COLUMNS or not _on_columns(split[start], columns):
        return []
    taken = [start]
    for k in range(start + 1, len(split)):
        if not _in_grid(split[k], columns):
            break
        taken.append(k)
    # Rows above the first wide line: a label and a long text beside it, and that text's lines.
    for k in range(start - 1, -1, -1):
        if not _in_grid(split[k], columns) or (len(split[k]) == 1 and split[k][0].x0 < columns[0] + _ALIGN):
            break
        taken.insert(0, k)
    wide = sum(1 for k in taken if len(split[k]) >= MIN_COLUMNS)
    return taken if wide >= MIN_WIDE_LINES and len(taken) >= MIN_GRID_LINES else []


def _in_grid(pieces: list[Piece], columns: list[float]) -> bool:
    """A line that can belong to a grid: on the columns, and not a single piece from the first column
    across the width (running text) or starting a numbered heading (二、 （三） 第四部分)."""
    if not _on_columns(pieces, columns):
        return False
    if len(pieces) == 1 and pieces[0].x0 < columns[0] + _ALIGN:
        return pieces[0].x1 <= columns[-1] and not _HEADING.match(pieces[0].text)
    return True


def _on_columns(pieces: list[Piece], columns: list[float]) -> bool:
    """Whether the line's first piece starts at a column and no piece starts left of the first column."""
    first = pieces[0].x0
    return first >= columns[0] - _ALIGN and any(abs(first - x) <= _ALIGN for x in columns)


def _grid(
    split: list[list[Piece]], taken: list[int], columns: list[float], min_columns: int = MIN_COLUMNS
) -> TextGrid | None:
    lines = [split[k] for k in taken]
    for pieces in lines:
        for piece in pieces:
            _place(piece, columns)
    # Pieces of one line in one column (letter-spaced text: "项  目") are one piece.
    for k, pieces in enumerate(lines):
        merged: list[Piece] = []
        for piece in pieces:
            if merged and merged[-1].col + merged[-1].span - 1 >= piece.col:
                merged[-1].glyphs.extend(piece.glyphs)
                merged[-1].span = max(merged[-1].span, piece.col + piece.span - merged[-1].col)
            else:
                merged.append(piece)
        lines[k] = merged
    used = {p.col for pieces in lines for p in pieces}
    if len(used) < min_columns:
        return None
    right = max(p.x1 for pieces in lines for p in pieces)
    vertical = _vertical_labels(lines)
    edges = _right_edges(lines, columns, right)
    cells: list[GridCell] = []
    row: dict[int, GridCell] = {}
    row_of: list[int] = []
    n_rows = 0
    previous: list[Piece] | None = None
    pitch = _pitch([pieces for pieces in lines if pieces])
    for k, pieces in enumerate(lines):
        if pieces and (previous is None or _starts_row(pieces, previous, row, edges, pitch, k)):
            n_rows += 1
            row = {}
        row_of.append(max(n_rows - 1, 0))
        for piece in pieces:
            cell = row.get(piece.col)
            if cell is None:
                cell = row[piece.col] = GridCell(n_rows - 1, piece.col, piece.span)
                cells.append(cell)
            cell.pieces.append(piece)
            cell.span = max(cell.span, piece.span)
            cell.last_line = k
        if pieces:
            previous = pieces
    for col, first, last, pieces in vertical:
        _add_vertical(cells, col, row_of[first], row_of[last], pieces)
    for cell in cells:
        if cell.row == n_rows - 1 and cell.pieces:
            # The last row's cells that ran to their edge may go on at the top of the next page.
            end = cell.pieces[-1]
            edge = edges.get((cell.col, cell.span), end.x1)
            # Only a line that reaches the edge itself counts here (as a ruled cell's does): the page
            # break is no reason to think a short line went on.
            cell.cut_off = (
                end.x1 >= edge - _FULL * end.size
                and not end.text.endswith(_SENTENCE_END)
                and not _NUMBER.match(end.text)
            )
    return TextGrid(columns=columns, right=right, cells=cells, n_rows=max(n_rows, 1), lines=taken)


def _vertical_labels(lines: list[list[Piece]]) -> list[tuple[int, int, int, list[Piece]]]:
    """Labels written one character per line (绩/效/指/标 down a merged cell), taken out of the lines:
    (column, first line, last line, pieces) for each."""

    def single(piece: Piece) -> bool:
        return len(piece.glyphs) == 1 and piece.span == 1 and "\u4e00" <= piece.glyphs[0].char <= "\u9fff"

    # Only a column that never holds more than one character is a column of vertical labels ("无"
    # twice in a row is two answers).
    wide = {p.col for pieces in lines for p in pieces if len(p.glyphs) > 1 and p.span == 1}
    labels: list[tuple[int, int, int, list[Piece]]] = []
    open_runs: dict[int, tuple[int, int, list[Piece]]] = {}
    for k, pieces in enumerate(lines):
        for col in list(open_runs):
            first, last, run = open_runs[col]
            if last < k - 1:
                if len(run) >= 2:
                    labels.append((col, first, last, run))
                del open_runs[col]
        for piece in pieces:
            if single(piece) and piece.col not in wide:
                first, _, run = open_runs.get(piece.col, (k, k, []))
                open_runs[piece.col] = (first, k, [*run, piece])
    labels += [(col, first, last, run) for col, (first, last, run) in open_runs.items() if len(run) >= 2]
    taken = {id(p) for _, _, _, run in labels for p in run}
    for k, pieces in enumerate(lines):
        lines[k] = [p for p in pieces if id(p) not in taken]
    return labels


def _add_vertical(cells: list[GridCell], col: int, first: int, last: int, pieces: list[Piece]) -> None:
    """A vertical label as one cell down the rows it covers (or added to a cell already there)."""
    covered = [c for c in cells if c.col <= col < c.col + c.span and first <= c.row <= last]
    if covered:
        covered[0].pieces[:0] = pieces
        return
    cell = GridCell(first, col, 1, pieces=pieces, row_span=last - first + 1)
    cells.append(cell)


def _right_edges(
    lines: list[list[Piece]], columns: list[float], right: float
) -> dict[tuple[int, int], float]:
    """Where the text of a cell can reach, by (column, columns spanned): the furthest end that two
    pieces of that extent share (where a cell's lines wrap), else the furthest end, else the start of
    the next column. One long value running over empty columns does not widen the column."""
    ends: dict[tuple[int, int], list[float]] = {}
    for pieces in lines:
        for p in pieces:
            ends.setdefault((p.col, p.span), []).append(p.x1)
    reach: dict[tuple[int, int], float] = {}
    for key, xs in ends.items():
        xs.sort(reverse=True)
        shared = next((a for a, b in itertools.pairwise(xs) if a - b <= _ALIGN), None)
        reach[key] = shared if shared is not None else xs[0]
    for k in range(len(columns)):
        reach.setdefault((k, 1), columns[k + 1] if k + 1 < len(columns) else right)
    return reach


def _header_wraps(pieces: list[Piece], row: dict[int, GridCell], line: int) -> bool:
    """A header row's second line: the row so far is one line of words in three or more cells, and
    this line goes on in some of them ("年度" over "指标值", "偏差原因分析" over "及改进措施")."""
    if len(row) < MIN_COLUMNS or len(pieces) >= len(row):
        return False
    if any(len(c.pieces) != 1 or _NUMBER.match(c.pieces[0].text) for c in row.values()):
        return False
    # Header words are short; a line of running text under them is the first row's.
    words = [c.pieces[0] for c in row.values()] + pieces
    if any(len(p.glyphs) > _HEADER_WORD for p in words):
        return False
    return all(p.col in row and row[p.col].last_line == line - 1 for p in pieces)


def _wrapped(piece: Piece, edge: float) -> bool:
    """Whether a cell's line ran on to its edge: short of it by no more than a few characters (line
    breaking keeps "庭”“" or a number together), or, in a narrow column, by less than most of its width."""
    short = edge - piece.x1
    return short <= max(_FULL * piece.size, _NARROW * (edge - piece.x0))


def _pitch(lines: list[list[Piece]]) -> float:
    steps = sorted(b[0].glyphs[0].baseline - a[0].glyphs[0].baseline for a, b in itertools.pairwise(lines))
    return steps[len(steps) // 2] if steps else 0.0


def _starts_row(
    pieces: list[Piece],
    previous: list[Piece],
    row: dict[int, GridCell],
    edges: dict[tuple[int, int], float],
    pitch: float,
    line: int,
) -> bool:
    """Whether a printed line starts a new logical row rather than carrying on the cells above.

    It carries them on when each of its pieces continues, on the next line, a cell of the row that
    wrapped — ran to its column's right edge without ending a sentence — within that cell's width, and
    none puts a number in a cell of words or a second number in a cell; a piece in a column the row
    has no cell in yet may come along.
    """
    gap = pieces[0].glyphs[0].baseline - previous[0].glyphs[0].baseline
    if pitch and gap > 1.4 * pitch:
        return True
    carries = 0
    fresh = False
    numbers = any(_NUMBER.match(p.text) for p in pieces)
    if not numbers and _header_wraps(pieces, row, line):
        return False
    for piece in pieces:
        cell = row.get(piece.col)
        if cell is None:
            if len(piece.glyphs) > 1 and carries:
                # Cells carried on and a new one begun on the same line: the new one's row has begun.
                return True
            fresh = True
            continue
        last = cell.pieces[-1]
        edge = edges.get((cell.col, cell.span), last.x1)
        if _NUMBER.match(piece.text) and (
            any(_NUMBER.match(p.text) for p in cell.pieces) or not last.text[-1:].isdigit()
        ):
            # A number under a number, or under words, is the next row's: only a number broken at
            # the line end goes on.
            return True
        ended = last.text.endswith(_SENTENCE_END)
        wrapped = not ended and _wrapped(last, edge)
        # A cell right of the row's first may hold several sentences; a row never starts right of
        # its first cell without a number.
        goes_on = wrapped or (ended and piece.col > min(row) and not numbers)
        # Wrapped text goes on on the very next line: a cell that skipped a line has ended.
        if not goes_on or cell.last_line != line - 1 or piece.x1 > edge + _FULL * piece.size:
            return True
        if fresh:
            # A cell starting left of a wrapped one: text does not run on from right to left.
            return True
        carries += 1
    # A line of new pieces only (cells empty so far in the row) is a row of its own.
    return carries == 0
