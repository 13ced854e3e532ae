"""Short invocations of a busy function wait for a warm worker; parallel work still gets a worker each.

Real pools with a small busy limit (two running invocations), so the tests do
not depend on the machine's CPUs; the hand-off's own rules on fake workers.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import orjson
import pytest
from test_pool_support import PoolRunner, make_spec, write_code

from emulator.lambda_runtime.workers.warm_handoff import WarmHandOff

HANDLER = """
import time

def handler(event, context):
    time.sleep(event.get("seconds", 0))
    return {"id": event["id"], "request": context.aws_request_id}
"""


@pytest.fixture(scope="module")
def patient_runner() -> Any:
    """Waits up to a second for a warm worker: only a hand-off, never patience, serves the waiters.
    Invocations under 50 ms count as short: on a loaded machine a handler that returns at once
    can take over the 1 ms the emulator goes by, and the pool would rightly not wait."""
    runner = PoolRunner(max_workers=16, busy_limit=2, patience_s=1.0, short_ms=50.0)
    yield runner
    runner.close()


@pytest.fixture(scope="module")
def runner() -> Any:
    runner = PoolRunner(max_workers=16, busy_limit=2)
    yield runner
    runner.close()


def test_short_invocations_share_the_busy_workers(patient_runner: PoolRunner, tmp_path: Path) -> None:
    spec = make_spec(write_code(tmp_path, {"app.py": HANDLER}), "app.handler")
    for number in range(3):  # the function's invocations are known to be short
        patient_runner.invoke(spec, {"id": number})

    results = patient_runner.invoke_many(spec, [{"id": number} for number in range(24)])

    assert [orjson.loads(result.payload)["id"] for result in results] == list(range(24))
    requests = {orjson.loads(result.payload)["request"] for result in results}
    assert len(requests) == 24  # each its own invocation, handed over or not
    assert len({result.log_stream_name for result in results}) <= 2  # the busy limit's workers, no more


def test_invocations_that_become_long_still_run_in_parallel(runner: PoolRunner, tmp_path: Path) -> None:
    spec = make_spec(write_code(tmp_path, {"app.py": HANDLER}), "app.handler")
    for number in range(3):  # short so far: the next ones wait a moment for the two that run
        runner.invoke(spec, {"id": number})

    started = time.monotonic()
    results = runner.invoke_many(spec, [{"id": number, "seconds": 1.0} for number in range(8)])
    elapsed = time.monotonic() - started

    assert [orjson.loads(result.payload)["id"] for result in results] == list(range(8))
    # Two at a time would take four seconds: the waiters gave up and started workers of their own.
    assert elapsed < 3.0
    assert len({result.log_stream_name for result in results}) == 8


# -- the hand-off's rules, on fake workers -------------------------------------------------


def fake_worker(key: str = "fn") -> Any:
    return SimpleNamespace(spec=SimpleNamespace(key=key), busy=False)


def test_waiting_starts_at_the_limit_and_only_for_short_invocations() -> None:
    handoff = WarmHandOff(busy_limit=2)
    handoff.started("fn")
    handoff.started("fn")
    assert not handoff.worth_waiting("fn")  # no duration known yet: maybe parallel work
    handoff.ended("fn", 0.05)
    handoff.started("fn")
    assert handoff.worth_waiting("fn")
    assert not handoff.worth_waiting("other")
    handoff.ended("fn", 50.0)  # one long invocation lifts the average over the bar
    handoff.started("fn")
    assert not handoff.worth_waiting("fn")


def test_a_worker_goes_to_the_oldest_waiter_and_patience_ends_in_none() -> None:
    async def scenario() -> tuple[Any, Any, Any]:
        handoff = WarmHandOff(busy_limit=1, patience_s=0.05)
        handoff.started("fn")
        first = asyncio.ensure_future(handoff.wait("fn"))
        second = asyncio.ensure_future(handoff.wait("fn"))
        await asyncio.sleep(0)
        handoff.ended("fn", 0.02)
        worker = fake_worker()
        assert handoff.offer(worker)
        handed = await first
        handoff.started("fn")  # and runs on until the end: nothing more comes free
        return handed, await asyncio.wait_for(second, 1.0), worker

    first, second, worker = asyncio.run(scenario())
    assert first is worker and worker.busy
    assert second is None  # nothing ended for a whole patience: it starts a worker of its own


def test_a_queue_that_moves_keeps_waiting_past_the_patience() -> None:
    async def scenario() -> list[Any]:
        handoff = WarmHandOff(busy_limit=1, patience_s=0.03)
        handoff.started("fn")
        waiters = [asyncio.ensure_future(handoff.wait("fn")) for _ in range(10)]
        await asyncio.sleep(0)
        for waiter in waiters:  # one invocation ends every 10 ms: 100 ms for the last waiter
            await asyncio.sleep(0.01)
            handoff.ended("fn", 0.02)
            handoff.offer(fake_worker())
            await waiter
            handoff.started("fn")
        return [waiter.result() for waiter in waiters]

    assert None not in asyncio.run(scenario())


def test_no_hand_off_while_the_limit_runs() -> None:
    async def scenario() -> bool:
        handoff = WarmHandOff(busy_limit=1, patience_s=0.05)
        handoff.started("fn")
        waiter = asyncio.ensure_future(handoff.wait("fn"))
        await asyncio.sleep(0)
        handoff.started("fn")  # a waiter that gave up runs one more
        handoff.ended("fn", 0.02)
        offered = handoff.offer(fake_worker())
        waiter.cancel()
        return offered

    assert asyncio.run(scenario()) is False  # the worker goes idle: the running count falls back


def test_a_worker_handed_to_a_cancelled_waiter_passes_to_the_next() -> None:
    async def scenario() -> tuple[Any, Any]:
        handoff = WarmHandOff(busy_limit=1, patience_s=1.0)
        handoff.started("fn")
        gone = asyncio.ensure_future(handoff.wait("fn"))
        next_one = asyncio.ensure_future(handoff.wait("fn"))
        await asyncio.sleep(0)
        handoff.ended("fn", 0.02)
        worker = fake_worker()
        handoff.offer(worker)
        gone.cancel()  # its caller went away before it could run the invocation
        with pytest.raises(asyncio.CancelledError):
            await gone
        return await asyncio.wait_for(next_one, 0.5), worker

    handed, worker = asyncio.run(scenario())
    assert handed is worker


def test_waiters_of_a_replaced_revision_run_on_its_workers(patient_runner: PoolRunner, tmp_path: Path) -> None:
    spec = make_spec(write_code(tmp_path, {"app.py": HANDLER}), "app.handler")
    for number in range(3):
        patient_runner.invoke(spec, {"id": number})

    async def replaced_while_waiting() -> list[Any]:
        pool = patient_runner.pool
        # Two run for a moment; the rest wait for them, and the revision is replaced meanwhile.
        events = [{"id": number, "seconds": 0.3 if number < 2 else 0} for number in range(12)]
        calls = [asyncio.ensure_future(pool.invoke(spec, orjson.dumps(event), request_id=f"r{number}")) for number, event in enumerate(events)]
        await asyncio.sleep(0.1)
        pool.retire(spec.key)
        return list(await asyncio.gather(*calls))

    results = patient_runner.run(replaced_while_waiting())

    assert [orjson.loads(result.payload)["id"] for result in results] == list(range(12))
    assert len({result.log_stream_name for result in results}) <= 2  # no worker of the old code started
    deadline = time.monotonic() + 5
    while patient_runner.call(patient_runner.pool.workers_of, spec.key) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert patient_runner.call(patient_runner.pool.workers_of, spec.key) == []  # then they stopped


def test_a_replaced_revision_is_forgotten_once_its_last_invocation_ends() -> None:
    handoff = WarmHandOff(busy_limit=1)
    handoff.started("fn:1")
    handoff.ended("fn:1", 0.02)
    handoff.started("fn:1")
    handoff.forget("fn:1")
    handoff.started("fn:1")
    assert handoff.worth_waiting("fn:1")  # still counted while its invocations run
    handoff.ended("fn:1", 0.02)
    handoff.ended("fn:1", 0.02)
    assert handoff._functions == {}


@pytest.mark.parametrize("limit", [0, -1])
def test_a_busy_limit_of_zero_never_waits(limit: int) -> None:
    handoff = WarmHandOff(busy_limit=limit)  # --lambda-busy-limit 0: a worker for every concurrent invocation
    for _ in range(64):
        handoff.started("fn")
    handoff.ended("fn", 0.02)
    assert not handoff.worth_waiting("fn")
