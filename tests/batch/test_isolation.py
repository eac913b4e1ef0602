"""One hostile file costs one document: each worker holds one document, and its death or limit is that
document's alone; the others (bystanders) are read as if it were not there."""

from __future__ import annotations

import os
import re
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest

from jixiao.batch import BatchRunner
from jixiao.batch import DocumentLimits
from jixiao.batch import discover
from jixiao.batch.progress import PlainProgress
from jixiao.batch.store import ManifestLine
from jixiao.batch.store import OutputStore
from jixiao.ingest.limits import MiB
from jixiao.ingest.limits import ReadLimits
from jixiao.schema import PipelineConfig
from tests.conftest import seed_path
from tests.hostile.corpus import CASES
from tests.hostile.corpus import make_corpus
from tests.procs import children
from tests.procs import cmdline

GOOD = ("000_hunan_2024", "001_yueyang_2024", "002_yuelu_2021", "003_wangcheng_2020")


def _quiet() -> PlainProgress:
    return PlainProgress(stream=open(os.devnull, "w"))


def _corpus(folder: Path, hostile: list[str], good: tuple[str, ...] = GOOD) -> Path:
    make_corpus(folder, [c for c in CASES if c.file in hostile])
    for stem in good:
        shutil.copy(seed_path(stem), folder / f"{stem}.txt")
    return folder


def _by_name(out: Path) -> dict[str, list[ManifestLine]]:
    lines: dict[str, list[ManifestLine]] = {}
    for line in OutputStore(out).manifest():
        lines.setdefault(line.name, []).append(line)
    return lines


def _spawned_workers() -> list[int]:
    """Worker processes started by this (test) process."""
    return [pid for pid in children(os.getpid()) if b"worker_process" in cmdline(pid)]


def test_a_flate_bomb_in_a_two_worker_batch_fails_alone_with_its_own_reason(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", ["pdf_flate_bomb.pdf", "docx_grid_before.docx"])
    out = tmp_path / "out"
    started = time.monotonic()
    summary = BatchRunner(out, PipelineConfig(), jobs=2, progress=_quiet()).run(discover([corpus]))
    assert time.monotonic() - started < 120
    lines = _by_name(out)
    assert all(len(v) == 1 for v in lines.values()), "each document has exactly one line"
    assert {name: v[0].status for name, v in lines.items()} == {
        "pdf_flate_bomb": "error",
        "docx_grid_before": "error",
        **dict.fromkeys(GOOD, "ok"),
    }
    assert lines["pdf_flate_bomb"][0].reason == (
        f"{corpus / 'pdf_flate_bomb.pdf'}: a Flate stream at byte 602 unpacks to more than the 256 MiB "
        "decompressed-size limit (--max-decompressed)"
    )
    assert (summary.ok, summary.failed, summary.exit_code) == (4, 2, 3)


def test_a_worker_over_its_memory_limit_is_stopped_and_its_document_alone_fails(tmp_path: Path) -> None:
    """With the size check off, PDFium inflates the gigabyte: the worker is stopped at the memory limit."""
    corpus = _corpus(tmp_path / "corpus", ["pdf_flate_bomb.pdf"])
    out = tmp_path / "out"
    limits = DocumentLimits(memory_bytes=600 * MiB, read=ReadLimits(decompressed_bytes=1 << 62))
    started = time.monotonic()
    BatchRunner(out, PipelineConfig(), jobs=2, progress=_quiet(), limits=limits).run(discover([corpus]))
    assert time.monotonic() - started < 120
    lines = _by_name(out)
    assert {name: [ln.status for ln in v] for name, v in lines.items()} == {
        "pdf_flate_bomb": ["error"],
        **{stem: ["ok"] for stem in GOOD},
    }
    reason = lines["pdf_flate_bomb"][0].reason or ""
    assert reason.startswith(f"{corpus / 'pdf_flate_bomb.pdf'}: ")
    # Stopped from outside at the limit, or (an allocation faster than the watch) failing inside it.
    assert reason.endswith("exceeds the 600 MiB memory limit while reading page 1 of 1") or (
        "600 MiB memory limit" in reason and "while reading page 1 of 1" in reason
    ), reason


def test_a_document_over_the_time_limit_is_stopped_with_where_it_was(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", ["txt_headings_flood.txt"], good=GOOD[:2])
    out = tmp_path / "out"
    started = time.monotonic()
    BatchRunner(out, PipelineConfig(), jobs=1, progress=_quiet(), limits=DocumentLimits(seconds=3)).run(
        discover([corpus])
    )
    assert time.monotonic() - started < 60
    lines = _by_name(out)
    assert [ln.status for ln in lines["txt_headings_flood"]] == ["error"]
    # 200 000 headings: the reader takes a few seconds, finding their sections many more.
    assert re.fullmatch(
        re.escape(f"{corpus / 'txt_headings_flood.txt'}: exceeds the 3 s time limit while ")
        + "(reading the file|finding sections and reading tables)",
        lines["txt_headings_flood"][0].reason or "",
    )
    assert [lines[stem][0].status for stem in GOOD[:2]] == ["ok", "ok"]
    # The time it cost before it was stopped is in its line, as a read document's is.
    assert 3 <= lines["txt_headings_flood"][0].seconds < 60


@pytest.mark.parametrize("alone", [False, True], ids=["in a batch", "alone"])
def test_a_worker_killed_mid_document_is_blamed_on_that_document_only(tmp_path: Path, alone: bool) -> None:
    """The worker reading the slow file is killed (as a crash in native code would end it): that document
    gets the reason, the next one is read by a new worker; alone, its manifest line is still written."""
    corpus = tmp_path / "corpus"
    make_corpus(corpus, [c for c in CASES if c.file == "txt_headings_flood.txt"])
    inputs = discover([corpus / "txt_headings_flood.txt"])
    if not alone:
        for stem in GOOD[:2]:
            shutil.copy(seed_path(stem), corpus / f"{stem}.txt")
        inputs = discover(
            [corpus / f"{GOOD[0]}.txt", corpus / "txt_headings_flood.txt", corpus / f"{GOOD[1]}.txt"]
        )
    out = tmp_path / "out"
    killed: list[int] = []

    def kill_the_worker_reading_the_slow_file() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            names = (
                {ln.name for ln in OutputStore(out).manifest()}
                if (out / "manifest.jsonl").exists()
                else set()
            )
            workers = _spawned_workers()
            if (alone or GOOD[0] in names) and workers:
                time.sleep(1.0)  # well into the slow document
                os.kill(workers[0], signal.SIGKILL)
                killed.append(workers[0])
                return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_the_worker_reading_the_slow_file, daemon=True)
    killer.start()
    summary = BatchRunner(out, PipelineConfig(), jobs=1, progress=_quiet()).run(inputs)
    killer.join()
    assert killed, "the worker was never found"
    lines = _by_name(out)
    assert [ln.status for ln in lines["txt_headings_flood"]] == ["error"]
    reason = lines["txt_headings_flood"][0].reason or ""
    assert reason.startswith(
        f"{corpus / 'txt_headings_flood.txt'}: the worker reading it was killed by SIGKILL while "
    )
    if not alone:
        assert [lines[stem][0].status for stem in GOOD[:2]] == ["ok", "ok"]
        assert (summary.ok, summary.failed) == (2, 1)


def test_a_named_pipe_in_a_batch_is_refused_without_blocking(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus", ["fifo.txt", "device.pdf"], good=GOOD[:1])
    out = tmp_path / "out"
    started = time.monotonic()
    BatchRunner(out, PipelineConfig(), jobs=1, progress=_quiet()).run(discover([corpus]))
    assert time.monotonic() - started < 60
    lines = _by_name(out)
    assert lines["fifo"][0].reason == f"{corpus / 'fifo.txt'}: is a named pipe, not a regular file"
    assert lines["device"][0].reason == f"{corpus / 'device.pdf'}: is a character device, not a regular file"
    assert lines[GOOD[0]][0].status == "ok"
