"""The numbering parser and the heading/item decision, on every numbering style the seeds show."""

from __future__ import annotations

import pytest

from jixiao.structure.headings import LineShape
from jixiao.structure.headings import Shape
from jixiao.structure.headings import chinese_to_int
from jixiao.structure.headings import clean_title
from jixiao.structure.headings import line_shape
from jixiao.structure.headings import parse_numbering
from jixiao.structure.headings import run_in_length


@pytest.mark.parametrize(
    ("line", "raw", "shape", "ordinal", "arabic", "title"),
    [
        ("一、部门基本情况", "一、", Shape.DUN, 1, False, "部门基本情况"),
        ("十、其他需要说明的情况", "十、", Shape.DUN, 10, False, "其他需要说明的情况"),
        ("十一、其他重要事项说明", "十一、", Shape.DUN, 11, False, "其他重要事项说明"),
        ("1、 部门基本情况", "1、", Shape.DUN, 1, True, "部门基本情况"),
        ("7、 存在的主要问题及原因分析", "7、", Shape.DUN, 7, True, "存在的主要问题及原因分析"),
        ("（一）基本支出情况", "（一）", Shape.PAREN, 1, False, "基本支出情况"),
        ("(一)基本支出情况", "(一)", Shape.PAREN, 1, False, "基本支出情况"),
        ("(二）加强业务处室预算管理意识", "(二）", Shape.PAREN, 2, False, "加强业务处室预算管理意识"),
        ("（2） 管理效率方面", "（2）", Shape.PAREN, 2, True, "管理效率方面"),
        ("（1）、推动女性发展", "（1）、", Shape.PAREN, 1, True, "推动女性发展"),
        ("（4）.开展家庭矛盾纠纷排查", "（4）.", Shape.PAREN, 4, True, "开展家庭矛盾纠纷排查"),
        ("1.在职人员控制率", "1.", Shape.DOT, 1, True, "在职人员控制率"),
        ("1．严格预算执行，提高经费使用效率", "1．", Shape.DOT, 1, True, "严格预算执行，提高经费使用效率"),
        ("2. 健全管理制度，强化预算绩效管理", "2.", Shape.DOT, 2, True, "健全管理制度，强化预算绩效管理"),
        ("3.2024年度项目支出绩效自评表", "3.", Shape.DOT, 3, True, "2024年度项目支出绩效自评表"),
        ("第一部分 单位概况", "第一部分", Shape.PART, 1, False, "单位概况"),
        ("第3部分 名词解释", "第3部分", Shape.PART, 3, True, "名词解释"),
        ("第 3 部分 名词解释", "第 3 部分", Shape.PART, 3, True, "名词解释"),
        ("第四部分 附件", "第四部分", Shape.PART, 4, False, "附件"),
        ("②开展培训", "②", Shape.CIRCLED, 2, False, "开展培训"),
        ("\u3000（三）结果应用情况", "（三）", Shape.PAREN, 3, False, "结果应用情况"),
    ],
)
def test_numbering_styles(line: str, raw: str, shape: Shape, ordinal: int, arabic: bool, title: str) -> None:
    num = parse_numbering(line)
    assert num is not None
    assert (num.raw, num.shape, num.ordinal, num.arabic) == (raw, shape, ordinal, arabic)
    assert line[num.length :] == title


@pytest.mark.parametrize(
    "line",
    [
        "2.5万元用于培训",  # a decimal number, not item 2
        "（2020年）",
        "2024年度部门整体支出绩效自评表",
        "指标 1：开展至少 30 场家庭教育",
        "一是深化理论武装",
        "十分重要、必须坚持",
        "附件1",
        "（图1：收、支决算总计变动情况图）（柱状图）",
    ],
)
def test_lines_without_a_numbering_label(line: str) -> None:
    assert parse_numbering(line) is None


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("九", 9),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("一百零五", 105),
        ("二〇二四", 2024),
    ],
)
def test_chinese_numerals(numeral: str, value: int) -> None:
    assert chinese_to_int(numeral) == value


@pytest.mark.parametrize(
    ("title", "shape"),
    [
        ("部门基本情况", LineShape.STANDALONE),
        ("严格预算执行，提高经费使用效率", LineShape.STANDALONE),
        ("年度主要工作任务。", LineShape.STANDALONE),
        ("存在问题。", LineShape.STANDALONE),
        ("“三公”经费财政拨款支出决算总体情况说明。", LineShape.STANDALONE),
        ("部门（单位）整体支出规模、使用方向和主要内容、涉及范围等", LineShape.STANDALONE),
        ("机构组成。自贡市妇联本级工作机构由“两办四部”构成。", LineShape.RUN_IN),
        ("旗帜鲜明讲政治。一是深化理论武装。", LineShape.RUN_IN),
        # a sentence, even a short one with a comma, is an item of a list
        ("承办市委、市政府交办的其他事项。", LineShape.ITEM),
        ("对绩效评价工作的重要性认识有待进一步提高。", LineShape.ITEM),
        (
            "组织、引导妇女学习近平新时代中国特色社会主义思想，增强政治意识、大局意识、核心意识、看齐意识。",
            LineShape.ITEM,
        ),
        ("2024年全年预算执行率88.74%,预算执行率较低，主要原因是部分资金还未拨付。", LineShape.ITEM),
        ("财政拨款收入：指单位从同级财政部门取得的财政预算资金。", LineShape.ITEM),
        ("一般公共服务（类）群众团体事务（款）行政运行（项）: 支出决算为218.79万元。", LineShape.ITEM),
        ("其中：", LineShape.ITEM),
        ("", LineShape.ITEM),
    ],
)
def test_heading_or_list_item(title: str, shape: LineShape) -> None:
    assert line_shape(title) is shape


def test_run_in_title_ends_at_a_full_stop_not_at_a_decimal_point() -> None:
    assert run_in_length("机构组成。自贡市妇联本级") == 5
    assert run_in_length("执行率88.74%，预算执行率较低。其余") is None
    assert run_in_length("机构组成。") is None  # nothing runs in after it


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("存在问题。", "存在问题"),
        ("年度主要工作任务。 ", "年度主要工作任务"),
        ("2024 年度部门整体支出绩效自评表", "2024年度部门整体支出绩效自评表"),
        ("部门整体自评表（2020 年）", "部门整体自评表（2020年）"),
        # blanks next to Chinese go (a PDF puts them there), blanks between Latin words stay
        ("ECD 项目 and  PPP", "ECD项目and PPP"),
    ],
)
def test_clean_title(raw: str, title: str) -> None:
    assert clean_title(raw) == title
