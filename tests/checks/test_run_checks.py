"""All checks together: a clean hand-built report raises nothing; a failing check does not stop the others."""

from __future__ import annotations

import pytest

import jixiao.checks as checks
from jixiao.checks import run_checks
from jixiao.schema import Finding
from jixiao.schema import Report
from jixiao.schema import SelfEvalTable
from jixiao.schema import Template
from tests.checks.builders import D
from tests.checks.builders import basic_line
from tests.checks.builders import fa_line
from tests.checks.builders import figure
from tests.checks.builders import ids
from tests.checks.builders import report
from tests.checks.builders import section
from tests.checks.builders import staffing
from tests.checks.builders import three_public
from tests.checks.seeds import F004
from tests.checks.seeds import t004_fuer
from tests.checks.seeds import t004_xiangcun
from tests.checks.test_final_account import SHARES_004
from tests.checks.test_final_account import figures_004
from tests.checks.test_final_account import lines_004


def _clean_projects() -> list[SelfEvalTable]:
    """004's 妇儿工委 and 乡村振兴 tables with their two scoring slips put right (18 → 16; a reason for 良 8)."""
    fuer = t004_fuer()
    chunlei = fuer.indicators[0].model_copy(update={"score": D(16)})
    fuer = fuer.model_copy(
        update={"indicators": [chunlei, *fuer.indicators[1:]], "total_score_reported": D(96)}
    )
    xiangcun = t004_xiangcun()
    rows = list(xiangcun.indicators)
    rows[5] = rows[5].model_copy(update={"deviation_reason": "受市场影响，带动产业发展效果一般。"})
    return [fuer, xiangcun.model_copy(update={"indicators": rows})]


def clean_report() -> Report:
    """A report in which every figure that appears twice agrees and every sum adds up."""
    basic = [
        basic_line("三公", "三公经费:", "3.47", "1.53", "1.53", 239),
        basic_line("三公", "1、公务用车购置和维护经费", "2.49", "0.91", "0.91", 244),
        basic_line("三公", "2、出国经费", "0", "0", "0", 259),
        basic_line("三公", "3、公务接待", "0.98", "0.62", "0.62", 264),
        basic_line("项目支出", "1、市妇联妇儿工委", "15.00", "14.63", "14.63", 274),
        basic_line("项目支出", "2、市妇联乡村振兴再提升行动", "28.00", "26.00", "26.00", 279),
        basic_line("项目支出", "3、其他项目", "120.00", "111.20", "111.20", 284),  # 151.83 in all
    ]
    verdict = "根据项目开展的自评情况，2022年度市妇联较好的完成了年初设定的各项项目绩效目标，评价结果为优秀。"
    sections = [section(t, start=1000 * (i + 1), file=F004) for i, t in enumerate([*SHARES_004, verdict])]
    figs = [
        *figures_004(),
        figure("staff_quota", "核定编制数", "14", None, line=125, raw="14名").model_copy(
            update={"kind": "count"}
        ),
        figure("staff_actual", "年末在职人员", "12", None, line=125, raw="12人").model_copy(
            update={"kind": "count"}
        ),
    ]
    wages = fa_line("工资福利支出", "336.94", econ="301", level="类", table_no=6, source="table")
    vehicle = {"vehicle_total": "0.91", "vehicle_purchase": "0", "vehicle_ops": "0.91"}
    return report(
        file=F004,
        fiscal_year=2022,
        template=Template.NATURE_UNIT,
        sections=sections,
        project_tables=_clean_projects(),
        basic_data=basic,
        staffing=staffing(14, 12, "85.71", "2022", line=125),
        three_public=three_public(
            budget="1.53", final="1.53", outbound="0", reception="0.62", file=F004, line=70, **vehicle
        ),
        final_account=[*lines_004(), wages],
        final_account_figures=figs,
    )


def test_clean_report_raises_nothing() -> None:
    r = clean_report()
    # The parts the checks look at are all there: two project tables, 三公 in two places, staffing twice, …
    assert len(r.project_tables) == 2 and r.basic_data and r.three_public and r.staffing and r.final_account
    found = run_checks(r)
    assert [(f.check, f.subject, f.message) for f in found] == []


def test_clean_report_raises_once_one_number_is_wrong() -> None:
    r = clean_report()
    r.three_public = r.three_public.model_copy(
        update={"final": r.three_public.budget.model_copy(update={"raw": "1.35", "wan": D("1.35")})}
    )  # type: ignore[union-attr]
    assert sorted(ids(run_checks(r))) == ["three_public_components", "three_public_mismatch"]


def test_a_failing_check_becomes_a_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(report: Report, table: SelfEvalTable) -> list[Finding]:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(checks, "TABLE_CHECKS", (broken, *checks.TABLE_CHECKS))
    found = run_checks(clean_report())
    assert [(f.check, f.severity, f.subject) for f in found] == [
        ("check_failed", "warn", "市妇联妇儿工委"),
        ("check_failed", "warn", "市妇联乡村振兴再提升行动"),
    ]
    assert "broken" in found[0].message and "ZeroDivisionError" in found[0].message
