"""Indicator checks on the seeds' hard rows (domain.md §6) and on clean rows."""

from __future__ import annotations

from jixiao.checks import indicators
from jixiao.schema import L1
from jixiao.schema import Op
from jixiao.schema import SelfEvalTable
from tests.checks.builders import D
from tests.checks.builders import ids
from tests.checks.builders import ind
from tests.checks.builders import report
from tests.checks.builders import table
from tests.checks.builders import val
from tests.checks.seeds import F004
from tests.checks.seeds import t000_jiating
from tests.checks.seeds import t000_yewu
from tests.checks.seeds import t002
from tests.checks.seeds import t003
from tests.checks.seeds import t004_fuer
from tests.checks.seeds import t004_xiangcun

R2022 = report(file=F004, fiscal_year=2022)


def _run(check, *rows) -> list:  # type: ignore[no-untyped-def]
    return check(report(), table(scope="部门整体", indicators=list(rows)))


def _all(t: SelfEvalTable) -> list:  # type: ignore[type-arg]
    return [f for check in indicators.TABLE_CHECKS for f in check(R2022, t)]


# 000 附件2 rows, typed from the document (line numbers of 000_hunan_2024.txt).
HOTLINE = ind(
    "12338热线服务平台运营维护",
    val("1个", Op.NONE, "1", "个"),
    val("1个", num="1", unit="个"),
    "0.5",
    "0.51",
    line=696,
)
PUBLICITY = ind("省级妇女儿童发展规划宣传费用", val("≤20万", Op.LE, "20", "万"), val("未完成", status="未完成"), "0.25", "2",
                level2="成本指标", reason="原因：策划的形式和内容暂未达到理想效果；", line=1745)  # fmt: skip
PARTY_SCHOOL = ind("性别平等进党校项目", val("≥1个", Op.GE, "1", "个"), val("未完成", status="未完成"), "0.5", "0.5",
                   reason="原因：经与省妇干校多次协商推进，项目的形式和内容暂未达成一致；", line=575)  # fmt: skip
HOMES = ind("创建湘妹子能量家园示范点个数", val("30个", Op.NONE, "30", "个"), val("11个", num="11", unit="个"), "0.5", "0.5",
            reason="经费压缩，示范创建改为支持建设一个县妇联，两个乡镇街道，八个村社区", line=586)  # fmt: skip
TRAINING_COST = ind("全省妇联系统基层执委网络集中培训及课程开发费用", val("≤90万元", Op.LE, "90", "万元"), val("98万", num="98", unit="万"),
                    "0.25", "0.25", level2="成本指标", reason="包含基层调研差旅费用26万元", line=1988)  # fmt: skip
CLASS_HOURS = ind("少儿公益培训学员参训课时总和", val("≥30000课时", Op.GE, "30000", "课时"), val("32000课时", num="32000", unit="课时"),
                  "0.5", "0.5", line=433)  # fmt: skip
NAMELESS_1 = ind("", val(""), val(""), "0.5", "0.5", level2="", line=856)
NAMELESS_2 = ind("", val(""), val(""), "0.5", "0.5", level2="", line=865)


def test_indicator_score_over_weight_on_000_hotline_and_publicity() -> None:
    found = _run(indicators.indicator_score_over_weight, HOTLINE, PUBLICITY, CLASS_HOURS)
    assert [(f.subject, f.severity, f.expected, f.actual) for f in found] == [
        ("12338热线服务平台运营维护", "error", "≤ 0.5", "0.51"),
        ("省级妇女儿童发展规划宣传费用", "error", "≤ 0.25", "2"),
    ]
    assert [r.line for r in found[0].refs] == [696, 696]  # the weight and score cells of that row


def test_indicator_score_over_weight_silent_on_clean_tables() -> None:
    for t in (t002(), t003(), t000_jiating(), t004_fuer()):
        assert indicators.indicator_score_over_weight(R2022, t) == []


def test_indicator_score_negative() -> None:
    negative = ind(
        "服务对象满意度", val("≥95%", Op.GE, "95", "%"), val("≥95%", Op.GE, "95", "%"), "10", "-1", line=2830
    )
    found = _run(indicators.indicator_score_negative, negative, CLASS_HOURS)
    assert [(f.check, f.subject, f.actual) for f in found] == [
        ("indicator_score_negative", "服务对象满意度", "-1")
    ]
    assert (
        _run(indicators.indicator_score_negative, CLASS_HOURS, *t003().indicators) == []
    )  # 0/0 rows are fine


def test_indicator_full_score_unmet_on_000_rows() -> None:
    found = _run(
        indicators.indicator_full_score_unmet,
        PUBLICITY,
        PARTY_SCHOOL,
        HOMES,
        TRAINING_COST,
        CLASS_HOURS,
        HOTLINE,
    )
    # 宣传费用 (未完成, 2 of 0.25) is indicator_score_over_weight's finding, not repeated here.
    assert [f.subject for f in found] == [
        "性别平等进党校项目",  # 未完成, 0.5 of 0.5
        "创建湘妹子能量家园示范点个数",  # 11 of 30, no operator written
        "全省妇联系统基层执委网络集中培训及课程开发费用",  # 98万 over the ≤90万元 cap
    ]
    assert "above the cap" in found[2].message and "below the target" in found[1].message
    assert {f.severity for f in found} == {"warn"}


def test_indicator_full_score_unmet_silent_on_met_or_exceeded_targets() -> None:
    # “＝45” with 50 done, “≥50” with 238, 定性 优; 004's 良 scored 8 is not full marks.
    assert indicators.indicator_full_score_unmet(R2022, t004_fuer()) == []
    assert indicators.indicator_full_score_unmet(R2022, t004_xiangcun()) == []
    # ≤5万 with 5万 spent is at the cap, not over; ≥90% with ≥99.94 is met.
    assert indicators.indicator_full_score_unmet(R2022, t000_jiating()) == []
    # dates and prose are not compared: “2023年12月前” vs “2023年12月前”, “逐步增加” vs “已完成”.
    assert indicators.indicator_full_score_unmet(R2022, t000_yewu()) == []


def test_indicator_full_score_unmet_compares_magnitudes() -> None:
    # 004 维权关爱: 覆盖人数 ≥5 万人次, “覆盖人数达20万” → 200000 人次 vs 50000: met.
    cover = ind(
        "覆盖人数5万以上",
        val("5", Op.GE, "5", "万人次"),
        val("覆盖人数达20万", num="20", unit="万"),
        "10",
        "10",
        line=680,
        file=F004,
    )
    assert _run(indicators.indicator_full_score_unmet, cover) == []
    # 1 万人次 against 5 万人次 is not.
    short = cover.model_copy(update={"actual": val("覆盖人数达1万", num="1", unit="万")})
    assert ids(_run(indicators.indicator_full_score_unmet, short)) == ["indicator_full_score_unmet"]


def test_indicator_missing_reason_on_004_xiangcun() -> None:
    found = indicators.indicator_missing_reason(R2022, t004_xiangcun())
    assert [(f.subject, f.severity, f.actual) for f in found] == [("有效推动农村产业发展", "warn", None)]


def test_indicator_missing_reason_silent_when_reason_given() -> None:
    # 春蕾计划 18/20 gives “因疫情原因…”; 003's 0-weight rows lose nothing.
    assert indicators.indicator_missing_reason(R2022, t004_fuer()) == []
    assert indicators.indicator_missing_reason(R2022, t003()) == []


def test_indicator_score_proportional_on_004_chunlei() -> None:
    found = indicators.indicator_score_proportional(R2022, t004_fuer())
    assert [(f.subject, f.expected, f.actual) for f in found] == [
        ("春蕾计划结对帮扶困难学生100名以上", "16", "18")
    ]


def test_indicator_score_proportional_uses_target_over_actual_for_a_cap() -> None:
    # ≤90万元 with 98万 spent: 0.25 × 90/98 = 0.23 — scored 0.23 is right, 0.1 is not.
    right = TRAINING_COST.model_copy(update={"score": D("0.23")})
    wrong = TRAINING_COST.model_copy(update={"score": D("0.1")})
    assert _run(indicators.indicator_score_proportional, right) == []
    assert [f.expected for f in _run(indicators.indicator_score_proportional, wrong)] == ["0.23"]


def test_indicator_score_proportional_silent_on_qualitative_and_full_rows() -> None:
    # 良 = 8/10 is a qualitative judgement; full-score rows are indicator_full_score_unmet's business.
    assert indicators.indicator_score_proportional(R2022, t004_xiangcun()) == []
    assert _run(indicators.indicator_score_proportional, HOMES, PARTY_SCHOOL) == []


def test_indicator_weight_without_name_on_000_empty_rows() -> None:
    found = _run(indicators.indicator_weight_without_name, NAMELESS_1, NAMELESS_2, CLASS_HOURS)
    assert [(f.severity, f.actual, f.refs[0].line) for f in found] == [
        ("warn", None, 856),
        ("warn", None, 865),
    ]


def test_indicator_weight_without_name_silent_on_003_zero_weight_rows() -> None:
    # 003's 经济效益/生态效益/满意度 rows have no name and weight 0: nothing is claimed.
    assert indicators.indicator_weight_without_name(report(), t003()) == []


def test_indicator_score_blank() -> None:
    blank = ind(
        "指标1.覆盖妇女群体",
        val("3", Op.GE, "3", "类"),
        val("覆盖留守妇女、农村妇女"),
        "5",
        None,
        level1="巾帼心向党—建功新时代群众性宣传项目完成指标",
        l1=L1.OUTPUT,
        line=4798,
        file=F004,
    )
    assert ids(_run(indicators.indicator_score_blank, blank, CLASS_HOURS)) == ["indicator_score_blank"]
    assert indicators.indicator_score_blank(R2022, t004_fuer()) == []


def test_no_indicator_finding_on_clean_seed_tables() -> None:
    for t in (
        t002(),
        t003(),
        t004_xiangcun().model_copy(update={"indicators": t004_xiangcun().indicators[:5]}),
    ):
        assert _all(t) == [], t.project_name
