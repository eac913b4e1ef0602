"""Typed items read from the narrative sections: goals, problems, measures.

Two families of models live here:

* the ``*Draft`` models are what a backend (LLM or rules) returns for one section. Their field
  descriptions are the LLM's instructions, so they are written for the model to read.
* the ``*Item`` models are what the report stores: a draft plus its grounding (where the evidence
  quote was found in the document) and provenance.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Literal

from pydantic import BaseModel
from pydantic import Field

from jixiao.schema.document import Provenance
from jixiao.schema.document import Span
from jixiao.schema.values import Amount
from jixiao.schema.values import FundField
from jixiao.schema.values import IndicatorField
from jixiao.schema.values import Value


class ProblemCategory(str, Enum):
    """Fixed list of problem/measure categories."""

    BUDGET_EXEC = "预算执行"
    BUDGET_PREP = "预算编制"
    PERF_MGMT = "绩效管理"
    INDICATORS = "指标体系"
    PROGRESS = "项目进度"
    STAFF = "队伍建设"
    FACILITIES = "阵地建设"
    RULES = "制度建设"
    FUNDS = "资金管理"
    OTHER = "其他"


class GroundingStatus(str, Enum):
    EXACT = "exact"
    NORMALISED = "normalised"
    FUZZY = "fuzzy"
    UNGROUNDED = "ungrounded"


class Grounding(BaseModel):
    """Where an item's evidence quote was found in the document."""

    status: GroundingStatus
    span: Span | None = Field(default=None, description="Character span in Document.text")
    score: float | None = Field(default=None, description="Similarity 0-100 for fuzzy matches")


# --- drafts: what a backend returns -------------------------------------------------------------


class GoalDraft(BaseModel):
    """One annual goal (年度目标) stated in the text."""

    text: str = Field(description="目标原文：逐字摘录一条目标，不改写。The goal exactly as written.")
    evidence: str = Field(
        description="从原文逐字复制的一段引文（可与 text 相同），用于定位。A verbatim quote."
    )
    operator: Literal["≥", ">", "≤", "<", "=", "约", "range"] | None = Field(
        default=None,
        description="目标数量的比较关系：'至少/不少于/以上' → '≥'，'不超过/以内' → '≤'，无数量时为 null。",
    )
    quantity: Decimal | None = Field(default=None, description="目标数量，如“开展至少30场”为 30；无则 null。")
    quantity_high: Decimal | None = Field(
        default=None,
        description="数量区间的上限，如“40-80分钟”为 80（此时 operator 为 'range'）；否则 null。",
    )
    unit: str | None = Field(default=None, description="数量的单位，如 场、人、%、万元；无则 null。")
    deadline: str | None = Field(default=None, description="完成时限原文，如“2022年12月底前”；无则 null。")
    completion: str | None = Field(
        default=None, description="文件给出的对应完成情况原文（如“全年完成情况”一栏）；没有则 null。"
    )


class ProblemDraft(BaseModel):
    """One problem (存在的问题) the document admits."""

    text: str = Field(
        description="问题原文：逐字摘录一条问题，不含序号。The problem as written, without its number."
    )
    evidence: str = Field(
        description="从原文逐字复制的一段引文，用于定位。A verbatim quote from the section."
    )
    cause: str | None = Field(
        default=None, description="文中给出的原因（如“主要原因是……”“究其原因……”之后的文字）；没有则 null。"
    )
    category: ProblemCategory = Field(
        description="问题类别，只能取：预算执行、预算编制、绩效管理、指标体系、项目进度、队伍建设、阵地建设、制度建设、资金管理、其他。"
    )
    figures: list[str] = Field(
        default_factory=list, description="问题中引用的金额或比例原文，如“88.74%”“1546.35万元”。"
    )


class MeasureDraft(BaseModel):
    """One improvement measure (改进措施 / 改进建议)."""

    text: str = Field(description="措施原文：逐字摘录一条措施，不含序号。The measure as written.")
    evidence: str = Field(
        description="从原文逐字复制的一段引文，用于定位。A verbatim quote from the section."
    )
    category: ProblemCategory = Field(
        description="措施类别，取值同问题类别：预算执行、预算编制、绩效管理、指标体系、项目进度、队伍建设、阵地建设、制度建设、资金管理、其他。"
    )
    addresses: list[int] = Field(
        default_factory=list,
        description="该措施回应的问题序号（从 1 开始，对应问题列表）；文中看不出对应关系时为空。",
    )


class GoalList(BaseModel):
    """年度目标列表。章节写“无”时返回空列表。"""

    items: list[GoalDraft] = Field(description="逐条列出的目标；没有时为空列表 []。")


class ProblemList(BaseModel):
    """存在问题列表。章节写“无”时返回空列表。"""

    items: list[ProblemDraft] = Field(description="逐条列出的问题；没有时为空列表 []。")


class MeasureList(BaseModel):
    """改进措施列表。章节写“无”时返回空列表。"""

    items: list[MeasureDraft] = Field(description="逐条列出的措施；没有时为空列表 []。")


HeaderField = Literal["none", IndicatorField, FundField]
"""The fields a column of an indicator or fund part can hold (``none``: a column that holds no field)."""


class HeaderFieldDraft(BaseModel):
    """One column header and the field it holds."""

    header: str = Field(description="表头原文，逐字照抄。The column header exactly as given.")
    field: HeaderField = Field(
        description="该列对应的字段；都不是时为 none。The field the column holds, or none."
    )


class HeaderMapList(BaseModel):
    """表头对应字段列表：每个给出的表头一项。"""

    items: list[HeaderFieldDraft] = Field(description="每个表头一项。One item per header given.")


# --- items: what the report stores --------------------------------------------------------------

Scope = Literal["部门整体", "项目"]


class NarrativeItemBase(BaseModel):
    seq: int = Field(description="1-based position within its list (per scope/project)")
    scope: Scope = "部门整体"
    project_code: str | None = None
    project_name: str | None = Field(default=None, description="Project name, for items of a project table")
    section_key: str | None = Field(default=None, description="SectionKey or table region it was read from")
    text: str
    evidence: str
    grounding: Grounding
    prov: Provenance | None = None


class GoalItem(NarrativeItemBase):
    target: Value | None = Field(default=None, description="Quantity stated by the goal, if any")
    deadline: str | None = None
    actual_text: str | None = Field(default=None, description="Matching completion statement, if given")


class ProblemItem(NarrativeItemBase):
    cause: str | None = None
    category: ProblemCategory = ProblemCategory.OTHER
    figures: list[Amount] = Field(default_factory=list)
    figure_pcts: list[Decimal] = Field(default_factory=list, description="Percentages cited, in points")


class MeasureItem(NarrativeItemBase):
    category: ProblemCategory = ProblemCategory.OTHER
    addresses: list[int] = Field(default_factory=list, description="ProblemItem.seq values it answers")


class NarrativeStatus(BaseModel):
    """Outcome of interpreting one narrative section."""

    target: Literal["goals", "problems", "measures"]
    section_key: str | None = None
    project_code: str | None = None
    project_name: str | None = None
    backend: str
    status: Literal["ok", "empty", "failed", "cached"]
    reason: str | None = None
    items: int = 0
