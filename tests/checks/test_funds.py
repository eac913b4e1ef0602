"""Fund checks on the seeds' fund rows: one test that triggers each check, one that a clean case stays silent."""

from __future__ import annotations

from jixiao.checks import funds
from jixiao.schema import Report
from jixiao.schema import SelfEvalTable
from jixiao.schema import Template
from tests.checks.builders import D
from tests.checks.builders import fund
from tests.checks.builders import ids
from tests.checks.builders import report
from tests.checks.builders import table
from tests.checks.builders import with_amount
from tests.checks.builders import with_row
from tests.checks.seeds import F002
from tests.checks.seeds import F003
from tests.checks.seeds import F004
from tests.checks.seeds import t000_jiating
from tests.checks.seeds import t000_yewu
from tests.checks.seeds import t002
from tests.checks.seeds import t003
from tests.checks.seeds import t004_fuer

# fmt: off


def _on(check, t: SelfEvalTable, r: Report | None = None):  # type: ignore[no-untyped-def]
    return check(r or report(), t)


def _000_dept() -> SelfEvalTable:
    """000 附件2 年度资金总额 3918.82/4576.91/4061.53, 10, 88.74%, 8.8 and the values in the label cells."""
    return table(scope="部门整体", funds=[
        fund("总额", "年度资金总额", initial="3918.82", budget="4576.91", executed="4061.53", rate="88.74%", weight="10", score="8.8", line=375),
        fund("一般公共预算", "其中：  一般公共预算：4576.91", budget="4576.91", breakdown="收入性质", line=387),
        fund("基本支出", "其中：基本支出：2193.22", executed="2193.22", breakdown="支出性质", line=388),
        fund("项目支出", "项目支出：1868.31", executed="1868.31", breakdown="支出性质", line=392),
    ])


def _000_special() -> SelfEvalTable:
    """000 附件3 省级专项资金: 2013.04 = 当年财政拨款 1567 + 上年结转 446.04; 1546.34 spent, 76.82%, 7.68."""
    return table(name="省级专项资金", funds=[
        fund("总额", "年度资金总额", initial="2013.04", budget="2013.04", executed="1546.34", rate="76.82%", weight="10", score="7.68", line=3161),
        fund("当年财政拨款", "其中： 当年财政拨款 1567", budget="1567", line=3165),
        fund("上年结转", "上年结转资金446.04", budget="446.04", line=3167),
    ])


# --- execution rate -----------------------------------------------------------------------------


def test_exec_rate_mismatch_on_002_total_mistyped() -> None:
    found = _on(funds.exec_rate_mismatch, t002())
    assert ids(found) == ["exec_rate_mismatch"]
    f = found[0]
    assert (f.severity, f.subject, f.expected, f.actual) == ("error", "资金来源 合计", "106.96%", "106.87%")
    assert "198.98" in f.message  # the rate fits the parts' sum: the total was mistyped
    assert f.refs[0].file == F002 and f.refs[0].line == 24


def test_exec_rate_mismatch_coarse_rounding_is_a_warning() -> None:
    # 业务工作经费 14.78/15 = 98.53 %, written “99%”: right only to the precision written.
    found = _on(funds.exec_rate_mismatch, t000_yewu())
    assert [(f.severity, f.subject, f.expected, f.actual) for f in found] == [("warn", "业务工作经费", "98.53%", "99%")]
    assert "coarse rounding" in found[0].message


def test_exec_rate_mismatch_silent_when_rates_agree() -> None:
    # 003 (B−C)/A = (324 − 0)/324 = 100.00 %; 000 附件2 4061.53/4576.91 = 88.74 %; “30.4” = 33.07/108.78;
    # 省级专项资金 1546.34/2013.04 = 76.82 %.
    for t in (t003(), _000_dept(), t000_jiating(), _000_special(), t004_fuer()):
        assert _on(funds.exec_rate_mismatch, t) == [], t.project_name


def test_exec_rate_mismatch_uses_b_minus_c_on_the_wangcheng_form() -> None:
    # Same 003 row with a 转移支付 of 24: (324 − 24)/324 = 92.59 %, so “100.00%” is wrong.
    row = fund("总额", "年度资金总额", budget="324", executed="324", transfer="24", rate="100.00%", formula="(B-C)/A", line=15, file=F003)
    found = _on(funds.exec_rate_mismatch, table(scope="部门整体", funds=[row]))
    assert [(f.severity, f.expected, f.actual) for f in found] == [("error", "92.59%", "100.00%")]


def test_exec_rate_written_as_fraction_is_read_as_points() -> None:
    row = fund("总额", "年度资金总额", budget="4576.91", executed="4061.53", rate="0.8874", line=375)
    t = table(scope="部门整体", funds=[row])
    assert _on(funds.exec_rate_mismatch, t) == []
    assert [f.expected for f in _on(funds.exec_rate_no_percent_sign, t)] == ["88.74%"]


def test_exec_rate_no_percent_sign_on_000_jiating() -> None:
    found = _on(funds.exec_rate_no_percent_sign, t000_jiating())
    assert [(f.check, f.severity, f.subject, f.actual, f.expected) for f in found] == [
        ("exec_rate_no_percent_sign", "warn", "家庭教育民生实事", "30.4", "30.40%")
    ]


def test_exec_rate_no_percent_sign_silent_with_sign() -> None:
    assert _on(funds.exec_rate_no_percent_sign, _000_dept()) == []
    assert _on(funds.exec_rate_no_percent_sign, t002()) == []


def test_exec_rate_over_100_on_002_once_per_row() -> None:
    found = _on(funds.exec_rate_over_100, t002())
    assert [(f.subject, f.actual) for f in found] == [
        ("资金来源 合计", "106.87%"),
        ("财政拨款", "117.13%"),
        ("资金结构 合计", "117.13%"),
        ("基本支出", "106.13%"),
        ("人员支出", "107.73%"),
        ("项目支出", "150.39%"),
    ]
    assert {f.severity for f in found} == {"warn"}


def test_exec_rate_over_100_silent_at_100_and_below() -> None:
    assert _on(funds.exec_rate_over_100, t003()) == []  # 100.00 %
    assert _on(funds.exec_rate_over_100, _000_dept()) == []  # 88.74 %


def test_exec_reason_missing_when_only_the_form_note_explains_a_low_rate() -> None:
    # 004's 总额 row carries the form's printed note in 原因; with 11.70 of 14.63 spent (80 %) a reason is due.
    t = t004_fuer()
    low = with_amount(t.funds[0], "executed", "11.70").model_copy(update={"rate_reported": D("80.00"), "rate_raw": "80.00%"})
    found = _on(funds.exec_reason_missing, with_row(t, 0, low), report(fiscal_year=2022, template=Template.NATURE_UNIT))
    assert [(f.check, f.severity, f.subject) for f in found] == [("exec_reason_missing", "warn", "市妇联妇儿工委")]
    assert "instruction" in found[0].message


def test_exec_reason_missing_silent_at_100_percent_or_without_reason_column() -> None:
    assert _on(funds.exec_reason_missing, t004_fuer(), report(fiscal_year=2022, template=Template.NATURE_UNIT)) == []
    # 000's forms have no 原因 column: 88.74 % needs no written reason there.
    assert _on(funds.exec_reason_missing, _000_dept()) == []


# --- execution score ----------------------------------------------------------------------------


def test_exec_score_blank_on_002() -> None:
    found = _on(funds.exec_score_blank, t002())
    assert [(f.check, f.severity, f.subject, f.actual) for f in found] == [("exec_score_blank", "warn", "资金来源 合计", None)]


def test_exec_score_blank_silent_when_scored() -> None:
    assert _on(funds.exec_score_blank, _000_dept()) == []
    assert _on(funds.exec_score_blank, t004_fuer()) == []  # the 四川 parts' “/” weights expect no score


def test_exec_score_over_weight() -> None:
    row = fund("总额", "年度资金总额", budget="324", executed="324", transfer="0", rate="100.00%", weight="10", score="10.5", formula="(B-C)/A", line=15, file=F003)
    found = _on(funds.exec_score_over_weight, table(scope="部门整体", funds=[row]))
    assert [(f.severity, f.expected, f.actual) for f in found] == [("error", "≤ 10", "10.5")]


def test_exec_score_over_weight_silent_at_full_marks() -> None:
    assert _on(funds.exec_score_over_weight, t003()) == []


def test_exec_score_formula_silent_on_000_scores() -> None:
    # 8.8 for 88.74 %, 9.9 for 99 %, 3 for 30.4 %, 7.68 for 76.82 %: all within about 0.1 of 10 × rate.
    for t in (_000_dept(), t000_yewu(), t000_jiating(), _000_special(), t003(), t004_fuer()):
        assert _on(funds.exec_score_formula, t) == [], t.project_name


def test_exec_score_formula_flags_a_score_off_the_rate() -> None:
    t = _000_dept()
    found = _on(funds.exec_score_formula, with_row(t, 0, t.funds[0].model_copy(update={"score": D("9.8")})))
    assert [(f.check, f.severity, f.expected, f.actual) for f in found] == [("exec_score_formula", "warn", "8.87", "9.8")]


# --- fund identities ----------------------------------------------------------------------------


def test_fund_total_parts_on_002() -> None:
    found = _on(funds.fund_total_parts, t002())
    assert [(f.severity, f.subject, f.expected, f.actual) for f in found] == [("error", "资金来源 合计", "198.98", "198.8")]
    assert [r.line for r in found[0].refs][:3] == [24, 33, 42]  # the total and both parts


def test_fund_total_parts_silent_when_parts_add_up() -> None:
    # 004: 总额 15.00/14.63/14.63 = 财政资金 + 0.00 + 0.00 (+ an empty 其他资金 row).
    assert _on(funds.fund_total_parts, t004_fuer()) == []
    # 000 业务工作经费: 全年执行数 of the parts is blank; only the budget columns are compared.
    assert _on(funds.fund_total_parts, t000_yewu()) == []
    assert _on(funds.fund_total_parts, _000_special()) == []


def test_fund_basic_parts() -> None:
    assert _on(funds.fund_basic_parts, t002()) == []  # 131.32 = 118.47 + 12.85; 139.37 = 127.63 + 11.74
    t = t002()  # 人员支出 typed 118.74 for 118.47
    found = _on(funds.fund_basic_parts, with_row(t, 5, with_amount(t.funds[5], "budget", "118.74")))
    assert [(f.check, f.severity, f.expected, f.actual) for f in found] == [("fund_basic_parts", "error", "131.59", "131.32")]


def test_fund_basic_plus_project() -> None:
    assert _on(funds.fund_basic_plus_project, t002()) == []  # 174.74 = 131.32 + 43.42
    assert _on(funds.fund_basic_plus_project, _000_dept()) == []  # 4061.53 = 2193.22 + 1868.31
    t = _000_dept()
    found = _on(funds.fund_basic_plus_project, with_row(t, 3, with_amount(t.funds[3], "executed", "1546.35")))
    assert [(f.check, f.expected, f.actual) for f in found] == [("fund_basic_plus_project", "3739.57", "4061.53")]


def test_fund_income_vs_expense_on_002_names_both_columns() -> None:
    # 资金来源 198.8/212.64 vs 资金结构 174.74/204.67: the structure covers 财政拨款 only.
    found = _on(funds.fund_income_vs_expense, t002())
    assert [(f.severity, f.subject, f.expected, f.actual) for f in found] == [
        ("error", "资金来源 合计", "198.8 / 212.64", "174.74 / 204.67")
    ]
    assert "covers （1）财政拨款 only" in found[0].message


def test_fund_income_vs_expense_without_the_appropriation_note() -> None:
    t = t002()
    found = _on(funds.fund_income_vs_expense, with_row(t, 3, with_amount(t.funds[3], "budget", "180")))
    assert [(f.expected, f.actual) for f in found] == [("198.8 / 212.64", "180 / 204.67")]
    assert "covers" not in found[0].message


def test_fund_income_vs_expense_on_000_breakdowns_on_different_bases() -> None:
    # 附件2: 一般公共预算 4576.91 is a 全年预算数; 基本 2193.22 + 项目 1868.31 = 4061.53 are 全年执行数.
    found = _on(funds.fund_income_vs_expense, _000_dept())
    assert [(f.severity, f.expected, f.actual) for f in found] == [("warn", "4576.91", "4061.53")]
    assert "different bases" in found[0].message


def test_fund_income_vs_expense_silent_when_breakdowns_agree_or_one_is_missing() -> None:
    t = t002()
    same = with_row(t, 3, with_amount(with_amount(t.funds[3], "budget", "198.8"), "executed", "212.64"))
    assert _on(funds.fund_income_vs_expense, same) == []
    assert _on(funds.fund_income_vs_expense, t004_fuer()) == []  # no expense breakdown at all


def test_no_fund_finding_on_004_project_table() -> None:
    r = report(file=F004, fiscal_year=2022, template=Template.NATURE_UNIT)
    assert [f for check in funds.TABLE_CHECKS for f in check(r, t004_fuer())] == []


# fmt: on
