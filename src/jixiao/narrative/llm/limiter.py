"""A limit on LLM requests shared by every caller of one client: requests in flight and requests per minute.

One :class:`RequestLimiter` belongs to one :class:`~jixiao.narrative.llm.client.LLMClient`; a batch that
shares the client across documents (and the threads interpreting them) shares its limits too.

Processes on several machines cannot share a semaphore, so an engine that runs the narrative on many
workers puts a :class:`SharedRequestLimit` in force in each of them (:func:`shared_request_limit`): every
limiter made meanwhile asks it too, after its own, for a slot and for the start time of each request, so
that one limit holds across the whole run however many workers call the endpoint.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class SharedRequestLimit(Protocol):
    """Request slots and request starts handed out by one authority for many processes."""

    def acquire(self) -> object:
        """Wait for a slot among the requests in flight everywhere; returns the lease to give back."""
        ...

    def release(self, lease: object) -> None:
        """Give a slot back (a lease never given back is reclaimed when it expires)."""
        ...

    def start_delay(self) -> float:
        """Reserve the next request start under the per-minute cap; returns the seconds to wait for it."""
        ...


_shared: SharedRequestLimit | None = None
_shared_lock = threading.Lock()


@contextmanager
def shared_request_limit(limit: SharedRequestLimit | None) -> Iterator[None]:
    """Make every :class:`RequestLimiter` created in this process meanwhile consult ``limit`` too."""
    global _shared
    with _shared_lock:
        before, _shared = _shared, limit
    try:
        yield
    finally:
        with _shared_lock:
            _shared = before


def use_shared_request_limit(limit: SharedRequestLimit | None) -> None:
    """Put ``limit`` in force for the rest of this process's life (a worker process of one run)."""
    global _shared
    with _shared_lock:
        _shared = limit


class RequestLimiter:
    """At most ``concurrency`` calls at once, and request starts spaced to stay under ``rpm`` per minute."""

    def __init__(
        self,
        concurrency: int,
        rpm: int | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        shared: SharedRequestLimit | None = None,
    ) -> None:
        """Args:
        concurrency, rpm: this limiter's own limits.
        shared: a limit shared with other processes, asked after this one's (default: the one in force
            in this process, see :func:`shared_request_limit`).
        """
        self.concurrency = max(1, concurrency)
        self.rpm = rpm if rpm and rpm > 0 else None
        self.shared = shared if shared is not None else _shared
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
            if self.shared is None:
                yield
                return
            lease = self.shared.acquire()
            try:
                yield
            finally:
                self.shared.release(lease)
        finally:
            self._slots.release()

    def pace(self) -> float:
        """Wait until the next request may start under the per-minute caps; returns the seconds waited."""
        wait = 0.0
        if self.rpm is not None:
            interval = 60.0 / self.rpm
            with self._lock:
                now = self._clock()
                start = max(now, self._next_start)
                self._next_start = start + interval
            wait = start - now
            if wait > 0:
                self._sleep(wait)
        if self.shared is not None:
            # Reserved only once this process's own pacing lets the request go, so that a slot of the
            # shared cap is not held by a request that still waits here.
            later = self.shared.start_delay()
            if later > 0:
                self._sleep(later)
                wait += later
        return max(0.0, wait)


__all__ = ["RequestLimiter", "SharedRequestLimit", "shared_request_limit", "use_shared_request_limit"]
