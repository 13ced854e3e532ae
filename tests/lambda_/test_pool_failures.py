"""Each way an execution can fail, answered as AWS answers it, and the pool unharmed afterwards."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from pathlib import Path

import orjson
import pytest
from test_pool_support import PoolRunner, make_spec, result_of, write_code

from emulator.lambda_runtime.workers.forked_worker import ForkedWorker
from emulator.lambda_runtime.workers.outcome import Invocation

FAILING = """
import os
import signal
import sys
import time

def handler(event, context):
    mode = event.get("mode")
    if mode == "raise":
        raise KeyError("missing-key")
    if mode == "exit":
        sys.exit(3)
    if mode == "os_exit":
        os._exit(7)
    if mode == "segfault":
        import ctypes
        ctypes.string_at(0)
    if mode == "sleep":
        time.sleep(event["seconds"])
    if mode == "memory":
        hog = bytearray(400 * 1024 * 1024)
        for index in range(0, len(hog), 4096):
            hog[index] = 1
    if mode == "huge":
        return "x" * (6 * 1024 * 1024 + 100)
    if mode == "unserializable":
        return {"values": {1, 2}}
    return {"ok": True, "pid": os.getpid()}
"""


@pytest.fixture
def code(tmp_path: Path) -> Path:
    return write_code(tmp_path / "code", {"app.py": FAILING})


def test_handler_exception_is_an_unhandled_error_document(runner: PoolRunner, code: Path) -> None:
    spec = make_spec(code, "app.handler")
    result = runner.invoke(spec, {"mode": "raise"}, request_id="req-raise")
    assert result.function_error == "Unhandled"
    document = result_of(result)
    assert list(document) == ["errorMessage", "errorType", "requestId", "stackTrace"]
    assert document["errorMessage"] == "'missing-key'"
    assert document["errorType"] == "KeyError"
    assert document["requestId"] == "req-raise"
    assert len(document["stackTrace"]) == 1
    assert document["stackTrace"][0].startswith('  File "/var/task/app.py", line ')  # the code's path on AWS
    assert 'raise KeyError("missing-key")' in document["stackTrace"][0]
    # One event, its lines joined by newlines, as AWS's runtime frames it (awslambdaric FramedTelemetryLogSink.log_error).
    error_events = [line for _, line in result.log_lines if line.startswith("[ERROR]")]
    assert error_events[0].startswith("[ERROR] KeyError: 'missing-key'\nTraceback (most recent call last):\n")
    # The worker survives a handler exception: same process, still warm.
    after = runner.invoke(spec, {})
    assert after.init_duration_ms is None and after.log_stream_name == result.log_stream_name


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("exit", "Runtime exited with error: exit status 3"),
        ("os_exit", "Runtime exited with error: exit status 7"),
        ("segfault", "Runtime exited with error: signal: segmentation fault"),
    ],
)
def test_worker_exiting_mid_invoke_is_a_runtime_exit_error(runner: PoolRunner, code: Path, mode: str, reason: str) -> None:
    spec = make_spec(code, "app.handler")
    result = runner.invoke(spec, {"mode": mode}, request_id="req-exit")
    assert result.function_error == "Unhandled"
    assert result_of(result) == {"errorMessage": f"RequestId: req-exit Error: {reason}", "errorType": "Runtime.ExitError"}
    assert "Status: error\tError Type: Runtime.ExitError" in result.log_tail.splitlines()[-1]
    after = runner.invoke(spec, {})
    assert result_of(after)["ok"] is True
    assert after.init_duration_ms is not None  # a new execution environment


def test_timeout_kills_the_worker(runner: PoolRunner, code: Path) -> None:
    spec = make_spec(code, "app.handler", timeout_s=0.5)
    result = runner.invoke(spec, {"mode": "sleep", "seconds": 30}, request_id="req-slow")
    assert result.function_error == "Unhandled"
    # errorType first, as AWS writes it
    assert result.payload == b'{"errorType":"Sandbox.Timedout","errorMessage":"RequestId: req-slow Error: Task timed out after 0.50 seconds"}'
    lines = result.log_tail.splitlines()
    assert lines[-3].endswith("Z req-slow Task timed out after 0.50 seconds")
    assert lines[-1].endswith("Status: timeout")
    assert result.duration_ms == 500.0
    after = runner.invoke(spec, {})
    assert result_of(after)["ok"] is True and after.init_duration_ms is not None


def test_caller_deadline_shortens_the_timeout(runner: PoolRunner, code: Path) -> None:
    spec = make_spec(code, "app.handler", timeout_s=30)
    result = runner.invoke(spec, {"mode": "sleep", "seconds": 30}, deadline_s=0.3)
    assert result_of(result)["errorType"] == "Sandbox.Timedout"


def test_a_warm_worker_times_out_from_its_own_invocations_start(runner: PoolRunner, code: Path) -> None:
    # One timer serves a worker's invocations: the one armed for the first fires during the
    # second, which must run its own full timeout.
    spec = make_spec(code, "app.handler", timeout_s=1.0)
    assert result_of(runner.invoke(spec, {}))["ok"] is True
    time.sleep(0.6)
    started = time.monotonic()
    result = runner.invoke(spec, {"mode": "sleep", "seconds": 30})
    elapsed = time.monotonic() - started
    assert result_of(result)["errorType"] == "Sandbox.Timedout"
    assert result.init_duration_ms is None  # the same, warm worker
    assert 0.95 <= elapsed < 5


def test_a_shorter_deadline_than_the_last_invocations_times_out_on_time(runner: PoolRunner, code: Path) -> None:
    spec = make_spec(code, "app.handler", timeout_s=30)
    assert result_of(runner.invoke(spec, {}))["ok"] is True  # its deadline 30 s away
    started = time.monotonic()
    result = runner.invoke(spec, {"mode": "sleep", "seconds": 30}, deadline_s=0.3)
    assert result_of(result)["errorType"] == "Sandbox.Timedout"
    assert time.monotonic() - started < 5


def test_memory_over_the_function_size_kills_the_worker(runner: PoolRunner, code: Path) -> None:
    spec = make_spec(code, "app.handler", memory_mb=128)
    result = runner.invoke(spec, {"mode": "memory"}, request_id="req-hog")
    assert result.function_error == "Unhandled"
    assert result_of(result) == {
        "errorMessage": "RequestId: req-hog Error: Runtime exited with error: signal: killed",
        "errorType": "Runtime.ExitError",
    }
    assert result.max_memory_used_mb == 128
    assert result.log_tail.splitlines()[-1].endswith("Status: error\tError Type: Runtime.OutOfMemory")
    assert result_of(runner.invoke(spec, {}))["ok"] is True


def test_unserializable_result_is_a_marshal_error(runner: PoolRunner, code: Path) -> None:
    result = runner.invoke(make_spec(code, "app.handler"), {"mode": "unserializable"}, request_id="req-m")
    assert result.function_error == "Unhandled"
    assert result_of(result) == {
        "errorMessage": "Unable to marshal response: Object of type set is not JSON serializable",
        "errorType": "Runtime.MarshalError",
        "requestId": "req-m",
        "stackTrace": [],
    }


def test_response_over_six_megabytes(runner: PoolRunner, code: Path) -> None:
    result = runner.invoke(make_spec(code, "app.handler"), {"mode": "huge"})
    assert result.function_error == "Unhandled"
    assert result_of(result) == {
        "errorMessage": "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
        "errorType": "Function.ResponseSizeTooLarge",
    }


def test_import_error_then_fixed_code_works(runner: PoolRunner, tmp_path: Path) -> None:
    code = write_code(tmp_path / "code", {"other.py": "X = 1\n"})
    spec = make_spec(code, "app.handler")
    result = runner.invoke(spec, {})
    assert result.function_error == "Unhandled"
    assert result_of(result) == {
        "errorMessage": "Unable to import module 'app': No module named 'app'",
        "errorType": "Runtime.ImportModuleError",
        "requestId": "",
        "stackTrace": [],
    }
    assert "[ERROR] Runtime.ImportModuleError: Unable to import module 'app': No module named 'app'" in result.log_tail
    write_code(code, {"app.py": FAILING})
    assert result_of(runner.invoke(spec, {}))["ok"] is True


def test_init_error_reported_when_the_worker_exited_before_its_first_invocation(runner: PoolRunner, tmp_path: Path) -> None:
    """The init error must not be taken for an exit, however early the worker failed."""
    code = write_code(tmp_path / "code", {"app.py": "import not_a_module\n"})
    spec = make_spec(code, "app.handler")

    async def invoke_after_exit() -> dict:
        worker = ForkedWorker(spec, lambda *_: None, lambda _: None, runner.pool._zygote)
        await worker.start()
        while worker.alive:  # until the channel closed and the zygote reported the exit
            await asyncio.sleep(0.01)
        result = await worker.invoke(Invocation("req-early", spec.arn, 3.0), b"{}")
        return orjson.loads(result.payload)

    document = runner.run(invoke_after_exit())
    assert document["errorType"] == "Runtime.ImportModuleError"
    assert document["errorMessage"] == "Unable to import module 'app': No module named 'not_a_module'"


def test_exception_during_init_is_reported_with_its_type(runner: PoolRunner, tmp_path: Path) -> None:
    code = write_code(tmp_path / "code", {"app.py": "raise RuntimeError('bad config')\n"})
    document = result_of(runner.invoke(make_spec(code, "app.handler"), {}))
    assert document["errorType"] == "RuntimeError"
    assert document["errorMessage"] == "bad config"
    assert any("raise RuntimeError('bad config')" in frame for frame in document["stackTrace"])


def test_missing_handler_function(runner: PoolRunner, code: Path) -> None:
    result = runner.invoke(make_spec(code, "app.nothing"), {})
    assert result_of(result) == {
        "errorMessage": "Handler 'nothing' missing on module 'app'",
        "errorType": "Runtime.HandlerNotFound",
        "requestId": "",
        "stackTrace": [],
    }


def test_syntax_error_in_handler_module(runner: PoolRunner, tmp_path: Path) -> None:
    code = write_code(tmp_path / "code", {"app.py": "def handler(:\n"})
    document = result_of(runner.invoke(make_spec(code, "app.handler"), {}))
    assert document["errorType"] == "Runtime.UserCodeSyntaxError"
    assert document["errorMessage"].startswith("Syntax error in module 'app': ")


def test_failures_leave_other_functions_workers_alone(runner: PoolRunner, tmp_path: Path) -> None:
    bystander_code = write_code(tmp_path / "bystander", {"app.py": FAILING})
    victim_code = write_code(tmp_path / "victim", {"app.py": FAILING})
    bystander = make_spec(bystander_code, "app.handler", name="bystander")
    victim = make_spec(victim_code, "app.handler", name="victim", timeout_s=0.3)
    pid = result_of(runner.invoke(bystander, {}))["pid"]
    for event in ({"mode": "segfault"}, {"mode": "os_exit"}, {"mode": "sleep", "seconds": 5}, {"mode": "memory"}):
        assert runner.invoke(victim, event).function_error == "Unhandled"
    after = runner.invoke(bystander, {})
    assert result_of(after)["pid"] == pid
    assert after.init_duration_ms is None
    os.kill(pid, 0)  # still running


def zygote_pids() -> list[int]:
    """This test process's zygote children, found through /proc."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            command = Path(f"/proc/{entry}/cmdline").read_bytes()
            parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == os.getpid() and b"zygote.py" in command:
            pids.append(int(entry))
    return pids


def test_a_dead_zygote_is_started_again(tmp_path: Path) -> None:
    others = set(zygote_pids())
    runner = PoolRunner(max_workers=4)
    try:
        code = write_code(tmp_path / "code", {"app.py": FAILING})
        warm = make_spec(code, "app.handler", name="warm")
        warm_pid = result_of(runner.invoke(warm, {}))["pid"]
        before = set(zygote_pids()) - others
        assert len(before) == 1
        for pid in before:
            os.kill(pid, signal.SIGKILL)
        cold = runner.invoke(make_spec(code, "app.handler", name="cold"), {})
        assert result_of(cold)["ok"] is True
        assert set(zygote_pids()).isdisjoint(before)
        assert result_of(runner.invoke(warm, {}))["pid"] == warm_pid  # warm workers outlive their zygote
    finally:
        runner.close()
