"""Seed 004 (自贡市妇联 2022): the 四川 510000_0013zp 项目支出绩效自评表, repeated in several renderings.

Expected values are read from golden/docs/004_zigong_2022.txt: the first copies of the seven project
tables start at lines 210–601, the 四川省妇女儿童事业发展专项资金 table at line 4770.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.schema import L1
from jixiao.schema import L2
from jixiao.schema import Op
from jixiao.schema import SelfEvalTable
from tests.tables.selfeval_seeds import FORMATS
from tests.tables.selfeval_seeds import indicator
from tests.tables.selfeval_seeds import project
from tests.tables.selfeval_seeds import tables

D = Decimal
STEM = "004_zigong_2022"

PROJECTS = [
    ("51030022Y000000325498", "市妇联幸福家庭再提升行动", "运转类", D("100"), D("100"), 7, "宋燕萍"),
    ("51030022Y000000325523", "市妇联妇儿工委", "运转类", D("100"), D("98"), 7, "宋燕萍"),
    ("51030022Y000000325559", "市妇联强基固本再提升行动", "运转类", D("100"), D("100"), 8, "宋育"),
    ("51030022Y000000325577", "市妇联巾帼建功再提升行动", "运转类", D("100"), D("100"), 7, "陈勇"),
    ("51030022Y000000325596", "市妇联乡村振兴再提升行动", "运转类", D("100"), D("98"), 9, "陈勇"),
    ("51030022Y000000325623", "市妇联综合素质再提升行动", "运转类", D("100"), D("100"), 7, "宋育"),
    ("51030022Y000000325667", "市妇联维权关爱再提升行动", "运转类", D("100"), D("100"), 10, "罗滢"),
    ("51030022T000006733926", "四川省妇女儿童事业发展专项资金", "特定目标类", D("100"), None, 25, "罗滢"),
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_table_per_project(fmt: str) -> None:
    result = tables(STEM, fmt)
    got = [
        (
            t.project_code,
            t.project_name,
            t.project_category,
            t.total_weight_reported,
            t.total_score_reported,
            len(t.indicators),
            t.filled_by,
        )
        for t in result.project_tables
    ]
    assert got == PROJECTS
    assert result.dept_table is None
    assert all(
        t.competent_dept == "自贡市妇女联合会部门" and t.implementing_unit == "自贡市妇女联合会"
        for t in result.project_tables
    )
    # The copies agree except one cell: 综合素质's 年度目标完成情况 is the form's instruction in tab copies 1–5
    # (line 499) and a written answer in copies 6–7 (line 3753).
    found = [(f.check, f.subject, f.message, "".join((f.actual or "").split())[:12]) for f in result.findings]
    assert found == [
        (
            "duplicate_rendering_conflict",
            "市妇联综合素质再提升行动",
            "two copies of the project table disagree on 年度目标 1 实际完成情况",
            "2022年，素质提升培训",
        ),
        (
            "placeholder_unfilled",
            "市妇联综合素质再提升行动",
            "实际完成情况 still holds the form's instruction in some copies of the table",
            "对照年度目标，说明相关任",
        ),
    ]


def test_renderings_are_counted() -> None:
    # Seven tab-separated copies of each 运转类 table plus one copy as text lines (the PDF/EMF rendering);
    # the 专项 table: one full copy, one copy without its identity rows, one as text lines.
    assert [t.renderings for t in tables(STEM).project_tables] == [8] * 7 + [3]


@pytest.mark.parametrize("fmt", FORMATS)
def test_budget_execution_rows(fmt: str) -> None:
    table = project(tables(STEM, fmt), "市妇联幸福家庭再提升行动")
    got = [
        (
            f.label_raw,
            f.category,
            *(
                str(getattr(f, k).value) if getattr(f, k) else None
                for k in ("initial_budget", "budget", "executed")
            ),
            f.rate_reported,
            f.weight,
            f.score,
        )
        for f in table.funds
    ]
    assert got == [
        ("总额", "总额", "16.00", "15.96", "15.96", D("100.00"), D("10"), D("10")),
        ("其中：财政资金", "财政资金", "16.00", "15.96", "15.96", D("100.00"), None, None),
        ("财政专户管理资金", "财政专户", "0.00", "0.00", "0.00", D("0.00"), None, None),
        ("单位资金", "单位资金", "0.00", "0.00", "0.00", D("0.00"), None, None),
        ("其他资金", "其他资金", None, None, None, None, None, None),
    ]
    # The 原因 cell holds the form's printed instruction, not an answer.
    assert table.funds[0].reason is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_nature_value_unit_columns(fmt: str) -> None:
    result = tables(STEM, fmt)
    chunlei = indicator(project(result, "市妇联妇儿工委"), "春蕾计划结对帮扶困难学生100名以上")
    assert (chunlei.nature, chunlei.nature_raw, chunlei.unit_raw) == ("定量", "≥", "名")
    assert (chunlei.target.op, chunlei.target.num, chunlei.target.unit) == (Op.GE, D("100"), "名")
    assert (chunlei.actual.num, chunlei.actual.unit, chunlei.weight, chunlei.score) == (
        D("80"),
        "名",
        D("20"),
        D("18"),
    )
    assert (chunlei.deviation_reason or "").startswith("因疫情原因")
    training = indicator(project(result, "市妇联强基固本再提升行动"), "举办“两新”妇女组织交流培训活动1次")
    assert (training.target.op, training.target.num, training.target.unit, training.actual.num) == (
        Op.EQ,
        D("1"),
        "次",
        D("5"),
    )
    rural = indicator(project(result, "市妇联乡村振兴再提升行动"), "有效推动农村产业发展")
    assert (rural.nature, rural.target.op, rural.target.scale, rural.actual.grade) == (
        "定性",
        Op.QUAL,
        "优良中低差",
        "良",
    )
    assert (rural.level2, rural.weight, rural.score) == (L2.ECON, D("10"), D("8"))
    home = indicator(project(result, "市妇联幸福家庭再提升行动"), "打造安全宣传进家庭示范点5个")
    assert "".join((home.target.unit or "").split()) == "个（台、套、件、辆）"
    rights = project(result, "市妇联维权关爱再提升行动")
    cover = indicator(rights, "覆盖人数5万以上")
    assert (cover.target.op, cover.target.num, cover.target.unit) == (Op.GE, D("5"), "万人次")
    assert "".join(cover.actual.raw.split()) == "覆盖人数达20万"
    comma = indicator(rights, "2022年11月底前完成")
    assert (comma.target.grade, comma.actual.status) == ("优", "已完成")
    sustain = indicator(project(result, "市妇联幸福家庭再提升行动"), "线上线下开展家庭教育讲座100场以上")
    assert (sustain.level2_raw, sustain.level2) == ("可持续发展指标", L2.SUSTAIN)
    help_ = indicator(project(result, "市妇联妇儿工委"), "春蕾计划资助对象和爱心人士满意率达到95%以上")
    assert (help_.level1, help_.level2_raw, help_.level2) == (
        L1.SATISFACTION,
        "帮扶对象满意度指标",
        L2.SATISF,
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_special_fund_table(fmt: str) -> None:
    table: SelfEvalTable = project(tables(STEM, fmt), "四川省妇女儿童事业发展专项资金")
    first = table.indicators[0]
    assert "".join(first.level1_raw.split()) == "巾帼心向党—建功新时代群众性宣传项目完成指标"
    assert first.level1 == L1.OUTPUT
    benefit = indicator(table, "指标2.发挥妇联的桥梁纽带作用")
    assert "".join(benefit.level1_raw.split()) == "巾帼心向党—建功新时代群众性宣传项目效益指标"
    assert benefit.level1 == L1.BENEFIT
    # 指标性质 column holding the scale, a description in 指标值.
    brand = indicator(table, "指标1.亮品牌")
    assert (brand.nature, brand.nature_raw, brand.target.op, brand.target.scale) == (
        "定性",
        "优良中低差",
        Op.QUAL,
        "优良中低差",
    )
    assert "".join(brand.target.raw.split()).startswith("开展1场盐都女性风采展示活动")
    timing = indicator(table, "指标1.完成时间")
    assert (timing.level2_raw, timing.level2) == ("实效指标", L2.TIME)
    satisfaction = indicator(table, "服务对象满意率")
    assert (satisfaction.target.op, satisfaction.target.num, satisfaction.target.unit) == (
        Op.GE,
        D("85"),
        "%",
    )
    assert sum(i.weight or 0 for i in table.indicators) == D("90")
    assert (table.total_weight_reported, table.total_score_reported) == (D("100"), None)
    assert "".join((table.problems_text or "").split()) == "结合自评情况，分析存在的问题及原因。（200字以内）"
    assert "".join((table.measures_text or "").split()) == (
        "针对项目自评中发现的问题，提出下一步改进完善的意见及有关政策性建议。（200字以内）"
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_goals_and_conclusion(fmt: str) -> None:
    table = project(tables(STEM, fmt), "市妇联综合素质再提升行动")
    assert len(table.goals) == 1
    assert (
        "".join(table.goals[0].target_text.split())
        == "举办执委履职骨干培训班，持续实施“基层妇联领头雁行动计划”"
    )
    # Copies 1–5 leave 年度目标完成情况 as the form's instruction; the answer comes from copies 6–7.
    assert "".join((table.goals[0].actual_text or "").split()).startswith(
        "2022年，素质提升培训坚持以“纵向到底、横向到边”"
    )
    assert (table.problems_text, table.measures_text) == ("无", "无")
    assert (table.conclusion or "").startswith("2022年，素质提升培训坚持以“纵向到底")
