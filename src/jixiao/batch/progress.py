"""Progress on stderr: a rich progress bar on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import Any
from typing import Protocol
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn
from rich.progress import MofNCompleteColumn
from rich.progress import Progress
from rich.progress import TextColumn
from rich.progress import TimeElapsedColumn
from rich.progress import TimeRemainingColumn


class ProgressSink(Protocol):
    def start(self, total: int) -> None: ...

    def update(self, status: str, name: str, reason: str | None = None) -> None:
        """One document done: ``reason`` is why it failed, or a one-line summary of what was read."""
        ...

    def stop(self) -> None: ...


class PlainProgress:
    """One line per document: ``[12/40] ok      name`` (for logs and pipes)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = 0
        self.count = 0
        self.started = time.monotonic()

    def start(self, total: int) -> None:
        self.total = total
        self.started = time.monotonic()

    def update(self, status: str, name: str, reason: str | None = None) -> None:
        self.count += 1
        tail = f"  {reason}" if reason else ""
        print(f"[{self.count}/{self.total}] {status:<7} {name}{tail}", file=self.stream, flush=True)

    def stop(self) -> None:
        return None


_SHOWN = {"ok": ("green", "ok     "), "partial": ("yellow", "partial"), "empty": ("magenta", "empty  ")}
_COUNTED = ("ok", "partial", "empty", "error", "skipped")


class RichProgress:
    """A live bar with done / failed / skipped counts, elapsed time and ETA; errors printed above it."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        self.counts = {"ok": 0, "partial": 0, "empty": 0, "error": 0, "skipped": 0}
        self.progress = Progress(
            TextColumn("[bold]extract"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(
                "ok {task.fields[ok]} · partial {task.fields[partial]} · empty {task.fields[empty]}"
                " · failed {task.fields[error]} · cached {task.fields[skipped]}"
            ),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=self.console,
            transient=False,
        )
        self.task = self.progress.add_task("extract", total=0, ok=0, partial=0, empty=0, error=0, skipped=0)

    def start(self, total: int) -> None:
        self.progress.update(self.task, total=total)
        self.progress.start()

    def update(self, status: str, name: str, reason: str | None = None) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1
        if status == "error":
            self.progress.console.print(
                f"[red]error[/red]  {escape(name)}: {escape(reason or '')}", markup=True, highlight=False
            )
        elif status in _SHOWN:
            colour, label = _SHOWN[status]
            self.progress.console.print(
                f"[{colour}]{label}[/{colour}] {escape(name)}  [dim]{escape(reason or '')}[/dim]",
                highlight=False,
            )
        counts: dict[str, Any] = {k: self.counts.get(k, 0) for k in _COUNTED}
        self.progress.update(self.task, advance=1, **counts)

    def stop(self) -> None:
        self.progress.stop()


def make_progress(quiet: bool = False) -> ProgressSink:
    """Rich on a terminal, plain lines otherwise; ``quiet`` prints errors only."""
    if quiet:
        return _ErrorsOnly()
    if sys.stderr.isatty():
        return RichProgress()
    return PlainProgress()


class _ErrorsOnly(PlainProgress):
    def update(self, status: str, name: str, reason: str | None = None) -> None:
        self.count += 1
        if status == "error":
            print(f"error   {name}: {reason}", file=self.stream, flush=True)
