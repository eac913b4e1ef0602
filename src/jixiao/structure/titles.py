"""Unnumbered lines that shape the outline: document titles, attachment markers, unit names, dates.

A file often holds several documents — a report and its attached forms (000), a form then its report
(002), a 决算说明 with a self-evaluation report and its forms as attachments (004). Each starts with a
*title*: a short line naming the document kind (``…自评报告``, ``…决算编制的说明``, ``…自评表``). Titles
broken over two lines (``2021年度长沙市岳麓区妇女联合会单位部门`` / ``整体支出预算绩效自评报告``), a unit
name on the line above (``自贡市妇女联合会`` / ``关于2022年度…报告``) and a year on the line below
(``部门整体自评表`` / ``（2020年）``) belong to the title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from jixiao.ingest.noise import STRIP_CHARS
from jixiao.structure.headings import numeral_value
from jixiao.structure.headings import parse_numbering
from jixiao.vocabulary import metadata_words
from jixiao.vocabulary import to_simplified

MAX_TITLE_CHARS = 60
MIN_TITLE_CHARS = 5
MAX_TITLE_PREFIX_CHARS = 40

_ORG_CHARS_RE = re.compile(r"^[\u4e00-\u9fff（）()·]+$")
MIN_ORG_CHARS = 4
MAX_ORG_CHARS = 30

_REPORT_END = r"(?:报告|说明|部门决算|单位决算)"
_FORM_END = r"(?:自评表|数据表|决算总表|决算表|明细表|评价表|目标表|情况表)"
_YEAR_NOTE = r"(?:\s*[（(]\s*\d{4}\s*年度?\s*[)）])?"
_TITLE_RE = re.compile(rf"(?P<end>{_REPORT_END}|{_FORM_END}){_YEAR_NOTE}$")
_TITLE_TOPIC_RE = re.compile(r"绩效|决算|预算|自评")
_SUBTITLE_RE = re.compile(r"^[（(]?\s*(?:19|20)\d{2}\s*年?度?\s*[)）]?$")
YEAR_RE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年")

_ATTACH_MARKER_RE = re.compile(
    r"^附\s*件\s*(?P<n>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[:：]?\s*(?P<rest>.*)$"
)
_ATTACH_LIST_RE = re.compile(r"^附\s*件\s*[:：]")
_TOC_RE = re.compile(r"^目\s*录$")

DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[年.．\-/／]\s*(?P<m>\d{1,2})\s*[月.．\-/／]\s*(?P<d>\d{1,2})(?:\s*日)?"
)


class TitleKind(str, Enum):
    REPORT = "report"  # a narrative document: 自评报告, 决算说明, 部门决算
    FORM = "form"  # a form: 自评表, 基础数据表, a 决算 statement


@dataclass(frozen=True)
class AttachmentMarker:
    raw: str  # "附件1"
    ordinal: int
    rest: str  # a title written on the same line, or ""


# The endings of public bodies' names are vocabulary (metadata.yaml): a name ends at the first of the long
# endings; a one-character ending counts only after an administrative unit (湖南省…厅, 上海市普陀区财政局), so
# that words such as 社会 or 机构 are not taken for names; an ending that begins a place's name (学院路) is
# none.


def _after_unit(text: str) -> bool:
    """True when ``text`` holds a one-character administrative unit (省, 市, 县 …)."""
    units = metadata_words().unit_chars
    return any(ch in units for ch in text)


def _long_ending(look: str, ending: str, not_before: tuple[str, ...]) -> int | None:
    """Where the first ``ending`` past the start of ``look`` ends, passing over one that begins a place's name
    (学院 in 学院路街道)."""
    i = look.find(ending, 1)
    while i > 0:
        end = i + len(ending)
        if not look.startswith(not_before, end):
            return end
        i = look.find(ending, end)
    return None


def find_org(segment: str) -> str | None:
    """The name of a public body at the start of ``segment`` (``长沙市岳麓区妇女联合会单位部门…`` →
    ``长沙市岳麓区妇女联合会``), or None."""
    # Endings are looked for in the simplified form (聯合會 is 联合会); the name is cut from the text as written.
    simple = to_simplified(segment)
    look = simple if len(simple) == len(segment) else segment
    words = metadata_words()
    not_before = words.org_ending_not_before
    ends = [end for s in words.org_endings_long if (end := _long_ending(look, s, not_before)) is not None]
    if not ends:
        for i, ch in enumerate(look):
            if (
                ch in words.org_endings_short
                and _after_unit(look[:i])
                and not look.startswith(not_before, i + 1)
            ):
                ends.append(i + 1)
                break
    if not ends:
        return None
    name = segment[: min(ends)]
    if not MIN_ORG_CHARS <= len(name) <= MAX_ORG_CHARS or not _ORG_CHARS_RE.match(name):
        return None
    return name


_WHOLE_ORG_CHARS_RE = re.compile(r"^[\u4e00-\u9fff（）()·\-－—]+$")


def is_org_name(text: str) -> bool:
    """True when the whole of ``text`` is the name of a public body (a form's 实施单位 cell): it ends like
    one (``…学校``, ``…服务中心``, ``…县司法局``), however its middle reads (``学院路街道城市运行服务中心``)."""
    t = to_simplified(text)
    if not MIN_ORG_CHARS <= len(t) <= MAX_ORG_CHARS or not _WHOLE_ORG_CHARS_RE.match(t):
        return False
    words = metadata_words()
    if t.endswith(words.org_endings_long):
        return True
    return t.endswith(words.org_endings_short) and _after_unit(t[:-1])


def compact(text: str) -> str:
    """Text without any whitespace (titles are compared this way)."""
    return re.sub(rf"[\s{STRIP_CHARS}]+", "", text)


def title_kind(text: str) -> TitleKind | None:
    """Kind of document a title line names, or None when the line is not a document title (a title in
    traditional characters — 績效自評報告 — is read through its simplified form)."""
    line = to_simplified(text.strip(STRIP_CHARS))
    if not MIN_TITLE_CHARS <= len(line) <= MAX_TITLE_CHARS or parse_numbering(line) is not None:
        return None
    if any(ch in line for ch in "。；;！？，,：:") or not _TITLE_TOPIC_RE.search(line):
        return None
    m = _TITLE_RE.search(compact(line))
    if not m:
        return None
    return TitleKind.FORM if m.group("end").endswith("表") else TitleKind.REPORT


def is_title_prefix(text: str) -> bool:
    """A short line that can open a title broken over two lines: a unit name or a year phrase."""
    line = text.strip(STRIP_CHARS)
    if not line or len(line) > MAX_TITLE_PREFIX_CHARS or parse_numbering(line) is not None:
        return False
    if any(ch in line for ch in "。；;！？，,：:") or title_kind(line) is not None:
        return False
    return bool(YEAR_RE.search(line)) or find_org(line) == line


def is_title_subtitle(text: str) -> bool:
    """A year written on its own line under a title: ``（2020年）``, ``2024``."""
    return _SUBTITLE_RE.match(compact(text)) is not None


def attachment_marker(text: str) -> AttachmentMarker | None:
    """``附件1`` / ``附件 2：`` / ``附件3：2024年度项目支出绩效自评表``; None for anything else."""
    m = _ATTACH_MARKER_RE.match(text.strip(STRIP_CHARS))
    if not m:
        return None
    rest = m.group("rest").strip(STRIP_CHARS)
    if rest and title_kind(rest) is None:
        return None
    value = numeral_value(m.group("n"))
    if value is None:
        return None
    raw = m.group(0)[: m.start("rest")].strip(STRIP_CHARS) if rest else m.group(0).strip(STRIP_CHARS)
    return AttachmentMarker(raw=raw, ordinal=value, rest=rest)


def attachment_list_label(text: str) -> int | None:
    """Length of the label of an attachment list (``附件：1．…基础数据表``), or None."""
    line = text.lstrip(STRIP_CHARS)
    m = _ATTACH_LIST_RE.match(line)
    if not m:
        return None
    return len(text) - len(line) + m.end()


def is_toc(text: str) -> bool:
    """The heading of a table of contents (``目 录``)."""
    return _TOC_RE.match(text.strip(STRIP_CHARS)) is not None


def toc_entry(text: str) -> str:
    """A table-of-contents line without its dot leaders and page number, for comparing with headings."""
    return re.sub(r"[.．·…\s]*\d*$", "", compact(text))


def parse_date(text: str) -> tuple[date, int, int] | None:
    """The first valid date in ``text`` (``2025.4.18``, ``2025年5月8日``) with its span in ``text``."""
    for m in DATE_RE.finditer(text):
        try:
            value = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            continue
        return value, m.start(), m.end()
    return None
