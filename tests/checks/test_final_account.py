"""决算 identities on 004's narrative 决算说明 and the 普陀 statements (golden/docs/sh_putuo_czj_2024_juesuan.pdf)."""

from __future__ import annotations

from jixiao.checks import final_account as fa
from jixiao.schema import Amount
from jixiao.schema import FinalAccountLine
from jixiao.schema import Report
from tests.checks.builders import D
from tests.checks.builders import fa_line
from tests.checks.builders import figure
from tests.checks.builders import report
from tests.checks.builders import section
from tests.checks.seeds import F004

PUTUO = "sh_putuo_czj_2024_juesuan.pdf"

# fmt: off


def r004(**fields) -> Report:  # type: ignore[no-untyped-def]
    return report(file=F004, fiscal_year=2022, **fields)


def figures_004() -> list:  # type: ignore[type-arg]
    """004 第二部分 and the 自评报告 二: totals in 万元 and in 元, 基本/项目, 人员/公用 (lines 24–38, 207–212)."""
    return [
        figure("income_total", "收、支总计", "518.76", line=24), figure("expense_total", "收、支总计", "518.76", line=24),
        figure("expense_year", "本年支出合计", "518.76", line=35),
        figure("basic", "基本支出", "366.93", line=35), figure("project", "项目支出", "151.83", line=35),
        figure("personnel", "人员经费", "336.94", line=57), figure("public_funds", "公用经费", "29.99", line=59),
        figure("income_total", "收入总计", "5187593.33", "元", line=207), figure("expense_total", "支出总计", "5187593.33", "元", line=208),
        figure("basic", "基本支出", "3669288.36", "元", line=208), figure("project", "项目支出", "1518304.97", "元", line=208),
        figure("procurement_total", "政府采购支出总额", "4.64", line=94), figure("procurement_goods", "政府采购货物支出", "4.12", line=94),
        figure("procurement_works", "政府采购工程支出", "0", line=94), figure("procurement_services", "政府采购服务支出", "0.52", line=94),
    ]


def lines_004() -> list[FinalAccountLine]:
    """004 五(二)/(三): the four 类 totals and the nine 项 lines, codes from the 政府收支分类科目 (domain.md §2)."""
    lei = [("201", "一般公共服务支出", "370.62"), ("208", "社会保障和就业支出", "114.15"), ("210", "卫生健康支出", "15.59"), ("221", "住房保障支出", "18.40")]
    xiang = [
        ("2012901", "一般公共服务", "群众团体事务", "行政运行", "218.79"), ("2012902", "一般公共服务", "群众团体事务", "一般行政管理事务", "131.83"),
        ("2012999", "一般公共服务", "群众团体事务", "其他群众团体事务支出", "20"), ("2080501", "社会保障和就业", "行政事业单位养老支出", "行政单位离退休", "52.87"),
        ("2080505", "社会保障和就业", "行政事业单位养老支出", "机关事业单位基本养老保险缴费支出", "18.85"), ("2080801", "社会保障和就业", "抚恤", "死亡抚恤", "42.44"),
        ("2101101", "卫生健康", "行政事业单位医疗", "行政单位医疗", "10.04"), ("2101103", "卫生健康", "行政事业单位医疗", "公务员医疗补助", "5.55"),
        ("2210201", "住房保障支出", "住房改革支出", "住房公积金", "18.40"),
    ]
    return [fa_line(name, v, code=c, level="类", lei=name, line=51) for c, name, v in lei] + [
        fa_line(f"{a}（类）{b}（款）{x}（项）", v, code=c, level="项", lei=a, kuan=b, xiang=x, line=55 + i)
        for i, (c, a, b, x, v) in enumerate(xiang)
    ]


def putuo_statement(amounts: dict[str, str]) -> list[FinalAccountLine]:
    """普陀 statement 5 (page 9): 210 / 21011 / 2101101 and 221 / 22102 / 2210201 / 2210203."""
    rows = [("210", "卫生健康支出", "类"), ("21011", "行政事业单位医疗", "款"), ("2101101", "行政单位医疗", "项"),
            ("221", "住房保障支出", "类"), ("22102", "住房改革支出", "款"), ("2210201", "住房公积金", "项"), ("2210203", "购房补贴", "项")]
    return [fa_line(name, amounts[code], code=code, level=level, table_no=5, source="table", file=PUTUO, line=9) for code, name, level in rows]


PUTUO_5 = {"210": "60.99", "21011": "60.99", "2101101": "60.99", "221": "445.69", "22102": "445.69", "2210201": "187.19", "2210203": "258.50"}

# fmt: on


# --- totals and parts -----------------------------------------------------------------------------


def test_figure_identities_silent_on_004() -> None:
    r = r004(final_account_figures=figures_004())
    for check in (
        fa.fa_income_vs_expense,
        fa.fa_unit_mismatch,
        fa.fa_basic_parts,
        fa.fa_total_parts,
        fa.fa_procurement_parts,
    ):
        assert check(r) == [], check.__name__


def test_fa_income_vs_expense() -> None:
    figs = [f for f in figures_004() if f.key != "expense_total"] + [
        figure("expense_total", "支出总计", "518.67", line=24)
    ]
    found = fa.fa_income_vs_expense(r004(final_account_figures=figs))
    assert [(f.check, f.severity, f.expected, f.actual) for f in found] == [
        ("fa_income_vs_expense", "error", "518.67", "518.76")
    ]


def test_fa_income_vs_expense_on_statement_1_total_line() -> None:
    def total(income: str, expense: str) -> FinalAccountLine:
        cols = {
            h: Amount(raw=v, value=D(v), unit="万元", wan=D(v))
            for h, v in (("收入/决算数", income), ("支出/决算数", expense))
        }
        return FinalAccountLine(
            table=1, name="总计", level="合计", columns=cols, source="table", prov=fa_line("x", "0").prov
        )

    assert fa.fa_income_vs_expense(report(file=PUTUO, final_account=[total("2995.39", "2995.39")])) == []
    # The 普陀 extractor gives each side its own 总计 line: 收入/决算数 and 支出/决算数.
    income, expense = total("2995.39", "0"), total("0", "2959.39")
    income.columns.pop("支出/决算数")
    expense.columns.pop("收入/决算数")
    found = fa.fa_income_vs_expense(report(file=PUTUO, final_account=[income, expense]))
    assert [(f.expected, f.actual) for f in found] == [("2995.39", "2959.39")]
    found = fa.fa_income_vs_expense(report(file=PUTUO, final_account=[total("2995.39", "2959.39")]))
    assert [(f.subject, f.expected, f.actual) for f in found] == [("总计", "2995.39", "2959.39")]


def test_fa_unit_mismatch() -> None:
    # 收入总计5187593.33元 = 518.76万元; written as 528.76万元 it would not be.
    figs = [f for f in figures_004() if not (f.key == "income_total" and f.amount.unit == "万元")]
    figs.append(figure("income_total", "收、支总计", "528.76", line=24))
    found = fa.fa_unit_mismatch(r004(final_account_figures=figs))
    assert [(f.check, f.expected, f.actual) for f in found] == [
        ("fa_unit_mismatch", "518.7593", "528.76万元")
    ]


def test_fa_basic_parts() -> None:
    figs = [f for f in figures_004() if f.key != "public_funds"] + [
        figure("public_funds", "公用经费", "29.09", line=59)
    ]
    found = fa.fa_basic_parts(r004(final_account_figures=figs))
    assert [(f.check, f.expected, f.actual) for f in found] == [("fa_basic_parts", "366.03", "366.93")]


def test_fa_total_parts_uses_this_years_total_not_the_carry_over() -> None:
    # 普陀: 收入支出总计 2995.39 includes the carry-over; 本年支出合计 2940.05 = 2336.91 + 603.14.
    figs = [figure("expense_total", "收入支出总计", "2995.39", file=PUTUO), figure("expense_year", "本年支出合计", "2940.05", file=PUTUO),
            figure("basic", "基本支出", "2336.91", file=PUTUO), figure("project", "项目支出", "603.14", file=PUTUO)]  # fmt: skip
    assert fa.fa_total_parts(report(file=PUTUO, final_account_figures=figs)) == []
    figs[1] = figure("expense_year", "本年支出合计", "2940.50", file=PUTUO)
    found = fa.fa_total_parts(report(file=PUTUO, final_account_figures=figs))
    assert [(f.expected, f.actual) for f in found] == [("2940.05", "2940.5")]


def test_fa_procurement_parts() -> None:
    # 普陀: 251.25 vs 4.79 + 0 + 246.47 = 251.26 is rounding; 004: 4.64 = 4.12 + 0 + 0.52.
    figs = [figure("procurement_total", "政府采购金额", "251.25", file=PUTUO), figure("procurement_goods", "货物采购金额", "4.79", file=PUTUO),
            figure("procurement_works", "工程采购金额", "0", file=PUTUO), figure("procurement_services", "服务采购金额", "246.47", file=PUTUO)]  # fmt: skip
    assert fa.fa_procurement_parts(report(file=PUTUO, final_account_figures=figs)) == []
    figs[0] = figure("procurement_total", "政府采购金额", "215.25", file=PUTUO)
    found = fa.fa_procurement_parts(report(file=PUTUO, final_account_figures=figs))
    assert [(f.check, f.expected, f.actual) for f in found] == [("fa_procurement_parts", "251.26", "215.25")]


# --- 类 = Σ款 = Σ项 ------------------------------------------------------------------------------


def test_lei_and_kuan_sums_silent_on_004_and_putuo() -> None:
    # 004: 114.15 against 52.87 + 18.85 + 42.44 = 114.16 is the 0.01 rounding the tolerance allows.
    assert fa.fa_lei_sum(r004(final_account=lines_004())) == []
    r = report(file=PUTUO, final_account=putuo_statement(PUTUO_5))
    assert fa.fa_lei_sum(r) == [] and fa.fa_kuan_sum(r) == []


def test_fa_kuan_and_lei_sum_on_a_mistyped_line() -> None:
    # 购房补贴 typed 285.50 for 258.50: 22102 and 221 no longer add up.
    r = report(file=PUTUO, final_account=putuo_statement({**PUTUO_5, "2210203": "285.50"}))
    found = fa.fa_kuan_sum(r)
    assert [(f.check, f.severity, f.subject, f.expected, f.actual) for f in found] == [
        ("fa_kuan_sum", "error", "住房改革支出", "472.69", "445.69")
    ]
    assert fa.fa_lei_sum(r) == []  # 221 = 22102 still holds: the 款 is where the sum breaks


def test_fa_lei_sum_on_004_narrative() -> None:
    lines = lines_004()
    lines[1] = fa_line(
        "社会保障和就业支出", "141.15", code="208", level="类", lei="社会保障和就业支出", line=51
    )
    found = fa.fa_lei_sum(r004(final_account=lines))
    assert [(f.check, f.subject, f.expected, f.actual) for f in found] == [
        ("fa_lei_sum", "社会保障和就业支出", "114.16", "141.15")
    ]


def test_fa_lei_sum_by_names_when_lines_have_no_codes() -> None:
    lines = [ln.model_copy(update={"func_code": None}) for ln in lines_004()]
    assert fa.fa_lei_sum(r004(final_account=lines)) == []
    lines[3] = lines[3].model_copy(update={"final": fa_line("x", "81.40").final})
    found = fa.fa_lei_sum(r004(final_account=lines))
    assert [(f.subject, f.expected, f.actual) for f in found] == [("住房保障支出", "18.4", "81.4")]


def test_fa_lei_sum_against_the_share_sentence_when_no_lei_line_was_read() -> None:
    text = ("2022年一般公共预算财政拨款支出518.76万元，主要用于以下方面:一般公共服务支出370.62万元，占71.44%；"
            "社会保障和就业支出114.15万元，占22%；卫生健康支出15.59万元，占3.01%；住房保障支出18.40万元，占3.55%。")  # fmt: skip
    xiang = [ln for ln in lines_004() if ln.level == "项"]
    assert fa.fa_lei_sum(r004(final_account=xiang, sections=[section(text, start=40, file=F004)])) == []
    xiang[0] = xiang[0].model_copy(update={"final": fa_line("x", "281.79").final})
    found = fa.fa_lei_sum(r004(final_account=xiang, sections=[section(text, start=40, file=F004)]))
    assert [(f.subject, f.expected, f.actual) for f in found] == [("一般公共服务支出", "433.62", "370.62")]


def test_fa_lei_sum_on_economic_codes() -> None:
    # 普陀 statement 6: 301 工资福利支出 = Σ its 301xx lines.
    parts = [("30101", "基本工资", "600"), ("30102", "津贴补贴", "1482.85")]
    lines = [
        fa_line("工资福利支出", "2082.85", econ="301", level="类", table_no=6, source="table", file=PUTUO)
    ] + [fa_line(n, v, econ=c, level="款", table_no=6, source="table", file=PUTUO) for c, n, v in parts]
    assert fa.fa_lei_sum(report(file=PUTUO, final_account=lines)) == []
    lines[2] = fa_line(
        "津贴补贴", "1428.85", econ="30102", level="款", table_no=6, source="table", file=PUTUO
    )
    assert [(f.expected, f.actual) for f in fa.fa_lei_sum(report(file=PUTUO, final_account=lines))] == [
        ("2028.85", "2082.85")
    ]


# --- shares ----------------------------------------------------------------------------------------

SHARES_004 = [
    "2022年本年收入合计518.76万元，其中：一般公共预算财政拨款收入518.76万元，占100%。",
    "2022年本年支出合计518.76万元，其中：基本支出366.93万元，占70.73%；项目支出151.83万元，占29.27%。",
    "2022年一般公共预算财政拨款支出518.76万元，占本年支出合计的100%。与2021年相比，一般公共预算财政拨款支出增加44.32万元，增长9.34%。",
    "2022年“三公”经费财政拨款支出决算中，因公出国（境）费支出决算0万元，占0%；公务用车购置及运行维护费支出决算0.91万元，占59.48%；公务接待费支出决算0.62万元，占40.52%。",
    "授予中小企业合同金额4.64万元，占政府采购支出总额的100%，其中：授予小微企业合同金额4.64万元，占政府采购支出总额的100%。",
]
PUTUO_SHARES = (
    "一般公共预算财政拨款支出2940.05万元，主要用于以下方面：一般公共服务支出（类）2106.66万元，占71.73%；"
    "社会保障和就业支出（类）326.72万元，占11.11%；卫生健康支出（类）60.99万元，占2.07%；住房保障支出（类）445.69万元，占15.16%；"
)


def test_fa_structure_pct_silent_on_004() -> None:
    sections = [section(t, start=1000 * (i + 1), file=F004) for i, t in enumerate(SHARES_004)]
    assert fa.fa_structure_pct(r004(sections=sections)) == []


def test_fa_structure_pct_on_putuo_share_that_does_not_fit() -> None:
    # 2106.66 / 2940.05 = 71.65 %, written 71.73 % (and the four shares add up to 100.07 %).
    found = fa.fa_structure_pct(report(file=PUTUO, sections=[section(PUTUO_SHARES, start=8112, file=PUTUO)]))
    assert [(f.check, f.subject, f.expected, f.actual) for f in found] == [
        ("fa_structure_pct", "一般公共服务支出（类）", "71.65%", "71.73%")
    ]
    span = found[0].refs[0].span
    assert span is not None and PUTUO_SHARES[span[0] - 8113 : span[1] - 8113] == "2106.66万元，占71.73%"


def test_fa_structure_pct_shares_not_adding_up() -> None:
    # The parts 45 + 45 do not make the total 100, so the list may be partial: no claim about the sum.
    text = "2022年本年支出合计100万元，其中：基本支出45万元，占45%；项目支出45万元，占45%。"
    found = fa.fa_structure_pct(r004(sections=[section(text, start=10, file=F004)]))
    assert found == []
    # With a total of 90 the parts are the whole, and 45 of 90 is 50 %, not 45 %.
    text = "2022年本年支出合计90万元，其中：基本支出45万元，占45%；项目支出45万元，占45%。"
    found = fa.fa_structure_pct(r004(sections=[section(text, start=10, file=F004)]))
    assert [(f.expected, f.actual) for f in found] == [("50.00%", "45%"), ("50.00%", "45%")]


# --- 人员经费 = 301 + 303 ----------------------------------------------------------------------------


def test_fa_personnel_sum_on_putuo() -> None:
    # 人员经费 2152.26 = 301 工资福利支出 2082.85 + 303 对个人和家庭的补助 69.41.
    lines = [fa_line("工资福利支出", "2082.85", econ="301", level="类", table_no=6, source="table", file=PUTUO),
             fa_line("对个人和家庭的补助", "69.41", econ="303", level="类", table_no=6, source="table", file=PUTUO)]  # fmt: skip
    figs = [figure("personnel", "人员经费", "2152.26", file=PUTUO)]
    assert fa.fa_personnel_sum(report(file=PUTUO, final_account=lines, final_account_figures=figs)) == []
    figs = [figure("personnel", "人员经费", "2125.26", file=PUTUO)]
    found = fa.fa_personnel_sum(report(file=PUTUO, final_account=lines, final_account_figures=figs))
    assert [(f.check, f.expected, f.actual) for f in found] == [("fa_personnel_sum", "2152.26", "2125.26")]
