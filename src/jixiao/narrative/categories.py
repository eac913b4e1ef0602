"""Problem and measure categories by keyword, and which problems a measure answers.

Category: the item's headline (its first sentence) decides when it names a category's keyword; the
category named most often wins, and a tie goes to the more specific category (a list ordered from
specific to general: 指标体系 before 绩效管理); the word 绩效 on its own counts half for 绩效管理. When the headline names none, the rest of the item
decides, but only if it names the category at least twice — a body mentions many things in passing.
Anything else is 其他: most measures about the department's own work (宣传, 维权, 家庭教育) are.

Links: a measure answers a problem when the measure's headline and the problem (with its cause)
share a *topic term* (绩效管理, 结果应用, 指标体系, 预算执行, 队伍 …), or when the measure names the
problem's number (``针对问题一``, ``针对第2个问题``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jixiao.narrative.splitting import first_sentence
from jixiao.schema import ProblemCategory
from jixiao.structure.headings import numeral_value

# Most specific first: the order breaks ties.
_KEYWORDS: tuple[tuple[ProblemCategory, tuple[str, ...]], ...] = (
    (
        ProblemCategory.INDICATORS,
        ("指标体系", "绩效指标", "评价指标", "指标设置", "指标设定", "指标不够", "量化指标"),
    ),
    (
        ProblemCategory.PROGRESS,
        ("项目进度", "实施进度", "进度滞后", "进度缓慢", "未按期", "按期完成", "工期"),
    ),
    (ProblemCategory.FACILITIES, ("阵地", "活动中心", "妇女儿童之家", "场所", "场地", "站点", "服务中心")),
    (ProblemCategory.STAFF, ("队伍", "人员配备", "专业人才", "人手", "专职", "兼职", "干部培训", "业务培训")),
    (ProblemCategory.BUDGET_EXEC, ("预算执行", "执行率", "执行进度", "支出进度", "拨付", "结余", "结转")),
    (ProblemCategory.BUDGET_PREP, ("预算编制", "编制预算", "预算申报", "预算调整", "预算编报")),
    (
        ProblemCategory.FUNDS,
        ("资金管理", "资金使用", "经费使用", "资金分配", "专款专用", "资金整合", "财务管理"),
    ),
    (ProblemCategory.RULES, ("制度建设", "管理制度", "内部控制", "内控", "规章制度", "管理办法", "机制")),
    (
        ProblemCategory.PERF_MGMT,
        (
            "绩效管理",
            "绩效评价",
            "绩效意识",
            "绩效监控",
            "绩效目标",
            "结果应用",
            "绩效自评",
            "绩效分析",
            "动态监控",
            "跟踪监控",
            "绩效考核",
        ),
    ),
)
_ORDER = {cat: i for i, (cat, _) in enumerate(_KEYWORDS)}

# Terms whose presence on both sides links a measure to a problem.
_TOPIC_TERMS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [
            *(kw for _, kws in _KEYWORDS for kw in kws),
            "绩效",
            "专业指导",
            "业务指导",
            "认识",
        ]
    )
)
_GENERIC_TOPICS = frozenset({"绩效", "认识"})
_EXPLICIT = re.compile(
    r"针对(?:上述)?(?:第)?(?:问题)?(?P<n>[一二三四五六七八九十]{1,3}|\d{1,2})(?:个)?(?:问题)?"
)


def _counts(text: str) -> dict[ProblemCategory, float]:
    out: dict[ProblemCategory, float] = {}
    for cat, words in _KEYWORDS:
        n: float = sum(text.count(w) for w in words)
        if cat == ProblemCategory.PERF_MGMT:
            # "绩效" on its own (实施绩效情况…) leans towards 绩效管理 without naming it.
            inside = sum(text.count(w) for w in words if "绩效" in w)
            n += 0.5 * max(0, text.count("绩效") - inside)
        if n:
            out[cat] = n
    return out


def _best(counts: dict[ProblemCategory, float]) -> ProblemCategory:
    return min(counts, key=lambda c: (-counts[c], _ORDER[c]))


def categorise(text: str, extra: str | None = None) -> ProblemCategory:
    """The category of an item (see the module docstring).

    Args:
        text: the item as written.
        extra: more text that belongs to it (a problem's cause), read with the body.
    """
    headline = first_sentence(text)
    head = _counts(headline)
    if head:
        return _best(head)
    body = _counts(text[len(headline) :] + (extra or ""))
    body = {c: n for c, n in body.items() if n >= 2}
    return _best(body) if body else ProblemCategory.OTHER


def _topics(text: str) -> set[str]:
    return {t for t in _TOPIC_TERMS if t in text}


def link_measure(measure: str, problems: Sequence[str]) -> list[int]:
    """1-based numbers of the problems a measure answers (empty when the text does not make it clear).

    Args:
        measure: the measure as written.
        problems: each problem's text with its cause, in order.
    """
    explicit = [numeral_value(m.group("n")) for m in _EXPLICIT.finditer(measure)]
    numbers = sorted({n for n in explicit if n is not None and 1 <= n <= len(problems)})
    if numbers:
        return numbers
    head = _topics(first_sentence(measure))
    specific = head - _GENERIC_TOPICS
    if not specific:
        return []
    return [i + 1 for i, p in enumerate(problems) if specific & _topics(p)]


__all__ = ["categorise", "link_measure"]
