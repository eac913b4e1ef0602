"""Splitting a narrative section into its items.

The documents number their lists in many ways, often several in one section because Word's
automatic numbering is lost when the text is extracted: ``（一）`` next to ``（2）``, ``1、`` next to
``1.``, ``(二）`` with mixed bracket widths, ``①``, ``指标 1：``, and the run-in ``一是……二是……三是……``.
A *family* of markers is one of these shapes regardless of the numeral written (一 or 1), so
``（一）…（2）…`` is one list.

The list of a section is the longest run of markers of one family numbered 1, 2, 3 … (each marker
must start a line or follow the end of a sentence, so that ``如（1）所述`` is not a marker). Markers of
other families inside an item (``八、1.…2.…``) stay part of that item. Text before the first marker is
a preamble (``下一步，将……。一是……``) and is not an item. A section without a list is split into its
paragraphs; a single paragraph of several sentences is split into sentences, joining a sentence that
only explains the one before it (``究其原因……``, ``通过……``).

Every item keeps its offsets in the section text, so an item's quote can be cut from the document
exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jixiao.structure.headings import numeral_value

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_CN_NUM = "[一二三四五六七八九十]{1,3}"

# A marker may start the text or a line, or follow the end of a sentence; run-in markers (一是, 第一，)
# may also follow a comma or colon, where lists of that kind usually begin (主要有：一是……；二是……).
_AFTER_SENTENCE = r"(?:^|(?<=[\n。；;！？!?：:\u3000 \t]))"
_AFTER_CLAUSE = r"(?:^|(?<=[\n。；;！？!?：:，,\u3000 \t]))"

_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # （一） (2) (二） （4）. — brackets of either width, an optional stray dot or comma after them.
    ("paren", re.compile(_AFTER_SENTENCE + rf"[（(]\s*(?P<n>{_CN_NUM}|\d{{1,2}})\s*[）)][.．、]?")),
    # 一、 1、 1. 1． — a dot must not be a decimal point (2.4万).
    ("dun", re.compile(_AFTER_SENTENCE + rf"(?P<n>{_CN_NUM}|\d{{1,2}})\s*(?:、|[.．](?!\d))")),
    ("circled", re.compile(_AFTER_SENTENCE + rf"(?P<n>[{_CIRCLED}])")),
    ("zhibiao", re.compile(_AFTER_SENTENCE + r"指标\s*(?P<n>\d{1,2})\s*[:：]")),
    ("shi", re.compile(_AFTER_CLAUSE + rf"(?P<n>{_CN_NUM})是(?:[:：，,]|(?=\S))")),
    ("di", re.compile(_AFTER_CLAUSE + rf"第(?P<n>{_CN_NUM})[，,、:：]")),
)

_SENTENCE_END = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』）)]*|[^。！？!?]+$")
# A sentence that starts like this explains the one before it rather than being an item of its own.
_CONTINUATION = re.compile(
    r"^(?:究其原因|主要原因|原因|由于|因此|所以|从而|通过|其中|同时|并且|并|具体|包括|即|但|但是|然而|此外|导致|造成)"
)
_SKIP = " \t\n\u3000"
_TRAIL = " \t\n\u3000"


@dataclass(frozen=True)
class Marker:
    """A list marker found in a text."""

    family: str
    ordinal: int
    start: int
    end: int
    raw: str


@dataclass(frozen=True)
class Segment:
    """One item of a section: its text without the list marker, and where it lies in the section."""

    text: str
    start: int
    end: int
    marker: str | None = None
    ordinal: int | None = None


def find_markers(text: str) -> list[Marker]:
    """Every list marker in ``text``, of every family, in order of position."""
    out: list[Marker] = []
    for family, pattern in _FAMILIES:
        for m in pattern.finditer(text):
            value = numeral_value(m.group("n"))
            if value is None or value == 0:
                continue
            out.append(Marker(family, value, m.start(), m.end(), m.group(0)))
    out.sort(key=lambda mk: (mk.start, -mk.end))
    return out


def leading_marker(text: str) -> Marker | None:
    """The list marker a line begins with (after blanks), if any."""
    stripped = len(text) - len(text.lstrip(_SKIP))
    for mk in find_markers(text[stripped:]):
        if mk.start == 0:
            return Marker(mk.family, mk.ordinal, mk.start + stripped, mk.end + stripped, mk.raw)
        break
    return None


def _chain(markers: list[Marker], family: str, text: str) -> list[Marker]:
    """The run 1, 2, 3 … of one family, starting from its first marker numbered 1.

    A text that begins with a marker numbered k (a continuation chunk) may start its run at k.
    """
    own = [m for m in markers if m.family == family]
    if not own:
        return []
    first_content = len(text) - len(text.lstrip(_SKIP))
    start = next((m for m in own if m.start == first_content), None)
    if start is None:
        start = next((m for m in own if m.ordinal == 1), None)
    if start is None:
        return []
    run = [start]
    for m in own:
        if m.start > run[-1].start and m.ordinal == run[-1].ordinal + 1:
            run.append(m)
    return run


def list_markers(text: str) -> list[Marker]:
    """The markers that make the section's top-level list (empty when the text has no list)."""
    markers = find_markers(text)
    first_content = len(text) - len(text.lstrip(_SKIP))
    best: list[Marker] = []
    for family in dict.fromkeys(m.family for m in markers):
        run = _chain(markers, family, text)
        if not run or (len(run) < 2 and run[0].start != first_content):
            continue
        if not best or (run[0].start, -len(run)) < (best[0].start, -len(best)):
            best = run
    return best


def _segment(text: str, start: int, end: int, marker: Marker | None = None) -> Segment | None:
    """A trimmed segment of ``text[start:end]``; None when nothing but blanks and punctuation is left."""
    while start < end and text[start] in _SKIP + "：:，,。.、":
        start += 1
    while end > start and text[end - 1] in _TRAIL:
        end -= 1
    if start >= end:
        return None
    return Segment(
        text=text[start:end],
        start=start,
        end=end,
        marker=marker.raw if marker else None,
        ordinal=marker.ordinal if marker else None,
    )


def split_items(text: str, *, sentences: bool = True) -> list[Segment]:
    """Split a section's text into items (see the module docstring).

    Args:
        text: the section body (or a table cell).
        sentences: when the text has no list and is a single paragraph, split it into sentences.

    Returns:
        The items in order, each with offsets into ``text``; empty for a blank text.
    """
    run = list_markers(text)
    if run:
        out: list[Segment] = []
        for i, mk in enumerate(run):
            end = run[i + 1].start if i + 1 < len(run) else len(text)
            seg = _segment(text, mk.end, end, mk)
            if seg is not None:
                out.append(seg)
        return out
    paragraphs = [seg for seg in _paragraphs(text) if seg is not None]
    if len(paragraphs) == 1 and sentences:
        return split_sentences(text, paragraphs[0].start, paragraphs[0].end)
    return paragraphs


def _paragraphs(text: str) -> list[Segment | None]:
    out: list[Segment | None] = []
    pos = 0
    for line in text.split("\n"):
        out.append(_segment(text, pos, pos + len(line)))
        pos += len(line) + 1
    return out


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Segment]:
    """Sentences of ``text[start:end]``, a sentence that explains the previous one joined to it."""
    end = len(text) if end is None else end
    out: list[Segment] = []
    for m in _SENTENCE_END.finditer(text, start, end):
        seg = _segment(text, m.start(), m.end())
        if seg is None:
            continue
        if out and _CONTINUATION.match(seg.text):
            prev = out[-1]
            out[-1] = Segment(text=text[prev.start : seg.end], start=prev.start, end=seg.end)
        else:
            out.append(seg)
    return out


def first_sentence(text: str) -> str:
    """The text up to and including its first full stop (the item's headline)."""
    m = re.search(r"[。！？!?]", text)
    return text[: m.end()] if m else text


__all__ = [
    "Marker",
    "Segment",
    "find_markers",
    "first_sentence",
    "leading_marker",
    "list_markers",
    "numeral_value",
    "split_items",
    "split_sentences",
]
