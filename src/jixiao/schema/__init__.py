"""Pydantic models: the contract between stages. Imports pydantic and the stdlib only."""

from jixiao.schema.config import LLMOptions
from jixiao.schema.config import PipelineConfig
from jixiao.schema.coverage import ColumnMapping
from jixiao.schema.coverage import Coverage
from jixiao.schema.coverage import DocumentStatus
from jixiao.schema.coverage import MatchMethod
from jixiao.schema.coverage import TableRead
from jixiao.schema.document import BBox
from jixiao.schema.document import Block
from jixiao.schema.document import Cell
from jixiao.schema.document import DocFormat
from jixiao.schema.document import Document
from jixiao.schema.document import NoiseMark
from jixiao.schema.document import PageTextLayer
from jixiao.schema.document import Paragraph
from jixiao.schema.document import Provenance
from jixiao.schema.document import Span
from jixiao.schema.document import Table
from jixiao.schema.narrative import GoalDraft
from jixiao.schema.narrative import GoalItem
from jixiao.schema.narrative import GoalList
from jixiao.schema.narrative import Grounding
from jixiao.schema.narrative import GroundingStatus
from jixiao.schema.narrative import HeaderField
from jixiao.schema.narrative import HeaderFieldDraft
from jixiao.schema.narrative import HeaderMapList
from jixiao.schema.narrative import MeasureDraft
from jixiao.schema.narrative import MeasureItem
from jixiao.schema.narrative import MeasureList
from jixiao.schema.narrative import NarrativeStatus
from jixiao.schema.narrative import ProblemCategory
from jixiao.schema.narrative import ProblemDraft
from jixiao.schema.narrative import ProblemItem
from jixiao.schema.narrative import ProblemList
from jixiao.schema.report import SCHEMA_VERSION
from jixiao.schema.report import BasicDataLine
from jixiao.schema.report import FinalAccountFigure
from jixiao.schema.report import FinalAccountLine
from jixiao.schema.report import Finding
from jixiao.schema.report import FundRow
from jixiao.schema.report import LedgerEntry
from jixiao.schema.report import PerformanceIndicator
from jixiao.schema.report import Report
from jixiao.schema.report import RunInfo
from jixiao.schema.report import Section
from jixiao.schema.report import SectionKey
from jixiao.schema.report import SelfEvalTable
from jixiao.schema.report import SourceInfo
from jixiao.schema.report import Staffing
from jixiao.schema.report import TableGoal
from jixiao.schema.report import ThreePublic
from jixiao.schema.stages import DocumentStructure
from jixiao.schema.stages import NarrativeResult
from jixiao.schema.stages import ReportMeta
from jixiao.schema.stages import TableInfo
from jixiao.schema.stages import TableKind
from jixiao.schema.stages import TablesResult
from jixiao.schema.values import L1
from jixiao.schema.values import L2
from jixiao.schema.values import Amount
from jixiao.schema.values import DocKind
from jixiao.schema.values import Level
from jixiao.schema.values import Op
from jixiao.schema.values import Template
from jixiao.schema.values import Value

__all__ = [
    "L1",
    "L2",
    "SCHEMA_VERSION",
    "Amount",
    "BBox",
    "BasicDataLine",
    "Block",
    "Cell",
    "ColumnMapping",
    "Coverage",
    "DocFormat",
    "DocKind",
    "Document",
    "DocumentStatus",
    "DocumentStructure",
    "FinalAccountFigure",
    "FinalAccountLine",
    "Finding",
    "FundRow",
    "GoalDraft",
    "GoalItem",
    "GoalList",
    "Grounding",
    "GroundingStatus",
    "HeaderField",
    "HeaderFieldDraft",
    "HeaderMapList",
    "LLMOptions",
    "LedgerEntry",
    "Level",
    "MatchMethod",
    "MeasureDraft",
    "MeasureItem",
    "MeasureList",
    "NarrativeResult",
    "NarrativeStatus",
    "NoiseMark",
    "Op",
    "PageTextLayer",
    "Paragraph",
    "PerformanceIndicator",
    "PipelineConfig",
    "ProblemCategory",
    "ProblemDraft",
    "ProblemItem",
    "ProblemList",
    "Provenance",
    "Report",
    "ReportMeta",
    "RunInfo",
    "Section",
    "SectionKey",
    "SelfEvalTable",
    "SourceInfo",
    "Span",
    "Staffing",
    "Table",
    "TableGoal",
    "TableInfo",
    "TableKind",
    "TableRead",
    "TablesResult",
    "Template",
    "ThreePublic",
    "Value",
]
