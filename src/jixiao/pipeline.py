"""One document → Report. The only place that knows the order of the stages."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from jixiao import __version__
from jixiao.checks import run_checks
from jixiao.ingest import read_document
from jixiao.narrative import NarrativeBackend, make_backend, prompt_versions
from jixiao.schema import Document, PipelineConfig, Report, RunInfo, SourceInfo
from jixiao.structure import analyse_structure
from jixiao.tables import extract_tables


@dataclass
class PipelineResult:
    document: Document
    report: Report


class Pipeline:
    """Reads documents into reports with one configuration and one narrative backend."""

    def __init__(self, config: PipelineConfig | None = None, backend: NarrativeBackend | None = None) -> None:
        self.config = config or PipelineConfig()
        self.backend = backend or make_backend(self.config)

    def run_info(self) -> RunInfo:
        llm = self.config.llm if self.config.backend == "llm" else None
        return RunInfo(
            jixiao_version=__version__,
            backend=self.config.backend,
            model=llm.model if llm else None,
            endpoint=llm.base_url if llm else None,
            prompt_versions=prompt_versions() if llm else {},
        )

    def process_file(self, path: Path | str) -> PipelineResult:
        """Read one file and build its report.

        Raises:
            IngestError: the file cannot be read (the message names the file and the reason).
        """
        started = time.perf_counter()
        doc = read_document(path)
        report = self.process_document(doc)
        assert report.run is not None
        report.run.seconds = round(time.perf_counter() - started, 3)
        return PipelineResult(document=doc, report=report)

    def process_document(self, doc: Document) -> Report:
        structure = analyse_structure(doc)
        tables = extract_tables(doc, structure)
        narrative = self.backend.interpret(doc, structure, tables)
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
            run=self.run_info(),
        )
        report.run.ledger = narrative.ledger  # type: ignore[union-attr]
        report.findings.extend(run_checks(report))
        return report
