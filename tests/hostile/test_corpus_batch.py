"""The whole hostile corpus and the golden documents in one `jixiao extract` batch: every file gets exactly
one manifest line with what its case expects, no traceback, no hang past the limits, and no good document
blamed."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jixiao.batch.store import OutputStore
from tests.conftest import GOLDEN_DOCS
from tests.hostile.corpus import ANY
from tests.hostile.corpus import READ
from tests.hostile.corpus import SLOW
from tests.hostile.corpus import make_corpus

SECONDS = 10
MEMORY = "1 GiB"
# Good documents of every format, small enough for the time limit on a loaded machine.
GOOD = [
    "000_hunan_2024.txt",
    "001_yueyang_2024.pdf",
    "001_yueyang_2024.docx",
    "002_yuelu_2021.txt",
    "002_yuelu_2021.pdf",
    "003_wangcheng_2020.docx",
    "003_wangcheng_2020.txt",
]


@pytest.mark.slow
def test_the_hostile_corpus_costs_each_file_alone(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    cases = make_corpus(corpus)
    assert len(cases) >= 40
    for name in GOOD:
        shutil.copy(GOLDEN_DOCS / name, corpus / f"good_{name}")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "jixiao.cli.app", "extract", str(corpus), "-o", str(out), "-j", "2"]
    command += ["--max-seconds", str(SECONDS), "--max-memory", MEMORY.replace(" ", "")]
    started = time.monotonic()
    run = subprocess.run(command, capture_output=True, text=True, timeout=900)
    elapsed = time.monotonic() - started
    assert run.returncode == 3, run.stderr[-2000:]
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    # Four files can run into the time limit; with two workers nothing may take much longer than that.
    assert elapsed < 600, elapsed

    lines: dict[str, list[tuple[str, str]]] = {}
    for line in OutputStore(out).manifest():
        lines.setdefault(Path(line.path).name, []).append((line.status, line.reason or ""))
    assert sorted(lines) == sorted([c.file for c in cases] + [f"good_{n}" for n in GOOD])
    assert all(len(v) == 1 for v in lines.values()), "one line per file"
    for name in GOOD:
        assert lines[f"good_{name}"][0][0] in ("ok", "partial"), (
            f"good_{name} was blamed: {lines[f'good_{name}']}"
        )
    for case in cases:
        ((status, reason),) = lines[case.file]
        read = status in ("ok", "partial", "empty")
        assert "\n" not in reason and (read or reason.startswith(str(corpus / case.file))), case.file
        if case.expect == READ:
            assert read, f"{case.file}: {reason}"
        elif case.expect == SLOW:
            limits = (
                f"exceeds the {SECONDS} s time limit while ",
                f"exceeds the {MEMORY} memory limit while ",
            )
            assert read or any(limit in reason for limit in limits), f"{case.file}: {reason}"
        elif case.expect != ANY:
            assert status == "error" and case.expect in reason, f"{case.file}: {status} {reason}"
