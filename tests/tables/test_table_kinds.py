"""Table classification (structure/table_kinds.py) on the seeds, the 决算 PDF and small made-up documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.ingest.builder import CellInput
from jixiao.ingest.builder import DocumentBuilder
from jixiao.schema import Document
from jixiao.schema import TableKind
from jixiao.structure.table_kinds import classify_tables
from jixiao.structure.table_kinds import pick_title
from jixiao.structure.table_kinds import statement_of
from tests.conftest import REALDOC_PDF
from tests.tables.selfeval_seeds import document

K = TableKind


def _kinds(doc: Document) -> list[tuple[TableKind, int | None, int | None]]:
    return [(i.kind, i.statement, i.continues) for i in classify_tables(doc)]


@pytest.mark.parametrize("fmt", ["txt", "docx"])
def test_seed_000(fmt: str) -> None:
    infos = classify_tables(document("000_hunan_2024", fmt))
    assert [i.kind for i in infos] == [K.FUND_LIST, K.FUND_LIST, K.BASIC_DATA, K.DEPT_SELF_EVAL] + [
        K.PROJECT_SELF_EVAL
    ] * 4
    assert [i.title for i in infos] == [
        "2024年妇女儿童事业发展专项资金使用情况",
        "2024年其他项目资金使用情况",
        "2024年度部门整体支出绩效评价基础数据表",
        "2024年度部门整体支出绩效自评表",
    ] + ["2024年度项目支出绩效自评表"] * 4
    assert all(i.continues is None for i in infos)


def test_seed_004_project_tables_lists_and_a_copy_without_identity() -> None:
    infos = classify_tables(document("004_zigong_2022"))
    kinds = [i.kind for i in infos]
    assert len(infos) == 59
    assert [i.index for i in infos if i.kind == K.PROJECT_LIST] == [7, 15, 23, 31, 39, 47, 55, 58]
    assert kinds.count(K.PROJECT_SELF_EVAL) == 51
    # Table 57 repeats the 专项 form without its 项目名称 rows: a copy, not a continuation of table 56.
    assert (infos[57].kind, infos[57].continues, infos[57].title) == (K.PROJECT_SELF_EVAL, None, None)
    assert infos[0].title == "部门预算项目支出绩效自评表（2022年度）"


def test_seed_003_pdf_form_split_over_two_tables_is_linked() -> None:
    infos = classify_tables(document("003_wangcheng_2020", "pdf"))
    assert [(i.kind, i.continues) for i in infos] == [(K.DEPT_SELF_EVAL, None), (K.DEPT_SELF_EVAL, 0)]


def test_nine_statements_of_the_final_account_pdf() -> None:
    if not REALDOC_PDF.exists():
        pytest.skip("the 决算 PDF is not in golden/docs")
    from jixiao.ingest import read_document

    infos = classify_tables(read_document(REALDOC_PDF))
    statements = [(i.index, i.statement) for i in infos if i.kind == K.FINAL_ACCOUNT]
    assert statements == [(n, n) for n in range(1, 10)]
    assert infos[7].title == "财政拨款“三公”经费支出决算表"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("收入支出决算总表", (True, 1)),
        ("收入决算表", (True, 2)),
        ("支出决算表", (True, 3)),
        ("财政拨款收入支出决算总表", (True, 4)),
        ("一般公共预算财政拨款支出决算表", (True, 5)),
        ("一般公共预算财政拨款基本支出决算表", (True, 6)),
        ("基本支出决算明细表", (True, 6)),
        ("一般公共预算财政拨款“三公”经费支出决算表", (True, 7)),
        ("政府性基金预算财政拨款收入支出决算表", (True, 8)),
        ("国有资本经营预算财政拨款收入支出决算表", (True, 9)),
        ("国有资本经营预算财政拨款支出决算表", (True, 9)),
        ("项目支出决算表", (True, None)),
        ("一、收入支出决算总体情况说明", (False, None)),
        ("2024年度项目支出绩效自评表", (False, None)),
    ],
)
def test_statement_titles(title: str, expected: tuple[bool, int | None]) -> None:
    assert statement_of(title) == expected


def test_pick_title_prefers_the_form_name() -> None:
    assert pick_title(["单位：万元", "2024年其他项目资金使用情况", "附件1"]) == "2024年其他项目资金使用情况"
    assert (
        pick_title(["报表编号：510000_0013zp", "部门预算项目支出绩效自评表（2022年度）"])
        == "部门预算项目支出绩效自评表（2022年度）"
    )
    assert pick_title(["附件2", "单位：元"]) is None


def _made(*blocks: str | list[list[str]]) -> Document:
    builder = DocumentBuilder(path=Path("made.txt"), format="txt", data=b"made in a test")
    for no, block in enumerate(blocks, start=1):
        if isinstance(block, str):
            builder.add_paragraph(block, line=no)
        else:
            builder.add_table(
                [
                    CellInput(row=r, col=c, text=t, line=no)
                    for r, row in enumerate(block)
                    for c, t in enumerate(row)
                ],
                line=no,
            )
    return builder.build()


def test_statement_continued_on_the_next_page() -> None:
    doc = _made(
        "收入支出决算总表",
        [["项目", "决算数", "项目", "决算数"], ["一般公共预算财政拨款收入", "100", "一般公共服务支出", "60"]],
        [["其他收入", "0", "住房保障支出", "40"]],
        "支出决算表",
        [["科目编码", "科目名称", "本年支出合计", "基本支出"], ["201", "一般公共服务支出", "60", "60"]],
    )
    assert _kinds(doc) == [(K.FINAL_ACCOUNT, 1, None), (K.FINAL_ACCOUNT, 1, 0), (K.FINAL_ACCOUNT, 3, None)]


def test_form_split_by_a_page_break_and_a_second_copy() -> None:
    header = ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    top = [
        ["项目名称", "甲项目", "", "", "", "", "", ""],
        ["项目资金", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
        ["", "年度资金总额", "10", "10", "10", "10", "100%", "10"],
        header,
        ["", "产出指标", "数量指标", "A", "1次", "1次", "10", "10"],
    ]
    rest = [["", "", "", "B", "2次", "2次", "10", "10"], ["总分", "100", "100", "", "", "", "", ""]]
    copy = [row[:] for row in top[1:]] + rest  # a copy that starts mid-form, with its own fund header
    doc = _made("项目支出绩效自评表", top, rest, copy)
    assert _kinds(doc) == [
        (K.PROJECT_SELF_EVAL, None, None),
        (K.PROJECT_SELF_EVAL, None, 0),
        (K.PROJECT_SELF_EVAL, None, None),
    ]
