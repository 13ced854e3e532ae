"""Short invocations wait a moment for a busy warm environment rather than wake a cold one.

With every environment of a function busy, AWS starts a new one. Here the
environments share the machine's few CPUs, so many clients calling a function
whose invocations take microseconds keep dozens of them "busy" while they only
queue for a CPU: each then runs cold (its memory out of the caches), and the
server hands requests to a different process every time. On AWS the same
clients would keep a few environments busy, each call spending its time on the
network rather than in the function.

So once a function has ``busy_limit`` invocations running and its recent
invocations were short (``SHORT_MS``, as the environments measure them), a
further invocation waits up to ``PATIENCE_S`` for one of them to end and takes
its worker straight from it. Only when none does, it takes an idle worker or
starts one, as before: parallel work (a handler that sleeps, waits on I/O or
computes for long) still gets an environment an invocation, and the wait is
shorter than an environment's start. Measured on 2 CPUs with wrk against an
HTTP API at 64 connections: the workers' CPU time a request fell from 78 to
56 µs (medians of 10 rounds), the server's rose from 88 to 95 µs (the waiting),
requests/s stayed level; gateway_bench.py's CPU time a request for the whole
process tree fell from 262 to 194 µs, its requests/s rose from 6,404 to 7,765 (one run each).
"""

from __future__ import annotations

import asyncio
import os
from collections import deque

from .worker import Worker

#: Invocations whose recent average duration is under this wait for a warm environment.
SHORT_MS = 1.0
#: The longest an invocation waits for one before it starts an environment of its own.
PATIENCE_S = 0.010
#: The weight of the newest invocation in a function's average duration.
_NEWEST_WEIGHT = 0.125


def default_busy_limit() -> int:
    """Six running invocations a CPU the server may use (on 2 CPUs, of 4, 5, 6, 8 and 12 a CPU, 6 and 8 served most)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 2
    return 6 * cpus


class WarmHandOff:
    """Per function revision (spec key): its running invocations, their average duration, who waits."""

    def __init__(self, busy_limit: int, patience_s: float = PATIENCE_S) -> None:
        self.busy_limit = busy_limit
        self.patience_s = patience_s
        self._running: dict[str, int] = {}
        self._average_ms: dict[str, float] = {}
        #: Waiting invocations by key, oldest first: (when its patience ends, the future its worker comes by).
        self._waiting: dict[str, deque[tuple[float, asyncio.Future[Worker | None]]]] = {}
        #: One timer a key, for its oldest waiter's patience (not one a waiter: they come by the thousand).
        self._timers: dict[str, asyncio.TimerHandle] = {}
        #: The pool's loop, kept: asyncio.get_running_loop() makes a getpid system call each time.
        self._loop: asyncio.AbstractEventLoop | None = None

    def started(self, key: str) -> None:
        self._running[key] = self._running.get(key, 0) + 1

    def ended(self, key: str, duration_ms: float | None) -> None:
        """An invocation of ``key`` ended; ``duration_ms`` as the environment measured it (None: it failed to run)."""
        running = self._running[key] - 1
        if running:
            self._running[key] = running
        else:
            del self._running[key]
        if duration_ms is not None:
            average = self._average_ms.get(key)
            self._average_ms[key] = (
                duration_ms if average is None else average + (duration_ms - average) * _NEWEST_WEIGHT
            )

    def worth_waiting(self, key: str) -> bool:
        """Whether a new invocation of ``key`` should wait for a running one to end."""
        return self._running.get(key, 0) >= self.busy_limit and self._average_ms.get(key, SHORT_MS) < SHORT_MS

    def forget(self, key_prefix: str) -> None:
        """The revisions are gone (retired): no averages kept for them."""
        for key in [key for key in self._average_ms if key.startswith(key_prefix)]:
            del self._average_ms[key]

    async def wait(self, key: str) -> Worker | None:
        """A worker of ``key`` handed over by ``offer`` (marked busy), or None once patience ran out."""
        loop = self._loop
        if loop is None:
            loop = self._loop = asyncio.get_running_loop()
        future: asyncio.Future[Worker | None] = loop.create_future()
        waiting = self._waiting.get(key)
        if waiting is None:
            waiting = self._waiting[key] = deque()
        waiting.append((loop.time() + self.patience_s, future))
        if key not in self._timers:
            self._timers[key] = loop.call_at(waiting[0][0], self._expire, key)
        try:
            return await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled() and future.result() is not None:
                self.offer(future.result())  # handed over as this caller went away: to the next one
            raise

    def offer(self, worker: Worker) -> bool:
        """Hand ``worker`` (just come free) to the oldest invocation waiting for its key; False if none waits.

        Not while ``busy_limit`` others run (waiters past their patience started them): the
        worker goes idle, and the running count falls back to the limit.
        """
        key = worker.spec.key
        waiting = self._waiting.get(key)
        if not waiting or self._running.get(key, 0) >= self.busy_limit:
            return False
        while waiting:
            _, future = waiting.popleft()
            if not future.done():
                worker.busy = True
                future.set_result(worker)
                return True
        return False

    def _expire(self, key: str) -> None:
        """The oldest waiter's patience ran out: it and any others past theirs start environments of their own."""
        del self._timers[key]
        waiting = self._waiting.get(key)
        if not waiting:
            self._waiting.pop(key, None)
            return
        loop = self._loop
        assert loop is not None  # a timer ran: wait() kept it
        # The loop's timers fire to the millisecond: a deadline a hair ahead counts as reached, not re-armed at once.
        now = loop.time() + self.patience_s / 4
        while waiting and waiting[0][0] <= now:
            _, future = waiting.popleft()
            if not future.done():
                future.set_result(None)
        if waiting:
            self._timers[key] = loop.call_at(waiting[0][0], self._expire, key)
        else:
            del self._waiting[key]
