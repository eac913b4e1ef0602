"""决算 read from running text: seed 004's 决算说明 and 绩效自评报告, seed 000's 自评报告.

Expected values are read from golden/docs/004_zigong_2022.txt (lines 24–161) and
golden/docs/000_hunan_2024.txt (lines 18–197); the line of each figure is given in a comment.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.ingest import read_document
from jixiao.schema import Document
from jixiao.schema import DocumentStructure
from jixiao.tables.final_account import FinalAccountResult
from jixiao.tables.final_account import extract_final_account
from tests.conftest import SEED_STEMS
from tests.conftest import seed_path


@pytest.fixture(scope="module")
def doc004() -> Document:
    return read_document(seed_path("004_zigong_2022"))


@pytest.fixture(scope="module")
def fa004(doc004: Document) -> FinalAccountResult:
    return extract_final_account(doc004, DocumentStructure())


@pytest.fixture(scope="module")
def doc000() -> Document:
    return read_document(seed_path("000_hunan_2024"))


@pytest.fixture(scope="module")
def fa000(doc000: Document) -> FinalAccountResult:
    return extract_final_account(doc000, DocumentStructure())


# domain.md §2: code, 类 / 款 / 项 as the narrative writes them, 支出决算 (万元)
EXPECTED_004_ITEMS = [
    ("2012901", "一般公共服务", "群众团体事务", "行政运行", "218.79"),
    ("2012902", "一般公共服务", "群众团体事务", "一般行政管理事务", "131.83"),
    ("2012999", "一般公共服务", "群众团体事务", "其他群众团体事务支出", "20"),
    ("2080501", "社会保障和就业", "行政事业单位养老支出", "行政单位离退休", "52.87"),
    ("2080505", "社会保障和就业", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出", "18.85"),
    ("2080801", "社会保障和就业", "抚恤", "死亡抚恤", "42.44"),
    ("2101101", "卫生健康", "行政事业单位医疗", "行政单位医疗", "10.04"),
    ("2101103", "卫生健康", "行政事业单位医疗", "公务员医疗补助", "5.55"),
    ("2210201", "住房保障支出", "住房改革支出", "住房公积金", "18.40"),
]


def test_004_nine_narrative_lines(fa004: FinalAccountResult, doc004: Document) -> None:
    items = [ln for ln in fa004.lines if ln.level == "项"]
    got = [(ln.func_code, ln.lei, ln.kuan, ln.xiang, str(ln.final.value)) for ln in items]  # type: ignore[union-attr]
    assert got == EXPECTED_004_ITEMS
    for ln in items:
        assert (ln.table, ln.source, ln.completion_rate, ln.budget) == (0, "narrative", Decimal("100"), None)
        assert ln.final is not None and ln.final.unit == "万元" and ln.final.prov is not None
        assert doc004.span_text(ln.final.prov.span) == ln.final.raw  # type: ignore[arg-type]
        assert ln.final.prov.method == "text_rule"
        quoted = doc004.span_text(ln.prov.span)  # type: ignore[arg-type]
        assert quoted.startswith(f"{ln.lei}（类）{ln.kuan}（款）{ln.xiang}（项）")
        assert quoted.endswith("完成预算100%")
    # the 名词解释 part repeats the nine names with definitions and no amount: no tenth line
    assert sum(1 for p in doc004.paragraphs() if "（类）" in p.text and "（项）" in p.text) == 18


def test_004_class_totals_with_their_shares(fa004: FinalAccountResult) -> None:
    classes = [ln for ln in fa004.lines if ln.level == "类"]
    got = [(ln.func_code, ln.name, str(ln.final.value), str(ln.share)) for ln in classes]  # type: ignore[union-attr]
    assert got == [  # line 51
        ("201", "一般公共服务支出", "370.62", "71.44"),
        ("208", "社会保障和就业支出", "114.15", "22"),
        ("210", "卫生健康支出", "15.59", "3.01"),
        ("221", "住房保障支出", "18.40", "3.55"),
    ]


def test_004_three_public(fa004: FinalAccountResult, doc004: Document) -> None:
    tp = fa004.three_public
    assert tp is not None and tp.source == "narrative"

    def v(a: object) -> str | None:
        return None if a is None else str(a.value)  # type: ignore[attr-defined]

    assert (v(tp.final), v(tp.outbound), v(tp.vehicle_total), v(tp.reception)) == (
        "1.53",
        "0",
        "0.91",
        "0.62",
    )
    assert (v(tp.vehicle_purchase), v(tp.vehicle_ops), tp.budget) == ("0", "0.91", None)
    # 国内公务接待7批次，67人次; the 外事接待0批次，0人次 that follows is not taken
    assert (tp.reception_batches, tp.reception_persons) == (7, 67)
    assert doc004.span_text(tp.final.prov.span) == "1.53万元"  # type: ignore[union-attr,arg-type]


EXPECTED_004_FIGURES = [
    ("income_total", "518.76万元", None),  # 24 收、支总计
    ("expense_total", "518.76万元", None),
    ("income_year", "518.76万元", None),  # 29
    ("gp_income", "518.76万元", "100"),
    ("expense_year", "518.76万元", None),  # 35
    ("basic", "366.93万元", "70.73"),
    ("project", "151.83万元", "29.27"),
    ("fiscal_income_total", "518.76万元", None),  # 40 财政拨款收、支总计
    ("fiscal_expense_total", "518.76万元", None),
    ("gp_expense", "518.76万元", "100"),  # 46
    ("gp_expense", "518.76万元", None),  # 51
    ("gp_expense", "518.76万元", None),  # 56 一般公共预算支出决算数
    ("gp_basic", "366.93万元", None),  # 67
    ("personnel", "336.94万元", None),  # 68
    ("public_funds", "29.99万元", None),  # 69
    ("three_public", "1.53万元", None),  # 72
    ("three_public_outbound", "0万元", "0"),  # 74
    ("three_public_vehicle", "0.91万元", "59.48"),
    ("three_public_reception", "0.62万元", "40.52"),
    ("three_public_outbound", "0万元", None),  # 80
    ("three_public_vehicle", "0.91万元", None),  # 81
    ("three_public_vehicle_purchase", "0万元", None),  # 82
    ("three_public_vehicle_ops", "0.91万元", None),  # 83
    ("three_public_reception", "0.62万元", None),  # 84 公务接待费支出*0.62万元
    ("gov_fund_expense", "0万元", None),  # 87
    ("state_capital_expense", "0万元", None),  # 89
    ("admin_running", "29.99万元", None),  # 92
    ("procurement_total", "4.64万元", None),  # 94
    ("procurement_goods", "4.12万元", None),
    ("procurement_works", "0万元", None),
    ("procurement_services", "0.52万元", None),
    ("staff_quota", "14名", None),  # 145
    ("staff_actual", "12人", None),
    ("staff_retired", "22人", None),
    ("income_total", "5187593.33元", None),  # 157
    ("expense_total", "5187593.33元", None),  # 158
    ("basic", "3669288.36元", None),
    ("personnel", "3369433.60元", None),
    ("public_funds", "299854.76元", None),
    ("project", "1518304.97元", None),
    ("fiscal_income_total", "5187593.33元", None),  # 160
    ("fiscal_expense_total", "5187593.33元", None),  # 161
    ("basic", "3669288.36元", None),
    ("personnel", "3369433.60元", None),
    ("public_funds", "299854.76元", None),
    ("project", "1518304.97元", None),
]


def test_004_figures(fa004: FinalAccountResult, doc004: Document) -> None:
    got = [(f.key, f.amount.raw, None if f.share is None else str(f.share)) for f in fa004.figures]
    assert got == EXPECTED_004_FIGURES
    for f in fa004.figures:
        assert doc004.span_text(f.amount.prov.span) == f.amount.raw  # type: ignore[union-attr,arg-type]
        quoted = doc004.span_text(f.prov.span)  # type: ignore[arg-type]
        assert quoted.startswith(f.label) and quoted.endswith(f.amount.raw)
        assert f.prov.method == "text_rule"


def test_004_yuan_and_wan_figures_of_one_total_are_both_kept(fa004: FinalAccountResult) -> None:
    totals = [f.amount for f in fa004.figures if f.key == "income_total"]
    assert [(a.unit, a.value) for a in totals] == [("万元", Decimal("518.76")), ("元", Decimal("5187593.33"))]
    assert totals[1].wan == Decimal("518.759333")
    assert [f.kind for f in fa004.figures if f.key.startswith("staff")] == ["count", "count", "count"]


def test_004_changes_and_unrelated_amounts_are_not_figures(fa004: FinalAccountResult) -> None:
    raws = {f.amount.raw for f in fa004.figures}
    # 较上年减少1.94万元, 比2021年减少37.64万元, 各增加44.32万元, 单价100万元以上, 接待费0.0485万元
    assert not raws & {"1.94万元", "37.64万元", "44.32万元", "100万元", "0.0485万元", "0.0746万元"}


EXPECTED_000_FIGURES = [
    ("basic_budget_initial", "2147.78万元", "amount"),  # 18 年初预算批复的基本支出
    ("basic_budget", "2213.19万元", "amount"),  # 18 全年指标共计
    ("basic", "2193.22万元", "amount"),  # 19 under （一）基本支出情况
    ("project_budget", "2363.71万元", "amount"),  # 22
    ("project", "1868.31万元", "amount"),
    ("project_exec_rate", "79.04%", "rate"),
    ("special_fund_budget_initial", "1461万元", "amount"),  # 24
    ("special_fund", "1546.35万元", "amount"),  # 25
    ("other_project_budget", "289.62万元", "amount"),  # 136
    ("other_project", "321.96万元", "amount"),
    ("other_project_exec_rate", "70.50%", "rate"),
    ("staff_quota", "82人", "count"),  # 175
    ("staff_actual", "68人", "count"),
    ("staff_control_rate", "82.93%", "rate"),
    ("three_public_budget", "64万元", "amount"),  # 177
    ("three_public", "29.78万元", "amount"),
    ("three_public_exec_rate", "46.53%", "rate"),
    ("budget_income", "4576.91万元", "amount"),  # 182
    ("expense_year", "4061.53万元", "amount"),
    ("exec_rate", "88.74%", "rate"),
    ("exec_rate", "88.74%", "rate"),  # 197
]


def test_000_figures(fa000: FinalAccountResult, doc000: Document) -> None:
    assert [(f.key, f.amount.raw, f.kind) for f in fa000.figures] == EXPECTED_000_FIGURES
    rate = next(f for f in fa000.figures if f.key == "staff_control_rate")
    assert (rate.amount.value, rate.amount.unit, rate.amount.wan) == (Decimal("82.93"), None, None)
    assert doc000.span_text(rate.prov.span) == "在职人员控制率为82.93%"  # type: ignore[arg-type]
    # 上年结转金额446.04万元 and 年中预算调整追加65.41万元 are carry-overs and changes, not totals
    assert not {f.amount.raw for f in fa000.figures} & {"446.04万元", "65.41万元", "19.97万元", "613.09万元"}


def test_000_three_public_from_the_narrative(fa000: FinalAccountResult) -> None:
    tp = fa000.three_public
    assert tp is not None and tp.source == "narrative"
    assert (tp.budget.value, tp.final.value) == (Decimal("64"), Decimal("29.78"))  # type: ignore[union-attr]
    assert (tp.outbound, tp.vehicle_total, tp.reception, tp.reception_batches) == (None, None, None, None)


def test_000_has_no_final_account_lines(fa000: FinalAccountResult) -> None:
    assert fa000.lines == [] and fa000.statements == []


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_text_seeds_hold_no_statement_tables(stem: str) -> None:
    result = extract_final_account(read_document(seed_path(stem)), DocumentStructure())
    assert result.statements == []
    assert all(ln.source == "narrative" for ln in result.lines)


def _values(fa: FinalAccountResult) -> list[tuple[str, Decimal | None, str | None, Decimal | None]]:
    return [(f.key, f.amount.value, f.amount.unit, f.share) for f in fa.figures]


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_004_other_renderings_give_the_same_figures_lines_and_three_public(
    fmt: str, fa004: FinalAccountResult
) -> None:
    other = extract_final_account(read_document(seed_path("004_zigong_2022", fmt)), DocumentStructure())
    # raw text may differ (the PDF text layer writes "518.76 万元"); values, units and shares may not
    assert _values(other) == _values(fa004)
    assert [(ln.func_code, ln.level, ln.final.value, ln.share) for ln in other.lines] == [  # type: ignore[union-attr]
        (ln.func_code, ln.level, ln.final.value, ln.share)  # type: ignore[union-attr]
        for ln in fa004.lines
    ]
    assert other.three_public is not None and fa004.three_public is not None
    keep = ("final", "outbound", "vehicle_total", "vehicle_purchase", "vehicle_ops", "reception")
    assert [getattr(other.three_public, k).value for k in keep] == [
        getattr(fa004.three_public, k).value for k in keep
    ]
    assert (other.three_public.reception_batches, other.three_public.reception_persons) == (7, 67)


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_000_other_renderings_give_the_same_figures(fmt: str, fa000: FinalAccountResult) -> None:
    other = extract_final_account(read_document(seed_path("000_hunan_2024", fmt)), DocumentStructure())
    assert _values(other) == _values(fa000)
    for f in other.figures:
        assert f.amount.prov is not None and f.amount.prov.span is not None
