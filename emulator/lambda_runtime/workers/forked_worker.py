"""A Python execution environment forked by the zygote, spoken to in frames over a socketpair."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import time

import orjson

from . import framing
from .environment import UNSERVED_RUNTIME_API, build_environment, paths_as_on_aws, python_path
from .logs import timestamped
from .outcome import Invocation, Outcome, exited, timed_out
from .spec import FunctionSpec
from .worker import INIT_TIMEOUT_S, ExitListener, LogListener, Worker
from .zygote_client import EXIT_REPORT_TIMEOUT_S, Zygote

#: The event loop's timers fire to the millisecond: a deadline this close counts as reached.
TIMER_RESOLUTION_S = 0.001


class WorkerGone(Exception):
    """The channel closed: the process exited or was killed."""


class ForkedWorker(Worker, asyncio.Protocol):
    def __init__(self, spec: FunctionSpec, on_log: LogListener, on_exit: ExitListener, zygote: Zygote) -> None:
        super().__init__(spec, on_log, on_exit)
        self._zygote = zygote
        self._transport: asyncio.Transport | None = None
        self._reader = framing.FrameReader()
        loop = asyncio.get_running_loop()
        self._ready: asyncio.Future[bytes | None] = loop.create_future()
        self._response: asyncio.Future[tuple[bytes, bytes]] | None = None
        self._gone: asyncio.Future[int | None] = loop.create_future()
        self._out_of_memory = False
        self._timed_out = False
        self._memory_used_mb = 0
        self._reaping: asyncio.Task[None] | None = None
        #: The running invocation's deadline (loop time), and the timer that checks it (``_time_out_at``).
        self._deadline: float | None = None
        self._deadline_timer: asyncio.TimerHandle | None = None

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        ours, theirs = socket.socketpair()
        output_read, output_write = os.pipe()
        config = {
            "handler": self.spec.handler,
            "code_dir": str(self.spec.code_dir),
            "path": python_path(self.spec),
            "shown_paths": paths_as_on_aws(self.spec),
            "environment": build_environment(self.spec, self.log_stream_name, UNSERVED_RUNTIME_API),
            "memory_mb": self.spec.memory_mb,
            "runtime": self.spec.runtime,
            "host_packages": self.spec.host_packages,
        }
        try:
            self.pid = await self._zygote.fork(config, [theirs.fileno(), output_write])
        except BaseException:
            ours.close()
            os.close(output_read)
            raise
        finally:
            theirs.close()
            os.close(output_write)
        self._attach_output(output_read)
        await loop.connect_accepted_socket(lambda: self, ours)

    # -- asyncio.Protocol ------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        for kind, body in self._reader.feed(data):
            if kind in (framing.KIND_RESULT, framing.KIND_ERROR):
                if self._response is not None and not self._response.done():
                    self._response.set_result((kind, body))
            elif kind == framing.KIND_READY:
                self.init_duration_ms, self._memory_used_mb = framing.INIT.unpack_from(body)
                self._ready.set_result(None)
            elif kind == framing.KIND_INIT_ERROR:
                self.init_duration_ms, self._memory_used_mb = framing.INIT.unpack_from(body)
                self._ready.set_result(body[framing.INIT.size :])

    def connection_lost(self, exc: Exception | None) -> None:
        self._transport = None
        if self._deadline_timer is not None:
            self._deadline_timer.cancel()
            self._deadline_timer = None
        for future in (self._ready, self._response):
            if future is not None and not future.done():
                future.set_exception(WorkerGone())
                future.exception()  # no one may be waiting (killed before its first invocation)
        self._reaping = asyncio.get_running_loop().create_task(self._reap())

    async def _reap(self) -> None:
        """Learn the exit status from the zygote, then tell the pool."""
        try:
            status = await asyncio.wait_for(asyncio.shield(self._zygote.exit_status(self.pid)), EXIT_REPORT_TIMEOUT_S)
        except Exception:  # noqa: BLE001 - no report (zygote gone): the reason stays unknown
            status = None
        self._zygote.forget(self.pid)
        # The worker SIGKILLs itself over its memory size; any other SIGKILL is the server's.
        killed = status is not None and os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        self._out_of_memory = killed and not self.killed
        self._gone.set_result(status)
        self._exited()

    # -- invoke ----------------------------------------------------------

    async def _initialize(self, invocation: Invocation) -> Outcome | None:
        ready = self._ready
        if ready.done():
            # Warm; or gone before init ended (``_execute`` reports the exit); or an init
            # that failed before this first invocation came: that error is its answer.
            if ready.exception() is not None:
                return None
            init_error = ready.result()
        else:
            started = time.perf_counter()
            timer = asyncio.get_running_loop().call_later(max(INIT_TIMEOUT_S, invocation.timeout_s), self._time_out)
            try:
                init_error = await ready
            except WorkerGone:
                return await self._failure(invocation, started)
            finally:
                timer.cancel()
        if init_error is None:
            return None
        self.kill()  # it exits after a failed init; not to be reused meanwhile
        document = orjson.loads(init_error)
        return Outcome(
            init_error,
            True,
            self.init_duration_ms or 0.0,
            self._memory_used_mb,
            "error",
            document["errorType"],
            [f"INIT_REPORT Init Duration: {self.init_duration_ms or 0.0:.2f} ms\tPhase: init\tStatus: error\tError Type: {document['errorType']}"],
        )

    async def _execute(self, invocation: Invocation, payload: bytes) -> Outcome:
        loop = self._loop
        started = time.perf_counter()
        transport = self._transport
        if transport is None or self._ready.exception() is not None:
            return await self._failure(invocation, started)
        fields = {
            "id": invocation.request_id,
            "arn": invocation.invoked_arn,
            "deadline": int(time.time() * 1000 + invocation.timeout_s * 1000),
            "trace": invocation.trace_id,
            "cc": invocation.client_context,
            "ci": invocation.cognito_identity,
        }
        if invocation.tenant_id is not None:
            fields["tenant"] = invocation.tenant_id
        meta = orjson.dumps(fields)
        self._response = loop.create_future()
        transport.write(framing.pack(framing.KIND_INVOKE, framing.INVOKE.pack(len(meta)), meta, payload))
        self._time_out_at(loop.time() + invocation.timeout_s)
        try:
            kind, body = await self._response
        except WorkerGone:
            return await self._failure(invocation, started)
        finally:
            self._deadline = None
            self._response = None
        duration_ms, memory_mb, output_pending = framing.OUTCOME.unpack_from(body)
        self._memory_used_mb = memory_mb
        return Outcome(
            body[framing.OUTCOME.size :], kind == framing.KIND_ERROR, duration_ms, memory_mb, output_pending=output_pending
        )

    def _time_out(self) -> None:
        self._timed_out = True
        self.kill()

    def _time_out_at(self, deadline: float) -> None:
        """Time the running invocation out at ``deadline`` (loop time).

        One timer serves invocation after invocation: arming and cancelling one for each
        cost 2.4% of the server's instructions a request at 64 connections. A timer armed
        for an invocation that ended fires for nothing, or re-arms for the one running.
        """
        self._deadline = deadline
        timer = self._deadline_timer
        if timer is None or timer.when() > deadline:
            if timer is not None:
                timer.cancel()
            self._deadline_timer = self._loop.call_at(deadline, self._on_deadline)

    def _on_deadline(self) -> None:
        self._deadline_timer = None
        deadline = self._deadline
        if deadline is None:
            return  # idle: the next invocation arms it again
        if deadline - self._loop.time() > TIMER_RESOLUTION_S:
            self._deadline_timer = self._loop.call_at(deadline, self._on_deadline)
        else:
            self._time_out()

    async def _failure(self, invocation: Invocation, started: float) -> Outcome:
        duration_ms = (time.perf_counter() - started) * 1000
        if self._timed_out:
            duration_ms = invocation.timeout_s * 1000
            line = timestamped(f"{invocation.request_id} Task timed out after {invocation.timeout_s:.2f} seconds")
            return timed_out(invocation, duration_ms, self._memory_used_mb, line)
        status = await self._gone
        memory = self.spec.memory_mb if self._out_of_memory else self._memory_used_mb
        return exited(invocation, status, duration_ms, memory, out_of_memory=self._out_of_memory)
