"""Table geometry on small tables built in the test: right alignment of shifted rows, header shifts, carry-down.

Each case reproduces a defect seen in a seed (domain.md §6) in a few rows so the rule is tested in isolation.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from jixiao.ingest.builder import CellInput
from jixiao.ingest.builder import DocumentBuilder
from jixiao.schema import L1
from jixiao.schema import L2
from jixiao.schema import Document
from jixiao.tables.layout import aligned_cells
from jixiao.tables.layout import is_number_cell
from jixiao.tables.layout import table_rows
from jixiao.tables.self_eval import cut_spill
from jixiao.tables.self_eval import parse_fill_date
from jixiao.tables.self_eval import read_self_eval
from jixiao.tables.self_eval import split_project_name

D = Decimal
HEADER = [
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "自评得分",
    "偏差原因分析及改进措施",
]


def _doc(*tables: list[list[str]]) -> Document:
    builder = DocumentBuilder(path=Path("made.txt"), format="txt", data=b"made in a test")
    for t_no, rows in enumerate(tables):
        cells = [
            CellInput(row=r, col=c, text=t, line=t_no * 100 + r + 1)
            for r, row in enumerate(rows)
            for c, t in enumerate(row)
        ]
        builder.add_table(cells, line=t_no * 100 + 1)
    return builder.build()


def test_a_row_that_lost_a_leading_cell_is_aligned_from_the_right() -> None:
    doc = _doc(
        [
            HEADER,
            ["", "产出指标(50分)", "数量指标", "培训场次", "≥2场", "3场", "0.5", "0.5", ""],
            # A paragraph break in the source moved this row's cells one column left.
            ["", "", "培训人数", "≥100人", "103人", "0.5", "0.4", "原因"],
        ]
    )
    table = read_self_eval(doc, doc.tables(), scope="部门整体")[0].table
    second = table.indicators[1]
    assert (second.name, second.target.num, second.actual.num, second.weight, second.score) == (
        "培训人数",
        D("100"),
        D("103"),
        D("0.5"),
        D("0.4"),
    )
    assert second.deviation_reason == "原因"
    assert (second.level1, second.level2) == (L1.OUTPUT, L2.QTY)  # carried down


def test_rows_missing_only_empty_trailing_cells_stay_in_place() -> None:
    doc = _doc([["", "产出指标", "数量指标", "A", "≥", "5", "个", "5", "20", "20"]])
    row = table_rows(doc.tables()[0])[0]
    cells = aligned_cells(row, 11, [8, 9])
    assert [c.text if c else None for c in cells][8:] == ["20", "20", None]


def test_header_whose_first_cell_carries_spilled_text_is_shifted() -> None:
    doc = _doc(
        [
            ["年度总体目标", "预期目标", "实际完成情况", "", "", "", "", "", ""],
            ["", "开展培训", "", "", "", "", "", "", ""],
            # 000 省级专项资金: the goal's 实际完成情况 ran into the header row, pushing its cells left.
            [
                "已开展培训3场。\n一级指标",
                "二级指标",
                "三级指标",
                "年度指标值",
                "实际完成值",
                "分值",
                "自评得分",
                "偏差原因分析及改进措施",
            ],
            ["", "产出指标(50分)", "数量指标", "培训场次", "≥2场", "3场", "10", "10", ""],
            ["", "", "质量指标", "合格率", "≥90%", "95%", "10", "9", "略低"],
        ]
    )
    table = read_self_eval(doc, doc.tables(), scope="项目")[0].table
    assert [(i.name, i.level1, i.level2, i.weight, i.score) for i in table.indicators] == [
        ("培训场次", L1.OUTPUT, L2.QTY, D("10"), D("10")),
        ("合格率", L1.OUTPUT, L2.QUAL, D("10"), D("9")),
    ]
    assert [(g.target_text, g.actual_text) for g in table.goals] == [("开展培训", "已开展培训3场。")]


def test_repeated_header_rows_are_skipped_and_levels_carry_over() -> None:
    doc = _doc(
        [
            HEADER,
            ["", "产出指标", "数量指标", "A", "1次", "1次", "10", "10", ""],
            HEADER,
            ["", "", "", "B", "2次", "2次", "5", "5", ""],
            ["总分", "100", "98", "", "", "", "", "", ""],
        ]
    )
    table = read_self_eval(doc, doc.tables(), scope="部门整体")[0].table
    assert [(i.name, i.level1, i.level2) for i in table.indicators] == [
        ("A", L1.OUTPUT, L2.QTY),
        ("B", L1.OUTPUT, L2.QTY),
    ]
    assert (table.total_weight_reported, table.total_score_reported) == (D("100"), D("98"))


def test_two_forms_joined_into_one_table_are_split() -> None:
    form = [
        ["项目名称", "", "51030022Y000000000001-甲项目", "", "", "", "", "", ""],
        HEADER,
        ["", "产出指标", "数量指标", "A", "1次", "1次", "10", "10", ""],
        ["合计", "", "", "", "", "", "10", "10", ""],
    ]
    second = [row[:] for row in form]
    second[0][2] = "51030022T000000000002-乙项目"
    doc = _doc(form + second)
    read = read_self_eval(doc, doc.tables(), scope="项目")
    assert [
        (r.table.project_code, r.table.project_name, r.table.project_category, len(r.table.indicators))
        for r in read
    ] == [
        ("51030022Y000000000001", "甲项目", "运转类", 1),
        ("51030022T000000000002", "乙项目", "特定目标类", 1),
    ]


def test_small_helpers() -> None:
    assert split_project_name("51030022Y000000325498-市妇联幸福家庭再提升行动") == (
        "51030022Y000000325498",
        "市妇联幸福家庭再提升行动",
        "运转类",
    )
    assert split_project_name("51030022R000000000001－人员经费") == (
        "51030022R000000000001",
        "人员经费",
        "人员类",
    )
    assert split_project_name("省级专项资金") == (None, "省级专项资金", None)
    assert cut_spill("无\n 项目名称 51030022Y000000325523-市妇联妇儿工委") == "无"
    assert (
        cut_spill("项目名称 51030022Y000000325523-市妇联妇儿工委")
        == "项目名称 51030022Y000000325523-市妇联妇儿工委"
    )
    assert [str(parse_fill_date(t)) for t in ("2025.4.18", "2024年5月28日", "2023-12-01")] == [
        "2025-04-18",
        "2024-05-28",
        "2023-12-01",
    ]
    assert parse_fill_date("2025.13.40") is None
    assert is_number_cell("88.74%") and is_number_cell("１０") and not is_number_cell("32000课时")
