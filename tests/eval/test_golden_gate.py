"""The regression gate CI runs: the real pipeline on the real golden set, checked against baseline.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jixiao.cli.app import app
from jixiao.eval.runner import load_answers

GOLDEN = Path(__file__).resolve().parents[2] / "golden"


@pytest.mark.golden
@pytest.mark.slow
def test_jixiao_eval_check_passes_on_the_golden_set(tmp_path: Path) -> None:
    out = tmp_path / "eval.json"
    result = CliRunner().invoke(
        app, ["eval", "--golden", str(GOLDEN), "--check", "--out", str(out), "--mismatches", "0"]
    )
    report = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    failures = [f["metric"] for f in (report.get("gate") or {}).get("failures", [])]
    assert result.exit_code == 0, f"gate failed: {failures}\n{result.output[-3000:]}"
    # Every present rendering of every answered document was evaluated.
    expected_files = sorted(
        f"{a.doc}.{fmt}"
        for a in load_answers(GOLDEN / "expected")
        for fmt in a.formats
        if (GOLDEN / "docs" / f"{a.doc}.{fmt}").is_file()
    )
    assert sorted(r["file"] for r in report["renderings"]) == expected_files
    assert set(report["aggregate"]) >= {"metadata", "sections", "funds", "indicators", "findings"}
