"""One limit on LLM requests for a whole run on a cluster: a Ray actor every worker asks for slots.

:class:`RequestSlots` hands out leases on the requests in flight (at most ``concurrency`` at once, first
come first served) and request start times spaced for the per-minute cap. It runs as one Ray actor per
run (:func:`start_request_slots`); in each worker process :class:`ClusterRequestLimit` puts it behind the
narrative's :class:`~jixiao.narrative.llm.limiter.RequestLimiter`, so every LLM call of the run, on any
node, waits for a slot of the same actor.

A worker killed while it holds a slot never gives it back, so a lease expires: after the longest a call
may take (its deadline times its attempts, and the back-off between them), the actor takes the slot back.

Ray is imported only here and in :mod:`jixiao.batch.cluster`, when a run asks for the Ray engine.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import deque
from typing import Any

from jixiao.schema import LLMOptions

_EXPIRY_CHECK = 1.0
"""Seconds between the checks for expired leases while callers wait."""


class RequestSlots:
    """Leases on requests in flight and spaced request starts (the state of the run's actor)."""

    def __init__(self, concurrency: int, rpm: int | None = None) -> None:
        self.concurrency = max(1, concurrency)
        self.rpm = rpm if rpm and rpm > 0 else None
        self._leases: dict[int, float] = {}
        """Lease → when it expires (monotonic seconds)."""
        self._ids = itertools.count(1)
        self._waiting: deque[tuple[asyncio.Future[int], float]] = deque()
        self._next_start = 0.0
        self.peak = 0
        """Most leases held at once."""
        self.expired = 0
        """Leases taken back because their holders did not give them back in time."""

    async def acquire(self, seconds: float) -> int:
        """Wait for a slot (in arrival order); returns a lease that expires after ``seconds``."""
        self._expire()
        if not self._waiting and len(self._leases) < self.concurrency:
            return self._grant(seconds)
        granted: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._waiting.append((granted, seconds))
        while True:
            try:
                return await asyncio.wait_for(asyncio.shield(granted), _EXPIRY_CHECK)
            except TimeoutError:
                self._expire()

    async def release(self, lease: int) -> None:
        """Give a slot back; the next caller waiting gets it."""
        self._leases.pop(lease, None)
        self._hand_on()

    async def start_delay(self) -> float:
        """Reserve the next request start under the per-minute cap; the seconds the caller waits for it."""
        if self.rpm is None:
            return 0.0
        now = time.monotonic()
        start = max(now, self._next_start)
        self._next_start = start + 60.0 / self.rpm
        return start - now

    async def state(self) -> dict[str, int]:
        """Leases held now, the most held at once, and how many expired."""
        self._expire()
        return {"in_flight": len(self._leases), "peak": self.peak, "expired": self.expired}

    def _grant(self, seconds: float) -> int:
        lease = next(self._ids)
        self._leases[lease] = time.monotonic() + seconds
        self.peak = max(self.peak, len(self._leases))
        return lease

    def _hand_on(self) -> None:
        # The slot goes straight to the caller waiting longest, so that no newcomer takes it in between.
        while self._waiting and len(self._leases) < self.concurrency:
            granted, seconds = self._waiting.popleft()
            if not granted.done():
                granted.set_result(self._grant(seconds))

    def _expire(self) -> None:
        now = time.monotonic()
        for lease in [lease for lease, until in self._leases.items() if until <= now]:
            del self._leases[lease]
            self.expired += 1
        self._hand_on()


def lease_seconds(options: LLMOptions, backoff: float = 60.0) -> float:
    """The longest one call may hold its slot: every attempt to its deadline, and the back-off between."""
    attempts = max(1, options.max_retries + 1)
    return attempts * (options.timeout + backoff)


def start_request_slots(options: LLMOptions) -> Any:
    """Start the run's :class:`RequestSlots` actor (on a connected Ray cluster); returns its handle."""
    import ray

    # An async actor serves many waiting callers at once; it needs no CPU of its own.
    actor = ray.remote(num_cpus=0, max_restarts=-1, max_task_retries=-1)(RequestSlots)
    return actor.remote(options.concurrency, options.rpm)


class ClusterRequestLimit:
    """The run's actor seen from one worker process (a
    :class:`~jixiao.narrative.llm.limiter.SharedRequestLimit`)."""

    def __init__(self, actor: Any, seconds: float) -> None:
        self.actor = actor
        self.seconds = seconds

    def acquire(self) -> object:
        import ray

        return ray.get(self.actor.acquire.remote(self.seconds))

    def release(self, lease: object) -> None:
        import ray

        ray.get(self.actor.release.remote(lease))

    def start_delay(self) -> float:
        import ray

        return float(ray.get(self.actor.start_delay.remote()))


__all__ = ["ClusterRequestLimit", "RequestSlots", "lease_seconds", "start_request_slots"]
