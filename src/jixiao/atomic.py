"""Atomic file writes: a file is either the old one or the complete new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` via a temporary file in the same folder and a rename."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # The writer's pid in the name lets a later run tell a dead writer's leftover from a live one's file.
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def temporary_sibling(target: Path) -> Path:
    """A hidden temporary path next to ``target`` for writers that need a file name (SQLite, XLSX)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.with_name(f".{target.name}.{os.getpid()}.tmp")
