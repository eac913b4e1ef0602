"""Processes as ``/proc`` shows them (Linux): a process's children and descendants, whether it still runs."""

from __future__ import annotations

from pathlib import Path

from benchmarks.tasks import children
from benchmarks.tasks import descendants

__all__ = ["children", "cmdline", "descendants", "rss_kb", "running"]


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def running(pid: int) -> bool:
    """True while the process runs (a zombie has ended: it only waits for its parent to collect it)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def rss_kb(pid: int) -> int:
    """Resident memory of the process now, in KiB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
