"""What every execution environment shares: identity, state, its log, the invoke bookkeeping."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from abc import ABC, abstractmethod
from collections.abc import Callable

from .level_filter import application_level_filter
from .logs import (
    LogLine,
    OutputReader,
    billed_ms,
    end_line,
    init_start_line,
    new_log_stream_name,
    now_ms,
    report_line,
    start_line,
)
from .outcome import MAX_RESPONSE_BYTES, Invocation, Outcome, response_too_large
from .platform_records import json_platform_lines
from .spec import FunctionSpec, InvokeResult

#: on_log(spec, log stream name, lines) -- the pool's listener.
LogListener = Callable[[FunctionSpec, str, list[LogLine]], None]
#: on_exit(worker) -- the pool's bookkeeping, once the process is gone.
ExitListener = Callable[["Worker"], None]
#: AWS's limit for a function's init phase.
INIT_TIMEOUT_S = 10.0


class Worker(ABC):
    """One execution environment: one OS process serving one invocation at a time."""

    def __init__(self, spec: FunctionSpec, on_log: LogListener, on_exit: ExitListener) -> None:
        self.spec = spec
        #: Kept: asyncio.get_running_loop() makes a getpid system call each time.
        self._loop = asyncio.get_running_loop()
        custom_group = spec.log_group_name != f"/aws/lambda/{spec.name}"
        self.log_stream_name = new_log_stream_name(spec.version, spec.name if custom_group else "")
        self.pid = 0
        self.alive = True
        self.busy = False
        self.retired = False
        #: The server killed it (timeout, retire, reset): not a crash of its own.
        self.killed = False
        self.last_used = time.monotonic()
        self.started = time.perf_counter()
        #: Set by the runtime once init is over; reported once, on the first REPORT.
        self.init_duration_ms: float | None = None
        #: A provisioned environment was initialised ahead of its invocations: its REPORT lines show no init.
        self._init_reported = spec.provisioned
        #: Init succeeded: invocations go straight to ``_execute``.
        self._initialized = False
        self._on_log = on_log
        self._on_exit = on_exit
        #: START, END and REPORT as JSON records (LogFormat JSON); None: as text. Chosen once, not per line.
        self._json_lines = json_platform_lines(spec)
        self._output: OutputReader | None = None
        #: Lines of the invocation under way; before the first one, what init printed.
        self._tail: list[LogLine] | None = []
        #: The START line of the invocation under way, until the next batch of its log carries it.
        self._start: LogLine | None = None
        #: The invocation whose END and REPORT are still to be written: request id, outcome, init ms.
        self._closing: tuple[str, Outcome, float | None] | None = None
        self._invoked = False
        #: Where placement.py last put the process: True for every CPU, False for off the server's, None not yet.
        self.placed_alone: bool | None = None

    # -- lifecycle -------------------------------------------------------

    @abstractmethod
    async def start(self) -> None:
        """Start the process; returns once it exists (init may still run)."""

    @abstractmethod
    async def _initialize(self, invocation: Invocation) -> Outcome | None:
        """Wait for init to finish (at once when warm); an Outcome if init failed."""

    @abstractmethod
    async def _execute(self, invocation: Invocation, payload: bytes) -> Outcome: ...

    def kill(self) -> None:
        """SIGKILL the worker's process group (its children too); it takes no more invocations."""
        self.retired = True
        if self.pid and self.alive:
            self.killed = True
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def _exited(self) -> None:
        """The process is gone: called once, by the subclass."""
        if not self.alive:
            return
        self.kill()  # what the worker left running in its process group
        self.alive = False
        self._close_log()
        if self._output is not None:
            self._output.read()
            self._detach_output()
        self._on_exit(self)

    # -- log ---------------------------------------------------------------

    def _attach_output(self, fd: int) -> None:
        """Read the process's output from ``fd``; called as it starts, so INIT_START goes first."""
        self._log_init_start()
        keep = application_level_filter(self.spec)
        self._output = OutputReader(fd, self._log if keep is None else lambda batch: self._log_kept(keep(batch)))
        self._loop.add_reader(fd, self._on_output)

    def _log_init_start(self) -> None:
        """INIT_START (platform.initStart): in the log stream, not in any invocation's tail."""
        spec, stamp = self.spec, now_ms()
        if self._json_lines is None:
            line: str | None = init_start_line(spec.runtime, spec.runtime_version_arn)
        else:
            line = self._json_lines.init_start(spec.runtime, spec.runtime_version_arn, stamp)
        if line is not None:
            self._on_log(spec, self.log_stream_name, [(stamp, line)])

    def _on_output(self) -> None:
        if self._output is not None and not self._output.read():
            self._detach_output()

    def _detach_output(self) -> None:
        if self._output is None:
            return
        self._loop.remove_reader(self._output.fd)
        self._output.close()
        self._output = None

    def _log_kept(self, batch: list[LogLine]) -> None:
        if batch:
            self._log(batch)

    def _log(self, batch: list[LogLine]) -> None:
        if self._start is not None:
            # START goes out with whatever comes first: the handler's output, or END and REPORT.
            batch.insert(0, self._start)
            self._start = None
        elif not batch:  # START left out (SystemLogLevel WARN) and nothing else to write
            return
        if self._tail is not None:
            self._tail.extend(batch)
        self._on_log(self.spec, self.log_stream_name, batch)

    # -- invoke ------------------------------------------------------------

    async def invoke(self, invocation: Invocation, payload: bytes, *, tail: bool = False) -> InvokeResult:
        """Run one invocation. ``tail``: the result carries its log lines, START to REPORT.

        Without ``tail``, END and REPORT are written once the caller has its
        result (on the loop's next turn, or when this worker is next used).
        """
        self.busy = True
        request_id = invocation.request_id
        self._close_log()  # the previous invocation's END and REPORT, if still due
        if self._tail is None:
            self._tail = []
        try:
            # Once init succeeded, ``_initialize`` has nothing left to do: skipped on the warm path.
            outcome = None if self._initialized else await self._initialize(invocation)
            if not self._invoked:
                if self._output is not None:
                    self._output.read()  # init's output goes before START
                self._invoked = True
            # A failed init is retried in the invoke phase on AWS: its lines show in the tail.
            init_lines, self._tail = self._tail, []
            if self._json_lines is None:
                self._start = (now_ms(), start_line(request_id, self.spec.version))
            else:
                stamp = now_ms()
                start = self._json_lines.start(request_id, self.spec.version, stamp)
                self._start = None if start is None else (stamp, start)
            if outcome is None:
                self._initialized = True
                outcome = await self._execute(invocation, payload)
                if len(outcome.payload) > MAX_RESPONSE_BYTES and not outcome.failed:
                    outcome = response_too_large(outcome)
            else:
                self._log([])  # START, then the failed init's lines
                self._tail += init_lines
            if outcome.output_pending and self._output is not None:
                self._output.read()  # what the handler wrote before answering
            init_ms = None
            if not self._init_reported and self.init_duration_ms is not None:
                init_ms = self.init_duration_ms
                self._init_reported = True
            self._closing = (request_id, outcome, init_ms)
            if tail:
                self._close_log()
                lines = self._tail
            else:
                self._loop.call_soon(self._close_log)
                lines = []
        finally:
            if self._start is not None and self._closing is None:  # cancelled before anything was logged
                self._log([])
            self._tail = None
            self.busy = False
            self.last_used = time.monotonic()
        return InvokeResult(
            payload=outcome.payload,
            function_error="Unhandled" if outcome.failed else None,
            log_lines=lines,
            duration_ms=outcome.duration_ms,
            billed_duration_ms=billed_ms(outcome.duration_ms),
            max_memory_used_mb=outcome.max_memory_used_mb,
            init_duration_ms=init_ms,
            log_stream_name=self.log_stream_name,
        )

    def _close_log(self) -> None:
        """END and REPORT of the invocation that ended last (START too, if nothing carried it yet)."""
        closing = self._closing
        if closing is None:
            return
        self._closing = None
        request_id, outcome, init_ms = closing
        stamp = now_ms()
        lines = [(stamp, line) for line in outcome.log_lines] if outcome.log_lines else []
        if self._json_lines is not None:
            lines += [(stamp, line) for line in self._json_lines.closing(request_id, outcome, init_ms, stamp)]
            self._log(lines)
            return
        lines.append((stamp, end_line(request_id)))
        lines.append(
            (
                stamp,
                report_line(
                    request_id,
                    outcome.duration_ms,
                    self.spec.memory_mb,
                    outcome.max_memory_used_mb,
                    init_ms,
                    outcome.status,
                    outcome.error_type,
                ),
            )
        )
        self._log(lines)
