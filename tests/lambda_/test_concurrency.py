"""Concurrency as AWS counts it: throttles for synchronous invokes, a queue for asynchronous ones."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from botocore.exceptions import ClientError
from lambda_helpers import ROLE, make_zip

from emulator.testing import EmulatorProcess
from emulator.testing.process import wait_until

SLOW = "import time\n\ndef handler(event, context):\n    time.sleep(event.get('sleep', 0))\n    return 'done'\n"
ALWAYS_FAILS = "def handler(event, context):\n    print('attempt for', event['id'])\n    raise RuntimeError('nope')\n"


def invoke_all(client: Any, name: str, count: int, sleep: float) -> list[str]:
    """Invoke ``count`` times at once; the error codes or 'ok' of each."""

    def one(_: int) -> str:
        try:
            client.invoke(FunctionName=name, Payload=json.dumps({"sleep": sleep}))
            return "ok"
        except ClientError as error:
            return error.response.get("Reason", error.response["Error"]["Code"])

    with ThreadPoolExecutor(count) as pool:
        return sorted(pool.map(one, range(count)))


def starts(logs_client: Any, group: str) -> int:
    try:
        events = logs_client.filter_log_events(logGroupName=group, filterPattern="START")["events"]
    except ClientError:
        return 0
    return len(events)


def test_reserved_concurrency_throttles_sync_invokes(create_function: Any, lambda_client: Any) -> None:
    create_function("reserved", SLOW)
    lambda_client.put_function_concurrency(FunctionName="reserved", ReservedConcurrentExecutions=1)
    outcomes = invoke_all(lambda_client, "reserved", 3, 2.0)
    assert outcomes.count("ok") >= 1
    assert set(outcomes) == {"ok", "ReservedFunctionConcurrentInvocationLimitExceeded"}
    assert lambda_client.invoke(FunctionName="reserved")["StatusCode"] == 200


def test_async_invokes_wait_for_a_slot(create_function: Any, lambda_client: Any, logs_client: Any) -> None:
    create_function("queued", SLOW)
    lambda_client.put_function_concurrency(FunctionName="queued", ReservedConcurrentExecutions=1)
    for _ in range(3):
        lambda_client.invoke(FunctionName="queued", InvocationType="Event", Payload=json.dumps({"sleep": 0.2}))
    wait_until(lambda: starts(logs_client, "/aws/lambda/queued") == 3, timeout=15)


def test_failed_async_invoke_is_retried_twice(server: EmulatorProcess, create_function: Any, lambda_client: Any, logs_client: Any) -> None:
    create_function("retried", ALWAYS_FAILS)
    lambda_client.invoke(FunctionName="retried", InvocationType="Event", Payload=json.dumps({"id": "e1"}))
    wait_until(lambda: starts(logs_client, "/aws/lambda/retried") == 3, timeout=15)
    wait_until(lambda: any("retried failed 3 times" in line for line in server.output), timeout=5)
    assert any("failed (attempt 1 of 3); retrying" in line for line in server.output)


@pytest.fixture(scope="module")
def limited() -> Iterator[EmulatorProcess]:
    with EmulatorProcess("--lambda-concurrency", "2") as process:
        yield process


def test_account_limit_throttles_sync_invokes(limited: EmulatorProcess) -> None:
    client = limited.client("lambda")
    client.create_function(
        FunctionName="busy", Runtime="python3.12", Role=ROLE, Handler="app.handler", Code={"ZipFile": make_zip({"app.py": SLOW})}
    )
    outcomes = invoke_all(client, "busy", 4, 2.0)
    assert outcomes.count("ok") == 2
    assert outcomes.count("ConcurrentInvocationLimitExceeded") == 2
    assert client.get_account_settings()["AccountLimit"]["ConcurrentExecutions"] == 2
