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
further invocation waits for one of them to end and takes its worker straight
from it, oldest waiter first. The waiting ends, for all who wait, once none of
the running invocations ended for ``PATIENCE_S``: they then take an idle worker
or start one, as before. So parallel work (a handler that sleeps, waits on I/O
or computes for long) still gets an environment an invocation, after a wait
shorter than an environment's start; a long queue of short invocations that
moves keeps waiting.

Measured on 2 CPUs with wrk against an HTTP API at 64 connections, medians of
10 interleaved rounds: the workers' CPU time a request fell from 78 to 56 µs,
the server's rose from 88 to 95 µs (the waiting); requests/s stayed level
(9,187 against 9,115), the server being the bottleneck once workers are warm.
Processes after gateway_bench.py's rounds: 37-45 instead of 67.
"""

from __future__ import annotations

import asyncio
import math
import os
from collections import deque

from .worker import Worker

#: Invocations whose recent average duration is under this wait for a warm environment.
SHORT_MS = 1.0
#: Waiters give up once no running invocation of their function ended for this long.
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


class _Function:
    """What the hand-off knows of one function revision."""

    __slots__ = ("running", "average_ms", "ended", "ended_at_check", "waiting", "timer", "check_due", "retired")

    def __init__(self) -> None:
        self.running = 0
        #: Of the invocations' durations, the newest weighing most; unknown (never short) until one ends.
        self.average_ms = math.inf
        #: Invocations ended so far; what it was at the last check of the waiters' patience.
        self.ended = 0
        self.ended_at_check = 0
        #: The invocations waiting, oldest first: each gets a worker, or None when patience ran out.
        self.waiting: deque[asyncio.Future[Worker | None]] = deque()
        #: One timer a function, not one a waiter: they come by the thousand a second.
        self.timer: asyncio.TimerHandle | None = None
        self.check_due = 0.0
        #: The revision was replaced while some of its invocations ran: forgotten once the last ends.
        self.retired = False


class WarmHandOff:
    """Per function revision (spec key): its running invocations, their average duration, who waits."""

    def __init__(self, busy_limit: int, patience_s: float = PATIENCE_S, short_ms: float = SHORT_MS) -> None:
        """``busy_limit`` 0 (or less): no invocation waits (a worker for each, as AWS scales)."""
        self.busy_limit = busy_limit if busy_limit > 0 else math.inf
        self.patience_s = patience_s
        self.short_ms = short_ms
        self._functions: dict[str, _Function] = {}
        #: The pool's loop, kept: asyncio.get_running_loop() makes a getpid system call each time.
        self._loop: asyncio.AbstractEventLoop | None = None

    def started(self, key: str) -> None:
        function = self._functions.get(key)
        if function is None:
            function = self._functions[key] = _Function()
        function.running += 1

    def ended(self, key: str, duration_ms: float | None) -> None:
        """An invocation of ``key`` ended; ``duration_ms`` as the environment measured it (None: it did not run)."""
        function = self._functions[key]
        function.running -= 1
        function.ended += 1
        if function.retired and not function.running and not function.waiting:
            del self._functions[key]  # nothing of it runs or waits: its average serves no one
        elif duration_ms is not None:
            average = function.average_ms
            function.average_ms = duration_ms if average == math.inf else average + (duration_ms - average) * _NEWEST_WEIGHT

    def worth_waiting(self, key: str) -> bool:
        """Whether a new invocation of ``key`` should wait for a running one to end."""
        function = self._functions.get(key)
        return function is not None and function.running >= self.busy_limit and function.average_ms < self.short_ms

    def forget(self, key_prefix: str) -> None:
        """The revisions are retired: what is known of them goes, once nothing of theirs runs or waits."""
        for key, function in list(self._functions.items()):
            if key.startswith(key_prefix):
                if function.running or function.waiting:
                    function.retired = True
                else:
                    del self._functions[key]

    async def wait(self, key: str) -> Worker | None:
        """A worker of ``key`` handed over by ``offer`` (marked busy), or None once patience ran out."""
        loop = self._loop
        if loop is None:
            loop = self._loop = asyncio.get_running_loop()
        function = self._functions[key]  # worth_waiting: some run
        future: asyncio.Future[Worker | None] = loop.create_future()
        function.waiting.append(future)
        if function.timer is None:
            function.ended_at_check = function.ended
            self._arm(function, loop.time() + self.patience_s)
        try:
            return await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled() and future.result() is not None:
                self.offer(future.result())  # handed over as this caller went away: to the next one
            raise

    def offer(self, worker: Worker) -> bool:
        """Hand ``worker`` (just come free) to the oldest invocation waiting for its key; False if none waits.

        Not while ``busy_limit`` others run (waiters that ran out of patience started them):
        the worker goes idle, and the running count falls back to the limit.
        """
        function = self._functions.get(worker.spec.key)
        if function is None or function.running >= self.busy_limit:
            return False
        waiting = function.waiting
        while waiting:
            future = waiting.popleft()
            if not future.done():
                worker.busy = True
                future.set_result(worker)
                return True
        return False

    def _arm(self, function: _Function, due: float) -> None:
        assert self._loop is not None  # armed by wait(), which kept the loop
        function.check_due = due
        function.timer = self._loop.call_at(due, self._check, function)

    def _check(self, function: _Function) -> None:
        """Every ``patience_s`` while invocations wait: if none of the running ones ended since, none waits longer."""
        function.timer = None
        waiting = function.waiting
        while waiting and waiting[0].done():  # cancelled callers
            waiting.popleft()
        if not waiting:
            return
        now = self._loop.time()  # type: ignore[union-attr]
        if now - function.check_due > self.patience_s / 2:
            # Fired late: the loop was busy, and the ends it has yet to read would count.
            self._arm(function, now + self.patience_s / 4)
            return
        if function.ended == function.ended_at_check:
            while waiting:
                future = waiting.popleft()
                if not future.done():
                    future.set_result(None)
            return
        function.ended_at_check = function.ended
        self._arm(function, now + self.patience_s)
