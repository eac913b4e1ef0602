"""Fund parts laid out the ways published forms lay them out, each as a real DOCX read through the pipeline.

Labels and amounts side by side (the 区域绩效目标自评表 of central transfers: ``预算数： | 2.38 | 执行数： | 2.38``),
amounts written with their unit, a two-row header with numbered formula columns, a level of government before
a fund word, and a part that ends where another part's header begins.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.schema import L1
from jixiao.schema import Amount
from jixiao.schema import SelfEvalTable
from tests.tables.docx_forms import CellSpec
from tests.tables.docx_forms import only_form
from tests.tables.docx_forms import read_form
from tests.tables.docx_forms import table

D = Decimal


def _wan(a: Amount | None) -> Decimal | None:
    return a.wan if a is not None else None


def _funds(form: SelfEvalTable) -> list[tuple[str, str | None, Decimal | None, Decimal | None]]:
    return [(f.label_raw, f.category, _wan(f.budget), _wan(f.executed)) for f in form.funds]


INDICATORS = [
    ["年度绩效指标完成情况", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成指标值", "得分"],
    ["年度绩效指标完成情况", "产出指标", "数量指标", "培训人次", "≥100人次", "120人次", "50"],
]


def test_labels_and_amounts_side_by_side(tmp_path: Path) -> None:
    rows: list[list[str | CellSpec | None]] = [
        ["专项名称", "食品监管补助资金", "", "", "", ""],
        ["中央主管部门", "市场监管总局", "自评得分", "100", "", ""],
        [CellSpec("预算执行情况", row_span=3), "预算数：", "2.38", "执行数：", "2.30", "20"],
        [None, "其中：中央补助", "2.38 万元", "其中：中央补助", "2.30万元", ""],
        [None, "地方资金", "万元", "地方资金", "万元", ""],
        *INDICATORS,
    ]
    report = read_form(tmp_path, "食品监管补助资金区域绩效目标自评表", table(rows))
    form = only_form(report)
    assert _funds(form) == [
        ("预算执行情况", "总额", D("2.38"), D("2.30")),
        ("其中：中央补助", "财政资金", D("2.38"), D("2.30")),
        ("地方资金", "财政资金", None, None),
    ]
    total = form.funds[0]
    assert total.budget is not None and total.budget.prov is not None
    assert (total.budget.prov.row, total.budget.prov.col) == (2, 2)  # the cell beside 预算数：
    read = next(r for r in report.coverage.reads if r.part == "funds")
    notes = {m.header: (m.field, m.note) for m in read.columns}
    assert notes["预算数："] == ("budget", "label of the amounts beside it")
    assert notes["2.38"] == ("budget", "amounts beside 预算数：")
    # The unlabelled 20 after the amounts is data no header names: said, not dropped.
    assert any("'20' not mapped" in r for r in report.coverage.reasons), report.coverage.reasons


COLUMNS = [
    "年初部门预算安排金额",
    "历年结余结转",
    "年中调整金额③",
    "小计 ④ = ①+② +③",
    "年度拨付金额",
    "支出实现率(%) ⑥=⑤/④",
]


def test_a_two_row_header_with_numbered_formula_columns(tmp_path: Path) -> None:
    block = CellSpec("财政资金安排和使用情况（万元）", row_span=6)
    rows: list[list[str | CellSpec | None]] = [
        ["部门(单位)名称", "某某市档案馆", "", "", "", "", "", ""],
        [block, "资金结构", "预算安排", "预算安排", "预算安排", "拨付情况", "拨付情况", "结余情况"],
        [None, "", *COLUMNS],
        [None, "财政资金小计", "250", "20", "0", "270", "260", "96%"],
        [None, "①中央及省级财政资金", "", "", "", "", "", ""],
        [None, "②市级财政资金", "250", "20", "0", "270", "260", "96%"],
        [None, "③县（市、区）财政资金", "", "", "", "", "", ""],
        [
            "年度绩效指标完成情况",
            "一级指标",
            "二级指标",
            "三级指标",
            "绩效目标值",
            "实际完成值",
            "指标分值",
            "得分",
        ],
        ["年度绩效指标完成情况", "产出指标", "数量指标", "档案接收卷数", "≥1000卷", "1200卷", "100", "100"],
    ]
    report = read_form(tmp_path, "部门整体支出绩效自评表", table(rows))
    form = only_form(report)
    assert _funds(form) == [
        ("财政资金小计", "财政资金", D(270), D(260)),
        ("①中央及省级财政资金", "财政资金", None, None),
        ("②市级财政资金", "财政资金", D(270), D(260)),
        ("③县（市、区）财政资金", "财政资金", None, None),
    ]
    assert [f.rate_reported for f in form.funds] == [D(96), None, D(96), None]
    # The group row above the column names is not a part of its own, and the columns forms print beside
    # the amounts (carry-over, mid-year change) are known ones, not failures.
    assert report.coverage.status == "ok", report.coverage.reasons
    assert len([r for r in report.coverage.reads if r.part == "funds"]) == 1


def test_the_funds_end_where_a_scoring_blocks_header_begins(tmp_path: Path) -> None:
    rows: list[list[str | CellSpec | None]] = [
        ["项目名称", "办公局域网维护费", "", "", "", ""],
        ["项目资金", "全年预算数", "全年执行数", "执行率", "", ""],
        ["年度资金总额", "5.5", "5.5", "100%", "", ""],
        ["项目权重", "评价内容", "分值", "自评分", "复核分", "评价标准及依据"],
        ["项目决策", "决策依据", "2", "2", "", "有上级文件计2分"],
        ["项目管理", "财务制度", "3", "3", "", "有制度计3分"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "得分"],
        ["产出指标", "数量指标", "维护次数", "12次", "12次", "50"],
    ]
    report = read_form(tmp_path, "项目支出绩效自评表", table(rows))
    form = only_form(report)
    assert _funds(form) == [("年度资金总额", "总额", D("5.5"), D("5.5"))]
    # The scoring block (a level, what is scored, its points) is read as indicators of its own.
    assert [(i.level1, i.name, i.weight, i.score) for i in form.indicators] == [
        (L1.DECISION, "决策依据", D(2), D(2)),
        (L1.PROCESS, "财务制度", D(3), D(3)),
        (L1.OUTPUT, "维护次数", None, D(50)),
    ]


def test_a_numbered_score_sheet_row_is_not_a_fund_header(tmp_path: Path) -> None:
    rows = [
        ["序号", "一级指标", "二级指标", "三级指标", "指标分值", "指标说明及评分标准", "自评得分"],
        ["1", "规划(15分)", "绩效目标(6分)", "年度绩效目标合理性", "4", "设置合理计4分", "4"],
        ["2", "执行(35分)", "预算执行(18分)", "预算执行率", "5", "执行率100%计5分", "5"],
    ]
    report = read_form(tmp_path, "部门整体支出绩效评价自评表", table(rows))  # type: ignore[arg-type]
    form = only_form(report)
    assert form.funds == []
    assert [(i.name, i.weight, i.score) for i in form.indicators] == [
        ("年度绩效目标合理性", D(4), D(4)),
        ("预算执行率", D(5), D(5)),
    ]
    assert not any("funds" in r for r in report.coverage.reasons), report.coverage.reasons


SOURCES = [
    "中央 (万元)",
    "省、地 (万元)",
    "本级 (万元)",
    "其他 (万元)",
    "合计 (万元)",
    "执行数 (万元)",
    "执行率",
]


def test_sources_as_columns(tmp_path: Path) -> None:
    rows: list[list[str | CellSpec | None]] = [
        ["项目名称", "办公局域网维护费", "项目实施单位", "某某公司", "", "", "", ""],
        [CellSpec("项目资金来源", row_span=2), *SOURCES],
        [None, "", "", "5.5", "", "5.5", "5.4", "98%"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", ""],
        ["产出指标", "数量指标", "维护次数", "12次", "12次", "50", "50", ""],
    ]
    report = read_form(tmp_path, "某某县2023年度项目支出绩效自评表", table(rows))
    form = only_form(report)
    assert _funds(form) == [
        ("项目资金来源", "总额", D("5.5"), D("5.4")),
        ("本级 (万元)", "财政资金", D("5.5"), None),
    ]
    assert [(f.breakdown, f.rate_reported) for f in form.funds] == [("总额", D(98)), ("资金来源", None)]
    read = next(r for r in report.coverage.reads if r.part == "funds")
    assert {m.header: m.note for m in read.columns if m.note and "source" in m.note} == {
        "中央 (万元)": "fund source: 财政资金",
        "本级 (万元)": "fund source: 财政资金",
        "其他 (万元)": "fund source: 其他资金",
    }
    assert not [r for r in report.coverage.reasons if "funds" in r], report.coverage.reasons


def test_a_damaged_amount_or_weight_is_said(tmp_path: Path) -> None:
    rows = [
        ["项目资金", "年初预算数", "全年预算数", "全年执行数", "执行率", "分值", "得分"],
        ["年度资金总额", "32.06.5", "30", "29", "96.7%", "10", "9.67"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "巡护里程", "≥1000公里", "1200公里", "2.0.0", "20"],
    ]
    report = read_form(tmp_path, "项目支出绩效自评表", table(rows))  # type: ignore[arg-type]
    form = only_form(report)
    total = form.funds[0]
    assert (total.initial_budget.raw, total.initial_budget.value) == ("32.06.5", None)  # type: ignore[union-attr]
    assert (form.indicators[0].weight, form.indicators[0].score) == (None, D(20))
    assert report.coverage.status == "partial"
    assert any(r.endswith("row 1: not an amount: 32.06.5") for r in report.coverage.reasons), (
        report.coverage.reasons
    )
    assert any(r.endswith("row 3: weight not a number: 2.0.0") for r in report.coverage.reasons), (
        report.coverage.reasons
    )


def test_a_block_label_written_out_in_every_row(tmp_path: Path) -> None:
    """An unmerged form prints its block label (资金情况) again in each row: each row's own label is the one
    beside it, even one the vocabulary does not know, and a template row (①……) is no fund row."""
    block = "资金情况（万元）"
    rows = [
        ["项目名称", "某项目", "", "", ""],
        [block, "资金来源", "全年预算数", "全年执行数", "执行率"],
        [block, "年度资金总额", "100", "90", "90%"],
        [block, "①市级财政资金", "100", "90", "90%"],
        [block, "②……", "", "", ""],
        [block, "社会捐赠收入", "5", "5", "100%"],
        *INDICATORS,
    ]
    report = read_form(tmp_path, "项目支出绩效自评表", table(rows))
    assert _funds(only_form(report)) == [
        ("年度资金总额", "总额", D(100), D(90)),
        ("①市级财政资金", "财政资金", D(100), D(90)),
        ("社会捐赠收入", None, D(5), D(5)),
    ]
    reasons = " | ".join(report.coverage.reasons)
    assert "社会捐赠收入" in reasons and "②……" not in reasons and block not in reasons
