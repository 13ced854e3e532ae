"""What a warm Python worker sets up per invocation: ``_X_AMZN_TRACE_ID`` and the encoded result.

The trace id must be current in ``os.environ`` and in the C environment that child
processes inherit, whatever the handler did to the variable the invocation before.
Results must be the bytes ``json.dumps`` gives, as the AWS runtime writes them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_pool_support import PoolRunner, make_spec, result_of, write_code

TRACE_ID = re.compile(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0")

TRACE_HANDLER = """
import os
import subprocess
import tempfile

CALLS = 0


def shell_value():
    # os.system: a shell started with the C environment, writing to a file (fd 1 is the log)
    with tempfile.NamedTemporaryFile("r") as out:
        os.system(f'printf %s "$_X_AMZN_TRACE_ID" > {out.name}')
        return out.read()


def handler(event, context):
    global CALLS
    CALLS += 1
    child = subprocess.run(["env"], capture_output=True, text=True, check=True).stdout
    seen = {
        "calls": CALLS,
        "environ": os.environ.get("_X_AMZN_TRACE_ID"),
        "getenv": os.getenv("_X_AMZN_TRACE_ID"),
        "child": [line for line in child.splitlines() if line.startswith("_X_AMZN_TRACE_ID=")],
        "shell": shell_value(),
    }
    then = event.get("then")
    if then == "assign":
        os.environ["_X_AMZN_TRACE_ID"] = "assigned-by-the-handler"
    elif then == "delete":
        del os.environ["_X_AMZN_TRACE_ID"]
    elif then == "putenv":  # the C environment only
        os.putenv("_X_AMZN_TRACE_ID", "put-by-the-handler")
    elif then == "clear":
        os.environ.clear()
    return seen
"""

RESULTS_HANDLER = """
from decimal import Decimal

#: Module state a handler returns again after fixing it: an encoding that failed must leave no trace.
CACHED = {"items": [1, {2}]}


def handler(event, context):
    kind = event["kind"]
    if kind == "tricky":
        return {
            "decimals": [Decimal("3"), Decimal("1.5"), Decimal("-0"), Decimal("1E+2"), Decimal("0.1000")],
            "text": "h\\u00e9llo \\u2713 \\U0001f600 \\"quoted\\" \\\\ \\n\\t\\u2028",
            "keys": {1: "int", 2.5: "float", False: "bool", None: "none"},
            "nested": {"a": [[], {}, [{"b": (1, 2)}]], "n": None, "t": True, "f": -1.25e-7, "big": 10**20},
        }
    if kind == "text":
        return "caf\\u00e9"
    if kind == "circular":
        loop = []
        loop.append(loop)
        return {"loop": loop}
    if kind == "cached":
        return CACHED
    if kind == "fix":
        CACHED["items"].pop()
        return CACHED
"""

#: RESULTS_HANDLER's "tricky" result as json.dumps gets it once the Decimals are numbers.
TRICKY = {
    "decimals": [3, 1.5, 0, 100, 0.1],
    "text": 'h\u00e9llo \u2713 \U0001f600 "quoted" \\ \n\t\u2028',
    "keys": {1: "int", 2.5: "float", False: "bool", None: "none"},
    "nested": {"a": [[], {}, [{"b": (1, 2)}]], "n": None, "t": True, "f": -1.25e-7, "big": 10**20},
}


def invoke(lambda_client: Any, name: str, event: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    answer = lambda_client.invoke(FunctionName=name, Payload=json.dumps(event))
    return answer, answer["Payload"].read()


def seen_by(lambda_client: Any, name: str, then: str | None = None) -> dict[str, Any]:
    answer, body = invoke(lambda_client, name, {"then": then})
    assert "FunctionError" not in answer, body
    return json.loads(body)


def assert_current_everywhere(seen: dict[str, Any]) -> str:
    trace = seen["environ"]
    assert TRACE_ID.fullmatch(trace), trace
    assert seen["getenv"] == trace
    assert seen["child"] == [f"_X_AMZN_TRACE_ID={trace}"]
    assert seen["shell"] == trace
    return trace


def test_each_invocation_sees_its_own_trace_id_in_python_and_in_children(create_function: Any, lambda_client: Any) -> None:
    create_function("traced", TRACE_HANDLER)
    seen = [seen_by(lambda_client, "traced") for _ in range(3)]
    assert [s["calls"] for s in seen] == [1, 2, 3]  # one warm worker served them all
    traces = [assert_current_everywhere(s) for s in seen]
    assert len(set(traces)) == 3


@pytest.mark.parametrize("then", ["assign", "delete", "putenv", "clear"])
def test_a_handler_that_changes_the_variable_gets_a_fresh_one_next_time(
    then: str, create_function: Any, lambda_client: Any
) -> None:
    create_function(f"changes-{then}", TRACE_HANDLER)
    traces = [assert_current_everywhere(seen_by(lambda_client, f"changes-{then}", then))]
    for _ in range(2):
        seen = seen_by(lambda_client, f"changes-{then}", then)
        traces.append(assert_current_everywhere(seen))
    assert seen["calls"] == 3
    assert len(set(traces)) == 3


def test_trace_ids_of_other_lengths(runner: PoolRunner, tmp_path: Path) -> None:
    """A trace id the caller gives may be shorter or longer than the ones Lambda makes."""
    spec = make_spec(write_code(tmp_path / "code", {"app.py": TRACE_HANDLER}), "app.handler")
    given = ["Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", "Root=1", "Root=1-" + "ab" * 200, ""]
    for trace in [*given, None]:
        seen = result_of(runner.invoke(spec, {}, trace_id=trace or ""))
        if trace is None or trace == "":  # none given: the pool makes one
            assert_current_everywhere(seen)
        else:
            assert seen["environ"] == seen["getenv"] == seen["shell"] == trace
            assert seen["child"] == [f"_X_AMZN_TRACE_ID={trace}"]
    assert seen["calls"] == len(given) + 1


@pytest.mark.parametrize("runtime", ["python3.11", "python3.12"])
def test_results_are_the_bytes_json_dumps_gives(runtime: str, create_function: Any, lambda_client: Any) -> None:
    """Decimals as numbers, non-str keys converted, non-ASCII escaped before python3.12 only."""
    create_function(f"results-{runtime[-2:]}", RESULTS_HANDLER, Runtime=runtime)
    ensure_ascii = runtime != "python3.12"
    answer, body = invoke(lambda_client, f"results-{runtime[-2:]}", {"kind": "tricky"})
    assert "FunctionError" not in answer
    assert body == json.dumps(TRICKY, ensure_ascii=ensure_ascii).encode()
    assert ("\\u00e9" in body.decode()) is ensure_ascii
    _, body = invoke(lambda_client, f"results-{runtime[-2:]}", {"kind": "text"})
    assert body == json.dumps("caf\u00e9", ensure_ascii=ensure_ascii).encode()


def test_a_failed_encoding_leaves_nothing_behind(create_function: Any, lambda_client: Any) -> None:
    create_function("marshal", RESULTS_HANDLER)
    answer, body = invoke(lambda_client, "marshal", {"kind": "circular"})
    assert answer["FunctionError"] == "Unhandled"
    assert json.loads(body)["errorMessage"] == "Unable to marshal response: Circular reference detected"
    answer, body = invoke(lambda_client, "marshal", {"kind": "cached"})
    assert answer["FunctionError"] == "Unhandled"
    document = json.loads(body)
    assert document["errorType"] == "Runtime.MarshalError"
    assert document["errorMessage"] == "Unable to marshal response: Object of type set is not JSON serializable"
    # The same objects, fixed: no stale "Circular reference detected" from the failure above.
    answer, body = invoke(lambda_client, "marshal", {"kind": "fix"})
    assert "FunctionError" not in answer
    assert body == b'{"items": [1]}'
