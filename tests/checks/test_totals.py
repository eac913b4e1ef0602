"""Level-1 caps, 总分 weight and score, and the grade the narrative states."""

from __future__ import annotations

from jixiao.checks import totals
from jixiao.schema import Template
from tests.checks.builders import D
from tests.checks.builders import report
from tests.checks.builders import section
from tests.checks.seeds import F002
from tests.checks.seeds import F003
from tests.checks.seeds import F004
from tests.checks.seeds import t000_jiating
from tests.checks.seeds import t000_yewu
from tests.checks.seeds import t002
from tests.checks.seeds import t003
from tests.checks.seeds import t004_fuer
from tests.checks.seeds import t004_xiangcun

R2022 = report(file=F004, fiscal_year=2022, template=Template.NATURE_UNIT)


# --- level1_weight_cap ---------------------------------------------------------------------------


def test_level1_weight_cap_over_a_written_cap_is_an_error() -> None:
    # 000 业务工作经费 with its 产出 weights 20 + 20 + 10 raised to 30 + 20 + 10 = 60 under “(50分)”.
    t = t000_yewu()
    heavy = t.indicators[0].model_copy(update={"weight": D(30)})
    found = totals.level1_weight_cap(
        report(), t.model_copy(update={"indicators": [heavy, *t.indicators[1:]]})
    )
    assert [(f.severity, f.subject, f.expected, f.actual) for f in found] == [
        ("error", "产出指标", "50", "60")
    ]


def test_level1_weight_cap_under_a_written_cap_in_a_90_point_table_is_silent() -> None:
    # 000 业务工作经费: 效益 (30分) holds 20, 家庭教育民生实事: 45/15/5 under 50/30/10 — 总分 90 tables that
    # leave a category unused, the form's usual practice.
    assert totals.level1_weight_cap(report(), t000_yewu()) == []
    assert totals.level1_weight_cap(report(), t000_jiating()) == []


def test_level1_weight_cap_under_a_written_cap_in_a_100_point_table_is_a_note() -> None:
    t = t000_jiating().model_copy(update={"total_weight_reported": D(100)})
    found = totals.level1_weight_cap(report(), t)
    assert [(f.severity, f.subject, f.actual) for f in found] == [
        ("info", "产出指标", "45"),
        ("info", "效益指标", "15"),
        ("info", "满意度指标", "5"),
    ]


def test_level1_weight_cap_under_a_cap_silent_when_the_table_overshoots() -> None:
    # 000 附件2 style: 效益 28.5 under its (30分) while 产出 is over its (50分): the total already overshoots 100,
    # so the shortfall explains nothing. Only the group over its cap is reported.
    t = t000_jiating()
    rows = [
        i.model_copy(update={"weight": i.weight * 2}) if i.level1_raw == "产出指标" else i
        for i in t.indicators
    ]  # type: ignore[operator]
    found = totals.level1_weight_cap(
        report(), t.model_copy(update={"indicators": rows, "total_weight_reported": D(100)})
    )
    assert [(f.severity, f.subject, f.actual) for f in found] == [("error", "产出指标", "90")]


def test_level1_weight_cap_against_the_usual_split_when_none_is_written() -> None:
    # 002: 产出 25 + 10 + 10 + 10 = 55 and 效益 10 + 15 + 5 + 5 = 35 against the usual 50 / 30; 003: 满意度 0.
    found = totals.level1_weight_cap(report(file=F002, fiscal_year=2021), t002())
    assert [(f.severity, f.subject, f.expected, f.actual) for f in found] == [
        ("info", "产出指标", "50", "55"),
        ("info", "效益指标", "30", "35"),
    ]
    found = totals.level1_weight_cap(report(file=F003, fiscal_year=2020), t003())
    assert [(f.subject, f.expected, f.actual) for f in found] == [("满意度指标", "10", "0")]


def test_level1_weight_cap_no_usual_split_on_the_sichuan_form() -> None:
    # 四川 tables split 10 + 90; 004 妇儿工委 has 产出 60, 效益 20, 满意度 10 and that is no finding.
    assert totals.level1_weight_cap(R2022, t004_fuer()) == []


# --- total_weight_mismatch / total_score_mismatch -----------------------------------------------


def test_total_weight_mismatch_on_003() -> None:
    # 总分 100 but indicators 80 (满意度 0) + execution 10 = 90; scores 80 + 10 = 90.00 agree.
    found = totals.total_weight_mismatch(report(), t003())
    assert [(f.severity, f.expected, f.actual) for f in found] == [("error", "90", "100")]
    assert totals.total_score_mismatch(report(), t003()) == []


def test_total_mismatch_on_000_jiating() -> None:
    # 总分 90/85, rows 65/65 + execution 10/3 = 75/68.
    w = totals.total_weight_mismatch(report(), t000_jiating())
    s = totals.total_score_mismatch(report(), t000_jiating())
    assert [(f.check, f.severity, f.subject, f.expected, f.actual) for f in w + s] == [
        ("total_weight_mismatch", "error", "家庭教育民生实事", "75", "90"),
        ("total_score_mismatch", "error", "家庭教育民生实事", "68", "85"),
    ]


def test_total_score_rounded_is_a_warning() -> None:
    # 000 业务工作经费: 总分 得分 “90”, rows 80 + execution 9.9 = 89.9.
    found = totals.total_score_mismatch(report(), t000_yewu())
    assert [(f.severity, f.expected, f.actual) for f in found] == [("warn", "89.9", "90")]
    assert totals.total_weight_mismatch(report(), t000_yewu()) == []  # 50 + 20 + 10 + 10 = 90


def test_total_score_blank_is_a_warning() -> None:
    # 004 四川省专项: 合计 100 with no 得分.
    t = t004_fuer().model_copy(update={"total_score_reported": None})
    found = totals.total_score_mismatch(R2022, t)
    assert [(f.check, f.severity, f.expected, f.actual) for f in found] == [
        ("total_score_mismatch", "warn", "98", None)
    ]


def test_total_weight_execution_row_left_out_is_a_note() -> None:
    # 002: indicator weights already 100 = 总分; the execution row's 10 is outside it. Scores 100 = 100.
    found = totals.total_weight_mismatch(report(), t002())
    assert [(f.severity, f.expected, f.actual) for f in found] == [("info", "110", "100")]
    assert totals.total_score_mismatch(report(), t002()) == []


def test_totals_silent_on_004() -> None:
    # 90 + 10 = 100 and 88 + 10 = 98.
    for t in (t004_fuer(), t004_xiangcun()):
        assert totals.total_weight_mismatch(R2022, t) == []
        assert totals.total_score_mismatch(R2022, t) == []


# --- grade_mismatch ------------------------------------------------------------------------------

VERDICT = "2. 根据项目开展的自评情况，2022年度市妇联较好的完成了年初设定的各项项目绩效目标，评价结果为优秀。"


def test_grade_mismatch_silent_when_the_scores_are_in_band() -> None:
    # 004 四、(一): “评价结果为优秀”; its project tables scored 98 and 98.
    r = report(file=F004, fiscal_year=2022, sections=[section(VERDICT, start=100, file=F004)],
               project_tables=[t004_fuer(), t004_xiangcun()])  # fmt: skip
    assert totals.grade_mismatch(r) == []


def test_grade_mismatch_on_a_score_below_the_band() -> None:
    low = t004_xiangcun().model_copy(update={"total_score_reported": D(85)})
    r = report(file=F004, fiscal_year=2022, sections=[section(VERDICT, start=100, file=F004)],
               project_tables=[t004_fuer(), low])  # fmt: skip
    found = totals.grade_mismatch(r)
    assert [(f.check, f.subject, f.expected, f.actual) for f in found] == [
        ("grade_mismatch", "市妇联乡村振兴再提升行动", "良", "优")
    ]
    span = found[0].refs[0].span
    assert span is not None and VERDICT[span[0] - 101 : span[1] - 101] == "评价结果为优秀"


def test_grade_for_bands() -> None:
    assert [totals.grade_for(D(x)) for x in ("95.8", "90", "89.99", "80", "79.9", "60", "59")] == [
        "优", "优", "良", "良", "中", "中", "差"
    ]  # fmt: skip


def test_grade_mismatch_in_a_tables_own_conclusion() -> None:
    # A 评价结论 cell that grades its own table: “评价等级为优” for 85 points is 良.
    low = t004_xiangcun().model_copy(
        update={"total_score_reported": D(85), "conclusion": "项目总体完成较好，评价等级为优。"}
    )
    found = totals.grade_mismatch(report(file=F004, fiscal_year=2022, project_tables=[low]))
    assert [(f.subject, f.expected, f.actual) for f in found] == [("市妇联乡村振兴再提升行动", "良", "优")]
    fine = low.model_copy(update={"conclusion": "项目总体完成较好，评价等级为良。"})
    assert totals.grade_mismatch(report(file=F004, fiscal_year=2022, project_tables=[fine])) == []
