"""Numbers as these documents write them: full-width digits, thousands separators, 元/万元/亿元, percents.

Shared by every extractor and by the checks. Indicator cells (operators, ranges, grades, status words)
are read by :mod:`jixiao.tables.values`, which builds on these.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from decimal import InvalidOperation

from jixiao.schema import Amount
from jixiao.schema import Provenance
from jixiao.schema.values import AmountUnit
from jixiao.schema.values import UnitSource

# Cells that mean "nothing here" (domain.md §4): dashes, slashes, ellipses, 无, blanks.
NULL_MARKS = frozenset({"", "—", "——", "-", "--", "－", "－－", "/", "／", "……", "…", "无", "　", "-—", "~"})

_NUMBER_RE = re.compile(r"[-+]?\d+(?:,\d{3})*(?:\.\d+)?|[-+]?\.\d+")
_UNIT_RE = re.compile(r"(亿元|万元|千元|元)")
_WAN = Decimal(10000)


def to_halfwidth(text: str) -> str:
    """Full-width digits, letters and ASCII punctuation → half-width (NFKC), keeping CJK punctuation.

    ``１２．５％`` → ``12.5%``. The CJK comma, enumeration comma and brackets are left as they are.
    """
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E and ch not in "，（）：；！？":
            out.append(chr(code - 0xFEE0))
        elif ch == "\u3000":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def normalise_space(text: str) -> str:
    """Collapse every kind of whitespace to nothing between CJK and to one space elsewhere."""
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text.replace("\u3000", " ")).strip()


def is_null(text: str | None) -> bool:
    """True for empty cells and the marks that mean empty (—, --, －, /, ……, 无, ideographic space)."""
    if text is None:
        return True
    t = text.strip().strip("\u3000")
    return t in NULL_MARKS or t == "無"


_DIGIT = re.compile(r"[0-9０-９]")


def has_digit(text: str) -> bool:
    """True when ``text`` holds an Arabic digit (half or full width): a cell meant to hold a number."""
    return bool(_DIGIT.search(text))


def parse_decimal(text: str | None) -> Decimal | None:
    """The single number in ``text`` (full-width digits and thousands separators allowed), else None.

    ``"2,193.22"`` → 2193.22; ``"１０"`` → 10; ``"—"`` → None; ``"3 4"`` (two numbers) → None.
    """
    if text is None or is_null(text):
        return None
    t = to_halfwidth(text).strip().rstrip("。.,，")
    found = _NUMBER_RE.findall(t)
    if len(found) != 1:
        return None
    try:
        return Decimal(found[0].replace(",", ""))
    except InvalidOperation:
        return None


_POINTS_WORDS = 4
"""Characters a points cell may hold around its number (满分6分, （10分）, 6.00分): more is prose."""


def parse_points(text: str | None) -> Decimal | None:
    """A weight or score: the one number of a short cell (``"6"``, ``"6分"``, ``"满分6分"``); None for prose
    that holds a number (``"本指标满分6分，少一场扣1分"``, a criteria text spilled into the column)."""
    value = parse_decimal(text)
    if value is None or text is None:
        return None
    rest = _NUMBER_RE.sub("", "".join(to_halfwidth(text).split()))
    return value if len(rest) <= _POINTS_WORDS else None


def parse_percent(text: str | None) -> Decimal | None:
    """A rate in percentage points: ``"88.74%"`` → 88.74; ``"30.4"`` → 30.4 (no sign: taken as points)."""
    if text is None or is_null(text):
        return None
    return parse_decimal(to_halfwidth(text).replace("%", "").replace("％", ""))


def has_percent_sign(text: str | None) -> bool:
    return bool(text) and ("%" in text or "％" in text)  # type: ignore[operator]


def to_wan(value: Decimal, unit: AmountUnit) -> Decimal:
    """Convert a value in ``unit`` to 万元."""
    if unit == "万元":
        return value
    if unit == "元":
        return value / _WAN
    if unit == "千元":
        return value / 10
    return value * _WAN


def parse_amount(
    text: str | None,
    *,
    default_unit: AmountUnit | None = "万元",
    prov: Provenance | None = None,
    unit_source: UnitSource | None = None,
) -> Amount | None:
    """Read a money amount, keeping what was written.

    Args:
        text: the cell or phrase, e.g. ``"2193.22"``, ``"5187593.33元"``, ``"≤90万元"`` (operator ignored).
        default_unit: unit implied by the table header (``单位：万元``) when the text has none.
        prov: provenance to attach.
        unit_source: where ``default_unit`` came from (header, caption, assumed); a unit written in the
            text itself is ``cell``. None leaves the source unrecorded.

    Returns:
        An Amount (``value`` in the unit written, ``wan`` in 万元), or None for an empty cell.
        A cell with text but no single number returns an Amount with ``value=None``.
    """
    if text is None or is_null(text):
        return None
    raw = text.strip()
    t = to_halfwidth(raw)
    unit_match = _UNIT_RE.search(t)
    unit: AmountUnit | None = unit_match.group(1) if unit_match else default_unit  # type: ignore[assignment]
    source: UnitSource | None = "cell" if unit_match else unit_source
    if unit_match is None and "万" in t:
        unit, source = "万元", "cell"
    elif unit_match is None and "亿" in t:
        unit, source = "亿元", "cell"
    numbers = _NUMBER_RE.findall(t)
    value: Decimal | None = None
    if len(numbers) == 1:
        try:
            value = Decimal(numbers[0].replace(",", ""))
        except InvalidOperation:
            value = None
    wan = to_wan(value, unit) if value is not None and unit is not None else None
    if source is None or unit_source is None:
        return Amount(raw=raw, value=value, unit=unit, wan=wan, prov=prov)
    return Amount(raw=raw, value=value, unit=unit, wan=wan, unit_source=source, prov=prov)


def amount_from_wan(value: Decimal, raw: str, prov: Provenance | None = None) -> Amount:
    """An Amount already known in 万元."""
    return Amount(raw=raw, value=value, unit="万元", wan=value, prov=prov)


def find_amounts(text: str) -> list[tuple[Decimal, AmountUnit, tuple[int, int]]]:
    """Every ``<number><unit>`` in running text: ``"支出1546.35万元"`` → [(1546.35, '万元', span)].

    Spans are into ``text``. Numbers without a money unit are not returned.
    """
    out: list[tuple[Decimal, AmountUnit, tuple[int, int]]] = []
    for m in re.finditer(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(亿元|万元|千元|元)", text):
        try:
            value = Decimal(m.group(1).replace(",", ""))
        except InvalidOperation:
            continue
        out.append((value, m.group(2), m.span()))  # type: ignore[arg-type]
    return out
