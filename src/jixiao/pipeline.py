"""One document → Report. The only place that knows the order of the stages.

The work is split in two so a batch can run the deterministic part in worker processes and the
narrative part (which may wait on an LLM endpoint) concurrently in the main process:

* :meth:`Pipeline.prepare` — read the file, find its structure, extract its tables (CPU-bound);
* :meth:`Pipeline.complete` — interpret the narrative, assemble the report, run the checks.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from jixiao import __version__
from jixiao.checks import run_checks
from jixiao.ingest import read_document
from jixiao.narrative import NarrativeBackend, make_backend, prompt_versions
from jixiao.schema import (
    Document,
    DocumentStructure,
    NarrativeResult,
    PipelineConfig,
    Report,
    RunInfo,
    SourceInfo,
    TablesResult,
)
from jixiao.structure import analyse_structure
from jixiao.tables import extract_tables


@dataclass
class PreparedDocument:
    """The deterministic stages' output for one document (picklable, so workers can return it)."""

    document: Document
    structure: DocumentStructure
    tables: TablesResult
    seconds: float


@dataclass
class PipelineResult:
    document: Document
    report: Report


def run_info(config: PipelineConfig) -> RunInfo:
    """What makes a report what it is: version, backend, model, endpoint, prompt versions."""
    llm = config.llm if config.backend == "llm" else None
    return RunInfo(
        jixiao_version=__version__,
        backend=config.backend,
        model=llm.model if llm else None,
        endpoint=llm.base_url if llm else None,
        prompt_versions=prompt_versions() if llm else {},
        personal=config.include_personal,
    )


def prepare(path: Path | str) -> PreparedDocument:
    """Read one file and run the deterministic stages.

    Raises:
        IngestError: the file cannot be read (the message names the file and the reason).
    """
    started = time.perf_counter()
    doc = read_document(path)
    return prepare_document(doc, started)


def prepare_document(doc: Document, started: float | None = None) -> PreparedDocument:
    started = time.perf_counter() if started is None else started
    structure = analyse_structure(doc)
    tables = extract_tables(doc, structure)
    return PreparedDocument(doc, structure, tables, time.perf_counter() - started)


def assemble_report(
    prepared: PreparedDocument, narrative: NarrativeResult, info: RunInfo, seconds: float
) -> Report:
    """Put the stages' outputs together and run the checks."""
    doc, structure, tables = prepared.document, prepared.structure, prepared.tables
    meta = structure.meta
    report = Report(
        id=doc.sha256[:16],
        source=SourceInfo(
            path=doc.path,
            name=doc.name,
            format=doc.format,
            sha256=doc.sha256,
            size=doc.size,
            pages=doc.pages,
            encoding=doc.encoding,
        ),
        title=meta.title,
        department=meta.department,
        region=meta.region,
        level=meta.level,
        fiscal_year=meta.fiscal_year,
        report_date=meta.report_date,
        kinds=meta.kinds,
        template=meta.template,
        meta_prov=meta.prov,
        sections=structure.sections,
        staffing=tables.staffing,
        dept_table=tables.dept_table,
        project_tables=tables.project_tables,
        basic_data=tables.basic_data,
        final_account=tables.final_account,
        final_account_figures=tables.final_account_figures,
        three_public=tables.three_public,
        goals=narrative.goals,
        problems=narrative.problems,
        measures=narrative.measures,
        narrative_status=narrative.statuses,
        findings=list(tables.findings),
        warnings=[*doc.warnings, *structure.warnings, *tables.warnings, *narrative.warnings],
        run=info.model_copy(update={"ledger": narrative.ledger, "seconds": round(seconds, 3)}),
    )
    report.findings.extend(run_checks(report))
    return report


def redact_personal(report: Report, document: Document) -> tuple[Report, Document]:
    """The report and its document without 填表人 and 联系电话, as written to an output folder.

    The fields are emptied and every other mention (provenance excerpts, warnings, the document's text and
    cells) is masked character for character, so spans into the document's text stay valid.
    """
    secrets: set[str] = set()
    for table in [report.dept_table, *report.project_tables]:
        if table is not None:
            secrets.update(v.strip() for v in (table.filled_by, table.phone) if v and v.strip())
    if not secrets:
        return report, document
    report = report.model_copy(deep=True)
    for table in [report.dept_table, *report.project_tables]:
        if table is not None:
            table.filled_by = None
            table.phone = None

    def mask(text: str) -> str:
        for secret in sorted(secrets, key=len, reverse=True):
            text = text.replace(secret, "＊" * len(secret))
        return text

    return (
        Report.model_validate_json(mask(report.model_dump_json())),
        Document.model_validate_json(mask(document.model_dump_json())),
    )


class Pipeline:
    """Reads documents into reports with one configuration and one narrative backend."""

    def __init__(self, config: PipelineConfig | None = None, backend: NarrativeBackend | None = None) -> None:
        self.config = config or PipelineConfig()
        self.backend = backend or make_backend(self.config)
        self.info = run_info(self.config)

    def complete(self, prepared: PreparedDocument) -> Report:
        """Interpret the narrative of a prepared document and assemble its checked report."""
        started = time.perf_counter()
        narrative = self.backend.interpret(prepared.document, prepared.structure, prepared.tables)
        seconds = prepared.seconds + (time.perf_counter() - started)
        return assemble_report(prepared, narrative, self.info, seconds)

    def process_file(self, path: Path | str) -> PipelineResult:
        """Read one file and build its report.

        Raises:
            IngestError: the file cannot be read (the message names the file and the reason).
        """
        prepared = prepare(path)
        return PipelineResult(document=prepared.document, report=self.complete(prepared))

    def process_document(self, doc: Document) -> Report:
        return self.complete(prepare_document(doc))
