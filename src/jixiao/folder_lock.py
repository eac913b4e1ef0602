"""One writer per folder: a lock file naming its holder, and the temporary files of dead writers.

A run writing into a folder (``jixiao extract`` into its output folder, an export into its destination)
first takes the folder's lock. ``<folder>/.jixiao.lock`` is locked with ``flock``, which the kernel
releases when the holder's process ends however it ends (SIGKILL included), and it holds the holder's
pid, host, command and start time, so that a second run can say who is in the way. A lock file left by
a process that is gone is not locked any more: the next run simply takes it over.

Holding the lock, a writer knows that every temporary file in the folder (``.<name>.<pid>.….tmp``, see
:mod:`jixiao.atomic`) belongs to a writer that died between writing and renaming, and removes them
(:func:`clean_temporaries`); without the lock that would delete another run's file in flight, so a
writer that takes no lock removes only the files whose pid is no longer running.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import socket
import time
from datetime import datetime
from pathlib import Path
from types import TracebackType

from jixiao.errors import FolderBusyError

LOCK_FILE = ".jixiao.lock"


class FolderLock:
    """The lock of one folder (see the module docstring); a context manager that does not wait."""

    def __init__(self, folder: Path, purpose: str) -> None:
        """Args:
        folder: the folder to own (created if missing).
        purpose: what the holder does, shown to a run that finds the folder busy (``jixiao extract``).
        """
        self.folder = folder
        self.purpose = purpose
        self.path = folder / LOCK_FILE
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, *, wait: float = 0.0, poll: float = 0.2) -> None:
        """Take the lock, waiting up to ``wait`` seconds for another holder to finish.

        Raises:
            FolderBusyError: another process holds it (the message says which), still after ``wait``.
        """
        if self._fd is not None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = self.holder()
                    os.close(fd)
                    raise FolderBusyError(
                        str(self.folder), f"in use by another run ({holder or 'holder unknown'})"
                    ) from None
                time.sleep(poll)
        os.ftruncate(fd, 0)
        record = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": self.purpose,
            "since": datetime.now().isoformat(timespec="seconds"),
        }
        os.pwrite(fd, (json.dumps(record, ensure_ascii=False) + "\n").encode(), 0)
        self._fd = fd

    def holder(self) -> str | None:
        """Who holds the lock, in words, as its holder wrote it (None when the file says nothing)."""
        try:
            record = json.loads(self.path.read_text(encoding="utf-8") or "null")
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict):
            return None
        return (
            f"{record.get('command', 'jixiao')}, pid {record.get('pid')} on {record.get('host')}, "
            f"since {record.get('since')}"
        )

    def release(self) -> None:
        """Give the lock up (the file stays: removing it would race with a run about to lock it)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()


_WRITER_PID = re.compile(r"\.(\d+)(?:\.[A-Za-z0-9_]+)?\.tmp$")


def clean_temporaries(folder: Path, *, dead_only: bool = False) -> int:
    """Remove the temporary files (``.*.tmp``) directly in ``folder``.

    Args:
        folder: where to look.
        dead_only: remove only files whose writer (the pid in their name) is no longer running on this
            machine; without it, call only holding the folder's lock.

    Returns:
        How many were removed.
    """
    removed = 0
    if not folder.is_dir():
        return 0
    for tmp in folder.glob(".*.tmp"):
        if dead_only and not _writer_gone(tmp.name):
            continue
        try:
            if tmp.is_file():
                tmp.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed


def _writer_gone(name: str) -> bool:
    m = _WRITER_PID.search(name)
    if m is None:
        return False  # whose it is cannot be told: left alone
    try:
        os.kill(int(m.group(1)), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, ValueError):
        return False
    return False


__all__ = ["LOCK_FILE", "FolderLock", "clean_temporaries"]
