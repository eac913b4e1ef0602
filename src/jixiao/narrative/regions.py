"""Where the narrative lives in one document: the regions a backend interprets.

A region is one piece of free text with one target (goals, problems or measures):

* a section the structure stage keyed ``GOALS`` / ``PROBLEMS`` / ``MEASURES`` — its whole body (children
  included, since list items are sometimes taken for sub-headings), cut where a descendant section
  of another narrative key begins;
* a self-evaluation table's 年度总体目标 pair (预期目标 → goals, with 实际完成情况 as the completion text)
  and its 存在问题 / 改进措施 cells (department table and every project table).

When the structure stage found no section for a key, the document's paragraphs are searched for a
numbered heading of that key (``七、存在的问题及原因分析``, ``（二）存在问题。``, ``8、 下一步改进措施``); its
body runs to the next heading of its own list (``八、`` after ``七、``, ``（3）`` after ``（二）``), a
``一、``-style heading when it was a ``（一）``-style one, an attachment title, or a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from typing import Literal
from typing import TypedDict

from jixiao.narrative.splitting import leading_marker
from jixiao.schema import Document
from jixiao.schema import DocumentStructure
from jixiao.schema import Paragraph
from jixiao.schema import Section
from jixiao.schema import SectionKey
from jixiao.schema import SelfEvalTable
from jixiao.schema import Span
from jixiao.schema import Table
from jixiao.schema import TablesResult

Target = Literal["goals", "problems", "measures"]
Scope = Literal["部门整体", "项目"]

_KEY_TARGET: dict[SectionKey, Target] = {
    SectionKey.GOALS: "goals",
    SectionKey.PROBLEMS: "problems",
    SectionKey.MEASURES: "measures",
}
_TITLE_PATTERNS: dict[Target, re.Pattern[str]] = {
    "problems": re.compile(r"存在(?:的)?(?:主要)?问题"),
    "measures": re.compile(r"改进(?:措施|建议|意见)|下一步(?:工作)?(?:打算|计划|措施)|整改措施"),
    "goals": re.compile(r"^(?:部门|单位)?(?:年度)?(?:总体|整体支出绩效|整体绩效|工作)目标[。.]?$"),
}
_ATTACHMENT = re.compile(r"^\s*附件\s*\d*")
_MAX_TITLE = 30


class ReadFrom(TypedDict):
    """Where the items and the status of a region were read from: its section or table cell, and its
    project."""

    section_key: str
    project_code: str | None
    project_name: str | None


@dataclass(frozen=True)
class NarrativeRegion:
    """One piece of narrative text and what it should become.

    ``window`` is where the text lies in ``Document.text`` (searched when grounding a quote); ``base``
    is set when the text is exactly ``Document.text[base : base + len(text)]``.
    """

    target: Target
    text: str
    window: Span
    section_key: str
    scope: Scope = "部门整体"
    project_code: str | None = None
    project_name: str | None = None
    base: int | None = None
    actual_text: str | None = None
    actual_window: Span | None = None
    origin: Literal["section", "table", "heading_search"] = "section"

    @property
    def group(self) -> tuple[str, str | None, str | None]:
        """Which list the region's items belong to (problems and measures are linked within one)."""
        return (self.scope, self.project_code, self.project_name)

    def read_from(self) -> ReadFrom:
        """The fields an item or status read from this region copies from it."""
        return ReadFrom(
            section_key=self.section_key, project_code=self.project_code, project_name=self.project_name
        )


def narrative_view(doc: Document, regions: list[NarrativeRegion]) -> Document:
    """``doc`` with only the blocks the regions lie in: all a backend needs to read and ground them.

    A batch hands this to the process that talks to the LLM instead of the whole document. The text is
    kept whole (spans stay valid); a block is kept when it overlaps a region's window, and so is the last
    block starting at or before each window, so that any offset inside a window finds the same block
    as in the whole document.
    """
    windows = [w for r in regions for w in (r.window, r.actual_window) if w is not None]
    blocks = [b for b in doc.blocks if b.prov.span is not None]
    keep: set[int] = set()
    for lo, hi in windows:
        before = None
        for i, b in enumerate(blocks):
            start, end = b.prov.span  # type: ignore[misc]
            if start <= lo:
                before = i
            if start < hi and end > lo:
                keep.add(i)
        if before is not None:
            keep.add(before)
    return doc.model_copy(update={"blocks": [b for i, b in enumerate(blocks) if i in keep]})


def find_regions(doc: Document, structure: DocumentStructure, tables: TablesResult) -> list[NarrativeRegion]:
    """Every narrative region of the document, sections first, then tables, in document order."""
    regions = _section_regions(doc, structure.sections)
    found = {r.target for r in regions}
    for target in ("problems", "measures", "goals"):
        if target not in found:
            regions.extend(_heading_search(doc, target))
    regions.sort(key=lambda r: r.window[0])
    table_regions: list[NarrativeRegion] = []
    if tables.dept_table is not None:
        table_regions.extend(_table_regions(doc, tables.dept_table))
    for table in tables.project_tables:
        table_regions.extend(_table_regions(doc, table))
    return _dedup([*regions, *table_regions])


def _slice_region(
    doc: Document,
    target: Target,
    window: Span,
    section_key: str,
    origin: Literal["section", "heading_search"],
) -> NarrativeRegion:
    """The region that is exactly the document's text in ``window``."""
    start, end = window
    return NarrativeRegion(
        target=target,
        text=doc.text[start:end],
        window=window,
        base=start,
        section_key=section_key,
        origin=origin,
    )


# --- sections ---------------------------------------------------------------------------------------


def _section_regions(doc: Document, sections: list[Section]) -> list[NarrativeRegion]:
    out: list[NarrativeRegion] = []

    def walk(items: list[Section]) -> None:
        for s in items:
            target = _KEY_TARGET.get(s.key) if s.key is not None else None
            if target is None:
                walk(s.children)
                continue
            start, end = s.body_span
            cut = _first_foreign_descendant(s, s.key)
            if cut is not None:
                end = min(end, cut)
            out.append(_slice_region(doc, target, (start, end), s.key.value if s.key else "", "section"))
            # A PROBLEMS section may hold a MEASURES child (存在问题及改进措施): interpret it too.
            walk([c for c in s.children if c.key in _KEY_TARGET and c.key != s.key])

    walk(sections)
    return out


def _first_foreign_descendant(section: Section, key: SectionKey | None) -> int | None:
    for child in section.children:
        if child.key in _KEY_TARGET and child.key != key:
            return child.span[0]
        inner = _first_foreign_descendant(child, key)
        if inner is not None:
            return inner
    return None


# --- heading search (when the structure has no section for a key) --------------------------------


def _heading_search(doc: Document, target: Target) -> list[NarrativeRegion]:
    out: list[NarrativeRegion] = []
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        if not isinstance(block, Paragraph) or not _is_heading(block.text, target):
            continue
        marker = leading_marker(block.text)
        assert marker is not None and block.prov.span is not None
        start = block.prov.span[1]
        end = start
        for nxt in blocks[i + 1 :]:
            if isinstance(nxt, Table) or _ends_section(nxt.text, marker.family, marker.ordinal):
                break
            assert nxt.prov.span is not None
            end = nxt.prov.span[1]
        if end <= start:
            continue
        out.append(_slice_region(doc, target, (start, end), _target_key(target).value, "heading_search"))
    return out


def _is_heading(text: str, target: Target) -> bool:
    marker = leading_marker(text)
    if marker is None:
        return False
    title = text[marker.end :].strip()
    return 0 < len(title) <= _MAX_TITLE and bool(_TITLE_PATTERNS[target].search(title))


def _ends_section(text: str, family: str, ordinal: int) -> bool:
    if _ATTACHMENT.match(text):
        return True
    marker = leading_marker(text)
    if marker is None:
        return False
    if marker.family == family and marker.ordinal == ordinal + 1:
        return True
    # A 一、-style heading closes a （一）-style section; items of the list never use that shape.
    return family == "paren" and marker.family == "dun" and not marker.raw.strip()[0].isdigit()


def _target_key(target: Target) -> SectionKey:
    return {"goals": SectionKey.GOALS, "problems": SectionKey.PROBLEMS, "measures": SectionKey.MEASURES}[
        target
    ]


# --- tables ---------------------------------------------------------------------------------------


def _table_regions(doc: Document, table: SelfEvalTable) -> list[NarrativeRegion]:
    # Every region of a table belongs to the table's list: its scope and project.
    table_region = partial(
        NarrativeRegion,
        scope=table.scope,
        project_code=table.project_code,
        project_name=table.project_name,
        origin="table",
    )
    table_window = table.prov.span or (0, len(doc.text))
    out: list[NarrativeRegion] = []
    for goal in table.goals:
        window = goal.prov.span or table_window
        out.append(
            table_region(
                target="goals",
                text=goal.target_text,
                window=window,
                base=window[0] if doc.text[window[0] : window[1]] == goal.target_text else None,
                section_key="table:年度总体目标",
                actual_text=goal.actual_text,
                actual_window=goal.actual_prov.span if goal.actual_prov else None,
            )
        )
    cells: tuple[tuple[Target, str | None, str], ...] = (
        ("problems", table.problems_text, "table:存在问题"),
        ("measures", table.measures_text, "table:改进措施"),
    )
    for target, text, key in cells:
        if text is None:
            continue
        out.append(table_region(target=target, text=text, window=table_window, section_key=key))
    return out


def _dedup(regions: list[NarrativeRegion]) -> list[NarrativeRegion]:
    """Drop a region whose list and text another region already has (a table rendered twice)."""
    seen: set[tuple[str, tuple[str, str | None, str | None], str]] = set()
    out: list[NarrativeRegion] = []
    for r in regions:
        key = (r.target, r.group, re.sub(r"\s+", "", r.text))
        if key in seen:
            continue
        seen.add(key)
        out.append(r)
    return out


__all__ = ["NarrativeRegion", "Scope", "Target", "find_regions"]
