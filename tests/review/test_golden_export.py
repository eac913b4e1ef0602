"""Reviewed values become golden answers that `jixiao eval` scores against."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from jixiao.cli.app import app as cli
from jixiao.errors import ReviewError
from jixiao.eval import load_answer
from jixiao.eval import run_eval
from jixiao.review import export_golden
from jixiao.schema import Report
from tests.conftest import seed_path
from tests.review.conftest import SEED
from tests.review.test_app import decide
from tests.review.test_app import fund_path
from tests.review.test_app import indicator_path


def _review_seed(client: TestClient, report: Report) -> None:
    problem = 0
    measure = 0
    steps = [
        ("department", "accept", {}),
        (fund_path(report, "资金来源", "合计", "executed"), "accept", {}),
        (fund_path(report, "资金来源", "合计", "rate_reported"), "accept", {}),
        (fund_path(report, "资金来源", "合计", "budget"), "edit", {"text": "198.98"}),
        (fund_path(report, "资金来源", "合计", "weight"), "reject", {}),
        (indicator_path(report, "指标1：落实主题党日活动", "actual"), "edit", {"text": "12次"}),
        (f"problems/{problem}/text", "accept", {}),
        (f"measures/{measure}/category", "accept", {}),
        (f"measures/{measure}/text", "reject", {}),
    ]
    for path, action, form in steps:
        assert decide(client, report, path, action, form=form).status_code == 303, path


def test_export_writes_accepted_and_edited_values_and_leaves_rejected_out(
    seed_client: TestClient, seed_report: Report, seed_out: Path, tmp_path: Path
) -> None:
    _review_seed(seed_client, seed_report)
    result = export_golden(seed_out, tmp_path / "expected")
    assert result.written == [tmp_path / "expected" / f"{SEED}.json"]
    assert result.warnings == []
    answer = load_answer(result.written[0])  # validated by GoldenAnswer
    assert answer.doc == SEED
    assert answer.covers == ["metadata", "funds", "indicators", "problems"]
    assert answer.annotator == "review: alice"
    assert answer.metadata is not None and answer.metadata.department == "长沙市岳麓区妇女联合会"
    assert answer.metadata.fiscal_year is None  # not reviewed: not scored
    (fund,) = answer.funds
    assert (fund.table, fund.label, fund.category) == ("dept", "合计", "总额")
    assert (fund.budget, fund.executed, fund.rate) == (
        Decimal("198.98"),
        Decimal("212.64"),
        Decimal("106.87"),
    )
    assert fund.weight is None and fund.blank == []  # rejected: left out, not claimed blank
    (indicator,) = answer.indicators
    assert indicator.name == "指标1：落实主题党日活动，完成活动次数情况"
    assert indicator.actual_raw == "12次"
    assert indicator.actual is not None and (indicator.actual.num, indicator.actual.unit) == (
        Decimal("12"),
        "次",
    )
    assert indicator.target is None and indicator.weight is None
    (problem,) = answer.problems
    assert problem.text == seed_report.problems[0].text and problem.category is None
    assert answer.measures == []  # its text was rejected: the item is out although its category was accepted


def test_eval_reads_the_exported_answers(
    seed_client: TestClient, seed_report: Report, seed_out: Path, tmp_path: Path
) -> None:
    _review_seed(seed_client, seed_report)
    golden = tmp_path / "golden"
    (golden / "docs").mkdir(parents=True)
    shutil.copy(seed_path(SEED), golden / "docs")
    export_golden(seed_out, golden / "expected")
    report = run_eval(golden, "rules")
    (rendering,) = report.renderings
    assert rendering.error is None and rendering.file == f"{SEED}.txt"
    groups = {g.group: g for g in rendering.groups}
    assert list(groups) == ["metadata", "funds", "indicators", "problems"]
    funds = groups["funds"].metrics.counts
    assert (funds.expected, funds.matched) == (1, 1)
    wrong = [(m.field, m.expected, m.got) for m in groups["funds"].mismatches if m.kind == "field"]
    assert wrong == [("budget", "198.98", "198.8")]  # the reviewer's correction is what the tool is held to
    assert groups["indicators"].metrics.counts.matched == 1
    assert [m.field for m in groups["indicators"].mismatches if m.kind == "field"] == ["actual_raw"]


def test_export_never_overwrites_hand_made_answers(
    seed_client: TestClient, seed_report: Report, seed_out: Path, tmp_path: Path
) -> None:
    _review_seed(seed_client, seed_report)
    expected = tmp_path / "expected"
    expected.mkdir()
    hand_made = expected / f"{SEED}.json"
    hand_made.write_text(f'{{"doc": "{SEED}", "covers": ["metadata"]}}', encoding="utf-8")
    with pytest.raises(ReviewError, match="not written by the review export"):
        export_golden(seed_out, expected)
    assert load_answer(hand_made).notes == []
    export_golden(seed_out, expected, overwrite=True)
    assert "written by `jixiao review export`" in load_answer(hand_made).notes[0]
    again = export_golden(seed_out, expected)  # its own file is replaced without asking
    assert again.written == [hand_made]


def test_cli_review_export_and_the_default_serve_command(
    seed_client: TestClient, seed_report: Report, seed_out: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    nothing = runner.invoke(cli, ["review", "export", str(seed_out), "--to", str(tmp_path / "x")])
    assert (
        nothing.exit_code == 0 and "nothing accepted or edited yet" in nothing.output
    )  # the app made the store
    assert not (tmp_path / "x").exists()
    fresh = tmp_path / "fresh"
    shutil.copytree(seed_out, fresh, ignore=shutil.ignore_patterns("review.sqlite*"))
    no_store = runner.invoke(cli, ["review", "export", str(fresh), "--to", str(tmp_path / "x")])
    assert no_store.exit_code == 1 and "nothing has been reviewed yet" in no_store.output
    _review_seed(seed_client, seed_report)
    done = runner.invoke(cli, ["review", "export", str(seed_out), "--to", str(tmp_path / "expected")])
    assert done.exit_code == 0, done.output
    assert done.stdout.strip() == str(tmp_path / "expected" / f"{SEED}.json")
    helped = runner.invoke(cli, ["review", "--help"])
    assert helped.exit_code == 0 and "serve" in helped.output and "export" in helped.output
    # `jixiao review OUT` is the server: a missing folder fails with the folder named, not "no such command"
    missing = runner.invoke(cli, ["review", str(tmp_path / "missing"), "--port", "1"])
    assert missing.exit_code == 1 and "missing: not a folder of jixiao outputs" in missing.output


def test_decisions_on_an_item_that_a_re_extraction_moved_are_flagged_and_not_exported(
    seed_client: TestClient, seed_report: Report, seed_out: Path, tmp_path: Path
) -> None:
    path = fund_path(seed_report, "资金来源", "合计", "executed")
    assert decide(seed_client, seed_report, path, "accept").status_code == 303
    assert decide(seed_client, seed_report, "department", "accept").status_code == 303
    # a later extraction puts another row at this place
    moved = seed_report.model_copy(deep=True)
    assert moved.dept_table is not None
    row = moved.dept_table.funds[int(path.split("/")[2])]
    row.label_raw = "合计（新）"
    (seed_out / f"{SEED}.json").write_text(moved.model_dump_json(), encoding="utf-8")
    panel = seed_client.get(f"/r/{seed_report.id}/value", params={"path": path}).text
    assert "The last decision was taken on “资金来源 合计”, not on this item" in panel
    result = export_golden(seed_out, tmp_path / "expected")
    assert result.warnings == [
        f"{SEED}.txt: {path}: decided on “资金来源 合计”, now “资金来源 合计（新）”; left out"
    ]
    answer = load_answer(result.written[0])
    assert answer.covers == ["metadata"] and answer.funds == []
