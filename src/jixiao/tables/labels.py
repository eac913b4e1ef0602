"""Labels of the self-evaluation forms: indicator levels, fund rows and column headers, as the seeds write them.

Each function takes a label as written (any widths, in-cell line breaks, numbering such as ``（1）`` or
``其中：``) and returns its canonical meaning, or None when it is not one it knows.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from jixiao.schema import L1, L2
from jixiao.schema.report import FundCategory
from jixiao.tables.numbers import to_halfwidth

_CAP = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*分\s*[）)]")


@lru_cache(maxsize=8192)
def _squash(text: str) -> str:
    return re.sub(r"\s+", "", to_halfwidth(text).replace("（", "(").replace("）", ")"))


def squash(text: str | None) -> str:
    """The label with every kind of whitespace removed and widths unified (for matching, not for display)."""
    return _squash(text) if text else ""


def join_wrapped(text: str) -> str:
    """A label broken across lines inside its cell (``经济效↵益指标``) joined back, trimmed."""
    lines = [ln.strip() for ln in text.replace("\u3000", " ").split("\n")]
    return "".join(ln for ln in lines if ln)


def level1_of(label: str | None) -> L1 | None:
    """一级指标 → L1. ``…完成指标`` (四川 sub-project rows) is 产出指标 and ``…效益指标`` is 效益指标."""
    t = _CAP.sub("", squash(label))
    if not t:
        return None
    if "满意" in t:
        return L1.SATISFACTION
    if "产出" in t or t.endswith("完成指标"):
        return L1.OUTPUT
    if "效益" in t:
        return L1.BENEFIT
    if "成本" in t:
        return L1.COST
    return None


def level1_cap(label: str | None) -> Decimal | None:
    """The points cap written in a 一级指标 cell: ``产出指标↵(50分)`` → 50."""
    m = _CAP.search(to_halfwidth(label or "").replace("\n", ""))
    return Decimal(m.group(1)) if m else None


def level2_of(label: str | None) -> L2 | None:
    """二级指标 → L2, including the variants 可持续发展指标, 帮扶对象满意度指标, bare 满意度指标 and the typo 实效指标."""
    t = squash(label)
    if not t:
        return None
    table: tuple[tuple[str, L2], ...] = (
        ("经济效益", L2.ECON),
        ("社会效益", L2.SOCIAL),
        ("生态效益", L2.ECO),
        ("可持续", L2.SUSTAIN),
        ("满意度", L2.SATISF),
        ("满意", L2.SATISF),
        ("数量", L2.QTY),
        ("质量", L2.QUAL),
        ("时效", L2.TIME),
        ("实效", L2.TIME),
        ("成本", L2.COST),
    )
    for key, level in table:
        if key in t:
            return level
    return None


LEVEL1_WORDS = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2_WORDS = (
    "数量指标",
    "质量指标",
    "时效指标",
    "实效指标",
    "成本指标",
    "经济效益指标",
    "社会效益指标",
    "生态效益指标",
    "可持续影响指标",
    "可持续发展指标",
    "服务对象满意度指标",
    "帮扶对象满意度指标",
    "满意度指标",
)

# --- fund rows --------------------------------------------------------------------------------------

_FUND_LABELS: tuple[tuple[str, FundCategory], ...] = (
    ("年度资金总额", "总额"),
    ("资金总额", "总额"),
    ("总额", "总额"),
    ("合计", "总额"),
    ("当年财政拨款", "当年财政拨款"),
    ("上年结转", "上年结转"),
    ("财政专户管理资金", "财政专户"),
    ("财政专户", "财政专户"),
    ("纳入专户管理的非税收入", "非税收入"),
    ("非税收入", "非税收入"),
    ("一般公共预算", "一般公共预算"),
    ("政府性基金", "政府性基金"),
    ("财政资金", "财政资金"),
    ("单位资金", "单位资金"),
    ("其他资金", "其他资金"),
    ("基本支出", "基本支出"),
    ("人员支出", "人员支出"),
    ("公用支出", "公用支出"),
    ("项目支出", "项目支出"),
    ("财政拨款", "财政拨款"),
)
_LABEL_NOISE = re.compile(r"^(?:其中[:：]?|[(（]?\d+[)）.、]|[一二三四五六七八九十]+[、.])+")


def clean_fund_label(label: str) -> str:
    """``其中：  一般公共预算：`` → ``一般公共预算``; ``（1）财政拨款`` → ``财政拨款`` (for matching)."""
    t = squash(label)
    t = _LABEL_NOISE.sub("", t)
    return t.rstrip(":：")


def fund_category(label: str | None) -> FundCategory | None:
    """The FundRow category a row label names, or None."""
    t = clean_fund_label(label or "")
    if not t or len(t) > 16:
        return None
    for key, cat in _FUND_LABELS:
        if t.startswith(key) or t == key:
            return cat
    return None


Breakdown = Literal["总额", "收入性质", "支出性质", "资金来源", "资金结构"]


def breakdown_of(label: str | None) -> Breakdown | None:
    """A group label above fund rows: 按收入性质分 / 按支出性质分 / 资金来源 / 资金结构."""
    t = squash(label)
    if "收入性质" in t:
        return "收入性质"
    if "支出性质" in t:
        return "支出性质"
    if "资金来源" in t:
        return "资金来源"
    if "资金结构" in t:
        return "资金结构"
    return None


FundField = Literal["initial_budget", "budget", "executed", "transfer", "rate", "weight", "score", "reason"]


def fund_field(header: str | None) -> FundField | None:
    """A fund-table column header → FundRow field (``全年预算数（A）`` → budget; ``执行率（(B-C)/A)`` → rate)."""
    t = squash(header)
    t = re.sub(r"\((?:万元|元|[A-C])\)", "", t)
    if not t:
        return None
    if t in ("年初预算数", "年初预算"):
        return "initial_budget"
    if t in ("全年预算数", "调整后预算数", "调整后预算", "全年预算", "预算数"):
        return "budget"
    if t in ("全年执行数", "预算执行数", "执行数", "全年执行"):
        return "executed"
    if "转移支付" in t or "移动支付" in t:
        return "transfer"
    if "执行率" in t:
        return "rate"
    if t in ("分值", "权重"):
        return "weight"
    if t in ("得分", "自评得分"):
        return "score"
    if t in ("原因", "说明", "偏差原因"):
        return "reason"
    return None


# --- indicator columns ------------------------------------------------------------------------------

IndicatorField = Literal[
    "level1",
    "level2",
    "name",
    "content",
    "nature",
    "target",
    "unit",
    "actual",
    "weight",
    "score",
    "reason",
    "improvement",
]


def indicator_field(header: str | None) -> IndicatorField | None:
    """A 绩效指标 column header → PerformanceIndicator field, or None (``绩效指标`` row labels, blanks)."""
    t = squash(header)
    if not t:
        return None
    # A header cell can carry text spilled from the row above ("…工作能力。↵一级指标"): read its end.
    for word, field in (
        ("一级指标", "level1"),
        ("二级指标", "level2"),
        ("三级指标", "name"),
    ):
        if t.endswith(word):
            return field  # type: ignore[return-value]
    rules: tuple[tuple[str, IndicatorField], ...] = (
        ("目标内容", "content"),
        ("指标性质", "nature"),
        ("度量单位", "unit"),
        ("计量单位", "unit"),
        ("年度指标值", "target"),
        ("目标值", "target"),
        ("实际完成值", "actual"),
        ("完成值", "actual"),
        ("指标值", "target"),
        ("分值", "weight"),
        ("权重", "weight"),
        ("得分", "score"),
        ("偏差原因", "reason"),
        ("未完成原因", "reason"),
        ("原因分析", "reason"),
        ("改进措施", "improvement"),
    )
    for word, field in rules:
        if word in t:
            return field
    return None


def header_word_end(text: str) -> int | None:
    """Where a spilled-in prefix ends in a header cell such as ``…能力。↵一级指标``: the index of the header word."""
    for word in ("一级指标", "二级指标", "三级指标"):
        idx = text.rfind(word)
        if idx > 0 and text[idx:].strip() == word:
            return idx
    return None


__all__ = [
    "LEVEL1_WORDS",
    "LEVEL2_WORDS",
    "Breakdown",
    "FundField",
    "IndicatorField",
    "breakdown_of",
    "clean_fund_label",
    "fund_category",
    "fund_field",
    "header_word_end",
    "indicator_field",
    "join_wrapped",
    "level1_cap",
    "level1_of",
    "level2_of",
    "squash",
]
