"""Deterministic extraction: value normalisation and one extractor per table family.

:func:`extract_tables` reads every classified table of a document into typed rows: the department and
project self-evaluation tables (:mod:`~jixiao.tables.self_eval`, de-duplicated by
:mod:`~jixiao.tables.dedup`), forms printed as text lines (:mod:`~jixiao.tables.line_forms`), the
基础数据表 (:mod:`~jixiao.tables.basic_data`) and the 决算 statements and narrative
(:mod:`~jixiao.tables.final_account`).
"""

from __future__ import annotations

from jixiao.schema import Document
from jixiao.schema import DocumentStructure
from jixiao.schema import SelfEvalTable
from jixiao.schema import Staffing
from jixiao.schema import Table
from jixiao.schema import TableInfo
from jixiao.schema import TableKind
from jixiao.schema import TableRead
from jixiao.schema import TablesResult
from jixiao.structure.table_kinds import classify_tables
from jixiao.tables.basic_data import extract_basic_data
from jixiao.tables.dedup import deduplicate
from jixiao.tables.final_account import extract_final_account
from jixiao.tables.layout import is_number_cell
from jixiao.tables.line_forms import read_line_form
from jixiao.tables.numbers import parse_decimal
from jixiao.tables.self_eval import read_self_eval
from jixiao.vocabulary import simplified_view


def _groups(doc: Document, infos: list[TableInfo]) -> list[tuple[TableInfo, list[Table]]]:
    """Each table that starts a form, with the tables that continue it (``TableInfo.continues``)."""
    by_index = {t.index: t for t in doc.tables()}
    head_of: dict[int, int] = {}
    heads: list[tuple[TableInfo, list[Table]]] = []
    slot: dict[int, list[Table]] = {}
    for info in infos:
        table = by_index.get(info.index)
        if table is None:
            continue
        if info.continues is not None and info.continues in head_of:
            head = head_of[info.continues]
            head_of[info.index] = head
            slot[head].append(table)
            continue
        head_of[info.index] = info.index
        slot[info.index] = [table]
        heads.append((info, slot[info.index]))
    return heads


def extract_tables(doc: Document, structure: DocumentStructure) -> TablesResult:
    """Read every classified table (and the rule-readable 决算 narrative lines) into typed rows.

    Tables are classified here when the structure stage has not done it (``structure.tables`` empty).
    """
    infos = structure.tables or classify_tables(doc, structure.sections)
    result = TablesResult()
    dept: list[SelfEvalTable] = []
    projects: list[SelfEvalTable] = []
    staffing: Staffing | None = None
    for info, tables in _groups(doc, infos):
        if info.kind not in (TableKind.DEPT_SELF_EVAL, TableKind.PROJECT_SELF_EVAL):
            continue
        scope = "部门整体" if info.kind == TableKind.DEPT_SELF_EVAL else "项目"
        try:
            reads = read_self_eval(doc, tables, scope=scope, title=info.title)  # type: ignore[arg-type]
        except (ValueError, ArithmeticError, IndexError, KeyError, TypeError) as exc:
            # One malformed form must not cost the rest of the document (a batch reads thousands).
            where = f"table {info.index}" + (f", page {tables[0].pages[0]}" if tables[0].pages else "")
            result.warnings.append(f"{doc.name} ({where}): self-evaluation table not read: {exc!r}")
            continue
        for read in reads:
            result.warnings.extend(read.warnings)
            result.reads.extend(read.reads)
            result.forms_found += 1
            if read.table.indicators or read.table.funds:
                result.forms_read += 1
            if not read.table.indicators:
                result.empty_forms.append(_form_place(read.table, tables))
            staffing = staffing or read.staffing
            (dept if scope == "部门整体" else projects).append(read.table)
    if not dept and not projects:
        flat = read_line_form(doc)
        if flat is not None:
            (dept if flat.table.scope == "部门整体" else projects).append(flat.table)
            result.reads.extend(flat.reads)
            result.forms_found += 1
            result.forms_read += 1 if flat.table.indicators or flat.table.funds else 0
            if not flat.table.indicators:
                result.empty_forms.append("the form printed as text lines")
    if dept:
        kept, findings = deduplicate(doc, dept)
        result.dept_table = kept[0]
        result.findings.extend(findings)
        if len(kept) > 1:
            result.warnings.append(f"{len(kept)} different department tables; the first is kept")
    result.project_tables, findings = deduplicate(doc, projects)
    result.findings.extend(findings)

    lines, basic_staffing = extract_basic_data(doc, structure)
    result.basic_data = lines
    for info in infos:
        if info.kind == TableKind.BASIC_DATA and info.continues is None:
            count = sum(1 for ln in lines if ln.prov.table == info.index)
            result.reads.append(
                TableRead(tables=[info.index], kind=info.kind.value, part="basic_data", title=info.title,
                          rows_read=count)
            )  # fmt: skip
    # The 基础数据表's staffing line is the reference; the 长沙 form's 人员编制/实有人数 is used without one.
    result.staffing = basic_staffing or staffing
    # The 决算 narrative is matched word by word: a text served in traditional characters is read through
    # its simplified form (same length, so every span still points into the document as printed).
    fa = extract_final_account(simplified_view(doc), structure)
    result.final_account = fa.lines
    result.final_account_figures = fa.figures
    result.three_public = fa.three_public
    result.warnings.extend(fa.warnings)
    for st in fa.statements:
        result.reads.append(
            TableRead(
                tables=st.tables,
                kind=TableKind.FINAL_ACCOUNT.value,
                part="statement",
                title=st.title,
                subject=f"statement {st.number}",
                rows_read=st.lines,
                unit=st.unit,
                unit_source="caption" if st.unit_found else "assumed",
                note=None if st.lines or _holds_amounts(doc, st.tables) else "holds no amounts",
                prov=st.prov,
            )
        )
    return result


def _holds_amounts(doc: Document, indexes: list[int]) -> bool:
    """True when a table among ``indexes`` has a non-zero number in a cell (a statement printed empty —
    本单位无政府性基金 — has none)."""
    wanted = set(indexes)
    for table in doc.tables():
        if table.index in wanted and any(
            is_number_cell(c.text) and parse_decimal(c.text) not in (None, 0) for c in table.cells
        ):
            return True
    return False


def _form_place(table: SelfEvalTable, blocks: list[Table]) -> str:
    """Where a form is, for a coverage reason: its project (or 'department form') and its table and page."""
    who = (
        table.project_name
        or table.project_code
        or ("department form" if table.scope == "部门整体" else "form")
    )
    pages = blocks[0].pages
    return f"{who} (table {blocks[0].index}{f', page {pages[0]}' if pages else ''})"


__all__ = ["extract_tables"]
