"""Canonical section keys (domain.md §3a) from heading titles.

Rules:

* A heading's title (numbering removed, whitespace ignored) is matched against the patterns of the section
  vocabulary (``jixiao/vocabulary/outline.yaml``), in order; the first that matches gives the key.
* A section does not repeat a key one of its ancestors has (``（一）部门（单位）基本情况`` under
  ``一、部门（单位）概况`` keeps no key), and the parts of a 决算说明 or 名词解释 take no key (their
  ``八、政府性基金预算支出决算情况说明`` is a 决算 line, not the report's GOV_FUND section).
* Documents (depth 0) are keyed only as ATTACHMENTS (an ``附件N``) or FINAL_ACCOUNT (a 决算说明);
  a report or form title names a document, not a part of one. An ``附件N`` listed under an attachment
  list (itself ATTACHMENTS) keeps no key, by the rule above.
* ``年度(主要)工作任务`` is GOALS only in a file that has no other goals section (``年度总体目标``,
  ``部门整体支出绩效目标``): the tasks and the stated goals say the same thing twice (seed 004), and
  the goals are what the key promises.
"""

from __future__ import annotations

from jixiao.schema import SectionKey
from jixiao.structure.outline import HeadingMark
from jixiao.structure.outline import MarkKind
from jixiao.structure.titles import compact
from jixiao.vocabulary import outline_words
from jixiao.vocabulary import to_simplified

# Keys under which no further keys are given: their parts are of another kind.
_CLOSED_KEYS = frozenset({SectionKey.FINAL_ACCOUNT, SectionKey.GLOSSARY})


def key_for_title(title: str) -> SectionKey | None:
    """The canonical key a heading title names, or None (traditional characters read as simplified)."""
    text = to_simplified(compact(title))
    for key, pattern in outline_words().sections:
        if pattern.search(text):
            return key
    return None


def key_for_mark(mark: HeadingMark, ancestors: list[tuple[int, SectionKey | None]]) -> SectionKey | None:
    """The key of a heading given the (depth, key) of the sections it is nested in, outermost first."""
    inner = [k for depth, k in ancestors if depth > 0 and k is not None]
    if mark.kind in (MarkKind.ATTACHMENT, MarkKind.ATTACHMENT_LIST):
        return None if SectionKey.ATTACHMENTS in inner else SectionKey.ATTACHMENTS
    key = key_for_title(mark.title)
    if mark.depth == 0:
        return key if key is SectionKey.FINAL_ACCOUNT else None
    if key in inner or any(k in _CLOSED_KEYS for k in inner):
        return None
    return key


def is_task_list(title: str) -> bool:
    """A 年度(主要)工作任务 heading: GOALS only when nothing else in the file is."""
    return outline_words().task_list.search(to_simplified(compact(title))) is not None
