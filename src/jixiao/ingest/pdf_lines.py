"""Glyphs to text lines in reading order, with interleaved runs taken apart.

A line is the glyphs that share a baseline, left to right. Ordering by position makes the text
independent of the order a producer draws in (some draw the characters of neighbouring runs
interleaved), and goes wrong only where glyphs of different runs occupy the same stretch of a line:

* **two printed lines in one baseline band** — set closer than the band's tolerance, or drawn with a
  font size the file misstates: their glyphs alternate along x ("部一门般决公算共");
* **runs printed over each other on one baseline** — text overflowing its table cell into the next
  one, a filled-in value drawn over the underscores of its blank.

Such a line is recognised by glyphs of different runs (PDFium text objects) or baselines that overlap
along x, and is rebuilt from the glyph positions: one line per baseline, and on a baseline its
*strands* — glyphs that follow each other without a gap, the same run preferred — put left to right by
where each starts, a space between strands that overlap. Glyphs of different characters drawn at the
same place cannot be ordered from their positions at all: they are counted as *stacked*, and
:mod:`jixiao.ingest.pdf_quality` judges a page with many of them.
"""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass
from dataclasses import field

from jixiao.schema import BBox

# Em box of a glyph around its baseline (CJK fonts: ascent 0.88, descent 0.12 of the size).
ASCENT = 0.88
DESCENT = 0.12
# Gap (in em) that makes a space between two glyphs, by how many of the two are CJK.
_SPACE_GAP = (0.2, 0.35, 0.5)
# Baselines closer than this (in em) belong to one line; a band is chunked with the wider tolerance,
# then split where glyphs of its baselines overlap.
_BAND = 0.3
_SAME_BASELINE = 0.15
# Share of the narrower glyph's width two glyphs must share along x to overlap: kerning and loose
# advance boxes stay below it.
_OVERLAP = 0.4
# Two glyphs whose left edges are closer than this share of their width sit on top of each other.
_STACKED = 0.15
# A strand carries on to a glyph that starts within this many em of its end.
_STRAND_GAP = 0.3


def is_cjk(ch: str) -> bool:
    """A CJK ideograph, full-width form or CJK punctuation (text that needs no spaces between letters)."""
    code = ord(ch)
    # CJK radicals, punctuation, kana and ideographs; compatibility ideographs; full-width forms.
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character as drawn: advance box horizontally, em box around the baseline vertically."""

    char: str
    x0: float
    x1: float
    baseline: float
    size: float
    order: int = 0
    """Position in the page's text stream."""
    run: int = 0
    """The text object (one string shown by the content stream) the glyph belongs to."""

    @property
    def top(self) -> float:
        return self.baseline - ASCENT * self.size

    @property
    def bottom(self) -> float:
        return self.baseline + DESCENT * self.size

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return self.baseline - (ASCENT - DESCENT) * self.size / 2


@dataclass(frozen=True)
class TextLine:
    """Glyphs on one baseline, left to right, with the spaces their gaps imply."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    baseline: float

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass
class LineOrder:
    """What putting a page's glyphs in reading order met."""

    lines: int = 0
    rebuilt: int = 0
    """Lines whose glyphs came from interleaved runs or baselines and were put back in order."""
    rebuilt_glyphs: int = 0
    stacked_glyphs: int = 0
    """Glyphs drawn on top of a glyph of another character: no order can be read from their positions."""
    examples: list[str] = field(default_factory=list)
    """The first rebuilt lines' text, for the report."""


@dataclass(frozen=True)
class OrderedLine:
    """The glyphs of one line in reading order; ``breaks`` are the indices where an overlapping strand starts."""

    glyphs: list[Glyph]
    breaks: frozenset[int] = frozenset()


def group_lines(glyphs: list[Glyph], order: LineOrder | None = None) -> list[OrderedLine]:
    """Glyphs that share a baseline, each line in reading order; lines top to bottom."""
    if not glyphs:
        return []
    ordered = sorted(glyphs, key=lambda g: (g.baseline, g.x0))
    bands: list[list[Glyph]] = []
    current: list[Glyph] = [ordered[0]]
    base = ordered[0].baseline
    size = ordered[0].size
    for g in ordered[1:]:
        if abs(g.baseline - base) <= _BAND * max(size, g.size):
            current.append(g)
            continue
        bands.append(current)
        current = [g]
        base, size = g.baseline, g.size
    bands.append(current)
    out: list[OrderedLine] = []
    for band in bands:
        line, tangled = _dedupe(sorted(band, key=lambda g: g.x0))
        if tangled:
            out.extend(_untangle(line, order))
        else:
            out.append(OrderedLine(line))
    if order is not None:
        order.lines += len(out)
    return out


def _dedupe(glyphs: list[Glyph]) -> tuple[list[Glyph], bool]:
    """The line without fake-bold copies, and whether it is tangled: glyphs of different runs or
    baselines overlapping along it, or glyphs of different characters on top of each other."""
    # Fake bold draws a run of text twice, a fraction of a point apart: the copy sits on the original
    # but comes later in the text stream. Two characters drawn as one glyph ("——") share a box too,
    # but are neighbours in the stream, and both are kept.
    out: list[Glyph] = [glyphs[0]]
    tangled = False
    prev = glyphs[0]
    for g in glyphs[1:]:
        if g.x0 < prev.x1:
            if (
                prev.char == g.char
                and abs(prev.x0 - g.x0) < 0.3 * max(1.0, g.x1 - g.x0)
                and abs(prev.order - g.order) > 1
            ):
                continue
            if not tangled:
                if prev.run != g.run or abs(prev.baseline - g.baseline) > _SAME_BASELINE * prev.size:
                    tangled = _overlap(prev, g)
                else:
                    tangled = prev.char != g.char and g.x0 - prev.x0 < _STACKED * max(
                        prev.x1 - prev.x0, g.x1 - g.x0
                    )
        out.append(g)
        prev = g
    return out, tangled


def _overlap(a: Glyph, b: Glyph) -> bool:
    """``b`` (starting at or right of ``a``) shares more than :data:`_OVERLAP` of the narrower width with ``a``."""
    narrower = min(a.x1 - a.x0, b.x1 - b.x0)
    return narrower > 0 and min(a.x1, b.x1) - b.x0 > _OVERLAP * narrower


def _untangle(line: list[Glyph], order: LineOrder | None) -> list[OrderedLine]:
    """A tangled line as one line per baseline, each with its strands side by side."""
    out: list[OrderedLine] = []
    stacked = 0
    for cluster in _baseline_clusters(line):
        stacked += _stacked(cluster)
        strands = _strands(cluster)
        strands.sort(key=lambda s: s[0].x0)
        glyphs: list[Glyph] = []
        breaks: set[int] = set()
        for strand in strands:
            if glyphs and strand[0].x0 < glyphs[-1].x1:
                breaks.add(len(glyphs))
            glyphs.extend(strand)
        out.append(OrderedLine(glyphs, frozenset(breaks)))
    if order is not None:
        order.stacked_glyphs += stacked
        changed = (
            len(out) > 1
            or bool(out[0].breaks)
            or any(a is not b for a, b in zip(out[0].glyphs, line, strict=True))
        )
        if changed:
            order.rebuilt += 1
            order.rebuilt_glyphs += len(line)
            if len(order.examples) < 3:
                order.examples.append(" / ".join(line_of(ln).text for ln in out))
    return out


def _baseline_clusters(line: list[Glyph]) -> list[list[Glyph]]:
    """The line split by baseline where glyphs of two baselines overlap along x; else the line itself."""
    by_base = sorted(line, key=lambda g: g.baseline)
    clusters: list[list[Glyph]] = [[by_base[0]]]
    for g in by_base[1:]:
        prev = clusters[-1][-1]
        if g.baseline - prev.baseline > _SAME_BASELINE * max(g.size, prev.size):
            clusters.append([g])
        else:
            clusters[-1].append(g)
    if len(clusters) == 1:
        return [line]
    label = {id(g): k for k, cluster in enumerate(clusters) for g in cluster}
    crossing: dict[int, int] = {}
    for a, b in itertools.pairwise(line):
        if label[id(a)] != label[id(b)] and _overlap(a, b):
            crossing[label[id(a)]] = crossing.get(label[id(a)], 0) + 1
            crossing[label[id(b)]] = crossing.get(label[id(b)], 0) + 1
    # A raised footnote mark or a digit set a little lower touches its neighbour once; two printed
    # lines drawn into one band overlap glyph after glyph.
    if sum(1 for n in crossing.values() if n >= 2) < 2:
        return [line]
    return [sorted(cluster, key=lambda g: g.x0) for cluster in clusters]


def _strands(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs (left to right, one baseline) chained into strands.

    Each glyph is followed by the glyph that starts where it ends: candidate pairs within
    :data:`_STRAND_GAP` em are taken best first — the same run before another, then the closer fit —
    so that of two strings drawn over each other a little apart, each keeps its own characters.
    """
    starts = [g.x0 for g in glyphs]
    pairs: list[tuple[int, float, int, int]] = []
    for i, a in enumerate(glyphs):
        reach = _STRAND_GAP * a.size
        lo = bisect.bisect_left(starts, a.x1 - reach)
        hi = bisect.bisect_right(starts, a.x1 + reach)
        for j in range(lo, hi):
            b = glyphs[j]
            if j != i and b.x0 > a.x0 + _STACKED * (a.x1 - a.x0):
                pairs.append((0 if a.run == b.run else 1, abs(b.x0 - a.x1), i, j))
    pairs.sort()
    following: dict[int, int] = {}
    preceded: set[int] = set()
    for _, _, i, j in pairs:
        if i not in following and j not in preceded:
            following[i] = j
            preceded.add(j)
    strands: list[list[Glyph]] = []
    for i in range(len(glyphs)):
        if i in preceded:
            continue
        strand = [glyphs[i]]
        while i in following:
            i = following[i]
            strand.append(glyphs[i])
        strands.append(strand)
    return strands


def _stacked(line: list[Glyph]) -> int:
    """Glyphs whose left edge sits on another character's (fake-bold copies are already gone)."""
    n = 0
    for a, b in itertools.pairwise(line):
        width = max(a.x1 - a.x0, b.x1 - b.x0)
        if a.char != b.char and abs(b.x0 - a.x0) < _STACKED * width and abs(a.baseline - b.baseline) < a.size:
            n += 1
    return n


def line_of(line: OrderedLine | list[Glyph]) -> TextLine:
    """One text line from glyphs in reading order."""
    if isinstance(line, OrderedLine):
        glyphs, breaks = line.glyphs, line.breaks
    else:
        glyphs, breaks = line, frozenset()
    parts: list[str] = []
    prev: Glyph | None = None
    for i, g in enumerate(glyphs):
        if prev is not None:
            gap = g.x0 - prev.x1
            size = prev.size if prev.size > g.size else g.size
            # CJK is letter-spaced for justification, and typesetters put a quarter em between CJK and
            # Latin; only wider gaps are spaces. Strands drawn over each other are set apart.
            if i in breaks or (
                gap > _SPACE_GAP[0] * size and gap > _SPACE_GAP[is_cjk(prev.char) + is_cjk(g.char)] * size
            ):
                parts.append(" ")
        parts.append(g.char)
        prev = g
    sizes = sorted(g.size for g in glyphs)
    baselines = sorted(g.baseline for g in glyphs)
    return TextLine(
        text="".join(parts),
        x0=min(g.x0 for g in glyphs),
        top=min(g.baseline - ASCENT * g.size for g in glyphs),
        x1=max(g.x1 for g in glyphs),
        bottom=max(g.baseline + DESCENT * g.size for g in glyphs),
        size=sizes[len(sizes) // 2],
        baseline=baselines[len(baselines) // 2],
    )
