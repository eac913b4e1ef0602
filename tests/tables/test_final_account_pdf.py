"""The nine statements of a real 部门决算 PDF (上海市普陀区财政局 2024, golden/docs), line by line.

Expected values are read from the printed pages (statement 1: pp. 6–7, 2: 8–9, 3: 10–11, 4: 12–13,
5: 15, 6: 16–17, 7: 18, 8: 19, 9: 20; the narrative: pp. 21–24). Empty printed cells are None; printed rows
without any figure (外交支出 …, the blank 经济分类 rows, statements 8 and 9) give no line.
"""

from __future__ import annotations

import importlib.util
from decimal import Decimal

import pytest

from jixiao.schema import Amount
from jixiao.schema import Document
from jixiao.schema import DocumentStructure
from jixiao.schema import FinalAccountLine
from jixiao.tables.final_account import FinalAccountResult
from jixiao.tables.final_account import extract_final_account
from tests.conftest import REALDOC_PDF

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("jixiao.ingest.pdf") is None,
    reason="the PDF reader (jixiao.ingest.pdf) is not there yet",
)


@pytest.fixture(scope="module")
def doc() -> Document:
    from jixiao.ingest import read_document

    return read_document(REALDOC_PDF)


@pytest.fixture(scope="module")
def fa(doc: Document) -> FinalAccountResult:
    return extract_final_account(doc, DocumentStructure())


def _v(amount: Amount | None) -> str | None:
    return None if amount is None or amount.value is None else str(amount.value)


def _lines(fa: FinalAccountResult, table: int) -> list[FinalAccountLine]:
    return [ln for ln in fa.lines if ln.table == table and ln.source == "table"]


def test_the_nine_titles_are_found_in_order(fa: FinalAccountResult) -> None:
    assert [(s.number, s.title, s.unit) for s in fa.statements] == [
        (1, "收入支出决算总表", "万元"),
        (2, "收入决算表", "万元"),
        (3, "支出决算表", "万元"),
        (4, "财政拨款收入支出决算总表", "万元"),
        (5, "一般公共预算财政拨款支出决算表", "万元"),
        (6, "一般公共预算财政拨款基本支出决算表", "万元"),
        (7, "财政拨款“三公”经费支出决算表", "万元"),
        (8, "政府性基金预算财政拨款收入支出决算表", "万元"),
        (9, "国有资本经营预算财政拨款收入支出决算表", "万元"),
    ]
    assert [s.lines for s in fa.statements] == [12, 20, 20, 12, 20, 29, 2, 0, 0]
    assert fa.warnings == []


def test_statements_continued_on_the_next_page_are_joined(fa: FinalAccountResult) -> None:
    def pages(table: int) -> list[int]:
        return sorted({ln.prov.page for ln in _lines(fa, table) if ln.prov.page is not None})

    assert [pages(n) for n in (1, 2, 3, 4, 5, 6)] == [[6, 7], [8, 9], [10, 11], [12, 13], [15], [16, 17]]


def test_statement_1_line_by_line(fa: FinalAccountResult) -> None:
    lines = _lines(fa, 1)
    assert [(ln.name, ln.level, ln.func_code, _v(ln.final), list(ln.columns)) for ln in lines] == [
        ("一、一般公共预算财政拨款收入", "其他", None, "2940.05", ["收入/决算数"]),
        ("八、其他收入", "其他", None, "6.20", ["收入/决算数"]),
        ("本年收入合计", "合计", None, "2946.25", ["收入/决算数"]),
        ("年初结转和结余", "其他", None, "49.14", ["收入/决算数"]),
        ("总计", "合计", None, "2995.39", ["收入/决算数"]),
        # the 支出 side lists 类 by name; the statement prints no code, so none is given
        ("一、一般公共服务支出", "类", None, "2106.66", ["支出/决算数"]),
        ("八、社会保障和就业支出", "类", None, "326.71", ["支出/决算数"]),
        ("九、卫生健康支出", "类", None, "60.99", ["支出/决算数"]),
        ("十九、住房保障支出", "类", None, "445.69", ["支出/决算数"]),
        ("本年支出合计", "合计", None, "2940.05", ["支出/决算数"]),
        ("年末结转和结余", "其他", None, "55.34", ["支出/决算数"]),
        ("总计", "合计", None, "2995.39", ["支出/决算数"]),
    ]


# code, name, 本年支出合计, 基本支出, 项目支出 (上缴上级支出, 经营支出, 对附属单位补助支出 are empty throughout)
STATEMENT_3 = [
    (None, "合计", "2940.05", "2336.91", "603.14"),
    ("201", "一般公共服务支出", "2106.66", "1503.52", "603.14"),
    ("20106", "财政事务", "2106.66", "1503.52", "603.14"),
    ("2010601", "行政运行", "1511.89", "1503.52", "8.37"),
    ("2010602", "一般行政管理事务", "10.00", None, "10.00"),
    ("2010607", "信息化建设", "135.25", None, "135.25"),
    ("2010608", "财政委托业务支出", "449.52", None, "449.52"),
    ("208", "社会保障和就业支出", "326.72", "326.72", None),
    ("20805", "行政事业单位养老支出", "326.72", "326.72", None),
    ("2080501", "行政单位离退休", "84.65", "84.65", None),
    ("2080505", "机关事业单位基本养老保险缴费支出", "160.75", "160.75", None),
    ("2080506", "机关事业单位职业年金缴费支出", "80.38", "80.38", None),
    ("2080599", "其他行政事业单位养老支出", "0.94", "0.94", None),
    ("210", "卫生健康支出", "60.99", "60.99", None),
    ("21011", "行政事业单位医疗", "60.99", "60.99", None),
    ("2101101", "行政单位医疗", "60.99", "60.99", None),
    ("221", "住房保障支出", "445.69", "445.69", None),
    ("22102", "住房改革支出", "445.69", "445.69", None),
    ("2210201", "住房公积金", "187.19", "187.19", None),
    ("2210203", "购房补贴", "258.50", "258.50", None),
]
LEVELS = {3: "类", 5: "款", 7: "项"}


def test_statement_3_line_by_line(fa: FinalAccountResult, doc: Document) -> None:
    lines = _lines(fa, 3)
    got = [(ln.func_code, ln.name, _v(ln.final), _v(ln.basic), _v(ln.project)) for ln in lines]
    assert got == STATEMENT_3
    for ln in lines:
        assert ln.level == (LEVELS[len(ln.func_code)] if ln.func_code else "合计")
        assert list(ln.columns) == [
            "本年支出合计",
            "基本支出",
            "项目支出",
            "上缴上级支出",
            "经营支出",
            "对附属单位补助支出",
        ]
        assert [ln.columns[k].value for k in ("上缴上级支出", "经营支出", "对附属单位补助支出")] == [
            None,
            None,
            None,
        ]
        assert ln.budget is None and ln.table_title == "支出决算表"
        for amount in ln.columns.values():
            assert amount.prov is not None and amount.prov.page in (10, 11) and amount.prov.bbox is not None
            assert doc.span_text(amount.prov.span) == amount.raw  # type: ignore[arg-type]
    pension = next(ln for ln in lines if ln.func_code == "2080505")
    assert (pension.lei, pension.kuan, pension.xiang) == (
        "社会保障和就业支出",
        "行政事业单位养老支出",
        pension.name,
    )
    assert pension.final is not None and (pension.final.raw, pension.final.unit) == ("160.75", "万元")
    total = lines[0]
    assert total.final is not None and total.final.raw == "2,940.05" and total.final.wan == Decimal("2940.05")


def test_statement_5_line_by_line(fa: FinalAccountResult) -> None:
    lines = _lines(fa, 5)
    got = [(ln.func_code, ln.name, _v(ln.final), _v(ln.basic), _v(ln.project)) for ln in lines]
    # the same 19 coded lines as statement 3, and 合计 printed last
    assert got == [*STATEMENT_3[1:], STATEMENT_3[0]]
    assert all(list(ln.columns) == ["合计", "基本支出", "项目支出"] for ln in lines)
    assert all(ln.prov.page == 15 for ln in lines)


def test_statement_7_three_public(fa: FinalAccountResult) -> None:
    lines = _lines(fa, 7)
    # only the two 预算数 cells are printed (合计 and 公务接待费); every 决算数 cell is empty
    assert [(ln.name, ln.level, _v(ln.budget), _v(ln.final), list(ln.columns)) for ln in lines] == [
        ("合计", "合计", "0.95", None, ["预算数", "决算数"]),
        ("公务接待费", "其他", "0.95", None, ["预算数", "决算数"]),
    ]
    tp = fa.three_public
    assert tp is not None and tp.source == "table"
    assert _v(tp.budget) == "0.95"
    assert [tp.final, tp.outbound, tp.vehicle_total, tp.vehicle_purchase, tp.vehicle_ops, tp.reception] == [
        None
    ] * 6
    assert tp.budget is not None and tp.budget.prov is not None and tp.budget.prov.page == 18


def test_statement_2_and_4_spot_checks(fa: FinalAccountResult) -> None:
    s2 = {ln.name: ln for ln in _lines(fa, 2)}
    assert [_v(s2["合计"].columns[k]) for k in ("本年收入合计", "财政拨款收入", "其他收入")] == [
        "2946.25",
        "2940.05",
        "6.20",
    ]
    assert [_v(s2["一般行政管理事务"].columns[k]) for k in ("本年收入合计", "财政拨款收入", "其他收入")] == [
        "16.19",
        "10.00",
        "6.19",
    ]
    s4 = _lines(fa, 4)
    social = next(ln for ln in s4 if ln.name == "八、社会保障和就业支出")
    # statement 4 prints 326.71 where statements 3 and 5 print 326.72: read as printed
    assert {k: _v(a) for k, a in social.columns.items()} == {
        "支出/合计": "326.71",
        "支出/一般公共预算财政拨款": "326.71",
        "支出/政府性基金预算财政拨款": None,
        "支出/国有资本经营预算财政拨款": None,
    }
    assert [(ln.name, ln.level, _v(ln.final)) for ln in s4] == [
        ("一、一般公共预算财政拨款", "其他", "2940.05"),
        ("本年收入合计", "合计", "2940.05"),
        ("年初财政拨款结转和结余", "其他", "21.63"),
        ("一、一般公共预算财政拨款", "其他", "21.63"),
        ("总计", "合计", "2961.68"),
        ("一、一般公共服务支出", "类", "2106.66"),
        ("八、社会保障和就业支出", "类", "326.71"),
        ("九、卫生健康支出", "类", "60.99"),
        ("十九、住房保障支出", "类", "445.69"),
        ("本年支出合计", "合计", "2940.05"),
        ("年末财政拨款结转和结余", "其他", "21.63"),
        ("总计", "合计", "2961.68"),
    ]


def test_statement_6_economic_lines(fa: FinalAccountResult) -> None:
    lines = _lines(fa, 6)
    assert all(ln.func_code is None for ln in lines)
    printed = [(ln.econ_code, ln.name, _v(ln.final)) for ln in lines if ln.final is not None]
    assert printed == [
        ("301", "工资福利支出", "2082.85"),
        ("30101", "基本工资", "262.33"),
        ("30102", "津贴补贴", "1238.58"),
        ("30108", "机关事业单位基本养老保险缴费", "160.75"),
        ("30109", "职业年金缴费", "80.38"),
        ("30110", "职工基本医疗保险缴费", "60.99"),
        ("30112", "其他社会保障缴费", "1.61"),
        ("30113", "住房公积金", "187.19"),
        ("30199", "其他工资福利支出", "91.03"),
        ("303", "对个人和家庭的补助", "69.41"),
        ("30302", "退休费", "69.10"),
        ("30309", "奖励金", "0.31"),
        (None, "人员经费合计", "2152.26"),
        ("302", "商品和服务支出", "171.07"),
        ("30201", "办公费", "21.21"),
        ("30202", "印刷费", "7.61"),
        ("30204", "手续费", "0.09"),
        ("30207", "邮电费", "4.88"),
        ("30211", "差旅费", "1.20"),
        ("30213", "维修（护）费", "2.83"),
        ("30216", "培训费", "4.05"),
        ("30226", "劳务费", "2.01"),
        ("30228", "工会经费", "24.42"),
        ("30229", "福利费", "42.77"),
        ("30239", "其他交通费用", "48.49"),
        ("30299", "其他商品和服务支出", "11.53"),
        ("310", "资本性支出", "13.58"),
        ("31002", "办公设备购置", "13.58"),
        (None, "公用经费合计", "184.65"),
    ]
    assert len(lines) == len(printed)
    # 30108 and 30299 are wrapped (and spaced out) inside their cells on p. 16–17; 30212 因公出国（境）费用 and
    # the other empty 款 give no line
    assert "30212" not in {ln.econ_code for ln in lines}


def test_empty_statements_8_and_9_are_found_without_lines(fa: FinalAccountResult) -> None:
    assert [(s.number, s.lines) for s in fa.statements if s.number in (8, 9)] == [(8, 0), (9, 0)]
    assert _lines(fa, 8) == [] and _lines(fa, 9) == []


NARRATIVE_ITEMS = [
    ("2010601", "财政事务", "行政运行", "1560.05", "1511.89"),
    ("2010602", "财政事务", "一般行政管理事务", "10.00", "10.00"),
    ("2010607", "财政事务", "信息化建设", "135.90", "135.25"),
    ("2010608", "财政事务", "财政委托业务支出", "450.52", "449.52"),
    ("2080501", "行政事业单位养老支出", "行政单位离退休", "85.55", "84.65"),
    ("2080505", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出", "161.62", "160.75"),
    ("2080506", "行政事业单位养老支出", "机关事业单位职业年金缴费支出", "80.81", "80.38"),
    ("2080599", "行政事业单位养老支出", "其他行政事业单位养老支出", "0.94", "0.94"),
    ("2101101", "行政事业单位医疗", "行政单位医疗", "62.29", "60.99"),
    ("2210201", "住房改革支出", "住房公积金", "187.75", "187.19"),
    ("2210203", "住房改革支出", "购房补贴", "258.50", "258.50"),
]


def test_narrative_lines_take_codes_from_the_statements(fa: FinalAccountResult) -> None:
    items = [ln for ln in fa.lines if ln.source == "narrative" and ln.level == "项"]
    assert [(ln.func_code, ln.kuan, ln.xiang, _v(ln.budget), _v(ln.final)) for ln in items] == NARRATIVE_ITEMS
    classes = [
        (ln.func_code, _v(ln.final), str(ln.share))
        for ln in fa.lines
        if ln.source == "narrative" and ln.level == "类"
    ]
    assert classes == [
        ("201", "2106.66", "71.73"),
        ("208", "326.72", "11.11"),
        ("210", "60.99", "2.07"),
        ("221", "445.69", "15.16"),
    ]


def test_narrative_figures(fa: FinalAccountResult) -> None:
    got = {(f.key, f.amount.raw) for f in fa.figures}
    assert {
        ("income_total", "2995.39万元"),
        ("expense_total", "2995.39万元"),
        ("income_year", "2946.25万元"),
        ("fiscal_income", "2940.05万元"),
        ("other_income", "6.2万元"),
        ("basic", "2336.91万元"),
        ("project", "603.14万元"),
        # p. 21 prints 财政拨款收入支出总计0.3万元 (statement 4 says 2,961.68): read as printed
        ("fiscal_income_total", "0.3万元"),
        ("gp_expense_budget_initial", "2993.92万元"),
        ("personnel", "2152.26万元"),
        ("public_funds", "184.65万元"),
        ("three_public_budget_initial", "0.95万元"),
        ("admin_running", "184.65万元"),
        ("procurement_total", "251.25万元"),
        ("procurement_goods", "4.79万元"),
        ("procurement_works", "0万元"),
        ("procurement_services", "246.47万元"),
    } <= got
