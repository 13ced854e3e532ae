"""AWS_LAMBDA_EXEC_WRAPPER on Python functions: the runtime starts through the wrapper script, which execs
``"$@"`` once it has changed the environment or the arguments (LocalStack's AWS-validated
test_lambda_runtimes.py::TestLambdaRuntimesCommon::test_runtime_wrapper_invoke[python*] and
test_lambda.snapshot.json::TestLambdaErrors::test_lambda_runtime_wrapper_not_found)."""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile
from typing import Any

import pytest

from emulator.testing.functions import ROLE

REQUEST_ID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
INTROSPECTION = """import os, sys

def handler(event, context):
    print("handler ran")
    return {
        "environment": dict(os.environ),
        "x_options": sys._xoptions,
        "argv": sys.argv,
        "ctx": {
            "function_name": context.function_name,
            "function_version": context.function_version,
            "invoked_function_arn": context.invoked_function_arn,
            "memory_limit_in_mb": context.memory_limit_in_mb,
            "aws_request_id": context.aws_request_id,
            "log_stream_name": context.log_stream_name,
            "remaining_time_in_millis": context.get_remaining_time_in_millis(),
        },
        "event": event,
    }
"""
FAILING = 'def handler(event, context):\n    raise ValueError("Error: " + event["error_msg"])\n'
SETS_VARIABLE = '#!/bin/bash\nexport WRAPPER_VAR=test-value-1\nexec "$@"\n'
#: The wrapper of AWS's documentation: an interpreter option inserted after the interpreter.
ADDS_OPTION = '#!/bin/bash\nargs=("$@")\nexec "${args[0]}" -X wrapped=yes "${args[@]:1}"\n'


def _zip(files: dict[str, str], executables: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text)
        for path, text in (executables or {}).items():
            info = zipfile.ZipInfo(path)
            info.external_attr = 0o100755 << 16
            archive.writestr(info, text)
    return buffer.getvalue()


@pytest.fixture
def python_function(lambda_client: Any) -> Any:
    """``python_function(code_zip, wrapper, runtime="python3.12", **config)``: a function of ``app.handler``; its name."""
    created = 0

    def create(code: bytes, wrapper: str, runtime: str = "python3.12", **config: Any) -> str:
        nonlocal created
        created += 1
        name = f"wrapped-python-{created}"
        lambda_client.create_function(
            FunctionName=name,
            Role=ROLE,
            Handler="app.handler",
            Runtime=runtime,
            Code={"ZipFile": code},
            Environment={"Variables": {"AWS_LAMBDA_EXEC_WRAPPER": wrapper}},
            **config,
        )
        return name

    return create


def invoke(lambda_client: Any, name: str, payload: bytes = b"{}", **options: Any) -> tuple[Any, str | None, list[str]]:
    """(the decoded payload, FunctionError, the log tail's lines)."""
    answer = lambda_client.invoke(FunctionName=name, Payload=payload, LogType="Tail", **options)
    tail = base64.b64decode(answer["LogResult"]).decode().splitlines()
    return json.loads(answer["Payload"].read()), answer.get("FunctionError"), tail


@pytest.mark.parametrize("runtime", ["python3.12", "python3.13"])
def test_wrapper_in_the_code_sets_the_handler_environment(lambda_client: Any, python_function: Any, runtime: str) -> None:
    code = _zip({"app.py": INTROSPECTION}, {"environment_wrapper": SETS_VARIABLE})
    name = python_function(code, "/var/task/environment_wrapper", runtime, MemorySize=1024)
    first, error, tail = invoke(lambda_client, name, b'{"simple": "payload"}')
    assert error is None
    assert first["environment"]["WRAPPER_VAR"] == "test-value-1"
    assert first["environment"]["AWS_LAMBDA_EXEC_WRAPPER"] == "/var/task/environment_wrapper"
    assert first["environment"]["AWS_EXECUTION_ENV"] == f"AWS_Lambda_{runtime}"
    assert first["event"] == {"simple": "payload"}
    ctx = first["ctx"]
    assert (ctx["function_name"], ctx["function_version"], ctx["memory_limit_in_mb"]) == (name, "$LATEST", "1024")
    assert ctx["invoked_function_arn"].endswith(f":function:{name}")
    assert 0 < ctx["remaining_time_in_millis"] <= 3000
    assert re.fullmatch(rf"START RequestId: ({REQUEST_ID}) Version: \$LATEST", tail[0])
    request_id = tail[0].split()[2]
    assert ctx["aws_request_id"] == request_id
    assert "handler ran" in tail
    assert tail[-1].startswith(f"REPORT RequestId: {request_id}\t") and "Init Duration" in tail[-1]
    # The same environment serves the next invocation: warm, no second init.
    second, error, tail = invoke(lambda_client, name)
    assert error is None
    assert second["ctx"]["log_stream_name"] == ctx["log_stream_name"]
    assert second["ctx"]["aws_request_id"] != ctx["aws_request_id"]
    assert "Init Duration" not in tail[-1]


def test_wrapper_from_a_layer_changes_the_interpreter_arguments(lambda_client: Any, python_function: Any) -> None:
    layer = lambda_client.publish_layer_version(LayerName="wrapper", Content={"ZipFile": _zip({}, {"wrapper": ADDS_OPTION})})
    code = _zip({"app.py": INTROSPECTION})
    name = python_function(code, "/opt/wrapper", Layers=[layer["LayerVersionArn"]])
    body, error, _ = invoke(lambda_client, name)
    assert error is None
    assert body["x_options"] == {"wrapped": "yes"}
    assert len(body["argv"]) == 1  # the runtime's script, not the emulator's settings


def test_functions_without_a_wrapper_are_not_wrapped(lambda_client: Any, python_function: Any) -> None:
    layer = lambda_client.publish_layer_version(LayerName="wrapper", Content={"ZipFile": _zip({}, {"wrapper": ADDS_OPTION})})
    lambda_client.create_function(
        FunctionName="unwrapped", Role=ROLE, Handler="app.handler", Runtime="python3.12",
        Code={"ZipFile": _zip({"app.py": INTROSPECTION})}, Layers=[layer["LayerVersionArn"]],
    )  # fmt: skip
    body, error, _ = invoke(lambda_client, "unwrapped")
    assert error is None
    assert body["x_options"] == {}
    assert "AWS_LAMBDA_EXEC_WRAPPER" not in body["environment"]


# LocalStack's AWS-validated snapshot test_lambda.snapshot.json::TestLambdaErrors::test_lambda_runtime_wrapper_not_found
def test_missing_wrapper_fails_with_exit_status_127(lambda_client: Any, python_function: Any) -> None:
    name = python_function(_zip({"app.py": INTROSPECTION}), "/idontexist.sh")
    for _ in range(2):  # each invocation tries a new environment, which fails the same way
        body, error, _ = invoke(lambda_client, name)
        assert error == "Unhandled"
        assert list(body) == ["errorType", "errorMessage"]
        assert body["errorType"] == "Runtime.ExitError"
        assert re.fullmatch(rf"RequestId: {REQUEST_ID} Error: Runtime exited with error: exit status 127", body["errorMessage"])


def test_handler_errors_through_the_wrapper_are_the_runtime_documents(lambda_client: Any, python_function: Any) -> None:
    code = _zip({"app.py": FAILING}, {"environment_wrapper": SETS_VARIABLE})
    name = python_function(code, "/var/task/environment_wrapper")
    body, error, tail = invoke(lambda_client, name, b'{"error_msg": "some_error_msg"}')
    assert error == "Unhandled"
    request_id = tail[0].split()[2]
    assert body["errorType"] == "ValueError"
    assert body["errorMessage"] == "Error: some_error_msg"
    assert body["requestId"] == request_id
    assert body["stackTrace"] == ['  File "/var/task/app.py", line 2, in handler\n    raise ValueError("Error: " + event["error_msg"])\n']
    assert any(line.startswith("[ERROR] ValueError: Error: some_error_msg") for line in tail)
    # The runtime's records carry the invocation's request id, as the forked runtime's do.
    assert any(re.fullmatch(rf"\[WARNING\]\t\S+\t{request_id}\tLAMBDA_WARNING: Unhandled exception\..*", line) for line in tail)


def test_init_errors_through_the_wrapper_are_the_runtime_documents(lambda_client: Any, python_function: Any) -> None:
    code = _zip({"app.py": "import not_a_module_anywhere\n"}, {"environment_wrapper": SETS_VARIABLE})
    name = python_function(code, "/var/task/environment_wrapper")
    body, error, tail = invoke(lambda_client, name)
    assert error == "Unhandled"
    assert body == {
        "errorMessage": "Unable to import module 'app': No module named 'not_a_module_anywhere'",
        "errorType": "Runtime.ImportModuleError",
        "requestId": "",
        "stackTrace": [],
    }
    assert any("Runtime.ImportModuleError" in line for line in tail)
    assert "Runtime.ImportModuleError" in tail[-1]


def test_init_failures_read_as_in_a_function_without_a_wrapper(lambda_client: Any, python_function: Any) -> None:
    source = "import json\n\nSETTINGS = json.loads('{')\n\n\ndef handler(event, context):\n    return SETTINGS\n"
    wrapped = python_function(_zip({"app.py": source}, {"environment_wrapper": SETS_VARIABLE}), "/var/task/environment_wrapper")
    lambda_client.create_function(
        FunctionName="forked", Role=ROLE, Handler="app.handler", Runtime="python3.12", Code={"ZipFile": _zip({"app.py": source})}
    )
    body, error, _ = invoke(lambda_client, wrapped)
    expected, expected_error, _ = invoke(lambda_client, "forked")
    assert (error, expected_error) == ("Unhandled", "Unhandled")
    assert body["errorType"] == "JSONDecodeError"
    assert body == expected
