"""Scoring: alignment, per-field comparison, metrics and mismatches, on the real answer files."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.eval.answers import FIELD_GROUPS
from jixiao.eval.answers import FindingAnswer
from jixiao.eval.answers import FundAnswer
from jixiao.eval.answers import GoldenAnswer
from jixiao.eval.answers import IndicatorAnswer
from jixiao.eval.answers import MetadataAnswer
from jixiao.eval.answers import ProblemAnswer
from jixiao.eval.answers import load_answer
from jixiao.eval.predict import Prediction
from jixiao.eval.predict import report_to_prediction
from jixiao.eval.results import GroupResult
from jixiao.eval.score import score_answer
from jixiao.schema import Amount
from jixiao.schema import FundRow
from jixiao.schema import PerformanceIndicator
from jixiao.schema import Provenance
from jixiao.schema import Report
from jixiao.schema import SelfEvalTable
from jixiao.schema import SourceInfo
from jixiao.schema import Value

EXPECTED = Path(__file__).resolve().parents[2] / "golden" / "expected"
ANSWER_FILES = sorted(EXPECTED.glob("*.json"))


def answer(stem: str) -> GoldenAnswer:
    return load_answer(EXPECTED / f"{stem}.json")


def by_group(results: list[GroupResult]) -> dict[str, GroupResult]:
    return {r.group: r for r in results}


def predict(a: GoldenAnswer) -> Prediction:
    """A prediction that says exactly what the answers say (covering every group)."""
    return Prediction(answer=a.model_copy(update={"covers": list(FIELD_GROUPS)}, deep=True))


@pytest.mark.parametrize("path", ANSWER_FILES, ids=lambda p: p.stem)
def test_answers_score_perfectly_against_themselves(path: Path) -> None:
    a = load_answer(path)
    results = score_answer(a, predict(a))
    assert [r.group for r in results] == [g for g in FIELD_GROUPS if g in a.covers]
    for r in results:
        assert r.mismatches == [], r.group
        assert (r.metrics.precision, r.metrics.recall, r.metrics.f1) == (1.0, 1.0, 1.0), r.group
        assert r.metrics.exact in (1.0, None), r.group


@pytest.mark.parametrize("stem", ["001_yueyang_2024", "002_yuelu_2021", "003_wangcheng_2020"])
def test_reordered_items_still_match_one_to_one(stem: str) -> None:
    a = answer(stem)
    reordered = a.model_copy(
        update={g: list(reversed(getattr(a, g))) for g in FIELD_GROUPS if g != "metadata"}
    )
    for r in score_answer(a, predict(reordered)):
        assert r.mismatches == [], r.group
        assert r.metrics.f1 == 1.0


def test_damaged_prediction_scores_exactly_what_was_damaged() -> None:
    a = answer("002_yuelu_2021")
    damaged = a.model_copy(deep=True)
    damaged.funds[0].budget = Decimal("198.98")  # the "corrected" total instead of the written one
    dropped = damaged.indicators.pop(3)
    damaged.findings.append(FindingAnswer(check="grade_mismatch", subject="总分", severity="warn"))
    r = by_group(score_answer(a, predict(damaged)))

    funds = r["funds"].metrics
    assert (funds.counts.expected, funds.counts.matched, funds.counts.fields) == (8, 8, 64)
    assert funds.exact == round(63 / 64, 4)
    assert funds.f1 == 1.0
    [m] = r["funds"].mismatches
    assert (m.kind, m.field, m.expected, m.got) == ("field", "budget", "198.8", "198.98")
    assert m.item == "[dept] 资金来源 合计"

    ind = r["indicators"].metrics
    assert (ind.precision, ind.recall) == (1.0, round(14 / 15, 4))
    [missing] = r["indicators"].mismatches
    assert missing.kind == "missing" and "加强基层组织建设情况" in missing.item
    assert dropped.name == "指标1：加强基层组织建设情况"

    fin = r["findings"].metrics
    assert (fin.precision, fin.recall) == (round(14 / 15, 4), 1.0)
    assert [(m.kind, m.item) for m in r["findings"].mismatches] == [("spurious", "grade_mismatch — 总分")]


def test_a_value_in_a_blank_cell_is_a_mismatch() -> None:
    a = answer("003_wangcheng_2020")
    damaged = a.model_copy(deep=True)
    damaged.funds[1].score = Decimal("10")  # 财政拨款's 得分 is '--'
    [m] = by_group(score_answer(a, predict(damaged)))["funds"].mismatches
    assert (m.item, m.field, m.expected, m.got) == ("[dept] 财政拨款", "score", None, "10")


def test_changed_operator_and_number_are_field_mismatches() -> None:
    a = answer("003_wangcheng_2020")
    damaged = a.model_copy(deep=True)
    row = damaged.indicators[1]  # 至少 30 场 → ≥ 30 场
    assert row.target is not None
    row.target.op = None
    row.target.num = Decimal("3")
    r = by_group(score_answer(a, predict(damaged)))["indicators"]
    assert sorted((m.field, m.expected, m.got) for m in r.mismatches) == [
        ("target.num", "30", "3"),
        ("target.op", "≥", None),
    ]
    assert r.metrics.recall == 1.0


def test_rows_without_a_name_align_by_their_second_level() -> None:
    a = answer("003_wangcheng_2020")
    empties = [i for i in a.indicators if i.name == ""]
    assert [i.level2_raw for i in empties] == ["经济效益指标", "生态效益指标", "服务对象满意度指标"]
    named = [i for i in a.indicators if i.name != ""]
    shuffled = a.model_copy(update={"indicators": [*reversed(empties), *named]})
    r = by_group(score_answer(a, predict(shuffled)))["indicators"]
    assert r.mismatches == []


def test_narrative_items_match_despite_punctuation_and_cut() -> None:
    a = answer("002_yuelu_2021")
    got = a.model_copy(
        update={
            "problems": [
                ProblemAnswer(text="整体支出绩效管理工作缺乏专业指导,工作成效较其他优秀兄弟单位还有一定差距")
            ]
        }
    )
    r = by_group(score_answer(a, predict(got)))["problems"]
    assert r.metrics.f1 == 1.0
    # The category was not predicted: a field mismatch, not a missing item.
    assert [(m.kind, m.field, m.expected, m.got) for m in r.mismatches] == [
        ("field", "category", "绩效管理", None)
    ]


def test_findings_align_by_check_id_and_subject() -> None:
    a = answer("002_yuelu_2021")
    subjects = {"资金来源 合计": "合计（资金来源）", "项目支出": "（2）项目支出 执行率"}
    got = a.model_copy(deep=True)
    for f in got.findings:
        if f.check == "exec_rate_over_100":
            f.subject = subjects.get(f.subject or "", f.subject)
    got.findings.reverse()
    r = by_group(score_answer(a, predict(got)))["findings"]
    assert r.mismatches == []


def test_metadata_fields_are_the_items() -> None:
    a = answer("002_yuelu_2021")
    got = a.model_copy(
        update={
            "metadata": MetadataAnswer(
                department="长沙市岳麓区妇女联合会",
                region="岳麓区",  # higher levels left out: still right
                level="区",
                fiscal_year=2020,  # wrong
                kinds=["部门整体支出绩效自评报告", "部门整体支出绩效自评表"],  # order does not matter
            )
        }
    )
    r = by_group(score_answer(a, predict(got)))["metadata"]
    c = r.metrics.counts
    assert (c.expected, c.predicted, c.matched) == (6, 5, 4)
    assert sorted((m.kind, m.field) for m in r.mismatches) == [
        ("field", "fiscal_year"),
        ("missing", "template"),
    ]


def test_uncovered_groups_are_not_scored() -> None:
    a = answer("002_yuelu_2021")
    assert "basic_data" not in a.covers
    got = a.model_copy(update={"basic_data": []})
    assert "basic_data" not in by_group(score_answer(a, predict(got)))


def test_empty_prediction_metrics() -> None:
    a = answer("002_yuelu_2021")
    r = by_group(score_answer(a, Prediction(answer=GoldenAnswer(doc=a.doc, covers=list(FIELD_GROUPS)))))
    funds = r["funds"].metrics
    assert (funds.precision, funds.recall, funds.f1, funds.exact) == (None, 0.0, 0.0, None)
    assert len(r["funds"].mismatches) == 8
    empty = r["project_tables"].metrics  # nothing expected, nothing found
    assert (empty.precision, empty.recall, empty.f1) == (1.0, 1.0, 1.0)


# --- from a Report: units, widths, provenance ----------------------------------------------------


def _prov(line: int, row: int, col: int) -> Provenance:
    return Provenance(file="002_yuelu_2021.txt", line=line, table=0, row=row, col=col, method="table_rule")


def _yuan(wan: Decimal, line: int, row: int) -> Amount:
    value = wan * 10000
    return Amount(raw=f"{value}元", value=value, unit="元", wan=wan, prov=_prov(line, row, 2))


def _report(table: SelfEvalTable) -> Report:
    return Report(
        id="0" * 16,
        source=SourceInfo(path="x", name="002_yuelu_2021.txt", format="txt", sha256="0" * 64, size=1),
        dept_table=table,
    )


def _fund_row(f: FundAnswer, row: int) -> FundRow:
    assert f.budget is not None and f.executed is not None
    return FundRow(
        label_raw=f.label.replace("（", "(").replace("）", ")").replace("：", ":"),
        category=f.category,  # type: ignore[arg-type]
        breakdown=f.breakdown,
        budget=_yuan(f.budget, 20 + row, row),
        executed=_yuan(f.executed, 20 + row, row),
        rate_reported=Decimal(f"{f.rate}0"),  # a trailing zero more than written
        weight=f.weight,
        score=f.score,
        prov=_prov(20 + row, row, 0),
    )


def test_report_amounts_in_yuan_and_other_widths_match_answers_in_wan() -> None:
    a = answer("002_yuelu_2021")
    rows = [_fund_row(f, i) for i, f in enumerate(a.funds)]
    rows[2] = rows[2].model_copy(update={"executed": _yuan(Decimal("7.79"), 22, 2)})  # digits swapped
    table = SelfEvalTable(scope="部门整体", funds=rows, prov=_prov(10, 0, 0))
    prediction = report_to_prediction(_report(table), a.doc)
    r = by_group(score_answer(a, prediction))["funds"]
    assert r.metrics.f1 == 1.0
    [m] = r.mismatches
    assert (m.item, m.field, m.expected, m.got) == (
        "[dept] 资金来源 （2）其他资金",
        "executed",
        "7.97",
        "7.79",
    )
    assert m.where == "002_yuelu_2021.txt line 22 (table 0 r2 c2)"


def _indicator(i: IndicatorAnswer, row: int) -> PerformanceIndicator:
    assert i.level2_raw is not None and i.level1_raw is not None
    target = Value(raw=i.target_raw or "", num=i.target.num if i.target else None)
    return PerformanceIndicator(
        level1_raw=i.level1_raw,
        level1=i.level1,
        level2_raw=i.level2_raw,
        level2=i.level2,
        name=i.name,
        content=i.content,
        nature="定量",
        target=target.model_copy(update={"op": i.target.op}) if i.target and i.target.op else target,
        actual=Value(raw=i.actual_raw or "", num=i.actual.num if i.actual else None),
        weight=i.weight,
        score=i.score,
        prov=_prov(130 + row, row, 0),
        cells={"target": _prov(130 + row, row, 4), "weight": _prov(130 + row, row, 6)},
    )


def test_report_indicators_with_a_wrong_cell_point_at_that_cell() -> None:
    a = answer("003_wangcheng_2020")
    rows = [_indicator(i, n) for n, i in enumerate(a.indicators)]
    rows[4] = rows[4].model_copy(update={"target": Value(raw="180 人以上", op="≥", num=Decimal("18"))})
    table = SelfEvalTable(scope="部门整体", indicators=rows, prov=_prov(107, 0, 0))
    r = by_group(score_answer(a, report_to_prediction(_report(table), a.doc)))["indicators"]
    assert r.metrics.f1 == 1.0
    # Units were not filled in this hand-built report: one unit mismatch per target that states one.
    units = [m for m in r.mismatches if m.field == "target.unit"]
    assert len(units) == sum(1 for i in a.indicators if i.target and i.target.unit)
    [num] = [m for m in r.mismatches if m.field == "target.num"]
    assert (num.expected, num.got) == ("180", "18")
    assert num.where == "002_yuelu_2021.txt line 134 (table 0 r4 c4)"


def test_a_dropped_field_is_a_field_mismatch() -> None:
    a = answer("002_yuelu_2021")
    damaged = a.model_copy(deep=True)
    damaged.funds[1].rate = None  # 财政拨款's 117.13% not read
    r = by_group(score_answer(a, predict(damaged)))["funds"]
    assert r.metrics.f1 == 1.0
    assert r.metrics.exact == round(63 / 64, 4)
    assert [(m.item, m.field, m.expected, m.got) for m in r.mismatches] == [
        ("[dept] 资金来源 （1）财政拨款", "rate", "117.13", None)
    ]
