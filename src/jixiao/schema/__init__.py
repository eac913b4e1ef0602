"""Pydantic models: the contract between stages. Imports pydantic and the stdlib only."""

from jixiao.schema.document import (
    BBox,
    Block,
    Cell,
    Document,
    NoiseMark,
    Paragraph,
    Provenance,
    Span,
    Table,
)
from jixiao.schema.narrative import (
    GoalDraft,
    GoalItem,
    GoalList,
    Grounding,
    GroundingStatus,
    MeasureDraft,
    MeasureItem,
    MeasureList,
    NarrativeStatus,
    ProblemCategory,
    ProblemDraft,
    ProblemItem,
    ProblemList,
)
from jixiao.schema.report import (
    SCHEMA_VERSION,
    BasicDataLine,
    FinalAccountFigure,
    FinalAccountLine,
    Finding,
    FundRow,
    LedgerEntry,
    PerformanceIndicator,
    Report,
    RunInfo,
    Section,
    SectionKey,
    SelfEvalTable,
    SourceInfo,
    Staffing,
    TableGoal,
    ThreePublic,
)
from jixiao.schema.config import LLMOptions, PipelineConfig
from jixiao.schema.stages import (
    DocumentStructure,
    NarrativeResult,
    ReportMeta,
    TableInfo,
    TableKind,
    TablesResult,
)
from jixiao.schema.values import L1, L2, Amount, DocKind, Level, Op, Template, Value

__all__ = [
    "DocumentStructure", "LLMOptions", "NarrativeResult", "PipelineConfig", "ReportMeta", "TableInfo",
    "TableKind", "TablesResult",
    "L1", "L2", "SCHEMA_VERSION", "Amount", "BBox", "BasicDataLine", "Block", "Cell", "DocKind", "Document",
    "FinalAccountFigure", "FinalAccountLine", "Finding", "FundRow", "GoalDraft", "GoalItem", "GoalList",
    "Grounding", "GroundingStatus", "LedgerEntry", "Level", "MeasureDraft", "MeasureItem", "MeasureList",
    "NarrativeStatus", "NoiseMark", "Op", "Paragraph", "PerformanceIndicator", "ProblemCategory",
    "ProblemDraft", "ProblemItem", "ProblemList", "Provenance", "Report", "RunInfo", "Section", "SectionKey",
    "SelfEvalTable", "SourceInfo", "Span", "Staffing", "Table", "TableGoal", "Template", "ThreePublic",
    "Value",
]
