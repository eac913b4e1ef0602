"""Domain-aware equality for golden answers: numbers, amounts, text.

Two readings of a cell are the same when a reviewer would call them the same: ``１９８．８`` and
``198.8``; ``518.76万元`` and ``5187593.33元``; ``100.00%`` and ``100%``; ``指标1：落实…，完成…`` and
``指标1:落实…,完成…``. Narrative items are compared fuzzily (rapidfuzz), since two faithful
extractions of the same item may cut it at a slightly different place.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from decimal import InvalidOperation
from functools import lru_cache

from rapidfuzz import fuzz

from jixiao.tables.numbers import find_amounts
from jixiao.tables.numbers import parse_amount
from jixiao.tables.numbers import to_wan

AMOUNT_TOLERANCE = Decimal("0.005")
"""万元. Half a cent-of-万元: a figure converted from 元 still equals its rounded 万元 spelling."""

_FOLD = str.maketrans({"—": "-", "–": "-", "－": "-", "~": "-", "～": "-", "≧": "≥", "≦": "≤"})
# Punctuation that carries meaning inside values and is therefore kept.
_KEEP = frozenset("%./-+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Leading list numbering: 指标1： / 1、 / （一） / (2) / 1. / ① / 一是 / 其中：
_NUMBERING = re.compile(
    r"^\s*(?:"
    r"指标\s*\d+\s*[:：.．、]?"
    r"|[（(]\s*[0-9一二三四五六七八九十]+\s*[)）]\s*[、.．:：]?"
    r"|[0-9]+\s*[、．:：](?!\d)"
    r"|[0-9]+\.(?!\d)"
    r"|[一二三四五六七八九十]+\s*[、.．:：是]"
    r"|[①②③④⑤⑥⑦⑧⑨⑩]"
    r"|其中\s*[:：]"
    r")\s*"
)


def _canon_number(match: re.Match[str]) -> str:
    text = match.group(0)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.lstrip("0") or "0"


@lru_cache(maxsize=1 << 16)  # alignment compares every pair of items: normalise each text once
def norm_text(text: str | None) -> str:
    """Text as compared: NFKC width folding, no whitespace, no punctuation, numbers without trailing zeros.

    ``"指标1：落实 主题党日，完成 100.00%"`` → ``"指标1落实主题党日完成100%"``. Characters that carry meaning
    in values (``% . / - +`` and symbols such as ``≥``) are kept; a ``.`` or ``-`` that is not between
    digits is dropped.
    """
    if not text:
        return ""
    t = unicodedata.normalize("NFKC", text).translate(_FOLD).lower()
    out: list[str] = []
    for i, ch in enumerate(t):
        if ch.isspace():
            continue
        if unicodedata.category(ch).startswith("P"):
            if ch not in _KEEP:
                continue
            if ch in ".-" and not (0 < i < len(t) - 1 and t[i - 1].isdigit() and t[i + 1].isdigit()):
                continue
        out.append(ch)
    return _NUMBER.sub(_canon_number, "".join(out))


def strip_numbering(text: str | None) -> str:
    """``"指标1：落实主题党日活动"`` → ``"落实主题党日活动"``; ``"（1）财政拨款"`` → ``"财政拨款"``."""
    if not text:
        return ""
    previous = None
    t = text
    while previous != t:  # "（2）其中：" carries two layers of numbering
        previous = t
        t = _NUMBERING.sub("", t, count=1)
    return t


@lru_cache(maxsize=1 << 16)
def norm_label(text: str | None) -> str:
    """A row label or item text as a key: numbering stripped, then :func:`norm_text`."""
    return norm_text(strip_numbering(text))


def _ratio(na: str, nb: str) -> float:
    """Similarity 0–1 of two normalised texts: 1.0 when both are empty, 0.0 when one is."""
    if not na or not nb:
        return float(na == nb)
    return fuzz.ratio(na, nb) / 100.0


def similarity(a: str | None, b: str | None) -> float:
    """Similarity 0–1 of two texts after :func:`norm_text` (1.0 when both are empty)."""
    return _ratio(norm_text(a), norm_text(b))


def label_similarity(a: str | None, b: str | None) -> float:
    """Similarity 0–1 of two labels or item texts, their list numbering ignored."""
    return _ratio(norm_label(a), norm_label(b))


def _money(text: str) -> tuple[str, Decimal] | None:
    """(the text around it, the amount in 万元) when ``text`` holds exactly one amount with a money unit."""
    t = unicodedata.normalize("NFKC", text)
    found = find_amounts(t)
    if len(found) != 1:
        return None
    value, unit, (start, end) = found[0]
    return norm_text(t[:start] + "\x00" + t[end:]), to_wan(value, unit)


def text_equal(expected: str | None, got: str | None) -> bool:
    """Equal after :func:`norm_text`; or the same words around one money amount that agrees in 万元.

    ``"支出518.76万元"`` = ``"支出5187593.33元"``. Empty and None are the same (a blank cell).
    """
    ne, ng = norm_text(expected), norm_text(got)
    if ne == ng:
        return True
    if not ne or not ng:
        return False
    me, mg = _money(expected or ""), _money(got or "")
    return me is not None and mg is not None and me[0] == mg[0] and amounts_equal(me[1], mg[1])


def label_equal(expected: str | None, got: str | None) -> bool:
    """Equal after :func:`norm_label` (list numbering ignored)."""
    return norm_label(expected) == norm_label(got)


# Units written differently for the same thing. A bare 万 after a number is money in these forms
# ("≤20万" in a 成本指标 row); 万人次 and other 万-compounds stay as they are.
_UNIT_SYNONYMS = {"万": "万元", "元整": "元", "个百分点": "%", "百分点": "%"}


def unit_equal(expected: str | None, got: str | None) -> bool:
    """Indicator units agree after width folding and synonyms: ``万`` = ``万元``, ``％`` = ``%``."""
    ne, ng = norm_text(expected), norm_text(got)
    return _UNIT_SYNONYMS.get(ne, ne) == _UNIT_SYNONYMS.get(ng, ng)


_SCORE_CAP = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]")


def level_equal(expected: str | None, got: str | None) -> bool:
    """一级/二级 labels agree when they differ only by a score cap written in the cell: ``产出指标（50分）``.

    The cap is its own field (``level1_cap``); whether a reading keeps it in the raw label is not an error.
    """
    return text_equal(_SCORE_CAP.sub("", expected or ""), _SCORE_CAP.sub("", got or ""))


def fuzzy_equal(expected: str | None, got: str | None, threshold: float = 0.9) -> bool:
    """Narrative text equal up to a small difference (ratio ≥ ``threshold`` after normalisation)."""
    return similarity(expected, got) >= threshold


def to_decimal(value: object) -> Decimal | None:
    """A Decimal from a Decimal, int, float or numeric string (full-width digits and % allowed)."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = unicodedata.normalize("NFKC", str(value)).replace(",", "").replace("%", "").strip()
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def numbers_equal(expected: object, got: object, tolerance: Decimal = Decimal(0)) -> bool:
    """Numeric equality (``100.00`` = ``100``), within ``tolerance``. None equals only None."""
    e, g = to_decimal(expected), to_decimal(got)
    if e is None or g is None:
        return e is None and g is None
    return abs(e - g) <= tolerance


def amounts_equal(expected: object, got: object) -> bool:
    """Two amounts in 万元 agree to half of the last written cent (元 → 万元 rounding allowed)."""
    return numbers_equal(expected, got, AMOUNT_TOLERANCE)


def amount_text_equal(expected: str, got: str, default_unit: str = "万元") -> bool:
    """Two written amounts agree after unit normalisation: ``"518.76万元"`` = ``"5187593.33元"``."""
    unit = "万元" if default_unit == "万元" else "元"
    a = parse_amount(expected, default_unit=unit)  # type: ignore[arg-type]
    b = parse_amount(got, default_unit=unit)  # type: ignore[arg-type]
    if a is None or b is None:
        return a is None and b is None
    return a.wan is not None and b.wan is not None and amounts_equal(a.wan, b.wan)


def region_equal(expected: str | None, got: str | None) -> bool:
    """Regions agree when one is the other with its higher levels left out: 岳阳县 = 湖南省岳阳市岳阳县."""
    ne, ng = norm_text(expected), norm_text(got)
    if not ne or not ng:
        return ne == ng
    return ne.endswith(ng) or ng.endswith(ne)
