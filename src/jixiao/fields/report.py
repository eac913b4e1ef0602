"""The report itself, its sections, the narrative items (goals, problems, measures) and the findings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from jixiao.fields.places import self_eval_tables
from jixiao.fields.record import Export
from jixiao.fields.record import RecordDraft
from jixiao.fields.record import Scored
from jixiao.fields.record import Shown
from jixiao.fields.record import record
from jixiao.fields.spec import ALWAYS
from jixiao.fields.spec import IDENTITY
from jixiao.fields.spec import OPTIONAL
from jixiao.fields.spec import Column
from jixiao.fields.spec import Compare
from jixiao.fields.spec import FieldDraft
from jixiao.fields.spec import field
from jixiao.fields.spec import stored
from jixiao.schema import DocKind
from jixiao.schema import Finding
from jixiao.schema import GoalItem
from jixiao.schema import MeasureItem
from jixiao.schema import Op
from jixiao.schema import ProblemItem
from jixiao.schema import Report
from jixiao.schema import Section
from jixiao.schema import Template
from jixiao.schema.narrative import Scope


def _indicators(report: Report) -> int:
    return sum(len(t.indicators) for _, t in self_eval_tables(report))


REPORT = record(
    Report,
    "报告",
    "",
    field(
        "source",
        "来源文件",
        export=(
            Column("file", "文件", get=lambda r: r.source.name),
            Column("path", "路径", get=lambda r: r.source.path),
            Column("format", "格式", get=lambda r: r.source.format),
            Column("sha256", "SHA-256", get=lambda r: r.source.sha256),
            Column("pages", "页数", "int", lambda r: r.source.pages),
        ),
    ),
    field("title", "标题", export=True),
    field("department", "部门", export=True, compare="text", review=ALWAYS, vocab="identity.dept_name"),
    field("region", "地区", export=True, compare="region", review=OPTIONAL),
    field("level", "级次", export=True, compare="exact", review=OPTIONAL),
    field("fiscal_year", "年度", export=True, compare="exact", review=ALWAYS),
    field("report_date", "报告日期", export=True),
    field(
        "kinds",
        "文件类型",
        export=(Column("kinds", "文件类型", get=lambda r: "、".join(k.value for k in r.kinds)),),
        compare=(Compare("kinds", "set", lambda r: list(r.kinds), list[DocKind], default=list),),
    ),
    field(
        "template",
        "模板",
        export=True,
        compare="exact",
        read=lambda r: None if r.template == Template.UNKNOWN else r.template,
    ),
    field(
        "coverage",
        "读取情况",
        export=(
            Column("status", "读取状态", get=lambda r: r.coverage.status),
            Column("status_reasons", "未完整读取的原因", get=lambda r: "；".join(r.coverage.reasons) or None),
            Column("unmapped_columns", "未识别列数", "int", lambda r: len(r.coverage.unmapped_columns)),
            Column("assumed_units", "单位推定数", "int", lambda r: len(r.coverage.assumed_units)),
        ),
    ),
    field(
        "project_tables",
        "项目自评表",
        export=(
            Column("project_tables", "项目表数", "int", lambda r: len(r.project_tables)),
            Column("indicators", "指标数", "int", _indicators),
        ),
    ),
    field(
        "findings",
        "核查发现",
        export=(
            Column("findings", "问题数", "int", lambda r: len(r.findings)),
            Column("errors", "错误数", "int", lambda r: sum(1 for f in r.findings if f.severity == "error")),
        ),
    ),
    field(
        "run",
        "运行信息",
        export=(
            Column("backend", "解析方式", get=lambda r: r.run.backend if r.run else None),
            Column("model", "模型", get=lambda r: r.run.model if r.run else None),
        ),
    ),
    # The report id is every table's first column; the parts are records of their own.
    *stored(
        schema_version="格式版本",
        id="报告编号",
        meta_prov="基本信息出处",
        sections="章节",
        staffing="人员",
        dept_table="部门整体自评表",
        basic_data="基础数据",
        final_account="决算",
        final_account_figures="决算说明数字",
        three_public="三公经费",
        goals="年度目标",
        problems="存在问题",
        measures="改进措施",
        narrative_status="叙述部分解读情况",
        warnings="警告",
    ),
    export=Export("reports", "报告", prov=None, primary_key=("report_id",)),
    scored=Scored("metadata"),
    shown=Shown("metadata", "基本信息", "metadata", lambda _r: "report"),
)

SECTION = record(
    Section,
    "章节",
    "sections",
    field("key", "规范章节", export=True, compare="exact"),
    field("number_raw", "编号", export=True, compare="text"),
    field("depth", "层级", export=True, compare="exact"),
    field("title", "标题", export=True, compare="text", required=True, rank=-1),
    field("body", "正文", export=(Column("body_chars", "正文字数", "int", lambda s: len(s.body)),)),
    *stored(
        ordinal="编号数值",
        title_raw="标题行",
        span="标题位置",
        body_span="正文位置",
        body_start="正文起点",
        block_range="块范围",
        prov="出处",
        children="下级章节",
    ),
    export=Export("sections", "章节", seq=True, primary_key=("report_id", "seq")),
    scored=Scored("sections"),
)


def _narrative(
    model: type[GoalItem | ProblemItem | MeasureItem],
    label: str,
    group: str,
    text: str,
    *own: FieldDraft,
    scope: FieldDraft | None = None,
    keys: tuple[Compare, ...] = (),
) -> RecordDraft:
    """A narrative item's record: the fields every item has (where it was read, its text and its grounding)
    around its own; exported, scored and shown under the record's group, named by its text."""
    return record(
        model,
        label,
        group,
        scope or field("scope", "范围", export=True),
        field("project_code", "项目编码", export=True),
        field("seq", "序号", export=True),
        field("text", text, export=True, compare="fuzzy", required=True, review=IDENTITY),
        *own,
        field(
            "grounding", "定位", export=(Column("grounding", "定位", get=lambda i: i.grounding.status.value),)
        ),
        *stored(project_name="项目名称", section_key="章节", evidence="引文", prov="出处"),
        export=Export(group, label),
        scored=Scored(group, keys=keys),
        shown=Shown("narrative", label, group, lambda i: i.text),
    )


def _goal_target(part: str, none: Any = None) -> Any:
    """Goal → a part of the quantity it states (None without one; ``none`` is what an absent part reads as)."""
    return lambda g: None if g.target is None or getattr(g.target, part) == none else getattr(g.target, part)


GOAL = _narrative(
    GoalItem,
    "年度目标",
    "goals",
    "目标",
    field(
        "target",
        "目标值",
        export=True,
        compare=(
            Compare("op", "exact", _goal_target("op", Op.NONE), Op),
            Compare("quantity", "number", _goal_target("num"), Decimal),
            Compare("unit", "unit", _goal_target("unit"), str),
        ),
        review=OPTIONAL,
    ),
    field("deadline", "时限", export=True, compare="text", review=OPTIONAL),
    field("actual_text", "完成情况", export=True, compare="fuzzy", review=OPTIONAL),
    scope=field(
        "scope",
        "范围",
        export=True,
        compare=(Compare("scope", None, type=Scope, default="部门整体", rank=-9),),
    ),
    keys=(Compare("project", None, type=str, rank=-8, description="Project code or name for project goals"),),
)

PROBLEM = _narrative(
    ProblemItem,
    "存在问题",
    "problems",
    "问题",
    field("cause", "原因", export=True, compare="fuzzy", review=OPTIONAL),
    field("category", "类别", export=True, compare="exact", review=ALWAYS),
    field(
        "figures",
        "涉及数字",
        export=(Column("figures", "涉及数字", get=lambda p: "；".join(a.raw for a in p.figures)),),
    ),
    *stored(figure_pcts="涉及百分比"),
)

MEASURE = _narrative(
    MeasureItem,
    "改进措施",
    "measures",
    "措施",
    field("category", "类别", export=True, compare="exact", review=ALWAYS),
    field(
        "addresses",
        "对应问题",
        export=(
            Column(
                "addresses", "对应问题", get=lambda m: ",".join(str(a) for a in m.addresses), shows="text"
            ),
        ),
        compare="set",
        review=OPTIONAL,
    ),
)

FINDING = record(
    Finding,
    "核查发现",
    "findings",
    field("check", "核查项", export=True, compare="carried", required=True, rank=-1),
    field("severity", "严重程度", export=True, compare="exact"),
    field("subject", "对象", export=True, compare="carried", rank=-1),
    field("message", "说明", export=True, compare="carried", answer="note"),
    field("expected", "应为", export=True),
    field("actual", "实为", export=True),
    field("refs", "涉及数值", export=(Column("refs", "涉及数值", "int", lambda f: len(f.refs)),)),
    export=Export(
        "findings",
        "核查发现",
        seq=True,
        prov=lambda f: f.refs[0] if f.refs else None,
        primary_key=("report_id", "seq"),
    ),
    scored=Scored("findings"),
)
