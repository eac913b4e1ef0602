"""What a report read and what it could not: the coverage record and the status ok / partial / empty.

:func:`assess_coverage` gathers the tables stage's record (each form part and statement as read, rows
skipped, columns not mapped, units assumed) and decides the status from what the document seemed to hold:

* **partial** when something it holds was not read: pages its reader could not read (past the OCR
  limit, an unusable text layer); a form that gave no indicator; a fund part or a
  statement that gave no rows; a column with data that no field took (its header is named); rows that
  held data but were skipped; a 基础数据表 or 决算 the titles name but no line read from it; a report with
  neither department nor fiscal year; a stage that failed (``Coverage.add_failure``);
* **empty** when nothing at all was read into typed values (no form row, no 决算 line or figure, no
  基础数据表 line, no narrative item);
* **ok** otherwise. Amounts whose unit had to be assumed (万元, nothing printed) are listed in
  ``assumed_units`` without lowering the status: the unit is the usual one, and the report says it was
  assumed.

:func:`refresh_status` decides the status again once the narrative is in (a report with only narrative
items is not empty).
"""

from __future__ import annotations

from jixiao.schema import Coverage
from jixiao.schema import DocKind
from jixiao.schema import Document
from jixiao.schema import DocumentStatus
from jixiao.schema import Report
from jixiao.schema import TableRead
from jixiao.schema import TablesResult

MAX_REASONS_PER_KIND = 5
"""Reasons of one kind listed one by one before the rest are counted (a form with 40 odd rows)."""


def _where(read: TableRead) -> str:
    subject = read.subject or read.title or read.kind
    tables = f"table {read.tables[0]}" if read.tables else "text lines"
    return f"{subject} ({tables}, {read.part})"


def _capped(items: list[str], what: str) -> list[str]:
    if len(items) <= MAX_REASONS_PER_KIND:
        return items
    return [*items[:MAX_REASONS_PER_KIND], f"… and {len(items) - MAX_REASONS_PER_KIND} more {what}"]


def assess_coverage(report: Report, tables: TablesResult, document: Document | None = None) -> Coverage:
    """The coverage record of a report whose tables stage gave ``tables`` (before its narrative).

    ``document`` brings what its reader could not read (pages past the OCR limit, an unusable text layer)
    and the values it read with low confidence.
    """
    cov = Coverage(
        kinds=list(report.kinds),
        forms_found=tables.forms_found,
        forms_read=tables.forms_read,
        reads=list(tables.reads),
        failed=list(report.coverage.failed),
        unread=list(document.unread) if document else [],
        review=list(document.uncertain) if document else [],
    )
    statements = [r for r in tables.reads if r.part == "statement"]
    cov.statements_found = len(statements)
    cov.statements_read = sum(1 for r in statements if r.rows_read)
    cov.rows_read = sum(r.rows_read for r in tables.reads)
    cov.rows_skipped = sum(r.rows_skipped for r in tables.reads)
    unmapped: list[str] = []
    skipped: list[str] = []
    for read in tables.reads:
        for m in read.columns:
            if m.unmapped:
                header = m.header.replace("\n", "") or "(no header)"
                unmapped.append(f"{_where(read)}: column {m.col} '{header}' not mapped")
        skipped.extend(f"{_where(read)}: {note}" for note in read.skipped)
        if read.part in ("funds", "statement") and read.rows_read and read.unit_source == "assumed":
            cov.assumed_units.append(f"{_where(read)}: no unit printed; amounts read as 万元")
        if read.part in ("funds", "statement", "basic_data") and not read.rows_read and read.note is None:
            cov.reasons.append(f"{_where(read)}: no rows read")
    cov.unmapped_columns = unmapped
    cov.reasons.extend(cov.unread)
    cov.reasons.extend(f"form with no indicator rows read: {place}" for place in tables.empty_forms)
    cov.reasons.extend(_capped(unmapped, "columns not mapped"))
    cov.reasons.extend(_capped(skipped, "rows skipped"))
    cov.reasons.extend(_missing_kinds(report))
    if report.department is None and report.fiscal_year is None:
        cov.reasons.append("no department and no fiscal year found")
    cov.reasons.extend(r for r in cov.failed if r not in cov.reasons)
    cov.status = _status(report, cov)
    return cov


def _missing_kinds(report: Report) -> list[str]:
    """Kinds the document names (titles, outline) whose content was not read at all."""
    out: list[str] = []
    kinds = set(report.kinds)
    forms = [report.dept_table, *report.project_tables]
    if kinds & {DocKind.DEPT_TABLE, DocKind.PROJECT_TABLE} and not any(t is not None for t in forms):
        out.append("a self-evaluation form is named but no form was read")
    if DocKind.BASIC_DATA in kinds and not report.basic_data:
        out.append("a 基础数据表 is named but no line was read from it")
    if DocKind.FINAL_ACCOUNT_TABLES in kinds and not any(ln.source == "table" for ln in report.final_account):
        out.append("决算 statements are named but no statement line was read")
    if DocKind.FINAL_ACCOUNT in kinds and not report.final_account and not report.final_account_figures:
        out.append("a 决算说明 is named but no 决算 line or figure was read")
    return out


def read_anything(report: Report) -> bool:
    """True when the report holds any typed value: a form row or goal, a 决算 line or figure, a 基础数据表
    line, 三公, or a narrative item."""
    forms = [t for t in (report.dept_table, *report.project_tables) if t is not None]
    return bool(
        any(t.indicators or t.funds or t.goals for t in forms)
        or report.basic_data
        or report.final_account
        or report.final_account_figures
        or report.three_public
        or report.goals
        or report.problems
        or report.measures
    )


def _status(report: Report, cov: Coverage) -> DocumentStatus:
    return status_of(cov, read_anything(report))


def status_of(cov: Coverage, anything: bool) -> DocumentStatus:
    """empty when nothing was read, else partial when there is a reason, else ok (and the empty reason)."""
    if not anything:
        if not cov.reasons:
            cov.reasons.append(
                "nothing read: no self-evaluation form, 决算 statement, 基础数据表 or report outline found"
            )
        return "empty"
    return "partial" if cov.reasons else "ok"


def refresh_status(cov: Coverage, anything: bool) -> Coverage:
    """A copy of ``cov`` with its status decided again, ``anything`` saying whether the report now holds a
    typed value (its narrative included): a report with narrative items only is not empty."""
    out = cov.model_copy(deep=True)
    if anything:
        out.reasons = [r for r in out.reasons if not r.startswith("nothing read")]
    out.status = status_of(out, anything)
    return out


__all__ = ["assess_coverage", "read_anything", "refresh_status", "status_of"]
