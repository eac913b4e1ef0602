"""The self-evaluation forms (自评表): tables, their fund rows, goal cells and indicators, and indicator values."""

from __future__ import annotations

from typing import Any

from jixiao.fields.record import Export
from jixiao.fields.record import Scored
from jixiao.fields.record import Shown
from jixiao.fields.record import record
from jixiao.fields.spec import ALWAYS
from jixiao.fields.spec import IDENTITY
from jixiao.fields.spec import OPTIONAL
from jixiao.fields.spec import Column
from jixiao.fields.spec import Compare
from jixiao.fields.spec import Review
from jixiao.fields.spec import field
from jixiao.fields.spec import stored
from jixiao.fields.spec import text_or_none
from jixiao.schema import FundRow
from jixiao.schema import PerformanceIndicator
from jixiao.schema import SelfEvalTable
from jixiao.schema import TableGoal
from jixiao.schema import Value

TABLE_KEY = Compare(
    "table",
    None,
    type=str,
    required=True,
    rank=-9,
    description="'dept' for the department table, else the project's code or name",
)


def _fund_name(row: FundRow) -> str:
    return f"{row.breakdown + ' ' if row.breakdown else ''}{row.label_raw}"


def _indicator_name(ind: PerformanceIndicator) -> str:
    return ind.name or ind.content or f"({ind.level2_raw})"


def _table_name(table: SelfEvalTable) -> str:
    return table.project_name or table.project_code or table.title or table.scope


def _text_of(name: str) -> Any:
    """Item → the text of ``name``, None when blank."""
    return lambda item: text_or_none(getattr(item, name))


def _cell(name: str) -> tuple[Compare, ...]:
    """A value cell (指标值/完成值) in the answers: its text, and its reading scored part by part."""
    raw = Compare(f"{name}_raw", "text", lambda item: text_or_none(getattr(item, name).raw), str, rank=3)
    return raw, Compare(name, None, rank=4, nested="Value")


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
    field("status", "状态", export=True, compare="exact"),
    field("pct_done", "完成百分比", compare="number"),
    field("is_placeholder", "未填写", export="placeholder", compare="exact"),
    *stored(scale="定性等级序列", text="其余文字", prov="出处"),
)

FUND_ROW = record(
    FundRow,
    "资金",
    "tables/funds",
    field(
        "label_raw",
        "项目",
        export="label",
        compare="label",
        answer="label",
        required=True,
        review=IDENTITY,
        vocab="fund.label",
    ),
    field("category", "类别", export=True, compare="exact", answer_type=str, required=True, review=ALWAYS),
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
    *stored(prov="出处"),
    export=Export("funds", "资金", scope=True),
    scored=Scored("funds", keys=(TABLE_KEY,), blank=True),
    shown=Shown("table", "资金", "funds", _fund_name),
)

INDICATOR = record(
    PerformanceIndicator,
    "绩效指标",
    "tables/indicators",
    # Evaluation lists (rank) the levels' readings, then their text, the names, the value cells' text before
    # their readings, then the numbers: mismatch lines go from what a row is to what it says.
    field("level1", "一级指标", export=True, compare="exact", review=ALWAYS, vocab="indicator.level1"),
    field(
        "level1_raw", "一级指标（原文）", export=True, compare="level", read=_text_of("level1_raw"), rank=1
    ),
    field("level2", "二级指标", export=True, compare="exact", review=ALWAYS, vocab="indicator.level2"),
    field(
        "level2_raw", "二级指标（原文）", export=True, compare="level", read=_text_of("level2_raw"), rank=1
    ),
    field(
        "name",
        "三级指标",
        export=True,
        compare="label",
        required=True,
        rank=2,
        review=IDENTITY,
        vocab="indicator.name",
    ),
    field(
        "content",
        "目标内容",
        export=True,
        compare="label",
        read=_text_of("content"),
        rank=2,
        vocab="indicator.content",
    ),
    field("nature", "指标性质", export=True, vocab="indicator.nature"),
    field("target", "指标值", export=True, compare=_cell("target"), review=ALWAYS, vocab="indicator.target"),
    field("actual", "完成值", export=True, compare=_cell("actual"), review=ALWAYS, vocab="indicator.actual"),
    field("weight", "分值", export=True, compare="number", rank=5, review=ALWAYS, vocab="indicator.weight"),
    field("score", "得分", export=True, compare="number", rank=5, review=ALWAYS, vocab="indicator.score"),
    field(
        "deviation_reason",
        "偏差原因",
        export=True,
        compare="fuzzy",
        read=_text_of("deviation_reason"),
        rank=5,
        review=OPTIONAL,
        vocab="indicator.reason",
    ),
    field("unit_raw", "度量单位", vocab="indicator.unit"),
    field("improvement", "改进措施", vocab="indicator.improvement"),
    *stored(level1_cap="一级指标分值", nature_raw="指标性质（原文）", prov="出处", cells="各列出处"),
    export=Export("indicators", "绩效指标", scope=True, seq=True),
    scored=Scored("indicators", keys=(TABLE_KEY,), blank=True),
    shown=Shown("table", "绩效指标", "indicators", _indicator_name),
)

TABLE_GOAL = record(
    TableGoal,
    "年度总体目标",
    "tables/goals",
    field("target_text", "预期目标", compare="fuzzy", answer="text", review=IDENTITY, vocab="goal.target"),
    field("actual_text", "实际完成情况", compare="fuzzy", review=ALWAYS, vocab="goal.actual"),
    *stored(prov="出处", actual_prov="完成情况出处"),
    scored=Scored("goals", also=True),
    shown=Shown("table", "年度总体目标", "table_goals", lambda g: g.target_text),
)

SELF_EVAL_TABLE = record(
    SelfEvalTable,
    "自评表",
    "tables",
    field("scope", "范围", export=True),
    field("project_code", "项目编码", export=True, compare="text", answer="code", review=OPTIONAL),
    # The review app lists the name first: it is what a reviewer knows a project by.
    field(
        "project_name",
        "项目名称",
        export=True,
        compare="label",
        answer="name",
        review=Review(always=False, rank=-1),
        vocab="identity.project_name",
    ),
    field(
        "project_category", "项目类别", export="category", compare="exact", answer="category", review=OPTIONAL
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
    field(
        "indicators",
        "绩效指标",
        export=(Column("indicators", "指标数", "int", lambda t: len(t.indicators)),),
        compare="exact",
        answer="indicator_count",
        read=lambda t: len(t.indicators),
        answer_type=int,
        rank=1,
    ),
    field(
        "total_weight_reported",
        "总分值",
        export="total_weight",
        compare="number",
        answer="total_weight",
        review=OPTIONAL,
    ),
    field(
        "total_score_reported",
        "总得分",
        export="total_score",
        compare="number",
        answer="total_score",
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
    field("renderings", "副本数", export=True, compare="exact"),
    *stored(
        title="标题",
        funds="资金",
        goals="年度总体目标",
        fill_date_raw="填报日期（原文）",
        fund_fields="资金部分的列",
        indicator_fields="指标部分的列",
        indicator_points="指标部分分值",
        prov="出处",
    ),
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
