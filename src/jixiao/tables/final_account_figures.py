"""Named totals in the running text of a 决算说明 or 自评报告 → :class:`FinalAccountFigure`.

Every number followed by 元/万元/亿元, ``%`` or 人/名 is read with the words just before it (its *label*: back
to the previous comma, colon or full stop, skipping bracketed asides). A label that ends with a known subject
gives a figure; anything else is ignored, and so are changes (增加 / 减少 / 较上年 …) and carry-overs (结转 /
结余). A bare label (``实际支出数为``, ``决算金额为``, ``预算执行率为``) takes its subject from an earlier figure
of the same sentence or from the heading above (``（一）基本支出情况``).

Keys (amount unless marked):

* totals — ``income_total`` 收入总计, ``expense_total`` 支出总计 (``收、支总计`` gives both),
  ``fiscal_income_total`` / ``fiscal_expense_total`` 财政拨款收入/支出总计, ``income_year`` 本年收入合计,
  ``expense_year`` 本年支出合计 (also ``实际支出`` after 全年预算收入), ``budget_income`` 全年预算收入;
* income — ``fiscal_income`` 财政拨款收入, ``gp_income`` 一般公共预算财政拨款收入, ``other_income`` 其他收入;
* expenditure — ``basic`` 基本支出, ``project`` 项目支出, ``personnel`` 人员经费, ``public_funds`` 公用经费 /
  日常公用经费, ``gp_expense`` 一般公共预算财政拨款支出, ``gp_basic`` 一般公共预算财政拨款基本支出,
  ``gov_fund_expense`` 政府性基金预算支出, ``state_capital_expense`` 国有资本经营预算支出,
  ``admin_running`` 机关运行经费;
* 政府采购 — ``procurement_total``, ``procurement_goods``, ``procurement_works``, ``procurement_services``;
* “三公”经费 — ``three_public`` (决算), ``three_public_budget``, ``three_public_outbound``,
  ``three_public_vehicle`` (购置及运行维护), ``three_public_vehicle_purchase``, ``three_public_vehicle_ops``,
  ``three_public_reception``;
* funds named in 湖南 reports — ``special_fund`` (专项资金实际支出), ``other_project`` (其他项目资金);
* staffing (count) — ``staff_quota`` 编制数, ``staff_actual`` 年末/实际在职人数, ``staff_retired`` 年末退休人员;
* rates (percentage points) — ``staff_control_rate`` 在职人员控制率, ``exec_rate`` 预算执行率, and
  ``<subject>_exec_rate`` for a rate under a subject (``project_exec_rate``, ``three_public_exec_rate`` …).

A subject's budget is ``<key>_budget`` (``project_budget``, ``other_project_budget``), its 年初 budget
``<key>_budget_initial`` (``basic_budget_initial``, ``special_fund_budget_initial``). The same key may occur
several times (the 元 and 万元 forms of one total, a figure repeated in two parts): every occurrence is kept
with its own span, so the checks can compare them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from decimal import InvalidOperation
from typing import Literal
from typing import cast

from jixiao.schema import Amount
from jixiao.schema import Document
from jixiao.schema import FinalAccountFigure
from jixiao.schema import FinalAccountLine
from jixiao.schema import Paragraph
from jixiao.schema import ThreePublic
from jixiao.schema.values import AmountUnit
from jixiao.tables.final_account_codes import class_names
from jixiao.tables.final_account_codes import norm_func_name
from jixiao.tables.final_account_codes import span_prov
from jixiao.tables.numbers import to_halfwidth
from jixiao.tables.numbers import to_wan
from jixiao.vocabulary import word_list

Kind = Literal["amount", "rate", "count"]

_MONEY_RE = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(亿元|万元|元)")
_RATE_RE = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")
_COUNT_RE = re.compile(r"(\d+)\s*(人|名)(?![次民员])")
_SHARE_RE = re.compile(r"^\s*[，,]?\s*占[^，。；;%％\d]{0,12}(\d+(?:\.\d+)?)\s*[%％]")
_DELIMS = frozenset("，,；;。：:！？!?\n")
_OPEN, _CLOSE = "（(", "）)"
_QUOTES_RE = re.compile(r"[“”\"'‘’\s\u3000*＊]")
_YEAR_PREFIX = re.compile(r"^\d{4}年(?:度)?(?!末)")
_CONNECTOR_TAIL = re.compile(r"(?:为|是|达到|达|共计|约|了)+$")
_BLOCKERS = re.compile(
    r"增加|减少|增长|下降|相比|较上年|比上年|同比|持平|结转|结余|追加|调整|转移支付|以上|以下|单价|平均"
)
# What may follow a subject before the number: 支出, 决算, 预算, 金额 …
_TAIL = (
    r"(?P<tail>(?:支出)?(?:年初|全年)?(?:部门)?(?:支出)?(?:预算|决算|实际支出|支出决算)?(?:数|金额|总额)?)"
)


@dataclass(frozen=True)
class _Rule:
    subject: re.Pattern[str]
    keys: tuple[str, ...]
    kind: Kind
    topic: str | None = None  # what a bare label later in the sentence refers to
    fixed: bool = False  # the key already says budget/final; no measure suffix


def _rule(pattern: str, keys: list[str], kind: Kind, topic: str | None, fixed: bool) -> _Rule:
    tail = "" if fixed else _TAIL
    return _Rule(re.compile(f"(?:{pattern}){tail}$"), tuple(keys), kind, topic, fixed)


_FIGURES = word_list("figures")
# Most specific first: the first rule whose subject ends the label wins.
_RULES: tuple[_Rule, ...] = tuple(
    _rule(s["pattern"], s["keys"], s.get("kind", "amount"), s.get("topic"), s.get("fixed", False))
    for s in _FIGURES["subjects"]
)
_BARE_FINAL = re.compile(r"^(?:实际支出数?|决算支出|决算金额|支出决算数?)$")
_BARE_BUDGET = re.compile(r"^(?:全年)?(?:预算|指标)(?:金额|总额|数)?$")
_BARE_RATE = re.compile(r"^(?:全年)?(?:预算)?执行率$")
_HEADING_TOPICS: dict[str, str] = _FIGURES["heading_topics"]
_HEADING_MAX = 30


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    value: Decimal
    unit: AmountUnit | None
    kind: Kind


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    for regex, kind in ((_MONEY_RE, "amount"), (_RATE_RE, "rate"), (_COUNT_RE, "count")):
        for m in regex.finditer(text):
            try:
                value = Decimal(m.group(1).replace(",", ""))
            except InvalidOperation:
                continue
            unit = cast(AmountUnit, m.group(2)) if kind == "amount" else None
            out.append(_Token(m.start(), m.end(), value, unit, cast(Kind, kind)))
    return sorted(out, key=lambda t: t.start)


def _label_start(text: str, pos: int) -> int:
    """Start of the words before ``pos``: back to a delimiter, skipping whole bracketed asides."""
    depth = 0
    i = pos
    while i > 0:
        ch = text[i - 1]
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            if depth == 0:
                return i  # the number sits inside brackets: its label starts after the bracket
            depth -= 1
        elif depth == 0:
            if ch in _DELIMS:
                return i
            # 、 separates listed items, except inside 收、支总计.
            if ch == "、" and not (text[i - 2 : i - 1] == "收" and text[i : i + 1] == "支"):
                return i
        i -= 1
    return 0


def _match_label(raw: str) -> str:
    """The label as rules see it: bracketed asides, quotes, year prefix and connectors removed."""
    t = re.sub(r"[（(][^（()）]*[）)]", "", to_halfwidth(raw).replace("(", "（").replace(")", "）"))
    t = _QUOTES_RE.sub("", t)
    t = _YEAR_PREFIX.sub("", t)
    return _CONNECTOR_TAIL.sub("", t)


def _heading_topic(para: Paragraph) -> tuple[bool, str | None]:
    t = para.text.strip().removesuffix("。")
    if len(t) > _HEADING_MAX or "。" in t:
        return False, None
    for word, topic in _HEADING_TOPICS.items():
        if word in t:
            return True, topic
    return True, None


def _topic_keys(topic: str) -> tuple[str, str, str]:
    """(final key, budget key, rate key) for a bare label under ``topic``."""
    if topic == "year":
        return "expense_year", "budget_income", "exec_rate"
    return topic, f"{topic}_budget", f"{topic}_exec_rate"


def _resolve(label: str, kind: Kind, topic: str | None) -> tuple[tuple[str, ...], str | None]:
    """Keys for a label (empty when none) and the topic it sets for the rest of the sentence."""
    if _BLOCKERS.search(label):
        return (), topic
    for rule in _RULES:
        if rule.kind != kind:
            continue
        m = rule.subject.search(label)
        if m is None:
            continue
        if rule.fixed:
            return rule.keys, rule.topic or topic
        prefix = label[: m.start()] + (m.group("tail") or "")
        suffix = (
            "_budget_initial"
            if "年初" in prefix and "预算" in prefix
            else "_budget"
            if "预算" in prefix
            else ""
        )
        return tuple(k + suffix for k in rule.keys), rule.topic or topic
    bare = _YEAR_PREFIX.sub("", label)
    if kind == "rate" and _BARE_RATE.match(bare):
        return ((_topic_keys(topic)[2] if topic else "exec_rate"),), topic
    if kind == "amount" and topic and _BARE_FINAL.match(bare):
        return (_topic_keys(topic)[0],), topic
    if kind == "amount" and topic and _BARE_BUDGET.match(bare):
        return (_topic_keys(topic)[1],), topic
    return (), topic


def _lead(text: str) -> int:
    """Length of the leading whitespace of ``text``."""
    return len(text) - len(text.lstrip())


def _token_amount(para: Paragraph, tok: _Token) -> Amount:
    raw = para.text[tok.start : tok.end]
    wan = to_wan(tok.value, tok.unit) if tok.unit else None
    return Amount(raw=raw, value=tok.value, unit=tok.unit, wan=wan, prov=span_prov(para, tok.start, tok.end))


def scan_narrative(
    doc: Document, doc_codes: Mapping[str, str] | None = None
) -> tuple[list[FinalAccountFigure], list[FinalAccountLine]]:
    """Figures of the running text, and the 类 totals a 决算说明 lists (``一般公共服务支出370.62万元，占71.44%``).

    Returns:
        (figures in document order, class lines with ``table=0`` and ``source="narrative"``)
    """
    classes = class_names(doc_codes)
    figures: list[FinalAccountFigure] = []
    class_lines: list[FinalAccountLine] = []
    heading: str | None = None
    for para in doc.paragraphs():
        is_heading, topic = _heading_topic(para)
        if is_heading:
            heading = topic
        text = para.text
        sentence_start = -1
        topic_now: str | None = heading
        for tok in _tokens(text):
            sentence = max(text.rfind("。", 0, tok.start), text.rfind("\n", 0, tok.start))
            if sentence != sentence_start:
                sentence_start, topic_now = sentence, heading
            start = _label_start(text, tok.start)
            raw_label = text[start : tok.start].strip()
            label = _match_label(raw_label)
            share_m = _SHARE_RE.match(text[tok.end :]) if tok.kind == "amount" else None
            share = Decimal(share_m.group(1)) if share_m else None
            keys, topic_now = _resolve(label, tok.kind, topic_now)
            if not keys and tok.kind == "amount" and norm_func_name(label) in classes and label:
                class_lines.append(
                    _class_line(para, tok, label, classes[norm_func_name(label)], share, start)
                )
                continue
            for key in keys:
                figures.append(
                    FinalAccountFigure(
                        key=key,
                        label=_CONNECTOR_TAIL.sub("", raw_label).strip(),
                        amount=_token_amount(para, tok),
                        kind=tok.kind,
                        share=share,
                        prov=span_prov(para, start + _lead(text[start : tok.start]), tok.end),
                    )
                )
    return figures, class_lines


def _class_line(
    para: Paragraph, tok: _Token, label: str, code: str, share: Decimal | None, start: int
) -> FinalAccountLine:
    return FinalAccountLine(
        table=0,
        func_code=code,
        level="类",
        name=label,
        lei=label,
        final=_token_amount(para, tok),
        share=share,
        source="narrative",
        prov=span_prov(para, start, tok.end),
    )


_RECEPTION_RE = re.compile(r"(国内)?公务接待\s*(\d+)\s*批次\s*[，,、]?\s*(?:共)?(?:接待)?\s*(\d+)\s*人次")


def three_public_from_figures(doc: Document, figures: list[FinalAccountFigure]) -> ThreePublic | None:
    """“三公”经费 from the narrative: the first figure of each 三公 key, and 国内公务接待 N批次 M人次."""
    first: dict[str, FinalAccountFigure] = {}
    for f in figures:
        if f.key.startswith("three_public") and f.kind == "amount":
            first.setdefault(f.key, f)
    batches = persons = None
    best_rank = 2
    for para in doc.paragraphs():
        for m in _RECEPTION_RE.finditer(para.text):
            # The first 国内公务接待 wins over a bare 公务接待; 外事接待 (reported apart) never matches.
            rank = 0 if m.group(1) else 1
            if rank < best_rank:
                best_rank = rank
                batches, persons = int(m.group(2)), int(m.group(3))
    if not first and batches is None:
        return None

    def amount(key: str) -> Amount | None:
        return first[key].amount if key in first else None

    budget = amount("three_public_budget") or amount("three_public_budget_initial")
    anchor = next(iter(first.values()), None)
    return ThreePublic(
        budget=budget,
        final=amount("three_public"),
        outbound=amount("three_public_outbound"),
        vehicle_purchase=amount("three_public_vehicle_purchase"),
        vehicle_ops=amount("three_public_vehicle_ops"),
        vehicle_total=amount("three_public_vehicle"),
        reception=amount("three_public_reception"),
        reception_batches=batches,
        reception_persons=persons,
        source="narrative",
        prov=anchor.prov if anchor else None,
    )
