"""Build the Section tree from the headings found in reading order.

A section runs from its heading to the next heading of the same or a smaller depth. Its ``body`` is
the text between the end of its heading and its first child (for a run-in heading such as
``（一）机构组成。自贡市…`` the body starts inside the heading's paragraph). Blocks before the first
heading belong to no section.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from jixiao.ingest.noise import STRIP_CHARS
from jixiao.schema import Document
from jixiao.schema import Section
from jixiao.schema import SectionKey
from jixiao.structure.keys import is_task_list
from jixiao.structure.keys import key_for_mark
from jixiao.structure.outline import HeadingMark


@dataclass
class _Node:
    mark: HeadingMark
    end_block: int = 0  # one past the last block of the section
    end: int = 0  # end offset of the section in Document.text
    children: list[_Node] = field(default_factory=list)


def build_tree(doc: Document, marks: list[HeadingMark]) -> list[Section]:
    """Nest ``marks`` by depth and turn them into keyed :class:`Section` models."""
    roots: list[_Node] = []
    open_nodes: list[_Node] = []
    for mark in marks:
        node = _Node(mark)
        while open_nodes and open_nodes[-1].mark.depth >= mark.depth:
            _close(doc, open_nodes.pop(), mark.first_block)
        if open_nodes:
            open_nodes[-1].children.append(node)
        else:
            roots.append(node)
        open_nodes.append(node)
    while open_nodes:
        _close(doc, open_nodes.pop(), len(doc.blocks))
    sections = [_to_section(doc, n, []) for n in roots]
    _demote_task_lists(sections)
    return sections


def walk(sections: list[Section]) -> list[Section]:
    """All sections, depth-first in document order."""
    out: list[Section] = []
    for s in sections:
        out.append(s)
        out.extend(walk(s.children))
    return out


def document_sections(sections: list[Section]) -> list[Section]:
    """Sections that head a whole document of the file: depth-0 titles and ``附件N`` attachments."""
    return [s for s in walk(sections) if s.depth == 0 or s.number_raw.replace(" ", "").startswith("附件")]


def _demote_task_lists(sections: list[Section]) -> None:
    """Take GOALS off 年度工作任务 sections when the file states its goals elsewhere (see ``keys``)."""
    goals = [s for s in walk(sections) if s.key is SectionKey.GOALS]
    if any(not is_task_list(s.title) for s in goals):
        for s in goals:
            if is_task_list(s.title):
                s.key = None


def _close(doc: Document, node: _Node, end_block: int) -> None:
    node.end_block = max(end_block, node.mark.last_block + 1)
    last = doc.blocks[node.end_block - 1].prov.span
    node.end = max(last[1] if last else node.mark.end, node.mark.end)


def _to_section(doc: Document, node: _Node, ancestors: list[tuple[int, SectionKey | None]]) -> Section:
    mark = node.mark
    key = key_for_mark(mark, ancestors)
    inner = [*ancestors, (mark.depth, key)]
    body_end = node.children[0].mark.start if node.children else node.end
    raw_body = doc.text[mark.end : body_end]
    body = raw_body.strip(STRIP_CHARS)
    block = doc.blocks[mark.first_block]
    prov = block.prov.with_method("text_rule", span=(mark.start, mark.end), block=mark.first_block)
    return Section(
        key=key,
        number_raw=mark.number_raw,
        ordinal=mark.ordinal,
        depth=mark.depth,
        title=mark.title,
        title_raw=doc.text[mark.start : mark.end],
        body=body,
        span=(mark.start, mark.end),
        body_span=(mark.end, node.end),
        body_start=mark.end + len(raw_body) - len(raw_body.lstrip(STRIP_CHARS)),
        block_range=(mark.first_block, node.end_block),
        prov=prov,
        children=[_to_section(doc, c, inner) for c in node.children],
    )
