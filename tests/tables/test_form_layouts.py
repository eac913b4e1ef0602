"""Layouts of published forms beyond the golden ones, each as a real DOCX read through the pipeline.

Two indicator blocks in one form, a flat list without 一级/二级, a form without a 分值 column, units from a
caption (元, 千元) or from nowhere (assumed, and said so), template rows nobody filled, fund rows and columns
nobody listed (kept or named in the coverage record), and a form recognised by what its rows hold.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.pipeline import Pipeline
from jixiao.schema import L1
from tests.ingest.pdfgen import PdfSpec
from tests.tables.docx_forms import only_form
from tests.tables.docx_forms import read_form
from tests.tables.docx_forms import table

D = Decimal


FUNDS = [
    ["项目资金", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["", "年度资金总额", "120", "100", "95", "10", "95%", "9.5"],
    ["", "其中：当年财政拨款", "120", "100", "95", "", "", ""],
]


def test_two_indicator_blocks_with_their_own_column_orders(tmp_path: Path) -> None:
    rows = [
        ["项目名称", "培训项目"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "培训人数", "≥100人", "120人", "30", "30"],
        ["产出指标", "质量指标", "合格率", "≥90%", "95%", "20", "20"],
        ["一级指标", "二级指标", "指标名称", "分值", "目标值", "完成值", "自评得分"],
        ["效益指标", "社会效益指标", "就业率", "30", "≥80%", "85%", "28"],
        ["满意度指标", "服务对象满意度指标", "学员满意度", "10", "≥90%", "96%", "10"],
    ]
    form = only_form(read_form(tmp_path, "项目支出绩效自评表", table(rows)))
    got = [(i.name, i.target.num, i.actual.num, i.weight, i.score, i.level1) for i in form.indicators]
    assert got == [
        ("培训人数", D(100), D(120), D(30), D(30), L1.OUTPUT),
        ("合格率", D(90), D(95), D(20), D(20), L1.OUTPUT),
        ("就业率", D(80), D(85), D(30), D(28), L1.BENEFIT),
        ("学员满意度", D(90), D(96), D(10), D(10), L1.SATISFACTION),
    ]


def test_a_flat_list_without_levels(tmp_path: Path) -> None:
    rows = [
        ["部门名称", "某某县统计局"],
        ["指标名称", "计量单位", "年初指标值", "全年完成值", "指标权重(分)", "指标得分(分)"],
        ["数据上报及时率", "%", "100", "100", "20", "20"],
        ["统计调查任务完成数", "项", "12", "11", "20", "18"],
    ]
    report = read_form(tmp_path, "部门整体绩效自评表", table(rows))
    form = only_form(report)
    assert [
        (i.name, i.level1, i.target.num, i.target.unit, i.actual.num, i.weight, i.score)
        for i in form.indicators
    ] == [
        ("数据上报及时率", None, D(100), "%", D(100), D(20), D(20)),
        ("统计调查任务完成数", None, D(12), "项", D(11), D(20), D(18)),
    ]
    assert report.coverage.status == "ok", report.coverage.reasons


def test_a_form_without_a_weight_column_reads_its_total_as_the_score(tmp_path: Path) -> None:
    rows = [
        ["项目名称", "土壤改良项目"],
        ["预算执行情况(万元)(20分)", "预算数(A)", "执行数(B)", "执行率(B/A)", "得分(20分*执行率)"],
        ["年度财政资金总额", "278.4449", "30.00", "10.77%", "2.16"],
        ["一级指标", "二级指标", "三级指标", "年初目标值(A)", "实际完成值(B)", "得分"],
        ["产出指标(40分)", "数量指标", "示范区面积", "≧20000亩", "20000亩", "40"],
        ["效益指标(40分)", "社会效益指标", "受益农户数", "5000户", "5000户", "38"],
        ["总分", "", "", "", "", "80.16"],
    ]
    form = only_form(read_form(tmp_path, "项目支出绩效自评表", table(rows)))
    total = form.funds[0]
    assert (total.category, total.budget.wan if total.budget else None, total.weight, total.score) == (
        "总额",
        D("278.4449"),
        D(20),
        D("2.16"),
    )
    assert [(i.weight, i.score, i.level1_cap) for i in form.indicators] == [
        (None, D(40), D(40)),
        (None, D(38), D(40)),
    ]
    assert (form.total_weight_reported, form.total_score_reported) == (None, D("80.16"))
    assert "weight" not in form.indicator_fields


def test_amounts_in_yuan_from_the_caption(tmp_path: Path) -> None:
    funds = [row[:] for row in FUNDS]
    funds[1][2:5] = ["1,200,000.00", "1,000,000.00", "950,000.00"]
    funds[2][2:5] = ["1,200,000.00", "1,000,000.00", "950,000.00"]
    report = read_form(tmp_path, "项目支出绩效自评表", "单位：元", table([["项目名称", "某项目"], *funds]))
    total = only_form(report).funds[0]
    assert [
        (a.value, a.unit, a.wan, a.unit_source)
        for a in (total.initial_budget, total.budget, total.executed)
        if a
    ] == [
        (D("1200000.00"), "元", D(120), "caption"),
        (D("1000000.00"), "元", D(100), "caption"),
        (D("950000.00"), "元", D(95), "caption"),
    ]
    assert report.coverage.assumed_units == []


def test_amounts_in_thousands_from_the_header(tmp_path: Path) -> None:
    funds = [row[:] for row in FUNDS]
    funds[0][0] = "项目资金（千元）"
    funds[1][2:5] = ["1200", "1000", "950"]
    total = only_form(read_form(tmp_path, table([["项目名称", "某项目"], *funds]))).funds[0]
    assert (total.budget.unit, total.budget.wan, total.budget.unit_source) == ("千元", D(100), "header")  # type: ignore[union-attr]


def test_an_assumed_unit_is_said(tmp_path: Path) -> None:
    report = read_form(tmp_path, "项目支出绩效自评表", table([["项目名称", "某项目"], *FUNDS]))
    total = only_form(report).funds[0]
    assert (total.budget.unit, total.budget.unit_source) == ("万元", "assumed")  # type: ignore[union-attr]
    assert len(report.coverage.assumed_units) == 1 and "万元" in report.coverage.assumed_units[0]


def test_template_rows_nobody_filled_are_not_indicators(tmp_path: Path) -> None:
    rows = [
        ["项目名称", "某项目"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "培训人数", "≥100人", "120人", "50", "50"],
        ["产出指标", "数量指标", "指标2：", "", "", "", ""],
        ["产出指标", "数量指标", "……", "", "", "", ""],
    ]
    form = only_form(read_form(tmp_path, table(rows)))
    assert [i.name for i in form.indicators] == ["培训人数"]


def test_rows_and_columns_nobody_listed_are_kept_or_named(tmp_path: Path) -> None:
    funds = [row[:] for row in FUNDS]
    funds.append(["", "社会捐赠收入", "20", "20", "20", "", "100%", ""])
    indicators = [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "完成情况说明"],
        ["产出指标", "数量指标", "培训人数", "≥100人", "120人", "50", "50", "超额完成"],
    ]
    report = read_form(tmp_path, "项目支出绩效自评表", table([["项目名称", "某项目"], *funds, *indicators]))
    form = only_form(report)
    odd = form.funds[-1]
    assert (odd.label_raw, odd.category, odd.budget.wan if odd.budget else None) == (
        "社会捐赠收入",
        None,
        D(20),
    )
    assert report.coverage.status == "partial"
    reasons = " | ".join(report.coverage.reasons)
    assert "社会捐赠收入" in reasons and "完成情况说明" in reasons


def test_a_table_is_a_form_by_what_its_rows_hold(tmp_path: Path) -> None:
    """No header names the columns the usual way and no title says 自评表: the level words and values say it."""
    rows = [
        ["类别", "方面", "考核内容", "计划", "实际", "标准分", "评定分"],
        ["产出指标", "数量指标", "举办培训班", "≥10期", "12期", "40", "40"],
        ["产出指标", "时效指标", "按时完成率", "100%", "100%", "20", "20"],
        ["效益指标", "社会效益指标", "群众知晓率", "≥85%", "90%", "30", "30"],
    ]
    report = read_form(tmp_path, "附件", table(rows))
    tables = [t for t in (report.dept_table, *report.project_tables) if t is not None]
    assert len(tables) == 1
    got = [(i.name, i.target.num, i.actual.num, i.weight, i.score) for i in tables[0].indicators]
    assert got == [
        ("举办培训班", D(10), D(12), D(40), D(40)),
        ("按时完成率", D(100), D(100), D(20), D(20)),
        ("群众知晓率", D(85), D(90), D(30), D(30)),
    ]


def test_rows_of_sums_without_a_label_are_not_indicators(tmp_path: Path) -> None:
    rows = [
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["", "", "", "", "", "90.00", "88.00"],  # the block's sums, printed under its header
        ["产出指标", "数量指标", "培训人数", "≥100人", "120人", "45", "45"],
        ["产出指标", "质量指标", "合格率", "≥90%", "88%", "45", "43"],
        ["", "", "", "", "", "90", "88"],  # and again below the rows they add up
        ["效益指标", "社会效益指标", "就业率", "≥80%", "85%", "10", "10"],
    ]
    form = only_form(read_form(tmp_path, "项目支出绩效自评表", table(rows)))
    assert [(i.name, i.weight, i.score) for i in form.indicators] == [
        ("培训人数", D(45), D(45)),
        ("合格率", D(45), D(43)),
        ("就业率", D(10), D(10)),
    ]


def test_an_outer_label_printed_in_every_row_is_not_unread_text(tmp_path: Path) -> None:
    """An unmerged form writes its merged labels out in every row (绩效指标 down the first column): a row
    with only those and an empty slot under a level reads nothing and loses nothing; a row with a text of
    its own and no value is still named."""
    rows = [
        ["项目名称", "某项目"],
        ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["绩效指标", "产出指标", "数量指标", "培训人数", "≥100人", "120人", "50", "50"],
        ["绩效指标", "产出指标", "质量指标", "", "", "", "", ""],
        ["绩效指标", "效益指标", "社会效益指标", "就业率", "≥80%", "85%", "50", "50"],
    ]
    report = read_form(tmp_path, "项目支出绩效自评表", table(rows))
    assert [i.name for i in only_form(report).indicators] == ["培训人数", "就业率"]
    assert not any("no indicator column filled" in r for r in report.coverage.reasons), (
        report.coverage.reasons
    )
    rows.insert(4, ["另附说明", "产出指标", "质量指标", "", "", "", "", ""])
    (tmp_path / "again").mkdir()
    report = read_form(tmp_path / "again", "项目支出绩效自评表", table(rows))
    assert any("no indicator column filled: 另附说明" in r for r in report.coverage.reasons)


def test_points_spilled_over_by_prose_are_not_read_as_points(tmp_path: Path) -> None:
    """A criteria text that runs into the 分值/得分 columns (a merged cell, a cut row) holds a number, but
    it is not the weight: the points stay unread, and the row says why."""
    rows = [
        ["项目名称", "某项目"],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
        ["产出指标", "数量指标", "培训人数", "≥100人", "120人", "满分6分", "6分"],
        ["产出指标", "数量指标", "宣传场数", "6场", "7场", "本指标满分6分，全部完成得满分", "6"],
    ]
    report = read_form(tmp_path, "项目支出绩效自评表", table(rows))
    got = [(i.name, i.weight, i.score) for i in only_form(report).indicators]
    assert got == [("培训人数", D(6), D(6)), ("宣传场数", None, D(6))]
    assert any("weight not a number: 本指标满分6分" in r for r in report.coverage.reasons)


def test_a_level_label_printed_again_after_a_page_break_is_not_doubled(tmp_path: Path) -> None:
    """A PDF form prints its 一级 label again in the first row of the next page (an unmerged form, or a
    merged cell redrawn after the break): the label stays what it is; the rest of a label cut by the
    break (规划 | （15分）) is still joined to it."""
    xs = [40.0, 180.0, 270.0, 430.0, 490.0, 550.0]
    header = ["一级指标", "二级指标", "三级指标", "分值", "得分"]

    def pdf(first: list[list[str]], second: list[list[str]], across: bool = False) -> Path:
        spec = PdfSpec()
        page = spec.page()
        page.text(40, 60, "部门整体支出绩效自评表", 14)
        page.table(xs, [100.0 + 20 * r for r in range(len(first) + 2)], [header, *first])
        # ``across``: the next page opens with a line written across the whole row
        skip = {(c, 0) for c in range(1, len(xs) - 1)} if across else None
        spec.page().table(xs, [60.0 + 20 * r for r in range(len(second) + 1)], second, skip_v=skip)
        path = tmp_path / f"form{len(list(tmp_path.iterdir()))}.pdf"
        path.write_bytes(spec.to_bytes())
        return path

    def levels(path: Path) -> list[tuple[str, str]]:
        form = only_form(Pipeline().process_file(path).report)
        return [(i.level1_raw, i.name) for i in form.indicators]

    first = [["规划（15分）", "工作计划", "年度工作计划完整性", "3", "3"]]
    again = [
        ["规划（15分）", "绩效目标", "年度绩效目标合理性", "4", "4"],
        ["执行（35分）", "预算执行", "预算执行率", "5", "5"],
    ]
    assert levels(pdf(first, again)) == [
        ("规划（15分）", "年度工作计划完整性"),
        ("规划（15分）", "年度绩效目标合理性"),
        ("执行（35分）", "预算执行率"),
    ]
    # a line in the first column only (a row the form writes in one cell), over ten characters: no label
    line = [["项目年度目标1：完成计划", "", "", "", ""]]
    assert levels(pdf(first, line + again)) == [
        ("规划（15分）", "年度工作计划完整性"),
        ("规划（15分）", "年度绩效目标合理性"),
        ("执行（35分）", "预算执行率"),
    ]
    cut = [["规划", "工作计划", "年度工作计划完整性", "3", "3"]]
    rest = [["（15分）", "绩效目标", "年度绩效目标合理性", "4", "4"], again[1]]
    assert levels(pdf(cut, rest)) == [
        ("规划（15分）", "年度工作计划完整性"),
        ("规划（15分）", "年度绩效目标合理性"),
        ("执行（35分）", "预算执行率"),
    ]
