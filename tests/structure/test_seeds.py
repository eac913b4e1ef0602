"""Sections and metadata of the five golden documents, in every rendering that exists.

The expectations are written from reading the documents, not from the tool's output.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from jixiao.schema import Level
from jixiao.schema import Paragraph
from jixiao.schema import SectionKey
from jixiao.schema import Table
from jixiao.structure.titles import compact
from tests.conftest import SEED_STEMS
from tests.conftest import seed_path
from tests.structure.helpers import golden
from tests.structure.helpers import outline
from tests.structure.helpers import walk

FORMATS = ("txt", "docx", "pdf")
_READERS = {"docx": "jixiao.ingest.docx", "pdf": "jixiao.ingest.pdf"}


def _doc_params() -> list[object]:
    return [pytest.param(stem, fmt, id=f"{stem}.{fmt}") for stem in SEED_STEMS for fmt in FORMATS]


def _read(stem: str, fmt: str):  # type: ignore[no-untyped-def]
    if not seed_path(stem, fmt).exists():
        pytest.skip(f"{stem}.{fmt} has not been rendered")
    if fmt in _READERS:
        pytest.importorskip(_READERS[fmt])
    return golden(stem, fmt)


@dataclass(frozen=True)
class Heading:
    number: str
    title: str
    depth: int


# The 存在问题 and 改进措施 headings of each document (None where it has none).
PROBLEMS = {
    "000_hunan_2024": Heading("七、", "存在的问题及原因分析", 1),
    "001_yueyang_2024": Heading("7、", "存在的主要问题及原因分析", 1),
    "002_yuelu_2021": Heading("四、", "存在的主要问题及原因分析", 1),
    "003_wangcheng_2020": None,
    "004_zigong_2022": Heading("（二）", "存在问题", 2),
}
MEASURES = {
    "000_hunan_2024": Heading("八、", "下一步改进措施", 1),
    "001_yueyang_2024": Heading("8、", "下一步改进措施", 1),
    "002_yuelu_2021": Heading("五、", "下一步改进措施和有关建议", 1),
    "003_wangcheng_2020": None,
    "004_zigong_2022": Heading("（3）", "改进建议", 2),
}
DEPARTMENT = {
    "000_hunan_2024": ("湖南省妇女联合会", "湖南省", Level.PROVINCE, 2024),
    "001_yueyang_2024": ("岳阳县妇女联合会", "岳阳县", Level.COUNTY, 2024),
    "002_yuelu_2021": ("长沙市岳麓区妇女联合会", "长沙市岳麓区", Level.DISTRICT, 2021),
    "003_wangcheng_2020": ("长沙市望城区妇女联合会", "长沙市望城区", Level.DISTRICT, 2020),
    "004_zigong_2022": ("自贡市妇女联合会", "自贡市", Level.CITY, 2022),
}


@pytest.mark.parametrize(("stem", "fmt"), _doc_params())
def test_problems_and_measures_headings(stem: str, fmt: str) -> None:
    _, st = _read(stem, fmt)
    for key, expected in ((SectionKey.PROBLEMS, PROBLEMS[stem]), (SectionKey.MEASURES, MEASURES[stem])):
        found = [s for s in walk(st.sections) if s.key is key]
        if expected is None:
            assert found == []
            continue
        assert [(compact(s.number_raw), s.title, s.depth) for s in found] == [
            (expected.number, expected.title, expected.depth)
        ]


@pytest.mark.parametrize(("stem", "fmt"), _doc_params())
def test_department_and_fiscal_year(stem: str, fmt: str) -> None:
    doc, st = _read(stem, fmt)
    department, region, level, year = DEPARTMENT[stem]
    meta = st.meta
    assert (meta.department, meta.region, meta.level, meta.fiscal_year) == (department, region, level, year)
    span = meta.prov["department"].span
    assert span is not None and doc.text[span[0] : span[1]] == department
    span = meta.prov["fiscal_year"].span
    assert span is not None and doc.text[span[0] : span[1]] == str(year)


def _goal_tables(doc, section) -> list[int]:  # type: ignore[no-untyped-def]
    """Indexes of the tables inside ``section`` that have a 年度总体目标 cell."""
    first, last = section.block_range
    return [
        b.index
        for b in doc.blocks[first:last]
        if isinstance(b, Table) and any(compact(c.text) == "年度总体目标" for c in b.cells)
    ]


@pytest.mark.parametrize(("stem", "fmt"), _doc_params())
def test_annual_goals_are_found_as_sections_or_in_the_forms(stem: str, fmt: str) -> None:
    doc, st = _read(stem, fmt)
    sections = walk(st.sections)
    goals = [(compact(s.number_raw), s.title, s.depth) for s in sections if s.key is SectionKey.GOALS]
    by_title = {s.title: s for s in sections}
    if stem == "000_hunan_2024":
        # the report has no goals section; the 附件2 department form and every 附件3 project form have the row
        assert goals == []
        assert len(_goal_tables(doc, by_title["2024年度部门整体支出绩效自评表"])) == 1
        assert len(_goal_tables(doc, by_title["2024年度项目支出绩效自评表"])) == 4
    elif stem == "001_yueyang_2024":
        assert goals == []
        assert not any(compact(b.text) == "年度总体目标" for b in doc.blocks if isinstance(b, Paragraph))
    elif stem == "002_yuelu_2021":
        assert goals == []
        assert len(_goal_tables(doc, by_title["2021年度部门整体支出绩效自评表"])) == 1
    elif stem == "003_wangcheng_2020":
        assert goals == []
        form = by_title["部门整体自评表（2020年）"]
        if fmt == "txt":
            # the text extraction flattened the form into lines: the row label is a line inside the form
            first, last = form.block_range
            labels = [
                i for i, b in enumerate(doc.blocks) if isinstance(b, Paragraph) and b.text == "年度总体目标"
            ]
            assert len(labels) == 1 and first < labels[0] < last
            assert last == len(doc.blocks)
        else:
            assert len(_goal_tables(doc, form)) == 1
    else:
        # the 四川 report states its goals; its task list (（3） 年度主要工作任务) is not keyed again
        assert goals == [("（四）", "部门整体支出绩效目标", 2)]


# Headings whose numbering Word lost, with their depth worked out from their neighbours.
MIXED = {
    "000_hunan_2024": [
        (1, "1、", "部门基本情况"),
        (1, "二、", "一般公共预算支出情况"),
        (2, "（一）", "运行成本方面"),
        (2, "（2）", "管理效率方面"),
        (3, "1．", "严格预算执行，提高经费使用效率"),
        (2, "（3）", "履职效能和社会效应等方面"),
        (1, "七、", "存在的问题及原因分析"),
    ],
    "001_yueyang_2024": [
        (1, "1、", "部门（单位）基本情况"),
        (2, "1、", "机构设置"),
        (1, "二、", "一般公共预算支出情况"),
        (2, "（2）", "项目支出情况"),
        (3, "2、", "项目资金管理情况分析"),
        (1, "三、", "政府性基金预算支出情况"),
        (1, "7、", "存在的主要问题及原因分析"),
        (1, "8、", "下一步改进措施"),
        (1, "九、", "部门整体支出绩效自评结果拟应用和公开情况"),
    ],
    "004_zigong_2022": [
        (1, "第二部分", "2022年度单位决算情况说明"),
        (2, "1、", "收入支出决算总体情况说明"),
        (2, "3、", "支出决算情况说明"),
        (2, "四、", "财政拨款收入支出决算总体情况说明"),
        (2, "八、", "政府性基金预算支出决算情况说明"),
        (2, "9、", "国有资本经营预算支出决算情况说明"),
        (2, "十、", "其他重要事项的情况说明"),
        (1, "第3部分", "名词解释"),
        (2, "（二）", "机构职能和人员概况"),
        (2, "（3）", "年度主要工作任务"),
        (2, "（四）", "部门整体支出绩效目标"),
    ],
}


@pytest.mark.parametrize(("stem", "fmt"), [pytest.param(s, f, id=f"{s}.{f}") for s in MIXED for f in FORMATS])
def test_depth_of_mixed_numbering(stem: str, fmt: str) -> None:
    _, st = _read(stem, fmt)
    found = outline(st.sections)
    positions = [found.index(h) for h in MIXED[stem]]
    assert positions == sorted(positions)


# Whole outlines of the two short reports.
OUTLINE_001 = [
    (0, "", "岳阳县妇女联合会2024年度整体支出绩效自评报告"),
    (1, "1、", "部门（单位）基本情况"),
    (2, "1、", "机构设置"),
    (2, "2、", "主要职责"),
    (1, "二、", "一般公共预算支出情况"),
    (2, "（一）", "基本支出情况"),
    (2, "（2）", "项目支出情况"),
    (3, "1、", "项目资金实际使用情况分析"),
    (3, "2、", "项目资金管理情况分析"),
    (1, "三、", "政府性基金预算支出情况"),
    (1, "四、", "国有资本经营预算支出情况"),
    (1, "五、", "社会保险基金预算支出情况"),
    (1, "六、", "部门（单位）整体支出绩效情况"),
    (1, "7、", "存在的主要问题及原因分析"),
    (1, "8、", "下一步改进措施"),
    (1, "九、", "部门整体支出绩效自评结果拟应用和公开情况"),
    (1, "十、", "其他需要说明的情况"),
]
OUTLINE_002 = [
    (0, "", "2021年度部门整体支出绩效自评表"),
    (0, "", "2021年度长沙市岳麓区妇女联合会单位部门整体支出预算绩效自评报告"),
    (1, "一、", "部门（单位）概况"),
    (2, "（一）", "部门（单位）基本情况"),
    (2, "（二）", "部门（单位）整体支出规模、使用方向和主要内容、涉及范围等"),
    (1, "二、", "部门（单位）整体支出管理及使用情况"),
    (2, "（一）", "基本支出"),
    (2, "（二）", "专项支出"),
    (1, "三、", "部门（单位）整体支出绩效情况"),
    (1, "四、", "存在的主要问题及原因分析"),
    (1, "五、", "下一步改进措施和有关建议"),
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_whole_outline_of_001(fmt: str) -> None:
    _, st = _read("001_yueyang_2024", fmt)
    assert outline(st.sections) == OUTLINE_001
    keys = [s.key for s in st.sections[0].children]
    assert keys == [
        SectionKey.BASIC_INFO,
        SectionKey.BUDGET_EXEC,
        SectionKey.GOV_FUND,
        SectionKey.STATE_CAPITAL,
        SectionKey.SOCIAL_INS,
        SectionKey.PERFORMANCE,
        SectionKey.PROBLEMS,
        SectionKey.MEASURES,
        SectionKey.RESULT_USE,
        SectionKey.OTHER,
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_whole_outline_of_002(fmt: str) -> None:
    _, st = _read("002_yuelu_2021", fmt)
    assert outline(st.sections) == OUTLINE_002


@pytest.mark.parametrize(("stem", "fmt"), _doc_params())
def test_every_heading_span_gives_back_its_heading(stem: str, fmt: str) -> None:
    doc, st = _read(stem, fmt)
    sections = walk(st.sections)
    assert sections
    for s in sections:
        assert doc.text[s.span[0] : s.span[1]] == s.title_raw
        assert s.body_span[0] == s.span[1]
        assert s.body in doc.text[s.body_span[0] : s.body_span[1]]
        first, last = s.block_range
        assert doc.blocks[first].prov.span is not None
        assert doc.blocks[first].prov.span[0] <= s.span[0]
        for child in s.children:
            assert first <= child.block_range[0] and child.block_range[1] <= last
            assert child.depth > s.depth
