"""A run owns its processes and its folder: workers end with it however it ends, one run writes into a
folder at a time, and what dead runs left half-written is cleaned."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from jixiao.batch import BatchRunner
from jixiao.batch import discover
from jixiao.batch.progress import PlainProgress
from jixiao.batch.store import OutputStore
from jixiao.errors import FolderBusyError
from jixiao.export import export_folder
from jixiao.folder_lock import LOCK_FILE
from jixiao.folder_lock import FolderLock
from jixiao.folder_lock import clean_temporaries
from jixiao.schema import PipelineConfig
from tests.conftest import GOLDEN_DOCS
from tests.conftest import seed_path
from tests.hostile.corpus import CASES
from tests.hostile.corpus import make_corpus
from tests.procs import cmdline
from tests.procs import descendants
from tests.procs import running

EXTRACT = [sys.executable, "-m", "jixiao.cli.app", "extract"]


def _quiet() -> PlainProgress:
    return PlainProgress(stream=open(os.devnull, "w"))


def _distinct_copies(folder: Path, n: int) -> Path:
    """``n`` documents of distinct content, and a slow one (``slow``) that holds its run a while."""
    make_corpus(folder, [c for c in CASES if c.file == "txt_headings_flood.txt"])
    (folder / "txt_headings_flood.txt").rename(folder / "slow.txt")
    base = (GOLDEN_DOCS / "002_yuelu_2021.txt").read_text(encoding="utf-8")
    for i in range(n):
        (folder / f"doc{i:02d}.txt").write_text(f"{base}\n附注{i}\n", encoding="utf-8")
    return folder


@contextmanager
def _running(command: list[str], **kwargs: Any) -> Iterator[subprocess.Popen[str]]:
    """A run started in the background, killed if the test leaves it running."""
    proc = subprocess.Popen(command, text=True, **kwargs)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def _two_runs(
    first_command: list[str], second_command: list[str], out: Path
) -> tuple[subprocess.Popen[str], subprocess.CompletedProcess[str], dict[str, Any]]:
    """Start the first run; once it holds ``out``'s lock, run the second; wait for both.

    Returns:
        the first run, the second's outcome, and the lock's content while the first held it.
    """
    lock = out / LOCK_FILE
    with _running(first_command, stderr=subprocess.DEVNULL) as first:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (lock.exists() and lock.read_text(encoding="utf-8")):
            time.sleep(0.05)
        holder = json.loads(lock.read_text(encoding="utf-8"))
        second = subprocess.run(second_command, capture_output=True, text=True, timeout=300)
        first.wait(timeout=300)
    return first, second, holder


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigkill_of_a_running_pool_leaves_no_process_of_the_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(corpus, [c for c in CASES if c.file == "txt_headings_flood.txt"])
    for i in range(3):
        (corpus / f"flood{i}.txt").write_bytes(
            (corpus / "txt_headings_flood.txt").read_bytes() + f"{i}".encode()
        )
    command = [*EXTRACT, str(corpus), "-o", str(tmp_path / "out"), "-j", "2", "-q"]
    with _running(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while time.monotonic() < deadline and len(workers) < 2:
            workers = [pid for pid in descendants(proc.pid) if b"worker_process" in cmdline(pid)]
            time.sleep(0.02)
        assert len(workers) == 2, "the run never started its two workers"
        # Killed at once: the workers are still importing jixiao, the moment a run is most easily lost.
        run = descendants(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    time.sleep(5.0)
    assert [pid for pid in run if running(pid)] == []


def test_a_second_run_into_the_same_folder_is_refused_with_who_holds_it(tmp_path: Path) -> None:
    corpus = _distinct_copies(tmp_path / "corpus", 8)
    out = tmp_path / "out"
    command = [*EXTRACT, str(corpus), "-o", str(out), "-j", "1", "-q", "--max-seconds", "20"]
    first, second, holder = _two_runs(command, command, out)
    assert holder["pid"] == first.pid and holder["command"] == "jixiao extract"
    assert second.returncode == 75, second.stderr
    assert f"in use by another run (jixiao extract, pid {first.pid} on " in second.stderr
    assert "add --wait" in second.stderr
    lines = list(OutputStore(out).manifest())
    assert sorted(ln.name for ln in lines) == [*(f"doc{i:02d}" for i in range(8)), "slow"]
    assert {ln.status for ln in lines if ln.name != "slow"} == {"ok"}


def test_a_second_run_with_wait_runs_after_the_first_and_does_each_document_once(tmp_path: Path) -> None:
    corpus = _distinct_copies(tmp_path / "corpus", 6)
    out = tmp_path / "out"
    command = [*EXTRACT, str(corpus), "-o", str(out), "-j", "1", "-q", "--max-seconds", "20"]
    _, second, _ = _two_runs(command, [*command, "--wait"], out)
    lines = list(OutputStore(out).manifest())
    names = [f"doc{i:02d}" for i in range(6)]
    # The first run read every document; the second ran after it, and read only what the first could not.
    first_run, second_run = lines[:7], lines[7:]
    assert sorted(ln.name for ln in first_run) == [*names, "slow"]
    assert {ln.status for ln in first_run if ln.name != "slow"} == {"ok"}
    assert sorted(ln.name for ln in second_run if ln.status == "skipped") == names
    assert [ln.name for ln in second_run if ln.status != "skipped"] == [
        ln.name for ln in first_run if ln.status == "error"
    ], second.stderr


def test_the_folder_lock_names_its_holder_waits_and_is_taken_over_from_the_dead(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    held = FolderLock(folder, "jixiao extract")
    held.acquire()
    other = FolderLock(folder, "jixiao extract")
    with pytest.raises(
        FolderBusyError, match=rf"in use by another run \(jixiao extract, pid {os.getpid()} on "
    ):
        other.acquire()
    started = time.monotonic()
    with pytest.raises(FolderBusyError):
        other.acquire(wait=0.5, poll=0.05)
    assert time.monotonic() - started >= 0.5
    held.release()
    other.acquire()
    other.release()
    # A lock file a dead process left behind (its pid long gone) is not locked: the next run takes it.
    (folder / LOCK_FILE).write_text('{"pid": 999999999, "command": "jixiao extract"}', encoding="utf-8")
    summary = BatchRunner(folder, PipelineConfig(), jobs=1, progress=_quiet()).run(
        discover([seed_path("001_yueyang_2024")])
    )
    assert summary.ok == 1
    assert (folder / LOCK_FILE).read_text(encoding="utf-8") == ""  # released


def test_leftovers_of_killed_runs_and_exports_are_removed_by_the_next_holder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "sources").mkdir(parents=True)
    leftovers = [
        out / ".a.json.4242.x1y2z3w4.tmp",
        out / "sources" / ".a.json.4242.tmp",
        out / ".old-style.json.abcdefgh.tmp",
    ]
    for path in leftovers:
        path.write_text("half", encoding="utf-8")
    BatchRunner(out, PipelineConfig(), jobs=1, progress=_quiet()).run(
        discover([seed_path("001_yueyang_2024")])
    )
    assert [p for p in leftovers if p.exists()] == []

    exports = out / "exports"
    exports.mkdir()
    killed = exports / ".jixiao.xlsx.4242.tmp"
    killed.write_bytes(b"PK half")
    export_folder(out, "xlsx")
    assert not killed.exists() and (exports / "jixiao.xlsx").exists()
    with FolderLock(exports, "jixiao export"), pytest.raises(FolderBusyError):
        export_folder(out, "csv")


def test_without_the_lock_only_files_of_dead_writers_are_removed(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    gone = int(dead.stdout)
    mine = tmp_path / f".answer.json.{os.getpid()}.abcd1234.tmp"
    theirs = tmp_path / f".answer.json.{gone}.abcd1234.tmp"
    unknown = tmp_path / ".answer.json.tmp"
    for path in (mine, theirs, unknown):
        path.write_text("x", encoding="utf-8")
    assert clean_temporaries(tmp_path, dead_only=True) == 1
    assert (mine.exists(), theirs.exists(), unknown.exists()) == (True, False, True)
