"""An execution environment driven through the Runtime API, for runtimes other than forked Python.

``provided.al2`` / ``provided.al2023`` run the function's ``bootstrap``
executable; ``nodejs*`` run the machine's ``node`` with the bootstrap that
ships next to this module; a Python function with an ``AWS_LAMBDA_EXEC_WRAPPER``
runs this interpreter with ``python_bootstrap.py``, through the wrapper.
Each worker gets its own Runtime API port.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import orjson

from .environment import build_environment, paths_as_on_aws
from .logs import timestamped
from .outcome import Invocation, Outcome, exited, platform_error, timed_out
from .placement import defer_wakeups, unpin_child
from .response_stream import ResponseStream, current_response_stream
from .runtime_api import NextInvocation, RuntimeApiServer
from .spec import FunctionSpec
from .worker import INIT_TIMEOUT_S, ExitListener, LogListener, Worker

NODE_BOOTSTRAP = Path(__file__).with_name("node_bootstrap.js")
PYTHON_BOOTSTRAP = Path(__file__).with_name("python_bootstrap.py")
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
#: How often a busy worker's resident set is compared with its memory size.
_MEMORY_SAMPLE_S = 0.05


class WorkerGone(Exception):
    pass


def bootstrap_command(spec: FunctionSpec) -> list[str]:
    """The runtime's command line; ``FileNotFoundError`` with AWS's wording if there is none."""
    if spec.runtime.startswith("nodejs"):
        node = shutil.which("node") or shutil.which("nodejs")
        if node is None:
            raise FileNotFoundError("Couldn't find valid bootstrap(s): [node]")
        return _wrapped(spec, [node, str(NODE_BOOTSTRAP)])
    if spec.is_python:  # only a function with an exec wrapper (see FunctionSpec.forked)
        settings = {"shown_paths": paths_as_on_aws(spec), "host_packages": spec.host_packages, "runtime": spec.runtime}
        return _wrapped(spec, [sys.executable, str(PYTHON_BOOTSTRAP), json.dumps(settings)])
    candidates = [spec.code_dir / "bootstrap", *(layer / "bootstrap" for layer in spec.layer_dirs)]
    for candidate in candidates:
        if candidate.is_file():
            return [str(candidate)]
    shown = " ".join(["/var/task/bootstrap", "/opt/bootstrap"])
    raise FileNotFoundError(f"Couldn't find valid bootstrap(s): [{shown}]")


def _wrapped(spec: FunctionSpec, command: list[str]) -> list[str]:
    """``command`` run through the function's AWS_LAMBDA_EXEC_WRAPPER script, if it names one.

    As AWS's runtime bootstrap does, a shell execs the wrapper with the runtime's command as its arguments,
    so a wrapper that is missing ends the runtime with exit status 127 (LocalStack's AWS-validated
    test_lambda.snapshot.json::test_lambda_runtime_wrapper_not_found).
    """
    wrapper = spec.environment.get("AWS_LAMBDA_EXEC_WRAPPER")
    if not wrapper:
        return command
    return ["/bin/sh", "-c", 'exec "$0" "$@"', _local_path(spec, wrapper), *command]


def _local_path(spec: FunctionSpec, path: str) -> str:
    """A path the function names as on AWS (/var/task, /opt) where the emulator keeps it."""
    found = path
    for local, shown in paths_as_on_aws(spec):
        if path.startswith(shown) and os.path.exists(candidate := local + path[len(shown) :]):
            found = candidate  # a later layer's file overwrites an earlier one's in /opt
    return found


class RuntimeApiWorker(Worker):
    def __init__(self, spec: FunctionSpec, on_log: LogListener, on_exit: ExitListener) -> None:
        super().__init__(spec, on_log, on_exit)
        loop = asyncio.get_running_loop()
        self._api = RuntimeApiServer(self)
        self._process: asyncio.subprocess.Process | None = None
        self._entrypoint_error: str | None = None
        #: Resolves when the runtime first asks for work (init done), or with an init error body.
        self._polling: asyncio.Future[bytes | None] = loop.create_future()
        self._gone: asyncio.Future[int | None] = loop.create_future()
        self._queued: NextInvocation | None = None
        self._waiting: asyncio.Future[NextInvocation] | None = None
        self._current_id: str | None = None
        self._response: asyncio.Future[tuple[bytes, bool, str | None]] | None = None
        #: Where the current invocation's streamed answer goes, if its caller takes it as it comes.
        self._stream: ResponseStream | None = None
        #: The streamed answer kept for a caller that takes it whole; None while nothing streams.
        self._streamed: list[bytes] | None = None
        self._timed_out = False
        self._out_of_memory = False
        self._memory_used_mb = 0
        self._exit_watch: asyncio.Task[None] | None = None

    async def start(self) -> None:
        address = await self._api.start()
        try:
            command = bootstrap_command(self.spec)
        except FileNotFoundError as error:
            self._entrypoint_error = str(error)
            return
        output_read, output_write = os.pipe()
        try:
            self._process = await asyncio.create_subprocess_exec(
                *command,
                env=build_environment(self.spec, self.log_stream_name, address),
                cwd=self.spec.code_dir,
                stdin=subprocess.DEVNULL,
                stdout=output_write,
                stderr=output_write,
                start_new_session=True,
                preexec_fn=unpin_child(),
            )
        except OSError as error:
            os.close(output_read)
            reason = (error.strerror or str(error)).lower()
            self._entrypoint_error = f"fork/exec {_as_on_aws(self.spec, command[0])}: {reason}"
            return
        finally:
            os.close(output_write)
        self.pid = self._process.pid
        defer_wakeups(self.pid)
        self._attach_output(output_read)
        self._exit_watch = asyncio.get_running_loop().create_task(self._wait_for_exit(self._process))

    async def _wait_for_exit(self, process: asyncio.subprocess.Process) -> None:
        code = await process.wait()
        self._api.close()
        for future in (self._polling, self._response, self._waiting):
            if future is not None and not future.done():
                future.set_exception(WorkerGone())
                future.exception()  # no one may be waiting (killed before its first invocation)
        self._gone.set_result(-code if code < 0 else code << 8)  # as a wait status
        self._exited()

    # -- the Runtime API's side ------------------------------------------

    async def next_invocation(self) -> NextInvocation:
        if not self._polling.done():
            self.init_duration_ms = (time.perf_counter() - self.started) * 1000
            self._memory_used_mb = self._peak_memory_mb()  # what a REPORT shows if the first invocation ends the process
            self._polling.set_result(None)
        if self._queued is not None:
            queued, self._queued = self._queued, None
            return queued
        self._waiting = asyncio.get_running_loop().create_future()
        return await self._waiting

    def respond(self, request_id: str, body: bytes, failed: bool, error_type: str | None) -> bool:
        if request_id != self._current_id or self._response is None or self._response.done():
            return False
        self._current_id = None
        self._response.set_result((body, failed, error_type))
        return True

    def runtime_exiting(self) -> None:
        self.retired = True  # the pool stops it rather than handing it the next invocation

    def stream_started(self, request_id: str, content_type: str) -> bool:
        if request_id != self._current_id or self._response is None or self._response.done() or self._streamed is not None:
            return False
        self._streamed = []
        if self._stream is not None:
            self._stream.begin(content_type)
        return True

    def stream_chunk(self, chunk: bytes) -> None:
        if self._stream is not None:
            self._stream.write(chunk)
        elif self._streamed is not None:
            self._streamed.append(chunk)

    def init_error(self, body: bytes, error_type: str | None) -> None:
        self.init_duration_ms = (time.perf_counter() - self.started) * 1000
        self._memory_used_mb = self._peak_memory_mb()
        if not self._polling.done():
            self._polling.set_result(_error_document(body, error_type))
        self.kill()

    # -- invoke ------------------------------------------------------------

    async def _initialize(self, invocation: Invocation) -> Outcome | None:
        if self._entrypoint_error is not None:
            payload = platform_error(invocation.request_id, "Runtime.InvalidEntrypoint", self._entrypoint_error)
            self._api.close()
            self._exited()
            return Outcome(payload, True, 0.0, 0, "error", "Runtime.InvalidEntrypoint")
        started = time.perf_counter()
        timer = asyncio.get_running_loop().call_later(max(INIT_TIMEOUT_S, invocation.timeout_s), self._time_out)
        try:
            init_error = await self._polling
        except WorkerGone:
            return await self._failure(invocation, started)
        finally:
            timer.cancel()
        if init_error is None:
            return None
        error_type = orjson.loads(init_error).get("errorType") or "Runtime.Unknown"
        return Outcome(init_error, True, self.init_duration_ms or 0.0, self._memory_used_mb, "error", error_type)

    async def _execute(self, invocation: Invocation, payload: bytes) -> Outcome:
        loop = asyncio.get_running_loop()
        started = time.perf_counter()
        if self._gone.done():
            return await self._failure(invocation, started)
        self._current_id = invocation.request_id
        self._response = loop.create_future()
        self._stream = current_response_stream.get()
        next_invocation = NextInvocation(
            invocation.request_id,
            payload,
            int(time.time() * 1000 + invocation.timeout_s * 1000),
            invocation.invoked_arn,
            invocation.trace_id,
            invocation.client_context,
            orjson.dumps(invocation.cognito_identity).decode() if invocation.cognito_identity else None,
            invocation.tenant_id,
        )
        if self._waiting is not None and not self._waiting.done():
            self._waiting.set_result(next_invocation)
        else:
            self._queued = next_invocation
        timer = loop.call_later(invocation.timeout_s, self._time_out)
        watcher = loop.create_task(self._watch_memory())
        try:
            body, failed, error_type = await self._response
        except WorkerGone:
            return await self._failure(invocation, started)
        finally:
            timer.cancel()
            watcher.cancel()
            self._response = None
            self._current_id = None
            self._stream = None
            streamed, self._streamed = self._streamed, None
        duration_ms = (time.perf_counter() - started) * 1000
        self._memory_used_mb = self._peak_memory_mb()
        if failed:
            return Outcome(_error_document(body, error_type), True, duration_ms, self._memory_used_mb)
        if streamed is not None:
            body = b"".join(streamed)  # empty when it went to the caller as it came
        return Outcome(body, False, duration_ms, self._memory_used_mb)

    def _time_out(self) -> None:
        self._timed_out = True
        self._memory_used_mb = self._peak_memory_mb()  # the timeout's REPORT line shows it; the process is gone after
        self.kill()

    async def _watch_memory(self) -> None:
        limit_pages = self.spec.memory_mb * 1024 * 1024 // _PAGE_SIZE
        try:
            statm = os.open(f"/proc/{self.pid}/statm", os.O_RDONLY)
        except OSError:
            return
        try:
            while True:
                await asyncio.sleep(_MEMORY_SAMPLE_S)
                if int(os.pread(statm, 64, 0).split()[1]) > limit_pages:
                    self._out_of_memory = True
                    self.kill()
                    return
        except (OSError, IndexError):
            return
        finally:
            os.close(statm)

    def _peak_memory_mb(self) -> int:
        try:
            with open(f"/proc/{self.pid}/status", "rb") as status:
                for line in status:
                    if line.startswith(b"VmHWM:"):
                        return int(line.split()[1]) // 1024
        except OSError:
            pass
        return self._memory_used_mb

    async def _failure(self, invocation: Invocation, started: float) -> Outcome:
        duration_ms = (time.perf_counter() - started) * 1000
        if self._timed_out:
            line = timestamped(f"{invocation.request_id} Task timed out after {invocation.timeout_s:.2f} seconds")
            return timed_out(invocation, invocation.timeout_s * 1000, self._memory_used_mb, line)
        status = await self._gone
        memory = self.spec.memory_mb if self._out_of_memory else self._memory_used_mb
        return exited(invocation, status, duration_ms, memory, out_of_memory=self._out_of_memory)


def _as_on_aws(spec: FunctionSpec, path: str) -> str:
    """A path as the function would see it on AWS (code in /var/task, layers in /opt)."""
    for local, shown in paths_as_on_aws(spec):
        if path.startswith(local):
            return shown + path[len(local) :]
    return path


def _error_document(body: bytes, error_type: str | None) -> bytes:
    """The runtime's error body as the invoker gets it: its JSON document, else one made from the text."""
    try:
        if isinstance(orjson.loads(body), dict):
            return body
    except orjson.JSONDecodeError:
        pass
    return orjson.dumps({"errorMessage": body.decode("utf-8", "replace"), "errorType": error_type or "Runtime.Unknown"})
