"""The matcher's notion of "the same value": known near-misses must match, real differences must not."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.eval.normalise import amount_text_equal
from jixiao.eval.normalise import amounts_equal
from jixiao.eval.normalise import fuzzy_equal
from jixiao.eval.normalise import label_equal
from jixiao.eval.normalise import level_equal
from jixiao.eval.normalise import norm_text
from jixiao.eval.normalise import numbers_equal
from jixiao.eval.normalise import region_equal
from jixiao.eval.normalise import strip_numbering
from jixiao.eval.normalise import text_equal
from jixiao.eval.normalise import unit_equal


@pytest.mark.parametrize(
    ("expected", "got"),
    [
        ("518.76万元", "5187593.33元"),  # 004's 收入总计, written both ways
        ("198.8万元", "1988000元"),
        ("198.8", "1988000元"),  # a bare number in a 万元 table
        ("0.5亿元", "5000万元"),
    ],
)
def test_amounts_in_wan_and_yuan_are_equal(expected: str, got: str) -> None:
    assert amount_text_equal(expected, got)


@pytest.mark.parametrize(
    ("expected", "got"),
    [("198.8万元", "198.98万元"), ("518.76万元", "518.76元"), ("212.64", "212.64元")],
)
def test_different_amounts_differ(expected: str, got: str) -> None:
    assert not amount_text_equal(expected, got)


def test_amount_tolerance_is_half_a_written_cent() -> None:
    assert amounts_equal(Decimal("518.76"), Decimal("5187593.33") / 10000)
    assert amounts_equal(Decimal("324"), Decimal("324.00"))
    assert not amounts_equal(Decimal("198.8"), Decimal("198.98"))
    assert not amounts_equal(Decimal("0.5"), Decimal("0.51"))
    assert not amounts_equal(Decimal("10"), None)
    assert amounts_equal(None, None)


def test_money_text_in_yuan_equals_its_wan_spelling() -> None:
    assert text_equal("收入总计518.76万元", "收入总计5187593.33元")
    assert text_equal("合计0.00万元", "合计0元")
    assert not text_equal("合计0.00万元", "支出0元")  # same amount, other words
    assert not text_equal("518.76万元", "518.76元")
    assert not text_equal("198.8", "1988000元")  # a raw cell without its unit is another spelling


@pytest.mark.parametrize(
    ("expected", "got"),
    [
        ("１９８．８", "198.8"),  # full-width digits and point
        ("≥９０％", "≥90%"),
        ("100.00%", "100%"),  # trailing zeros
        ("10.00", "10"),
        ("指标1：落实主题党日活动，完成活动次数情况", "指标1:落实主题党日活动,完成活动次数情况"),
        ("每月 1次", "每月1次"),
        ("开展“线上+线\n下”技能培训", '开展"线上+线下"技能培训'),
        ("部门（单位）基本情况", "部门(单位)基本情况"),
        ("≦32000元", "≤32000元"),
    ],
)
def test_width_punctuation_whitespace_and_zeros_are_ignored(expected: str, got: str) -> None:
    assert text_equal(expected, got)


@pytest.mark.parametrize(
    ("expected", "got"),
    [
        ("≥90%", "90%"),  # the operator is meaning
        ("12.5", "125"),  # a decimal point between digits is kept
        ("40-80分钟", "4080分钟"),  # so is a range dash
        ("≥30000课时", "≥3000课时"),
        ("每月 1次", "每月 2次"),
    ],
)
def test_meaningful_differences_remain(expected: str, got: str) -> None:
    assert not text_equal(expected, got)


def test_norm_text() -> None:
    assert norm_text("指标1：落实 主题党日，完成 100.00%。") == "指标1落实主题党日完成100%"
    assert norm_text("  ") == ""
    assert norm_text(None) == ""


def test_numbers_equal() -> None:
    assert numbers_equal(Decimal("100.00"), Decimal("100"))
    assert numbers_equal("１０", 10)
    assert numbers_equal("106.87%", Decimal("106.87"))
    assert not numbers_equal(Decimal("0.5"), Decimal("0.51"))
    assert not numbers_equal(Decimal("0"), None)


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("指标1：落实主题党日活动", "落实主题党日活动"),
        ("指标 2：指导 10 个村", "指导 10 个村"),
        ("（1）财政拨款", "财政拨款"),
        ("(二）加强队伍建设", "加强队伍建设"),
        ("其中：人员支出", "人员支出"),
        ("（2）其中：项目支出", "项目支出"),
        ("1、机构设置", "机构设置"),
        ("1.组织、引导妇女", "组织、引导妇女"),
        ("一是加强沟通", "加强沟通"),
        ("2021年，全区共推选6户家庭", "2021年，全区共推选6户家庭"),
        ("5.15家庭教育宣传周", "5.15家庭教育宣传周"),
        ("三八节及春节前后", "三八节及春节前后"),
        ("12338热线服务平台运营维护", "12338热线服务平台运营维护"),
    ],
)
def test_strip_numbering(text: str, stripped: str) -> None:
    assert strip_numbering(text) == stripped


def test_labels_ignore_their_numbering() -> None:
    assert label_equal("（1）财政拨款", "财政拨款")
    assert label_equal("其中：人员支出", "人员支出")
    assert not label_equal("（1）基本支出", "（2）项目支出")


def test_regions_match_without_higher_levels() -> None:
    assert region_equal("岳阳县", "湖南省岳阳市岳阳县")
    assert region_equal("长沙市岳麓区", "岳麓区")
    assert not region_equal("岳阳县", "岳阳市")


def test_narrative_text_is_fuzzy() -> None:
    problem = "整体支出绩效管理工作缺乏专业指导，工作成效较其他优秀兄弟单位还有一定差距。"
    assert fuzzy_equal(problem, "整体支出绩效管理工作缺乏专业指导，工作成效较其他优秀兄弟单位还有差距")
    assert not fuzzy_equal(problem, "加强与财政局业务沟通，进一步提升整体支出绩效管理精细化。")


def test_level_labels_ignore_a_written_score_cap() -> None:
    assert level_equal("产出指标", "产出指标(50分)")
    assert level_equal("满意度指标（10分）", "满意度指标")
    assert not level_equal("产出指标", "效益指标(30分)")


def test_units_agree_across_spellings() -> None:
    assert unit_equal("万元", "万")  # "≤20万" in a 成本指标 row
    assert unit_equal("%", "％")
    assert unit_equal("人次", "人次")
    assert not unit_equal("万元", "万人次")
    assert not unit_equal("元", "万元")
