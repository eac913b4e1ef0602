"""The typed report: what one document says, with provenance on every leaf.

Field names follow ``domain.md`` §4. ``Src`` there is :class:`Provenance` here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Literal

from pydantic import BaseModel
from pydantic import Field

from jixiao.schema.coverage import Coverage
from jixiao.schema.document import Provenance
from jixiao.schema.document import SourceFile
from jixiao.schema.document import Span
from jixiao.schema.narrative import GoalItem
from jixiao.schema.narrative import MeasureItem
from jixiao.schema.narrative import NarrativeStatus
from jixiao.schema.narrative import ProblemItem
from jixiao.schema.values import L1
from jixiao.schema.values import L2
from jixiao.schema.values import Amount
from jixiao.schema.values import DocKind
from jixiao.schema.values import Level
from jixiao.schema.values import Template
from jixiao.schema.values import Value

SCHEMA_VERSION = "1"


class SectionKey(str, Enum):
    """Canonical section names (domain.md §3a)."""

    BASIC_INFO = "BASIC_INFO"
    GOALS = "GOALS"
    BUDGET_EXEC = "BUDGET_EXEC"
    GOV_FUND = "GOV_FUND"
    STATE_CAPITAL = "STATE_CAPITAL"
    SOCIAL_INS = "SOCIAL_INS"
    PERFORMANCE = "PERFORMANCE"
    PROBLEMS = "PROBLEMS"
    MEASURES = "MEASURES"
    RESULT_USE = "RESULT_USE"
    OTHER = "OTHER"
    CONCLUSION = "CONCLUSION"
    QUALITY = "QUALITY"
    ATTACHMENTS = "ATTACHMENTS"
    FINAL_ACCOUNT = "FINAL_ACCOUNT"
    GLOSSARY = "GLOSSARY"


class Section(BaseModel):
    """A heading and everything under it until the next heading of the same or a shallower depth."""

    key: SectionKey | None = None
    number_raw: str = Field(description="Numbering as written: '一、', '（2）', '7、', '第一部分'")
    ordinal: int | None = Field(default=None, description="Value of the numbering (七 → 7)")
    depth: int = Field(
        description="0 = a document, form or 附件 title; 1 = top-level heading (一、); worked out from the "
        "neighbouring headings, not from the numeral style"
    )
    title: str = Field(description="Heading text without its numbering")
    title_raw: str = Field(description="Heading line as in the canonical text")
    body: str = Field(default="", description="Text of the section's own blocks before its first child")
    span: Span = Field(description="Span of the heading line in Document.text")
    body_span: Span = Field(description="Span from the end of the heading to the end of the section")
    body_start: int | None = Field(
        default=None,
        description="Offset in Document.text where `body` begins (after the blank space stripped)",
    )
    block_range: tuple[int, int] = Field(description="[first, last) block indices of the whole section")
    prov: Provenance
    children: list[Section] = Field(default_factory=list)


class Staffing(BaseModel):
    quota: int | None = Field(default=None, description="编制数")
    actual: int | None = Field(default=None, description="实有/实际在职人数")
    retired: int | None = Field(default=None, description="退休人数")
    control_rate: Decimal | None = Field(default=None, description="在职人员控制率, percentage points")
    year_label: str | None = Field(default=None, description="Year written in the column label, if any")
    prov: Provenance | None = None


FundCategory = Literal[
    "总额",
    "当年财政拨款",
    "上年结转",
    "财政资金",
    "财政专户",
    "单位资金",
    "其他资金",
    "一般公共预算",
    "政府性基金",
    "非税收入",
    "基本支出",
    "人员支出",
    "公用支出",
    "项目支出",
    "财政拨款",
]


class FundRow(BaseModel):
    """One row of a fund summary (资金情况 / 预算执行情况)."""

    label_raw: str
    category: FundCategory | None = Field(
        description="What the row is; None for a row label the vocabulary does not know (kept with its amounts)"
    )
    breakdown: Literal["总额", "收入性质", "支出性质", "资金来源", "资金结构"] | None = Field(
        default=None, description="Which breakdown the row belongs to"
    )
    initial_budget: Amount | None = Field(default=None, description="年初预算数")
    budget: Amount | None = Field(default=None, description="全年预算数 / 调整后预算数 (A)")
    executed: Amount | None = Field(default=None, description="全年执行数 / 预算执行数 (B)")
    transfer: Amount | None = Field(default=None, description="上级财政转移支付 (C), only in the 望城 form")
    rate_reported: Decimal | None = Field(default=None, description="执行率 as written, percentage points")
    rate_raw: str | None = None
    rate_formula: Literal["B/A", "(B-C)/A"] = "B/A"
    weight: Decimal | None = Field(default=None, description="分值 / 权重")
    score: Decimal | None = Field(default=None, description="得分 / 自评得分")
    reason: str | None = Field(default=None, description="原因 / 说明")
    prov: Provenance


class PerformanceIndicator(BaseModel):
    """One third-level indicator row of a 绩效指标 table."""

    level1_raw: str
    level1: L1 | None = None
    level1_cap: Decimal | None = Field(default=None, description="'(50分)' written in the level-1 cell")
    level2_raw: str
    level2: L2 | None = None
    name: str = Field(description="三级指标")
    content: str | None = Field(default=None, description="目标内容 (望城 form puts the name here)")
    nature: Literal["定量", "定性"]
    nature_raw: str | None = Field(default=None, description="指标性质 cell as written (四川 form)")
    target: Value
    actual: Value
    unit_raw: str | None = Field(default=None, description="度量单位 column (四川 form)")
    weight: Decimal | None = None
    score: Decimal | None = None
    deviation_reason: str | None = Field(default=None, description="偏差原因分析 / 未完成原因")
    improvement: str | None = Field(default=None, description="改进措施 column, when separate")
    prov: Provenance
    cells: dict[str, Provenance] = Field(
        default_factory=dict, description="Provenance per column: name, target, actual, weight, score …"
    )


class TableGoal(BaseModel):
    """A goal cell pair of a self-evaluation table (预期目标 / 实际完成情况)."""

    target_text: str
    actual_text: str | None = None
    prov: Provenance
    actual_prov: Provenance | None = None


class SelfEvalTable(BaseModel):
    """A 自评表: the department as a whole, or one project."""

    scope: Literal["部门整体", "项目"]
    title: str | None = None
    project_code: str | None = None
    project_name: str | None = None
    project_category: Literal["人员类", "运转类", "特定目标类"] | None = None
    competent_dept: str | None = Field(default=None, description="主管部门")
    implementing_unit: str | None = Field(default=None, description="实施单位")
    funds: list[FundRow] = Field(default_factory=list)
    goals: list[TableGoal] = Field(default_factory=list)
    indicators: list[PerformanceIndicator] = Field(default_factory=list)
    total_weight_reported: Decimal | None = None
    total_score_reported: Decimal | None = None
    conclusion: str | None = Field(default=None, description="评价结论")
    problems_text: str | None = Field(default=None, description="存在问题 cell")
    measures_text: str | None = Field(default=None, description="改进措施 cell")
    filled_by: str | None = Field(
        default=None, description="填表人 / 项目负责人 — personal data, redacted on export"
    )
    phone: str | None = Field(default=None, description="联系电话 — personal data, redacted on export")
    fill_date: date | None = None
    fill_date_raw: str | None = None
    renderings: int = Field(default=1, description="How many copies of this table the document holds")
    fund_fields: list[str] = Field(
        default_factory=list,
        description="Fields the fund part's columns hold (e.g. 'reason' when it has 原因)",
    )
    indicator_fields: list[str] = Field(
        default_factory=list,
        description="Fields the indicator part's columns hold (no 'weight': no 分值 column)",
    )
    indicator_points: Decimal | None = Field(
        default=None, description="Points written on the indicator block, e.g. 绩效指标（90分）"
    )
    prov: Provenance


class BasicDataLine(BaseModel):
    """One line of the 部门整体支出绩效评价基础数据表."""

    group: Literal["人员", "三公", "项目支出", "公用经费", "政府采购", "楼堂馆所", "其他"]
    label: str
    label_raw: str
    prior_final: Amount | None = Field(default=None, description="上年决算数")
    budget: Amount | None = Field(default=None, description="本年预算数")
    final: Amount | None = Field(default=None, description="本年决算数")
    prov: Provenance


class FinalAccountLine(BaseModel):
    """One 功能分类 (or 经济分类) line of a 决算, from a statement table or the narrative."""

    table: int = Field(description="Statement number 1–9 (0 when read from the narrative)")
    table_title: str | None = None
    func_code: str | None = Field(default=None, description="功能分类 code: 3 (类), 5 (款) or 7 (项) digits")
    econ_code: str | None = Field(default=None, description="经济分类 code")
    level: Literal["类", "款", "项", "合计", "其他"] | None = None
    name: str = Field(description="Line name as written")
    lei: str | None = None
    kuan: str | None = None
    xiang: str | None = None
    columns: dict[str, Amount] = Field(
        default_factory=dict, description="Every amount column of the statement row, by column header"
    )
    budget: Amount | None = None
    final: Amount | None = Field(default=None, description="决算数 / 支出决算 / 合计")
    basic: Amount | None = Field(default=None, description="基本支出")
    project: Amount | None = Field(default=None, description="项目支出")
    completion_rate: Decimal | None = None
    share: Decimal | None = Field(
        default=None, description="占比 written next to the amount, percentage points"
    )
    source: Literal["table", "narrative"]
    prov: Provenance


class ThreePublic(BaseModel):
    """“三公”经费."""

    budget: Amount | None = None
    final: Amount | None = None
    outbound: Amount | None = Field(default=None, description="因公出国（境）费")
    vehicle_purchase: Amount | None = Field(default=None, description="公务用车购置费")
    vehicle_ops: Amount | None = Field(default=None, description="公务用车运行维护费")
    vehicle_total: Amount | None = Field(default=None, description="公务用车购置及运行维护费")
    reception: Amount | None = Field(default=None, description="公务接待费")
    reception_batches: int | None = None
    reception_persons: int | None = None
    source: Literal["table", "narrative"] = "narrative"
    prov: Provenance | None = None


class FinalAccountFigure(BaseModel):
    """A named total in a 决算说明 narrative: 收入总计, 基本支出, 机关运行经费, 政府采购 …"""

    key: str = Field(description="Stable key, e.g. 'income_total', 'basic', 'project', 'admin_running'")
    label: str
    amount: Amount
    kind: Literal["amount", "rate", "count"] = Field(
        default="amount", description="amount: money; rate: percentage points in amount.value; count: persons"
    )
    share: Decimal | None = Field(
        default=None, description="占比 written next to the amount, percentage points"
    )
    prov: Provenance


class Finding(BaseModel):
    """A failed arithmetic or consistency check."""

    check: str = Field(description="Check id, e.g. 'exec_rate', 'indicator_score_le_weight'")
    severity: Literal["error", "warn", "info"]
    message: str
    subject: str | None = Field(
        default=None, description="What it is about, e.g. a project name or indicator"
    )
    expected: str | None = None
    actual: str | None = None
    refs: list[Provenance] = Field(default_factory=list, description="Provenance of every value involved")


class LedgerEntry(BaseModel):
    """Token use of one LLM call (retries are separate entries)."""

    target: str
    model: str
    prompt_id: str
    attempt: int
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cached: bool = False
    ok: bool = True
    error: str | None = None
    seconds: float = 0.0


class RunInfo(BaseModel):
    """How the report was made: enough to decide whether a re-run may reuse it."""

    jixiao_version: str
    backend: Literal["rules", "llm"]
    model: str | None = None
    endpoint: str | None = None
    prompt_versions: dict[str, str] = Field(default_factory=dict)
    personal: bool = Field(
        default=False, description="True when 填表人/联系电话 were kept (--include-personal)"
    )
    seconds: float = 0.0
    ledger: list[LedgerEntry] = Field(default_factory=list)


class SourceInfo(SourceFile):
    """The file a report was read from."""


class ReportMetaFields(BaseModel):
    """What a document's titles and headers say about it: read by the structure stage (ReportMeta), kept
    by the report."""

    title: str | None = None
    department: str | None = None
    region: str | None = None
    level: Level | None = None
    fiscal_year: int | None = None
    report_date: date | None = None
    kinds: list[DocKind] = Field(default_factory=list)
    template: Template = Template.UNKNOWN


class TableRecords(BaseModel):
    """What the table stage reads from a document's forms and statements (TablesResult), kept by the
    report as read."""

    staffing: Staffing | None = None
    dept_table: SelfEvalTable | None = None
    project_tables: list[SelfEvalTable] = Field(default_factory=list)
    basic_data: list[BasicDataLine] = Field(default_factory=list)
    final_account: list[FinalAccountLine] = Field(default_factory=list)
    final_account_figures: list[FinalAccountFigure] = Field(default_factory=list)
    three_public: ThreePublic | None = None


class _ReportIdentity(BaseModel):
    schema_version: str = SCHEMA_VERSION
    id: str = Field(description="Stable report id: first 16 hex digits of the file's sha256")
    source: SourceInfo


class _ReportOutline(BaseModel):
    meta_prov: dict[str, Provenance] = Field(
        default_factory=dict, description="Provenance of department, fiscal_year, region …"
    )
    sections: list[Section] = Field(default_factory=list)


# pydantic puts the fields of the last base first, so the bases stand in reverse order of the report's
# fields (and of its JSON): identity, metadata, outline, tables, then the fields declared here.
class Report(TableRecords, _ReportOutline, ReportMetaFields, _ReportIdentity):
    """Everything jixiao read from one document."""

    goals: list[GoalItem] = Field(default_factory=list)
    problems: list[ProblemItem] = Field(default_factory=list)
    measures: list[MeasureItem] = Field(default_factory=list)
    narrative_status: list[NarrativeStatus] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    coverage: Coverage = Field(
        default_factory=Coverage,
        description="What was read and what was not; the status ok / partial / empty",
    )
    warnings: list[str] = Field(default_factory=list)
    run: RunInfo | None = None

    @property
    def status(self) -> str:
        """ok / partial / empty (``coverage.status``)."""
        return self.coverage.status

    def iter_sections(self) -> list[Section]:
        """All sections, depth-first in document order."""
        out: list[Section] = []

        def walk(items: list[Section]) -> None:
            for s in items:
                out.append(s)
                walk(s.children)

        walk(self.sections)
        return out

    def section(self, key: SectionKey) -> Section | None:
        """The first section with this canonical key."""
        return next((s for s in self.iter_sections() if s.key == key), None)
