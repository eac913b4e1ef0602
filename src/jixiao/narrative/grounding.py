"""Finding an item's evidence quote in the document: exact, then normalised, then fuzzy.

A quote from an LLM is rarely byte-identical to the source: full-width punctuation comes back
half-width (``，`` → ``,``), line breaks of a PDF-extracted paragraph disappear, a space is added
between a number and a CJK word, a closing ``。`` is dropped. So the search runs in three passes over
the section's window of ``Document.text``:

1. exact — ``str.find`` (Python strings index by code point, so CJK offsets are right as they are);
2. normalised — both sides NFKC-folded (full-width → half-width), CJK punctuation unified, case folded
   and whitespace dropped; then, if still not found, punctuation dropped too. Each normalised
   character remembers the index of the original character it came from, so a hit maps back to an
   exact span of the original text;
3. fuzzy — rapidfuzz's partial-ratio alignment of the normalised quote against the normalised window,
   accepted at ``min_score`` (0–100), mapped back the same way.

Otherwise the item is ``ungrounded`` and goes to review. So is an item whose quote is too short to
point anywhere: ``的`` or ``完成`` occur in every section, and finding them says nothing about where the
item came from (fewer than ``min_chars`` letters, digits or ideographs, unless that is the whole text
searched).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from jixiao.schema import Grounding
from jixiao.schema import GroundingStatus
from jixiao.schema import Span

DEFAULT_MIN_SCORE = 85.0
MIN_QUOTE_CHARS = 4

# After NFKC: CJK punctuation that NFKC leaves alone, folded onto one ASCII form each.
_FOLD = str.maketrans(
    {
        "。": ".",
        "、": ",",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "《": "<",
        "》": ">",
        "〈": "<",
        "〉": ">",
        "【": "[",
        "】": "]",
        "〔": "[",
        "〕": "]",
        "—": "-",
        "–": "-",
        "－": "-",
        "～": "~",
        "…": ".",
        "·": ".",
        "•": ".",
        "≧": "≥",
        "≦": "≤",
    }
)


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS" and ch not in "%≥≤<>=+-"


@dataclass(frozen=True)
class NormalisedText:
    """A text folded for matching, with the index in the original of every folded character."""

    text: str
    index: tuple[int, ...]

    def span(self, start: int, end: int) -> Span:
        """The original span covered by folded characters ``[start, end)``."""
        return (self.index[start], self.index[end - 1] + 1)


def normalise(text: str, *, drop_punct: bool = False) -> NormalisedText:
    """Fold ``text`` for matching (see the module docstring), keeping an offset map to the original."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for out in unicodedata.normalize("NFKC", ch).translate(_FOLD).casefold():
            if out.isspace() or (drop_punct and _is_punct(out)):
                continue
            chars.append(out)
            index.append(i)
    return NormalisedText("".join(chars), tuple(index))


def ground(
    text: str,
    quote: str,
    window: Span | None = None,
    *,
    after: int | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    min_chars: int = MIN_QUOTE_CHARS,
) -> Grounding:
    """Locate ``quote`` in ``text[window]``.

    Args:
        text: the document's canonical text.
        quote: the verbatim evidence an item carries.
        window: where to look (the section or table cell the item was read from); the whole text if None.
        after: prefer a match starting at or after this offset (items come in document order, and a
            phrase repeated in a section should be found at the right repetition).
        min_score: the lowest fuzzy similarity (0–100) accepted.
        min_chars: the fewest letters, digits or ideographs a quote must hold to locate anything (a
            shorter one still does when it is all the window holds).

    Returns:
        A Grounding with the span in ``text`` (exact, normalised or fuzzy), or ``ungrounded``.
    """
    lo, hi = window if window is not None else (0, len(text))
    lo, hi = max(0, lo), min(len(text), hi)
    needle = quote.strip()
    if not needle or lo >= hi:
        return Grounding(status=GroundingStatus.UNGROUNDED)
    if _too_short(needle, text[lo:hi], min_chars):
        return Grounding(status=GroundingStatus.UNGROUNDED)
    starts = [max(lo, after), lo] if after is not None and lo <= after < hi else [lo]

    for start in starts:
        pos = text.find(needle, start, hi)
        if pos >= 0:
            return Grounding(status=GroundingStatus.EXACT, span=(pos, pos + len(needle)), score=100.0)

    region = text[lo:hi]
    for drop_punct in (False, True):
        hay = normalise(region, drop_punct=drop_punct)
        pin = normalise(needle, drop_punct=drop_punct).text
        if not pin:
            continue
        for start in starts:
            rel = _first_index_at_or_after(hay, start - lo)
            pos = hay.text.find(pin, rel)
            if pos >= 0:
                s, e = hay.span(pos, pos + len(pin))
                return Grounding(status=GroundingStatus.NORMALISED, span=(lo + s, lo + e), score=100.0)

    hay = normalise(region, drop_punct=True)
    pin = normalise(needle, drop_punct=True).text
    if not pin or not hay.text:
        return Grounding(status=GroundingStatus.UNGROUNDED)
    found = fuzz.partial_ratio_alignment(pin, hay.text, score_cutoff=min_score)
    if found is None or found.dest_end <= found.dest_start:
        return Grounding(status=GroundingStatus.UNGROUNDED)
    start, end, score = _refine(pin, hay.text, found.dest_start, found.dest_end, found.score)
    s, e = hay.span(start, end)
    return Grounding(status=GroundingStatus.FUZZY, span=(lo + s, lo + e), score=round(score, 1))


def _too_short(quote: str, window: str, min_chars: int) -> bool:
    meaningful = sum(1 for ch in quote if ch.isalnum())
    if meaningful >= min_chars:
        return False
    folded = normalise(quote, drop_punct=True).text
    return not folded or folded != normalise(window, drop_punct=True).text


def _refine(needle: str, hay: str, start: int, end: int, score: float) -> tuple[int, int, float]:
    """Move the ends of a partial-ratio window (which is as long as the needle) to fit the match.

    A paraphrase is rarely exactly as long as its source: the window then cuts a character off one end.
    """
    reach = max(2, min(8, len(needle) // 10))
    best = (score, end - start, start, end)
    for s in range(max(0, start - reach), start + reach + 1):
        for e in range(max(s + 1, end - reach), min(len(hay), end + reach) + 1):
            candidate = (fuzz.ratio(needle, hay[s:e]), e - s, s, e)
            if candidate[:2] > best[:2]:
                best = candidate
    return best[2], best[3], best[0]


def _first_index_at_or_after(norm: NormalisedText, offset: int) -> int:
    """The first folded position whose original index is at or after ``offset``."""
    for i, original in enumerate(norm.index):
        if original >= offset:
            return i
    return len(norm.index)


__all__ = ["DEFAULT_MIN_SCORE", "MIN_QUOTE_CHARS", "NormalisedText", "ground", "normalise"]
