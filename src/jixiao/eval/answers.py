"""The golden answer format: what a person reading a document says it contains.

One file per source document, ``golden/expected/<stem>.json``. The answers are about the *document*,
so they hold for every rendering of it (``<stem>.txt``, ``<stem>.docx``, ``<stem>.pdf``). A file says
which field groups it ``covers``; groups it does not cover are not scored. Amounts are in 万元,
percentages in percentage points. Where the source is ambiguous, ``notes`` say which reading was chosen.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from jixiao.errors import EvalError
from jixiao.schema import L1, L2, DocKind, Level, Op, ProblemCategory, SectionKey, Template

FieldGroup = Literal[
    "metadata",
    "sections",
    "funds",
    "indicators",
    "project_tables",
    "basic_data",
    "final_account",
    "goals",
    "problems",
    "measures",
    "findings",
]
FIELD_GROUPS: tuple[FieldGroup, ...] = (
    "metadata",
    "sections",
    "funds",
    "indicators",
    "project_tables",
    "basic_data",
    "final_account",
    "goals",
    "problems",
    "measures",
    "findings",
)


class _Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MetadataAnswer(_Answer):
    department: str | None = None
    region: str | None = None
    level: Level | None = None
    fiscal_year: int | None = None
    kinds: list[DocKind] = Field(default_factory=list)
    template: Template | None = None


class SectionAnswer(_Answer):
    title: str = Field(description="Heading text without its numbering")
    key: SectionKey | None = None
    number_raw: str | None = Field(default=None, description="Numbering as written, e.g. '7、'")
    depth: int | None = None


class ValueAnswer(_Answer):
    """Normalised reading of an indicator cell; unset fields are not scored."""

    op: Op | None = None
    num: Decimal | None = None
    num_hi: Decimal | None = None
    unit: str | None = None
    grade: Literal["优", "良", "中", "低", "差"] | None = None
    status: Literal["已完成", "未完成", "部分完成", "如期完成", "无"] | None = None
    pct_done: Decimal | None = None
    is_placeholder: bool | None = None


class FundAnswer(_Answer):
    table: str = Field(description="'dept' for the department table, else the project's code or name")
    label: str = Field(description="Row label as written (without the value written inside it)")
    category: str
    breakdown: Literal["总额", "收入性质", "支出性质", "资金来源", "资金结构"] | None = Field(
        default=None, description="Which breakdown the row belongs to (FundRow.breakdown)"
    )
    initial_budget: Decimal | None = None
    budget: Decimal | None = None
    executed: Decimal | None = None
    transfer: Decimal | None = None
    rate: Decimal | None = Field(default=None, description="执行率 as written, in points")
    rate_formula: Literal["B/A", "(B-C)/A"] | None = None
    weight: Decimal | None = None
    score: Decimal | None = None
    blank: list[str] = Field(
        default_factory=list,
        description="Fields whose cell is empty (blank, —, －): the tool must leave them None",
    )


class IndicatorAnswer(_Answer):
    table: str = Field(description="'dept' or the project's code or name")
    level1: L1 | None = None
    level2: L2 | None = None
    level1_raw: str | None = None
    level2_raw: str | None = None
    name: str = Field(description="三级指标 as written ('' when the row has none)")
    content: str | None = Field(default=None, description="目标内容, in forms that have it (望城)")
    target_raw: str | None = None
    actual_raw: str | None = None
    target: ValueAnswer | None = None
    actual: ValueAnswer | None = None
    weight: Decimal | None = None
    score: Decimal | None = None
    deviation_reason: str | None = None
    blank: list[str] = Field(
        default_factory=list,
        description="Fields whose cell is empty (blank, —, －): the tool must leave them None",
    )


class ProjectTableAnswer(_Answer):
    ref: str = Field(
        description="How funds/indicators refer to it: the code when there is one, else the name"
    )
    code: str | None = None
    name: str | None = None
    category: Literal["人员类", "运转类", "特定目标类"] | None = None
    competent_dept: str | None = None
    implementing_unit: str | None = None
    total_weight: Decimal | None = None
    total_score: Decimal | None = None
    conclusion: str | None = None
    problems_text: str | None = None
    measures_text: str | None = None
    renderings: int | None = None
    indicator_count: int | None = None


class BasicDataAnswer(_Answer):
    group: str
    label: str
    prior_final: Decimal | None = None
    budget: Decimal | None = None
    final: Decimal | None = None


class FinalAccountAnswer(_Answer):
    table: int = Field(description="Statement number 1–9, 0 for lines read from the narrative")
    name: str
    func_code: str | None = None
    econ_code: str | None = None
    level: Literal["类", "款", "项", "合计", "其他"] | None = None
    budget: Decimal | None = None
    final: Decimal | None = None
    basic: Decimal | None = None
    project: Decimal | None = None
    source: Literal["table", "narrative"] | None = None


class GoalAnswer(_Answer):
    scope: Literal["部门整体", "项目"] = "部门整体"
    project: str | None = Field(default=None, description="Project code or name for project goals")
    text: str
    op: Op | None = None
    quantity: Decimal | None = None
    unit: str | None = None
    deadline: str | None = None
    actual_text: str | None = None


class ProblemAnswer(_Answer):
    text: str
    cause: str | None = None
    category: ProblemCategory | None = None


class MeasureAnswer(_Answer):
    text: str
    category: ProblemCategory | None = None
    addresses: list[int] | None = None


class FindingAnswer(_Answer):
    check: str = Field(description="Check id (see checks/)")
    subject: str | None = Field(default=None, description="What it is about: a project, indicator or figure")
    severity: Literal["error", "warn", "info"] | None = None
    note: str | None = None


Rendering = Literal["txt", "docx", "pdf", "xlsx", "html", "scan.pdf"]
"""A rendering's file ending: ``<doc>.<rendering>`` in golden/docs (``scan.pdf``: an image-only PDF)."""

NEW_FORMAT_RENDERINGS: tuple[Rendering, ...] = ("xlsx", "html", "scan.pdf")
"""Renderings also scored against the DOCX rendering's own reading (same content, another format)."""


def _all_renderings() -> list[Rendering]:
    return ["txt", "docx", "pdf", "xlsx", "html", "scan.pdf"]


class GoldenAnswer(_Answer):
    """All hand-made answers for one source document."""

    doc: str = Field(description="Stem of the documents in golden/docs it describes")
    formats: list[Rendering] = Field(
        default_factory=_all_renderings, description="Renderings the answers apply to"
    )
    covers: list[FieldGroup]
    annotator: str | None = None
    notes: list[str] = Field(default_factory=list)
    metadata: MetadataAnswer | None = None
    sections: list[SectionAnswer] = Field(default_factory=list)
    funds: list[FundAnswer] = Field(default_factory=list)
    indicators: list[IndicatorAnswer] = Field(default_factory=list)
    project_tables: list[ProjectTableAnswer] = Field(default_factory=list)
    basic_data: list[BasicDataAnswer] = Field(default_factory=list)
    final_account: list[FinalAccountAnswer] = Field(default_factory=list)
    goals: list[GoalAnswer] = Field(default_factory=list)
    problems: list[ProblemAnswer] = Field(default_factory=list)
    measures: list[MeasureAnswer] = Field(default_factory=list)
    findings: list[FindingAnswer] = Field(default_factory=list)


def load_answer(path: Path) -> GoldenAnswer:
    """Read and validate one answer file.

    Raises:
        EvalError: the file is not valid JSON or does not fit the answer format (the message says where).
    """
    try:
        return GoldenAnswer.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvalError(str(path), f"invalid answer file: {exc}") from exc
