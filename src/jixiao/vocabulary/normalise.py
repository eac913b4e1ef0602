"""Text as it is matched, not as it is shown: widths, spaces, brackets, traditional characters, suffixes.

Forms print the same header many ways: ``全年预算数（A）``, ``全年预算数(A)``, ``全 年 预 算 数``,
``全年預算數``, ``全年预算数↵(万元)``. :func:`fold` makes them one string for comparison;
:func:`header_core` also strips what a header adds to its word — a column letter or formula (``(A)``,
``(B/A)``, ``((B-C)/A)``), a unit (``(万元)``, ``(元)``, ``(%)``), points (``(20分)``), numbering
(``1.``, ``（一）``) — and says what it stripped, so the unit and points are not lost.

The report always keeps the text as printed; only comparisons go through these functions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from jixiao.schema import Document
from jixiao.schema import Paragraph
from jixiao.schema import Table

_SPACE = re.compile(r"\s+")
_BRACKETS = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "【": "(",
        "】": ")",
        "〔": "(",
        "〕": ")",
        "[": "(",
        "]": ")",
        "：": ":",
        "“": "",
        "”": "",
        '"': "",
        "‘": "",
        "’": "",
        "「": "",
        "」": "",
        "『": "",
        "』": "",
    }
)


@lru_cache(maxsize=1)
def _t2s() -> object:
    import opencc  # imported on first use: most documents never need it

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters → simplified (OpenCC's t2s tables); ASCII and simplified text unchanged."""
    if text.isascii():
        return text
    return str(_t2s().convert(text))  # type: ignore[attr-defined]


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The text for comparison: NFKC widths, simplified characters, no whitespace, ASCII brackets.

    ``全年预算数（Ａ）`` → ``全年预算数(A)``; ``實際完成值`` → ``实际完成值``; ``年度\\n指标值`` → ``年度指标值``.
    """
    if not text:
        return ""
    t = unicodedata.normalize("NFKC", text)
    t = to_simplified(t)
    t = t.translate(_BRACKETS)
    return _SPACE.sub("", t)


_UNIT_WORDS = ("亿元", "万元", "千元", "元", "%", "‰", "人", "个", "次")
# A column letter or formula: (A) (B) (C) (B/A) ((B-C)/A) (A+B) (B÷A×100%) (A*B).
_FORMULA = re.compile(r"^\((?:[A-Fa-f0-9+\-*/×÷=.%()]|\s)+\)$")
_TRAILING_GROUP = re.compile(r"\(([^()]*(?:\([^()]*\)[^()]*)*)\)$")
_POINTS = re.compile(r"^(?P<n>\d+(?:\.\d+)?)分$")
# Points inside a scoring formula: (20分*执行率), (执行率×10分), (分值10分).
_POINTS_IN_FORMULA = re.compile(r"(?P<n>\d+(?:\.\d+)?)分")
_FORMULA_WORDS = re.compile(r"[*×xX÷/]|执行率|分值|满分")
_UNIT_NOTE = re.compile(r"^(?:单位|金额单位|计量单位)?:?(?P<u>亿元|万元|千元|元|%|‰)$")
_LEADING_NUMBER = re.compile(
    r"^(?:\d+(?:\.\d+)*[.、:)]|\(\d+\)|[一二三四五六七八九十]+[、.:)]|\([一二三四五六七八九十]+\)|其中:?)+"
)
_TRAILING_PUNCT = ":：、,，;；。."
# A column's number and its formula in circled digits: 年中调整金额③, 小计 ④ = ①+② +③, 结余率(%) ⑧=⑦/④.
_CIRCLED_FORMULA = re.compile(r"\s*[①-⑳](?:\s*[=＝][\s①-⑳+\-－*/×÷()（）]+)?\s*$")


@dataclass(frozen=True)
class HeaderCore:
    """A header reduced to its word, and what was stripped from it."""

    core: str
    folded: str
    unit: str | None = None
    points: Decimal | None = None
    letter: str | None = None

    @property
    def stripped(self) -> bool:
        """True when the core differs from the folded header (a suffix or numbering was removed)."""
        return self.core != self.folded


@lru_cache(maxsize=16384)
def header_core(text: str) -> HeaderCore:
    """Strip a header's column letter, formula, unit, points and numbering; keep the unit and points.

    ``执行率（(B-C)/A)`` → core ``执行率``, letter ``(B-C)/A``; ``全年预算数(万元)`` → ``全年预算数``, unit
    ``万元``; ``产出指标(50分)`` → ``产出指标``, points 50; ``1.年度指标值`` → ``年度指标值``.
    """
    folded = fold(text)
    core = fold(_CIRCLED_FORMULA.sub("", text)) or folded
    unit: str | None = None
    points: Decimal | None = None
    letter: str | None = None
    for _ in range(4):
        m = _TRAILING_GROUP.search(core)
        if m is None or m.start() == 0:
            break
        inner = m.group(1)
        group = "(" + inner + ")"
        p = _POINTS.match(inner)
        u = _UNIT_NOTE.match(inner)
        pf = _POINTS_IN_FORMULA.search(inner)
        if p:
            points = Decimal(p.group("n"))
        elif pf and _FORMULA_WORDS.search(inner):
            points = Decimal(pf.group("n"))
        elif u:
            unit = unit or u.group("u")
        elif _FORMULA.match(group) and any(ch.isalpha() for ch in inner):
            letter = letter or inner
        elif inner in _UNIT_WORDS:
            unit = unit or inner
        elif inner == "分":
            pass  # 指标权重(分): the header says its values are points
        else:
            break
        core = core[: m.start()]
    core = _LEADING_NUMBER.sub("", core).strip(_TRAILING_PUNCT)
    return HeaderCore(core=core or folded, folded=folded, unit=unit, points=points, letter=letter)


def simplified_text(text: str) -> str:
    """``text`` in simplified characters, for rules that match words in running text, when converting keeps
    its length, so that a match's span is also the span of the words as printed; else ``text`` itself."""
    simple = to_simplified(text)
    return simple if len(simple) == len(text) else text


def simplified_view(doc: Document) -> Document:
    """``doc`` with its text and blocks in simplified characters, for rules that match words in running text
    (决算说明 figures); ``doc`` itself when it has no traditional characters or when converting would change
    the text's length (spans must stay valid)."""
    simple = simplified_text(doc.text)
    if simple == doc.text:
        return doc
    blocks: list[Paragraph | Table] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            blocks.append(block.model_copy(update={"text": to_simplified(block.text)}))
        else:
            cells = [c.model_copy(update={"text": to_simplified(c.text)}) for c in block.cells]
            blocks.append(block.model_copy(update={"cells": cells}))
    return doc.model_copy(update={"text": simple, "blocks": blocks})


_QUANTITY = re.compile(r"^[≥≤><=≧≦]?[-+]?\d[\d,.]*(?:%|‰|[\u4e00-\u9fff]{1,3})?$")


def is_quantity(text: str) -> bool:
    """A number as a form prints a value, alone in its cell: ``10场``, ``≥95%``, ``2,537.5``, ``6``."""
    return bool(_QUANTITY.match("".join(unicodedata.normalize("NFKC", text).split())))


__all__ = ["HeaderCore", "fold", "header_core", "is_quantity", "simplified_view", "to_simplified"]
