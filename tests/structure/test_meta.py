"""Report date, document kinds, template family and title of the golden documents (text and the real PDF)."""

from __future__ import annotations

from datetime import date

import pytest

from jixiao.schema import DocKind
from jixiao.schema import Level
from jixiao.schema import SectionKey
from jixiao.schema import Template
from jixiao.structure import analyse_structure
from tests.conftest import REALDOC_PDF
from tests.structure.helpers import golden
from tests.structure.helpers import make_doc
from tests.structure.helpers import outline

EXPECTED = {
    "000_hunan_2024": (
        None,
        date(2025, 4, 18),
        [DocKind.DEPT_REPORT, DocKind.BASIC_DATA, DocKind.DEPT_TABLE, DocKind.PROJECT_TABLE],
        Template.TEN_SECTIONS,
    ),
    "001_yueyang_2024": (
        "岳阳县妇女联合会2024年度整体支出绩效自评报告",
        date(2025, 5, 8),
        [DocKind.DEPT_REPORT],
        Template.TEN_SECTIONS,
    ),
    "002_yuelu_2021": (
        "2021年度部门整体支出绩效自评表",
        None,
        [DocKind.DEPT_TABLE, DocKind.DEPT_REPORT],
        Template.FIVE_SECTIONS,
    ),
    "003_wangcheng_2020": ("部门整体自评表（2020年）", None, [DocKind.DEPT_TABLE], Template.TRANSFER_COLUMN),
    "004_zigong_2022": (
        "自贡市妇女联合会2022年度单位决算编制的说明",
        None,
        [DocKind.FINAL_ACCOUNT, DocKind.DEPT_REPORT, DocKind.PROJECT_TABLE],
        Template.NATURE_UNIT,
    ),
}


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_title_date_kinds_and_template(stem: str) -> None:
    doc, st = golden(stem, "txt")
    title, report_date, kinds, template = EXPECTED[stem]
    meta = st.meta
    assert (meta.title, meta.report_date, meta.kinds, meta.template) == (title, report_date, kinds, template)
    if report_date is not None:
        span = meta.prov["report_date"].span
        assert span is not None
        assert doc.text[span[0] : span[1]] in ("2025.4.18", "2025年5月8日")
    assert meta.prov["template"].span is not None


def test_provenance_of_metadata_points_into_the_form_cell() -> None:
    doc, st = golden("000_hunan_2024", "txt")
    prov = st.meta.prov["department"]
    # 附件2's header row: 省级预算部门、单位名称 | 湖南省妇女联合会
    assert (prov.method, prov.row, prov.col, prov.line) == ("table_rule", 0, 1, 357)
    region = st.meta.prov["region"]
    assert region.span is not None and doc.text[region.span[0] : region.span[1]] == "湖南省"


def test_the_real_final_account_pdf() -> None:
    pytest.importorskip("jixiao.ingest.pdf")
    _, st = golden_pdf()
    meta = st.meta
    assert (meta.department, meta.region, meta.level, meta.fiscal_year) == (
        "上海市普陀区财政局",
        "上海市普陀区",
        Level.DISTRICT,
        2024,
    )
    assert meta.template is Template.FINAL_ACCOUNT
    assert DocKind.FINAL_ACCOUNT in meta.kinds
    parts = [h for h in outline(st.sections) if h[0] == 1]
    # the table of contents repeats every heading; each part is found once, after it
    assert parts == [
        (1, "第一部分", "上海市普陀区财政局概况"),
        (1, "第二部分", "上海市普陀区财政局2024年度部门决算表"),
        (1, "第三部分", "上海市普陀区财政局2024年度部门决算情况说明"),
        (1, "第四部分", "名词解释"),
    ]
    explanation = st.sections[0].children[2]
    assert explanation.key is SectionKey.FINAL_ACCOUNT
    assert [c.number_raw for c in explanation.children][:3] == ["一、", "二、", "三、"]
    assert explanation.children[-1].title == "其他重要事项的情况说明"
    three_public = explanation.children[6]
    assert (three_public.number_raw, three_public.title) == ("七、", "财政拨款“三公”经费支出决算情况说明")
    assert [(c.number_raw, c.title) for c in three_public.children] == [
        ("（一）", "“三公”经费财政拨款支出决算总体情况说明"),
        ("（二）", "“三公”经费财政拨款支出决算具体情况说明"),
    ]
    assert st.sections[0].children[3].key is SectionKey.GLOSSARY


def golden_pdf():  # type: ignore[no-untyped-def]
    from jixiao.ingest import read_document

    doc = read_document(REALDOC_PDF)
    return doc, analyse_structure(doc)


def test_a_document_without_any_clue_leaves_metadata_empty_and_says_so() -> None:
    st = analyse_structure(make_doc("正文。", "另一段正文。"))
    assert st.sections == []
    meta = st.meta
    assert (meta.department, meta.fiscal_year, meta.kinds, meta.template) == (
        None,
        None,
        [],
        Template.UNKNOWN,
    )
    assert any("no department" in w for w in st.warnings)
    assert any("no fiscal year" in w for w in st.warnings)


def test_department_from_the_project_form_when_nothing_else_names_it() -> None:
    st = analyse_structure(make_doc([["项目支出名称", "业务工作经费"], ["主管部门", "湖南省妇女联合会"]]))
    assert st.meta.department == "湖南省妇女联合会"
    assert st.meta.prov["department"].row == 1


def test_department_and_date_from_the_signature_under_a_report() -> None:
    st = analyse_structure(
        make_doc(
            "一、部门基本情况",
            "正文，提到湖南省妇联。",
            "十、其他需要说明的情况",
            "无",
            "岳阳县妇女联合会",
            "2025年5月8日",
        )
    )
    meta = st.meta
    assert (meta.department, meta.region, meta.level, meta.report_date) == (
        "岳阳县妇女联合会",
        "岳阳县",
        Level.COUNTY,
        date(2025, 5, 8),
    )
    assert meta.prov["department"].line == 5
    assert meta.prov["report_date"].line == 6


def test_the_ministry_project_form_is_known_by_its_rows() -> None:
    # 财预〔2020〕10号附件2: a 项目支出绩效自评表 whose fund rows include 年度资金总额 and 上年结转资金.
    rows = [["项目名称", "业务工作经费"], ["年度资金总额", "12.00"], ["上年结转资金", "2.00"]]
    st = analyse_structure(make_doc("2023年度项目支出绩效自评表", rows))
    assert DocKind.PROJECT_TABLE in st.meta.kinds
    assert st.meta.template is Template.MOF2020
    span = st.meta.prov["template"].span
    assert span is not None
    assert make_doc("2023年度项目支出绩效自评表", rows).text[span[0] : span[1]] == "项目支出绩效自评表"
    # Without its rows the same title is no template of its own.
    other = analyse_structure(make_doc("2023年度项目支出绩效自评表", [["项目名称", "业务工作经费"]]))
    assert other.meta.template is Template.UNKNOWN


def test_a_form_naming_its_unit_without_a_place_gives_the_level_only() -> None:
    st = analyse_structure(make_doc([["项目名称", "动物防疫"], ["主管部门", "市农业农村局"]]))
    assert (st.meta.department, st.meta.region, st.meta.level) == ("市农业农村局", None, Level.CITY)
    span = st.meta.prov["level"].span
    assert span is not None and span[1] - span[0] == 1


def test_the_ministry_project_form_without_its_empty_rows_is_known_by_its_fund_columns() -> None:
    # The same form with its empty 上年结转资金 / 其他资金 rows deleted, as many units publish it.
    rows = [
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        ["年度资金总额", "32.4", "32.4", "31.69", "10", "97.80%", "9"],
        ["其中：当年财政拨款", "32.4", "32.4", "31.69", "—", "97.80%", "—"],
    ]
    st = analyse_structure(make_doc("项目支出绩效自评表", rows))
    assert st.meta.template is Template.MOF2020


@pytest.mark.parametrize(
    ("label", "unit"),
    [
        ("主管部门及代码", "北京市海淀区人民政府学院路街道办事处"),
        ("项目主管单位", "广水市纪委监委"),
        ("市县主管部门", "原州区农业农村局"),
        ("地方主管部 门", "巴彦淖尔市临河区财政局"),
    ],
)
def test_the_competent_department_under_other_labels(label: str, unit: str) -> None:
    st = analyse_structure(make_doc([["项目名称", "业务工作经费"], [label, unit]]))
    assert st.meta.department == unit


def test_the_ministry_of_a_central_transfer_is_not_the_reporting_unit() -> None:
    rows = [["转移支付名称", "就业补助资金"], ["中央主管部门", "人力资源社会保障部"]]
    assert analyse_structure(make_doc(rows)).meta.department is None


def test_two_labels_in_one_cell_take_their_part_of_the_value() -> None:
    doc = make_doc([["项目名称", "马铃薯良种繁育"], ["项目实施单位/项目负责人", "原州区农技中心/张三"]])
    st = analyse_structure(doc)
    assert (st.meta.department, st.meta.region, st.meta.level) == ("原州区农技中心", "原州区", Level.DISTRICT)
    span = st.meta.prov["department"].span
    assert span is not None and doc.text[span[0] : span[1]] == "原州区农技中心"
