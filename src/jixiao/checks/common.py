"""What every check family shares: tolerances, number formatting, building a Finding, naming tables.

Tolerances follow domain.md §5: 0.01 万元 per summed term, 0.01 percentage point for rates, and about 0.1
point between an execution-rate score and 10 × the rate. A value written to fewer decimals is compared at the
precision it was written to (``99%`` stands for anything from 98.5 % to 99.5 %).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from jixiao.schema import Amount
from jixiao.schema import Finding
from jixiao.schema import Provenance
from jixiao.schema import SelfEvalTable
from jixiao.schema import Value
from jixiao.vocabulary import to_simplified

Severity = Literal["error", "warn", "info"]

AMOUNT_TOL = Decimal("0.01")
"""Allowed difference per summed term, in 万元."""
RATE_TOL = Decimal("0.01")
"""Allowed difference for a rate, in percentage points."""
SCORE_TOL = Decimal("0.1")
"""Allowed difference between a score and the score its rule gives."""
HUNDRED = Decimal(100)
ZERO = Decimal(0)

_DECIMALS_RE = re.compile(r"\d+(?:\.(\d+))?")


def fmt(value: Decimal | None) -> str:
    """A number as a person would write it: ``198.980`` → ``'198.98'``, ``10.0`` → ``'10'``, ``1E+2`` → ``'100'``.

    Quotients are cut to four decimals, which is finer than any tolerance here.
    """
    if value is None:
        return "—"
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -4:
        value = value.quantize(Decimal("0.0001"))
    text = format(value.normalize(), "f")
    return "0" if text == "-0" else text


def fmt_pct(value: Decimal | None) -> str:
    """A rate in points with a percent sign, to two decimals: ``106.9618`` → ``'106.96%'``."""
    if value is None:
        return "—"
    return f"{value.quantize(Decimal('0.01'))}%"


def decimals_written(raw: str | None, value: Decimal | None = None) -> int:
    """How many decimals the number in ``raw`` was written with (``'99%'`` → 0, ``'88.74%'`` → 2).

    Falls back to the exponent of ``value`` when the raw text is missing.
    """
    if raw:
        m = _DECIMALS_RE.search(raw.replace("，", "").replace(",", ""))
        if m:
            return len(m.group(1) or "")
    if value is not None:
        exponent = value.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return 2


def half_unit(decimals: int) -> Decimal:
    """Half a unit in the last written place: 0 decimals → 0.5, 2 → 0.005."""
    return Decimal(5) / Decimal(10) ** (decimals + 1)


def sum_tolerance(n_terms: int) -> Decimal:
    """Tolerance for comparing a written total with the sum of ``n_terms`` written parts."""
    return AMOUNT_TOL * max(n_terms, 1)


def wan(amount: Amount | None) -> Decimal | None:
    """The amount in 万元, or None when the cell is empty or holds no number."""
    if amount is None:
        return None
    return amount.wan


def refs(*items: Provenance | Amount | Value | Iterable[Provenance | None] | None) -> list[Provenance]:
    """Provenance of every value involved, in order, without duplicates or gaps."""
    out: list[Provenance] = []
    # Provenance is frozen, hence hashable: a set keeps this linear (a list search compared models
    # field by field, quadratic in the rows of a large table).
    seen: set[Provenance] = set()

    def add(p: Provenance | None) -> None:
        if p is not None and p not in seen:
            seen.add(p)
            out.append(p)

    for item in items:
        if item is None:
            continue
        if isinstance(item, Provenance):
            add(item)
        elif isinstance(item, Amount | Value):
            add(item.prov)
        else:
            for p in item:
                add(p)
    return out


def make_finding(
    check: str,
    severity: Severity,
    message: str,
    *,
    subject: str | None,
    expected: str | None = None,
    actual: str | None = None,
    provs: list[Provenance] | None = None,
) -> Finding:
    """One Finding; ``message`` is a single line in plain words."""
    return Finding(
        check=check,
        severity=severity,
        message=" ".join(message.split()),
        subject=subject,
        expected=expected,
        actual=actual,
        refs=provs or [],
    )


def table_subject(table: SelfEvalTable) -> str:
    """How findings name a self-evaluation table: the project's name, or 部门整体."""
    if table.scope == "项目":
        return table.project_name or table.project_code or table.title or "项目"
    return "部门整体"


_PUNCT_RE = re.compile(r"[\s\u3000:：,，。;；、“”\"'‘’（）()\[\]【】《》<>·•.\-—_/]+")
_NUMBERING_RE = re.compile(r"^(?:[（(]?[0-9一二三四五六七八九十]+[)）、.．]|其中[:：]?)+")


def norm_label(text: str | None) -> str:
    """A label reduced for matching: numbering, 其中, punctuation and whitespace removed, characters simplified.

    ``'   1、公务用车购置和维护经费'`` → ``'公务用车购置和维护经费'``; ``'其中：基本支出：'`` → ``'基本支出'``;
    ``'合計'`` → ``'合计'``.
    """
    return _norm_label(text) if text else ""


@lru_cache(maxsize=65536)
def _norm_label(text: str) -> str:
    t = to_simplified(text).strip().replace("\u3000", "")
    t = _NUMBERING_RE.sub("", t.strip())
    return _PUNCT_RE.sub("", t)


def norm_class_name(text: str | None) -> str:
    """A 功能分类 name for matching across renderings: '住房保障支出' and '住房保障' are the same 类."""
    t = norm_label(text)
    t = re.sub(r"[（(]?(类|款|项)[)）]?$", "", t)
    return t[:-2] if t.endswith("支出") and len(t) > 2 else t


def close(a: Decimal, b: Decimal, tol: Decimal) -> bool:
    """True when ``a`` and ``b`` differ by no more than ``tol``."""
    return abs(a - b) <= tol
