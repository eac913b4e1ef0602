"""Year consistency and unfilled template instructions."""

from __future__ import annotations

from datetime import date

from jixiao.checks import placeholders
from jixiao.checks import years
from jixiao.schema import Op
from tests.checks.builders import goal
from tests.checks.builders import ind
from tests.checks.builders import report
from tests.checks.builders import staffing
from tests.checks.builders import val
from tests.checks.seeds import F004
from tests.checks.seeds import t000_jiating
from tests.checks.seeds import t000_yewu
from tests.checks.seeds import t002
from tests.checks.seeds import t004_fuer

R2022 = report(file=F004, fiscal_year=2022)


def test_fill_date_before_year_end_on_000_yewu() -> None:
    # 业务工作经费, a 2024 table, 填报日期：2024.5.28.
    found = years.fill_date_before_year_end(report(), t000_yewu())
    assert [(f.check, f.severity, f.subject, f.actual) for f in found] == [
        ("year_mismatch", "warn", "业务工作经费", "2024.5.28")
    ]


def test_fill_date_after_year_end_is_silent() -> None:
    # The other 000 tables: 填报日期：2025.4.18.
    t = t000_yewu().model_copy(update={"fill_date": date(2025, 4, 18), "fill_date_raw": "2025.4.18"})
    assert years.fill_date_before_year_end(report(), t) == []


def test_stale_indicator_date_on_000_yewu() -> None:
    # 出国完成时间 ⇥2023年12月前 ⇥2023年12月前 in the 2024 table: one finding for the row.
    found = years.stale_indicator_dates(report(), t000_yewu())
    assert [(f.subject, f.expected, f.actual) for f in found] == [("出国完成时间", "2024", "2023")]
    assert found[0].refs[0].line == 2776


def test_stale_year_in_an_actual_value_on_002() -> None:
    # 002 (2021): 成本指标 完成值 “2020年“三公”经费支出合计0.00万元”.
    found = years.stale_indicator_dates(report(fiscal_year=2021), t002())
    assert [(f.subject, f.actual) for f in found] == [
        ("指标1：精简机关运行经费，尤其对三公经费进行控制情况", "2020")
    ]


def test_stale_years_silent_on_current_dates_and_comparisons() -> None:
    # “2022年12底前” in a 2022 table; a 完成值 that compares with last year names it on purpose.
    deadline = ind(
        "2022年12底前评选出全市“最美家庭”",
        val("优良中低差", Op.QUAL),
        val("优", grade="优"),
        "15",
        "15",
        line=249,
        file=F004,
    )
    compare = ind(
        "信访回复率", val("100%", Op.EQ, "100", "%"), val("较2021年增长5%"), "10", "10", line=690, file=F004
    )
    t = t004_fuer().model_copy(update={"indicators": [deadline, compare]})
    assert years.stale_indicator_dates(R2022, t) == []
    assert years.stale_indicator_dates(report(), t000_jiating()) == []


def test_project_code_year() -> None:
    # 51030022Y000000325523: year digits 22 — right for 2022, wrong in a 2023 report.
    assert years.project_code_year(R2022, t004_fuer()) == []
    found = years.project_code_year(report(file=F004, fiscal_year=2023), t004_fuer())
    assert [(f.check, f.expected, f.actual) for f in found] == [("year_mismatch", "23", "22")]


def test_table_title_year() -> None:
    assert years.table_title_year(R2022, t004_fuer()) == []  # “部门预算项目支出绩效自评表（2022年度）”
    found = years.table_title_year(report(file=F004, fiscal_year=2023), t004_fuer())
    assert [(f.check, f.actual) for f in found] == [("year_mismatch", "2022")]


def test_staffing_year_label_on_000() -> None:
    # 附件1 of the 2024 report: “2023年实际在职人数”.
    found = years.staffing_year_label(report(staffing=staffing(82, 69, "84.15", "2023", line=225)))
    assert [(f.check, f.subject, f.actual) for f in found] == [
        ("year_mismatch", "2023年实际在职人数", "2023")
    ]
    assert found[0].refs[0].line == 225


def test_staffing_year_label_silent_for_the_fiscal_year_or_none() -> None:
    assert (
        years.staffing_year_label(report(staffing=staffing(82, 69, "84.15", "2024年实际在职人数", line=225)))
        == []
    )
    assert years.staffing_year_label(report(staffing=staffing(3, 4, "133.33", None, line=12))) == []


# --- placeholders --------------------------------------------------------------------------------

PROBLEMS_NOTE = "结合自评情况，分析存在的问题及原因。（200字以内）"
MEASURES_NOTE = "针对项目自评中发现的问题，提出下一步改进完善的意见及有关政策性建议。（200字以内）"
GOAL_NOTE = "对照年度目标，说明相关任务目标的完成情况（100字以内）"


def test_placeholder_unfilled_on_004_special_fund() -> None:
    # 51030022T000006733926 四川省妇女儿童事业发展专项资金: 存在问题 and 改进措施 hold the form's instructions.
    t = t004_fuer().model_copy(
        update={
            "project_name": "四川省妇女儿童事业发展专项资金",
            "problems_text": PROBLEMS_NOTE,
            "measures_text": MEASURES_NOTE,
        }
    )
    found = placeholders.placeholder_unfilled(R2022, t)
    assert [(f.check, f.severity, f.subject, f.actual) for f in found] == [
        ("placeholder_unfilled", "warn", "四川省妇女儿童事业发展专项资金", PROBLEMS_NOTE),
        ("placeholder_unfilled", "warn", "四川省妇女儿童事业发展专项资金", MEASURES_NOTE),
    ]  # fmt: skip


def test_placeholder_unfilled_in_a_goal_on_004_suzhi() -> None:
    # 51030022Y000000325623 市妇联综合素质再提升行动: 年度目标完成情况 is the instruction.
    g = goal("举办执委履职骨干培训班，持续实施“基层妇联领头雁行动计划”", GOAL_NOTE, line=606, file=F004)
    t = t004_fuer().model_copy(update={"project_name": "市妇联综合素质再提升行动", "goals": [g]})
    found = placeholders.placeholder_unfilled(R2022, t)
    assert [(f.subject, f.actual, f.refs[0].line) for f in found] == [
        ("市妇联综合素质再提升行动", GOAL_NOTE, 606)
    ]


def test_placeholder_silent_on_answers() -> None:
    # “无” is an answer; so is a real explanation.
    assert placeholders.placeholder_unfilled(R2022, t004_fuer()) == []
    assert not placeholders.looks_like_instruction("因疫情原因，各爱心企业家和爱心人士捐助困难学生意愿下降。")
    assert placeholders.looks_like_instruction("请填写项目实施情况")
