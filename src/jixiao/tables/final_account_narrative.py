"""功能分类 lines written in a 决算说明's running text.

``1.一般公共服务（类）群众团体事务（款）行政运行（项）: 支出决算为218.79万元，完成预算100%。`` becomes a
:class:`FinalAccountLine` (``table=0``, ``source="narrative"``) with its 类/款/项 names, the amounts written
after it (支出决算, 年初预算) and the completion rate. The same names without an amount (the 名词解释 part
repeats them with a definition) give no line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from decimal import InvalidOperation
from typing import cast

from jixiao.schema import Amount
from jixiao.schema import Document
from jixiao.schema import FinalAccountLine
from jixiao.schema import Paragraph
from jixiao.schema.values import AmountUnit
from jixiao.tables.final_account_codes import func_code_for
from jixiao.tables.final_account_codes import span_prov
from jixiao.tables.final_account_codes import squash_text
from jixiao.tables.numbers import to_wan

_NAME = r"[^（()）。；;:：、，,.．\s\d][^（()）。；;:：、，,]{0,30}?"
_ITEM_RE = re.compile(
    rf"(?P<lei>{_NAME})\s*[（(]类[）)]\s*(?P<kuan>{_NAME})\s*[（(]款[）)]\s*(?P<xiang>{_NAME})\s*[（(]项[）)]"
)
_NUM = r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(亿元|万元|元)"
_FINAL_RE = re.compile(r"支出决算(?:数)?(?:为|是)?\s*" + _NUM)
_BUDGET_RE = re.compile(r"(?:年初|全年|调整后)?预算(?:数)?(?:为|是)\s*" + _NUM)
_RATE_RE = re.compile(r"完成(?:年初)?预算(?:数)?(?:的)?\s*(\d+(?:\.\d+)?)\s*[%％]")


def _amount_at(para: Paragraph, m: re.Match[str], offset: int) -> Amount | None:
    try:
        value = Decimal(m.group(1).replace(",", ""))
    except InvalidOperation:
        return None
    unit = cast(AmountUnit, m.group(2))
    start, end = offset + m.start(1), offset + m.end(2)
    return Amount(
        raw=para.text[start:end],
        value=value,
        unit=unit,
        wan=to_wan(value, unit),
        prov=span_prov(para, start, end),
    )


def narrative_item_lines(doc: Document, doc_codes: Mapping[str, str] | None = None) -> list[FinalAccountLine]:
    """Every ``…（类）…（款）…（项）`` line of the running text that states its 支出决算 amount.

    Args:
        doc: the document.
        doc_codes: 功能分类 code → name printed in the document's own statements; consulted before the
            standard entries to fill ``func_code``.
    """
    out: list[FinalAccountLine] = []
    for para in doc.paragraphs():
        matches = list(_ITEM_RE.finditer(para.text))
        for i, m in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(para.text)
            tail = para.text[m.end() : end]
            final_m = _FINAL_RE.search(tail)
            if final_m is None:
                continue
            budget_m = _BUDGET_RE.search(tail)
            rate_m = _RATE_RE.search(tail)
            final = _amount_at(para, final_m, m.end())
            budget = _amount_at(para, budget_m, m.end()) if budget_m else None
            last = max(x.end() for x in (final_m, budget_m, rate_m) if x is not None)
            lei, kuan, xiang = (squash_text(m.group(k)) for k in ("lei", "kuan", "xiang"))
            out.append(
                FinalAccountLine(
                    table=0,
                    func_code=func_code_for(lei, kuan, xiang, doc_codes),
                    level="项",
                    name=squash_text(m.group(0)),
                    lei=lei,
                    kuan=kuan,
                    xiang=xiang,
                    budget=budget,
                    final=final,
                    completion_rate=Decimal(rate_m.group(1)) if rate_m else None,
                    source="narrative",
                    prov=span_prov(para, m.start(), m.end() + last),
                )
            )
    return out
