"""Depth from the sequence of headings, headings vs list items, documents and forms, on small documents."""

from __future__ import annotations

from jixiao.schema import SectionKey
from jixiao.structure import analyse_structure
from tests.structure.helpers import make_doc
from tests.structure.helpers import outline
from tests.structure.helpers import walk


def test_lost_word_numbering_keeps_its_place_in_the_sequence() -> None:
    doc = make_doc(
        "1、 部门基本情况",
        "正文。",
        "二、一般公共预算支出情况",
        "（一）基本支出情况",
        "正文。",
        "（2） 项目支出情况",
        "1、项目资金实际使用情况分析",
        "正文。",
        "2、 项目资金管理情况分析",
        "正文。",
        "三、政府性基金预算支出情况",
        "无。",
        "7、 存在的主要问题及原因分析",
        "正文。",
        "九、部门整体支出绩效自评结果拟应用和公开情况",
    )
    assert outline(analyse_structure(doc).sections) == [
        (1, "1、", "部门基本情况"),
        (1, "二、", "一般公共预算支出情况"),
        (2, "（一）", "基本支出情况"),
        (2, "（2）", "项目支出情况"),
        (3, "1、", "项目资金实际使用情况分析"),
        (3, "2、", "项目资金管理情况分析"),
        # "三、" continues "二、", not the deeper "1、 2、" list written in Arabic digits
        (1, "三、", "政府性基金预算支出情况"),
        (1, "7、", "存在的主要问题及原因分析"),
        (1, "九、", "部门整体支出绩效自评结果拟应用和公开情况"),
    ]


def test_a_final_account_sequence_mixing_numerals() -> None:
    doc = make_doc(
        "第二部分 2022年度单位决算情况说明",
        "1、 收入支出决算总体情况说明",
        "2、 收入决算情况说明",
        "3、 支出决算情况说明",
        "四、财政拨款收入支出决算总体情况说明",
        "（一）一般公共预算财政拨款支出决算总体情况",
        "9、 国有资本经营预算支出决算情况说明",
        "十、其他重要事项的情况说明",
        "第3部分 名词解释",
    )
    assert outline(analyse_structure(doc).sections) == [
        (1, "第二部分", "2022年度单位决算情况说明"),
        (2, "1、", "收入支出决算总体情况说明"),
        (2, "2、", "收入决算情况说明"),
        (2, "3、", "支出决算情况说明"),
        (2, "四、", "财政拨款收入支出决算总体情况说明"),
        (3, "（一）", "一般公共预算财政拨款支出决算总体情况"),
        (2, "9、", "国有资本经营预算支出决算情况说明"),
        (2, "十、", "其他重要事项的情况说明"),
        (1, "第3部分", "名词解释"),
    ]


def test_numbered_sentences_are_list_items_of_the_body() -> None:
    doc = make_doc(
        "七、存在的问题及原因分析",
        "（一）2024年全年预算执行率88.74%,预算执行率较低，主要原因是部分资金还未拨付。",
        "（2） 在整个部门仍然存在只关注资金使用，不注重绩效管理等现象。",
        "八、下一步改进措施",
        "(一）对项目实施绩效情况进行动态监控，将监控结果运用于项目资金分配。",
        # a run-in line of the same list: the list holds a sentence, so all of it is body
        "(二）加强业务处室预算管理意识。将预算编制的原则及时传达给业务处室。",
        "九、部门整体支出绩效自评结果拟应用和公开情况",
    )
    sections = analyse_structure(doc).sections
    assert outline(sections) == [
        (1, "七、", "存在的问题及原因分析"),
        (1, "八、", "下一步改进措施"),
        (1, "九、", "部门整体支出绩效自评结果拟应用和公开情况"),
    ]
    assert sections[0].key is SectionKey.PROBLEMS
    assert sections[0].body.startswith("（一）2024年全年预算执行率88.74%")
    assert sections[1].body.endswith("将预算编制的原则及时传达给业务处室。")


def test_a_short_sentence_in_a_list_of_sentences_is_an_item_too() -> None:
    doc = make_doc(
        "一、主要职责",
        "（一）根据党的中心任务，指导各级妇联开展妇女儿童工作。",
        "（二）承办市委、市政府交办的其他事项。",
        "二、机构设置",
    )
    assert outline(analyse_structure(doc).sections) == [(1, "一、", "主要职责"), (1, "二、", "机构设置")]


def test_run_in_headings_count_when_their_list_leads_to_a_standalone_heading() -> None:
    doc = make_doc(
        "一、单位概况",
        "（一）机构组成。本级工作机构由两办四部构成。",
        "（二）机构职能和人员概况。主要工作任务是：",
        "1.根据党的中心任务，开展妇女儿童工作，并给予业务指导。",
        "我会机关现有核定编制数为14名。",
        "（3） 年度主要工作任务。",
        "1.实施综合素质再提升行动，强化思想引领。聚焦主题开展宣传教育活动。",
        "二、部门资金收支情况",
        # run-in lines whose list never reaches a standalone heading stay items
        "1.部门总体收入情况。收入总计5187593.33元。",
        "2.部门总体支出情况。支出总计5187593.33元。",
    )
    sections = analyse_structure(doc).sections
    assert outline(sections) == [
        (1, "一、", "单位概况"),
        (2, "（一）", "机构组成"),
        (2, "（二）", "机构职能和人员概况"),
        (2, "（3）", "年度主要工作任务"),
        (1, "二、", "部门资金收支情况"),
    ]
    first = sections[0].children[0]
    assert first.title_raw == "（一）机构组成。"
    assert first.body == "本级工作机构由两办四部构成。"
    assert doc.text[first.span[0] : first.span[1]] == first.title_raw
    assert sections[0].children[2].key is SectionKey.GOALS
    assert sections[1].body.startswith("1.部门总体收入情况。")


def test_documents_and_forms_are_depth_zero_and_listed_attachments_nest_under_their_list() -> None:
    doc = make_doc(
        "2021年度部门整体支出绩效自评表",
        [["部门职责", "贯彻执行党和政府关于妇女工作的方针"], ["年度总体目标", "年初设定目标"]],
        "2021年度长沙市岳麓区妇女联合会单位部门",
        "整体支出预算绩效自评报告",
        "一、部门（单位）概况",
        "（一）部门（单位）基本情况",
        "正文。",
        "二、存在的主要问题及原因分析",
        "正文。",
        "附件：1．2024年度部门整体支出绩效评价基础数据表",
        "2．2024年度部门整体支出绩效自评表",
        "附件1",
        "2024年度部门整体支出绩效评价基础数据表",
        [["财政供养人员情况（人）", "编制数"], ["", "82"]],
        "附件2",
        "2024年度部门整体支出绩效自评表",
        [["1、报表说明", "不是标题"]],
        "1.项目年度目标完成情况",
        "2024年度部门整体支出绩效自评表",
        "附件3",
    )
    st = analyse_structure(doc)
    assert outline(st.sections) == [
        (0, "", "2021年度部门整体支出绩效自评表"),
        (0, "", "2021年度长沙市岳麓区妇女联合会单位部门整体支出预算绩效自评报告"),
        (1, "一、", "部门（单位）概况"),
        (2, "（一）", "部门（单位）基本情况"),
        (1, "二、", "存在的主要问题及原因分析"),
        (1, "", "附件"),
        (2, "附件1", "2024年度部门整体支出绩效评价基础数据表"),
        (2, "附件2", "2024年度部门整体支出绩效自评表"),
        # a marker with no title under it is titled by itself
        (2, "附件3", "附件3"),
    ]
    report = st.sections[1]
    assert report.title_raw == "2021年度长沙市岳麓区妇女联合会单位部门\n整体支出预算绩效自评报告"
    # the first-level heading keeps its key; the same key is not repeated below it
    assert [s.key for s in walk([report])] == [
        None,
        SectionKey.BASIC_INFO,
        None,
        SectionKey.PROBLEMS,
        SectionKey.ATTACHMENTS,
        None,
        None,
        None,
    ]
    listing = report.children[-1]
    assert listing.title_raw == "附件："
    assert listing.body.splitlines() == [
        "1．2024年度部门整体支出绩效评价基础数据表",
        "2．2024年度部门整体支出绩效自评表",
    ]
    assert [s.ordinal for s in listing.children] == [1, 2, 3]
    assert listing.children[1].block_range == (14, 19)


def test_an_attachment_without_a_list_is_a_document_of_its_own() -> None:
    doc = make_doc(
        "四、评价结论及建议",
        "正文。",
        "附件2",
        "部门预算项目支出绩效自评表（2022年度）",
        "1.项目年度目标完成情况",
    )
    st = analyse_structure(doc)
    assert outline(st.sections) == [
        (1, "四、", "评价结论及建议"),
        (0, "附件2", "部门预算项目支出绩效自评表（2022年度）"),
    ]
    assert st.sections[1].key is SectionKey.ATTACHMENTS


def test_a_flattened_form_has_no_headings_inside() -> None:
    doc = make_doc(
        "部门整体自评表",
        "（2020年）",
        "部门(单位)名称 长沙市望城区妇女联合会 所属独立核算单位个数 1",
        "部门职能概述",
        "区妇联的基本职能为代表和维护妇女权益。",
        "年度总体目标",
        "指标 1：开展至少 30 场公益讲堂；",
        "一级指标",
        "1.项目年度目标完成情况",
        "（二）存在问题",
    )
    st = analyse_structure(doc)
    assert outline(st.sections) == [(0, "", "部门整体自评表（2020年）")]
    assert st.sections[0].block_range == (0, 10)
    assert st.meta.department == "长沙市望城区妇女联合会"
    assert st.meta.fiscal_year == 2020


def test_goals_are_the_stated_goals_not_the_task_list_when_both_are_there() -> None:
    both = make_doc(
        "一、单位概况", "（一）年度主要工作任务", "正文。", "（二）部门整体支出绩效目标", "正文。"
    )
    keys = [s.key for s in walk(analyse_structure(both).sections)]
    assert keys == [SectionKey.BASIC_INFO, None, SectionKey.GOALS]
    tasks_only = make_doc("一、单位概况", "（一）年度主要工作任务", "正文。")
    keys = [s.key for s in walk(analyse_structure(tasks_only).sections)]
    assert keys == [SectionKey.BASIC_INFO, SectionKey.GOALS]


def test_a_table_of_contents_is_skipped_until_its_first_entry_comes_again() -> None:
    doc = make_doc(
        "上海市普陀区财政局2024年度部门决算",
        "目 录",
        "第一部分上海市普陀区财政局概况",
        "一、主要职能",
        "第二部分上海市普陀区财政局2024年度部门决算表",
        "第一部分 上海市普陀区财政局概况",
        "一、主要职能",
        "正文。",
        "第二部分 上海市普陀区财政局2024年度部门决算表",
        "收入支出决算总表",
        [["项目", "决算数"]],
    )
    assert outline(analyse_structure(doc).sections) == [
        (0, "", "上海市普陀区财政局2024年度部门决算"),
        (1, "第一部分", "上海市普陀区财政局概况"),
        (2, "一、", "主要职能"),
        (1, "第二部分", "上海市普陀区财政局2024年度部门决算表"),
    ]


def test_word_numbering_and_heading_styles() -> None:
    doc = make_doc(
        ("部门基本情况", None, "一、"),
        ("正文。", None, None),
        ("运行成本方面", "Heading 2", None),
        ("正文。", None, None),
        ("存在的问题及原因分析", None, "二、"),
        ("其他情况", "Heading 1", None),
    )
    sections = analyse_structure(doc).sections
    assert outline(sections) == [
        (1, "一、", "部门基本情况"),
        (2, "", "运行成本方面"),
        (1, "二、", "存在的问题及原因分析"),
        (1, "", "其他情况"),
    ]
    # the label Word generates is not in the text: the heading span is the paragraph's
    assert sections[0].title_raw == "部门基本情况"


def test_a_number_that_continues_no_list_is_placed_and_reported() -> None:
    doc = make_doc("一、单位概况", "（3） 年度主要工作任务。", "正文。")
    st = analyse_structure(doc)
    assert outline(st.sections) == [(1, "一、", "单位概况"), (2, "（3）", "年度主要工作任务")]
    assert any("line 2" in w and "（3）" in w for w in st.warnings)


def test_spans_blocks_and_bodies_fit_together() -> None:
    doc = make_doc("一、部门基本情况", "甲。", "（一）机构", "乙。", "二、存在问题", "丙。")
    sections = analyse_structure(doc).sections
    first, second = sections
    assert (first.block_range, first.children[0].block_range, second.block_range) == ((0, 4), (2, 4), (4, 6))
    assert first.body == "甲。"
    assert first.children[0].body == "乙。"
    assert doc.text[first.body_span[0] : first.body_span[1]].strip() == "甲。\n（一）机构\n乙。"
    assert first.prov.line == 1 and first.prov.method == "text_rule"
    assert second.prov.span == second.span


def test_a_listed_attachment_that_is_a_report_keeps_its_headings_below_it() -> None:
    doc = make_doc(
        "十、其他需要说明的情况",
        "附件：1．2024年度单位决算编制的说明",
        "附件1",
        "2024年度单位决算编制的说明",
        "一、收入支出决算总体情况说明",
        "正文。",
        "二、收入决算情况说明",
    )
    assert outline(analyse_structure(doc).sections) == [
        (1, "十、", "其他需要说明的情况"),
        (1, "", "附件"),
        (2, "附件1", "2024年度单位决算编制的说明"),
        (3, "一、", "收入支出决算总体情况说明"),
        (3, "二、", "收入决算情况说明"),
    ]
