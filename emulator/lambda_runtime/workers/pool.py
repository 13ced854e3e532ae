"""The worker pool: which execution environment serves an invocation, and when environments end.

One invocation per worker at a time. A warm idle worker of the same function
revision (most recently used first) serves it; otherwise a new worker starts,
up to ``max_workers`` for the machine; beyond that the invocation waits for a
worker to come free (an idle worker of another function is stopped to make
room). Short invocations of a function with many running wait a moment for
one of its busy workers instead (``warm_handoff.py``). Idle workers stop
after ``idle_s``.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

from ..ids import trace_id as new_trace_id
from .forked_worker import ForkedWorker
from .logs import LogLine
from .outcome import Invocation
from .placement import LONE_INVOCATION_S, place
from .runtime_api_worker import RuntimeApiWorker
from .spec import FunctionSpec, InvokeResult
from .warm_handoff import PATIENCE_S, SHORT_MS, WarmHandOff, default_busy_limit
from .worker import LogListener, Worker
from .zygote_client import Zygote, ZygoteError

#: How long stop() waits for killed workers to be reaped.
STOP_GRACE_S = 2.0


class WorkerPool:
    def __init__(
        self,
        *,
        max_workers: int,
        idle_s: float,
        on_log: LogListener,
        busy_limit: int | None = None,
        patience_s: float = PATIENCE_S,
        short_ms: float = SHORT_MS,
    ) -> None:
        """``busy_limit``, ``patience_s``, ``short_ms``: see warm_handoff.py (None: the limit from the CPUs; 0: no waiting)."""
        self.max_workers = max_workers
        self.idle_s = idle_s
        self._on_log = on_log
        self._zygote = Zygote()
        self._zygote_started: asyncio.Task[None] | None = None
        #: Forks while the full zygote still imports boto3 (see zygote.py); stopped once unneeded.
        self._bare = Zygote(preload=False)
        self._bare_started: asyncio.Task[None] | None = None
        self._bare_workers: set[Worker] = set()
        #: Idle workers by spec key, least recently used first.
        self._idle: dict[str, list[Worker]] = {}
        self._workers: set[Worker] = set()
        #: Killed, not yet exited: their slots are free already.
        self._dying: set[Worker] = set()
        self._starting = 0
        #: Invocations running on workers now (see placement.py).
        self._in_flight = 0
        #: Invocations waiting for a slot or a worker, with the key they want.
        self._waiters: deque[tuple[str, asyncio.Future[None]]] = deque()
        self._reaper: asyncio.Task[None] | None = None
        self._handoff = WarmHandOff(default_busy_limit() if busy_limit is None else busy_limit, patience_s, short_ms)
        #: Kept by start(): asyncio.get_running_loop() makes a getpid system call each time.
        self._loop: asyncio.AbstractEventLoop | None = None

    async def start(self) -> None:
        """Start the zygotes in the background (the first Python invoke waits for the first one up)."""
        loop = self._loop = asyncio.get_running_loop()
        self._bare_started = loop.create_task(self._bare.start())
        self._zygote_task().add_done_callback(lambda _: self._stop_bare_zygote())
        self._reaper = loop.create_task(self._stop_idle_workers())

    async def ready(self) -> None:
        """Wait until Python environments can be forked (the zygote is up)."""
        await asyncio.shield(self._zygote_task())

    async def stop(self) -> None:
        """Kill every worker and the zygote; returns once the workers are gone (or after a grace period)."""
        if self._reaper is not None:
            self._reaper.cancel()
            self._reaper = None
        self.reset()
        deadline = time.monotonic() + STOP_GRACE_S
        while self._workers and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        self._zygote.stop()
        self._zygote_started = None
        self._end_bare_zygote()

    def reset(self) -> None:
        """Kill every worker (in-flight invocations end as the worker exiting)."""
        for worker in list(self._workers):
            self._stop_worker(worker)

    def retire(self, key_prefix: str) -> None:
        """No new invocations on these workers; idle ones stop now, busy ones once they finish."""
        for worker in list(self._workers):
            if worker.spec.key.startswith(key_prefix):
                worker.retired = True
                if not worker.busy:
                    self._stop_worker(worker)
        self._handoff.forget(key_prefix)

    @property
    def size(self) -> int:
        """Live workers, starting ones included."""
        return len(self._workers) - len(self._dying) + self._starting

    def workers_of(self, key: str) -> list[Worker]:
        return [worker for worker in self._workers if worker.spec.key == key]

    async def invoke(
        self,
        spec: FunctionSpec,
        payload: bytes,
        *,
        request_id: str,
        client_context: str | None = None,
        cognito_identity: dict | None = None,
        deadline_s: float | None = None,
        invoked_arn: str | None = None,
        trace_id: str = "",
        tail: bool = False,
    ) -> InvokeResult:
        """Run one invocation. ``deadline_s``: seconds the caller can wait, if less than the function's timeout.

        ``tail``: the result carries the invocation's log lines (see ``Worker.invoke``).
        """
        timeout_s = spec.timeout_s if deadline_s is None else min(spec.timeout_s, deadline_s)
        if invoked_arn is None:
            invoked_arn = spec.arn if spec.version == "$LATEST" else f"{spec.arn}:{spec.version}"
        invocation = Invocation(
            request_id, invoked_arn, timeout_s, client_context, cognito_identity, trace_id or new_trace_id(), spec.tenant_id
        )
        key = spec.key
        handoff = self._handoff
        # Short invocations of a busy function wait a moment for a warm worker (warm_handoff.py).
        worker = await handoff.wait(key) if handoff.worth_waiting(key) else None
        handoff.started(key)  # counted while a worker starts too: the invocations that follow wait
        if worker is None:
            try:
                worker = self._take_idle(key) or await self._acquire(spec)
            except BaseException:
                handoff.ended(key, None)
                raise
        alone = self._in_flight == 0
        forked = isinstance(worker, ForkedWorker)
        if worker.placed_alone is not alone and forked:
            place(worker.pid, alone)
            worker.placed_alone = alone
        # A lone invocation shares the server's CPU; one that runs on leaves it (placement.py).
        leave = None
        if alone and forked:
            leave = (self._loop or asyncio.get_running_loop()).call_later(LONE_INVOCATION_S, self._leave_server_cpu, worker)
        self._in_flight += 1
        duration_ms = None
        try:
            result = await worker.invoke(invocation, payload, tail=tail)
            duration_ms = result.duration_ms
            return result
        except BaseException:
            worker.kill()  # cancelled mid-invocation, or a fault of ours: the worker's state is unknown
            raise
        finally:
            if leave is not None:
                leave.cancel()
            self._in_flight -= 1
            handoff.ended(key, duration_ms)
            self._release(worker)

    @staticmethod
    def _leave_server_cpu(worker: Worker) -> None:
        place(worker.pid, alone=False)
        worker.placed_alone = False

    # -- scheduling ------------------------------------------------------

    def _take_idle(self, key: str) -> Worker | None:
        """The most recently used idle worker for ``key``, marked busy; None if there is none."""
        idle = self._idle.get(key)
        while idle:
            worker = idle.pop()
            if worker.alive and not worker.retired:
                worker.busy = True
                return worker
        return None

    async def _acquire(self, spec: FunctionSpec) -> Worker:
        while True:
            worker = self._take_idle(spec.key)
            if worker is not None:
                return worker
            if self.size < self.max_workers:
                return await self._start_worker(spec)
            victim = self._least_recently_used_idle()
            if victim is not None:
                self._stop_worker(victim)
                continue
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append((spec.key, waiter))
            try:
                await waiter
            except asyncio.CancelledError:
                if waiter.done() and not waiter.cancelled():
                    self._wake_one()  # pass on the wake-up this caller no longer needs
                raise

    async def _start_worker(self, spec: FunctionSpec) -> Worker:
        self._starting += 1
        try:
            worker = await self._new_worker(spec)
        except BaseException:
            self._starting -= 1
            self._wake_one()
            raise
        self._starting -= 1
        worker.busy = True
        self._workers.add(worker)
        return worker

    async def _new_worker(self, spec: FunctionSpec) -> Worker:
        if not spec.forked:
            runtime_worker = RuntimeApiWorker(spec, self._on_log, self._worker_exited)
            await runtime_worker.start()
            return runtime_worker
        try:
            zygote = await self._fork_source()
            worker = ForkedWorker(spec, self._on_log, self._worker_exited, zygote)
            await worker.start()
            if zygote is self._bare:
                self._bare_workers.add(worker)
        except ZygoteError:  # it died since its last fork: once more, with a new one
            await asyncio.shield(self._zygote_task())
            worker = ForkedWorker(spec, self._on_log, self._worker_exited, self._zygote)
            await worker.start()
        return worker

    def _release(self, worker: Worker) -> None:
        worker.busy = False
        if not worker.alive:
            return  # _worker_exited did the bookkeeping
        # A waiting invocation takes it first; one of a replaced revision too (retired, not killed):
        # it would otherwise start a worker of the old code.
        if not worker.killed and self._handoff.offer(worker):
            return
        if worker.retired:
            self._stop_worker(worker)
            return
        self._idle.setdefault(worker.spec.key, []).append(worker)
        self._wake_one(worker.spec.key)

    def _worker_exited(self, worker: Worker) -> None:
        self._workers.discard(worker)
        if worker in self._bare_workers:
            self._bare_workers.discard(worker)
            self._stop_bare_zygote()
        self._drop_idle(worker)
        if worker in self._dying:
            self._dying.discard(worker)  # its slot was handed out when it was killed
        else:
            self._wake_one()

    def _stop_worker(self, worker: Worker) -> None:
        self._drop_idle(worker)
        worker.retired = True
        if worker.alive and worker not in self._dying:
            self._dying.add(worker)
            worker.kill()
            self._wake_one()

    def _drop_idle(self, worker: Worker) -> None:
        idle = self._idle.get(worker.spec.key)
        if idle and worker in idle:
            idle.remove(worker)
            if not idle:
                del self._idle[worker.spec.key]

    def _least_recently_used_idle(self) -> Worker | None:
        candidates = [workers[0] for workers in self._idle.values() if workers]
        return min(candidates, key=lambda worker: worker.last_used, default=None)

    def _wake_one(self, key: str | None = None) -> None:
        """Wake the first waiter wanting ``key`` (a freed worker), else the first one (a freed slot)."""
        if not self._waiters:
            return
        chosen = None
        for entry in self._waiters:
            if not entry[1].done() and (key is None or entry[0] == key):
                chosen = entry
                break
        if chosen is None and key is not None:
            chosen = next((entry for entry in self._waiters if not entry[1].done()), None)
        while self._waiters and self._waiters[0][1].done():
            self._waiters.popleft()
        if chosen is not None:
            self._waiters.remove(chosen)
            chosen[1].set_result(None)

    def _zygote_task(self) -> asyncio.Task[None]:
        """The zygote's start, begun again if it died."""
        task = self._zygote_started
        if task is None or (task.done() and (task.exception() is not None or not self._zygote.running)):
            task = self._zygote_started = asyncio.get_running_loop().create_task(self._zygote.start())
        return task

    async def _fork_source(self) -> Zygote:
        """The full zygote once it is up; until then the bare one, if that is up first."""
        full = self._zygote_task()
        bare = self._bare_started
        if not full.done() and bare is not None:
            if not bare.done():
                await asyncio.wait((full, bare), return_when=asyncio.FIRST_COMPLETED)
            if not full.done() and not bare.cancelled() and bare.exception() is None and self._bare.running:
                return self._bare
        await asyncio.shield(full)
        return self._zygote

    def _stop_bare_zygote(self) -> None:
        """The bare zygote goes once the full one serves and no worker it forked is left."""
        if self._bare.running and self._zygote.running and not self._bare_workers:
            self._end_bare_zygote()

    def _end_bare_zygote(self) -> None:
        if self._bare_started is not None:
            self._bare_started.cancel()  # if it is still starting
            self._bare_started = None
        self._bare.stop()

    async def _stop_idle_workers(self) -> None:
        interval = max(0.05, min(self.idle_s / 4, 5.0))
        while True:
            await asyncio.sleep(interval)
            cutoff = time.monotonic() - self.idle_s
            for workers in list(self._idle.values()):
                for worker in [worker for worker in workers if worker.last_used < cutoff]:
                    self._stop_worker(worker)


__all__ = ["LogLine", "WorkerPool"]
