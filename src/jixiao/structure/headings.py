"""Heading numbering and the shape of a numbered line.

A numbered paragraph is read into a :class:`Numbering`: the label as written (``一、``, ``（2）``,
``第3部分``), its value (the *ordinal*) and its *shape*. The shape is the punctuation around the
numeral — ``、``, ``.``, brackets, ``第…部分`` — and not the numeral itself, because Word's lost
auto-numbering changes the numeral (``七、`` comes out as ``7、``, ``（二）`` as ``（2）``) but keeps the
punctuation. Depth is later worked out from the sequence of shapes and ordinals, never from the
numeral style.

Whether a numbered line is a heading or an item of a numbered list is decided from its
:class:`LineShape`:

* ``STANDALONE`` — a short line that is only a title (``（一）运行成本方面``, ``（四）自评质量。``);
* ``RUN_IN`` — a short first sentence followed by running text (``（一）机构组成。自贡市妇联本级…``):
  a heading only when its numbering continues into a standalone heading (decided by the outline);
* ``ITEM`` — anything sentence-like (``1．组织、引导妇女学习…``): always body text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from jixiao.ingest.noise import STRIP_CHARS

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_NUMERAL = "[一二三四五六七八九十百〇零两]+"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# A standalone heading is at most this long (without its numbering); one that ends with a full stop
# is shorter still, because a longer line ending in 。 is a sentence.
MAX_HEADING_CHARS = 40
MAX_STOPPED_HEADING_CHARS = 16
# A longer line ending in 。 is still a heading when it ends with a word headings end with
# ("（一）“三公”经费财政拨款支出决算总体情况说明。"); a sentence ends with a verb ("…有待进一步提高。").
_HEADING_END_RE = re.compile(
    r"(?:情况|说明|分析|方面|任务|目标|问题|建议|结论|质量|措施|概况|概述|职责|职能|设置|组成|解释)$"
)
# The first sentence of a run-in heading ("机构组成。") is short and has no comma.
MAX_RUN_IN_CHARS = 20

_SENTENCE_END = "。！？；;!?"
_COMMA = "，,、"


class Shape(str, Enum):
    """The punctuation of a numbering label; numerals may change, the shape does not."""

    PART = "part"  # 第一部分 / 第3部分 / 第二章
    DUN = "dun"  # 一、 / 1、
    DOT = "dot"  # 1. / 1． / 一．
    PAREN = "paren"  # （一） / (二） / （1） / （1）、
    CIRCLED = "circled"  # ① ②


class LineShape(str, Enum):
    STANDALONE = "standalone"
    RUN_IN = "run_in"
    ITEM = "item"


@dataclass(frozen=True)
class Numbering:
    """A numbering label at the start of a line."""

    raw: str  # the label as written, without the whitespace after it: "7、", "（2）", "第3部分"
    shape: Shape
    ordinal: int
    length: int  # characters the label and the whitespace after it take in the line
    arabic: bool  # written with Arabic digits (a lost Word number often is)

    @property
    def key(self) -> str:
        """Shape and value, for messages."""
        return f"{self.shape.value}:{self.ordinal}"


_PATTERNS: tuple[tuple[Shape, re.Pattern[str]], ...] = (
    (Shape.PART, re.compile(rf"^第\s*(?P<n>{_CN_NUMERAL}|\d{{1,2}})\s*(?:部分|章|篇)")),
    (
        Shape.PAREN,
        re.compile(rf"^[（(]\s*(?P<n>{_CN_NUMERAL}|\d{{1,2}})\s*[）)](?:\s*[、.．,，](?!\d))?"),
    ),
    (Shape.DUN, re.compile(rf"^(?P<n>{_CN_NUMERAL}|\d{{1,2}})\s*、")),
    # "3.2024年度…" is item 3; "2.5万元" is a decimal number, not a label.
    (Shape.DOT, re.compile(rf"^(?P<n>{_CN_NUMERAL}|\d{{1,2}})\s*[.．](?!\d+(?:[.．]\d|%|％|万|元|亿))")),
    (Shape.CIRCLED, re.compile(rf"^(?P<n>[{_CIRCLED}])")),
)


def chinese_to_int(text: str) -> int | None:
    """Value of a Chinese numeral (``十二`` → 12, ``二十`` → 20, ``一百零五`` → 105, ``二〇二四`` → 2024)."""
    if not text or any(ch not in _CN_DIGITS and ch not in "十百" for ch in text):
        return None
    if len(text) > 1 and all(ch in _CN_DIGITS for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = 0
    current = 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGITS[ch]
    return total + current


def numeral_value(text: str) -> int | None:
    """Value of an Arabic, Chinese or circled numeral."""
    if text.isascii() and text.isdigit():
        return int(text)
    if len(text) == 1 and text in _CIRCLED:
        return _CIRCLED.index(text) + 1
    return chinese_to_int(text)


def parse_numbering(text: str) -> Numbering | None:
    """The numbering label at the start of ``text``, or None.

    >>> parse_numbering("(二）加强业务处室预算管理意识").raw
    '(二）'
    >>> parse_numbering("7、 存在的主要问题及原因分析").ordinal
    7
    """
    stripped = text.lstrip(STRIP_CHARS)
    lead = len(text) - len(stripped)
    for shape, pattern in _PATTERNS:
        m = pattern.match(stripped)
        if not m:
            continue
        value = numeral_value(m.group("n"))
        if value is None or value == 0:
            continue
        end = m.end()
        rest = stripped[end:]
        after = len(rest) - len(rest.lstrip(STRIP_CHARS))
        return Numbering(
            raw=m.group(0).strip(STRIP_CHARS),
            shape=shape,
            ordinal=value,
            length=lead + end + after,
            arabic=m.group("n").isascii(),
        )
    return None


def line_shape(title: str) -> LineShape:
    """Is the text after a numbering label a title, a run-in title, or a sentence?"""
    text = title.strip(STRIP_CHARS)
    if not text:
        return LineShape.ITEM
    body = text.rstrip("。.")
    stopped = len(body) < len(text)
    inner_end = any(ch in _SENTENCE_END for ch in body)
    colon_text = re.search(r"[：:]\s*\S", body) is not None
    if not inner_end and not colon_text:
        if not stopped and len(body) <= MAX_HEADING_CHARS and not body.endswith(tuple(_COMMA + "：:")):
            return LineShape.STANDALONE
        if stopped and not any(ch in _COMMA for ch in body):
            if len(body) <= MAX_STOPPED_HEADING_CHARS:
                return LineShape.STANDALONE
            if len(body) <= MAX_HEADING_CHARS and _HEADING_END_RE.search(body):
                return LineShape.STANDALONE
        return LineShape.ITEM
    first = run_in_length(text)
    if first is not None:
        return LineShape.RUN_IN
    return LineShape.ITEM


def run_in_length(text: str) -> int | None:
    """Length of a run-in title at the start of ``text`` ("机构组成。…" → 5), or None when there is none."""
    # The full stop must not be a decimal point ("执行率88.74%").
    m = re.match(rf"[^{_SENTENCE_END}{_COMMA}：:]{{1,{MAX_RUN_IN_CHARS}}}?(?:。|\.(?!\d))", text)
    if not m or m.end() >= len(text.rstrip(STRIP_CHARS)):
        return None
    return m.end()


_CJK = r"\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’"
_SPACE_NEAR_CJK_RE = re.compile(rf"(?<=[{_CJK}])\s+|\s+(?=[{_CJK}])")


def clean_title(text: str) -> str:
    """Heading text without surrounding blanks, without a closing full stop or colon, and without the
    blanks a PDF puts between Chinese and digits (``2024 年度`` → ``2024年度``); other runs of blanks
    become one space."""
    title = text.strip(STRIP_CHARS).rstrip("。.：:").strip(STRIP_CHARS)
    title = _SPACE_NEAR_CJK_RE.sub("", title)
    return re.sub(r"\s+", " ", title)
