"""A limit on LLM requests shared by every caller of one client: requests in flight and requests per minute.

One :class:`RequestLimiter` belongs to one :class:`~jixiao.narrative.llm.client.LLMClient`; a batch that
shares the client across documents (and the threads interpreting them) shares its limits too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class RequestLimiter:
    """At most ``concurrency`` calls at once, and request starts spaced to stay under ``rpm`` per minute."""

    def __init__(
        self,
        concurrency: int,
        rpm: int | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.concurrency = max(1, concurrency)
        self.rpm = rpm if rpm and rpm > 0 else None
        self._slots = threading.BoundedSemaphore(self.concurrency)
        self._lock = threading.Lock()
        self._next_start = 0.0
        self._clock = clock
        self._sleep = sleep

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one of the concurrent slots for the duration of a call (its retries included)."""
        self._slots.acquire()
        try:
            yield
        finally:
            self._slots.release()

    def pace(self) -> float:
        """Wait until the next request may start under the per-minute cap; returns the seconds waited."""
        if self.rpm is None:
            return 0.0
        interval = 60.0 / self.rpm
        with self._lock:
            now = self._clock()
            start = max(now, self._next_start)
            self._next_start = start + interval
        wait = start - now
        if wait > 0:
            self._sleep(wait)
        return max(0.0, wait)


__all__ = ["RequestLimiter"]
