"""Self-evaluation forms that reach us as lines: no table blocks, every printed line a paragraph.

A text copy of a PDF (seed 003 is one) prints each line of the form as it fell on the page: level labels
broken over lines (``经济效`` / ``益指标``), narrow cells wrapped, and two cells side by side on one line. This
reader rebuilds the form from the lines, with nothing but the form vocabulary and the lines' shapes:

* the fund part: a line naming three or more fund columns (``资金来源 全年预算数（A） 全年执行数（B） …``),
  then rows of a label and numbers (the label may stand alone on the line above its numbers);
* the goal part: a line naming both goal columns (``年初设定目标 目标完成情况``), numbered target items
  (``指标 1：``, ``1.``, ``（一）``, wrapped), then the completion text;
* the indicator part: the header line (``三级指标 目标内容 目标值 完成值``, its other words may be broken over
  lines), then rows. A row ends with a line ending in its numbers (``至少 30 场 43 6 6``, ``按照标准完成 4 4``,
  ``4 4``: the weight and score, and before them the end of the value cells); level labels are recognised
  as the vocabulary's level labels, whole or rebuilt from fragments; lines after a row's numbers and before
  the next level label continue that row's last cell;
* ``总分 100 90.00``.

Where the numbers line does not say where one cell ends and the next begins, the cell boundaries are read
from the line shapes: a line much shorter than the column (the last line of a cell), a line ending a sentence
or with 以上/以内, and two cells printed side by side on one line (``长期坚持 按要求完成并长``). A line ending in
an operator word (``不少于``) or followed by a line that starts with a digit is a wrapped quantity, not a cell
end. Values read this way carry ``method="text_rule"``. PDFs whose forms are printed without ruling lines
are rebuilt into tables by the PDF reader from the words' positions; this reader is for text copies.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from typing import Literal

from jixiao.schema import ColumnMapping
from jixiao.schema import Document
from jixiao.schema import FundRow
from jixiao.schema import Paragraph
from jixiao.schema import PerformanceIndicator
from jixiao.schema import Provenance
from jixiao.schema import SelfEvalTable
from jixiao.schema import TableGoal
from jixiao.schema import TableRead
from jixiao.tables.funds import Formula
from jixiao.tables.funds import fund_row_from_values
from jixiao.tables.indicators import build_indicator
from jixiao.tables.labels import fund_category
from jixiao.tables.labels import fund_field
from jixiao.tables.labels import indicator_field
from jixiao.tables.labels import is_total_label
from jixiao.tables.labels import level1_of
from jixiao.tables.labels import match_header
from jixiao.tables.numbers import is_null
from jixiao.tables.numbers import parse_decimal
from jixiao.vocabulary import fold
from jixiao.vocabulary import vocabulary

_TAIL2 = re.compile(r"^(?P<prefix>.*?)\s*(?P<w>\d+(?:\.\d+)?)\s+(?P<s>\d+(?:\.\d+)?)$")
_TAIL1 = re.compile(r"^(?P<prefix>.*?)\s+(?P<s>\d+(?:\.\d+)?)$|^(?P<only>\d+(?:\.\d+)?)$")
_GOAL_ITEM = re.compile(
    r"^(?:(?:指标|目标|任务)\s*\d+\s*[:：.、]|\d+\s*[、.．]\D|[（(]\s*\d+\s*[)）]|[（(]?[一二三四五六七八九十]+[)）、])"
)
_CUT_WORDS = ("不少于", "至少", "不低于", "达", "不超过", "每人")
_TEXT_FIELDS = ("name", "content", "target", "actual")
_MIN_ROWS = 2


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


@dataclass
class LineForm:
    """A self-evaluation form read from lines, and the record of how its parts were read."""

    table: SelfEvalTable
    reads: list[TableRead]


def _tokens_fields(text: str) -> list[str]:
    return [f for f in (indicator_field(t) for t in text.split()) if f is not None]


def _indicator_header_at(paras: list[Paragraph], start: int = 0) -> int | None:
    """The line naming the indicator columns: three or more of them, one a value column."""
    for i in range(start, len(paras)):
        fields = _tokens_fields(paras[i].text)
        if len(set(fields)) >= 3 and ({"target", "actual", "content"} & set(fields)):
            return i
    return None


def looks_like_line_form(doc: Document) -> bool:
    """True for a document whose 自评表 is printed as lines: an indicator header line and rows ending in
    their weight and score below it."""
    paras = doc.paragraphs()
    header = _indicator_header_at(paras)
    if header is None:
        return False
    tails = sum(1 for p in paras[header + 1 :] if _TAIL2.match(p.text.strip()))
    return tails >= _MIN_ROWS


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


def read_line_form(doc: Document) -> LineForm | None:
    """The self-evaluation form printed as text lines, or None if the document has none."""
    paras = doc.paragraphs()
    if not looks_like_line_form(doc):
        return None
    first = paras[0]
    fallback = first.prov.with_method("text_rule")
    title = next((p.text.strip() for p in paras[:3] if "自评表" in p.text), None)
    identity = _identity(paras)
    funds, after_funds, fund_read = _funds(doc, paras)
    goals, after_goals = _goals(doc, paras, after_funds)
    indicators, totals, ind_read = _indicators(doc, paras, after_goals)
    project = identity.get("project_name")
    scope = "项目" if project else "部门整体"
    table = SelfEvalTable(
        scope=scope,
        title=title,
        project_name=project,
        competent_dept=identity.get("dept_name") or identity.get("competent_dept"),
        implementing_unit=identity.get("implementing_unit"),
        funds=funds,
        goals=goals,
        indicators=indicators,
        total_weight_reported=totals[0],
        total_score_reported=totals[1],
        prov=fallback,
    )
    kind = "project_self_eval" if project else "dept_self_eval"
    reads = [
        r.model_copy(update={"kind": kind, "subject": project or "dept"}) for r in (fund_read, ind_read) if r
    ]
    return LineForm(table, reads)


def _identity(paras: list[Paragraph]) -> dict[str, str]:
    """``部门(单位)名称 长沙市…妇女联合会 所属独立核算单位个数 1`` → {dept_name: 长沙市…妇女联合会}."""
    vocab = vocabulary()
    out: dict[str, str] = {}
    for p in paras[:12]:
        tokens = p.text.split()
        for i, token in enumerate(tokens[:-1]):
            which = vocab.identity_field(token)
            if which is not None and which not in out and vocab.identity_field(tokens[i + 1]) is None:
                out[which] = tokens[i + 1].strip()
    return out


def _funds(doc: Document, paras: list[Paragraph]) -> tuple[list[FundRow], int, TableRead | None]:
    """Fund rows under their header line; returns them, the index of the paragraph after them, the read."""
    header_at = next(
        (
            i
            for i, p in enumerate(paras)
            if sum(1 for t in p.text.split() if fund_field(t) not in (None, "label")) >= 3
        ),
        None,
    )
    if header_at is None:
        return [], 0, None
    header = paras[header_at].text
    columns = [f for f in (fund_field(t) for t in header.split()) if f not in (None, "label")]
    mappings = _token_mappings("fund", header)
    formula: Formula = "(B-C)/A" if "B-C" in header.replace(" ", "") else "B/A"
    unit = _unit_near(paras, header_at)
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
                unit=unit,
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
    read = TableRead(
        tables=[],
        kind="dept_self_eval",
        part="funds",
        columns=mappings,
        rows_read=len(rows),
        unit=unit or "万元",
        unit_source="header" if unit else "assumed",
        prov=_prov(doc, paras[header_at], *_span(paras[header_at])),
    )
    return rows, i, read


def _token_mappings(record: Literal["indicator", "fund"], line: str) -> list[ColumnMapping]:
    """The column map of a header line: one entry per whitespace-separated header word."""
    out: list[ColumnMapping] = []
    for k, word in enumerate(line.split()):
        m = match_header(record, word)
        out.append(
            ColumnMapping(
                col=k,
                header=word,
                field=m.field if m else None,
                method=m.method if m else None,
                score=m.score if m else None,
            )
        )
    return out


def _unit_near(paras: list[Paragraph], at: int) -> str | None:
    """A unit note on the header line or the lines around it (``资金情况（万元）``, ``单位：元``)."""
    vocab = vocabulary()
    for p in paras[max(0, at - 2) : at + 3]:
        found = vocab.unit_note(p.text)
        if found in vocab.amount_units:
            return found
    return None


def fund_field_label(text: str) -> bool:
    """A line holding only a fund row label (``年度资金总额``)."""
    return fund_category(text.strip()) is not None and not re.search(r"\d", text)


def _is_goal_header(text: str) -> bool:
    fields = [m.field for m in (match_header("goal", t) for t in text.split()) if m is not None]
    return "target" in fields and "actual" in fields


def _goals(doc: Document, paras: list[Paragraph], start: int) -> tuple[list[TableGoal], int]:
    head = next((i for i in range(start, len(paras)) if _is_goal_header(paras[i].text)), None)
    if head is None:
        return [], start
    items: list[Paragraph] = []
    actual: list[Paragraph] = []
    i = head + 1
    while i < len(paras):
        p = paras[i]
        text = p.text.strip()
        if _level_or_header(text):
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


def _level_or_header(text: str) -> bool:
    """The goal part ends where the indicator part begins: a level label (or its first fragment), or a
    line naming indicator columns."""
    t = fold(text)
    vocab = vocabulary()
    labels = (*vocab.level1_labels, *vocab.level2_labels, "一级指标")
    if t and any(lab.startswith(t) for lab in labels) and len(t) >= 3:
        return True
    return len(set(_tokens_fields(text))) >= 2


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
    vocab = vocabulary()
    labels = (*vocab.level1_labels, *vocab.level2_labels, *vocab.block_labels)
    complete = buffer if buffer in labels else None
    longer = any(lab.startswith(buffer) and lab != buffer for lab in labels)
    return complete, longer


def _text_columns(paras: list[Paragraph], header: int) -> list[str]:
    """The value columns between the levels and the numbers, in printed order (name, content, target, actual)."""
    fields = [f for f in _tokens_fields(paras[header].text) if f in _TEXT_FIELDS]
    out = list(dict.fromkeys(fields))
    if "name" not in out:
        out.insert(0, "name")
    return out


def _indicators(
    doc: Document, paras: list[Paragraph], start: int
) -> tuple[list[PerformanceIndicator], tuple[Decimal | None, Decimal | None], TableRead | None]:
    header = _indicator_header_at(paras, start)
    if header is None:
        return [], (None, None), None
    columns = _text_columns(paras, header)
    level1 = level2 = ""
    rows: list[_Row] = []
    closed: _Row | None = None  # the last row whose numbers were read
    pending: list[Paragraph] = []  # lines since the last numbers line or level label
    buffer = ""
    buffered: list[Paragraph] = []
    totals: tuple[Decimal | None, Decimal | None] = (None, None)
    i = header + 1
    while i < len(paras):
        p = paras[i]
        text = p.text.strip()
        i += 1
        if not text or (not rows and not pending and _header_fragment(text)):
            continue
        first_word = text.split()[0]
        if is_total_label(first_word):
            numbers = re.findall(r"\d+(?:\.\d+)?", text)
            totals = (
                Decimal(numbers[0]) if numbers else None,
                Decimal(numbers[1]) if len(numbers) > 1 else None,
            )
            break
        tail = _TAIL2.match(text)
        if tail:
            row = _Row(level1, level2, pending[0] if pending else p)
            for line in pending:
                row.pieces.extend(_pieces(line))
            base = _span(p)[0]
            row.weight = (tail.group("w"), base + tail.start("w"), base + tail.end("w"))
            row.score = (tail.group("s"), base + tail.start("s"), base + tail.end("s"))
            prefix = tail.group("prefix").strip()
            if prefix:
                row.tail = _Piece(prefix, base + tail.start("prefix"), base + tail.end("prefix"), p.prov.line)
            rows.append(row)
            closed, pending, buffer, buffered = row, [], "", []
            continue
        candidate = buffer + text.replace(" ", "")
        complete, longer = _level_match(fold(candidate))
        if complete or longer:
            buffer = candidate
            buffered.append(p)
            if complete and not longer:
                if closed is not None and pending:
                    # Lines after a row's numbers and before the next level label end that row's last cell.
                    for line in pending:
                        closed.after.extend(_pieces(line))
                pending = []
                level1, level2 = _set_level(fold(complete), level1, level2)
                buffer, buffered = "", []
                closed = None
            continue
        if buffered:
            pending.extend(buffered)  # fragments that never became a label: they were text
        buffer, buffered = "", []
        pending.append(p)
    if closed is not None and pending:
        for line in pending:
            closed.after.extend(_pieces(line))
    indicators = [_indicator(doc, r, columns) for r in rows]
    read = TableRead(
        tables=[],
        kind="dept_self_eval",
        part="indicators",
        columns=_token_mappings("indicator", paras[header].text),
        rows_read=len(indicators),
        prov=_prov(doc, paras[header], *_span(paras[header])),
    )
    return indicators, totals, read


def _header_fragment(text: str) -> bool:
    """Pieces of a header printed vertically or wrapped (``分`` / ``值`` / ``未完成原因 改进措施``)."""
    if len(fold(text)) <= 2:
        return True
    fields = _tokens_fields(text)
    return bool(fields) and len(fields) == len(text.split())


def _set_level(label: str, level1: str, level2: str) -> tuple[str, str]:
    """Which level a label sets, from the vocabulary's level labels and the level it falls under.

    A label that is both (满意度指标) is a second level under a first level of the same kind and a first level
    otherwise; 成本指标 under 产出指标 is a second level (older forms), else a first level.
    """
    vocab = vocabulary()
    if label in vocab.block_labels:
        return level1, level2
    is1, is2 = label in vocab.level1_labels, label in vocab.level2_labels
    if is1 and is2:
        under = level1_of(level1)
        same = under is not None and under == level1_of(label)
        inside = (
            under is not None
            and level1_of(label) is not None
            and under.value == "产出指标"
            and "成本" in label
        )
        return (level1, label) if same or inside else (label, "")
    if is1:
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


def _indicator(doc: Document, row: _Row, columns: list[str]) -> PerformanceIndicator:
    """One indicator from its pieces: the tail gives the last value cells, the body the others."""
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
    tail = [p for p in (target_tail, actual_tail) if p is not None]
    head_columns = columns[: len(columns) - len(tail)]
    got: dict[str, list[_Piece]] = {}
    if head_columns and body and body[0].hard_after and len(head_columns) > 1:
        # The name cell printed beside the next cell's first line: a boundary the line itself shows.
        got[head_columns[0]] = [body[0]]
        parts = _cell_boundaries(body[1:], len(head_columns) - 1)
        got.update(zip(head_columns[1:], parts, strict=False))
    else:
        got.update(zip(head_columns, _cell_boundaries(body, len(head_columns)), strict=False))
    for name, piece in zip(columns[len(head_columns) :], tail, strict=False):
        got[name] = [piece]
    last = columns[-1]
    got[last] = got.get(last, []) + row.after
    texts: dict[str, tuple[str | None, Provenance | None]] = {
        name: _joined(doc, row, got.get(name, [])) for name in _TEXT_FIELDS
    }
    points: dict[str, Provenance] = {}
    weight = score = None
    if row.weight is not None:
        weight = Decimal(row.weight[0])
        points["weight"] = Provenance(
            file=doc.name, span=row.weight[1:], line=row.first.prov.line, method="text_rule"
        )
    if row.score is not None:
        score = Decimal(row.score[0])
        points["score"] = Provenance(
            file=doc.name, span=row.score[1:], line=row.first.prov.line, method="text_rule"
        )
    return build_indicator(
        (row.level1, row.level2),
        texts,
        weight=weight,
        score=score,
        prov=_prov(doc, row.first, *_span(row.first)),
        more_cells=points,
    )


__all__ = ["LineForm", "looks_like_line_form", "read_line_form"]
