"""Labels of the self-evaluation forms: indicator levels, fund rows and column headers.

Thin typed wrappers over the form vocabulary (:mod:`jixiao.vocabulary`, data in ``forms.yaml``): each
function takes a label as printed (any widths, in-cell line breaks, traditional characters, numbering such
as ``（1）`` or ``其中：``, suffixes such as ``(A)`` or ``(50分)``) and returns its canonical meaning, or None
when the vocabulary does not know it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal
from typing import cast

from jixiao.schema import L1
from jixiao.schema import L2
from jixiao.schema.report import FundCategory
from jixiao.schema.values import FundField
from jixiao.schema.values import IndicatorField
from jixiao.vocabulary import HeaderMatch
from jixiao.vocabulary import fold
from jixiao.vocabulary import header_core
from jixiao.vocabulary import vocabulary

_CAP = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]|(?<![\d.])(\d+(?:\.\d+)?)\s*分$")


def squash(text: str | None) -> str:
    """The label folded for matching: no whitespace, one width, simplified characters (not for display)."""
    return fold(text) if text else ""


def join_wrapped(text: str) -> str:
    """A label broken across lines inside its cell (``经济效↵益指标``) joined back, trimmed."""
    lines = [ln.strip() for ln in text.replace("\u3000", " ").split("\n")]
    return "".join(ln for ln in lines if ln)


def level1_of(label: str | None) -> L1 | None:
    """一级指标 → L1. ``…完成指标`` (sub-project rows) is 产出指标 and ``…效益指标`` is 效益指标."""
    return vocabulary().level1(label)


def level1_cap(label: str | None) -> Decimal | None:
    """The points cap written in a 一级指标 cell: ``产出指标↵(50分)`` → 50; ``产出指标 40 分`` → 40."""
    m = _CAP.search(squash(label))
    if not m:
        return None
    return Decimal(m.group(1) or m.group(2))


def level2_of(label: str | None) -> L2 | None:
    """二级指标 → L2, including 可持续发展指标, 帮扶对象满意度指标, bare 满意度指标 and the typo 实效指标."""
    return vocabulary().level2(label)


def clean_fund_label(label: str) -> str:
    """``其中：  一般公共预算：`` → ``一般公共预算``; ``（1）财政拨款`` → ``财政拨款`` (for matching)."""
    return vocabulary().clean_label(label)


def fund_category(label: str | None) -> FundCategory | None:
    """The FundRow category a row label names, or None."""
    return cast(FundCategory | None, vocabulary().fund_category(label))


Breakdown = Literal["总额", "收入性质", "支出性质", "资金来源", "资金结构"]


def breakdown_of(label: str | None) -> Breakdown | None:
    """A group label above fund rows: 按收入性质分 / 按支出性质分 / 资金来源 / 资金结构."""
    return cast(Breakdown | None, vocabulary().breakdown(label))


FUND_VALUE_FIELDS: tuple[FundField, ...] = (
    "initial_budget",
    "budget",
    "executed",
    "transfer",
    "rate",
    "weight",
    "score",
    "reason",
)

_MAX_HEADER_CHARS = 24


def _last_line(text: str) -> str:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    return lines[-1] if len(lines) > 1 else ""


def match_header(record: Literal["indicator", "fund", "goal"], header: str | None) -> HeaderMatch | None:
    """The vocabulary's reading of a column header, or None.

    A header cell can carry text spilled from the row above (``…工作能力。↵一级指标``): when the whole cell
    is not a header, its last line is tried. Cells too long to be a header are not matched.
    """
    if not header or not header.strip():
        return None
    vocab = vocabulary()
    core = header_core(header).core
    if len(core) <= _MAX_HEADER_CHARS:
        found = vocab.match_header(record, header)
        if found is not None:
            return found
    last = _last_line(header)
    if last and len(header_core(last).core) <= _MAX_HEADER_CHARS:
        return vocab.match_header(record, last, fuzzy=False)
    return None


def fund_field(header: str | None) -> FundField | None:
    """A fund-table column header → FundRow field (``全年预算数（A）`` → budget; ``执行率（(B-C)/A)`` → rate)."""
    found = match_header("fund", header)
    return cast(FundField, found.field) if found else None


def indicator_field(header: str | None) -> IndicatorField | None:
    """A 绩效指标 column header → PerformanceIndicator field, or None (``绩效指标`` row labels, blanks)."""
    found = match_header("indicator", header)
    return cast(IndicatorField, found.field) if found else None


def is_known_column(record: Literal["indicator", "fund"], header: str | None) -> bool:
    """A column forms print that holds no field (评分标准, 指标解释 …): known, so not reported as unmapped."""
    return vocabulary().is_known_column(record, header)


def header_word_end(text: str) -> int | None:
    """Where a spilled-in prefix ends in a header cell such as ``…能力。↵一级指标``: the index of the header word."""
    lines = text.split("\n")
    if len(lines) < 2:
        return None
    last = lines[-1]
    if match_header("indicator", last) is None or len(last.strip()) > _MAX_HEADER_CHARS:
        return None
    idx = text.rfind(last)
    return idx if idx > 0 else None


def is_total_label(label: str | None) -> bool:
    """总分 / 合计 / 总计 / 综合得分 …: the row of the reported totals."""
    return vocabulary().is_total_label(label)


__all__ = [
    "FUND_VALUE_FIELDS",
    "Breakdown",
    "FundField",
    "IndicatorField",
    "breakdown_of",
    "clean_fund_label",
    "fund_category",
    "fund_field",
    "header_word_end",
    "indicator_field",
    "is_known_column",
    "is_total_label",
    "join_wrapped",
    "level1_cap",
    "level1_of",
    "level2_of",
    "match_header",
    "squash",
]
