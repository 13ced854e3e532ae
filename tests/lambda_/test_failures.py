"""Each failure answered as AWS answers it; the next invoke succeeds; other functions keep their workers."""

from __future__ import annotations

import json
from typing import Any

import pytest

COUNTER = """
calls = 0

def handler(event, context):
    global calls
    calls += 1
    return calls
"""

FAILURES = """
import os, sys, time

def handler(event, context):
    kind = event.get("kind")
    if kind == "sleep":
        time.sleep(5)
    elif kind == "memory":
        hog = []
        while True:
            hog.append(bytearray(16 * 1024 * 1024))
    elif kind == "exit":
        os._exit(3)
    elif kind == "unserialisable":
        return {1, 2}
    return "fine"
"""


def call(lambda_client: Any, name: str, event: Any = None) -> tuple[dict[str, Any], Any]:
    answer = lambda_client.invoke(FunctionName=name, Payload=json.dumps(event or {}))
    return answer, json.loads(answer["Payload"].read())


@pytest.fixture
def bystander(create_function: Any, lambda_client: Any) -> Any:
    """A warm function whose module state must survive the other function's failures."""
    create_function("bystander", COUNTER)
    assert call(lambda_client, "bystander")[1] == 1
    yield
    assert call(lambda_client, "bystander")[1] == 2


@pytest.mark.parametrize(
    ("kind", "error_type", "message_part"),
    [
        ("sleep", "Sandbox.Timedout", "Task timed out after 1.00 seconds"),
        ("memory", "Runtime.ExitError", "signal: killed"),
        ("exit", "Runtime.ExitError", "Runtime exited"),
        ("unserialisable", "Runtime.MarshalError", ""),
    ],
)
def test_failure_then_recovery(
    kind: str, error_type: str, message_part: str, bystander: Any, create_function: Any, lambda_client: Any
) -> None:
    create_function(f"fail-{kind}", FAILURES, Timeout=1, MemorySize=128)
    answer, body = call(lambda_client, f"fail-{kind}", {"kind": kind})
    assert answer["StatusCode"] == 200
    assert answer["FunctionError"] == "Unhandled"
    assert body["errorType"] == error_type, body
    assert message_part in body["errorMessage"]
    answer, body = call(lambda_client, f"fail-{kind}")
    assert "FunctionError" not in answer
    assert body == "fine"


@pytest.mark.parametrize(
    ("files", "handler", "error_type"),
    [
        ({"app.py": "import not_a_module\n"}, "app.handler", "Runtime.ImportModuleError"),
        ({"app.py": "def other(e, c):\n    return 1\n"}, "app.handler", "Runtime.HandlerNotFound"),
    ],
)
def test_init_failures(files: dict[str, str], handler: str, error_type: str, create_function: Any, lambda_client: Any) -> None:
    create_function("broken", files=files, Handler=handler)
    answer, body = call(lambda_client, "broken")
    assert answer["FunctionError"] == "Unhandled"
    assert body["errorType"] == error_type, body
