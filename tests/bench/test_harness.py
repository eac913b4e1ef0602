"""The benchmark harness runs end to end in --quick mode and fills every table (no timing is asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.results import BenchResults
from benchmarks.run import main


@pytest.mark.slow
def test_quick_run_produces_every_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "results.json"
    code = main(
        [
            "--quick",
            "--out",
            str(out),
            "--cache",
            str(tmp_path / "cache"),
            "--latency",
            "0.05",
            "--llm-docs",
            "4",
        ]
    )
    assert code == 0
    results = BenchResults.model_validate_json(out.read_text(encoding="utf-8"))

    # Both baselines and jixiao on both formats, every file read.
    assert set(results.throughput) == {"pdfplumber", "jixiao-pdf", "python-docx", "jixiao-docx"}
    for measured in results.throughput.values():
        assert measured.result.ok == measured.result.docs == len(measured.files) == 4
        assert len(measured.result.per_file) == 4
        assert measured.result.rss_peak_kb > 0
    assert results.throughput["pdfplumber"].files == results.throughput["jixiao-pdf"].files
    # The quick corpus: three golden seeds and their concatenation, 15 + 15 pages.
    assert results.throughput["jixiao-pdf"].pages == 30

    assert sorted(results.scaling) == [1, 2]
    assert all(m.result.ok == m.result.docs == 8 for m in results.scaling.values())
    assert results.scaling[2].result.rss_children_kb > 0  # the worker processes were watched

    assert [m.pages for m in results.memory] == [5, 10]

    llm = results.llm
    assert llm is not None and llm.docs == 4
    assert [run.name for run in llm.runs] == ["sequential", "concurrent", "cached re-run"]
    sequential, concurrent, cached = llm.runs
    assert sequential.requests == concurrent.requests > 0
    assert sequential.max_in_flight == 1
    assert cached.requests == 0 and cached.result.cached == concurrent.requests
    assert all(run.result.ok == 4 and run.result.regions_failed == 0 for run in llm.runs)
    # Only narrative sections were sent, and far less than the documents.
    assert concurrent.sections_outside_narrative == 0
    assert concurrent.section_chars < llm.document_chars

    printed = capsys.readouterr().out
    for title in ("Throughput", "Per file:", "Scaling", "Memory vs length", "LLM batch", "Per report"):
        assert title in printed
    assert printed.count("| jixiao full pipeline |") == 2
