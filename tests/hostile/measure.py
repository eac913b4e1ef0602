"""What each hostile file costs alone: ``jixiao extract FILE`` per case, its outcome, time and peak memory.

    python -m tests.hostile.measure [--max-seconds 20] [--max-memory 1GiB] [CASE ...]

Prints a Markdown table: the case, what happens now (status and reason), wall and CPU seconds of the
whole command (start-up of the command and its worker included), and the peak resident memory of its
largest process (the worker, as a rule), watched from ``/proc`` every 20 ms. Linux only.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.hostile.corpus import CASES
from tests.hostile.corpus import make_corpus
from tests.procs import descendants
from tests.procs import rss_kb


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_one(path: Path, out: Path, limits: list[str]) -> tuple[str, float, float, int]:
    """(outcome, wall seconds, CPU seconds, peak KiB of the largest process) of ``jixiao extract path``."""
    cmd = [
        sys.executable,
        "-m",
        "jixiao.cli.app",
        "extract",
        str(path),
        "-o",
        str(out),
        "-j",
        "1",
        "-q",
        *limits,
    ]
    started = time.monotonic()
    cpu = _children_cpu()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        for pid in [proc.pid, *descendants(proc.pid)]:
            peak = max(peak, rss_kb(pid))
        time.sleep(0.02)
    seconds = time.monotonic() - started
    cpu = _children_cpu() - cpu
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    lines = (
        (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
        if (out / "manifest.jsonl").exists()
        else []
    )
    if not lines:
        return f"no manifest line (exit {proc.returncode}): {stderr.strip()[-200:]}", seconds, cpu, peak
    line = json.loads(lines[-1])
    reason = (line.get("reason") or "").replace(str(path), "").lstrip(": ")
    if "Traceback" in stderr:
        reason += " [TRACEBACK on stderr]"
    return f"{line['status']}: {reason}" if reason else line["status"], seconds, cpu, peak


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("cases", nargs="*")
    parser.add_argument("--max-seconds", default="20")
    parser.add_argument("--max-memory", default="1GiB")
    args = parser.parse_args(argv)
    chosen = [c for c in CASES if not args.cases or c.file in args.cases]
    limits = ["--max-seconds", args.max_seconds, "--max-memory", args.max_memory]
    with tempfile.TemporaryDirectory(prefix="jixiao-hostile-") as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus(corpus, chosen)
        print("| case | what | what happens now | wall s | CPU s | peak MB |")
        print("|---|---|---|---|---|---|")
        for i, case in enumerate(chosen):
            outcome, seconds, cpu, peak = run_one(corpus / case.file, Path(tmp) / f"out{i}", limits)
            row = f"| `{case.file}` | {case.what} | {outcome} | {seconds:.1f} | {cpu:.1f} | {peak // 1024} |"
            print(row, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
