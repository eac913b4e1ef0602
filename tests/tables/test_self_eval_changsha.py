"""Seed 002 (长沙市岳麓区妇联 2021): the 长沙 部门整体支出绩效自评表 in TXT, DOCX and PDF.

Expected values are read from golden/docs/002_yuelu_2021.txt lines 2–170 (the table comes before the report).
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
from tests.tables.selfeval_seeds import tables

D = Decimal
STEM = "002_yuelu_2021"


def _dept(fmt: str) -> SelfEvalTable:
    table = tables(STEM, fmt).dept_table
    assert table is not None
    return table


@pytest.mark.parametrize("fmt", FORMATS)
def test_staffing_from_the_form(fmt: str) -> None:
    staffing = tables(STEM, fmt).staffing
    assert staffing is not None and (staffing.quota, staffing.actual) == (3, 4)


@pytest.mark.parametrize("fmt", FORMATS)
def test_funds_by_source_and_by_structure(fmt: str) -> None:
    rows = [
        (
            f.label_raw,
            f.category,
            f.breakdown,
            str(f.budget.value) if f.budget else None,
            str(f.executed.value) if f.executed else None,
            f.rate_reported,
            f.weight,
            f.score,
        )
        for f in _dept(fmt).funds
    ]
    assert rows == [
        ("合计", "总额", "资金来源", "198.8", "212.64", D("106.87"), D("10"), None),
        ("（1）财政拨款", "财政拨款", "资金来源", "174.74", "204.67", D("117.13"), None, None),
        ("（2）其他资金", "其他资金", "资金来源", "24.24", "7.97", D("32.88"), None, None),
        ("合计", "总额", "资金结构", "174.74", "204.67", D("117.13"), None, None),
        ("（1）基本支出", "基本支出", "资金结构", "131.32", "139.37", D("106.13"), None, None),
        ("其中：人员支出", "人员支出", "资金结构", "118.47", "127.63", D("107.73"), None, None),
        ("公用支出", "公用支出", "资金结构", "12.85", "11.74", D("91.36"), None, None),
        ("（2）项目支出", "项目支出", "资金结构", "43.42", "65.3", D("150.39"), None, None),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_indicators_across_repeated_headers(fmt: str) -> None:
    dept = _dept(fmt)
    # The header row is printed three times (after page breaks): 15 indicators, no header rows among them.
    assert len(dept.indicators) == 15
    assert not any("一级指标" in i.level1_raw or i.name == "三级指标" for i in dept.indicators)
    assert [i.weight for i in dept.indicators] == [
        D(w) for w in ["10", "5", "10", "5", "5", "10", "5", "5", "5", "5", "5", "10", "5", "5", "10"]
    ]
    assert sum(i.weight or 0 for i in dept.indicators) == D("100")
    assert (dept.total_weight_reported, dept.total_score_reported) == (D("100"), D("100"))
    # 成本指标 under 产出指标, in the block after the second header.
    cost = indicator(dept, "指标2：有效合理使用各类专项资金，无超出规定用途的支出。")
    assert (cost.level1, cost.level2, cost.target.num, cost.target.unit) == (
        L1.OUTPUT,
        L2.COST,
        D("100"),
        "%",
    )
    party = dept.indicators[0]
    assert (party.name, party.target.op, party.target.num, party.target.unit, party.target.text) == (
        "指标1：落实主题党日活动，完成活动次数情况",
        Op.NONE,
        D("1"),
        "次",
        "每月",
    )
    assert (party.actual.num, party.actual.unit) == (D("12"), "次")
    ecology = indicator(dept, "指标1：开展“垃圾分类”亲子教育主题活动")
    assert (ecology.level1, ecology.level2) == (L1.BENEFIT, L2.ECO)
    assert dept.indicators[-1].level1 == L1.SATISFACTION and dept.indicators[-1].level2 == L2.SATISF


@pytest.mark.parametrize("fmt", FORMATS)
def test_goal_pair(fmt: str) -> None:
    goals = _dept(fmt).goals
    assert len(goals) == 1
    assert "".join(goals[0].target_text.split()) == (
        "围绕区委中心工作、服务大局，办好困难妇女群众民生实事，狠抓工作规范提升，确保安全稳定，推动全区妇女事业再上新台阶。"
    )
    assert (goals[0].actual_text or "").startswith("在区委、区政府和上级妇联的坚强领导下")
