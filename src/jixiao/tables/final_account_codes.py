"""功能分类 names and codes for 决算 lines, and the small text helpers the 决算 and 基础数据表 extractors share.

A 功能分类 code is 类 (3 digits) + 款 (2) + 项 (2). Statement tables print their codes; the narrative
决算说明 writes only the names (``一般公共服务（类）群众团体事务（款）行政运行（项）``). Codes for narrative lines
come first from the statement tables of the same document and then from :data:`STANDARD_FUNC_CODES`; a name
found in neither gets no code (codes are never guessed).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from jixiao.schema import Cell
from jixiao.schema import Paragraph
from jixiao.schema import Provenance

# Entries of the national 《政府收支分类科目》 (支出功能分类科目), limited to those confirmed in a published
# document this project holds: the nine 项 lines of 自贡市妇联 2022 决算说明 whose codes domain.md §2 gives,
# and the codes printed in statement 5 of 上海市普陀区财政局 2024 部门决算 (golden/docs). Extend it only from
# the published classification, never from a guess.
STANDARD_FUNC_CODES: Mapping[str, str] = {
    "201": "一般公共服务支出",
    "20106": "财政事务",
    "2010601": "行政运行",
    "2010602": "一般行政管理事务",
    "2010607": "信息化建设",
    "2010608": "财政委托业务支出",
    "20129": "群众团体事务",
    "2012901": "行政运行",
    "2012902": "一般行政管理事务",
    "2012999": "其他群众团体事务支出",
    "208": "社会保障和就业支出",
    "20805": "行政事业单位养老支出",
    "2080501": "行政单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出",
    "2080599": "其他行政事业单位养老支出",
    "20808": "抚恤",
    "2080801": "死亡抚恤",
    "210": "卫生健康支出",
    "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗",
    "2101103": "公务员医疗补助",
    "221": "住房保障支出",
    "22102": "住房改革支出",
    "2210201": "住房公积金",
    "2210203": "购房补贴",
}

_SPACE_RE = re.compile(r"[\s\u3000]+")
_ORDINAL_RE = re.compile(
    r"^(?:(?:[一二三四五六七八九十]+|\d+)[、.．]|[（(](?:[一二三四五六七八九十]+|\d+)[）)])\s*"
)
_LEVEL_MARK_RE = re.compile(r"[（(](?:类|款|项)[）)]")


def squash_text(text: str) -> str:
    """Cell or name text with every line break and space removed.

    PDF tables break names inside cells (``机关事业单位基本养老保险缴↵费支出``) and space out justified
    text (``因 公 出 国 （ 境 ） 费↵用``); the names in these statements are Chinese, so no space carries meaning.
    """
    return _SPACE_RE.sub("", text)


def strip_ordinal(name: str) -> str:
    """``一、一般公共服务支出`` → ``一般公共服务支出``; ``2.业务工作经费``, ``（1）公务用车购置费`` likewise."""
    return _ORDINAL_RE.sub("", name)


def norm_func_name(name: str) -> str:
    """A 功能分类 name reduced for matching: no spaces, no ``（类）`` marks, no trailing ``支出``.

    The narrative writes ``一般公共服务（类）`` where the classification says ``一般公共服务支出`` (domain.md §2).
    """
    t = _LEVEL_MARK_RE.sub("", squash_text(name))
    return t.removesuffix("支出")


def level_of_code(code: str) -> Literal["类", "款", "项"] | None:
    """Level of a code by its length: 3 → 类, 5 → 款, 7 → 项 (经济分类 uses 3 and 5)."""
    levels: dict[int, Literal["类", "款", "项"]] = {3: "类", 5: "款", 7: "项"}
    return levels.get(len(code))


def class_names(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Normalised 类 name → 3-digit code, from the standard entries and any codes the document printed."""
    codes = {**STANDARD_FUNC_CODES, **(extra or {})}
    return {norm_func_name(name): code for code, name in codes.items() if len(code) == 3}


def func_code_for(
    lei: str | None, kuan: str | None, xiang: str | None, extra: Mapping[str, str] | None = None
) -> str | None:
    """The 功能分类 code of a line given by names, or None when any of its names is not known.

    Args:
        lei, kuan, xiang: the 类/款/项 names as written; give only ``lei`` for a 类 line, ``lei`` and
            ``kuan`` for a 款 line.
        extra: code → name printed in the document's own statements; tried before the standard entries.

    Returns:
        A 3, 5 or 7 digit code matching the deepest name given, or None. A partial code is never returned
        for a deeper line (a 项 line whose 项 name is unknown gets None, not its 款 code).
    """
    if not lei:
        return None
    sources = [dict(extra or {}), dict(STANDARD_FUNC_CODES)]
    for codes in sources:
        found = _walk(codes, [lei, kuan, xiang])
        if found:
            return found
    return None


def _walk(codes: Mapping[str, str], names: list[str | None]) -> str | None:
    wanted = [norm_func_name(n) for n in names if n]
    prefix = ""
    for depth, name in enumerate(wanted):
        length = (3, 5, 7)[depth]
        match = [
            c
            for c, n in codes.items()
            if len(c) == length and c.startswith(prefix) and norm_func_name(n) == name
        ]
        if len(match) != 1:
            return None
        prefix = match[0]
    return prefix or None


def cell_prov(cell: Cell) -> Provenance:
    """Provenance of a value read from ``cell`` by a table rule."""
    return cell.prov if cell.prov.method == "ocr" else cell.prov.with_method("table_rule")


def span_prov(para: Paragraph, start: int, end: int) -> Provenance:
    """Provenance of ``para.text[start:end]``: the same span in the document's canonical text."""
    base = para.prov.span[0] if para.prov.span else 0
    return para.prov.with_method("text_rule", span=(base + start, base + end))
