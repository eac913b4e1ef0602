"""The 望城 部门整体自评表 (seed 003) when it reaches us as text extracted from a PDF: no table blocks.

Every printed line of the form is a paragraph. The layout, top to bottom:

* ``部门(单位)名称 长沙市望城区妇女联合会 所属独立核算单位个数 1``;
* the fund header ``资金来源 全年预算数（A） 全年执行数（B） 上级财政移动支付（C） 分值 执行率（(B-C)/A) 得分`` and its
  rows (``年度资金总额`` on one line, its values ``324 324 0 10 100.00% 10.00`` on the next;
  ``财政拨款 324 324 0 -- 100.00% --``);
* ``年初设定目标 目标完成情况``, the numbered target items (``指标 1：…``, wrapped) and the completion text;
* the indicator header, then the rows: level labels broken over lines (``经济效`` ``益指标``), each indicator
  starting with ``部门整体`` (the 三级指标 column), its 目标内容 / 目标值 / 完成值 wrapped in narrow columns,
  and a line ending with the weight and score (``至少 30 场 43 6 6``, ``按照标准完成 4 4``, ``4 4``); a cell may
  go on after that line (``4 4`` / ``一线女干部职工`` / ``和困难妇女儿童``);
* ``总分 100 90.00``.

Where the numbers line does not say where 目标内容 ends and 目标值 begins, the cell boundaries are read from
the line shapes: a line much shorter than the column (the last line of a cell), a line ending a sentence or
with 以上/以内, and two cells printed side by side on one line (``长期坚持 按要求完成并长``). A line ending in
an operator word (``不少于``) or followed by a line that starts with a digit is a wrapped quantity, not a cell
end. Values read this way carry ``method="text_rule"``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from jixiao.schema import (
    Document,
    FundRow,
    Paragraph,
    PerformanceIndicator,
    Provenance,
    SelfEvalTable,
    TableGoal,
)
from jixiao.tables.funds import Formula, fund_row_from_values
from jixiao.tables.indicators import nature_of
from jixiao.tables.labels import (
    LEVEL1_WORDS,
    LEVEL2_WORDS,
    fund_category,
    fund_field,
    level1_cap,
    level1_of,
    level2_of,
)
from jixiao.tables.numbers import is_null, parse_decimal
from jixiao.tables.values import parse_value

_ROW_START = "部门整体"
_TAIL = re.compile(r"^(?P<prefix>.*?)\s*(?P<w>\d+(?:\.\d+)?)\s+(?P<s>\d+(?:\.\d+)?)$")
_IGNORED_LABELS = ("年度绩效指标",)
_GOAL_ITEM = re.compile(r"^指标\s*\d+\s*[:：]")
_CUT_WORDS = ("不少于", "至少", "不低于", "达", "不超过", "每人")


@dataclass
class _Piece:
    """A run of text on one printed line, with its span in Document.text."""

    text: str
    start: int
    end: int
    line: int | None
    hard_after: bool = False  # a cell boundary printed on the same line follows


@dataclass
class _Row:
    level1: str
    level2: str
    first: Paragraph
    pieces: list[_Piece] = field(default_factory=list)
    tail: _Piece | None = None
    weight: tuple[str, int, int] | None = None
    score: tuple[str, int, int] | None = None
    after: list[_Piece] = field(default_factory=list)


def looks_like_wangcheng(doc: Document) -> bool:
    """True for a document whose 自评表 is flattened into paragraphs (indicator rows start with 部门整体)."""
    paras = doc.paragraphs()
    has_header = any("目标值" in p.text and "完成值" in p.text for p in paras)
    rows = sum(1 for p in paras if p.text.startswith(_ROW_START + " "))
    return has_header and rows >= 2


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def _span(para: Paragraph) -> tuple[int, int]:
    return para.prov.span or (0, len(para.text))


def _prov(doc: Document, para: Paragraph, start: int, end: int) -> Provenance:
    return Provenance(file=doc.name, span=(start, end), line=para.prov.line, method="text_rule")


def _pieces(para: Paragraph, text_offset: int = 0) -> list[_Piece]:
    """Split a printed line into pieces at spaces between two CJK characters (two cells side by side)."""
    base = _span(para)[0] + text_offset
    text = para.text[text_offset:]
    out: list[_Piece] = []
    start = 0
    for m in re.finditer(r"(?<=[^\x00-\x7f]) +(?=[^\x00-\x7f])", text):
        out.append(
            _Piece(text[start : m.start()], base + start, base + m.start(), para.prov.line, hard_after=True)
        )
        start = m.end()
    lead = len(text[start:]) - len(text[start:].lstrip())
    out.append(_Piece(text[start:].strip(), base + start + lead, base + len(text.rstrip()), para.prov.line))
    return [p for p in out if p.text]


def read_wangcheng(doc: Document) -> SelfEvalTable | None:
    """The department self-evaluation table written as flattened text lines, or None if there is none."""
    paras = doc.paragraphs()
    if not looks_like_wangcheng(doc):
        return None
    first = paras[0]
    fallback = first.prov.with_method("text_rule")
    title = next((p.text.strip() for p in paras[:3] if "自评表" in p.text), None)
    name = _unit_name(paras)
    funds, after_funds = _funds(doc, paras)
    goals, after_goals = _goals(doc, paras, after_funds)
    indicators, totals = _indicators(doc, paras, after_goals)
    return SelfEvalTable(
        scope="部门整体",
        title=title,
        competent_dept=name,
        funds=funds,
        goals=goals,
        indicators=indicators,
        total_weight_reported=totals[0],
        total_score_reported=totals[1],
        prov=fallback,
    )


def _unit_name(paras: list[Paragraph]) -> str | None:
    for p in paras[:10]:
        m = re.match(
            r"^部门\s*[(（]单位[)）]\s*名称\s+(?P<v>.+?)(?:\s+所属独立核算单位个数.*)?$", p.text.strip()
        )
        if m:
            return m.group("v").strip()
    return None


def _funds(doc: Document, paras: list[Paragraph]) -> tuple[list[FundRow], int]:
    """Fund rows under the (A)(B)(C) header; returns them and the index of the paragraph after them."""
    header_at = next(
        (i for i, p in enumerate(paras) if sum(1 for t in p.text.split() if fund_field(t)) >= 3), None
    )
    if header_at is None:
        return [], 0
    header = paras[header_at].text
    columns = [fund_field(t) for t in header.split() if fund_field(t) is not None]
    formula: Formula = "(B-C)/A" if "B-C" in header.replace(" ", "") else "B/A"
    rows: list[FundRow] = []
    pending: Paragraph | None = None
    i = header_at + 1
    misses = 0
    while i < len(paras) and misses < 3:
        p = paras[i]
        tokens = list(re.finditer(r"\S+", p.text))
        numeric = [
            m for m in tokens if parse_decimal(m.group().rstrip("%")) is not None or is_null(m.group())
        ]
        label_tokens = tokens[: len(tokens) - len(numeric)] if numeric and tokens[-1] in numeric else tokens
        if len(numeric) >= len(columns) - 1 and numeric:
            label_para = p if label_tokens else pending
            label = (
                " ".join(m.group() for m in label_tokens)
                if label_tokens
                else (pending.text if pending else "")
            )
            values = [
                (name, m.group(), _prov(doc, p, _span(p)[0] + m.start(), _span(p)[0] + m.end()))
                for name, m in zip(columns, numeric[-len(columns) :], strict=False)
            ]
            anchor = label_para or p
            row = fund_row_from_values(
                label,
                values,
                formula=formula,
                prov=_prov(doc, anchor, *_span(anchor)),
            )
            if row is not None:
                rows.append(row)
            pending = None
            misses = 0
        elif fund_field_label(p.text):
            pending = p
        elif rows:
            break
        else:
            misses += 1
        i += 1
    return rows, i


def fund_field_label(text: str) -> bool:
    """A line holding only a fund row label (``年度资金总额``)."""
    return fund_category(text.strip()) is not None and not re.search(r"\d", text)


def _goals(doc: Document, paras: list[Paragraph], start: int) -> tuple[list[TableGoal], int]:
    head = next((i for i in range(start, len(paras)) if "年初设定目标" in paras[i].text), None)
    if head is None:
        return [], start
    items: list[Paragraph] = []
    actual: list[Paragraph] = []
    i = head + 1
    while i < len(paras):
        p = paras[i]
        text = p.text.strip()
        if text in ("一级指标", "一级指") or "目标值" in text:
            break
        if actual:
            actual.append(p)
        elif _GOAL_ITEM.match(text) or (items and not items[-1].text.rstrip().endswith(("。", "；", ";"))):
            items.append(p)
        else:
            actual.append(p)
        i += 1
    if not items:
        return [], i
    target_text = _join_items(items)
    goal = TableGoal(
        target_text=target_text,
        actual_text="".join(p.text.strip() for p in actual) or None,
        prov=_prov(doc, items[0], _span(items[0])[0], _span(items[-1])[1]),
        actual_prov=_prov(doc, actual[0], _span(actual[0])[0], _span(actual[-1])[1]) if actual else None,
    )
    return [goal], i


def _join_items(items: list[Paragraph]) -> str:
    lines: list[str] = []
    for p in items:
        text = p.text.strip()
        if _GOAL_ITEM.match(text) or not lines:
            lines.append(text)
        else:
            lines[-1] += text
    return "\n".join(lines)


def _level_match(buffer: str) -> tuple[str | None, bool]:
    """(a complete level label the buffer equals, whether the buffer could still grow into a label)."""
    labels = (*LEVEL1_WORDS, *LEVEL2_WORDS, *_IGNORED_LABELS)
    complete = buffer if buffer in labels else None
    longer = any(lab.startswith(buffer) and lab != buffer for lab in labels)
    return complete, longer


def _indicators(
    doc: Document, paras: list[Paragraph], start: int
) -> tuple[list[PerformanceIndicator], tuple[Decimal | None, Decimal | None]]:
    header = next((i for i in range(start, len(paras)) if "目标值" in paras[i].text), None)
    if header is None:
        return [], (None, None)
    level1 = level2 = ""
    rows: list[_Row] = []
    current: _Row | None = None
    buffer = ""
    totals: tuple[Decimal | None, Decimal | None] = (None, None)
    i = header + 1
    while i < len(paras):
        p = paras[i]
        text = p.text.strip()
        i += 1
        if not text or text.startswith(("分值", "未完成原因")):
            continue
        if text.startswith("总分"):
            numbers = re.findall(r"\d+(?:\.\d+)?", text)
            totals = (
                Decimal(numbers[0]) if numbers else None,
                Decimal(numbers[1]) if len(numbers) > 1 else None,
            )
            break
        if text.startswith(_ROW_START + " ") or text == _ROW_START:
            current = _Row(level1, level2, p)
            rows.append(current)
            current.pieces.extend(_pieces(p, len(_ROW_START)))
            continue
        open_row = current is not None and current.weight is None
        tail = _TAIL.match(text)
        if tail and (open_row or current is None or current.weight is not None):
            if not open_row:
                # "0 0" under a level label: a row with a weight and no indicator.
                current = _Row(level1, level2, p)
                rows.append(current)
            assert current is not None
            base = _span(p)[0]
            current.weight = (tail.group("w"), base + tail.start("w"), base + tail.end("w"))
            current.score = (tail.group("s"), base + tail.start("s"), base + tail.end("s"))
            prefix = tail.group("prefix").strip()
            if prefix:
                current.tail = _Piece(
                    prefix, base + tail.start("prefix"), base + tail.end("prefix"), p.prov.line
                )
            continue
        if open_row and current is not None:
            current.pieces.extend(_pieces(p))
            continue
        candidate = buffer + text.replace(" ", "")
        complete, longer = _level_match(candidate)
        if complete or longer:
            buffer = candidate
            if complete and not longer:
                level1, level2 = _set_level(complete, level1, level2)
                buffer = ""
                current = None
            continue
        buffer = ""  # fragments that never became a label: they were text
        if current is not None:
            current.after.extend(_pieces(p))
    return [_indicator(doc, r) for r in rows], totals


def _set_level(label: str, level1: str, level2: str) -> tuple[str, str]:
    if label in _IGNORED_LABELS:
        return level1, level2
    if label == "满意度指标":
        # Bare 满意度指标 is a first level under 效益 and a second level under 满意度 itself.
        return (level1, label) if level1_of(level1) is not None and "满意" in level1 else (label, "")
    if label in LEVEL1_WORDS and label != "成本指标":
        return label, ""
    return level1, label


def _cell_boundaries(pieces: list[_Piece], cells: int) -> list[list[_Piece]]:
    """Split a row's pieces into ``cells`` cells (see the module docstring for the cues)."""
    if cells <= 1 or len(pieces) <= 1:
        return [pieces] + [[] for _ in range(cells - 1)]
    widths = [_width(p.text) for p in pieces]
    common = max(set(widths), key=lambda w: (widths.count(w), w))
    scores: list[float] = []
    for k, piece in enumerate(pieces[:-1]):
        nxt = pieces[k + 1].text
        score = 0.0
        if piece.hard_after:
            score += 10
        if piece.text.endswith(("。", "；", ";")):
            score += 3
        if piece.text.endswith(("以上", "以内", "以下")):
            score += 2
        short = common - widths[k]
        score += 2 if short >= 4 else 1 if short >= 2 else 0
        if nxt[:1].isdigit():
            score -= 2
        if piece.text.endswith(_CUT_WORDS):
            score -= 3
        scores.append(score - k * 0.001)  # earlier boundary wins a tie
    chosen = sorted(sorted(range(len(scores)), key=lambda k: -scores[k])[: cells - 1])
    chosen = [k for k in chosen if scores[k] > 0]
    out: list[list[_Piece]] = []
    start = 0
    for k in chosen:
        out.append(pieces[start : k + 1])
        start = k + 1
    rest = pieces[start:]
    missing = cells - len(out)
    if missing == 1:
        out.append(rest)
    else:
        # No cue left for the remaining boundaries: share the remaining lines out evenly.
        step = max(1, len(rest) // missing) if rest else 1
        for m in range(missing):
            out.append(rest[m * step : (m + 1) * step] if m < missing - 1 else rest[m * step :])
    return out


def _join_lines(lines: list[str]) -> str:
    """Lines of one cell joined back: no space between CJK, one space where a number or Latin word meets
    CJK (the form prints ``儿童 45 名共 3.02 万元`` with spaces and breaks lines at them)."""
    out = ""
    for line in lines:
        if out and ((out[-1].isascii() and out[-1].isalnum()) or (line[:1].isascii() and line[:1].isalnum())):
            out += " "
        out += line
    return out


def _joined(doc: Document, row: _Row, pieces: list[_Piece]) -> tuple[str | None, Provenance | None]:
    if not pieces:
        return None, None
    text = _join_lines([p.text for p in pieces])
    return text, Provenance(
        file=doc.name, span=(pieces[0].start, pieces[-1].end), line=pieces[0].line, method="text_rule"
    )


def _indicator(doc: Document, row: _Row) -> PerformanceIndicator:
    target_tail = actual_tail = None
    if row.tail is not None:
        tokens = row.tail.text.split(" ")
        if len(tokens) > 1 and parse_decimal(tokens[-1]) is not None:
            cut = row.tail.text.rfind(" ")
            target_tail = _Piece(
                row.tail.text[:cut].strip(), row.tail.start, row.tail.start + cut, row.tail.line
            )
            actual_tail = _Piece(tokens[-1], row.tail.start + cut + 1, row.tail.end, row.tail.line)
        else:
            actual_tail = row.tail
    body = list(row.pieces)
    content: list[_Piece]
    target: list[_Piece]
    actual: list[_Piece]
    if target_tail is not None:
        content, target = body, [target_tail]
        actual = [actual_tail] if actual_tail is not None else []
    elif actual_tail is not None:
        content, target = _cell_boundaries(body, 2)
        actual = [actual_tail]
    else:
        content, target, actual = _cell_boundaries(body, 3)
    actual = actual + row.after
    content_text, content_prov = _joined(doc, row, content)
    target_text, target_prov = _joined(doc, row, target)
    actual_text, actual_prov = _joined(doc, row, actual)
    anchor = _prov(doc, row.first, *_span(row.first))
    cells: dict[str, Provenance] = {}
    for key, prov in (("content", content_prov), ("target", target_prov), ("actual", actual_prov)):
        if prov is not None:
            cells[key] = prov
    weight = score = None
    if row.weight is not None:
        weight = Decimal(row.weight[0])
        cells["weight"] = Provenance(
            file=doc.name, span=row.weight[1:], line=row.first.prov.line, method="text_rule"
        )
    if row.score is not None:
        score = Decimal(row.score[0])
        cells["score"] = Provenance(
            file=doc.name, span=row.score[1:], line=row.first.prov.line, method="text_rule"
        )
    target_value = parse_value(target_text or "", prov=target_prov)
    has_name = bool(row.pieces)
    return PerformanceIndicator(
        level1_raw=row.level1,
        level1=level1_of(row.level1),
        level1_cap=level1_cap(row.level1),
        level2_raw=row.level2,
        level2=level2_of(row.level2),
        name=_ROW_START if has_name else "",
        content=content_text,
        nature=nature_of(target_value, None),
        target=target_value,
        actual=parse_value(actual_text or "", prov=actual_prov),
        weight=weight,
        score=score,
        prov=anchor,
        cells=cells,
    )


__all__ = ["looks_like_wangcheng", "read_wangcheng"]
