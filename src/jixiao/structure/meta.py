"""Report metadata: department, region, level, fiscal year, report date — each with provenance.

Rules, tried in order; the first that finds a value wins:

**Department** (as written in the document):

1. the value of a unit-name field of a form: the cell right of ``部门(单位)名称`` /
   ``省级预算部门、单位名称`` / ``单位名称`` / ``填报单位`` in a table, or the same label followed by the
   name on a line of text (a flattened form);
2. the name of a public body in a document title (``岳阳县妇女联合会2024年度…报告``,
   ``2021年度长沙市岳麓区妇女联合会单位部门…``, ``自贡市妇女联合会`` above ``关于2022年度…``);
3. the ``实施单位`` field of a project form (项目实施单位, 资金使用单位: the unit that reports), or a ``部门：``
   line of text;
4. the ``主管部门`` field of a project form;
5. a line that is only the name of a public body (the signature under a report).

A code in front of a name (``219001-池州市贵池区棠溪镇人民政府``) is not part of it.

A name must end like the name of a public body (``联合会``, ``委员会``, ``局`` …); short forms in the
running text (``湖南省妇联``) are not used.

**Region and level** come from the department's name: its leading administrative units
(``长沙市岳麓区``, ``池州市贵池区棠溪镇``) and the lowest of them (``区``; a 镇 or 乡 has no level). 自治区 counts as 省, 自治州/盟/地区 as 市, 旗/自治县 as 县;
the four municipalities directly under the central government (北京市, 天津市, 上海市, 重庆市) are 省.

**Fiscal year:** the first year written in a document title (``2024年度…``, ``部门整体自评表（2020年）``),
else in a heading, else the year written most often as ``YYYY年度`` in the text, else as ``YYYY年``.

**Report date:** the first ``填报日期`` (or 填表/报送日期) with a date, else the first line that is only a
date (the date under a signature).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from jixiao.ingest.noise import STRIP_CHARS
from jixiao.schema import Document
from jixiao.schema import Level
from jixiao.schema import Paragraph
from jixiao.schema import Provenance
from jixiao.schema import Section
from jixiao.schema import Table
from jixiao.structure.locate import SpanLocator
from jixiao.structure.locate import iter_paragraphs
from jixiao.structure.sections import document_sections
from jixiao.structure.sections import walk
from jixiao.structure.titles import YEAR_RE
from jixiao.structure.titles import compact
from jixiao.structure.titles import find_org
from jixiao.structure.titles import is_org_name
from jixiao.structure.titles import parse_date
from jixiao.vocabulary import UnitField
from jixiao.vocabulary import metadata_words
from jixiao.vocabulary import to_simplified

_CODE_PREFIX_RE = re.compile(r"^\d{3,}\s*[-－—]\s*")
_PAIR_SEP_RE = re.compile(r"[/／]")
_YEAR_WORD_RE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年度")


@dataclass(frozen=True)
class Found:
    """A value found in the text, with its span in ``Document.text``."""

    text: str
    start: int
    end: int
    method: str = "text_rule"


def find_department(doc: Document, sections: list[Section]) -> Found | None:
    """The reporting unit's name as written (see the module docstring for the rules)."""
    fields = metadata_words().unit_fields
    return (
        _field_value(doc, fields["department"])
        or _org_in_titles(doc, sections)
        or _field_value(doc, fields["implementing"])
        or _field_value(doc, fields["competent"])
        or _signature(doc)
    )


def region_and_level(department: str) -> tuple[str, Level | None] | None:
    """``长沙市岳麓区妇女联合会`` → (``长沙市岳麓区``, 区); ``张庄寨镇人民政府`` → (``张庄寨镇``, None); None when
    the name starts with no region (a region after a prefix that names no place, ``中共宁德市委…``, counts)."""
    # A 街道 (sub-district office) is not a level: the region ends before it (…海淀区学院路街道…).
    simple = to_simplified(department)
    if len(simple) == len(department):
        department = simple  # 長沙市嶽麓區 is 长沙市岳麓区: the region is given in simplified characters
    words = metadata_words()
    # 中共宁德市委…: the party's prefix is not part of the place.
    department = next(
        (department[len(p) :] for p in words.not_place_prefixes if department.startswith(p)), department
    )
    m = words.region.match(department.split("街道", 1)[0])
    end = m.end() if m else 0
    if m and m.group(0).endswith("州") and department[end : end + 1] in ("市", "区", "县"):
        # 州 ends the name of many a city or district (苏州市, 通州区), not only a unit of its own (恩施州).
        end += 1
    if not m or end >= len(department):
        return None
    region = department[:end]
    if region in words.municipalities:
        return region, Level.PROVINCE
    head, last = _split_last_unit(region)
    if last.endswith("市") and (head.endswith(words.units(Level.CITY)) or last in words.county_level_cities):
        # A 市 inside a city-level unit (昌吉州阜康市, 长沙市浏阳市), or one the gazetteer lists (阜康市), is a
        # county-level city.
        return region, Level.COUNTY
    for level, units in words.levels:
        if region.endswith(units):
            return region, level
    if region.endswith(words.no_level):
        return region, None
    return None


def _split_last_unit(region: str) -> tuple[str, str]:
    """``region`` as the units before its last one and its last unit: ``长沙市浏阳市`` → (``长沙市``, ``浏阳市``),
    ``苏州市`` → (``""``, ``苏州市``)."""
    words = metadata_words()
    for cut in range(len(region) - 2, 0, -1):
        if words.unit.fullmatch(region[cut:]) and words.region.fullmatch(region[:cut]):
            return region[:cut], region[cut:]
    return "", region


def bare_unit_level(department: str) -> Level | None:
    """The level a name states by opening with a one-character unit and no place: ``市农业农村局`` → 市,
    ``县财政局`` → 县; None for any other name (``市场监督管理局`` opens with the word 市场)."""
    words = metadata_words()
    simple = to_simplified(department)
    if len(simple) < 3 or not "\u4e00" <= simple[1] <= "\u9fff" or words.bare_unit_not.match(simple):
        return None
    return next((level for level, units in words.levels if simple[0] in units), None)


def find_fiscal_year(doc: Document, sections: list[Section]) -> tuple[int, Found] | None:
    """The fiscal year the document reports on."""
    documents = document_sections(sections)
    headings = [s for s in walk(sections) if s not in documents]
    for section in [*documents, *headings]:
        m = YEAR_RE.search(doc.text, section.span[0], section.span[1])
        if m:
            return int(m.group("year")), Found(m.group("year"), m.start("year"), m.end("year"))
    for pattern in (_YEAR_WORD_RE, YEAR_RE):
        # The year written most often as YYYY年度, else as YYYY年 (a form whose title has no year).
        counts = Counter(m.group("year") for m in pattern.finditer(doc.text))
        if not counts:
            continue
        year = counts.most_common(1)[0][0]
        first = next(m for m in pattern.finditer(doc.text) if m.group("year") == year)
        return int(year), Found(year, first.start("year"), first.end("year"))
    return None


def find_report_date(doc: Document) -> tuple[date, Found] | None:
    """The date the report or form was filled in."""
    for m in metadata_words().date_field.finditer(doc.text):
        window = doc.text[m.end() : m.end() + 20].split("\n", 1)[0]
        parsed = parse_date(window)
        if parsed is not None and parsed[1] == 0:
            value, a, b = parsed
            return value, Found(window[a:b], m.end() + a, m.end() + b)
    for _, p in iter_paragraphs(doc):
        parsed = parse_date(p.text)
        if parsed is None or p.prov.span is None:
            continue
        value, a, b = parsed
        if compact(p.text) == compact(p.text[a:b]):
            return value, Found(p.text[a:b], p.prov.span[0] + a, p.prov.span[0] + b)
    return None


def provenance(locator: SpanLocator, found: Found) -> Provenance:
    """Provenance of a found value."""
    return locator.prov(found.start, found.end, "table_rule" if found.method == "table_rule" else "text_rule")


# --- department rules -----------------------------------------------------------------------------


def _field_value(doc: Document, field: UnitField) -> Found | None:
    for block in doc.blocks:
        found = (
            _table_field(block, field.cell, field.inline)
            if isinstance(block, Table)
            else _inline_field(block, field.inline)
        )
        if found is not None:
            return found
    return None


def _label(text: str) -> str:
    """A form label as matched: no spaces, simplified characters, no trailing colon."""
    return to_simplified(compact(text)).rstrip(":：")


def _table_field(table: Table, label_re: re.Pattern[str], inline_re: re.Pattern[str]) -> Found | None:
    for cell in table.cells:
        if cell.prov.span is not None and cell.row <= 2 and len(cell.text) <= 60:
            # A title row of the form that writes the label and the name in one cell (部门：…).
            found = _inline_in(cell.text, cell.prov.span[0], inline_re)
            if found is not None:
                return found
        # Two labels in one cell answered in one cell (项目实施单位/项目负责人 | 原州区农技中心/张三): the part
        # of the value in the label's place.
        labels = _PAIR_SEP_RE.split(_label(cell.text))
        k = next((i for i, label in enumerate(labels) if label_re.search(label)), None)
        if k is None:
            continue
        right = [c for c in table.row_cells(cell.row) if c.col >= cell.col + cell.col_span]
        if not right or right[0].prov.span is None:
            continue
        pieces = _PAIR_SEP_RE.split(right[0].text) if len(labels) > 1 else [right[0].text]
        if len(pieces) != len(labels):
            continue
        value = _CODE_PREFIX_RE.sub("", pieces[k].strip(STRIP_CHARS))
        if value and (find_org(compact(value)) == compact(value) or is_org_name(compact(value))):
            start = right[0].prov.span[0] + right[0].text.index(value)
            return Found(value, start, start + len(value), "table_rule")
    return None


def _inline_field(p: Paragraph, inline_re: re.Pattern[str]) -> Found | None:
    if p.prov.span is None:
        return None
    return _inline_in(p.text, p.prov.span[0], inline_re)


def _inline_in(text: str, offset: int, inline_re: re.Pattern[str]) -> Found | None:
    """The first unit name a label in ``text`` introduces (``单位名称：…``, ``部门:…``)."""
    for m in inline_re.finditer(text):
        group = next(g for g in ("value", "dept") if g in m.groupdict() and m.group(g))
        raw = m.group(group)
        value = _CODE_PREFIX_RE.sub("", raw)
        name = value if is_org_name(value) else find_org(value)
        if name is not None:
            start = offset + m.start(group) + (len(raw) - len(value))
            return Found(name, start, start + len(name))
    return None


def _org_in_titles(doc: Document, sections: list[Section]) -> Found | None:
    for section in document_sections(sections):
        start, end = section.span
        raw = doc.text[start:end]
        # The name stands before the year or before 关于 ("自贡市妇女联合会关于2022年度…"), or right after
        # the year ("2021年度长沙市岳麓区妇女联合会单位部门…").
        for piece in re.split(r"(?:19|20)\d{2}\s*年度?|关于|\n", raw):
            name = find_org(piece.strip(STRIP_CHARS))
            if name is not None:
                offset = raw.index(name)
                return Found(name, start + offset, start + offset + len(name))
    return None


def _signature(doc: Document) -> Found | None:
    for _, p in iter_paragraphs(doc):
        line = p.text.strip(STRIP_CHARS)
        if p.prov.span is not None and line and find_org(line) == line:
            start = p.prov.span[0] + p.text.index(line)
            return Found(line, start, start + len(line))
    return None
