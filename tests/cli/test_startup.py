"""Start-up: a command imports what it uses when it runs, so `--help` and every worker start quickly.

Checked on the modules a fresh interpreter imports (``python -X importtime``), not on timings, which
depend on the machine and its load.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.cli.export_cmd import FORMATS as CLI_FORMATS

GOLDEN = Path(__file__).resolve().parents[2] / "golden" / "docs"

# What no `--help` needs: the cluster engine, tables and exports, the review app, the evaluation, the
# readers of PDF, Word, workbooks and scans, the LLM client, and the pipeline itself.
HEAVY = (
    "ray",
    "pandas",
    "pyarrow",
    "numpy",
    "fastapi",
    "uvicorn",
    "openai",
    "instructor",
    "pdfplumber",
    "pypdfium2",
    "docx",
    "openpyxl",
    "rapidocr",
    "onnxruntime",
    "cv2",
    "jixiao.review",
    "jixiao.eval",
    "jixiao.export",
    "jixiao.pipeline",
    "jixiao.batch",
    "jixiao.ingest",
    "jixiao.narrative",
)


def imported_modules(
    *args: str, cwd: Path | None = None
) -> tuple[set[str], subprocess.CompletedProcess[str]]:
    """The modules ``python -X importtime -m jixiao ARGS`` imports, and the finished process."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "jixiao", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )
    names = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and line.count("|") == 2:
            names.add(line.rsplit("|", 1)[1].strip())
    return names, done


def heavy_among(names: set[str]) -> set[str]:
    return {n for n in names if any(n == h or n.startswith(h + ".") for h in HEAVY)}


@pytest.mark.parametrize(
    "args",
    [["--help"], ["extract", "--help"], ["export", "--help"], ["eval", "--help"], ["review", "--help"]],
    ids=" ".join,
)
def test_help_imports_nothing_heavy(args: list[str]) -> None:
    names, done = imported_modules(*args)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Usage:" in done.stdout
    assert "jixiao.cli.app" in names  # the import log was read
    assert heavy_among(names) == set()


def test_extract_with_the_local_engine_does_not_import_ray(tmp_path: Path) -> None:
    names, done = imported_modules("extract", str(GOLDEN / "000_hunan_2024.txt"), "-o", str(tmp_path / "out"))
    assert done.returncode in (0, 4), done.stderr[-2000:]
    assert "jixiao.batch.runner" in names  # the command ran
    assert (tmp_path / "out" / "000_hunan_2024.json").exists()
    assert not any(n == "ray" or n.startswith("ray.") for n in names)


def test_export_formats_named_by_the_command_are_the_writers() -> None:
    from jixiao.export import FORMATS

    assert CLI_FORMATS == FORMATS
