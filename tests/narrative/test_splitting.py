"""Item splitting, and what the rules read inside an item (causes, figures, quantities, deadlines, categories)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.narrative.assemble import clean_text
from jixiao.narrative.categories import categorise
from jixiao.narrative.categories import link_measure
from jixiao.narrative.llm import chunk_text
from jixiao.narrative.patterns import empty_reason
from jixiao.narrative.patterns import find_deadline
from jixiao.narrative.patterns import find_figures
from jixiao.narrative.patterns import goal_quantity
from jixiao.narrative.patterns import split_cause
from jixiao.narrative.splitting import split_items
from jixiao.schema import Op
from jixiao.schema import ProblemCategory
from jixiao.structure.headings import numeral_value


def texts(text: str, **kw: bool) -> list[str]:
    return [s.text for s in split_items(text, **kw)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Word numbering lost: （一） then （2）, mixed bracket widths (二）.
        ("（一）预算执行率较低。\n（2） 绩效意识不强。\n", ["预算执行率较低。", "绩效意识不强。"]),
        ("（一）甲。\n(二）乙。\n(三）丙。", ["甲。", "乙。", "丙。"]),
        ("1、甲。\n\n2、乙。\n3、丙。", ["甲。", "乙。", "丙。"]),
        ("1. 甲。\n2. 乙。", ["甲。", "乙。"]),
        ("（4）.开展排查。", ["开展排查。"]),
        ("①资源\n②直播\n③宣传片", ["资源", "直播", "宣传片"]),
        ("指标 1：开展讲堂；\n指标 2：指导社区；", ["开展讲堂；", "指导社区；"]),
        (
            "下一步，将加强管理。一是加快执行。二是加强监控。三是专款专用。",
            ["加快执行。", "加强监控。", "专款专用。"],
        ),
        ("主要有：第一，制度不全；第二，人员不足。", ["制度不全；", "人员不足。"]),
    ],
)
def test_numbered_lists_of_every_style(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_nested_numbering_stays_inside_its_item() -> None:
    text = "一、开展宣传。二、开展培训：1.线上培训；2.线下培训。三、开展评选。"
    assert texts(text) == ["开展宣传。", "开展培训：1.线上培训；2.线下培训。", "开展评选。"]


def test_decimals_and_references_are_not_markers() -> None:
    assert texts("2.4万师生受益。如（1）所述，效果良好。", sentences=False) == [
        "2.4万师生受益。如（1）所述，效果良好。"
    ]


def test_offsets_point_into_the_text() -> None:
    text = "前言\n（一）甲乙。\n（二）丙丁。"
    for seg in split_items(text):
        assert text[seg.start : seg.end] == seg.text
    assert [s.ordinal for s in split_items(text)] == [1, 2]


def test_without_numbering_paragraphs_then_sentences() -> None:
    assert texts("甲问题。\n乙问题。") == ["甲问题。", "乙问题。"]
    assert texts("绩效目标不细。究其原因，重视不够。预算执行慢。") == [
        "绩效目标不细。究其原因，重视不够。",
        "预算执行慢。",
    ]
    assert texts("绩效目标不细。预算执行慢。", sentences=False) == ["绩效目标不细。预算执行慢。"]
    assert texts("  \n ") == []


def test_numerals() -> None:
    assert [numeral_value(x) for x in ("七", "十", "十二", "二十", "12", "③", "甲")] == [
        7,
        10,
        12,
        20,
        12,
        3,
        None,
    ]


def test_cause_phrases() -> None:
    s = split_cause("执行率较低，主要原因是资金未拨付。")
    assert (s.problem, s.cause) == ("执行率较低", "资金未拨付。")
    s = split_cause("意识不强。究其原因，学习不够。")
    assert (s.problem, s.cause) == ("意识不强。", "学习不够。")
    s = split_cause("进度慢，原因在于审批环节多")
    assert (s.problem, s.cause) == ("进度慢", "审批环节多")
    s = split_cause("主席身兼数职，由于精力有限，没有履职。")
    assert (s.problem, s.cause) == ("主席身兼数职，由于精力有限，没有履职。", "精力有限")
    assert split_cause("分析偏差的原因并整改。").cause is None


def test_figures_keep_what_was_written() -> None:
    figs = find_figures("执行率８８.７４％，支出1546.35万元，收入5187593.33元，2024年")
    assert [(f.raw, f.kind, f.value) for f in figs] == [
        ("８８.７４％", "percent", Decimal("88.74")),
        ("1546.35万元", "amount", Decimal("1546.35")),
        ("5187593.33元", "amount", Decimal("5187593.33")),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开展至少 30 场公益讲堂", (Op.GE, Decimal(30), None, "场")),
        ("帮扶妇女儿童 180 人以上", (Op.GE, Decimal(180), None, "人")),
        ("调和率达 20%以上。", (Op.GE, Decimal(20), None, "%")),
        ("运营费用不超过10万元", (Op.LE, Decimal(10), None, "万元")),
        ("指导 10 个村（社区）开展工作", (Op.NONE, Decimal(10), None, "个")),
        ("每次讲座40-80分钟", (Op.RANGE, Decimal(40), Decimal(80), "分钟")),
        ("提供不少于200课时（2000分钟）的资源", (Op.GE, Decimal(200), None, "课时")),
    ],
)
def test_goal_quantities(text: str, expected: tuple[Op, Decimal, Decimal | None, str]) -> None:
    v = goal_quantity(text)
    assert v is not None and (v.op, v.num, v.num_hi, v.unit) == expected


@pytest.mark.parametrize(
    "text",
    [
        "建立健全内部控制制度。",
        "持续推进“1136”工作思路",
        "共54个班级，1000学位，可服务10000人次",
        "2022年12月底前完成",
    ],
)
def test_no_goal_quantity(text: str) -> None:
    assert goal_quantity(text) is None


def test_deadlines() -> None:
    assert find_deadline("2022年12月底前评选出最美家庭") == "2022年12月底前"
    assert find_deadline("2022年12底前评选") == "2022年12底前"
    assert find_deadline("各项工作任务年底前基本完成") == "年底前"
    assert find_deadline("6月30日之前完成验收") == "6月30日之前"
    assert find_deadline("2020年，举办了4次培训") is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("无", "无"),
        (" 无", "无"),
        ("无。", "无"),
        ("暂无", "无"),
        ("/", "无"),
        ("结合自评情况，分析存在的问题及原因。（200字以内）", "placeholder"),
        ("对照年度目标，说明相关任务目标的完成情况（100字以内）", "placeholder"),
        ("加强管理。", None),
    ],
)
def test_empty_sections_and_placeholders(text: str, reason: str | None) -> None:
    assert empty_reason(text) == reason


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("2024年全年预算执行率88.74%,预算执行率较低", ProblemCategory.BUDGET_EXEC),
        ("项目支出绩效评价指标体系不完善，给考核评价带来困难。", ProblemCategory.INDICATORS),
        ("县级妇女儿童活动中心建设有待加强。", ProblemCategory.FACILITIES),
        ("基层妇联队伍有待进一步优化。", ProblemCategory.STAFF),
        ("加强经费使用管理，本着专款专用的原则，提升预算执行效果。", ProblemCategory.FUNDS),
        (
            "加强业务处室预算管理意识。将预算编制的原则及时传达，提高预算编制的精准性。",
            ProblemCategory.BUDGET_PREP,
        ),
        ("建立健全内部控制制度。", ProblemCategory.RULES),
        ("强化政治引领。组建巾帼宣讲队。", ProblemCategory.OTHER),
        # One mention in the body is not enough to leave 其他.
        ("开展家庭文明创建工作。建立家庭教育指导服务队伍。", ProblemCategory.OTHER),
    ],
)
def test_categories(text: str, category: ProblemCategory) -> None:
    assert categorise(text) == category


def test_measure_links() -> None:
    problems = ["预算执行率较低", "不注重绩效管理，结果应用不够"]
    assert link_measure("加大绩效管理的宣传与结果应用。通过培训。", problems) == [2]
    assert link_measure("加强业务处室预算管理意识。", problems) == []
    assert link_measure("针对问题一，加快资金拨付。", problems) == [1]
    assert link_measure("针对第2个问题，开展培训。", problems) == [2]


def test_clean_text_undoes_pdf_line_breaks() -> None:
    assert clean_text("等公\n益讲堂；") == "等公益讲堂"
    assert clean_text("the\nmodel  ") == "the model"


def test_long_sections_are_chunked_between_items() -> None:
    text = "".join(f"（{n}）{'措施内容' * 20}。\n" for n in range(1, 7))
    chunks = chunk_text(text, 250)
    assert "".join(chunks) == text
    assert all(len(c) <= 250 for c in chunks) and len(chunks) == 3
    assert all(c.startswith("（") for c in chunks)
    assert chunk_text("短文本", 250) == ["短文本"]
