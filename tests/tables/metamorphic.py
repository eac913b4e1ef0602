"""Re-render golden forms the way other provinces would print them, keeping what they say.

A form is taken as a grid of cells, each cell knowing the merge it belongs to (:class:`Grid`), so columns
can be renamed, moved, added and dropped and the merges rebuilt. Each transformation keeps the form's
content — the same indicators, the same amounts — so the tool must read the same typed values from every
variant (amounts compared in 万元). The wordings come from forms published in other provinces (at least
four per field), not from the tool's vocabulary.

Which column holds which field is taken from the tool's reading of the untouched form (its coverage column
map), whose correctness the golden evaluation establishes; the variants then test that the reading does
not depend on the wording, order, presence of other columns, unit or script of the form.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from decimal import InvalidOperation
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "golden" / "render"))

from render import Block  # noqa: E402
from render import CellSpec  # noqa: E402
from render import TableSpec  # noqa: E402

# Alternative headers per field, each seen on a published form (golden/forms and the wordings research).
WORDINGS: dict[str, list[str]] = {
    "level1": ["一级指标", "一级\n指标", "一级", "一级指标名称"],
    "level2": ["二级指标", "二级\n指标", "二级", "二级指标名称"],
    "name": ["三级指标", "指标名称", "指标名称(三级指标)", "三级指标名称", "具体指标"],
    "target": [
        "年度指标值",
        "年度目标值",
        "全年目标值",
        "年初目标值(A)",
        "指标值",
        "绩效目标值",
        "年度\n指标值",
    ],
    "actual": [
        "实际完成值",
        "全年实际值",
        "年终完成值",
        "实际完成值(B)",
        "全年完成值",
        "指标实际完成值",
        "完成值",
    ],
    "weight": ["分值", "权重", "指标分值", "指标权重(分)", "标准分值", "分值权重"],
    "score": ["得分", "自评得分", "评分", "指标得分(分)", "实际得分"],
    "reason": ["偏差原因分析及改进措施", "未完成原因分析", "偏差原因", "未完成原因及拟采取的改进措施"],
    "initial_budget": ["年初预算数", "年初预算", "年初预算数(A)", "年初批复预算", "年初\n预算数"],
    "budget": ["全年预算数", "调整后预算数", "调整预算数", "全年预算数(A)", "全年(调整)预算数", "预算数(A)"],
    "executed": ["全年执行数", "实际执行数", "预算执行数", "全年执行数(B)", "实际支出数", "执行数(B)"],
    "rate": ["执行率", "预算执行率", "执行率(B/A)", "执行率(%)", "预算执行率(B/A×100%)"],
}
# Suffixes forms add to a header: a column letter, a unit, points.
SUFFIXES: dict[str, str] = {
    "target": "（A）",
    "actual": "（B）",
    "weight": "(分)",
    "score": "（分）",
    "initial_budget": "(万元)",
    "budget": "（A）",
    "executed": "(B)",
    "rate": "(B/A)",
}
# Columns forms add that hold no field.
EXTRA_COLUMNS = [("评分标准", "按完成比例计分"), ("备注", "无"), ("佐证资料", "见附件")]


@dataclass
class Cell:
    """One grid position: its text and the merge it belongs to (cells of one merge share ``merge``)."""

    text: str
    merge: int


@dataclass
class Grid:
    """A table as a full grid; a merged cell's text is kept at its top-left position only."""

    cells: list[list[Cell]]

    @property
    def n_cols(self) -> int:
        return len(self.cells[0]) if self.cells else 0

    @classmethod
    def from_spec(cls, spec: TableSpec) -> Grid:
        cells: list[list[Cell | None]] = [[None] * spec.n_cols for _ in spec.rows]
        merge = 0
        for r, row in enumerate(spec.rows):
            for c, cs in enumerate(row):
                if cs is None:
                    continue
                merge += 1
                for dr in range(cs.row_span):
                    for dc in range(cs.col_span):
                        cells[r + dr][c + dc] = Cell(cs.text if not (dr or dc) else "", merge)
        filled = [[c if c is not None else Cell("", -1 - i * 1000 - j) for j, c in enumerate(row)]
                  for i, row in enumerate(cells)]  # fmt: skip
        return cls(filled)

    def to_spec(self) -> TableSpec:
        """Rebuild the merges: each merge's positions, split into rectangles of contiguous columns."""
        n_rows, n_cols = len(self.cells), self.n_cols
        rows: list[list[CellSpec | None]] = [[None] * n_cols for _ in range(n_rows)]
        done: set[tuple[int, int]] = set()
        for r in range(n_rows):
            for c in range(n_cols):
                if (r, c) in done:
                    continue
                m = self.cells[r][c].merge
                width = 1
                while (
                    c + width < n_cols and self.cells[r][c + width].merge == m and (r, c + width) not in done
                ):
                    width += 1
                height = 1
                while (
                    r + height < n_rows
                    and all(self.cells[r + height][c + k].merge == m for k in range(width))
                    and (c == 0 or self.cells[r + height][c - 1].merge != m)
                ):
                    height += 1
                text = next(
                    (self.cells[r + i][c + k].text for i in range(height) for k in range(width)
                     if self.cells[r + i][c + k].text),
                    "",
                )  # fmt: skip
                rows[r][c] = CellSpec(text=text, row_span=height, col_span=width)
                for i in range(height):
                    for k in range(width):
                        done.add((r + i, c + k))
        return TableSpec(n_cols=n_cols, rows=rows)

    def move_column(self, src: int, dst: int) -> None:
        for row in self.cells:
            row.insert(dst, row.pop(src))

    def insert_column(self, at: int, fill: Callable[[int], str | None]) -> None:
        """A new column before ``at``: ``fill(row)`` gives its text, or None to widen the merge on its left."""
        for r, row in enumerate(self.cells):
            text = fill(r)
            if text is None and at > 0:
                row.insert(at, Cell("", row[at - 1].merge))
            else:
                row.insert(at, Cell(text or "", -10_000_000 - r))

    def drop_column(self, col: int) -> None:
        for row in self.cells:
            cell = row.pop(col)
            # A merge losing its top-left text keeps it at its next position.
            if cell.text:
                for other in row:
                    if other.merge == cell.merge and not other.text:
                        other.text = cell.text
                        break

    def map_text(self, fn: Callable[[int, int, str], str]) -> None:
        for r, row in enumerate(self.cells):
            for c, cell in enumerate(row):
                if cell.text:
                    cell.text = fn(r, c, cell.text)


@dataclass(frozen=True)
class Part:
    """Where a form part's header sits in the grid, and which field each of its columns holds."""

    kind: str  # funds / indicators
    header_row: int
    columns: dict[int, str]  # grid column → field
    rows: range  # the part's data rows


@dataclass
class Variant:
    name: str
    blocks: list[Block]
    other_unit: bool = False
    dropped: set[str] = field(default_factory=set)


def _money(text: str, *, up: bool = True) -> str | None:
    """``89.974`` → ``899740``: an amount in 万元 written in 元, or the reverse (None for a cell that is not a
    number)."""
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        return None
    value = value * 10000 if up else value / 10000
    out = f"{value:f}"
    return out.rstrip("0").rstrip(".") if "." in out else out


def variants(
    blocks: list[Block], parts_of: Callable[[int], list[Part]], seed: int, *, in_yuan: bool = False
) -> Iterator[Variant]:
    """Every variant of a form: reworded, suffixed, reordered, widened, narrowed, in the other unit,
    traditional.

    ``parts_of(t)`` gives the parts of the ``t``-th table (from the untouched form's reading); ``in_yuan``
    says the form prints its amounts in 元 already (its variant is then printed in 万元).
    """
    to_yuan = not in_yuan
    tables = [(i, b) for i, b in enumerate(blocks) if isinstance(b, TableSpec)]

    def build(name: str, change: Callable[[Grid, list[Part]], None], **kw: object) -> Variant:
        out: list[Block] = list(blocks)
        for t, (i, spec) in enumerate(tables):
            grid = Grid.from_spec(spec)
            change(grid, parts_of(t))
            out[i] = grid.to_spec()
        if kw.get("other_unit"):
            # A unit note printed above the table says the other unit too.
            a, b = ("万元", "元") if to_yuan else ("元", "万元")
            out = [x.replace(a, b) if isinstance(x, str) and len(x) < 30 and a in x else x for x in out]
        return Variant(name, out, **kw)  # type: ignore[arg-type]

    for k in range(2):
        yield build(f"reworded-{k}", lambda g, ps, k=k: _reword(g, ps, seed + k))
    yield build("suffixed", _suffix)
    yield build("weight-before-target", _weight_first)
    yield build("extra-columns", lambda g, ps: _extra_columns(g, ps, seed))
    yield build("no-reason-column", _drop_reason, dropped={"reason"})
    yield build("other-unit", lambda g, ps: _in_other_unit(g, ps, to_yuan=to_yuan), other_unit=True)
    yield build("traditional", _traditional)
    yield build(
        "everything",
        # The unit first: moving a column shifts the columns the parts were read with.
        lambda g, ps: (
            _in_other_unit(g, ps, to_yuan=to_yuan),
            _reword(g, ps, seed + 7),
            _weight_first(g, ps),
        ),
        other_unit=True,
    )


def _reword(grid: Grid, parts: list[Part], seed: int) -> None:
    for p in parts:
        for k, (col, name) in enumerate(sorted(p.columns.items())):
            words = WORDINGS.get(name)
            if words:
                grid.cells[p.header_row][col].text = words[(seed + k) % len(words)]


def _suffix(grid: Grid, parts: list[Part]) -> None:
    for p in parts:
        for col, name in p.columns.items():
            cell = grid.cells[p.header_row][col]
            if name in SUFFIXES and cell.text:
                cell.text = cell.text + SUFFIXES[name]


def _weight_first(grid: Grid, parts: list[Part]) -> None:
    """Move the indicator part's 分值 column in front of its 指标值 column (as 衔接资金 forms print it)."""
    for p in parts:
        if p.kind != "indicators":
            continue
        weight = next((c for c, f in p.columns.items() if f == "weight"), None)
        target = next((c for c, f in p.columns.items() if f == "target"), None)
        if weight is not None and target is not None and weight > target:
            grid.move_column(weight, target)
            return  # one move per table: columns of later parts have shifted


def _extra_columns(grid: Grid, parts: list[Part], seed: int) -> None:
    """A column that holds no field, after the actual value, inside the indicator part."""
    for p in parts:
        if p.kind != "indicators":
            continue
        actual = next((c for c, f in p.columns.items() if f == "actual"), None)
        if actual is None:
            continue
        header, value = EXTRA_COLUMNS[seed % len(EXTRA_COLUMNS)]

        def fill(
            r: int, p: Part = p, actual: int = actual, header: str = header, value: str = value
        ) -> str | None:
            if r == p.header_row:
                return header
            # Rows of the part that state an actual value get a value in the new column too.
            return value if r in p.rows and grid.cells[r][actual].text.strip() else None

        grid.insert_column(actual + 1, fill)
        return


def _drop_reason(grid: Grid, parts: list[Part]) -> None:
    """No deviation column in the indicator part: the score cell of each of its rows (and the 得分 header)
    spans the column instead, so the fund part above keeps its own columns."""
    for p in parts:
        if p.kind != "indicators":
            continue
        col = next((c for c, f in p.columns.items() if f == "reason"), None)
        if col is None or col == 0:
            continue
        for r in [p.header_row, *p.rows]:
            if r >= len(grid.cells):
                break
            left = grid.cells[r][col - 1]
            grid.cells[r][col] = Cell("", left.merge)
        return


_NOTES = (("（万元）", "（元）"), ("(万元)", "(元)"), ("单位：万元", "单位：元"), ("单位:万元", "单位:元"))


def _in_other_unit(grid: Grid, parts: list[Part], *, to_yuan: bool) -> None:
    """Fund amounts written in the other unit: × 10 000 and every 万元 note said as 元 (or the reverse for a
    form printed in 元)."""
    for p in parts:
        if p.kind != "funds":
            continue
        money = [c for c, f in p.columns.items() if f in ("initial_budget", "budget", "executed", "transfer")]
        for r in p.rows:
            for c in money:
                cell = grid.cells[r][c] if r < len(grid.cells) else None
                if cell is not None and cell.text.strip():
                    converted = _money(cell.text, up=to_yuan)
                    if converted is not None:
                        cell.text = converted
    pairs = _NOTES if to_yuan else tuple((b, a) for a, b in _NOTES)

    def note(_r: int, _c: int, text: str) -> str:
        if len(text) >= 30:
            return text
        for a, b in pairs:
            text = text.replace(a, b)
        return text

    grid.map_text(note)
    printed = "元" if to_yuan else "万元"
    if not any(f"({printed})" in c.text or f"（{printed}）" in c.text for row in grid.cells for c in row):
        # A form whose unit note stood outside the table: say it on the fund part's header instead.
        for p in parts:
            if p.kind == "funds" and p.columns:
                cell = grid.cells[p.header_row][min(p.columns)]
                cell.text = f"{cell.text}({printed})"


def _traditional(grid: Grid, _parts: list[Part]) -> None:
    import opencc

    convert = opencc.OpenCC("s2t").convert
    grid.map_text(lambda _r, _c, t: convert(t))


__all__ = ["EXTRA_COLUMNS", "SUFFIXES", "WORDINGS", "Grid", "Part", "Variant", "variants"]
