"""Arithmetic and consistency checks over a report → findings (domain.md §5).

Each check is a small function with a stable id. Severity: ``error`` for arithmetic that is wrong, ``warn``
for something suspicious, ``info`` for a note. Every finding names its ``subject`` (a project, an indicator or
a figure), gives ``expected`` vs ``actual`` as written, and ``refs`` to the provenance of every value involved.
Tolerances: 0.01 万元 per summed term, 0.01 percentage point for rates (or half a unit at the precision a value
was written to), about 0.1 point for scores.

Check ids, by family:

Funds and budget execution (:mod:`.funds`), per self-evaluation table
    ``exec_rate_mismatch``       执行率 ≠ B/A, or (B−C)/A on the 望城 form, beyond the precision written;
                                 within it but over 0.01 point off (“99%” for 98.53 %), coarse rounding — warn
    ``exec_rate_no_percent_sign`` a rate written without % (``30.4``)
    ``exec_rate_over_100``       a row spent more than its budget, once per row that shows it
    ``exec_reason_missing``      四川 form: rate under 90 % and no 原因 (or only the form's instruction)
    ``exec_score_blank``         the execution row has a 分值 but no 得分
    ``exec_score_over_weight``   execution 得分 above its 分值
    ``exec_score_formula``       execution 得分 ≠ 分值 × min(rate, 100 %) by more than about 0.1
    ``fund_total_parts``         总额 ≠ 当年财政拨款 + 上年结转 + 其他 (or the 四川/湖南 income lines)
    ``fund_income_vs_expense``   total by income type ≠ total by expense type, or the two breakdowns are
                                 written in different columns (000: 全年预算数 vs 全年执行数)
    ``fund_basic_parts``         基本支出 ≠ 人员支出 + 公用支出
    ``fund_basic_plus_project``  基本支出 + 项目支出 ≠ the expense total

Indicators (:mod:`.indicators`), per indicator row
    ``indicator_score_over_weight``  得分 above 分值
    ``indicator_score_negative``     negative 得分 or 分值
    ``indicator_full_score_unmet``   full marks although 未完成, actual below a ≥ target or above a ≤ cap
    ``indicator_missing_reason``     marks deducted, no 偏差原因
    ``indicator_score_proportional`` partly met quantitative target scored away from 分值 × 完成值/指标值
    ``indicator_weight_without_name`` a 分值 on a row that names no indicator
    ``indicator_score_blank``        a 分值 with no 得分

Totals (:mod:`.totals`)
    ``level1_weight_cap``      a level-1 group's weights over the cap written in its cell (“(50分)”); under it,
                               or off the usual 50/30/10 when no cap is written, as a note
    ``total_weight_mismatch``  总分 分值 ≠ Σ indicator weights + execution weight; a note when the execution
                               row is left out of the total (older 长沙 form)
    ``total_score_mismatch``   总分 得分 ≠ Σ indicator scores + execution score; a warning when it is blank or
                               only rounded (“90” for 89.9)
    ``grade_mismatch``         the grade the narrative states (“评价结果为优秀”) ≠ the band of the total score

Narrative vs tables (:mod:`.narrative_vs_tables`)
    ``narrative_vs_table``   a figure in the narrative (totals, 基本/项目支出, 执行率, a named fund, 自评得分) ≠
                             the 自评表's, the 基础数据表's or a 决算 statement's; a 基础数据表 line the text
                             states differently (会议费、培训费) as a note
    ``staffing_mismatch``    narrative 编制/实际人数/控制率 ≠ the 基础数据表's (or 控制率 ≠ 实际/编制 in the table)

三公 (:mod:`.three_public`)
    ``three_public_components``  三公 ≠ 出国 + 公务用车 (购置 + 运行维护) + 接待, per 基础数据表 column and in the 决算
    ``three_public_mismatch``    三公 预算/支出 in the narrative or 决算 ≠ the 基础数据表's

Projects (:mod:`.projects`)
    ``project_total_vs_basic_data``    a project table's amounts ≠ its 基础数据表 line (or are another line's);
                                       the 基础数据表's project lines ≠ 项目支出
    ``project_sum_vs_project_expense`` Σ project tables' 执行数 more than 项目支出

决算 (:mod:`.final_account`)
    ``fa_income_vs_expense``  收入总计 ≠ 支出总计
    ``fa_lei_sum``            a 类 line ≠ Σ its 款 lines (or Σ its 项 lines when no 款 line is given), for
                              功能分类 codes (3/5/7 digits) and 经济分类 codes (301 = Σ 301xx)
    ``fa_kuan_sum``           a 款 line ≠ Σ its 项 lines
    ``fa_unit_mismatch``      the same figure written in 元 and in 万元 disagrees
    ``fa_structure_pct``      shares (“占71.44%”) ≠ amount / total, or do not add up to 100
    ``fa_personnel_sum``      人员经费 ≠ 301 + 303
    ``fa_basic_parts``        基本支出 ≠ 人员经费 + 公用经费
    ``fa_total_parts``        本年支出合计 ≠ 基本支出 + 项目支出
    ``fa_procurement_parts``  政府采购 总额 ≠ 货物 + 工程 + 服务

Years (:mod:`.years`)
    ``year_mismatch``  a date inside a table, a 填报日期, a project code or a column label ≠ the fiscal year

Other
    ``placeholder_unfilled``  a cell still holds the form's instruction (“…（200字以内）”) (:mod:`.placeholders`)
    ``duplicate_rendering_conflict``  copies of one project table disagree — emitted by the table stage,
                                      which alone sees every copy; not repeated here
    ``check_failed``  a check raised an exception on this report (a bug; the other checks still run)
"""

from __future__ import annotations

from collections.abc import Callable

from jixiao.checks import final_account
from jixiao.checks import funds
from jixiao.checks import indicators
from jixiao.checks import narrative_vs_tables
from jixiao.checks import placeholders
from jixiao.checks import projects
from jixiao.checks import three_public
from jixiao.checks import totals
from jixiao.checks import years
from jixiao.schema import Finding
from jixiao.schema import Report
from jixiao.schema import SelfEvalTable

TableCheck = Callable[[Report, SelfEvalTable], list[Finding]]
ReportCheck = Callable[[Report], list[Finding]]

TABLE_CHECKS: tuple[TableCheck, ...] = (
    *funds.TABLE_CHECKS,
    *indicators.TABLE_CHECKS,
    *totals.TABLE_CHECKS,
    *years.TABLE_CHECKS,
    *placeholders.TABLE_CHECKS,
)
REPORT_CHECKS: tuple[ReportCheck, ...] = (
    *totals.REPORT_CHECKS,
    *narrative_vs_tables.REPORT_CHECKS,
    *three_public.REPORT_CHECKS,
    *projects.REPORT_CHECKS,
    *final_account.REPORT_CHECKS,
    *years.REPORT_CHECKS,
)


def _failed(check: Callable[..., list[Finding]], exc: Exception, subject: str | None) -> Finding:
    return Finding(
        check="check_failed",
        severity="warn",
        message=f"check {check.__name__} failed: {type(exc).__name__}: {exc}",
        subject=subject,
    )


def run_checks(report: Report) -> list[Finding]:
    """Every check of domain.md §5 that applies to the report, in a stable order.

    A check that raises is reported as a ``check_failed`` finding so one faulty check never costs the
    document its other findings.
    """
    out: list[Finding] = []
    tables = ([report.dept_table] if report.dept_table is not None else []) + list(report.project_tables)
    for table in tables:
        for table_check in TABLE_CHECKS:
            try:
                out.extend(table_check(report, table))
            except Exception as exc:
                out.append(_failed(table_check, exc, table.project_name or table.scope))
    for report_check in REPORT_CHECKS:
        try:
            out.extend(report_check(report))
        except Exception as exc:
            out.append(_failed(report_check, exc, None))
    return out


__all__ = ["REPORT_CHECKS", "TABLE_CHECKS", "run_checks"]
