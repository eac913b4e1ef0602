"""The offline rules backend on the five seeds, against items written by reading the documents.

Long items are pinned by their first and last words (which is what splitting decides) and by the
requirement that the text is the document's own text at the item's grounded span.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from jixiao.narrative import RulesBackend
from jixiao.narrative.assemble import clean_text
from jixiao.schema import Document
from jixiao.schema import DocumentStructure
from jixiao.schema import GroundingStatus
from jixiao.schema import NarrativeResult
from jixiao.schema import Op
from jixiao.schema import ProblemCategory
from jixiao.schema import TablesResult
from tests.narrative import seed_inputs

C = ProblemCategory
Seed = Callable[[], tuple[Document, DocumentStructure, TablesResult]]


def run(seed: Seed) -> tuple[Document, NarrativeResult]:
    doc, structure, tables = seed()
    return doc, RulesBackend().interpret(doc, structure, tables)


def assert_item_text(text: str, expected: str | tuple[str, str]) -> None:
    if isinstance(expected, tuple):
        head, tail = expected
        assert text.startswith(head) and text.endswith(tail), text
    else:
        assert text == expected


def assert_grounded_exactly(doc: Document, result: NarrativeResult) -> None:
    for item in [*result.goals, *result.problems, *result.measures]:
        assert item.grounding.status == GroundingStatus.EXACT
        span = item.grounding.span
        assert span is not None and doc.text[span[0] : span[1]] == item.evidence
        assert clean_text(item.evidence).startswith(item.text[:10])
        assert item.prov is not None and item.prov.span == span and item.prov.method == "text_rule"


# --- problems and measures -------------------------------------------------------------------------

PROBLEMS: dict[str, list[tuple[str | tuple[str, str], str | tuple[str, str] | None, ProblemCategory]]] = {
    "000": [
        (
            "2024年全年预算执行率88.74%,预算执行率较低",
            "家庭教育民生实事项目由于有些合同采取分期付款方式，部分资金还未拨付。",
            C.BUDGET_EXEC,
        ),
        (
            "在整个部门仍然存在只关注资金使用，不注重绩效管理等现象，认为绩效评价仅仅只是财务的工作。",
            (
                "一方面是大家对预算资金绩效管理的学习仍不够",
                "另一方面是绩效评价的结果应用对大家工作的影响还不够深远",
            ),
            C.PERF_MGMT,
        ),
    ],
    "001": [
        (
            "县级妇女儿童活动中心建设有待加强。根据妇女儿童发展纲要（规划）要求，县市区要建设1所妇女儿童活动中心的目标没有实现。",
            None,
            C.FACILITIES,
        ),
        (("基层妇联队伍有待进一步优化。", "没有履行好妇联主席的职责。"), "精力、时间有限", C.STAFF),
    ],
    "002": [
        ("整体支出绩效管理工作缺乏专业指导，工作成效较其他优秀兄弟单位还有一定差距。", None, C.PERF_MGMT)
    ],
    "003": [],
    "004": [
        ("对绩效评价工作的重要性认识有待进一步提高。", None, C.PERF_MGMT),
        ("项目支出绩效评价指标体系不完善，给考核评价及评分工作带来一定的困难。", None, C.INDICATORS),
    ],
}

MEASURES: dict[str, list[tuple[str | tuple[str, str], ProblemCategory, list[int]]]] = {
    "000": [
        (
            ("对项目实施绩效情况进行动态监控，将监控结果运用于项目资金分配。", "提高资金的聚集效应。"),
            C.PERF_MGMT,
            [],
        ),
        (("加强业务处室预算管理意识。", "切合宣传工作要点。"), C.BUDGET_PREP, []),
        (("加大资金绩效管理的宣传与结果应用。", "作为下次资金分配的依据。"), C.PERF_MGMT, [2]),
    ],
    "001": [
        (("强化政治引领。", "常态化开展巾帼志愿服务。"), C.OTHER, []),
        (("全面完成省市重点民生实事", "筹集各方资源关爱更多困境妇女。"), C.OTHER, []),
        (("落实维权五项机制，构筑维权工作大格局。", "法律法规政策宣传培训。"), C.RULES, []),
        (("开展家庭文明创建工作", "打造困境关爱服务活动品牌。"), C.OTHER, []),
    ],
    "002": [("加强与财政局业务沟通，进一步提升整体支出绩效管理精细化。", C.PERF_MGMT, [1])],
    "003": [],
    "004": [
        (("为保证预算资金使用效益", "加快项目预算执行。"), C.BUDGET_EXEC, []),
        (("加强与业务部门对接", "切实提高部门预算项目绩效分析的准确性、科学性、有效性。"), C.PERF_MGMT, []),
        (("根据年初部门预算的批复", "全面提升预算执行效果。"), C.FUNDS, []),
    ],
}

SEEDS: dict[str, Seed] = {
    "000": seed_inputs.seed_000,
    "001": seed_inputs.seed_001,
    "002": seed_inputs.seed_002,
    "003": seed_inputs.seed_003,
    "004": seed_inputs.seed_004,
}


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_problems_equal_the_hand_written_answers(seed: str) -> None:
    doc, result = run(SEEDS[seed])
    expected = PROBLEMS[seed]
    assert [p.seq for p in result.problems] == list(range(1, len(expected) + 1))
    for item, (text, cause, category) in zip(result.problems, expected, strict=True):
        assert_item_text(item.text, text)
        if cause is None:
            assert item.cause is None
        else:
            assert item.cause is not None
            assert_item_text(item.cause, cause)
        assert item.category == category
        assert item.scope == "部门整体" and item.section_key == "PROBLEMS"
    assert_grounded_exactly(doc, result)


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_measures_equal_the_hand_written_answers(seed: str) -> None:
    doc, result = run(SEEDS[seed])
    expected = MEASURES[seed]
    assert [m.seq for m in result.measures] == list(range(1, len(expected) + 1))
    for item, (text, category, addresses) in zip(result.measures, expected, strict=True):
        assert_item_text(item.text, text)
        assert item.category == category
        assert item.addresses == addresses
    assert_grounded_exactly(doc, result)


def test_000_problem_cites_the_execution_rate() -> None:
    _, result = run(seed_inputs.seed_000)
    assert result.problems[0].figure_pcts == [Decimal("88.74")]
    assert result.problems[1].figure_pcts == [] and result.problems[1].figures == []


def test_001_items_carry_their_source_lines() -> None:
    _, result = run(seed_inputs.seed_001)
    assert [p.prov.line for p in result.problems if p.prov] == [48, 49]
    assert [m.prov.line for m in result.measures if m.prov] == [52, 54, 56, 57]


# --- goals -------------------------------------------------------------------------------------------


def test_003_goals_with_quantities_and_completions() -> None:
    doc, result = run(seed_inputs.seed_003)
    got = [(g.text, (g.target.op, g.target.num, g.target.unit) if g.target else None) for g in result.goals]
    assert got == [
        ("开展至少 30 场家庭教育、法律知识、婚姻家庭、心理健康等公益讲堂", (Op.GE, Decimal(30), "场")),
        (
            "指导 10 个村（社区）开展科学育儿、亲子早教进社区工作，帮助更多的家庭缓解养育难题",
            (Op.NONE, Decimal(10), "个"),
        ),
        ("帮扶全区各类贫困弱势妇女儿童 180 人以上", (Op.GE, Decimal(180), "人")),
        ("创建区级巾帼文明岗、妇女儿童之家各 3 个以上", (Op.GE, Decimal(3), "个")),
        ("开展“线上+线下”技能培训至少 5 期", (Op.GE, Decimal(5), "期")),
        (
            "继续通过政府购买服务的形式，大力推进婚调委建设项目和幸福号三级平台建设，婚姻家庭矛盾调和率达 20%以上。",
            (Op.GE, Decimal(20), "%"),
        ),
        ("开展男女平等基本国策和有关妇女儿童权益维护的法律法规宣传，进一步提升妇女儿童维权意识", None),
        ("巩固“爱心妈妈”志愿服务品牌，引导社会力量关心关爱困境儿童", None),
        ("建立健全内部控制制度，并严格对照执行。", None),
    ]
    # One completion paragraph, not written in the goals' order: it is the statement for all nine.
    completions = {g.actual_text for g in result.goals}
    assert len(completions) == 1
    (completion,) = completions
    assert completion is not None
    assert completion.startswith("2020 年，举办了 4次三级婚调平台建设培训和沙龙；")
    assert completion.endswith("得到人民日报等中央和省市媒体广泛宣传报道。")
    assert all(g.section_key == "table:年度总体目标" and g.scope == "部门整体" for g in result.goals)
    assert_grounded_exactly(doc, result)


def test_002_single_goal_takes_the_whole_completion_cell() -> None:
    doc, result = run(seed_inputs.seed_002)
    assert len(result.goals) == 1
    goal = result.goals[0]
    assert (
        goal.text
        == "围绕区委中心工作、服务大局，办好困难妇女群众民生实事，狠抓工作规范提升，确保安全稳定，推动全区妇女事业再上新台阶。"
    )
    assert goal.target is None and goal.deadline is None
    assert goal.actual_text is not None
    assert goal.actual_text.startswith("在区委、区政府和上级妇联的坚强领导下")
    assert goal.actual_text.endswith("继续保持全市先进单位。")
    assert_grounded_exactly(doc, result)


def test_000_goals_of_the_department_and_project_tables() -> None:
    doc, result = run(seed_inputs.seed_000)
    dept = [g for g in result.goals if g.scope == "部门整体"]
    heads = ["以养成良好习惯", "开展《民法典》", "实施湘女健康工程", "平台运营：", "妇联干部网上工作能力培训：",
             "原创内容生产：", "大力宣传贯彻《中华人民共和国家庭教育促进法》", "1.联合与省委组织部党员教育中心合作"]  # fmt: skip
    assert len(dept) == len(heads)
    for goal, head in zip(dept, heads, strict=True):
        assert goal.text.startswith(head)
        assert goal.target is None  # none states a single quantity
    # The 实际完成情况 cell is a 一是…五是 list that does not line up with the eight goals.
    assert [g.actual_text for g in dept] == [None] * 8

    building = [g for g in result.goals if g.project_name == "妇女儿童活动中心综合楼改造"]
    assert [(g.seq, g.actual_text) for g in building] == [(1, "中心综合楼改造项目如期完成。")]
    yanghua = [g for g in result.goals if g.project_name == "向阳花行动"]
    assert [g.text for g in yanghua] == [
        "提供不少于200课时（2000分钟）的家庭教育视音频资源",
        "可面向全省线上调研家长育儿需求，根据家长需求邀约国内知名专家开展向阳花行动系列直播，并具备一定的线上推广及传播能力",
        "策划制作向阳花行动线上家庭教育指导服务线上宣传片和直播课程",
    ]
    first = yanghua[0].target
    assert first is not None and (first.op, first.num, first.unit) == (Op.GE, Decimal(200), "课时")
    # One completion statement (copied from another project) for the three goals: each gets it.
    assert [g.actual_text for g in yanghua] == [
        "加强了对外交流与合作，推进了国际妇女组织之间的联系及各项妇女工作的开展"
    ] * 3
    assert_grounded_exactly(doc, result)


def test_004_goals_and_empty_project_cells() -> None:
    doc, result = run(seed_inputs.seed_004)
    dept = [g for g in result.goals if g.scope == "部门整体"]
    assert len(dept) == 1 and dept[0].section_key == "GOALS"
    assert dept[0].text.startswith("持续推进市妇联“1136”工作思路") and dept[0].text.endswith("贡献巾帼力量。")
    assert dept[0].target is None  # "1136" names the approach; it is no quantity

    project = [g for g in result.goals if g.project_code == seed_inputs.HAPPY_FAMILY]
    assert [g.text for g in project] == [
        "结合创文开展2022年“寻找最美家庭 ”文明创建活动。",
        "建立完善自贡市家庭教育专家团队，采取线上+线下形式开展“幸福使者 母亲课堂”宣讲和家庭教育讲座及家庭教育相关活动。",
        "开展“传家训家风”、创最美家庭“文明家庭创建活动。",
        "推动开展家校社合作共育项目。",
    ]
    # The completion cell reports clause by clause in the goals' order; its last sentence covers goals 3
    # and 4 and is shared at its comma.
    assert [g.actual_text for g in project] == [
        "开展2022年寻找“最美家庭”创建活动，选树全国“最美家庭”“五好家庭”各1户、四川省“五好家庭”8户、“最美家庭”6户、自贡市“最美家庭”30户。",
        "建立盐都家庭建设专家库，聘用27名专家、家庭教育志愿讲师19名，采取线上+线下形式开展“幸福使者 母亲课堂”宣讲和家庭教育讲座及家庭教育相关活动；",
        "开展好家风家训家规征集活动，",
        "创新开展家校社合作共育——第三届家庭教育辩论赛项目。",
    ]

    # 存在问题 / 改进措施 cells holding 无 or the unfilled template instruction give no items.
    cells = [(s.target, s.project_name, s.status, s.reason, s.items) for s in result.statuses if s.section_key and s.section_key.startswith("table:") and s.target != "goals"]  # fmt: skip
    assert cells == [
        ("problems", "市妇联幸福家庭再提升行动", "empty", "无", 0),
        ("problems", "（模板未填写）", "empty", "placeholder", 0),
        ("measures", "市妇联幸福家庭再提升行动", "empty", "无", 0),
        ("measures", "（模板未填写）", "empty", "无", 0),
    ]
    assert all(p.scope == "部门整体" for p in result.problems)
    assert_grounded_exactly(doc, result)


def test_counts_per_seed() -> None:
    counts = {}
    for name, seed in SEEDS.items():
        _, result = run(seed)
        counts[name] = (len(result.goals), len(result.problems), len(result.measures))
    assert counts == {
        "000": (12, 2, 3),
        "001": (0, 2, 4),
        "002": (1, 1, 1),
        "003": (9, 0, 0),
        "004": (5, 2, 3),
    }
