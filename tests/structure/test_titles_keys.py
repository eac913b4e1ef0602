"""Document titles, attachment markers, unit names, dates, canonical keys and regions."""

from __future__ import annotations

from datetime import date

import pytest

from jixiao.schema import Level
from jixiao.schema import SectionKey
from jixiao.structure.keys import key_for_title
from jixiao.structure.meta import bare_unit_level
from jixiao.structure.meta import region_and_level
from jixiao.structure.titles import TitleKind
from jixiao.structure.titles import attachment_list_label
from jixiao.structure.titles import attachment_marker
from jixiao.structure.titles import find_org
from jixiao.structure.titles import is_title_prefix
from jixiao.structure.titles import is_title_subtitle
from jixiao.structure.titles import parse_date
from jixiao.structure.titles import title_kind
from jixiao.structure.titles import toc_entry


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("岳阳县妇女联合会2024年度整体支出绩效自评报告", TitleKind.REPORT),
        ("整体支出预算绩效自评报告", TitleKind.REPORT),
        ("关于2022年度部门整体支出绩效自评报告", TitleKind.REPORT),
        ("2022年度单位决算编制的说明", TitleKind.REPORT),
        ("上海市普陀区财政局2024年度部门决算", TitleKind.REPORT),
        ("2024年度部门整体支出绩效评价基础数据表", TitleKind.FORM),
        ("2024 年度项目支出绩效自评表", TitleKind.FORM),
        ("部门整体自评表", TitleKind.FORM),
        ("部门预算项目支出绩效自评表（2022年度）", TitleKind.FORM),
        ("收入支出决算总表", TitleKind.FORM),
        # not titles: a caption, a sentence, a numbered heading, too short
        ("2024年妇女儿童事业发展专项资金使用情况", None),
        ("报告详见附件。", None),
        ("一、收入支出决算总体情况说明", None),
        ("自评表", None),
        ("单位：万元", None),
    ],
)
def test_document_titles(line: str, kind: TitleKind | None) -> None:
    assert title_kind(line) is kind


def test_lines_around_a_title() -> None:
    assert is_title_prefix("2021年度长沙市岳麓区妇女联合会单位部门")
    assert is_title_prefix("自贡市妇女联合会")
    assert not is_title_prefix("无")
    assert not is_title_prefix("我会编制人数82人。")
    assert not is_title_prefix("2024年度部门整体支出绩效自评表")  # a title itself
    assert is_title_subtitle("（2020年）")
    assert is_title_subtitle("（2020 年）")
    assert is_title_subtitle("2024")
    assert not is_title_subtitle("2025年5月8日")


def test_attachment_markers_and_lists() -> None:
    marker = attachment_marker("附件2")
    assert marker is not None and (marker.raw, marker.ordinal, marker.rest) == ("附件2", 2, "")
    marker = attachment_marker("附件 3：2024年度项目支出绩效自评表")
    assert marker is not None and (marker.raw, marker.ordinal, marker.rest) == (
        "附件 3：",
        3,
        "2024年度项目支出绩效自评表",
    )
    assert attachment_marker("附件：1．2024年度部门整体支出绩效评价基础数据表") is None
    assert attachment_marker("附件1中的数据有误，已更正。") is None
    assert attachment_list_label("附件：1．2024年度部门整体支出绩效评价基础数据表") == 3
    assert attachment_list_label("附件2") is None


def test_toc_entries() -> None:
    assert toc_entry("第一部分 上海市普陀区财政局概况……………3") == "第一部分上海市普陀区财政局概况"


@pytest.mark.parametrize(
    ("segment", "name"),
    [
        ("长沙市岳麓区妇女联合会单位部门整体支出预算绩效自评报告", "长沙市岳麓区妇女联合会"),
        ("自贡市妇女联合会部门", "自贡市妇女联合会"),
        ("湖南省妇女儿童活动中心", "湖南省妇女儿童活动中心"),
        ("上海市普陀区财政局年度部门决算", "上海市普陀区财政局"),
        ("社会保险基金预算支出情况", None),  # 社/会 end a name only after an administrative unit
        ("部门整体支出绩效评价基础数据表", None),
        # 学院 and 院 in a street's name (学院路) end no name
        ("海淀区学院路街道2016年度项目支出绩效自评表", None),
        ("北京市海淀区学院路街道城市运行服务中心", "北京市海淀区学院路街道城市运行服务中心"),
        ("中共宁德市委党史和地方志研究室", "中共宁德市委党史和地方志研究室"),
        ("广水市城投公司", "广水市城投公司"),
    ],
)
def test_names_of_public_bodies(segment: str, name: str | None) -> None:
    assert find_org(segment) == name


@pytest.mark.parametrize(
    ("text", "value", "found"),
    [
        ("填报日期：2025.4.18  联系电话", date(2025, 4, 18), "2025.4.18"),
        ("2025年5月8日", date(2025, 5, 8), "2025年5月8日"),
        ("2025 年 5月 8 日", date(2025, 5, 8), "2025 年 5月 8 日"),
        ("截至2022年12月31日", date(2022, 12, 31), "2022年12月31日"),
        ("2024.13.40 不是日期", None, None),
    ],
)
def test_dates(text: str, value: date | None, found: str | None) -> None:
    parsed = parse_date(text)
    if value is None:
        assert parsed is None
        return
    assert parsed is not None
    assert parsed[0] == value
    assert text[parsed[1] : parsed[2]] == found


@pytest.mark.parametrize(
    ("title", "key"),
    [
        ("部门基本情况", SectionKey.BASIC_INFO),
        ("部门（单位）概况", SectionKey.BASIC_INFO),
        ("单位概况", SectionKey.BASIC_INFO),
        ("部门职能概述", SectionKey.BASIC_INFO),
        ("一般公共预算支出情况", SectionKey.BUDGET_EXEC),
        ("部门（单位）整体支出管理及使用情况", SectionKey.BUDGET_EXEC),
        ("部门资金收支情况", SectionKey.BUDGET_EXEC),
        ("政府性基金预算支出情况", SectionKey.GOV_FUND),
        ("国有资本经营预算支出情况", SectionKey.STATE_CAPITAL),
        ("社会保险基金预算支出情况", SectionKey.SOCIAL_INS),
        ("部门整体支出绩效情况", SectionKey.PERFORMANCE),
        ("部门（单位）整体支出绩效情况", SectionKey.PERFORMANCE),
        ("部门整体绩效分析", SectionKey.PERFORMANCE),
        ("存在的问题及原因分析", SectionKey.PROBLEMS),
        ("存在的主要问题及原因分析", SectionKey.PROBLEMS),
        ("存在问题", SectionKey.PROBLEMS),
        ("下一步改进措施", SectionKey.MEASURES),
        ("下一步改进措施和有关建议", SectionKey.MEASURES),
        ("改进建议", SectionKey.MEASURES),
        ("部门整体支出绩效自评结果拟应用和公开情况", SectionKey.RESULT_USE),
        ("结果应用情况", SectionKey.RESULT_USE),
        ("其他需要说明的情况", SectionKey.OTHER),
        ("评价结论及建议", SectionKey.CONCLUSION),
        # other provinces' outlines (a 综合评价 report: 基本信息, 指标分析, 评价结论, 有关建议)
        ("单位基本信息", SectionKey.BASIC_INFO),
        ("绩效评价指标分析", SectionKey.PERFORMANCE),
        ("部门整体支出绩效目标完成情况", SectionKey.PERFORMANCE),
        ("绩效目标实现情况分析", SectionKey.PERFORMANCE),
        ("综合评价情况及评价结论", SectionKey.CONCLUSION),
        ("绩效自评结论", SectionKey.CONCLUSION),
        ("有关建议", SectionKey.MEASURES),
        ("意见和建议", SectionKey.MEASURES),
        ("存在的问题及建议", SectionKey.PROBLEMS),
        ("主要经验及做法、存在的问题及原因分析", SectionKey.PROBLEMS),
        ("自评质量", SectionKey.QUALITY),
        ("年度总体目标", SectionKey.GOALS),
        ("部门整体支出绩效目标", SectionKey.GOALS),
        ("年度主要工作任务", SectionKey.GOALS),
        ("2022年度单位决算情况说明", SectionKey.FINAL_ACCOUNT),
        ("自贡市妇女联合会2022年度单位决算编制的说明", SectionKey.FINAL_ACCOUNT),
        ("名词解释", SectionKey.GLOSSARY),
        ("附件", SectionKey.ATTACHMENTS),
        # parts of a 决算说明 and ordinary sub-headings have no canonical key
        ("政府性基金预算支出决算情况说明", SectionKey.FINAL_ACCOUNT),
        ("基本支出情况", None),
        ("运行成本方面", None),
        ("机构设置", None),
    ],
)
def test_canonical_keys(title: str, key: SectionKey | None) -> None:
    assert key_for_title(title) is key


@pytest.mark.parametrize(
    ("department", "region", "level"),
    [
        ("湖南省妇女联合会", "湖南省", Level.PROVINCE),
        ("岳阳县妇女联合会", "岳阳县", Level.COUNTY),
        ("长沙市岳麓区妇女联合会", "长沙市岳麓区", Level.DISTRICT),
        ("自贡市妇女联合会", "自贡市", Level.CITY),
        ("上海市普陀区财政局", "上海市普陀区", Level.DISTRICT),
        ("上海市财政局", "上海市", Level.PROVINCE),
        ("广西壮族自治区妇女联合会", "广西壮族自治区", Level.PROVINCE),
        ("凉山彝族自治州妇女联合会", "凉山彝族自治州", Level.CITY),
        # a city or district whose name ends in 州 (not the unit 州 of 恩施州)
        ("苏州市财政局", "苏州市", Level.CITY),
        ("北京市通州区财政局", "北京市通州区", Level.DISTRICT),
        ("恩施州财政局", "恩施州", Level.CITY),
        ("长沙市市场监督管理局", "长沙市", Level.CITY),
        # county-level cities: inside a city-level unit, or named by the gazetteer
        ("长沙市浏阳市妇女联合会", "长沙市浏阳市", Level.COUNTY),
        ("昌吉回族自治州阜康市统计局", "昌吉回族自治州阜康市", Level.COUNTY),
        ("阜康市统计局", "阜康市", Level.COUNTY),
        ("昆山市财政局", "昆山市", Level.COUNTY),
        ("中共宁德市委党史和地方志研究室", "宁德市", Level.CITY),  # 中共 names no place
    ],
)
def test_region_and_level_from_the_department(department: str, region: str, level: Level) -> None:
    assert region_and_level(department) == (region, level)


def test_no_region_in_a_name_without_one() -> None:
    assert region_and_level("中华全国妇女联合会") is None


@pytest.mark.parametrize(
    ("department", "level"),
    [
        ("市农业农村局", Level.CITY),
        ("市農業農村局-市畜牧獸醫服務中心", Level.CITY),
        ("县财政局", Level.COUNTY),
        ("区教育局", Level.DISTRICT),
        ("省妇联", Level.PROVINCE),
        ("市政府办公室", Level.CITY),
        ("市场监督管理局", None),  # 市场 is a word, not the city
        ("区域发展服务中心", None),
        ("县（市、区）财政局", None),  # a template's placeholder, no unit
        ("中华全国妇女联合会", None),
    ],
)
def test_a_name_opening_with_a_bare_unit_states_its_level(department: str, level: Level | None) -> None:
    assert bare_unit_level(department) is level
