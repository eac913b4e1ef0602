"""PDF page geometry read with PDFium: the page transform, ruling lines, and lattice tables.

The ruling lines a table is drawn with are PDFium path objects. They are turned into pdfplumber edge
dicts and handed to pdfplumber's lattice algorithm (``pdfplumber.table``: snap and join edges,
intersections, cells, tables) with its default settings, so tables are found exactly as
pdfplumber's own table finder finds them — without pdfminer parsing the page.
"""

from __future__ import annotations

import bisect
import ctypes
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# Fewer edges than this of an orientation cannot make a grid.
MIN_EDGES = 2


# --- coordinates --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Transform:
    """Maps PDF user space to pdfplumber's top-left page space (rotation as pdfminer applies it)."""

    a: float
    b: float
    c: float
    d: float
    e: float
    f: float
    height: float

    def point(self, x: float, y: float) -> tuple[float, float]:
        return self.a * x + self.c * y + self.e, self.height - (self.b * x + self.d * y + self.f)


def page_transform(page: pdfium.PdfPage) -> tuple[Transform, float, float]:
    """The page's transform to displayed top-left coordinates, and its displayed width and height."""
    x0, y0, x1, y1 = page.get_mediabox()
    rotation = page.get_rotation() % 360
    width, height = x1 - x0, y1 - y0
    if rotation == 90:
        ctm = (0.0, -1.0, 1.0, 0.0, -y0, x1)
        width, height = height, width
    elif rotation == 180:
        ctm = (-1.0, 0.0, 0.0, -1.0, x1, y1)
    elif rotation == 270:
        ctm = (0.0, 1.0, -1.0, 0.0, y1, -x0)
        width, height = height, width
    else:
        ctm = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
    return Transform(*ctm, height=height), width, height


# --- ruling lines and tables --------------------------------------------------------------------


def _objects(handle: Any, is_form: bool) -> Iterator[Any]:
    count = pdfium_c.FPDFFormObj_CountObjects(handle) if is_form else pdfium_c.FPDFPage_CountObjects(handle)
    for i in range(max(count, 0)):
        yield pdfium_c.FPDFFormObj_GetObject(handle, i) if is_form else pdfium_c.FPDFPage_GetObject(handle, i)


def _compose(m: tuple[float, ...], parent: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    pa, pb, pc, pd, pe, pf = parent
    return (
        a * pa + b * pc,
        a * pb + b * pd,
        c * pa + d * pc,
        c * pb + d * pd,
        e * pa + f * pc + pe,
        e * pb + f * pd + pf,
    )


def scan_objects(page: pdfium.PdfPage, tf: Transform) -> tuple[list[dict[str, Any]], int]:
    """Axis-aligned path segments as pdfplumber edge dicts, and the number of images on the page."""
    edges: list[dict[str, Any]] = []
    images = 0
    matrix = pdfium_c.FS_MATRIX()
    fx, fy = ctypes.c_float(), ctypes.c_float()
    stack: list[tuple[Any, bool, tuple[float, ...]]] = [(page.raw, False, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))]
    while stack:
        handle, is_form, parent = stack.pop()
        for obj in _objects(handle, is_form):
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                images += 1
                continue
            if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
                continue
            pdfium_c.FPDFPageObj_GetMatrix(obj, matrix)
            m = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), parent)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                stack.append((obj, True, m))
                continue
            _path_edges(obj, m, tf, edges, fx, fy)
    return edges, images


def _path_edges(
    obj: Any,
    m: tuple[float, ...],
    tf: Transform,
    edges: list[dict[str, Any]],
    fx: ctypes.c_float,
    fy: ctypes.c_float,
) -> None:
    a, b, c, d, e, f = m
    points: list[tuple[float, float]] = []
    start: tuple[float, float] | None = None
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        pdfium_c.FPDFPathSegment_GetPoint(seg, fx, fy)
        x, y = fx.value, fy.value
        pt = tf.point(a * x + c * y + e, b * x + d * y + f)
        if pdfium_c.FPDFPathSegment_GetType(seg) == pdfium_c.FPDF_SEGMENT_MOVETO:
            # Each subpath stands alone, as pdfminer paints it.
            points = [pt]
            start = pt
            continue
        if points:
            _add_edge(points[-1], pt, edges)
        points.append(pt)
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            _add_edge(pt, start, edges)


def _add_edge(p: tuple[float, float], q: tuple[float, float], edges: list[dict[str, Any]]) -> None:
    (x0, t0), (x1, t1) = p, q
    if abs(t0 - t1) < 0.01:
        left, right = min(x0, x1), max(x0, x1)
        edges.append(ruling_edge(left, t0, right, t0, "h"))
    elif abs(x0 - x1) < 0.01:
        top, bottom = min(t0, t1), max(t0, t1)
        edges.append(ruling_edge(x0, top, x0, bottom, "v"))


def ruling_edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict[str, Any]:
    """A ruling line (``orientation`` ``"h"`` or ``"v"``) as pdfplumber's table finder takes an edge."""
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "line",
    }


def may_hold_a_grid(edges: list[dict[str, Any]]) -> bool:
    """The cheap check before the table finder: at least two ruling lines of each orientation."""
    vertical = sum(1 for e in edges if e["orientation"] == "v")
    return vertical >= MIN_EDGES and len(edges) - vertical >= MIN_EDGES


def find_table_cells(edges: list[dict[str, Any]]) -> list[list[tuple[float, float, float, float]]]:
    """pdfplumber's lattice table finder (default settings, ``lines`` strategy) run on given edges.

    Returns:
        One list of cell boxes per table, tables top to bottom as pdfplumber orders them.
    """
    from pdfplumber import utils
    from pdfplumber.table import TableSettings
    from pdfplumber.table import cells_to_tables
    from pdfplumber.table import edges_to_intersections
    from pdfplumber.table import intersections_to_cells
    from pdfplumber.table import merge_edges

    s = TableSettings.resolve(None)
    v = utils.filter_edges(edges, "v", min_length=s.edge_min_length_prefilter)
    h = utils.filter_edges(edges, "h", min_length=s.edge_min_length_prefilter)
    if len(v) < MIN_EDGES or len(h) < MIN_EDGES:
        return []
    merged = merge_edges(
        v + h,
        snap_x_tolerance=s.snap_x_tolerance,
        snap_y_tolerance=s.snap_y_tolerance,
        join_x_tolerance=s.join_x_tolerance,
        join_y_tolerance=s.join_y_tolerance,
    )
    merged = utils.filter_edges(merged, min_length=s.edge_min_length)
    intersections = edges_to_intersections(merged, s.intersection_x_tolerance, s.intersection_y_tolerance)
    return cells_to_tables(intersections_to_cells(intersections))


def _boundaries(values: list[float], tol: float = 1.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _index(bounds: list[float], value: float) -> int:
    i = bisect.bisect_left(bounds, value - 1.0)
    return min(i, len(bounds) - 1)


@dataclass
class Grid:
    """A table's cell boxes laid on a grid of distinct column and row boundaries."""

    boxes: list[tuple[float, float, float, float]]
    xs: list[float] = field(init=False)
    ys: list[float] = field(init=False)
    owner: dict[tuple[int, int], int] = field(init=False)
    spans: list[tuple[int, int, int, int]] = field(init=False)

    def __post_init__(self) -> None:
        self.xs = _boundaries([x for b in self.boxes for x in (b[0], b[2])])
        self.ys = _boundaries([y for b in self.boxes for y in (b[1], b[3])])
        self.owner = {}
        self.spans = []
        for k, (x0, top, x1, bottom) in enumerate(self.boxes):
            c0, c1 = _index(self.xs, x0), _index(self.xs, x1)
            r0, r1 = _index(self.ys, top), _index(self.ys, bottom)
            self.spans.append((r0, c0, max(1, r1 - r0), max(1, c1 - c0)))
            for r in range(r0, max(r0 + 1, r1)):
                for c in range(c0, max(c0 + 1, c1)):
                    self.owner.setdefault((r, c), k)

    def cell_at(self, x: float, y: float) -> int | None:
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        c = max(0, bisect.bisect_right(self.xs, x) - 1)
        r = max(0, bisect.bisect_right(self.ys, y) - 1)
        return self.owner.get((r, c))
