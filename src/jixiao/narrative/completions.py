"""Which part of a table's 实际完成情况 cell reports on which goal of its 预期目标 cell.

A self-evaluation table pairs one 预期目标 cell (often a list of goals) with one completion cell. The
completion statement of each goal is:

1. the whole cell, when the table states one goal;
2. the matching item, when the cell is a numbered list as long as the goals'; nothing when the list
   does not line up with the goals (the cell was written to another plan);
3. the matching clause, when the cell is written clause by clause in the goals' order: its clauses
   (cut at 。；) are aligned to the goals in order, a clause that reports on several goals being cut
   at its commas among them — accepted only when every goal shares enough words with its part
   (cosine of the sets of two-character words at least 0.18, at least three of them shared);
4. otherwise the whole cell, for every goal: it is the completion statement the table gives for
   them together.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from jixiao.narrative.assemble import clean_text
from jixiao.narrative.patterns import empty_reason
from jixiao.narrative.splitting import leading_marker
from jixiao.narrative.splitting import list_markers
from jixiao.narrative.splitting import split_items

_CLAUSE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]*")
_PIECE = re.compile(r"[^，,]+[，,]*")
_HAN = re.compile(r"[\u4e00-\u9fff]")
MIN_COSINE = 0.18
MIN_SHARED = 3


def match_completions(goals: Sequence[str], actual: str | None) -> list[str | None]:
    """The completion statement of each goal (see the module docstring).

    Args:
        goals: the goals' texts, in order.
        actual: the 实际完成情况 cell (None when the table has none).
    """
    if not goals:
        return []
    if actual is None or empty_reason(actual) is not None:
        return [None] * len(goals)
    whole = clean_text(actual, trim_end=False)
    if len(goals) == 1:
        return [whole]
    if list_markers(actual):
        items = [clean_text(s.text, trim_end=False) for s in split_items(actual, sentences=False)]
        return list(items) if len(items) == len(goals) else [None] * len(goals)
    clauses = [_unnumbered(c.strip()) for c in _CLAUSE.findall(whole) if _HAN.search(c)]
    aligned = _align_in_order(goals, clauses)
    if aligned is not None:
        return list(aligned)
    return [whole] * len(goals)


def _align_in_order(goals: Sequence[str], clauses: Sequence[str]) -> list[str] | None:
    """Goals aligned to clauses in order (several goals on one clause share it at its commas)."""
    if len(clauses) < 2:
        return None
    picks = _monotone(goals, clauses)
    out: list[str] = []
    i = 0
    while i < len(goals):
        j = picks[i]
        same = [k for k in range(i, len(goals)) if picks[k] == j]
        if len(same) == 1:
            out.append(clauses[j])
        else:
            pieces = [p.strip() for p in _PIECE.findall(clauses[j]) if _HAN.search(p)]
            if len(pieces) < len(same):
                return None
            sub = _monotone([goals[k] for k in same], pieces, distinct=True)
            out.extend(pieces[s] for s in sub)
        i += len(same)
    if all(_close(goal, part) for goal, part in zip(goals, out, strict=True)):
        return out
    return None


def _monotone(goals: Sequence[str], parts: Sequence[str], *, distinct: bool = False) -> list[int]:
    """For each goal, the index of its part: non-decreasing (strictly increasing when ``distinct``),
    maximising the total similarity."""
    n, m = len(goals), len(parts)
    sim = [[_similarity(g, p)[0] for p in parts] for g in goals]
    neg = -1.0e9
    best = [[neg] * m for _ in range(n)]
    back = [[0] * m for _ in range(n)]
    for j in range(m):
        best[0][j] = sim[0][j]
    for i in range(1, n):
        for j in range(m):
            limit = j if distinct else j + 1
            prev = max(range(limit), key=lambda k: best[i - 1][k], default=None)
            if prev is None or best[i - 1][prev] <= neg:
                continue
            best[i][j] = best[i - 1][prev] + sim[i][j]
            back[i][j] = prev
    j = max(range(m), key=lambda k: best[n - 1][k])
    picks = [j]
    for i in range(n - 1, 0, -1):
        j = back[i][j]
        picks.append(j)
    return picks[::-1]


def _close(goal: str, part: str) -> bool:
    cosine, shared = _similarity(goal, part)
    return cosine >= MIN_COSINE and shared >= MIN_SHARED


def _unnumbered(clause: str) -> str:
    """A clause without the list markers it starts with (``四是1.以养成…`` → ``以养成…``)."""
    while (marker := leading_marker(clause)) is not None:
        clause = clause[marker.end :].lstrip(" ：:，,")
    return clause


def _bigrams(text: str) -> set[str]:
    han = "".join(_HAN.findall(text))
    return {han[i : i + 2] for i in range(len(han) - 1)}


def _similarity(goal: str, part: str) -> tuple[float, int]:
    """Cosine of the two texts' sets of two-character words, and how many they share."""
    g, p = _bigrams(goal), _bigrams(part)
    shared = len(g & p)
    return (shared / math.sqrt(len(g) * len(p)) if g and p else 0.0), shared


__all__ = ["MIN_COSINE", "MIN_SHARED", "match_completions"]
