"""The self-evaluation forms (自评表): tables, their fund rows, goal cells and indicators, and indicator values."""

from __future__ import annotations

from typing import Any

from jixiao.fields.record import Export, Scored, Shown, record
from jixiao.fields.spec import ALWAYS, IDENTITY, OPTIONAL, Column, Compare, Review, field, text_or_none
from jixiao.schema import FundRow, PerformanceIndicator, SelfEvalTable, TableGoal, Value

TABLE_KEY = Compare(
    "table",
    None,
    type=str,
    required=True,
    rank=-9,
    description="'dept' for the department table, else the project's code or name",
)
BLANK = "Fields whose cell is empty (blank, —, －): the tool must leave them None"


def _fund_name(row: FundRow) -> str:
    return f"{row.breakdown + ' ' if row.breakdown else ''}{row.label_raw}"


def _indicator_name(ind: PerformanceIndicator) -> str:
    return ind.name or ind.content or f"({ind.level2_raw})"


def _table_name(table: SelfEvalTable) -> str:
    return table.project_name or table.project_code or table.title or table.scope


def _text_of(name: str) -> Any:
    """Item → the text of ``name``, None when blank."""
    return lambda item: text_or_none(getattr(item, name))


def _cell_text(name: str) -> Any:
    """Item → the text of the value cell ``name``, None when blank."""
    return lambda item: text_or_none(getattr(item, name).raw)


VALUE = record(
    Value,
    "指标值",
    None,
    field("raw", "原文", export=(Column("raw", "（原文）", get=lambda v: v.raw),)),
    field("op", "比较符", export=True, compare="exact"),
    field("num", "数值", export=True, compare="number"),
    field("num_hi", "上限", export=True, compare="number"),
    field("unit", "单位", export=True, compare="unit"),
    field("grade", "等级", export=True, compare="exact"),
    field("scale", "定性等级序列"),
    field("status", "状态", export=True, compare="exact"),
    field("pct_done", "完成百分比", compare="number"),
    field("text", "其余文字"),
    field("is_placeholder", "未填写", export="placeholder", compare="exact"),
    field("prov", "出处"),
)

FUND_ROW = record(
    FundRow,
    "资金",
    "tables/funds",
    field(
        "label_raw",
        "项目",
        export="label",
        compare=(
            Compare(
                "label",
                "label",
                type=str,
                required=True,
                description="Row label as written (without the value written inside it)",
            ),
        ),
        review=IDENTITY,
        vocab="fund.label",
    ),
    field(
        "category",
        "类别",
        export=True,
        compare=(Compare("category", "exact", type=str, required=True),),
        review=ALWAYS,
    ),
    field("breakdown", "口径", export=True, compare="exact"),
    field(
        "initial_budget",
        "年初预算数",
        export=True,
        compare="amount",
        review=OPTIONAL,
        vocab="fund.initial_budget",
    ),
    field("budget", "全年预算数", export=True, compare="amount", review=ALWAYS, vocab="fund.budget"),
    field("executed", "全年执行数", export=True, compare="amount", review=ALWAYS, vocab="fund.executed"),
    field("transfer", "上级转移支付", export=True, compare="amount", review=OPTIONAL, vocab="fund.transfer"),
    field(
        "rate_reported",
        "执行率",
        export=True,
        unit="%",
        compare="number",
        answer="rate",
        review=Review(label="执行率%"),
        vocab="fund.rate",
    ),
    field("rate_raw", "执行率（原文）", export=True),
    field("rate_formula", "执行率口径", export=True, compare="exact"),
    field("weight", "分值", export=True, compare="number", review=OPTIONAL, vocab="fund.weight"),
    field("score", "得分", export=True, compare="number", review=OPTIONAL, vocab="fund.score"),
    field("reason", "原因", export=True, vocab="fund.reason"),
    field("prov", "出处"),
    export=Export("funds", "资金", scope=True),
    scored=Scored("funds", keys=(TABLE_KEY,), blank=True),
    shown=Shown("table", "资金", "funds", _fund_name),
)

INDICATOR = record(
    PerformanceIndicator,
    "绩效指标",
    "tables/indicators",
    # Evaluation lists the readings of the levels, then their text, then the names, then the value cells'
    # text before their readings (rank): mismatch lines go from what a row is to what it says.
    field("level1", "一级指标", export=True, compare="exact", review=ALWAYS, vocab="indicator.level1"),
    field(
        "level1_raw",
        "一级指标（原文）",
        export=True,
        compare=(Compare("level1_raw", "level", _text_of("level1_raw"), str, rank=1),),
    ),
    field("level1_cap", "一级指标分值"),
    field("level2", "二级指标", export=True, compare="exact", review=ALWAYS, vocab="indicator.level2"),
    field(
        "level2_raw",
        "二级指标（原文）",
        export=True,
        compare=(Compare("level2_raw", "level", _text_of("level2_raw"), str, rank=1),),
    ),
    field(
        "name",
        "三级指标",
        export=True,
        compare=(
            Compare(
                "name",
                "label",
                type=str,
                required=True,
                rank=2,
                description="三级指标 as written ('' when the row has none)",
            ),
        ),
        review=IDENTITY,
        vocab="indicator.name",
    ),
    field(
        "content",
        "目标内容",
        export=True,
        compare=(Compare("content", "label", _text_of("content"), str, rank=2),),
        vocab="indicator.content",
    ),
    field("nature", "指标性质", export=True, vocab="indicator.nature"),
    field("nature_raw", "指标性质（原文）"),
    field(
        "target",
        "指标值",
        export=True,
        compare=(
            Compare("target_raw", "text", _cell_text("target"), str, rank=3),
            Compare("target", None, rank=4, nested="Value"),
        ),
        review=ALWAYS,
        vocab="indicator.target",
    ),
    field(
        "actual",
        "完成值",
        export=True,
        compare=(
            Compare("actual_raw", "text", _cell_text("actual"), str, rank=3),
            Compare("actual", None, rank=4, nested="Value"),
        ),
        review=ALWAYS,
        vocab="indicator.actual",
    ),
    field("unit_raw", "度量单位", vocab="indicator.unit"),
    field(
        "weight",
        "分值",
        export=True,
        compare=(Compare("weight", "number", rank=5),),
        review=ALWAYS,
        vocab="indicator.weight",
    ),
    field(
        "score",
        "得分",
        export=True,
        compare=(Compare("score", "number", rank=5),),
        review=ALWAYS,
        vocab="indicator.score",
    ),
    field(
        "deviation_reason",
        "偏差原因",
        export=True,
        compare=(Compare("deviation_reason", "fuzzy", _text_of("deviation_reason"), str, rank=5),),
        review=OPTIONAL,
        vocab="indicator.reason",
    ),
    field("improvement", "改进措施", vocab="indicator.improvement"),
    field("prov", "出处"),
    field("cells", "各列出处"),
    export=Export("indicators", "绩效指标", scope=True, seq=True),
    scored=Scored("indicators", keys=(TABLE_KEY,), blank=True),
    shown=Shown("table", "绩效指标", "indicators", _indicator_name),
)

TABLE_GOAL = record(
    TableGoal,
    "年度总体目标",
    "tables/goals",
    field(
        "target_text", "预期目标", compare=(Compare("text", "fuzzy"),), review=IDENTITY, vocab="goal.target"
    ),
    field("actual_text", "实际完成情况", compare="fuzzy", review=ALWAYS, vocab="goal.actual"),
    field("prov", "出处"),
    field("actual_prov", "完成情况出处"),
    scored=Scored("goals", also=True),
    shown=Shown("table", "年度总体目标", "table_goals", lambda g: g.target_text),
)

SELF_EVAL_TABLE = record(
    SelfEvalTable,
    "自评表",
    "tables",
    field("scope", "范围", export=True),
    field("project_code", "项目编码", export=True, compare=(Compare("code", "text"),), review=OPTIONAL),
    # The review app lists the name first: it is what a reviewer knows a project by.
    field(
        "project_name",
        "项目名称",
        export=True,
        compare=(Compare("name", "label"),),
        review=Review(always=False, rank=-1),
        vocab="identity.project_name",
    ),
    field("title", "标题"),
    field(
        "project_category",
        "项目类别",
        export="category",
        compare=(Compare("category", "exact"),),
        review=OPTIONAL,
    ),
    field(
        "competent_dept",
        "主管部门",
        export=True,
        compare="text",
        review=OPTIONAL,
        vocab="identity.competent_dept",
    ),
    field(
        "implementing_unit",
        "实施单位",
        export=True,
        compare="text",
        review=OPTIONAL,
        vocab="identity.implementing_unit",
    ),
    field("funds", "资金"),
    field("goals", "年度总体目标"),
    field(
        "indicators",
        "绩效指标",
        export=(Column("indicators", "指标数", "int", lambda t: len(t.indicators)),),
        compare=(Compare("indicator_count", "exact", lambda t: len(t.indicators), int, rank=1),),
    ),
    field(
        "total_weight_reported",
        "总分值",
        export="total_weight",
        compare=(Compare("total_weight", "number"),),
        review=OPTIONAL,
    ),
    field(
        "total_score_reported",
        "总得分",
        export="total_score",
        compare=(Compare("total_score", "number"),),
        review=OPTIONAL,
    ),
    field("conclusion", "评价结论", export=True, compare="fuzzy", review=OPTIONAL),
    field("problems_text", "存在问题", export=True, compare="fuzzy"),
    field("measures_text", "改进措施", export=True, compare="fuzzy"),
    field(
        "filled_by",
        "填表人",
        export=(Column("filled_by", "填表人", get=lambda t: t.filled_by, personal=True),),
    ),
    field("phone", "联系电话", export=(Column("phone", "联系电话", get=lambda t: t.phone, personal=True),)),
    field("fill_date", "填报日期", export=True),
    field("fill_date_raw", "填报日期（原文）"),
    field("renderings", "副本数", export=True, compare="exact"),
    field("fund_fields", "资金部分的列"),
    field("indicator_fields", "指标部分的列"),
    field("indicator_points", "指标部分分值"),
    field("prov", "出处"),
    export=Export("project_tables", "自评表"),
    scored=Scored(
        "project_tables",
        keys=(
            Compare(
                "ref",
                None,
                type=str,
                required=True,
                rank=-9,
                description="How funds/indicators refer to it: the code when there is one, else the name",
            ),
        ),
        where="project_tables",
    ),
    shown=Shown("table", "表头", "table", _table_name),
)
