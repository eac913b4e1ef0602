"""基础数据表, 决算 lines and figures, 三公 and staffing."""

from __future__ import annotations

from jixiao.fields.record import Export
from jixiao.fields.record import Scored
from jixiao.fields.record import Shown
from jixiao.fields.record import record
from jixiao.fields.spec import ALWAYS
from jixiao.fields.spec import IDENTITY
from jixiao.fields.spec import OPTIONAL
from jixiao.fields.spec import field
from jixiao.fields.spec import stored
from jixiao.schema import BasicDataLine
from jixiao.schema import FinalAccountFigure
from jixiao.schema import FinalAccountLine
from jixiao.schema import Staffing
from jixiao.schema import ThreePublic


def _final_account_name(line: FinalAccountLine) -> str:
    code = line.func_code or line.econ_code
    return f"表{line.table} {code + ' ' if code else ''}{line.name}"


STAFFING = record(
    Staffing,
    "人员",
    "staffing",
    field("quota", "编制数", review=OPTIONAL),
    field("actual", "实有人数", review=OPTIONAL),
    *stored(retired="退休人数", control_rate="在职人员控制率", year_label="列标题中的年度", prov="出处"),
    shown=Shown("metadata", "人员", "staffing", lambda _s: "人员"),
)

BASIC_DATA_LINE = record(
    BasicDataLine,
    "基础数据",
    "basic_data",
    field("group", "类别", export=True, compare="text", answer_type=str, required=True),
    field("label", "项目", export=True, compare="label", required=True, review=IDENTITY),
    field("label_raw", "项目（原文）", export=True),
    field("prior_final", "上年决算数", export=True, compare="amount", review=OPTIONAL),
    field("budget", "本年预算数", export=True, compare="amount", review=ALWAYS),
    field("final", "本年决算数", export=True, compare="amount", review=ALWAYS),
    *stored(prov="出处"),
    export=Export("basic_data", "基础数据"),
    scored=Scored("basic_data"),
    shown=Shown("final", "基础数据表", "basic_data", lambda b: f"[{b.group}] {b.label}"),
)

FINAL_ACCOUNT_LINE = record(
    FinalAccountLine,
    "决算",
    "final_account",
    field("table", "报表", export="statement", compare="carried", required=True, rank=-9),
    field("table_title", "报表名称", export="statement_title"),
    field("func_code", "功能分类编码", export=True, compare="text", review=OPTIONAL),
    field("econ_code", "经济分类编码", export=True, compare="text"),
    field("level", "级次", export=True, compare="exact"),
    field("name", "科目名称", export=True, compare="label", required=True, rank=-1, review=IDENTITY),
    field("lei", "类", export=True),
    field("kuan", "款", export=True),
    field("xiang", "项", export=True),
    field("budget", "预算数", export=True, compare="amount", review=OPTIONAL, vocab="statement.budget"),
    field("final", "决算数", export=True, compare="amount", review=ALWAYS, vocab="statement.final"),
    field("basic", "基本支出", export=True, compare="amount", review=OPTIONAL, vocab="statement.basic"),
    field("project", "项目支出", export=True, compare="amount", review=OPTIONAL, vocab="statement.project"),
    field("completion_rate", "完成预算", export=True, unit="%"),
    field("source", "来源", export=True, compare="exact"),
    *stored(columns="各金额列", share="占比", prov="出处"),
    export=Export("final_account", "决算"),
    scored=Scored("final_account"),
    shown=Shown("final", "决算科目", "final_account", _final_account_name),
)

FINAL_ACCOUNT_FIGURE = record(
    FinalAccountFigure,
    "决算说明数字",
    "final_account_figures",
    field("amount", "金额", review=IDENTITY),
    *stored(key="键", label="名称", kind="类型", share="占比", prov="出处"),
    shown=Shown("final", "决算说明数字", "final_account_figures", lambda f: f.label),
)

THREE_PUBLIC = record(
    ThreePublic,
    "三公经费",
    "three_public",
    field("budget", "预算", review=OPTIONAL),
    field("final", "决算", review=OPTIONAL),
    field("outbound", "因公出国（境）费", review=OPTIONAL),
    field("vehicle_purchase", "公务用车购置费", review=OPTIONAL),
    field("vehicle_ops", "公务用车运行维护费", review=OPTIONAL),
    field("vehicle_total", "公务用车购置及运行维护费", review=OPTIONAL),
    field("reception", "公务接待费", review=OPTIONAL),
    *stored(reception_batches="公务接待批次", reception_persons="公务接待人次", source="来源", prov="出处"),
    shown=Shown("final", "三公经费", "three_public", lambda _t: "三公经费"),
)
