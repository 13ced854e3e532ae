"""InvokeWithResponseStream through boto3: the event stream, function errors, log tails, qualifiers, errors before the stream."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

FAILING = """
def handler(event, context):
    if event.get("fail"):
        raise ValueError("bad input")
    return {"ok": True, "version": context.function_version}
"""


def stream(lambda_client: Any, name: str, event: Any = None, **options: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    answer = lambda_client.invoke_with_response_stream(FunctionName=name, Payload=json.dumps(event or {}), **options)
    return answer, list(answer["EventStream"])


def test_the_result_is_one_payload_chunk_then_invoke_complete(create_function: Any, lambda_client: Any) -> None:
    create_function("echo")
    answer, events = stream(lambda_client, "echo", {"a": 1})
    assert answer["StatusCode"] == 200
    assert answer["ExecutedVersion"] == "$LATEST"
    headers = answer["ResponseMetadata"]["HTTPHeaders"]
    assert headers["content-type"] == "application/vnd.amazon.eventstream"
    assert answer["ResponseStreamContentType"] == "application/vnd.amazon.eventstream"
    assert [list(event) for event in events] == [["PayloadChunk"], ["InvokeComplete"]]
    assert json.loads(events[0]["PayloadChunk"]["Payload"]) == {
        "event": {"a": 1},
        "version": "$LATEST",
        "region": "us-east-1",
    }
    assert events[1]["InvokeComplete"] == {}


def test_the_chunk_carries_the_bytes_invoke_returns(create_function: Any, lambda_client: Any) -> None:
    create_function("text", "def handler(event, context):\n    return 'h\\u00e9llo'\n")
    _, events = stream(lambda_client, "text")
    assert events[0]["PayloadChunk"]["Payload"] == lambda_client.invoke(FunctionName="text")["Payload"].read()
    assert json.loads(events[0]["PayloadChunk"]["Payload"]) == "h\u00e9llo"
    create_function("nothing", "def handler(event, context):\n    return None\n")
    _, events = stream(lambda_client, "nothing")
    assert events[0]["PayloadChunk"]["Payload"] == b"null"


def test_a_function_error_completes_with_its_code_and_details(create_function: Any, lambda_client: Any) -> None:
    create_function("fails", FAILING)
    answer, events = stream(lambda_client, "fails", {"fail": True})
    assert answer["StatusCode"] == 200
    assert [list(event) for event in events] == [["InvokeComplete"]]
    complete = events[0]["InvokeComplete"]
    assert complete["ErrorCode"] == "Unhandled"
    details = json.loads(complete["ErrorDetails"])
    assert details["errorType"] == "ValueError"
    assert details["errorMessage"] == "bad input"
    # The same error document Invoke returns as its payload.
    invoked = lambda_client.invoke(FunctionName="fails", Payload=b'{"fail": true}')
    assert json.loads(invoked["Payload"].read()).keys() == details.keys()


def test_log_type_tail_puts_the_log_in_invoke_complete(create_function: Any, lambda_client: Any) -> None:
    create_function("tail", FAILING)
    _, events = stream(lambda_client, "tail", LogType="Tail")
    log = base64.b64decode(events[-1]["InvokeComplete"]["LogResult"]).decode()
    assert log.startswith("START RequestId")
    assert "REPORT RequestId" in log
    _, failed = stream(lambda_client, "tail", {"fail": True}, LogType="Tail")
    complete = failed[-1]["InvokeComplete"]
    assert complete["ErrorCode"] == "Unhandled"
    assert "bad input" in base64.b64decode(complete["LogResult"]).decode()


def test_qualifiers_and_aliases_run_their_version(create_function: Any, lambda_client: Any) -> None:
    create_function("versions", FAILING, Publish=True)
    lambda_client.create_alias(FunctionName="versions", Name="live", FunctionVersion="1")
    for qualifier, expected in (("1", "1"), ("live", "1"), ("$LATEST", "$LATEST")):
        answer, events = stream(lambda_client, "versions", Qualifier=qualifier)
        assert answer["ExecutedVersion"] == expected
        assert json.loads(events[0]["PayloadChunk"]["Payload"])["version"] == expected
    arn = lambda_client.get_alias(FunctionName="versions", Name="live")["AliasArn"]
    answer, _ = stream(lambda_client, arn)
    assert answer["ExecutedVersion"] == "1"


def test_dry_run_answers_204_without_events(create_function: Any, lambda_client: Any) -> None:
    create_function("dry")
    answer, events = stream(lambda_client, "dry", InvocationType="DryRun")
    assert answer["StatusCode"] == 204
    assert events == []


def test_a_missing_function_or_qualifier_fails_before_the_stream(create_function: Any, lambda_client: Any) -> None:
    with pytest.raises(ClientError) as missing:
        stream(lambda_client, "ghost")
    error = missing.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert error["Error"]["Code"] == "ResourceNotFoundException"
    assert error["Error"]["Message"] == "Function not found: arn:aws:lambda:us-east-1:000000000000:function:ghost:$LATEST"
    create_function("real")
    with pytest.raises(ClientError) as no_alias:
        stream(lambda_client, "real", Qualifier="nope")
    assert no_alias.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert no_alias.value.response["Error"]["Message"].endswith("function:real:nope")


def test_bad_payloads_fail_as_invoke_does(create_function: Any, lambda_client: Any) -> None:
    create_function("strict")
    for payload in (b"not json", b"x" * 6_291_457):
        with pytest.raises(ClientError) as streamed:
            lambda_client.invoke_with_response_stream(FunctionName="strict", Payload=payload)
        with pytest.raises(ClientError) as invoked:
            lambda_client.invoke(FunctionName="strict", Payload=payload)
        assert streamed.value.response["Error"] == invoked.value.response["Error"]
        assert (
            streamed.value.response["ResponseMetadata"]["HTTPStatusCode"]
            == invoked.value.response["ResponseMetadata"]["HTTPStatusCode"]
        )
