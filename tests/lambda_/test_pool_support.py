"""Helpers for the worker pool's tests: a pool on its own event loop, functions on disk.

The pool runs real processes (the zygote, workers, node, bootstrap scripts);
tests call it from the test thread through ``PoolRunner.invoke``.
"""

from __future__ import annotations

import asyncio
import atexit
import itertools
import textwrap
import threading
import time
import uuid
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import orjson

from emulator.lambda_runtime.workers import FunctionSpec, InvokeResult, WorkerPool

ACCOUNT = "000000000000"
REGION = "us-east-1"
_revisions = itertools.count()


class PoolRunner:
    """A WorkerPool on an event loop in a background thread, with the log lines it produced."""

    def __init__(self, *, max_workers: int = 16, idle_s: float = 300.0, **pool_options: Any) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.logs: list[tuple[str, str, int, str]] = []
        self.pool = WorkerPool(max_workers=max_workers, idle_s=idle_s, on_log=self._on_log, **pool_options)
        self.run(self.pool.start())
        self.run(self.pool.ready())

    def _on_log(self, spec: FunctionSpec, stream: str, lines: list[tuple[int, str]]) -> None:
        self.logs.extend((spec.name, stream, stamp, line) for stamp, line in lines)

    def run(self, coroutine: Coroutine[Any, Any, Any], timeout: float = 60) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def call(self, function: Any, *args: Any) -> Any:
        """Run a plain function on the pool's loop (the pool is not thread-safe)."""

        async def call() -> Any:
            return function(*args)

        return self.run(call())

    def invoke(self, spec: FunctionSpec, event: Any = None, **options: Any) -> InvokeResult:
        payload = b"" if event is None else orjson.dumps(event)
        options.setdefault("request_id", str(uuid.uuid4()))
        options.setdefault("tail", True)  # the tests read the invocation's log lines
        return self.run(self.pool.invoke(spec, payload, **options))

    def invoke_many(self, spec: FunctionSpec, events: list[Any]) -> list[InvokeResult]:
        async def all_of() -> list[InvokeResult]:
            calls = [self.pool.invoke(spec, orjson.dumps(event), request_id=str(uuid.uuid4())) for event in events]
            return list(await asyncio.gather(*calls))

        return self.run(all_of(), timeout=120)

    def close(self) -> None:
        self.run(self.pool.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()


_shared: PoolRunner | None = None


def shared_runner() -> PoolRunner:
    """One pool for the test process (one zygote to start); tests that need other settings make their own."""
    global _shared
    if _shared is None:
        _shared = PoolRunner(max_workers=64)
        atexit.register(_shared.close)
    return _shared


def reset(runner: PoolRunner) -> None:
    """Kill the runner's workers and wait until they are gone."""
    runner.call(runner.pool.reset)
    deadline = time.monotonic() + 5
    while runner.call(lambda: runner.pool.size) and time.monotonic() < deadline:
        time.sleep(0.02)


def write_code(folder: Path, files: dict[str, str]) -> Path:
    """Write ``{relative path: source}`` (dedented) under ``folder``; returns it."""
    for name, source in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
    return folder


def make_spec(code_dir: Path, handler: str, *, name: str = "fn", runtime: str = "python3.12", **overrides: Any) -> FunctionSpec:
    """A spec with a fresh key (a new revision), unless ``key`` is given."""
    arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"
    values: dict[str, Any] = {
        "key": f"{name}:$LATEST:{next(_revisions)}",
        "name": name,
        "version": "$LATEST",
        "arn": arn,
        "region": REGION,
        "account_id": ACCOUNT,
        "runtime": runtime,
        "handler": handler,
        "runtime_version_arn": f"arn:aws:lambda:{REGION}::runtime:{'0' * 64}",
        "code_dir": code_dir,
        "layer_dirs": [],
        "environment": {},
        "timeout_s": 3.0,
        "memory_mb": 128,
        "endpoint_url": "http://localhost:4566",
    }
    values.update(overrides)
    return FunctionSpec(**values)


def result_of(result: InvokeResult) -> Any:
    return orjson.loads(result.payload)
