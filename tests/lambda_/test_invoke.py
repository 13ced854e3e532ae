"""Invoke through boto3: invocation types, log tails, qualifiers, payload limits and failures."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError
from lambda_helpers import make_zip

FAILING = """
def handler(event, context):
    if event.get("fail"):
        raise ValueError("bad input")
    return {"ok": True}
"""


def invoke(lambda_client: Any, name: str, event: Any = None, **options: Any) -> tuple[dict[str, Any], Any]:
    answer = lambda_client.invoke(FunctionName=name, Payload=json.dumps(event or {}), **options)
    body = answer["Payload"].read()
    return answer, json.loads(body) if body else None


def test_request_response_returns_the_handler_result(create_function: Any, lambda_client: Any) -> None:
    create_function("echo")
    answer, body = invoke(lambda_client, "echo", {"a": 1})
    assert answer["StatusCode"] == 200
    assert answer["ExecutedVersion"] == "$LATEST"
    assert "FunctionError" not in answer
    assert body == {"event": {"a": 1}, "version": "$LATEST", "region": "us-east-1"}
    assert answer["ResponseMetadata"]["HTTPHeaders"]["content-type"] == "application/json"  # as AWS labels it


def test_log_type_tail_returns_the_log_base64(create_function: Any, lambda_client: Any) -> None:
    create_function("tail")
    answer, _ = invoke(lambda_client, "tail", {"x": "marker-42"}, LogType="Tail")
    log = base64.b64decode(answer["LogResult"]).decode()
    assert "marker-42" in log
    assert "REPORT RequestId" in log
    assert len(base64.b64decode(answer["LogResult"])) <= 4096


def test_tail_has_the_handler_output_between_start_and_end(create_function: Any, lambda_client: Any) -> None:
    """Output written through sys.stdout and straight to the descriptor is in the tail, in order."""
    source = (
        "import os\n"
        "def handler(event, context):\n"
        "    print('through-print')\n"
        "    os.write(1, b'straight-to-fd\\n')\n"
        "    return 1\n"
    )
    create_function("talks", source)
    for _ in range(2):  # the cold invocation, then a warm one
        answer, _ = invoke(lambda_client, "talks", LogType="Tail")
        lines = base64.b64decode(answer["LogResult"]).decode().splitlines()
        assert [line.split(" ")[0] for line in lines] == ["START", "through-print", "straight-to-fd", "END", "REPORT"]


def test_event_is_read_as_the_python_runtime_reads_json(create_function: Any, lambda_client: Any) -> None:
    """Integers beyond 64 bits stay integers, as ``json.loads`` reads them."""
    source = "def handler(event, context):\n    return [type(event['n']).__name__, str(event['n']), event['s']]\n"
    create_function("numbers", source)
    answer = lambda_client.invoke(FunctionName="numbers", Payload=b'{"n": 123456789012345678901234567890, "s": "\\u00e9"}')
    assert json.loads(answer["Payload"].read()) == ["int", "123456789012345678901234567890", "\u00e9"]


def test_request_ids_are_uuids(create_function: Any, lambda_client: Any) -> None:
    create_function("ids", "def handler(event, context):\n    return context.aws_request_id\n")
    ids = {json.loads(lambda_client.invoke(FunctionName="ids")["Payload"].read()) for _ in range(3)}
    assert len(ids) == 3
    assert all(str(uuid.UUID(value)) == value and uuid.UUID(value).version == 4 for value in ids)


def test_dry_run_and_event(create_function: Any, lambda_client: Any) -> None:
    create_function("kinds")
    dry = lambda_client.invoke(FunctionName="kinds", InvocationType="DryRun")
    assert dry["StatusCode"] == 204
    assert dry["Payload"].read() == b""  # a body announced but not sent would break the read
    event = lambda_client.invoke(FunctionName="kinds", InvocationType="Event", Payload=b"{}")
    assert event["StatusCode"] == 202
    assert event["Payload"].read() == b""
    assert lambda_client.invoke_async(FunctionName="kinds", InvokeArgs=b"{}")["Status"] == 202


def test_unhandled_error_then_next_invoke_succeeds(create_function: Any, lambda_client: Any) -> None:
    create_function("fails", FAILING)
    answer, body = invoke(lambda_client, "fails", {"fail": True})
    assert answer["StatusCode"] == 200
    assert answer["FunctionError"] == "Unhandled"
    assert body["errorMessage"] == "bad input"
    assert body["errorType"] == "ValueError"
    assert body["stackTrace"][-1].startswith('  File "/var/task/app.py", line ')  # where AWS keeps the code
    answer, body = invoke(lambda_client, "fails", {})
    assert "FunctionError" not in answer
    assert body == {"ok": True}


STDLIB_FAILURE = """
import base64

def handler(event, context):
    return base64.b64decode("not base64!", validate=True)
"""


def test_an_unhandled_error_is_logged_as_aws_runtime_logs_it(create_function: Any, lambda_client: Any) -> None:
    """The runtime's LAMBDA_WARNING, then [ERROR]; the trace shows the standard library where the python3.12
    runtime keeps it, without column markers (AWS answers, as recorded in Lambda console captures)."""
    create_function("stdlib-fails", STDLIB_FAILURE, Runtime="python3.12")
    answer, body = invoke(lambda_client, "stdlib-fails", LogType="Tail")
    request_id = answer["ResponseMetadata"]["RequestId"]
    assert body["errorType"] == "Error"
    first, second = body["stackTrace"]
    assert first == '  File "/var/task/app.py", line 5, in handler\n    return base64.b64decode("not base64!", validate=True)\n'
    assert second.startswith('  File "/var/lang/lib/python3.12/base64.py", line ')
    assert "^" not in second
    lines = base64.b64decode(answer["LogResult"]).decode().splitlines()
    warning = next(index for index, line in enumerate(lines) if "LAMBDA_WARNING" in line)
    level, stamp, logged_id, message = lines[warning].split("\t")
    assert (level, logged_id) == ("[WARNING]", request_id) and stamp.endswith("Z")
    assert message.startswith("LAMBDA_WARNING: Unhandled exception. The most likely cause is an issue in the function code.")
    assert message.endswith("For more information, see https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html")
    assert lines[warning + 1].startswith("[ERROR] Error: ")


def test_qualifier_runs_the_published_version(create_function: Any, lambda_client: Any) -> None:
    create_function("quals", "def handler(e, c):\n    return 'one'\n", Publish=True)
    lambda_client.update_function_code(FunctionName="quals", ZipFile=make_zip({"app.py": "def handler(e, c):\n    return 'two'\n"}))
    lambda_client.create_alias(FunctionName="quals", Name="live", FunctionVersion="1")
    for qualifier, expected, version in (("1", "one", "1"), ("live", "one", "1"), ("$LATEST", "two", "$LATEST")):
        answer, body = invoke(lambda_client, "quals", Qualifier=qualifier)
        assert (body, answer["ExecutedVersion"]) == (expected, version)
    answer, body = invoke(lambda_client, "quals:live")
    assert body == "one"
    with pytest.raises(ClientError) as info:
        invoke(lambda_client, "quals", Qualifier="7")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_update_runs_new_code_on_the_next_invoke(create_function: Any, lambda_client: Any) -> None:
    create_function("swap", "def handler(e, c):\n    return 'old'\n")
    assert invoke(lambda_client, "swap")[1] == "old"
    lambda_client.update_function_code(FunctionName="swap", ZipFile=make_zip({"app.py": "def handler(e, c):\n    return 'new'\n"}))
    assert invoke(lambda_client, "swap")[1] == "new"
    lambda_client.update_function_configuration(FunctionName="swap", Environment={"Variables": {"MODE": "x"}})
    assert invoke(lambda_client, "swap")[1] == "new"


def test_payload_limits(create_function: Any, lambda_client: Any) -> None:
    create_function("big")
    too_big_async = json.dumps({"x": "a" * 262_144})
    with pytest.raises(ClientError) as info:
        lambda_client.invoke(FunctionName="big", InvocationType="Event", Payload=too_big_async)
    error = info.value.response
    assert error["Error"]["Code"] == "RequestEntityTooLargeException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 413
    assert error["Error"]["Message"] == (
        f"{len(too_big_async)} byte payload is too large for the Event invocation type (limit 262144 bytes)"
    )
    bodies: list[bytes] = []
    events = lambda_client.meta.events
    events.register("after-call.lambda.Invoke", lambda http_response, **_: bodies.append(http_response.content), "raw")
    with pytest.raises(ClientError) as info:
        lambda_client.invoke(FunctionName="big", Payload=json.dumps({"x": "a" * 6_291_456}))
    events.unregister("after-call.lambda.Invoke", unique_id="raw")  # reading the body would consume streamed payloads
    assert info.value.response["Error"]["Message"] == "Request must be smaller than 6291456 bytes for the InvokeFunction operation"
    # AWS writes this error with "Message" alone (no "Type", no "message").
    assert json.loads(bodies[-1]) == {"Message": "Request must be smaller than 6291456 bytes for the InvokeFunction operation"}
    answer, body = invoke(lambda_client, "big", {"x": "a" * 100_000})
    assert body["event"]["x"] == "a" * 100_000


def test_payload_must_be_json(create_function: Any, lambda_client: Any) -> None:
    create_function("json")
    with pytest.raises(ClientError) as info:
        lambda_client.invoke(FunctionName="json", Payload=b"not json")
    assert info.value.response["Error"]["Code"] == "InvalidRequestContentException"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_invoke_missing_function_names_latest(lambda_client: Any) -> None:
    with pytest.raises(ClientError) as info:
        lambda_client.invoke(FunctionName="missing")
    error = info.value.response
    assert error["Error"]["Message"] == "Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing:$LATEST"
    assert (error["Error"]["Code"], error["Type"], error["ResponseMetadata"]["HTTPStatusCode"]) == (
        "ResourceNotFoundException",
        "User",
        404,
    )
    with pytest.raises(ClientError) as info:
        lambda_client.invoke(FunctionName="missing", Qualifier="live")
    assert info.value.response["Error"]["Message"] == "Function not found: arn:aws:lambda:us-east-1:000000000000:function:missing:live"


CONTEXT = """
def handler(event, context):
    return {
        "arn": context.invoked_function_arn,
        "custom": context.client_context.custom if context.client_context else None,
        "group": context.log_group_name,
    }
"""


def test_context_carries_client_context_and_invoked_arn(create_function: Any, lambda_client: Any) -> None:
    create_function("ctx", CONTEXT, Publish=True)
    lambda_client.create_alias(FunctionName="ctx", Name="live", FunctionVersion="1")
    client_context = base64.b64encode(json.dumps({"custom": {"k": "v"}}).encode()).decode()
    answer, body = invoke(lambda_client, "ctx", Qualifier="live", ClientContext=client_context)
    assert body == {
        "arn": "arn:aws:lambda:us-east-1:000000000000:function:ctx:live",
        "custom": {"k": "v"},
        "group": "/aws/lambda/ctx",
    }
    with pytest.raises(ClientError) as info:
        invoke(lambda_client, "ctx", ClientContext=base64.b64encode(b"[1]").decode())
    assert info.value.response["Error"]["Code"] == "InvalidRequestContentException"


ENVIRONMENT = """
import os

def handler(event, context):
    return [os.environ.get("GREETING"), os.environ["AWS_LAMBDA_FUNCTION_NAME"], os.environ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]]
"""


def test_configuration_updates_reach_new_workers(create_function: Any, lambda_client: Any) -> None:
    create_function("envy", ENVIRONMENT, Environment={"Variables": {"GREETING": "hi"}})
    assert invoke(lambda_client, "envy")[1] == ["hi", "envy", "128"]
    lambda_client.update_function_configuration(FunctionName="envy", Environment={"Variables": {"GREETING": "hello"}}, MemorySize=256)
    assert invoke(lambda_client, "envy")[1] == ["hello", "envy", "256"]


def test_reset_drops_functions_and_workers(server: Any, create_function: Any, lambda_client: Any) -> None:
    create_function("ephemeral")
    invoke(lambda_client, "ephemeral")
    server.reset()
    assert lambda_client.list_functions()["Functions"] == []
    with pytest.raises(ClientError) as info:
        invoke(lambda_client, "ephemeral")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


@pytest.mark.parametrize(
    ("payload", "detail"),
    [
        (b"Hello World", "Unrecognized token 'Hello': was expecting (JSON String, Number, Array, Object or token "
         "'null', 'true' or 'false')\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` "
         "disabled); line: 1, column: 7]"),
        (b"xyz", "Unrecognized token 'xyz': was expecting (JSON String, Number, Array, Object or token "
         "'null', 'true' or 'false')\n at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` "
         "disabled); line: 1, column: 4]"),
    ],
)  # fmt: skip
def test_payload_that_is_not_json_is_described_as_aws_does(
    create_function: Any, lambda_client: Any, payload: bytes, detail: str
) -> None:
    create_function("strict")
    with pytest.raises(ClientError) as info:
        lambda_client.invoke(FunctionName="strict", Payload=payload)
    assert (info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]) == (
        "InvalidRequestContentException",
        "Could not parse request body into json: Could not parse payload into json: " + detail,
    )
