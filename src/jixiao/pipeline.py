"""One document → Report. The only place that knows the order of the stages.

The work is split so a batch can run the deterministic part in worker processes and the narrative
part (which may wait on an LLM endpoint) concurrently in the main process:

* :func:`prepare` — read the file, find its structure, extract its tables (CPU-bound);
* :func:`plan_report` — assemble the report and run the checks, find the narrative regions;
* :meth:`Pipeline.finish` — interpret the narrative regions and add the items to the report.

:meth:`Pipeline.complete` does the last two.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import TypeVar

from jixiao import __version__
from jixiao.checks import run_checks
from jixiao.checks.coverage import assess_coverage
from jixiao.checks.coverage import read_anything
from jixiao.checks.coverage import refresh_status
from jixiao.ingest import read_document
from jixiao.narrative import NarrativeBackend
from jixiao.narrative import NarrativeRegion
from jixiao.narrative import find_regions
from jixiao.narrative import make_backend
from jixiao.narrative import narrative_view
from jixiao.narrative import prompt_versions
from jixiao.narrative.headers import HeaderResolver
from jixiao.narrative.headers import header_resolver
from jixiao.narrative.headers import open_columns
from jixiao.schema import Coverage
from jixiao.schema import Document
from jixiao.schema import DocumentStructure
from jixiao.schema import GoalItem
from jixiao.schema import LedgerEntry
from jixiao.schema import MeasureItem
from jixiao.schema import NarrativeResult
from jixiao.schema import NarrativeStatus
from jixiao.schema import PipelineConfig
from jixiao.schema import ProblemItem
from jixiao.schema import Report
from jixiao.schema import RunInfo
from jixiao.schema import SourceInfo
from jixiao.schema import TablesResult
from jixiao.structure import analyse_structure
from jixiao.tables import extract_tables
from jixiao.vocabulary import learned_headers


@dataclass
class PreparedDocument:
    """The deterministic stages' output for one document (and the ledger of any header the LLM read)."""

    document: Document
    structure: DocumentStructure
    tables: TablesResult
    seconds: float
    ledger: list[LedgerEntry] = field(default_factory=list)


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


def prepare(path: Path | str, resolver: HeaderResolver | None = None) -> PreparedDocument:
    """Read one file and run the deterministic stages.

    ``resolver`` (with an LLM endpoint) is asked about column headers the vocabulary could not map.

    Raises:
        IngestError: the file cannot be read (the message names the file and the reason).
    """
    started = time.perf_counter()
    doc = read_document(path)
    return prepare_document(doc, started, resolver)


def prepare_document(
    doc: Document, started: float | None = None, resolver: HeaderResolver | None = None
) -> PreparedDocument:
    started = time.perf_counter() if started is None else started
    structure = analyse_structure(doc)
    tables = extract_tables(doc, structure)
    ledger: list[LedgerEntry] = []
    columns = open_columns(tables.reads) if resolver is not None else []
    if resolver is not None and columns:
        # Headers no wording maps: the LLM says which field each holds, and the tables are read again
        # with its answers (the values themselves are still read by the rules).
        learned, ledger = resolver.resolve(columns)
        if learned:
            with learned_headers(learned):
                tables = extract_tables(doc, structure)
    return PreparedDocument(doc, structure, tables, time.perf_counter() - started, ledger)


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
        run=info.model_copy(
            update={"ledger": [*prepared.ledger, *narrative.ledger], "seconds": round(seconds, 3)}
        ),
    )
    report.findings.extend(run_checks(report))
    report.coverage = assess_coverage(report, tables, doc)
    if narrative.goals or narrative.problems or narrative.measures:
        report.coverage = refresh_status(report.coverage, True)
    return report


@dataclass
class NarrativeJob:
    """A checked report without its narrative, and what the narrative backend needs to read that.

    The checks do not read narrative items, so they run before the narrative: a batch builds this in a
    worker process and hands the main process (which talks to the LLM) only the report's JSON
    (:func:`split_report`) and the blocks the narrative regions lie in, never the whole document.
    """

    report: Report
    view: Document
    regions: list[NarrativeRegion]


def plan_report(prepared: PreparedDocument, info: RunInfo) -> NarrativeJob:
    """The checked report without narrative, the narrative regions, and the document's view of them."""
    started = time.perf_counter()
    report = assemble_report(prepared, NarrativeResult(), info, prepared.seconds)
    regions = find_regions(prepared.document, prepared.structure, prepared.tables)
    view = narrative_view(prepared.document, regions)
    if report.run is not None:
        report.run.seconds = round(prepared.seconds + time.perf_counter() - started, 3)
    return NarrativeJob(report, view, regions)


def with_narrative(report: Report, narrative: NarrativeResult, seconds: float) -> Report:
    """``report`` with the narrative items, their statuses, warnings and token ledger.

    A narrative section that failed makes the report ``partial`` (see :func:`narrative_coverage`).
    """
    report.goals = narrative.goals
    report.problems = narrative.problems
    report.measures = narrative.measures
    report.narrative_status = narrative.statuses
    report.warnings.extend(narrative.warnings)
    report.run = _narrative_run(report.run, narrative, seconds)
    report.coverage = narrative_coverage(report.coverage, narrative.statuses, read_anything(report))
    return report


NARRATIVE_FAILURE = "narrative "
"""How a coverage reason for a failed narrative section starts (``narrative problems: …``)."""


def narrative_failure(status: NarrativeStatus) -> str:
    """The coverage reason of a failed section: ``narrative measures (project 2023-01 某项目): <reason>``."""
    project = " ".join(p for p in (status.project_code, status.project_name) if p)
    where = (
        f" ({status.section_key}{', project ' + project if project else ''})" if status.section_key else ""
    )
    return f"{NARRATIVE_FAILURE}{status.target}{where}: {status.reason or 'failed'}"


def narrative_coverage(coverage: Coverage, statuses: list[NarrativeStatus], anything: bool) -> Coverage:
    """``coverage`` with the failures of an earlier narrative replaced by those of ``statuses``, and its
    status decided again (``anything``: the report holds a typed value, its narrative included).

    What the other stages found stays: their reasons keep a report ``partial`` (or ``empty``); one that
    was ``partial`` only for its narrative is ``ok`` again when nothing failed this time.
    """
    failures = [narrative_failure(s) for s in statuses if s.status == "failed"]
    earlier = [r for r in coverage.failed if r.startswith(NARRATIVE_FAILURE)]
    if not failures and not earlier:
        return refresh_status(coverage, anything)
    # New lists only: refresh_status makes the deep copy (a large report's coverage takes milliseconds).
    out = coverage.model_copy(
        update={
            "failed": [r for r in coverage.failed if r not in earlier],
            "reasons": [r for r in coverage.reasons if r not in earlier],
        }
    )
    for reason in failures:
        out.add_failure(reason)
    return refresh_status(out, anything)


def _narrative_run(run: RunInfo | None, narrative: NarrativeResult, seconds: float) -> RunInfo | None:
    """The run information with the narrative's token ledger and the report's time."""
    if run is None:
        return None
    # The ledger so far holds the calls made before the narrative (column headers read by the LLM).
    ledger = [*run.ledger, *narrative.ledger]
    return run.model_copy(update={"ledger": ledger, "seconds": round(seconds, 3)})


_RegionKey = tuple[str, str | None, str | None, str | None]


def _region_key(x: NarrativeRegion | NarrativeStatus) -> _RegionKey:
    return (x.target, x.section_key, x.project_code, x.project_name)


def failed_regions(doc: Document, report: Report) -> list[NarrativeRegion]:
    """The narrative regions of ``doc`` whose sections failed in ``report``, to be asked again.

    The regions are found again from the report's sections and self-evaluation tables (no table is read
    again) and matched to the statuses by target, section and project, in order.
    """
    structure = DocumentStructure(sections=report.sections)
    tables = TablesResult(dept_table=report.dept_table, project_tables=report.project_tables)
    by_key: dict[_RegionKey, list[NarrativeRegion]] = {}
    for region in find_regions(doc, structure, tables):
        by_key.setdefault(_region_key(region), []).append(region)
    seen: dict[_RegionKey, int] = {}
    out = []
    for status in report.narrative_status:
        key = _region_key(status)
        nth = seen.get(key, 0)
        seen[key] = nth + 1
        candidates = by_key.get(key, [])
        if status.status == "failed" and nth < len(candidates):
            out.append(candidates[nth])
    return out


def with_retried_narrative(report: Report, narrative: NarrativeResult, seconds: float) -> Report:
    """``report`` with the sections that failed replaced by ``narrative``, their new reading.

    The new items are numbered after the items their list already has; the token ledger and the time
    add up; the coverage says what still failed.
    """
    fresh: dict[_RegionKey, list[NarrativeStatus]] = {}
    for status in narrative.statuses:
        fresh.setdefault(_region_key(status), []).append(status)
    statuses = []
    for status in report.narrative_status:
        waiting = fresh.get(_region_key(status)) if status.status == "failed" else None
        statuses.append(waiting.pop(0) if waiting else status)
    report.narrative_status = statuses
    _append_numbered(report.goals, narrative.goals)
    _append_numbered(report.problems, narrative.problems)
    _append_numbered(report.measures, narrative.measures)
    report.warnings.extend(w for w in narrative.warnings if w not in report.warnings)
    if report.run is not None:
        report.run = report.run.model_copy(
            update={
                "ledger": [*report.run.ledger, *narrative.ledger],
                "seconds": round(report.run.seconds + seconds, 3),
            }
        )
    report.coverage = narrative_coverage(report.coverage, report.narrative_status, read_anything(report))
    return report


_Item = TypeVar("_Item", GoalItem, ProblemItem, MeasureItem)


def _append_numbered(items: list[_Item], new: list[_Item]) -> None:
    """Append ``new`` items to ``items``, numbering each after the last item of its own list."""
    last: dict[tuple[str, str | None, str | None], int] = {}
    for item in items:
        group = (item.scope, item.project_code, item.project_name)
        last[group] = max(last.get(group, 0), item.seq)
    for item in new:
        group = (item.scope, item.project_code, item.project_name)
        last[group] = last.get(group, 0) + 1
        items.append(item.model_copy(update={"seq": last[group]}))


def personal_values(tables: TablesResult | Report) -> list[str]:
    """填表人 and 联系电话 of the self-evaluation tables, longest first (a name inside another is masked last)."""
    secrets: set[str] = set()
    for table in [tables.dept_table, *tables.project_tables]:
        if table is not None:
            secrets.update(v.strip() for v in (table.filled_by, table.phone) if v and v.strip())
    return sorted(secrets, key=len, reverse=True)


def mask_personal(text: str, secrets: list[str]) -> str:
    """``text`` with every personal value masked character for character (spans stay valid)."""
    for secret in secrets:
        text = text.replace(secret, "＊" * len(secret))
    return text


def report_json(report: Report, *, personal: bool = False) -> str:
    """The report as an output folder holds it (indented JSON).

    Unless ``personal``, 填表人 and 联系电话 are emptied and every other mention (provenance excerpts,
    warnings) masked; the serialised text is masked rather than the models, so the caller's report is
    untouched and no copy of it is made.
    """
    shallow, secrets = _without_personal(report, personal)
    return mask_personal(shallow.model_dump_json(indent=2), secrets)


def _without_personal(report: Report, personal: bool) -> tuple[Report, list[str]]:
    """A shallow copy of ``report`` with 填表人/联系电话 emptied, and the values to mask in its JSON.

    ``report`` itself when ``personal`` or when it has none.
    """
    secrets = [] if personal else personal_values(report)
    if not secrets:
        return report, secrets
    emptied = {"filled_by": None, "phone": None}
    shallow = report.model_copy(
        update={
            "dept_table": report.dept_table.model_copy(update=emptied) if report.dept_table else None,
            "project_tables": [t.model_copy(update=emptied) for t in report.project_tables],
        }
    )
    return shallow, secrets


def document_json(prepared: PreparedDocument, *, personal: bool = False) -> str:
    """The document as an output folder holds it, personal values masked unless ``personal``."""
    text = prepared.document.model_dump_json()
    return text if personal else mask_personal(text, personal_values(prepared.tables))


NARRATIVE_FIELDS = frozenset(
    {"goals", "problems", "measures", "narrative_status", "coverage", "warnings", "run"}
)
"""The report fields the narrative adds to or changes (the checks never read them; the coverage status
counts the narrative's items)."""


@dataclass
class SplitReport:
    """A checked report without its narrative, already as the JSON an output folder holds.

    A batch's main process takes the narrative from the LLM and only has to write the narrative fields:
    parsing and dumping the whole report again (megabytes for a large one) would make it, not the
    endpoint, the bottleneck.
    """

    fixed_json: str = field(repr=False)
    """The report without :data:`NARRATIVE_FIELDS` (indented, personal values masked unless kept)."""
    warnings: list[str]
    run: RunInfo | None
    secrets: list[str] = field(repr=False)
    coverage: Coverage = field(default_factory=Coverage, repr=False)
    tables_read: bool = False
    """True when the report holds typed values without its narrative (the status then is not empty)."""


def split_report(report: Report, *, personal: bool = False) -> SplitReport:
    """The report's JSON without its narrative fields, and what :func:`join_report` needs to add them."""
    report, secrets = _without_personal(report, personal)
    fixed = mask_personal(report.model_dump_json(indent=2, exclude=set(NARRATIVE_FIELDS)), secrets)
    return SplitReport(
        fixed, list(report.warnings), report.run, secrets, report.coverage, read_anything(report)
    )


def joined_coverage(split: SplitReport, narrative: NarrativeResult) -> Coverage:
    """The coverage of a split report once its narrative is in: the status counts the narrative's items,
    and a narrative section that failed makes the report partial."""
    anything = split.tables_read or bool(narrative.goals or narrative.problems or narrative.measures)
    return narrative_coverage(split.coverage, narrative.statuses, anything)


def join_report(split: SplitReport, narrative: NarrativeResult, seconds: float) -> str:
    """The whole report's JSON: ``split`` with the narrative's items, statuses, warnings and ledger.

    The two parts hold disjoint fields of one Report, so joining their top-level objects gives the same
    report as :func:`report_json` of :func:`with_narrative` (its narrative fields written last).
    """
    run = _narrative_run(split.run, narrative, seconds)
    # Only the narrative fields are set, and only they are dumped.
    tail = Report.model_construct(  # type: ignore[call-arg]
        goals=narrative.goals,
        problems=narrative.problems,
        measures=narrative.measures,
        narrative_status=narrative.statuses,
        coverage=joined_coverage(split, narrative),
        warnings=[*split.warnings, *narrative.warnings],
        run=run,
    )
    tail_json = mask_personal(tail.model_dump_json(indent=2, include=set(NARRATIVE_FIELDS)), split.secrets)
    head = split.fixed_json.rstrip()
    assert head.endswith("}") and tail_json.startswith("{"), "two JSON objects"
    return head[:-1].rstrip() + ",\n" + tail_json[1:].lstrip("\n")


class Pipeline:
    """Reads documents into reports with one configuration and one narrative backend."""

    def __init__(self, config: PipelineConfig | None = None, backend: NarrativeBackend | None = None) -> None:
        self.config = config or PipelineConfig()
        self.backend = backend or make_backend(self.config)
        self.info = run_info(self.config)
        self.resolver = header_resolver(self.config)

    def complete(self, prepared: PreparedDocument) -> Report:
        """Assemble and check the report of a prepared document, then interpret its narrative."""
        return self.finish(plan_report(prepared, self.info))

    def finish(self, job: NarrativeJob) -> Report:
        """Interpret the narrative regions of ``job`` and add the items to its report."""
        narrative, seconds = self.narrate(job.view, job.regions, job.report.run)
        return with_narrative(job.report, narrative, seconds)

    def narrate(
        self, view: Document, regions: list[NarrativeRegion], run: RunInfo | None
    ) -> tuple[NarrativeResult, float]:
        """The narrative of ``regions``, and the report's seconds with it (``run.seconds`` spent before)."""
        started = time.perf_counter()
        narrative = self.backend.interpret_regions(view, regions)
        spent = run.seconds if run else 0.0
        return narrative, spent + time.perf_counter() - started

    def retry_narrative(self, report: Report, doc: Document) -> Report:
        """``report`` with its failed narrative sections asked again (and only those)."""
        regions = failed_regions(doc, report)
        started = time.perf_counter()
        narrative = self.backend.interpret_regions(doc, regions) if regions else NarrativeResult()
        return with_retried_narrative(report, narrative, time.perf_counter() - started)

    def process_file(self, path: Path | str) -> PipelineResult:
        """Read one file and build its report.

        Raises:
            IngestError: the file cannot be read (the message names the file and the reason).
        """
        prepared = prepare(path, self.resolver)
        return PipelineResult(document=prepared.document, report=self.complete(prepared))

    def process_document(self, doc: Document) -> Report:
        return self.complete(prepare_document(doc, resolver=self.resolver))
