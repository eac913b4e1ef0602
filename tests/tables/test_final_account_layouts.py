"""决算 statement layouts other renderings produce: a statement split into two tables, codes written whole,
names wrapped onto their own row, a vertical “三公” table, amounts in 元, titles and their variants.

The rows are those of the 普陀 2024 statements (golden/docs/sh_putuo_czj_2024_juesuan.pdf, pp. 15 and 18)
laid out as DOCX exports and other publishers print them.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.ingest.builder import CellInput
from jixiao.ingest.builder import DocumentBuilder
from jixiao.schema import Document
from jixiao.schema import DocumentStructure
from jixiao.tables.final_account import extract_final_account
from jixiao.tables.final_account_codes import func_code_for
from jixiao.tables.final_account_codes import norm_func_name
from jixiao.tables.final_account_layout import statement_number

Row = list[str]


def _doc(tmp_path: Path, parts: list[str | list[Row]]) -> Document:
    """Paragraphs (str) and tables (rows of cell texts) in order."""
    b = DocumentBuilder(path=tmp_path / "juesuan.docx", format="docx", data=b"x")
    for part in parts:
        if isinstance(part, str):
            b.add_paragraph(part)
        else:
            b.add_table([CellInput(r, c, text) for r, row in enumerate(part) for c, text in enumerate(row)])
    return b.build()


def _v(a: object) -> str | None:
    return None if a is None or a.value is None else str(a.value)  # type: ignore[attr-defined]


HEADER_5 = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]


def test_statement_split_over_two_tables_with_its_header_repeated(tmp_path: Path) -> None:
    doc = _doc(
        tmp_path,
        [
            "表5  一般公共预算财政拨款支出决算表",
            "单位：元",
            [*HEADER_5, ["201", "一般公共服务支出", "21066600.00", "15035200.00", "6031400.00"]],
            "- 15 -",
            [
                *HEADER_5,
                ["2010601", "行政运行", "15118900.00", "15035200.00", "83700.00"],
                ["", "合计", "", "", ""],
            ],
        ],
    )
    fa = extract_final_account(doc, DocumentStructure())
    [st] = fa.statements
    assert (st.number, st.unit, st.tables) == (5, "元", [0, 1])
    got = [(ln.func_code, ln.level, ln.name, _v(ln.final), _v(ln.basic), _v(ln.project)) for ln in fa.lines]
    # the 合计 row printed without figures gives no line
    assert got == [
        ("201", "类", "一般公共服务支出", "21066600.00", "15035200.00", "6031400.00"),
        ("2010601", "项", "行政运行", "15118900.00", "15035200.00", "83700.00"),
    ]
    assert fa.lines[1].final is not None and fa.lines[1].final.wan == Decimal("1511.89")
    # the 项 line's 款 was not printed, so its 款 name is unknown; its 类 name comes from the line above
    assert (fa.lines[1].lei, fa.lines[1].kuan, fa.lines[1].xiang) == ("一般公共服务支出", None, "行政运行")


def test_a_sentence_between_two_tables_ends_the_statement(tmp_path: Path) -> None:
    doc = _doc(
        tmp_path,
        [
            "一般公共预算财政拨款支出决算表",
            [*HEADER_5, ["201", "一般公共服务支出", "1", "1", ""]],
            "本表反映部门本年度一般公共预算财政拨款实际支出情况，其他表格另见附件。",
            [["201", "一般公共服务支出", "9", "9", ""]],
        ],
    )
    fa = extract_final_account(doc, DocumentStructure())
    assert [s.tables for s in fa.statements] == [[0]]
    assert fa.warnings == [
        "juesuan.docx (table 0): statement 5 (一般公共预算财政拨款支出决算表) states no unit; read as 万元"
    ]


def test_name_wrapped_onto_its_own_row_is_rejoined(tmp_path: Path) -> None:
    doc = _doc(
        tmp_path,
        [
            "支出决算表",
            "单位：万元",
            [
                ["类", "款", "项", "科目名称", "本年支出合计"],
                ["208", "05", "05", "机关事业单位基本养老保险", "160.75"],
                ["", "", "", "缴费支出", ""],
                ["208", "05", "06", "机关事业单位职业年金缴费支出", "80.38"],
            ],
        ],
    )
    fa = extract_final_account(doc, DocumentStructure())
    assert [(ln.func_code, ln.name, ln.xiang, _v(ln.final)) for ln in fa.lines] == [
        ("2080505", "机关事业单位基本养老保险缴费支出", "机关事业单位基本养老保险缴费支出", "160.75"),
        ("2080506", "机关事业单位职业年金缴费支出", "机关事业单位职业年金缴费支出", "80.38"),
    ]


def test_code_and_name_in_one_cell(tmp_path: Path) -> None:
    doc = _doc(
        tmp_path,
        ["收入决算表", "单位：万元", [["项目", "本年收入合计"], ["2010601 行政运行", "1,511.90"]]],
    )
    [line] = extract_final_account(doc, DocumentStructure()).lines
    assert (line.func_code, line.name, line.level, _v(line.final)) == ("2010601", "行政运行", "项", "1511.90")


def test_three_public_printed_as_rows(tmp_path: Path) -> None:
    doc = _doc(
        tmp_path,
        [
            "一般公共预算财政拨款“三公”经费支出决算表",
            "单位：万元",
            [
                ["项目", "预算数", "决算数"],
                ["合计", "0.95", "0.62"],
                ["1.因公出国（境）费", "", "0"],
                ["2.公务用车购置及运行维护费", "", ""],
                ["（1）公务用车购置费", "", ""],
                ["（2）公务用车运行维护费", "", ""],
                ["3.公务接待费", "0.95", "0.62"],
            ],
        ],
    )
    fa = extract_final_account(doc, DocumentStructure())
    tp = fa.three_public
    assert tp is not None and tp.source == "table"
    assert (_v(tp.budget), _v(tp.final), _v(tp.outbound), _v(tp.reception)) == ("0.95", "0.62", "0", "0.62")
    assert (tp.vehicle_total, tp.vehicle_purchase, tp.vehicle_ops) == (None, None, None)
    # names as written; the 公务用车 rows hold no figure and give no line
    assert [ln.name for ln in fa.lines] == ["合计", "1.因公出国（境）费", "3.公务接待费"]


@pytest.mark.parametrize(
    ("title", "number"),
    [
        ("收入支出决算总表", 1),
        ("2024年度部门收入支出决算总表", 1),
        ("表2 收入决算表", 2),
        ("三、支出决算表", 3),
        ("财政拨款收入支出决算总表", 4),
        ("一般公共预算财政拨款支出决算表", 5),
        ("一般公共预算财政拨款基本支出决算表", 6),
        ("基本支出决算明细表", 6),
        ("财政拨款 “三公” 经费支出决算表", 7),
        ("一般公共预算财政拨款“三公”经费支出决算表", 7),
        ("政府性基金预算财政拨款收入支出决算表", 8),
        ("国有资本经营预算财政拨款支出决算表", 9),
        ("国有资本经营预算财政拨款收入支出决算表（续）", 9),
        ("项目支出决算表", None),
        ("机关运行经费支出决算表", None),
        ("一、收入支出决算总体情况说明", None),
        ("2024年妇女儿童事业发展专项资金使用情况", None),
    ],
)
def test_statement_number_from_title(title: str, number: int | None) -> None:
    assert statement_number(title) == number


def test_func_codes_only_from_known_names() -> None:
    assert func_code_for("一般公共服务", "群众团体事务", "行政运行") == "2012901"
    assert func_code_for("一般公共服务支出", "财政事务", "行政运行") == "2010601"
    assert func_code_for("住房保障支出", "住房改革支出", None) == "22102"
    # a 项 name this project has no confirmed code for gets none, not its 款 code
    assert func_code_for("一般公共服务", "群众团体事务", "工会事务") is None
    assert func_code_for("教育", "普通教育", "小学") is None
    assert func_code_for("财政", "x", "y", {"999": "财政"}) is None
    assert (
        func_code_for("自定义", "款", "项", {"901": "自定义支出", "90101": "款", "9010101": "项"})
        == "9010101"
    )
    assert norm_func_name(" 一般公共服务（类）") == "一般公共服务" == norm_func_name("一般公共服务支出")


def test_column_numbers_row_and_codes_split_into_lei_kuan_xiang(tmp_path: Path) -> None:
    """The 财政部 template numbers its columns under the header (栏次 | 1 | 2 | 3) and splits the code into
    类 | 款 | 项 columns, printing a 类 or 款 only where it changes."""
    rows = [
        ["科目编码", "", "", "科目名称", "本年支出", "", ""],
        ["类", "款", "项", "", "合计", "基本支出", "项目支出"],
        ["栏次", "", "", "", "1", "2", "3"],
        ["", "", "", "合计", "1,234.56", "1,000.00", "234.56"],
        ["201", "", "", "一般公共服务支出", "1,234.56", "1,000.00", "234.56"],
        ["", "03", "", "政府办公厅（室）及相关机构事务", "1,234.56", "1,000.00", "234.56"],
        ["", "", "01", "行政运行", "1,000.00", "1,000.00", ""],
        ["", "", "50", "事业运行", "234.56", "", "234.56"],
    ]
    fa = extract_final_account(
        _doc(tmp_path, ["表5 一般公共预算财政拨款支出决算表", "单位：万元", rows]), DocumentStructure()
    )
    got = [(ln.func_code, ln.level, ln.name, _v(ln.final), _v(ln.basic), _v(ln.project)) for ln in fa.lines]
    assert got == [
        (None, "合计", "合计", "1234.56", "1000.00", "234.56"),
        ("201", "类", "一般公共服务支出", "1234.56", "1000.00", "234.56"),
        ("20103", "款", "政府办公厅（室）及相关机构事务", "1234.56", "1000.00", "234.56"),
        ("2010301", "项", "行政运行", "1000.00", "1000.00", None),
        ("2010350", "项", "事业运行", "234.56", None, "234.56"),
    ]


def test_row_numbers_beside_each_line_are_not_amounts(tmp_path: Path) -> None:
    """收入支出决算总表 as the template prints it: 项目 | 行次 | 金额 on each side."""
    rows = [
        ["收入", "", "", "支出", "", ""],
        ["项目", "行次", "金额", "项目", "行次", "金额"],
        ["栏次", "", "1", "栏次", "", "2"],
        ["一、一般公共预算财政拨款收入", "1", "1,234.56", "一、一般公共服务支出", "32", "1,000.00"],
        ["二、事业收入", "4", "10.00", "二、教育支出", "34", "244.56"],
        ["本年收入合计", "30", "1,244.56", "本年支出合计", "60", "1,244.56"],
    ]
    fa = extract_final_account(
        _doc(tmp_path, ["表1 收入支出决算总表", "单位：万元", rows]), DocumentStructure()
    )
    got = [(ln.name, list(ln.columns), _v(ln.final)) for ln in fa.lines]
    assert got == [
        ("一、一般公共预算财政拨款收入", ["金额"], "1234.56"),
        ("二、事业收入", ["金额"], "10.00"),
        ("本年收入合计", ["金额"], "1244.56"),
        ("一、一般公共服务支出", ["金额"], "1000.00"),
        ("二、教育支出", ["金额"], "244.56"),
        ("本年支出合计", ["金额"], "1244.56"),
    ]
