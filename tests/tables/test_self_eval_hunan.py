"""Seed 000 (湖南省妇联 2024): 附件2 部门整体支出绩效自评表 and the 附件3 项目支出绩效自评表, in TXT, DOCX and PDF.

Expected values are read from golden/docs/000_hunan_2024.txt: 附件2 starts at line 356 (table 3), 附件3 at
line 2389 (其他事业发展资金), 2696 (业务工作经费), 2884 (家庭教育民生实事) and 3159 (省级专项资金). The same
answers must come out of every rendering of the document.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from jixiao.schema import L1
from jixiao.schema import L2
from jixiao.schema import Op
from jixiao.schema import SelfEvalTable
from tests.tables.selfeval_seeds import FORMATS
from tests.tables.selfeval_seeds import document
from tests.tables.selfeval_seeds import indicator
from tests.tables.selfeval_seeds import project
from tests.tables.selfeval_seeds import tables

D = Decimal
STEM = "000_hunan_2024"


def _dept(fmt: str) -> SelfEvalTable:
    table = tables(STEM, fmt).dept_table
    assert table is not None
    return table


def _bare(text: str) -> str:
    return "".join(text.split())


def _amounts(row: object) -> tuple[str | None, ...]:
    return tuple(
        None if getattr(row, f) is None else str(getattr(row, f).value)
        for f in ("initial_budget", "budget", "executed")
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_dept_funds_including_values_written_inside_label_cells(fmt: str) -> None:
    dept = _dept(fmt)
    rows = [(f.category, f.breakdown, _amounts(f)) for f in dept.funds]
    assert rows == [
        ("总额", "总额", ("3918.82", "4576.91", "4061.53")),
        ("一般公共预算", "收入性质", (None, "4576.91", None)),
        ("基本支出", "支出性质", (None, None, "2193.22")),
        ("政府性基金", "收入性质", (None, None, None)),
        ("项目支出", "支出性质", (None, None, "1868.31")),
        ("非税收入", "收入性质", (None, None, None)),
        ("其他资金", "收入性质", (None, None, None)),
    ]
    total = dept.funds[0]
    assert (total.weight, total.rate_reported, total.rate_raw, total.score) == (
        D("10"),
        D("88.74"),
        "88.74%",
        D("8.8"),
    )
    assert (dept.total_weight_reported, dept.total_score_reported) == (D("100"), D("95.8"))
    assert dept.competent_dept == "湖南省妇女联合会"


@pytest.mark.parametrize("fmt", FORMATS)
def test_dept_indicators_count_caps_and_sums(fmt: str) -> None:
    dept = _dept(fmt)
    assert len(dept.indicators) == 186
    weights: dict[L1 | None, Decimal] = {}
    scores: dict[L1 | None, Decimal] = {}
    caps = {}
    for ind in dept.indicators:
        weights[ind.level1] = weights.get(ind.level1, D(0)) + (ind.weight or 0)
        scores[ind.level1] = scores.get(ind.level1, D(0)) + (ind.score or 0)
        caps[ind.level1] = ind.level1_cap
    # domain.md §6: parsed weights 59 + 28.5 + 11 (+ 10 for the execution row) = 108.5, scores 103.51.
    assert weights == {L1.OUTPUT: D("59"), L1.BENEFIT: D("28.5"), L1.SATISFACTION: D("11")}
    assert scores == {L1.OUTPUT: D("55.21"), L1.BENEFIT: D("28.5"), L1.SATISFACTION: D("11")}
    assert sum(scores.values()) + dept.funds[0].score == D("103.51")
    assert caps == {L1.OUTPUT: D("50"), L1.BENEFIT: D("30"), L1.SATISFACTION: D("10")}


@pytest.mark.parametrize("fmt", FORMATS)
def test_dept_hard_rows(fmt: str) -> None:
    dept = _dept(fmt)
    hotline = indicator(dept, "12338热线服务平台运营维护")
    assert (hotline.target.num, hotline.target.unit, hotline.actual.num, hotline.weight, hotline.score) == (
        D("1"),
        "个",
        D("1"),
        D("0.5"),
        D("0.51"),
    )
    publicity = indicator(dept, "省级妇女儿童发展规划宣传费用")
    assert (publicity.target.op, publicity.target.num, publicity.target.unit) == (Op.LE, D("20"), "万")
    assert (publicity.actual.status, publicity.weight, publicity.score) == ("未完成", D("0.25"), D("2"))
    party_school = indicator(dept, "性别平等进党校项目")
    assert (party_school.target.op, party_school.actual.status, party_school.score) == (
        Op.GE,
        "未完成",
        D("0.5"),
    )
    homes = indicator(dept, "创建湘妹子能量家园示范点个数")
    assert (homes.target.num, homes.actual.num, homes.weight, homes.score) == (
        D("30"),
        D("11"),
        D("0.5"),
        D("0.5"),
    )
    assert homes.deviation_reason == "经费压缩，示范创建改为支持建设一个县妇联，两个乡镇街道，八个村社区"
    training = indicator(dept, "全省妇联系统基层执委网络集中培训及课程开发费用")
    assert (training.target.op, training.target.num, training.target.unit) == (Op.LE, D("90"), "万元")
    assert (training.actual.num, training.actual.unit, training.score) == (D("98"), "万", D("0.25"))
    stray = indicator(dept, "线上线下社会公益项目活动覆盖人次")
    assert (stray.target.op, stray.target.num, stray.target.unit, stray.target.text) == (
        Op.GE,
        D("2000"),
        "人次",
        "278.2",
    )
    lecture = indicator(dept, "每场儿童保健科普讲座宣讲时间")
    assert (lecture.target.op, lecture.target.num, lecture.target.num_hi, lecture.target.unit) == (
        Op.RANGE,
        D("40"),
        D("80"),
        "分钟",
    )
    cost = indicator(dept, "少儿公益培训聘用人员人力成本")
    assert (cost.target.op, cost.target.num, cost.target.unit, cost.level2) == (
        Op.LE,
        D("32000"),
        "元",
        L2.COST,
    )
    people = indicator(dept, "少儿公益活动开展惠及人次")
    assert (people.actual.num, people.actual.unit) == (D("300"), "万人次")
    unused = indicator(dept, "“最美家庭”评选")
    assert unused.actual.is_placeholder and unused.score == D("0")
    media = indicator(dept, "媒体合作专栏及专题")
    assert (media.target.num, media.actual.status) == (D("2"), "已完成")


@pytest.mark.parametrize("fmt", FORMATS)
def test_dept_spilled_cell_and_rows_without_a_name(fmt: str) -> None:
    dept = _dept(fmt)
    spilled = indicator(dept, "家庭教育指导者培训")
    # Compared without whitespace: the PDF rendering breaks and spaces the cell differently.
    assert _bare(spilled.target.raw) == "全年33000人次6场次72场次5800人次/年95%98%"
    assert spilled.target.num is None and spilled.actual.raw.strip() == "全年" and spilled.weight == D("0.25")
    # Two rows carry 0.5 / 0.5 with no name, target or actual; they follow the 关爱儿童心理健康 row.
    anchor = dept.indicators.index(
        indicator(dept, "推进关爱儿童心理健康项目经验总结交流推广，促进项目队伍专业能力提升")
    )
    blank = dept.indicators[anchor + 1 : anchor + 3]
    assert [(i.name, i.target.raw, i.actual.raw, i.weight, i.score) for i in blank] == [
        ("", "", "", D("0.5"), D("0.5")),
        ("", "", "", D("0.5"), D("0.5")),
    ]
    assert all(i.level2 == L2.QTY for i in blank)


@pytest.mark.parametrize("fmt", FORMATS)
def test_dept_goal_and_footer(fmt: str) -> None:
    dept = _dept(fmt)
    assert len(dept.goals) == 1
    assert dept.goals[0].target_text.startswith("一、以养成良好习惯、提高科学素质")
    assert (dept.goals[0].actual_text or "").startswith("一是围绕思想引领、创业就业")
    assert (dept.filled_by, dept.phone, dept.fill_date) == ("黄姜一", "18390805237", date(2025, 4, 18))


@pytest.mark.parametrize("fmt", FORMATS)
def test_project_tables(fmt: str) -> None:
    result = tables(STEM, fmt)
    names = [
        (t.project_code, t.project_name, t.total_weight_reported, t.total_score_reported, len(t.indicators))
        for t in result.project_tables
    ]
    assert names == [
        (None, "其他事业发展资金", D("90"), D("89.4"), 7),
        (None, "业务工作经费", D("90"), D("90"), 5),
        (None, "家庭教育民生实事", D("90"), D("85"), 13),
        (None, "省级专项资金", D("90"), None, 186),
    ]
    other = project(result, "其他事业发展资金")
    assert (other.competent_dept, other.implementing_unit) == ("湖南省妇女联合会", "湖南省妇女儿童活动中心")
    assert [(f.label_raw, _amounts(f)) for f in other.funds] == [
        ("年度资金总额", ("150", "150", "141.56")),
        ("其中：当年财政拨款", (None, None, None)),
        ("上年结转资金", ("150", "150", "141.56")),
        ("其他资金", (None, None, None)),
    ]
    business = project(result, "业务工作经费")
    stale = indicator(business, "出国完成时间")
    assert _bare(stale.target.raw) == "2023年12月前" and stale.target.num is None
    assert business.fill_date == date(2024, 5, 28)


@pytest.mark.parametrize("fmt", FORMATS)
def test_family_education_project_totals_do_not_add_up(fmt: str) -> None:
    table = project(tables(STEM, fmt), "家庭教育民生实事")
    total = table.funds[0]
    assert _amounts(total) == (None, "108.78", "33.07")
    # The rate is written without a % sign.
    assert (total.rate_raw, total.rate_reported, total.weight, total.score) == (
        "30.4",
        D("30.4"),
        D("10"),
        D("3"),
    )
    weight = sum(i.weight or 0 for i in table.indicators) + total.weight
    score = sum(i.score or 0 for i in table.indicators) + total.score
    assert (weight, score) == (D("75"), D("68"))  # against 总分 90 / 85
    assert (
        indicator(table, "“向阳花”行动群众满意度").actual.op,
        indicator(table, "“向阳花”行动群众满意度").actual.num,
    ) == (Op.GE, D("99.94"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_special_fund_project_with_shifted_header(fmt: str) -> None:
    table = project(tables(STEM, fmt), "省级专项资金")
    assert [(f.category, f.breakdown, _amounts(f)) for f in table.funds] == [
        ("总额", "总额", ("2013.04", "2013.04", "1546.34")),
        ("当年财政拨款", "收入性质", (None, "1567", None)),
        ("上年结转", "收入性质", (None, "446.04", None)),
        ("其他资金", "收入性质", (None, None, None)),
    ]
    # The header row lost its 一级指标 cell to the goal text above it; levels must still be read.
    assert {i.level1 for i in table.indicators} == {L1.OUTPUT, L1.BENEFIT, L1.SATISFACTION}
    first = table.indicators[0]
    assert (first.name, first.level1, first.level2, first.weight) == (
        "少儿公益培训学员参训课时总和",
        L1.OUTPUT,
        L2.QTY,
        D("0.5"),
    )
    # ...and the goal's 实际完成情况, written into that header cell, is recovered.
    assert (table.goals[0].actual_text or "").startswith("一是围绕思想引领")
    assert indicator(table, "男女平等基本国策知晓度").weight == D("1")


def test_provenance_points_at_the_cell() -> None:
    doc = document(STEM)
    dept = _dept("txt")
    executed = dept.funds[0].executed
    assert executed is not None and executed.prov is not None
    assert (executed.prov.table, executed.prov.row, executed.prov.col, executed.prov.method) == (
        3,
        2,
        4,
        "table_rule",
    )
    assert doc.span_text(executed.prov.span) == "4061.53"
    hotline = indicator(dept, "12338热线服务平台运营维护")
    assert doc.span_text(hotline.cells["score"].span) == "0.51"
    assert doc.span_text(hotline.cells["name"].span) == "12338热线服务平台运营维护"
    assert hotline.prov.line is not None and hotline.prov.table == 3


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_provenance_span_is_inside_the_text(fmt: str) -> None:
    doc = document(STEM, fmt)
    for table in [_dept(fmt), *tables(STEM, fmt).project_tables]:
        for ind in table.indicators:
            for prov in ind.cells.values():
                assert prov.span is not None and 0 <= prov.span[0] < prov.span[1] <= len(doc.text)
