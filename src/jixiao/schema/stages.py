"""What the pipeline stages hand each other (structure → tables → narrative → checks)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

from pydantic import BaseModel
from pydantic import Field

from jixiao.schema.coverage import TableRead
from jixiao.schema.document import Provenance
from jixiao.schema.narrative import GoalItem
from jixiao.schema.narrative import MeasureItem
from jixiao.schema.narrative import NarrativeStatus
from jixiao.schema.narrative import ProblemItem
from jixiao.schema.report import Finding
from jixiao.schema.report import LedgerEntry
from jixiao.schema.report import ReportMetaFields
from jixiao.schema.report import Section
from jixiao.schema.report import TableRecords


class TableKind(str, Enum):
    """What a table block is, decided from its header cells and the headings around it."""

    DEPT_SELF_EVAL = "dept_self_eval"  # 部门整体支出绩效自评表
    PROJECT_SELF_EVAL = "project_self_eval"  # 项目支出绩效自评表 (湖南/财政部, 四川 510000_0013zp)
    BASIC_DATA = "basic_data"  # 部门整体支出绩效评价基础数据表
    FUND_LIST = "fund_list"  # a list of projects with budget / spent / balance in a narrative section
    PROJECT_LIST = "project_list"  # 四川 summary list of projects with codes and amounts
    FINAL_ACCOUNT = "final_account"  # one of the nine 决算 statements
    OTHER = "other"


class TableInfo(BaseModel):
    index: int = Field(description="Table.index")
    kind: TableKind
    title: str | None = Field(default=None, description="Title found above or inside the table")
    statement: int | None = Field(default=None, description="决算 statement number 1–9, for FINAL_ACCOUNT")
    continues: int | None = Field(
        default=None, description="Index of the table this one continues (a statement split over pages)"
    )


class ReportMeta(ReportMetaFields):
    """Report metadata read from titles and headers."""

    prov: dict[str, Provenance] = Field(default_factory=dict)


class DocumentStructure(BaseModel):
    """Output of the structure stage."""

    sections: list[Section] = Field(default_factory=list)
    tables: list[TableInfo] = Field(default_factory=list)
    meta: ReportMeta = Field(default_factory=ReportMeta)
    warnings: list[str] = Field(default_factory=list)


class TablesResult(TableRecords):
    """Output of the deterministic table stage (and the rule-read figures of the 决算 narrative)."""

    findings: list[Finding] = Field(default_factory=list, description="e.g. copies of a table that disagree")
    reads: list[TableRead] = Field(default_factory=list, description="Each form part as read (coverage)")
    forms_found: int = Field(default=0, description="Self-evaluation forms found (copies counted)")
    forms_read: int = Field(default=0, description="Forms that gave indicators or fund rows")
    empty_forms: list[str] = Field(
        default_factory=list, description="Forms found that gave no indicator (where they are, what they are)"
    )
    warnings: list[str] = Field(default_factory=list)


class NarrativeResult(BaseModel):
    """Output of the narrative stage."""

    goals: list[GoalItem] = Field(default_factory=list)
    problems: list[ProblemItem] = Field(default_factory=list)
    measures: list[MeasureItem] = Field(default_factory=list)
    statuses: list[NarrativeStatus] = Field(default_factory=list)
    ledger: list[LedgerEntry] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    def add_items(self, items: Iterable[GoalItem | ProblemItem | MeasureItem]) -> None:
        """File each item under its list (goals, problems or measures), in the order given."""
        for item in items:
            if isinstance(item, GoalItem):
                self.goals.append(item)
            elif isinstance(item, ProblemItem):
                self.problems.append(item)
            else:
                self.measures.append(item)
