"""Statements in the narrative that checks compare with the tables (“评价结果为优秀”, “…万元，占71.44%”).

The checks read the section bodies the structure stage already holds in the report; each match carries a
Provenance whose span points at the matched words in the document's canonical text. Patterns are written
in simplified characters and matched on the bodies in simplified characters (a report printed in
traditional characters says 評價結果為優秀); a match's text is the words as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from jixiao.schema import Provenance
from jixiao.schema import Report
from jixiao.schema import Section
from jixiao.vocabulary import simplified_text


@dataclass(frozen=True)
class TextMatch:
    """One regex match in a section body: ``text`` as printed, ``groups`` as matched (simplified)."""

    text: str
    groups: tuple[str, ...]
    section: Section
    start: int
    end: int
    prov: Provenance


def body_offset(section: Section) -> int:
    """Where ``section.body`` starts in the canonical text.

    The structure stage records it (``body_start``); a section built without it is taken to start on the
    line after its heading.
    """
    if section.body_start is not None:
        return section.body_start
    start, end = section.body_span
    return min(start + 1, end)


def match_prov(section: Section, start: int, end: int) -> Provenance:
    """Provenance of ``section.body[start:end]``: its exact span in the canonical text.

    The heading's line, page and block do not locate words further down the section, so only the span
    (which does) is kept.
    """
    base = body_offset(section)
    return Provenance(file=section.prov.file, span=(base + start, base + end), method="text_rule")


def narrative_matches(report: Report, pattern: re.Pattern[str]) -> list[TextMatch]:
    """Every match of ``pattern`` in every section body, in document order, without repeats."""
    out: list[TextMatch] = []
    seen: set[tuple[int, int]] = set()
    for section in report.iter_sections():
        body = section.body or ""
        for m in pattern.finditer(_simplified_body(body)):
            prov = match_prov(section, m.start(), m.end())
            key = prov.span or (m.start(), m.end())
            if key in seen:
                continue
            seen.add(key)
            groups = tuple(g or "" for g in m.groups())
            out.append(TextMatch(body[m.start() : m.end()], groups, section, m.start(), m.end(), prov))
    return out


@lru_cache(maxsize=1024)
def _simplified_body(body: str) -> str:
    return simplified_text(body)


def sentences(report: Report) -> list[TextMatch]:
    """Every sentence (up to 。；! or a line end) of every section body, as matches."""
    return narrative_matches(report, re.compile(r"[^。！？\n]+"))
