"""Figures written in more than one place: staffing, 三公, project tables vs 基础数据表, narrative vs tables."""

from __future__ import annotations

from jixiao.checks import narrative_vs_tables
from jixiao.checks import projects
from jixiao.checks import three_public
from jixiao.schema import Amount
from jixiao.schema import BasicDataLine
from jixiao.schema import FinalAccountLine
from jixiao.schema import Report
from tests.checks.builders import D
from tests.checks.builders import basic_line
from tests.checks.builders import fa_line
from tests.checks.builders import figure
from tests.checks.builders import fund
from tests.checks.builders import report
from tests.checks.builders import section
from tests.checks.builders import staffing
from tests.checks.builders import table
from tests.checks.builders import three_public as tp
from tests.checks.builders import with_amount
from tests.checks.builders import with_row
from tests.checks.seeds import F004
from tests.checks.seeds import t000_jiating
from tests.checks.seeds import t000_yewu
from tests.checks.seeds import t004_fuer
from tests.checks.seeds import t004_xiangcun

F000 = "000_hunan_2024.txt"
PUTUO = "sh_putuo_czj_2024_juesuan.pdf"


def basic_000() -> list[BasicDataLine]:
    """000 附件1 基础数据表, 三公 and 项目支出 lines (上年决算数 / 本年预算数 / 本年决算数), lines 239–290."""
    return [
        basic_line("三公", "三公经费:", "60.05", "60.5", "29.45", 239),
        basic_line("三公", "   1、公务用车购置和维护经费", "25.07", "38.5", "24.89", 244),
        basic_line("三公", "       其中：公车购置", "0", None, None, 249),
        basic_line("三公", "             公车运行维护", "25.07", "38.5", "24.89", 254),
        basic_line("三公", "   2、出国经费", "31.89", "15", "0", 259),
        basic_line("三公", "   3、公务接待", "3.09", "7", "4.65", 264),
        basic_line("项目支出", "项目支出：", None, None, None, 269),
        basic_line("项目支出", "    1、其他运转类", "14.78", "15", "0", 274),
        basic_line("项目支出", "2.业务工作经费", "0", "108.78", "33.07", 279),
        basic_line("项目支出", "3、省级专项资金", "1984.22", "1567", "1206.3", 284),
        basic_line("项目支出", "湖南省妇女儿童事业发展专项", "1984.22", "1567", "1206.3", 289),
        basic_line("项目支出", "4、其他事业发展资金", "173.07", "332.89", "288.89", 294),
    ]


def dept_000():  # type: ignore[no-untyped-def]
    return table(scope="部门整体", funds=[
        fund("总额", "年度资金总额", initial="3918.82", budget="4576.91", executed="4061.53", rate="88.74%", weight="10", score="8.8", line=375),
        fund("基本支出", "其中：基本支出：2193.22", executed="2193.22", breakdown="支出性质", line=388),
        fund("项目支出", "项目支出：1868.31", executed="1868.31", breakdown="支出性质", line=392),
    ])  # fmt: skip


# --- staffing ------------------------------------------------------------------------------------


def test_staffing_mismatch_on_000() -> None:
    # 六(一)1: 编制82人, 2024年末实际68人, 控制率82.93%; 附件1: 82 / 69 / 84.15%.
    figs = [figure("staff_quota", "我会编制人数", "82", None, 175, F000, raw="82人"),
            figure("staff_actual", "2024年末在职人员实际人数", "68", None, 175, F000, raw="68人"),
            figure("staff_control_rate", "在职人员控制率", "82.93", None, 175, F000, raw="82.93%")]  # fmt: skip
    figs = [f.model_copy(update={"kind": "count" if f.key != "staff_control_rate" else "rate"}) for f in figs]
    r = report(staffing=staffing(82, 69, "84.15", "2023", line=225), final_account_figures=figs)
    found = narrative_vs_tables.staffing_mismatch(r)
    assert [(f.severity, f.subject, f.expected, f.actual) for f in found] == [
        ("warn", "在职人员控制率", "实际在职人数 69, 控制率 84.15", "实际在职人数 68人, 控制率 82.93%")
    ]
    assert [p.line for p in found[0].refs] == [175, 225]


def test_staffing_control_rate_follows_from_the_counts() -> None:
    assert (
        narrative_vs_tables.staffing_mismatch(report(staffing=staffing(82, 69, "84.15", None, line=225)))
        == []
    )
    found = narrative_vs_tables.staffing_mismatch(report(staffing=staffing(82, 69, "84.51", None, line=225)))
    assert [(f.severity, f.expected, f.actual) for f in found] == [("error", "84.15%", "84.51%")]


# --- 三公 ----------------------------------------------------------------------------------------


def test_three_public_components_on_000_basic_data() -> None:
    # 本年决算数: 公务用车 24.89 + 出国 0 + 接待 4.65 = 29.54, written 29.45; the other columns add up.
    found = three_public.three_public_components(report(basic_data=basic_000()))
    assert [(f.severity, f.subject, f.expected, f.actual) for f in found] == [
        ("error", "三公经费", "29.54", "29.45")
    ]
    assert 239 in [p.line for p in found[0].refs]


def test_three_public_components_silent_on_004_final_account() -> None:
    # 004 七: 1.53 = 出国 0 + 公务用车购置及运行维护 0.91 (购置 0 + 运行维护 0.91) + 接待 0.62.
    t = tp(
        final="1.53",
        outbound="0",
        vehicle_total="0.91",
        vehicle_purchase="0",
        vehicle_ops="0.91",
        reception="0.62",
        file=F004,
        line=70,
    )
    assert three_public.three_public_components(report(file=F004, fiscal_year=2022, three_public=t)) == []
    wrong = tp(final="1.53", outbound="0", vehicle_total="0.91", reception="0.26", file=F004, line=70)
    found = three_public.three_public_components(report(file=F004, fiscal_year=2022, three_public=wrong))
    assert [(f.expected, f.actual) for f in found] == [("1.17", "1.53")]


def test_three_public_mismatch_on_000() -> None:
    # 六(一)2: 预算总额64万元, 实际支出数29.78万元; 附件1: 60.5 / 29.45.
    r = report(basic_data=basic_000(), three_public=tp(budget="64", final="29.78", line=177))
    found = three_public.three_public_mismatch(r)
    assert [(f.severity, f.subject, f.expected, f.actual) for f in found] == [
        ("warn", "三公经费预算", "60.5", "64"),
        ("warn", "三公经费支出", "29.45", "29.78"),
    ]


def test_three_public_mismatch_silent_when_they_agree() -> None:
    r = report(basic_data=basic_000(), three_public=tp(budget="60.5", final="29.45", line=177))
    assert three_public.three_public_mismatch(r) == []


# --- projects ------------------------------------------------------------------------------------


def _000_projects() -> Report:
    other = table(
        name="其他事业发展资金",
        funds=[
            fund(
                "总额",
                "年度资金总额",
                initial="150",
                budget="150",
                executed="141.56",
                rate="94.37%",
                weight="10",
                score="9.4",
                line=2405,
            )
        ],
    )
    special = table(name="省级专项资金", funds=[
        fund("总额", "年度资金总额", initial="2013.04", budget="2013.04", executed="1546.34", rate="76.82%", weight="10", score="7.68", line=3161),
        fund("当年财政拨款", "其中： 当年财政拨款 1567", budget="1567", line=3165),
        fund("上年结转", "上年结转资金446.04", budget="446.04", line=3167)])  # fmt: skip
    return report(
        basic_data=basic_000(),
        dept_table=dept_000(),
        project_tables=[other, t000_yewu(), t000_jiating(), special],
    )


def test_project_total_vs_basic_data_on_000() -> None:
    found = projects.project_total_vs_basic_data(_000_projects())
    assert [(f.subject, f.expected, f.actual) for f in found] == [
        ("其他事业发展资金", "332.89 / 288.89", "150 / 141.56"),
        ("业务工作经费", "108.78 / 33.07", "15 / 14.78"),
        ("家庭教育民生实事", "a 基础数据表 line named 家庭教育民生实事", "108.78 / 33.07"),
        ("省级专项资金", "1567 / 1206.3", "2013.04 / 1546.34"),
    ]
    assert "业务工作经费" in found[2].message  # the amounts are that line's


def test_project_total_vs_basic_data_accepts_the_appropriation_budget() -> None:
    # 省级专项资金's 本年预算数 1567 is its 当年财政拨款 part: with 1206.3 spent the line would fit.
    r = _000_projects()
    special = r.project_tables[3]
    fixed = with_row(special, 0, with_amount(special.funds[0], "executed", "1206.3"))
    assert projects.project_total_vs_basic_data(r.model_copy(update={"project_tables": [fixed]})) == []


def test_project_lines_vs_project_expense_on_000() -> None:
    # 0 + 33.07 + 1206.3 + 288.89 = 1528.26 (the unnumbered 专项 sub-line restates 3、) vs 项目支出 1868.31.
    found = projects.project_lines_vs_project_expense(_000_projects())
    assert [(f.subject, f.expected, f.actual) for f in found] == [("项目支出", "1868.31", "1528.26")]


def test_project_sum_vs_project_expense() -> None:
    # 000: 141.56 + 14.78 + 33.07 + 1546.34 = 1735.75 < 1868.31: not every project has a table — silent.
    assert projects.project_sum_vs_project_expense(_000_projects()) == []
    # 004: the project tables against 项目支出151.83万元; two tables spend 40.63, fine; ten times as much is not.
    r = report(file=F004, fiscal_year=2022, project_tables=[t004_fuer(), t004_xiangcun()],
               final_account_figures=[figure("project", "项目支出", "15.83", line=35)])  # fmt: skip
    found = projects.project_sum_vs_project_expense(r)
    assert [(f.severity, f.expected, f.actual) for f in found] == [("warn", "≤ 15.83", "40.63")]


# --- narrative vs tables -------------------------------------------------------------------------


def test_narrative_vs_table_on_000_special_fund() -> None:
    # 二(二)1: 妇女儿童事业发展专项资金实际支出1546.35万元; 附件1 湖南省妇女儿童事业发展专项 本年决算数 1206.3.
    fig = figure("special_fund", "2024年妇女儿童事业发展专项资金实际支出", "1546.35", line=25, file=F000)
    found = narrative_vs_tables.narrative_vs_table(
        report(basic_data=basic_000(), final_account_figures=[fig])
    )
    assert [(f.severity, f.subject, f.expected, f.actual) for f in found] == [
        ("warn", "2024年妇女儿童事业发展专项资金实际支出", "1206.3", "1546.35")
    ]


def test_narrative_vs_table_silent_when_000_figures_agree() -> None:
    # 二(一): 2024年决算支出2193.22万元 (基本); 二(二): 决算金额为1868.31万元 (项目); 执行率 88.74%.
    figs = [figure("basic", "2024年决算支出", "2193.22", line=19, file=F000), figure("project", "决算金额", "1868.31", line=22, file=F000),
            figure("expense_year", "实际支出", "4061.53", line=180, file=F000),
            figure("exec_rate", "预算执行率", "88.74", None, line=180, file=F000).model_copy(update={"kind": "rate"})]  # fmt: skip
    assert (
        narrative_vs_tables.narrative_vs_table(report(dept_table=dept_000(), final_account_figures=figs))
        == []
    )
    wrong = [figure("basic", "2024年决算支出", "2139.22", line=19, file=F000)]
    found = narrative_vs_tables.narrative_vs_table(report(dept_table=dept_000(), final_account_figures=wrong))
    assert [(f.subject, f.expected, f.actual) for f in found] == [("2024年决算支出", "2193.22", "2139.22")]


def test_narrative_vs_table_on_a_basic_data_line_the_text_names() -> None:
    # 六(一)3: “2024年会议费、培训费支出55.82万元”; 附件1 会议费、培训费 本年决算数 9.26 — a note (the text may
    # count other funds).
    text = "2024年我会进一步严格落实 “过紧日子”的要求，严格控制会议费、培训费。2024年会议费、培训费支出55.82万元，经费都在年初预算内执行。"
    meetings = basic_line("公用经费", "          会议费、培训费", "17.93", "18", "9.26", 315)
    r = report(basic_data=[meetings], sections=[section(text, start=2400)])
    found = narrative_vs_tables.narrative_vs_table(r)
    assert [(f.severity, f.subject, f.expected, f.actual) for f in found] == [
        ("info", "会议费、培训费", "9.26", "55.82")
    ]
    same = basic_line("公用经费", "会议费、培训费", "17.93", "18", "55.82", 315)
    assert (
        narrative_vs_tables.narrative_vs_table(
            report(basic_data=[same], sections=[section(text, start=2400)])
        )
        == []
    )


def test_narrative_vs_table_on_putuo_appropriation_total() -> None:
    # 情况说明 四、 (page 21): “财政拨款收入支出总计0.3万元”; statement 4 (page 13): 总计 2,961.68 on both sides.
    def total(side: str, value: str) -> FinalAccountLine:
        amount = Amount(
            raw=value, value=D(value.replace(",", "")), unit="万元", wan=D(value.replace(",", ""))
        )
        return FinalAccountLine(table=4, name="总计", level="合计", columns={f"{side}/决算数": amount}, source="table",
                                prov=fa_line("总计", "0", file=PUTUO, line=13).prov)  # fmt: skip

    lines = [total("收入", "2,961.68"), total("支出", "2,961.68")]
    label = "上海市普陀区财政局2024年度财政拨款收入支出总计"
    figs = [
        figure("fiscal_income_total", label, "0.3", file=PUTUO, line=21),
        figure("fiscal_expense_total", label, "0.3", file=PUTUO, line=21),
    ]
    found = narrative_vs_tables.narrative_vs_table(
        report(file=PUTUO, final_account=lines, final_account_figures=figs)
    )
    assert [(f.check, f.subject, f.expected, f.actual) for f in found] == [
        ("narrative_vs_table", label, "2961.68", "0.3")
    ]
    figs = [figure("fiscal_income_total", label, "2961.68", file=PUTUO, line=21)]
    assert (
        narrative_vs_tables.narrative_vs_table(
            report(file=PUTUO, final_account=lines, final_account_figures=figs)
        )
        == []
    )


def test_narrative_vs_table_on_a_stated_score() -> None:
    dept = dept_000().model_copy(update={"total_score_reported": D("95.8")})
    text = "经自评，我会2024年度部门整体支出绩效自评得分为96.5分，评价等级为优。"
    found = narrative_vs_tables.narrative_vs_table(
        report(dept_table=dept, sections=[section(text, start=50)])
    )
    assert [(f.subject, f.expected, f.actual) for f in found] == [("自评得分", "95.8", "96.5")]
    same = "经自评，我会2024年度部门整体支出绩效自评得分为95.8分。"
    assert (
        narrative_vs_tables.narrative_vs_table(report(dept_table=dept, sections=[section(same, start=50)]))
        == []
    )
