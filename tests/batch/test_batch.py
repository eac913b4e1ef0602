"""Batch runs: discovery and naming, manifest, resume, and surviving SIGKILL."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jixiao.batch import BatchRunner
from jixiao.batch import discover
from jixiao.batch.progress import PlainProgress
from jixiao.batch.store import OutputStore
from jixiao.schema import Document
from jixiao.schema import PipelineConfig
from jixiao.schema import Report
from tests.conftest import GOLDEN_DOCS
from tests.conftest import seed_path


def _quiet() -> PlainProgress:
    return PlainProgress(stream=open(os.devnull, "w"))


def test_discover_walks_folders_names_collisions_and_expands_globs(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("一、部门基本情况\n", encoding="utf-8")
    (tmp_path / "a" / "x.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "a" / ".hidden.txt").write_text("无", encoding="utf-8")
    (tmp_path / "a" / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / "b.txt").write_text("二、", encoding="utf-8")
    found = discover([tmp_path / "a", str(tmp_path / "*.txt")])
    assert [(i.path.name, i.name) for i in found] == [("x.pdf", "x.pdf"), ("x.txt", "x.txt"), ("b.txt", "b")]


def test_discover_rejects_a_missing_path(tmp_path: Path) -> None:
    from jixiao.errors import ConfigError

    with pytest.raises(ConfigError, match="no such file or folder"):
        discover([tmp_path / "missing.pdf"])


def test_batch_writes_reports_manifest_and_skips_on_rerun(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    inputs = discover([seed_path("001_yueyang_2024"), seed_path("002_yuelu_2021"), empty])
    out = tmp_path / "out"
    first = BatchRunner(out, PipelineConfig(), jobs=1, progress=_quiet()).run(inputs)
    assert (first.ok, first.failed, first.skipped) == (2, 1, 0)
    assert first.exit_code == 3
    report = Report.model_validate_json((out / "001_yueyang_2024.json").read_text(encoding="utf-8"))
    assert report.source.name == "001_yueyang_2024.txt"
    assert (out / "sources" / "001_yueyang_2024.json").exists()
    lines = list(OutputStore(out).manifest())
    assert [line.status for line in lines] == ["ok", "ok", "error"]
    assert lines[2].reason is not None and "empty.txt" in lines[2].reason and "empty" in lines[2].reason

    second = BatchRunner(out, PipelineConfig(), jobs=1, progress=_quiet()).run(inputs)
    assert (second.ok, second.failed, second.skipped) == (0, 1, 2)
    forced = BatchRunner(out, PipelineConfig(), jobs=1, force=True, progress=_quiet()).run(inputs)
    assert (forced.ok, forced.skipped) == (2, 0)


def test_parallel_batch_matches_serial(tmp_path: Path) -> None:
    inputs = discover(
        [seed_path("000_hunan_2024"), seed_path("002_yuelu_2021"), seed_path("004_zigong_2022")]
    )
    serial = BatchRunner(tmp_path / "s", PipelineConfig(), jobs=1, progress=_quiet()).run(inputs)
    parallel = BatchRunner(tmp_path / "p", PipelineConfig(), jobs=2, progress=_quiet()).run(inputs)
    assert serial.ok == parallel.ok == 3
    for item in inputs:
        a = json.loads((tmp_path / "s" / f"{item.name}.json").read_text(encoding="utf-8"))
        b = json.loads((tmp_path / "p" / f"{item.name}.json").read_text(encoding="utf-8"))
        a["run"].pop("seconds"), b["run"].pop("seconds")
        assert a == b


@pytest.mark.slow
def test_killed_run_resumes_without_redoing_or_corrupting(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    base = (GOLDEN_DOCS / "004_zigong_2022.txt").read_text(encoding="utf-8")
    for i in range(40):
        # distinct content, so every document has its own hash
        (corpus / f"doc{i:02d}.txt").write_text(f"{base}\n附注{i}\n", encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "jixiao.cli.app", "extract", str(corpus), "-o", str(out), "-j", "1", "-q"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    manifest = out / "manifest.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if manifest.exists() and len(manifest.read_text(encoding="utf-8").splitlines()) >= 5:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_first = {line.name for line in OutputStore(out).manifest() if line.status == "ok"}
    assert 5 <= len(done_first) < 40, "the run must be killed halfway for this test to mean anything"

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    lines = list(OutputStore(out).manifest())
    second = lines[-40:]
    skipped = {ln.name for ln in second if ln.status == "skipped"}
    redone = {ln.name for ln in second if ln.status == "ok"}
    assert skipped == done_first
    assert redone == {f"doc{i:02d}" for i in range(40)} - done_first
    assert not list(out.glob(".*.tmp")) and not list((out / "sources").glob(".*.tmp"))
    for i in range(40):
        Report.model_validate_json((out / f"doc{i:02d}.json").read_text(encoding="utf-8"))


def test_personal_data_is_redacted_unless_asked_for(tmp_path: Path) -> None:
    """000's 填表人 (黄姜一) and 联系电话 leave the report only with include_personal, which is its own run key."""
    inputs = discover([seed_path("000_hunan_2024")])
    plain = BatchRunner(tmp_path / "plain", PipelineConfig(), jobs=1, progress=_quiet())
    plain.run(inputs)
    report = Report.model_validate_json(
        (tmp_path / "plain" / "000_hunan_2024.json").read_text(encoding="utf-8")
    )
    assert report.dept_table is not None
    assert (report.dept_table.filled_by, report.dept_table.phone) == (None, None)
    assert "黄姜一" not in (tmp_path / "plain" / "000_hunan_2024.json").read_text(encoding="utf-8")
    source = Document.model_validate_json(
        (tmp_path / "plain" / "sources" / "000_hunan_2024.json").read_text(encoding="utf-8")
    )
    assert "黄姜一" not in source.text and "18390805237" not in source.text
    # Masked character for character: every span of the report still gives back its excerpt.
    start = source.text.index("填表人：＊＊＊")
    assert source.text[start : start + 7] == "填表人：＊＊＊"

    kept = BatchRunner(tmp_path / "plain", PipelineConfig(include_personal=True), jobs=1, progress=_quiet())
    assert kept.key != plain.key
    summary = kept.run(inputs)
    assert summary.ok == 1  # a different key: not skipped as already done
    report = Report.model_validate_json(
        (tmp_path / "plain" / "000_hunan_2024.json").read_text(encoding="utf-8")
    )
    assert report.dept_table is not None
    assert (report.dept_table.filled_by, report.dept_table.phone) == ("黄姜一", "18390805237")


def test_each_document_gets_a_one_line_summary_or_its_reason(tmp_path: Path) -> None:
    import io

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    stream = io.StringIO()
    inputs = discover([seed_path("002_yuelu_2021"), empty])
    BatchRunner(tmp_path / "out", PipelineConfig(), jobs=1, progress=PlainProgress(stream=stream)).run(inputs)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    ok = next(line for line in lines if "002_yuelu_2021" in line)
    report = Report.model_validate_json(
        (tmp_path / "out" / "002_yuelu_2021.json").read_text(encoding="utf-8")
    )
    assert report.department and report.department in ok and str(report.fiscal_year) in ok
    assert f"{len(report.findings)} findings" in ok
    failed = next(line for line in lines if "empty" in line)
    assert "error" in failed and "empty.txt" in failed and "empty file" in failed
