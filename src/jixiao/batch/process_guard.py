"""What ties a worker process to its run: it dies with its parent, and it cannot outgrow its memory.

* **Parent death.** On Linux the kernel is asked (``prctl(PR_SET_PDEATHSIG, SIGKILL)``) to kill the worker
  the moment the process that started it ends — SIGKILL of the run included — even when the worker is
  deep in native code holding the GIL, where no thread of its own could act. Elsewhere a thread polls
  the parent's pid and exits when it changes.
* **Memory.** The run watches each worker's resident memory from outside (:func:`resident_bytes`) and stops
  it at the limit with a reason. Its address space is also capped at twice the limit (``RLIMIT_AS``), so
  an allocation too fast for the watch fails inside the worker instead of taking the machine's memory:
  Python raises MemoryError, native code aborts, and either way the document alone pays. Twice, because
  address space is not memory: OCR (onnxruntime and its threads) reserves nearly twice what it uses.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_NO_LIMIT = 1 << 62


def die_with_parent(parent_pid: int) -> None:
    """End this process when ``parent_pid`` (the process that started it) ends."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True, name="watch-parent").start()
    # The parent may have died before the request took effect: then nobody would send the signal.
    if os.getppid() != parent_pid:
        os._exit(1)


def _watch_parent(parent_pid: int, interval: float = 0.5) -> None:
    while os.getppid() == parent_pid:
        time.sleep(interval)
    os._exit(1)


def address_space_cap(memory_bytes: int) -> int | None:
    """The address-space limit that backs a resident-memory limit of ``memory_bytes`` (None: no limit)."""
    if memory_bytes >= _NO_LIMIT:
        return None
    return 2 * memory_bytes + (256 << 20)


def cap_address_space(memory_bytes: int) -> None:
    """Cap this process's address space for a resident-memory limit of ``memory_bytes`` (where supported)."""
    cap = address_space_cap(memory_bytes)
    if cap is None:
        return
    try:
        import resource
    except ImportError:  # not on this platform
        return
    with contextlib.suppress(ValueError, OSError):
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def resident_bytes(pid: int) -> int | None:
    """Resident memory of process ``pid`` in bytes, from ``/proc`` (None where there is none to read)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


__all__ = ["address_space_cap", "cap_address_space", "die_with_parent", "resident_bytes"]
