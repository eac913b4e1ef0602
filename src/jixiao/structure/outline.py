"""Find the headings of a document and their depth: one pass over the blocks, in reading order.

Depth rules (written down because they decide what a reader gets):

* **Depth 0 — documents.** A file may hold several documents. A document title (``…自评报告``,
  ``…决算编制的说明``), an attachment marker (``附件2`` with the title under it) or a form title at the
  start of a document (``2021年度部门整体支出绩效自评表``) opens a depth-0 section. Outline numbering
  starts afresh in each. A report without a title (seed 000 starts with its first heading) has its
  headings at the top of the tree.
* **Depth 1… — numbered headings,** one level below their document's title and deeper by their
  sequence, never by the numeral style. A
  heading continues the deepest open list whose shape (the punctuation: ``、`` ``.`` brackets ``第…部分``)
  it shares and whose next number it carries; lost Word numbering keeps the shape but changes the
  numeral (``7、`` between ``六、`` and ``九、``, ``（2）`` after ``（一）``), so it still continues its list.
  Otherwise a heading numbered 1 opens a new, deeper list. A number that continues no list joins
  the deepest open list of its shape, else opens a deeper one (with a warning).
* **Headings and list items.** Sentence-like numbered lines are items of the body. Numbered lines that
  follow each other directly (no other block between, numbers counting up) form a list: if one of them
  is sentence-like, all are items. A *run-in* heading (``（一）机构组成。自贡市…``) is a heading only when
  its numbering leads, through its siblings, to a standalone heading (``（3） 年度主要工作任务。``).
* **Forms.** Inside a form (an attachment, or a form title) numbered lines and field labels are form
  content, never headings (a form flattened into lines of text, as in a PDF extraction, has lines such
  as ``年度总体目标`` or ``1.项目年度目标完成情况``; the tables stage reads those).
* **Attachment lists** (``附件：1．…基础数据表``) are a first-level section of the report whose items
  are not headings; the attachments that follow it (``附件1`` …) are its children, one level deeper,
  and are forms or documents in their own right (a listed report's headings go below it). A table of contents (``目 录``) is skipped until its
  first entry appears again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from enum import Enum

from jixiao.schema import Block
from jixiao.schema import Document
from jixiao.schema import Paragraph
from jixiao.structure.headings import LineShape
from jixiao.structure.headings import Numbering
from jixiao.structure.headings import Shape
from jixiao.structure.headings import clean_title
from jixiao.structure.headings import line_shape
from jixiao.structure.headings import parse_numbering
from jixiao.structure.headings import run_in_length
from jixiao.structure.titles import TitleKind
from jixiao.structure.titles import attachment_list_label
from jixiao.structure.titles import attachment_marker
from jixiao.structure.titles import is_title_prefix
from jixiao.structure.titles import is_title_subtitle
from jixiao.structure.titles import is_toc
from jixiao.structure.titles import title_kind
from jixiao.structure.titles import toc_entry

MAX_TOC_LINES = 80
_HEADING_STYLE_RE = re.compile(r"^(?:heading|标题)\s*(?P<level>\d)$", re.IGNORECASE)


class MarkKind(str, Enum):
    DOCUMENT = "document"  # a report or 说明 title
    FORM = "form"  # a form title
    ATTACHMENT = "attachment"  # 附件N (with its title)
    ATTACHMENT_LIST = "attachment_list"  # 附件：1．… 2．…
    HEADING = "heading"  # a numbered (or styled) heading


@dataclass
class HeadingMark:
    """A heading found in the blocks, before the tree is built."""

    first_block: int
    last_block: int  # inclusive: a title may take two or three lines
    start: int  # heading span in Document.text
    end: int
    depth: int
    number_raw: str
    ordinal: int | None
    title: str
    kind: MarkKind
    title_kind: TitleKind | None = None


@dataclass
class _Candidate:
    """A numbered paragraph."""

    block: int
    numbering: Numbering
    shape: LineShape
    title_start: int  # offset of the title in the paragraph text (0 when Word generates the label)
    heading: bool = False


@dataclass
class _Level:
    shapes: set[Shape]
    last: int
    arabic: bool = False  # the last number of the list was written in Arabic digits


@dataclass
class _State:
    stack: list[_Level] = field(default_factory=list)
    zone: str = "report"  # report | form | attachment_list
    headings_in_document: int = 0
    base: int = 0  # depth of the current document's title: its first-level headings are one deeper
    attachment_depth: int = 0  # depth of the attachments: 0, or one below an open attachment list
    in_toc: bool = False
    toc_first: str | None = None
    toc_lines: int = 0


def find_headings(doc: Document, warnings: list[str]) -> list[HeadingMark]:
    """All headings of ``doc`` in reading order, each with its depth (see the module docstring)."""
    candidates = _numbered_candidates(doc)
    _decide_headings(candidates)
    return _Walker(doc, candidates, warnings).walk()


# --- numbered paragraphs: heading or item ---------------------------------------------------------


def _numbered_candidates(doc: Document) -> dict[int, _Candidate]:
    out: dict[int, _Candidate] = {}
    for i, block in enumerate(doc.blocks):
        if not isinstance(block, Paragraph):
            continue
        if block.numbering:
            num = parse_numbering(block.numbering)
            if num is not None:
                out[i] = _Candidate(i, num, line_shape(block.text), 0)
                continue
        num = parse_numbering(block.text)
        if num is not None:
            out[i] = _Candidate(i, num, line_shape(block.text[num.length :]), num.length)
    return out


def _decide_headings(cands: dict[int, _Candidate]) -> None:
    """Mark which numbered paragraphs are headings (before zones are known)."""
    order = sorted(cands)
    # Lists: directly adjacent numbered paragraphs of one shape counting up. One sentence-like member
    # makes the whole list body text.
    runs: list[list[_Candidate]] = []
    for i in order:
        c = cands[i]
        prev = runs[-1][-1] if runs else None
        if (
            prev is not None
            and prev.block == i - 1
            and prev.numbering.shape == c.numbering.shape
            and c.numbering.ordinal == prev.numbering.ordinal + 1
        ):
            runs[-1].append(c)
        else:
            runs.append([c])
    for run in runs:
        if any(c.shape is LineShape.ITEM for c in run):
            for c in run:
                c.shape = LineShape.ITEM
    for c in cands.values():
        c.heading = c.shape is LineShape.STANDALONE
    # Run-in headings count only when their list leads to a standalone heading.
    for pos, i in enumerate(order):
        c = cands[i]
        if c.shape is LineShape.RUN_IN and not c.heading:
            chain = _run_in_chain(cands, order, pos)
            if chain is not None:
                for member in chain:
                    member.heading = True


def _run_in_chain(cands: dict[int, _Candidate], order: list[int], pos: int) -> list[_Candidate] | None:
    """The run-in candidates from ``order[pos]`` up to a standalone sibling, or None if there is none."""
    chain = [cands[order[pos]]]
    for j in order[pos + 1 :]:
        nxt = cands[j]
        cur = chain[-1]
        if nxt.numbering.shape != cur.numbering.shape:
            continue
        if nxt.numbering.ordinal != cur.numbering.ordinal + 1:
            return None
        if nxt.shape is LineShape.STANDALONE:
            return chain
        if nxt.shape is not LineShape.RUN_IN:
            return None
        chain.append(nxt)
    return None


# --- the walk -------------------------------------------------------------------------------------


class _Walker:
    def __init__(self, doc: Document, cands: dict[int, _Candidate], warnings: list[str]) -> None:
        self.doc = doc
        self.cands = cands
        self.warnings = warnings
        self.marks: list[HeadingMark] = []
        self.state = _State()

    def walk(self) -> list[HeadingMark]:
        blocks = self.doc.blocks
        i = 0
        while i < len(blocks):
            block = blocks[i]
            if not isinstance(block, Paragraph):
                if self.state.in_toc:
                    self.state.in_toc = False
                i += 1
                continue
            if self.state.in_toc and self._still_in_toc(block):
                i += 1
                continue
            i = self._paragraph(i, block)
        return self.marks

    # Each handler returns the index of the next block to look at.

    def _paragraph(self, i: int, p: Paragraph) -> int:
        text = p.text
        if is_toc(text):
            self.state.in_toc, self.state.toc_first, self.state.toc_lines = True, None, 0
            return i + 1
        marker = attachment_marker(text)
        if marker is not None:
            return self._attachment(i, p, marker.raw, marker.ordinal, marker.rest)
        label_end = attachment_list_label(text)
        if label_end is not None and self.state.zone != "form":
            self._attachment_list(i, p, label_end)
            return i + 1
        title_end = self._title(i)
        if title_end is not None:
            return title_end
        if self.state.zone == "form":
            return i + 1
        cand = self.cands.get(i)
        if cand is not None and cand.heading and self.state.zone == "report":
            self._numbered(cand, p)
            return i + 1
        style_level = _style_level(p)
        if style_level is not None and cand is None and self.state.zone == "report":
            self._styled(i, p, style_level)
        return i + 1

    def _still_in_toc(self, p: Paragraph) -> bool:
        st = self.state
        entry = toc_entry(p.text)
        st.toc_lines += 1
        if st.toc_first is None:
            st.toc_first = entry
            return True
        if entry == st.toc_first or st.toc_lines > MAX_TOC_LINES:
            st.in_toc = False
            return False
        return True

    def _title(self, i: int) -> int | None:
        """A document or form title at block ``i`` (maybe with a line above and below); next index or None."""
        blocks = self.doc.blocks
        p = blocks[i]
        assert isinstance(p, Paragraph)
        first = i
        kind = title_kind(p.text)
        if kind is None and is_title_prefix(p.text) and i + 1 < len(blocks):
            nxt = blocks[i + 1]
            if isinstance(nxt, Paragraph) and (kind := title_kind(nxt.text)) is not None:
                i += 1
        if kind is None:
            return None
        if kind is TitleKind.FORM and (self.state.zone == "form" or self.state.headings_in_document):
            # A caption of a table inside a document, or a form's title repeated on every page.
            return None
        last = i
        if last + 1 < len(blocks) and _is_paragraph_where(blocks[last + 1], is_title_subtitle):
            last += 1
        title = "".join(clean_title(b.text) for b in blocks[first : last + 1] if isinstance(b, Paragraph))
        self._open_document(
            first,
            last,
            "",
            None,
            title,
            MarkKind.DOCUMENT if kind is TitleKind.REPORT else MarkKind.FORM,
            kind,
        )
        return last + 1

    def _attachment(self, i: int, p: Paragraph, raw: str, ordinal: int, rest: str) -> int:
        blocks = self.doc.blocks
        last = i
        title = rest
        kind = title_kind(rest) if rest else None
        if not rest and i + 1 < len(blocks) and isinstance(blocks[i + 1], Paragraph):
            nxt = blocks[i + 1]
            assert isinstance(nxt, Paragraph)
            if (kind := title_kind(nxt.text)) is not None:
                last = i + 1
                title = clean_title(nxt.text)
                if last + 1 < len(blocks) and _is_paragraph_where(blocks[last + 1], is_title_subtitle):
                    last += 1
                    sub = blocks[last]
                    assert isinstance(sub, Paragraph)
                    title += clean_title(sub.text)
        self._open_document(
            i,
            last,
            raw,
            ordinal,
            title or raw,
            MarkKind.ATTACHMENT,
            kind or TitleKind.FORM,
            depth=self.state.attachment_depth,
        )
        return last + 1

    def _open_document(
        self,
        first: int,
        last: int,
        number_raw: str,
        ordinal: int | None,
        title: str,
        kind: MarkKind,
        tkind: TitleKind,
        depth: int = 0,
    ) -> None:
        span = self._span(first, last)
        self._add(first, last, span, depth, number_raw, ordinal, title, kind, tkind)
        # Attachments listed by an attachment list stay its children; anything else starts afresh.
        self.state = _State(
            zone="form" if tkind is TitleKind.FORM else "report",
            base=depth,
            attachment_depth=depth if kind is MarkKind.ATTACHMENT else 0,
        )

    def _attachment_list(self, i: int, p: Paragraph, label_end: int) -> None:
        start = p.prov.span[0] if p.prov.span else 0
        depth = self.state.base + 1
        self._add(i, i, (start, start + label_end), depth, "", None, "附件", MarkKind.ATTACHMENT_LIST)
        self.state.stack = []
        self.state.zone = "attachment_list"
        self.state.attachment_depth = depth + 1

    def _numbered(self, cand: _Candidate, p: Paragraph) -> None:
        level = self._place(cand.numbering, p)
        start, end = p.prov.span if p.prov.span else (0, len(p.text))
        title_text = p.text[cand.title_start :]
        if cand.shape is LineShape.RUN_IN:
            run_in = run_in_length(title_text)
            assert run_in is not None
            end = start + cand.title_start + run_in
            title_text = title_text[:run_in]
        number_raw = cand.numbering.raw
        self._add(
            cand.block,
            cand.block,
            (start, end),
            self.state.base + level + 1,
            number_raw,
            cand.numbering.ordinal,
            clean_title(title_text),
            MarkKind.HEADING,
        )
        self.state.headings_in_document += 1

    def _place(self, num: Numbering, p: Paragraph) -> int:
        """Index in the stack of open lists where ``num`` belongs; updates the stack."""
        stack = self.state.stack
        idx = _continues(stack, num, same_shape=True)
        if idx is None and num.ordinal == 1:
            idx = len(stack)
        if idx is None:
            idx = _continues(stack, num, same_shape=False)
        if idx is None:
            idx = next((k for k in reversed(range(len(stack))) if num.shape in stack[k].shapes), None)
            if idx is None:
                idx = len(stack)
            self.warnings.append(
                f"heading {p.text[:30]!r} ({_where(p)}): its number {num.raw} continues no open list; "
                f"placed at depth {self.state.base + idx + 1}"
            )
        shapes = stack[idx].shapes | {num.shape} if idx < len(stack) else {num.shape}
        del stack[idx:]
        stack.append(_Level(shapes=shapes, last=num.ordinal, arabic=num.arabic))
        return idx

    def _styled(self, i: int, p: Paragraph, level: int) -> None:
        stack = self.state.stack
        depth = max(1, min(level, len(stack) + 1))
        del stack[depth - 1 :]
        stack.append(_Level(shapes=set(), last=0))
        span = p.prov.span or (0, len(p.text))
        self._add(i, i, span, self.state.base + depth, "", None, clean_title(p.text), MarkKind.HEADING)
        self.state.headings_in_document += 1

    def _span(self, first: int, last: int) -> tuple[int, int]:
        a = self.doc.blocks[first].prov.span
        b = self.doc.blocks[last].prov.span
        assert a is not None and b is not None
        return a[0], b[1]

    def _add(
        self,
        first: int,
        last: int,
        span: tuple[int, int] | None,
        depth: int,
        number_raw: str,
        ordinal: int | None,
        title: str,
        kind: MarkKind,
        tkind: TitleKind | None = None,
    ) -> None:
        start, end = span if span is not None else self._span(first, last)
        self.marks.append(
            HeadingMark(first, last, start, end, depth, number_raw, ordinal, title, kind, title_kind=tkind)
        )


def _continues(stack: list[_Level], num: Numbering, *, same_shape: bool) -> int | None:
    """The open list ``num`` continues: the deepest one, but one written in the same digits (Arabic or
    Chinese) first — "三、" after "1、 2、" under "二、" continues "二、"."""
    matches = [
        k
        for k in reversed(range(len(stack)))
        if (not same_shape or num.shape in stack[k].shapes) and num.ordinal == stack[k].last + 1
    ]
    same_digits = [k for k in matches if stack[k].arabic == num.arabic]
    best = same_digits or matches
    return best[0] if best else None


def _style_level(p: Paragraph) -> int | None:
    if not p.style:
        return None
    m = _HEADING_STYLE_RE.match(p.style.strip())
    return int(m.group("level")) if m else None


def _is_paragraph_where(block: Block, test: Callable[[str], bool]) -> bool:
    return isinstance(block, Paragraph) and test(block.text)


def _where(p: Paragraph) -> str:
    if p.prov.line is not None:
        return f"line {p.prov.line}"
    if p.prov.page is not None:
        return f"page {p.prov.page}"
    return f"block {p.prov.block}" if p.prov.block is not None else "unknown place"


__all__ = ["HeadingMark", "MarkKind", "find_headings"]
