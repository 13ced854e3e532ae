"""How the pool grows, waits, evicts, retires and stops workers; and what a cold and a warm start cost."""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
import pytest
from test_pool_support import PoolRunner, make_spec, reset, result_of, shared_runner, write_code

from emulator.lambda_runtime.workers import WorkerPool

SLEEPY = """
import asyncio
import contextlib
import os
import time

def handler(event, context):
    time.sleep(event.get("seconds", 0))
    return {"pid": os.getpid()}

def fast(event, context):
    return None
"""


@pytest.fixture
def code(tmp_path: Path) -> Path:
    return write_code(tmp_path / "code", {"app.py": SLEEPY})


@pytest.fixture
def runner_factory() -> Iterator[Callable[..., PoolRunner]]:
    """The test process's pool, sized for the test; emptied and resized afterwards."""
    runner = shared_runner()
    default = runner.pool.max_workers

    def configure(*, max_workers: int) -> PoolRunner:
        runner.call(setattr, runner.pool, "max_workers", max_workers)
        return runner

    yield configure
    reset(runner)
    runner.call(setattr, runner.pool, "max_workers", default)


def wait_until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.02)


def test_concurrent_invocations_grow_the_pool_and_all_complete(runner_factory: Callable[..., PoolRunner], code: Path) -> None:
    runner = runner_factory(max_workers=64)
    spec = make_spec(code, "app.handler")
    started = time.perf_counter()
    results = runner.invoke_many(spec, [{"seconds": 0.05}] * 64)
    elapsed = time.perf_counter() - started
    assert all(result.function_error is None for result in results)
    pids = {result_of(result)["pid"] for result in results}
    assert len(pids) > 8  # the pool grew instead of queueing everything on one worker
    assert len(pids) <= 64
    # Once warm, a second wave reuses the workers.
    warm = runner.invoke_many(spec, [{"seconds": 0.05}] * 64)
    assert {result_of(result)["pid"] for result in warm} <= pids
    durations = sorted(result.duration_ms for result in warm)
    print(f"\n64 concurrent x 50 ms: cold wave {elapsed * 1000:.0f} ms, {len(pids)} workers; warm p99 handler duration {durations[-1]:.1f} ms")


def test_beyond_max_workers_invocations_wait_instead_of_failing(runner_factory: Callable[..., PoolRunner], code: Path) -> None:
    runner = runner_factory(max_workers=2)
    results = runner.invoke_many(make_spec(code, "app.handler"), [{"seconds": 0.1}] * 6)
    assert all(result.function_error is None for result in results)
    assert len({result_of(result)["pid"] for result in results}) <= 2
    assert runner.call(lambda: runner.pool.size) <= 2


def test_full_pool_stops_an_idle_worker_of_another_function(runner_factory: Callable[..., PoolRunner], code: Path) -> None:
    runner = runner_factory(max_workers=1)
    first = make_spec(code, "app.handler", name="first")
    second = make_spec(code, "app.handler", name="second")
    runner.invoke(first, {})
    assert result_of(runner.invoke(second, {}))["pid"]
    assert runner.call(lambda: len(runner.pool.workers_of(first.key))) == 0


def test_most_recently_used_worker_serves_next(runner_factory: Callable[..., PoolRunner], code: Path) -> None:
    runner = runner_factory(max_workers=4)
    spec = make_spec(code, "app.handler")
    results = runner.invoke_many(spec, [{"seconds": 0.2}, {"seconds": 0.05}])
    # The 0.05 s worker went idle first; the 0.2 s one is the most recently used now.
    latest = max(results, key=lambda result: result.duration_ms)
    assert result_of(runner.invoke(spec, {}))["pid"] == result_of(latest)["pid"]


def test_idle_workers_stop_after_idle_time(code: Path) -> None:
    runner = PoolRunner(max_workers=4, idle_s=0.2)
    try:
        spec = make_spec(code, "app.handler")
        runner.invoke(spec, {})
        wait_until(lambda: runner.call(lambda: runner.pool.size) == 0)
        assert runner.call(lambda: runner.pool.size) == 0
        assert runner.invoke(spec, {}).init_duration_ms is not None
    finally:
        runner.close()


def test_retire_lets_in_flight_invocations_finish_then_stops_the_workers(runner_factory: Callable[..., PoolRunner], code: Path) -> None:
    runner = runner_factory(max_workers=4)
    spec = make_spec(code, "app.handler", key="fn:$LATEST:rev1")
    idle_pid = result_of(runner.invoke(spec, {}))["pid"]
    in_flight: list = []
    thread = threading.Thread(target=lambda: in_flight.append(runner.invoke(spec, {"seconds": 0.5})))
    thread.start()
    time.sleep(0.2)
    runner.call(runner.pool.retire, "fn:$LATEST")
    thread.join()
    assert in_flight[0].function_error is None  # finished on the old worker
    assert result_of(in_flight[0])["pid"] == idle_pid
    wait_until(lambda: not runner.call(runner.pool.workers_of, spec.key))
    assert runner.call(lambda: runner.pool.workers_of(spec.key)) == []
    after = runner.invoke(spec, {})
    assert result_of(after)["pid"] != idle_pid and after.init_duration_ms is not None


def test_reset_kills_every_worker(runner_factory: Callable[..., PoolRunner], code: Path) -> None:
    runner = runner_factory(max_workers=4)
    spec = make_spec(code, "app.handler")
    pid = result_of(runner.invoke(spec, {}))["pid"]
    runner.call(runner.pool.reset)
    wait_until(lambda: runner.call(lambda: runner.pool.size) == 0)
    assert runner.call(lambda: runner.pool.size) == 0
    assert result_of(runner.invoke(spec, {}))["pid"] != pid


def test_stop_kills_workers_and_the_zygote(code: Path) -> None:
    runner = PoolRunner(max_workers=2)
    pid = result_of(runner.invoke(make_spec(code, "app.handler"), {}))["pid"]
    runner.close()
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_measure_cold_and_warm_start(runner_factory: Callable[..., PoolRunner], code: Path) -> None:
    """Figures for the report (printed, not asserted: this machine's load varies)."""
    runner = runner_factory(max_workers=8)
    cold = []
    for _ in range(10):
        spec = make_spec(code, "app.fast")
        started = time.perf_counter()
        result = runner.invoke(spec, {})
        cold.append((time.perf_counter() - started) * 1000)
        assert result.function_error is None
    spec = make_spec(code, "app.fast")
    runner.invoke(spec, {})

    async def warm_loop(count: int) -> float:
        started = time.perf_counter()
        for _ in range(count):
            await runner.pool.invoke(spec, b"{}", request_id="r")
        return (time.perf_counter() - started) * 1000 / count

    per_invoke = runner.run(warm_loop(1000))
    print(
        f"\ncold start (new environment, invoke to result): min {min(cold):.2f} ms, median {statistics.median(cold):.2f} ms;"
        f" warm invoke through the pool (pipe round trip + log lines): {per_invoke * 1000:.0f} us"
    )


def test_a_cancelled_invocation_does_not_leave_its_worker_to_the_next(runner_factory: Callable[..., PoolRunner], code: Path) -> None:
    runner = runner_factory(max_workers=4)
    spec = make_spec(code, "app.handler")

    async def cancel_mid_invocation() -> None:
        task = asyncio.ensure_future(runner.pool.invoke(spec, b'{"seconds": 1}', request_id="cancelled"))
        await asyncio.sleep(0.3)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    runner.run(cancel_mid_invocation())
    started = time.perf_counter()
    result = runner.invoke(spec, {"seconds": 0})
    assert result.function_error is None
    assert time.perf_counter() - started < 0.6  # not queued behind the abandoned one


def test_first_invocation_after_start_does_not_wait_for_boto3(tmp_path: Path) -> None:
    """A bare zygote serves while the full one imports boto3; workers forked later have boto3 preloaded."""
    code = write_code(tmp_path / "code", {"app.py": "import sys\n\ndef handler(event, context):\n    return 'boto3' in sys.modules\n"})
    spec = make_spec(code, "app.handler")

    async def scenario() -> tuple[bool, bool]:
        pool = WorkerPool(max_workers=2, idle_s=300, on_log=lambda *_: None)
        await pool.start()
        try:
            first = await pool.invoke(spec, b"{}", request_id="first")
            await pool.ready()
            pool.reset()
            while pool.size:
                await asyncio.sleep(0.01)
            later = await pool.invoke(spec, b"{}", request_id="later")
            return orjson.loads(first.payload), orjson.loads(later.payload)
        finally:
            await pool.stop()

    assert asyncio.run(scenario()) == (False, True)
