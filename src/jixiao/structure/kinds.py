"""Which document kinds a file holds (DocKind) and which template family it follows (Template).

**Kinds**, in the order the file shows them:

* a document title names its kind: ``…自评报告`` → 部门整体支出绩效自评报告 (unless it is about a 项目),
  ``…决算…说明`` → 决算说明, ``…部门整体…自评表`` / ``…项目支出…自评表`` / ``…基础数据表`` / ``…决算表``;
* a report without a title (seed 000 starts with its first heading) is recognised by its outline: three or
  more of the report's canonical sections at depth 1, outside a 决算说明;
* a FINAL_ACCOUNT section anywhere → 决算说明;
* the table classification, when there is one, adds the forms and 决算 statements it found.

**Template** (the first rule that holds):

1. 十段式自评报告 — a report outline with at least two of 政府性基金 / 国有资本经营 / 社会保险基金预算支出情况;
2. 五段式自评报告 — a report whose top-level sections (at most six) include 存在问题 and 改进措施 and two of
   基本情况 / 支出管理及使用情况 / 整体支出绩效情况;
3. 含指标性质与度量单位列的项目自评表 — an indicator header with 指标性质 and 度量单位 (or 计量单位) columns;
4. 含上级转移支付列的部门整体自评表 — the funding column ``上级财政移动(转移)支付`` appears;
5. 财预〔2020〕10号附件2 — a 项目支出绩效自评表 with the rows 年度资金总额 and 上年结转资金;
6. 部门决算 — the file holds only 决算 documents;
7. otherwise unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.schema import DocKind
from jixiao.schema import Document
from jixiao.schema import Provenance
from jixiao.schema import Section
from jixiao.schema import SectionKey
from jixiao.schema import TableInfo
from jixiao.schema import TableKind
from jixiao.schema import Template
from jixiao.structure.locate import SpanLocator
from jixiao.structure.sections import document_sections
from jixiao.structure.sections import walk
from jixiao.structure.titles import compact
from jixiao.vocabulary import outline_words
from jixiao.vocabulary import to_simplified

_REPORT_KEYS = frozenset(
    {
        SectionKey.BASIC_INFO,
        SectionKey.BUDGET_EXEC,
        SectionKey.GOV_FUND,
        SectionKey.STATE_CAPITAL,
        SectionKey.SOCIAL_INS,
        SectionKey.PERFORMANCE,
        SectionKey.PROBLEMS,
        SectionKey.MEASURES,
        SectionKey.RESULT_USE,
    }
)
_HN_KEYS = frozenset({SectionKey.GOV_FUND, SectionKey.STATE_CAPITAL, SectionKey.SOCIAL_INS})
_CS_CORE = frozenset({SectionKey.BASIC_INFO, SectionKey.BUDGET_EXEC, SectionKey.PERFORMANCE})
MAX_CS5_SECTIONS = 6
MIN_OUTLINE_KEYS = 3

_TABLE_KINDS = {
    TableKind.DEPT_SELF_EVAL: DocKind.DEPT_TABLE,
    TableKind.PROJECT_SELF_EVAL: DocKind.PROJECT_TABLE,
    TableKind.BASIC_DATA: DocKind.BASIC_DATA,
    TableKind.FINAL_ACCOUNT: DocKind.FINAL_ACCOUNT_TABLES,
}


@dataclass(frozen=True)
class _Evidence:
    offset: int
    kind: DocKind
    prov: Provenance


def find_kinds(
    doc: Document, sections: list[Section], tables: list[TableInfo], locator: SpanLocator
) -> tuple[list[DocKind], Provenance | None]:
    """Document kinds in the order they appear, and the provenance of the first piece of evidence."""
    evidence: list[_Evidence] = []
    for section in document_sections(sections):
        title = to_simplified(compact(section.title))
        for kind, pattern in outline_words().documents:
            if pattern.search(title):
                evidence.append(_Evidence(section.span[0], kind, section.prov))
                break
    for group in _outline_groups(sections):
        keys = {s.key for s in group if s.key in _REPORT_KEYS}
        if len(keys) >= MIN_OUTLINE_KEYS:
            evidence.append(_Evidence(group[0].span[0], DocKind.DEPT_REPORT, group[0].prov))
    for section in walk(sections):
        if section.key is SectionKey.FINAL_ACCOUNT:
            evidence.append(_Evidence(section.span[0], DocKind.FINAL_ACCOUNT, section.prov))
    table_blocks = {b.index: b for b in doc.tables()}
    for info in tables:
        table_kind = _TABLE_KINDS.get(info.kind)
        table = table_blocks.get(info.index)
        if table_kind is not None and table is not None and table.prov.span is not None:
            evidence.append(_Evidence(table.prov.span[0], table_kind, table.prov))
    evidence.sort(key=lambda e: e.offset)
    kinds: list[DocKind] = []
    for e in evidence:
        if e.kind not in kinds:
            kinds.append(e.kind)
    return kinds, evidence[0].prov if evidence else None


def find_template(
    doc: Document, sections: list[Section], kinds: list[DocKind], locator: SpanLocator
) -> tuple[Template, Provenance | None]:
    """The template family of the file (see the module docstring)."""
    for group in _outline_groups(sections):
        keys = [s.key for s in group]
        hn = [s for s in group if s.key in _HN_KEYS]
        if len(hn) >= 2:
            return Template.TEN_SECTIONS, hn[0].prov
        if (
            len(group) <= MAX_CS5_SECTIONS
            and SectionKey.PROBLEMS in keys
            and SectionKey.MEASURES in keys
            and len(_CS_CORE.intersection(k for k in keys if k is not None)) >= 2
        ):
            return Template.FIVE_SECTIONS, group[0].prov
    for template, pattern in outline_words().template_columns:
        m = pattern.search(doc.text)
        if m:
            return template, locator.prov(m.start(), m.end())
    for rule in outline_words().template_rows:
        if rule.kind in kinds and any(all(w in doc.text for w in words) for words in rule.rows):
            m = rule.title.search(doc.text)
            return rule.template, locator.prov(m.start(), m.end()) if m else None
    fa = {DocKind.FINAL_ACCOUNT, DocKind.FINAL_ACCOUNT_TABLES}
    if kinds and set(kinds) <= fa:
        return Template.FINAL_ACCOUNT, None
    return Template.UNKNOWN, None


def _outline_groups(roots: list[Section]) -> list[list[Section]]:
    """The top-level sections of each report: a document's children, or a run of depth-1 roots (a report
    without a title). A 决算说明's parts are not a report outline."""
    groups: list[list[Section]] = []
    run: list[Section] = []
    for root in roots:
        if root.depth == 1:
            run.append(root)
            continue
        if run:
            groups.append(run)
            run = []
        if root.children and root.key is not SectionKey.FINAL_ACCOUNT:
            groups.append(root.children)
    if run:
        groups.append(run)
    return groups
