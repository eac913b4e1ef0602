"""Leaf values: amounts, indicator values, enumerations of the domain.

Every leaf keeps the ``raw`` text it was read from and, where it came from a document, its provenance.
Percentages are stored as percentage points (88.74 for "88.74%").
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Literal

from pydantic import BaseModel
from pydantic import Field

from jixiao.schema.document import Provenance


class Level(str, Enum):
    """Administrative level of the reporting unit (the lowest named unit: 长沙市岳麓区 → 区)."""

    PROVINCE = "省"
    CITY = "市"
    COUNTY = "县"
    DISTRICT = "区"


class DocKind(str, Enum):
    DEPT_REPORT = "部门整体支出绩效自评报告"
    DEPT_TABLE = "部门整体支出绩效自评表"
    PROJECT_TABLE = "项目支出绩效自评表"
    BASIC_DATA = "部门整体支出绩效评价基础数据表"
    FINAL_ACCOUNT = "决算说明"
    FINAL_ACCOUNT_TABLES = "部门决算报表"


class Template(str, Enum):
    """Template family, named by what it holds (never by the place that uses it)."""

    TEN_SECTIONS = (
        "十段式自评报告"  # outline with 政府性基金 / 国有资本经营 / 社会保险基金预算支出情况 sections
    )
    FIVE_SECTIONS = "五段式自评报告"  # ≤ 6 top sections: 概况, 支出管理及使用, 绩效情况, 问题, 措施
    TRANSFER_COLUMN = "含上级转移支付列的部门整体自评表"  # 执行率 (B−C)/A with a 上级财政转移支付 (C) column
    NATURE_UNIT = "含指标性质与度量单位列的项目自评表"  # 指标性质 and 度量单位 columns beside 指标值
    MOF2020 = "财预〔2020〕10号附件2"
    FINAL_ACCOUNT = "部门决算"
    UNKNOWN = "unknown"


class Op(str, Enum):
    GE = "≥"
    GT = ">"
    LE = "≤"
    LT = "<"
    EQ = "="
    APPROX = "约"
    RANGE = "range"
    QUAL = "定性"
    NONE = "none"


class L1(str, Enum):
    """一级指标."""

    OUTPUT = "产出指标"
    BENEFIT = "效益指标"
    SATISFACTION = "满意度指标"
    COST = "成本指标"
    DECISION = "决策指标"  # 项目决策 (evaluation-style forms: 决策 / 过程 / 产出 / 效益)
    PROCESS = "过程指标"  # 项目过程 / 项目管理


class L2(str, Enum):
    """二级指标."""

    QTY = "数量"
    QUAL = "质量"
    TIME = "时效"
    COST = "成本"
    ECON = "经济效益"
    SOCIAL = "社会效益"
    ECO = "生态效益"
    SUSTAIN = "可持续影响"
    SATISF = "服务对象满意度"


IndicatorField = Literal[
    "level1",
    "level2",
    "name",
    "content",
    "nature",
    "target",
    "unit",
    "actual",
    "weight",
    "score",
    "reason",
    "improvement",
]
"""What a column of an indicator part (绩效指标) can hold: the PerformanceIndicator fields read from cells."""

FundField = Literal[
    "label", "initial_budget", "budget", "executed", "transfer", "rate", "weight", "score", "reason"
]
"""What a column of a fund part (项目资金 / 预算执行情况) can hold: its row label and the FundRow fields."""

AmountUnit = Literal["元", "千元", "万元", "亿元"]
UnitSource = Literal["cell", "header", "caption", "assumed"]
"""Where an amount's unit came from: the cell, the column header, the table's caption or note
(``单位：元``), or nowhere (assumed 万元, the usual unit of these forms)."""
Grade = Literal["优", "良", "中", "低", "差"]
Status = Literal["已完成", "未完成", "部分完成", "如期完成", "无"]


class Amount(BaseModel):
    """A money amount as written, with its value normalised to 万元."""

    raw: str = Field(description="Text as written, e.g. '5187593.33元' or '2193.22'")
    value: Decimal | None = Field(default=None, description="Number as written, in `unit`")
    unit: AmountUnit | None = Field(default=None, description="Unit written or implied by the table header")
    wan: Decimal | None = Field(default=None, description="Value in 万元 (元 ÷ 10000, 亿元 × 10000)")
    unit_source: UnitSource | None = Field(
        default=None, description="Where the unit came from; 'assumed' when nothing printed one"
    )
    prov: Provenance | None = None


class Value(BaseModel):
    """One indicator cell: 指标值 (target) or 完成值 (actual)."""

    raw: str
    op: Op = Op.NONE
    num: Decimal | None = None
    num_hi: Decimal | None = Field(default=None, description="Upper bound of a range such as 40-80")
    unit: str | None = Field(default=None, description="课时, 人次, %, 万元/年, 元/人次/天 …")
    grade: Grade | None = None
    scale: str | None = Field(default=None, description="Qualitative scale, e.g. '优良中低差'")
    status: Status | None = None
    pct_done: Decimal | None = Field(default=None, description="'已完成90%' → 90")
    text: str | None = Field(default=None, description="Residual text that is not a number, operator or unit")
    is_placeholder: bool = Field(default=False, description="Template instruction left unfilled, or empty")
    prov: Provenance | None = None
