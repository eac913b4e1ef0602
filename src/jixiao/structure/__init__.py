"""Headings, the section tree, canonical section keys, table classification and report metadata.

Modules: ``headings`` (numbering labels, heading vs list item), ``titles`` (document titles,
attachment markers, unit names, dates), ``outline`` (headings and their depth), ``sections`` (the
tree), ``keys`` (canonical section keys), ``meta`` (department, region, level, year, date), ``kinds``
(document kinds and template family), ``table_kinds`` (what each table is).
"""

from __future__ import annotations

from jixiao.schema import Document
from jixiao.schema import DocumentStructure
from jixiao.schema import ReportMeta
from jixiao.schema import Section
from jixiao.schema import TableInfo
from jixiao.structure.kinds import find_kinds
from jixiao.structure.kinds import find_template
from jixiao.structure.locate import SpanLocator
from jixiao.structure.meta import Found
from jixiao.structure.meta import bare_unit_level
from jixiao.structure.meta import find_department
from jixiao.structure.meta import find_fiscal_year
from jixiao.structure.meta import find_report_date
from jixiao.structure.meta import provenance
from jixiao.structure.meta import region_and_level
from jixiao.structure.outline import find_headings
from jixiao.structure.sections import build_tree
from jixiao.structure.table_kinds import classify_tables
from jixiao.vocabulary import to_simplified


def analyse_structure(doc: Document) -> DocumentStructure:
    """Work out the section tree, what each table is, and the report's metadata.

    Never raises for an odd document: what cannot be worked out is left empty and said in ``warnings``.
    """
    warnings: list[str] = []
    sections = build_tree(doc, find_headings(doc, warnings))
    tables = classify_tables(doc, sections)
    meta = read_meta(doc, sections, tables, warnings)
    return DocumentStructure(sections=sections, tables=tables, meta=meta, warnings=warnings)


def read_meta(
    doc: Document, sections: list[Section], tables: list[TableInfo], warnings: list[str]
) -> ReportMeta:
    """Report metadata with provenance (rules in ``jixiao.structure.meta`` and ``jixiao.structure.kinds``)."""
    locator = SpanLocator(doc)
    meta = ReportMeta()
    # The file's title is its first document title; an attachment's title is not the file's.
    titles = [s for s in sections if s.depth == 0 and not s.number_raw]
    if titles:
        meta.title = titles[0].title
        meta.prov["title"] = titles[0].prov
    department = find_department(doc, sections)
    if department is not None:
        meta.department = department.text
        meta.prov["department"] = provenance(locator, department)
        found = region_and_level(department.text)
        if found is not None:
            meta.region, meta.level = found
            at = department.start + max(0, to_simplified(department.text).find(to_simplified(meta.region)))
            region = Found(meta.region, at, at + len(meta.region))
            meta.prov["region"] = provenance(locator, region)
            if meta.level is not None:
                meta.prov["level"] = meta.prov["region"]
        elif (level := bare_unit_level(department.text)) is not None:
            meta.level = level
            unit = Found(department.text[0], department.start, department.start + 1)
            meta.prov["level"] = provenance(locator, unit)
    else:
        warnings.append(f"{doc.name}: no department name found in form fields, titles or signature")
    year = find_fiscal_year(doc, sections)
    if year is not None:
        meta.fiscal_year = year[0]
        meta.prov["fiscal_year"] = provenance(locator, year[1])
    else:
        warnings.append(f"{doc.name}: no fiscal year found in titles, headings or text")
    report_date = find_report_date(doc)
    if report_date is not None:
        meta.report_date = report_date[0]
        meta.prov["report_date"] = provenance(locator, report_date[1])
    kinds, kinds_prov = find_kinds(doc, sections, tables, locator)
    meta.kinds = kinds
    if kinds_prov is not None:
        meta.prov["kinds"] = kinds_prov
    meta.template, template_prov = find_template(doc, sections, kinds, locator)
    if template_prov is not None:
        meta.prov["template"] = template_prov
    return meta


__all__ = ["analyse_structure", "read_meta"]
