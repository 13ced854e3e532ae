"""Durable callbacks: an execution suspended on create_callback resumes when
SendDurableExecutionCallbackSuccess / Failure answers it, or fails when its timeout passes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from durable_helpers import (
    CALLBACK,
    COMPOSITE,
    callback_id,
    create_durable_function,
    event_types,
    wait_for_status,
)


def start(lambda_client: Any, payload: dict[str, Any] | None = None) -> str:
    create_durable_function(lambda_client, "approvals", CALLBACK)
    answer = lambda_client.invoke(
        FunctionName="approvals", Qualifier="$LATEST", InvocationType="Event", Payload=json.dumps(payload or {})
    )
    return answer["DurableExecutionArn"]


def error_code(caught: pytest.ExceptionInfo[ClientError]) -> str:
    return caught.value.response["Error"]["Code"]


def test_a_callback_success_resumes_the_execution_with_its_result(lambda_client: Any) -> None:
    arn = start(lambda_client)
    callback = callback_id(lambda_client, arn)
    assert wait_for_status(lambda_client, arn, "RUNNING")["Status"] == "RUNNING"
    lambda_client.send_durable_execution_callback_heartbeat(CallbackId=callback)
    lambda_client.send_durable_execution_callback_success(CallbackId=callback, Result=json.dumps({"by": "ana"}).encode())
    execution = wait_for_status(lambda_client, arn, "SUCCEEDED", "FAILED")
    assert execution["Status"] == "SUCCEEDED"
    assert json.loads(execution["Result"]) == {"approval": json.dumps({"by": "ana"})}
    kinds = event_types(lambda_client, arn)
    assert kinds.index("CallbackStarted") < kinds.index("CallbackSucceeded") < kinds.index("ExecutionSucceeded")
    assert kinds.count("InvocationCompleted") == 2


def test_a_callback_failure_fails_the_execution(lambda_client: Any) -> None:
    arn = start(lambda_client)
    callback = callback_id(lambda_client, arn)
    lambda_client.send_durable_execution_callback_failure(
        CallbackId=callback, Error={"ErrorType": "Rejected", "ErrorMessage": "not approved"}
    )
    execution = wait_for_status(lambda_client, arn, "SUCCEEDED", "FAILED")
    assert execution["Status"] == "FAILED"
    assert "not approved" in execution["Error"]["ErrorMessage"]
    events = lambda_client.get_durable_execution_history(DurableExecutionArn=arn)["Events"]
    failed = next(e for e in events if e["EventType"] == "CallbackFailed")
    assert failed["CallbackFailedDetails"]["Error"]["Payload"] == {"ErrorType": "Rejected", "ErrorMessage": "not approved"}


def test_a_callback_answers_once(lambda_client: Any) -> None:
    arn = start(lambda_client)
    callback = callback_id(lambda_client, arn)
    lambda_client.send_durable_execution_callback_success(CallbackId=callback, Result=b'"yes"')
    with pytest.raises(ClientError) as caught:
        lambda_client.send_durable_execution_callback_success(CallbackId=callback, Result=b'"again"')
    assert error_code(caught) == "InvalidParameterValueException"
    wait_for_status(lambda_client, arn, "SUCCEEDED")


def test_an_unknown_callback_id_is_not_found(lambda_client: Any) -> None:
    for send in (
        lambda: lambda_client.send_durable_execution_callback_success(CallbackId="bm9uZQ==", Result=b"1"),
        lambda: lambda_client.send_durable_execution_callback_failure(CallbackId="bm9uZQ==", Error={}),
        lambda: lambda_client.send_durable_execution_callback_heartbeat(CallbackId="bm9uZQ=="),
    ):
        with pytest.raises(ClientError) as caught:
            send()
        assert error_code(caught) == "ResourceNotFoundException"
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_a_callback_past_its_timeout_times_out(lambda_client: Any) -> None:
    arn = start(lambda_client, {"timeout": 1})
    callback = callback_id(lambda_client, arn)
    execution = wait_for_status(lambda_client, arn, "SUCCEEDED", "FAILED")
    assert execution["Status"] == "FAILED"  # the handler's callback.result() raised the timeout
    assert "CallbackTimedOut" in event_types(lambda_client, arn)
    with pytest.raises(ClientError) as caught:
        lambda_client.send_durable_execution_callback_success(CallbackId=callback, Result=b'"late"')
    assert error_code(caught) == "CallbackTimeoutException"


def test_composite_operations_and_wait_for_callback(lambda_client: Any) -> None:
    create_durable_function(lambda_client, "composite", COMPOSITE)
    answer = lambda_client.invoke(FunctionName="composite", Qualifier="$LATEST", InvocationType="Event", Payload=b"{}")
    arn = answer["DurableExecutionArn"]
    lambda_client.send_durable_execution_callback_success(CallbackId=callback_id(lambda_client, arn), Result=b'"ok"')
    execution = wait_for_status(lambda_client, arn, "SUCCEEDED", "FAILED")
    assert json.loads(execution["Result"]) == {"squares": [1, 4, 9], "pair": ["a", "b"], "inner": "nested-done", "approval": '"ok"'}
    events = lambda_client.get_durable_execution_history(DurableExecutionArn=arn)["Events"]
    contexts = {e["Name"]: e["SubType"] for e in events if e["EventType"] == "ContextStarted" and e.get("Name")}
    assert contexts["squares"] == "Map" and contexts["pair"] == "Parallel" and contexts["child"] == "RunInChildContext"
    assert contexts["approve"] == "WaitForCallback"
    steps = [e for e in events if e["EventType"] == "StepSucceeded" and e["Name"].startswith("square-")]
    assert all(e["ParentId"] for e in steps)  # each item's step runs in its iteration's context
