"""Python function errors as Invoke answers them, against LocalStack's AWS-validated test_lambda recordings."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from lambda_helpers import ROLE, make_zip

REQUEST_ID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def python_function(lambda_client: Any, name: str, module: str, source: str, **config: Any) -> None:
    lambda_client.create_function(
        FunctionName=name,
        Runtime=config.pop("Runtime", "python3.12"),
        Role=ROLE,
        Handler=f"{module}.handler",
        Code={"ZipFile": make_zip({f"{module}.py": source})},
        **config,
    )


def invoke(lambda_client: Any, name: str, event: Any = None) -> tuple[str | None, str, dict[str, Any]]:
    """(FunctionError, ExecutedVersion, the payload decoded), keys in the order they came."""
    answer = lambda_client.invoke(FunctionName=name, **({"Payload": json.dumps(event)} if event is not None else {}))
    return answer.get("FunctionError"), answer["ExecutedVersion"], json.loads(answer["Payload"].read())


def test_a_handler_error_names_its_file_under_var_task(lambda_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_lambda.snapshot.json::TestLambdaErrors::test_lambda_handler_error
    python_function(lambda_client, "handler-error", "lambda_handler_error", 'def handler(event, context):\n    raise Exception("Handler fails")\n')
    error, version, payload = invoke(lambda_client, "handler-error")
    assert (error, version) == ("Unhandled", "$LATEST")
    assert list(payload) == ["errorMessage", "errorType", "requestId", "stackTrace"]
    assert (payload["errorMessage"], payload["errorType"]) == ("Handler fails", "Exception")
    assert re.fullmatch(REQUEST_ID, payload["requestId"])
    assert payload["stackTrace"] == ['  File "/var/task/lambda_handler_error.py", line 2, in handler\n    raise Exception("Handler fails")\n']


def test_an_error_at_import_has_no_request_id_and_ends_in_the_module(lambda_client: Any) -> None:
    # test_lambda.snapshot.json::TestLambdaErrors::test_lambda_runtime_error (python3.13, recorded 2025-11-24)
    python_function(
        lambda_client, "runtime-error", "lambda_runtime_error", 'raise Exception("Runtime startup fails")\n', Runtime="python3.13"
    )
    error, _, payload = invoke(lambda_client, "runtime-error")
    assert error == "Unhandled"
    assert list(payload) == ["errorMessage", "errorType", "requestId", "stackTrace"]
    assert (payload["errorMessage"], payload["errorType"], payload["requestId"]) == ("Runtime startup fails", "Exception", "")
    # The import machinery first (shown as the runtime's /var/lang/lib/python3.13), the module's line last.
    assert payload["stackTrace"][0].startswith('  File "/var/lang/lib/python3.13/importlib/__init__.py", line ')
    assert payload["stackTrace"][-1] == '  File "/var/task/lambda_runtime_error.py", line 1, in <module>\n    raise Exception("Runtime startup fails")\n'


def test_exiting_with_status_0_gives_no_reason(lambda_client: Any) -> None:
    # test_lambda.snapshot.json::TestLambdaErrors::test_lambda_handler_exit and test_lambda_runtime_exit: sys.exit(0)
    # in the handler or at import; the answer has errorType first, then errorMessage.
    python_function(lambda_client, "handler-exit", "lambda_handler_exit", "import sys\n\n\ndef handler(event, context):\n    sys.exit(0)\n")
    python_function(lambda_client, "runtime-exit", "lambda_runtime_exit", "import sys\n\nsys.exit(0)\n")
    for name in ("handler-exit", "runtime-exit"):
        error, _, payload = invoke(lambda_client, name)
        assert error == "Unhandled"
        assert list(payload) == ["errorType", "errorMessage"]
        assert payload["errorType"] == "Runtime.ExitError"
        assert re.fullmatch(rf"RequestId: {REQUEST_ID} Error: Runtime exited without providing a reason", payload["errorMessage"])


TIMEOUT_ENVIRONMENT = """
import time

number = 0

def handler(event, context):
    global number
    if "write-file" in event:
        with open("/tmp/temp-store", "w") as file:
            file.write(event["write-file"])
    if "read-file" in event:
        with open("/tmp/temp-store") as file:
            return {"content": file.read()}
    if "set-number" in event:
        number = event["set-number"]
    if "read-number" in event:
        return {"number": number}
    if "sleep" in event:
        time.sleep(event["sleep"])
"""


def test_a_timeout_restarts_the_runtime_but_keeps_tmp(lambda_client: Any) -> None:
    # test_lambda.snapshot.json::TestLambdaBehavior::test_lambda_invoke_with_timeout (its payload) and
    # test_lambda_invoke_timed_out_environment_reuse: after a timeout the module's state starts over, /tmp stays.
    python_function(lambda_client, "timeouts", "handler", TIMEOUT_ENVIRONMENT, Timeout=1)
    assert invoke(lambda_client, "timeouts", {"write-file": "some-content"}) == (None, "$LATEST", None)
    assert invoke(lambda_client, "timeouts", {"set-number": 42}) == (None, "$LATEST", None)
    assert invoke(lambda_client, "timeouts", {"read-number": True})[2] == {"number": 42}
    error, _, payload = invoke(lambda_client, "timeouts", {"sleep": 2})
    assert error == "Unhandled"
    assert list(payload) == ["errorType", "errorMessage"]
    assert payload["errorType"] == "Sandbox.Timedout"
    assert re.fullmatch(rf"RequestId: {REQUEST_ID} Error: Task timed out after 1\.00 seconds", payload["errorMessage"])
    assert invoke(lambda_client, "timeouts", {"read-file": True})[2] == {"content": "some-content"}
    assert invoke(lambda_client, "timeouts", {"read-number": True})[2] == {"number": 0}


def test_a_too_large_python_response_is_refused_each_time(
    create_function: Callable[..., dict[str, Any]], lambda_client: Any
) -> None:
    # test_lambda.snapshot.json::TestLambdaBaseFeatures::test_lambda_too_large_response (python3.12), and
    # test_lambda_large_response: 6 MiB of "a" as a JSON string (6 MiB + 2 bytes) still goes through.
    create_function("sizes", 'def handler(event, context):\n    print("generating bytes")\n    return "a" * event["bytenum"]\n')
    for _ in range(2):
        error, _, payload = invoke(lambda_client, "sizes", {"bytenum": 7 * 1024 * 1024})
        assert error == "Unhandled"
        assert payload == {
            "errorMessage": "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
            "errorType": "Function.ResponseSizeTooLarge",
        }
    error, _, payload = invoke(lambda_client, "sizes", {"bytenum": 6 * 1024 * 1024})
    assert error is None and payload == "a" * 6 * 1024 * 1024
