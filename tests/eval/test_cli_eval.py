"""``jixiao eval`` end to end: on a small golden folder with fixed predictions, and on the real golden set."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.eval import runner
from jixiao.eval.answers import FIELD_GROUPS
from jixiao.eval.answers import GoldenAnswer
from jixiao.eval.answers import load_answer
from jixiao.eval.predict import Prediction
from jixiao.schema import Report

GOLDEN = Path(__file__).resolve().parents[2] / "golden"
STEM = "002_yuelu_2021"


@pytest.fixture
def small_golden(tmp_path: Path) -> Path:
    """A golden folder with one document (its text rendering only) and its answers."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "expected").mkdir()
    shutil.copy(GOLDEN / "docs" / f"{STEM}.txt", tmp_path / "docs")
    shutil.copy(GOLDEN / "expected" / f"{STEM}.json", tmp_path / "expected")
    return tmp_path


def _predict_as(answer: GoldenAnswer, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the harness see ``answer`` as the tool's output, whatever the extractors do today."""

    def fixed(report: Report, doc: str) -> Prediction:
        return Prediction(answer=answer.model_copy(update={"covers": list(FIELD_GROUPS)}))

    monkeypatch.setattr(runner, "report_to_prediction", fixed)


def test_update_then_check_passes_and_a_damaged_prediction_fails(
    small_golden: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli = CliRunner()
    answers = load_answer(small_golden / "expected" / f"{STEM}.json")
    _predict_as(answers, monkeypatch)
    out = small_golden / "report.json"

    result = cli.invoke(app, ["eval", "--golden", str(small_golden), "--update-baseline", "--out", str(out)])
    assert result.exit_code == 0, result.output
    baseline = json.loads((small_golden / "baseline.json").read_text(encoding="utf-8"))
    metrics = baseline["backends"]["rules"]["metrics"]
    assert metrics[f"{STEM}.txt/funds/f1"] == 1.0
    assert all(name.startswith(f"{STEM}.txt/") for name in metrics)

    result = cli.invoke(app, ["eval", "--golden", str(small_golden), "--check", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "PASSED" in result.output

    damaged = answers.model_copy(deep=True)
    damaged.funds[0].budget = Decimal("198.98")
    _predict_as(damaged, monkeypatch)
    result = cli.invoke(app, ["eval", "--golden", str(small_golden), "--check", "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert f"FELL  {STEM}.txt/funds/exact: baseline 1.00 → now 0.98" in result.output
    assert "funds: [dept] 资金来源 合计 · budget: expected '198.8', got '198.98'" in result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [f["metric"] for f in report["gate"]["failures"]] == [f"{STEM}.txt/funds/exact"]


def test_markdown_and_json_formats(small_golden: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _predict_as(load_answer(small_golden / "expected" / f"{STEM}.json"), monkeypatch)
    cli = CliRunner()
    md = cli.invoke(app, ["eval", "--golden", str(small_golden), "--format", "md"])
    assert md.exit_code == 0, md.output
    assert f"## {STEM}.txt" in md.output
    assert "| funds | 1.00 | 1.00 | 1.00 | 1.00 | 8/8 exp, 8 got |" in md.output
    js = cli.invoke(app, ["eval", "--golden", str(small_golden), "--format", "json"])
    assert js.exit_code == 0
    payload = json.loads(js.stdout)
    assert [r["file"] for r in payload["renderings"]] == [f"{STEM}.txt"]
    assert payload["skipped"] == [f"{STEM}.{fmt}" for fmt in ("docx", "pdf", "xlsx", "html", "scan.pdf")]
    assert (small_golden / "last_eval.json").is_file()


def test_check_and_update_exclude_each_other(small_golden: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "--golden", str(small_golden), "--check", "--update-baseline"])
    assert result.exit_code == 2
    assert "exclude each other" in result.output


def test_check_without_a_baseline_says_how_to_make_one(small_golden: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "--golden", str(small_golden), "--check", "--mismatches", "0"])
    assert result.exit_code == 2
    assert "no baseline for backend 'rules'" in result.output


def test_missing_golden_folder_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "--golden", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "no such folder" in result.output
