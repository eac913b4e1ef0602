"""What the rules read inside one item: its stated cause, the figures it cites, a goal's quantity and deadline.

* Cause: the text after an explicit phrase (``主要原因是``, ``究其原因``, ``原因是``, ``原因在于`` …) is the
  cause and the text before it the problem. Without such a phrase, a ``由于……`` clause is the cause and
  the whole item stays the problem.
* Figures: money (``1546.35万元``, ``5187593.33元``) and percentages (``88.74%``) cited by a problem.
* Goal quantity: read by the indicator-value reader (:func:`jixiao.tables.values.parse_value`), so a goal
  and an indicator cell agree on operators and units: ``开展至少 30 场`` → ≥ 30 场, ``180 人以上`` → ≥ 180 人,
  ``调和率达 20%以上`` → ≥ 20 %. A goal naming several quantities and nothing to tell which one is its
  target gets none, and so does a number without a unit (``“1136”工作思路``).
* Deadline: a date followed by 前/之前/以前 (``2022年12月底前``, ``年底前``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from decimal import InvalidOperation

from jixiao.schema import Op
from jixiao.schema import Value
from jixiao.tables.numbers import find_amounts
from jixiao.tables.numbers import is_null
from jixiao.tables.numbers import to_halfwidth
from jixiao.tables.values import is_placeholder_text
from jixiao.tables.values import parse_value

_CAUSE = re.compile(
    r"(?:主要原因(?:是|为|在于|有)|究其原因|原因主要(?:是|为|在于|有)|(?<!的)原因(?:是|为|在于)"
    r"|主要原因(?=\s*[:：，,]))\s*[:：，,]?"
)
_BECAUSE = re.compile(r"由于(?P<cause>[^，,。；;]+)")
_PERCENT = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s*[%％]")
_DEADLINE = re.compile(
    r"(?:(?:19|20)\d{2}\s*年\s*(?:\d{1,2}\s*月?\s*(?:底|末|份|初|中旬|上旬|下旬|\d{1,2}\s*[日号])?|底|末|内)?"
    r"|\d{1,2}\s*月\s*(?:底|末|份|初|中旬|上旬|下旬|\d{1,2}\s*[日号])?"
    r"|年底|年末|年中)\s*(?:前|之前|以前)"
)
_BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")
_STRIP_END = " \t\n\u3000，,；;：:"
_EMPTY_WORDS = frozenset({"无", "暂无", "没有", "无问题", "无措施", "不存在", "未发现问题"})


@dataclass(frozen=True)
class CauseSplit:
    """A problem item divided into the problem as stated and its cause."""

    problem: str
    cause: str | None


@dataclass(frozen=True)
class Figure:
    """A figure cited in running text."""

    raw: str
    kind: str  # "amount" or "percent"
    value: Decimal
    start: int
    end: int


def split_cause(text: str) -> CauseSplit:
    """Separate the stated cause from the problem (see the module docstring)."""
    m = _CAUSE.search(text)
    if m and m.start() > 0:
        problem = text[: m.start()].rstrip(_STRIP_END)
        cause = text[m.end() :].strip(_STRIP_END) or None
        if problem:
            return CauseSplit(problem=problem, cause=cause)
    because = _BECAUSE.search(text)
    if because:
        return CauseSplit(problem=text, cause=because.group("cause").strip(_STRIP_END) or None)
    return CauseSplit(problem=text, cause=None)


def find_figures(text: str) -> list[Figure]:
    """Money amounts and percentages cited in ``text``, in order."""
    out: list[Figure] = []
    half = to_halfwidth(text)
    for value, _unit, (start, end) in find_amounts(half):
        out.append(Figure(raw=text[start:end], kind="amount", value=value, start=start, end=end))
    for m in _PERCENT.finditer(half):
        try:
            value = Decimal(m.group("num"))
        except InvalidOperation:
            continue
        out.append(
            Figure(raw=text[m.start() : m.end()], kind="percent", value=value, start=m.start(), end=m.end())
        )
    out.sort(key=lambda f: f.start)
    return out


def goal_quantity(text: str) -> Value | None:
    """The quantity a goal states (operator, number, unit), or None when it states none or several."""
    # A bracketed restatement ("不少于200课时（2000分钟）") is not a second target.
    value = parse_value(_BRACKETED.sub("", text))
    # A bare number in prose ("1136"工作思路) is a name, not a target.
    if value.num is None or value.op == Op.QUAL or not value.unit:
        return None
    return value


def find_deadline(text: str) -> str | None:
    """The first deadline written in ``text`` (``2022年12月底前``), as written."""
    m = _DEADLINE.search(text)
    return m.group(0).strip() if m else None


def empty_reason(text: str | None) -> str | None:
    """Why a section or cell holds no items: ``"无"`` for a null mark, ``"placeholder"`` for an unfilled
    template instruction; None when it has content."""
    if text is None or is_null(text):
        return "无"
    core = text.strip().strip("。.；;").strip()
    if not core or core in _EMPTY_WORDS or is_null(core):
        return "无"
    if is_placeholder_text(text):
        return "placeholder"
    return None


__all__ = [
    "CauseSplit",
    "Figure",
    "empty_reason",
    "find_deadline",
    "find_figures",
    "goal_quantity",
    "split_cause",
]
