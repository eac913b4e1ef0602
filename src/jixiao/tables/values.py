"""Indicator cells (指标值 / 完成值) read into :class:`~jixiao.schema.Value`.

What a cell can hold, and what it becomes:

* a comparison and a quantity: ``≥30000课时``, ``不少于 600元``, ``100名以上``, ``≤10万元/年``,
  ``约500000人次/年``, ``<200元/人次/天`` → ``op``, ``num``, ``unit``. Every spelling of the operators is
  understood (≥ ≧ >= 不少于 至少 不低于 大于等于 以上 达…以上 / ≤ ≦ 不超过 以内 以下 不高于 / ＝ = / 约 左右 /
  > 大于 超过 / < 小于 低于);
* a range: ``40-80分钟`` → ``op=range``, ``num=40``, ``num_hi=80``. A range wins over an operator written in
  front of it (``≥40-80分钟`` is a range);
* a magnitude word stays in the unit: ``300 万人次`` → 300 ``万人次``; ``≤20万`` → 20 ``万``;
  ``4.62人`` stays 4.62 人 (the document forgot the 万; the checks compare, we do not guess);
* a qualitative scale or grade: ``优良中低差`` → ``op=定性``, ``scale``; ``优``, ``良``, ``优,`` → ``grade``;
* a status: ``已完成``, ``未完成``, ``部分完成``, ``如期完成``, ``已完成90%`` (``pct_done=90``);
* nothing: empty cells, ``—``, ``--``, ``－``, ``/``, ``无``, ``未使用。`` and unfilled template instructions such as
  ``对照年度目标，说明…（100字以内）`` → ``is_placeholder``;
* a stray number in front of the operator (``　278.2≥2000人次``): the quantity after the operator is the
  value; the stray stays in ``text``;
* an operator inside prose (``按人均每年≦32000元分月发放``): the quantity is read, the prose kept in ``text``.

Dates (``2024年12月``, ``2022年12底前``) are not quantities: such a cell is kept as ``text``. A cell with
two or more quantities and nothing to tell which one is the value (``7天*24小时``) is kept as ``text`` too.
``raw`` is always the cell exactly as written. Parsing never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from decimal import InvalidOperation

from jixiao.schema import Op
from jixiao.schema import Provenance
from jixiao.schema import Value
from jixiao.schema.values import Grade
from jixiao.schema.values import Status
from jixiao.tables.numbers import is_null
from jixiao.tables.numbers import to_halfwidth
from jixiao.vocabulary import to_simplified
from jixiao.vocabulary import word_list

_WORDS = word_list("values")
# Prefix spellings in the order they are tried: longest and negated forms first (不超过 before 超过).
_PREFIX_OPS = tuple((word, Op(op)) for word, op in _WORDS["comparisons"]["before"].items())
_SUFFIX_OPS = tuple((word, Op(op)) for word, op in _WORDS["comparisons"]["after"].items())
_BASE_UNITS: list[str] = _WORDS["units"]
_UNIT_ALIASES: dict[str, str] = _WORDS["unit_aliases"]
_BASE_RE = "|".join(sorted((re.escape(u) for u in _BASE_UNITS), key=len, reverse=True))
# A unit nobody listed: one or two CJK characters that are not an operator or status word (5只, 3头, 10厘米),
# or a Latin abbreviation (2TB, 5km).
# Only where the unit ends the quantity: at the end of the cell, before punctuation or an operator suffix
# (in prose, 12338妇女维权热线 is a number followed by words, not 12338 妇女).
_UNIT_END = r"(?=$|[\s,，。;；、/)）]|以上|以下|以内|及以上|及以下|左右)"
_OTHER_UNIT = (
    r"(?:(?!以|及|左右|之|余|多|内|前|后|完成|达)[\u4e00-\u9fff]{1,2}(?<!以)"
    + _UNIT_END
    + r"|[A-Za-z]{1,4}(?![A-Za-z]))"
)
_ONE_UNIT = rf"(?:{_BASE_RE}|[万千百亿](?:{_BASE_RE})?|{_OTHER_UNIT})"
_UNIT_RE = rf"(?:个[（(]台、套、件、辆[）)]|{_ONE_UNIT}(?:/{_ONE_UNIT})*)"
_UNIT_ALIASES = {"百分比": "%"}
_NUM_RE = r"\d+(?:,\d{3})*(?:\.\d+)?"
_PREFIX_RE = "|".join(re.escape(s) for s, _ in _PREFIX_OPS)
_SUFFIX_RE = "|".join(re.escape(s) for s, _ in _SUFFIX_OPS)
_QUANTITY = re.compile(
    rf"(?P<op>{_PREFIX_RE})?\s*(?P<num>{_NUM_RE})"
    rf"(?:\s*(?P<dash>[-~～至到—–])\s*(?P<hi>{_NUM_RE}))?"
    rf"(?:\s*(?P<unit>{_UNIT_RE}))?"
    rf"(?:\s*(?P<suffix>{_SUFFIX_RE}))?"
)
# Years and months are dates, not quantities: 2024年12月31日前, 2022年12底, 2021-2025年, 3月.
_DATE = re.compile(
    r"(?<![\d.])(?:19|20)\d{2}\.\d{1,2}\.\d{1,2}\s*[-—–~至]\s*(?:(?:19|20)\d{2}\.)?\d{1,2}\.\d{1,2}(?![\d.])"
    r"|(?<![\d.])(?:19|20)\d{2}\s*[-—–~至]\s*(?:19|20)\d{2}\s*年"
    r"|(?<![\d.])(?:19|20)\d{2}\.\d{1,2}\.\d{1,2}(?![\d.])"
    r"|(?<![\d.])(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*(?:月份?|底)?(?:\s*\d{1,2}\s*[日号]?)?)?"
    r"|(?<![\d.])\d{1,2}\s*月(?:份|底|初|末|中旬|上旬|下旬)?"
)
_SCALES = frozenset(_WORDS["scales"])
_GRADE = re.compile(r"^(优|良|中|低|差)(?:秀|好|等)?[,，。.、;；]*$")
_PLACEHOLDER = re.compile(
    "|".join(re.escape(w) for w in _WORDS["placeholders"]["instructions"])
    + "|^(?:{})[。.]?$".format("|".join(re.escape(w) for w in _WORDS["placeholders"]["whole"]))
)
_PCT_DONE = re.compile(rf"(?:已完成|完成了?|完成率(?:为|达)?)\s*(?P<num>{_NUM_RE})\s*%")
_TRIM = " \t\n\u3000。.,，;；、:："


@dataclass(frozen=True)
class _Quantity:
    op: Op
    num: Decimal
    num_hi: Decimal | None
    unit: str | None
    span: tuple[int, int]


def normalise_cell(raw: str) -> str:
    """Half-width digits and ASCII, ≧/≦ as ≥/≤, whitespace runs collapsed to one space, trimmed."""
    t = to_halfwidth(raw).replace("≧", "≥").replace("≦", "≤").replace("＝", "=")
    t = t.replace("＜", "<").replace("＞", ">").replace("％", "%")
    return re.sub(r"\s+", " ", t).strip()


def is_placeholder_text(text: str | None) -> bool:
    """True for empty cells, null marks (—, --, /, 无 …) and unfilled template instructions."""
    if text is None or is_null(text):
        return True
    t = normalise_cell(to_simplified(text)).strip(_TRIM)
    return not t or t == "无" or bool(_PLACEHOLDER.search(t))


def parse_value(
    raw: str | None,
    *,
    unit_hint: str | None = None,
    op_hint: Op | None = None,
    prov: Provenance | None = None,
) -> Value:
    """Read a 指标值 / 完成值 cell.

    Args:
        raw: the cell text as written (``None`` is read as an empty cell).
        unit_hint: the 度量单位 column (四川 form), used when the cell itself names no unit.
        op_hint: the 指标性质 column (四川 form: ＝ ≥ ≤ 定性), used when the cell itself has no operator.
        prov: provenance to attach.

    Returns:
        A Value whose ``raw`` is exactly ``raw``. See the module docstring for what each kind of cell
        becomes.
    """
    raw = raw if raw is not None else ""
    try:
        value = _parse(raw, unit_hint)
    except (InvalidOperation, ValueError):  # pragma: no cover - defensive: a cell must never stop a table
        value = Value(raw=raw, text=normalise_cell(raw) or None)
    if op_hint is not None and value.op == Op.NONE and not value.is_placeholder:
        value.op = op_hint
    value.prov = prov
    return value


def _parse(raw: str, unit_hint: str | None) -> Value:
    # Read through simplified characters: a traditional-character form (達成, 個, 無) means the same; the
    # cell as printed stays in ``raw``.
    t = normalise_cell(to_simplified(raw))
    core = t.strip(_TRIM)
    hint = normalise_cell(to_simplified(unit_hint)).strip(_TRIM) if unit_hint else ""
    if not core or is_null(t) or core == "无":
        return Value(raw=raw, is_placeholder=True, status="无" if core == "无" else None)
    if _PLACEHOLDER.search(core):
        return Value(raw=raw, is_placeholder=True, text=core)
    if core == "定性":
        return Value(raw=raw, op=Op.QUAL)
    if core in _SCALES:
        return Value(raw=raw, op=Op.QUAL, scale=core)
    grade = _GRADE.match(core)
    if grade:
        g: Grade = grade.group(1)  # type: ignore[assignment]
        return Value(raw=raw, op=Op.QUAL, grade=g)

    status = _status(core)
    pct = _PCT_DONE.search(core) if status else None
    if pct:
        rest = (core[: pct.start()] + core[pct.end() :]).strip(_TRIM)
        return Value(
            raw=raw, status=status, pct_done=Decimal(pct.group("num").replace(",", "")), text=rest or None
        )

    quantities = _quantities(core)
    chosen = _choose(quantities, core)
    if chosen is None:
        return Value(raw=raw, status=status, text=None if status and _only_status(core) else core)
    text = _residual(core, chosen.span)
    unit = _UNIT_ALIASES.get(chosen.unit or "", chosen.unit)
    if unit in ("万", "千", "百", "亿") and hint and not hint.startswith(unit):
        unit = unit + hint  # 1亿 with 度量单位 元 → 亿元
    unit = unit or (hint or None)
    return Value(
        raw=raw,
        op=chosen.op,
        num=chosen.num,
        num_hi=chosen.num_hi,
        unit=unit,
        status=status,
        text=text,
    )


def _status(core: str) -> Status | None:
    """Status words of a short cell; long prose is not given a status from a word inside it."""
    if "未完成" in core and len(core) <= 20:
        return "未完成"
    if "部分完成" in core and len(core) <= 20:
        return "部分完成"
    if re.match(r"^(?:如期|按时|按期)完成", core):
        return "如期完成"
    if re.match(r"^(?:全年|均|全部|已经|按照标准|按要求|按标准)?已?完成", core) and len(core) <= 20:
        return "已完成"
    if re.match(
        r"^(?:已|均|全部)?(?:达成|达到|实现)(?:预期|年度)?(?:目标|指标)?(?:值|要求)?$|^已?达标$", core
    ):
        return "已完成"  # 达成预期指标, 达到预期目标, 已达标: achieved
    if re.search(r"(?:已|已经|全部|均)?完成$", core) and len(core) <= 16:
        return "已完成"  # "2024年7月完成": done, at the date written
    return None


def _only_status(core: str) -> bool:
    return bool(re.fullmatch(r"(?:已完成|未完成|部分完成|如期完成|完成)", core))


def _mask_dates(text: str) -> str:
    """The text with every date replaced by spaces (same length, so spans stay valid)."""
    return _DATE.sub(lambda m: "\x00" * (m.end() - m.start()), text)


def _quantities(core: str) -> list[_Quantity]:
    masked = _mask_dates(core)
    out: list[_Quantity] = []
    for m in _QUANTITY.finditer(masked):
        num = Decimal(m.group("num").replace(",", ""))
        hi = Decimal(m.group("hi").replace(",", "")) if m.group("hi") else None
        op = Op.NONE
        if m.group("op"):
            op = dict(_PREFIX_OPS)[m.group("op")]
        if m.group("suffix"):
            op = dict(_SUFFIX_OPS)[m.group("suffix")]
        if hi is not None:
            op = Op.RANGE
        unit = m.group("unit")
        out.append(_Quantity(op=op, num=num, num_hi=hi, unit=unit, span=m.span()))
    return out


def _choose(quantities: list[_Quantity], core: str) -> _Quantity | None:
    """The one quantity that is the cell's value, or None when there is none or no way to tell."""
    if not quantities:
        return None
    if len(quantities) == 1:
        return quantities[0]
    # "278.2≥2000人次": bare numbers written before the one quantity that has an operator are strays.
    with_op = [q for q in quantities if q.op != Op.NONE]
    if len(with_op) == 1:
        strays = [q for q in quantities if q is not with_op[0]]
        if all(q.span[0] < with_op[0].span[0] and q.unit is None for q in strays):
            return with_op[0]
    return None


def _residual(core: str, span: tuple[int, int]) -> str | None:
    rest = (core[: span[0]].strip() + " " + core[span[1] :].strip()).strip()
    rest = re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", rest).strip(_TRIM)
    return rest or None


def op_from_nature(text: str | None) -> Op | None:
    """The operator a 指标性质 cell stands for: ＝ ≥ ≤ > < 定性 (also ``═``, a system's code before the sign
    such as ``004 >=``, and 定性指标); None when it names none (定量指标 names no operator)."""
    if not text:
        return None
    t = normalise_cell(text).replace("═", "=").strip(_TRIM)
    t = re.sub(r"^\d{2,4}\s*(?=[<>=≥≤])", "", t)
    if t in ("定性", "定性指标") or t in _SCALES:
        return Op.QUAL
    return dict(_PREFIX_OPS).get(t)


def is_scale(text: str | None) -> bool:
    """True for a qualitative scale written out, e.g. ``优良中低差``."""
    return bool(text) and normalise_cell(text or "").strip(_TRIM) in _SCALES


__all__ = ["is_placeholder_text", "is_scale", "normalise_cell", "op_from_nature", "parse_value"]
