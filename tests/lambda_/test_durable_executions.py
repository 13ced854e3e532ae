"""Reading and managing durable executions: GetDurableExecution, its history's pages, listing by
function with filters and pages, StopDurableExecution, DeleteDurableExecution, and AWS's errors."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from botocore.exceptions import ClientError
from durable_helpers import (
    CALLBACK,
    SLOW_STEP,
    STEPS,
    callback_id,
    create_durable_function,
    event_types,
    wait_for_event,
    wait_for_status,
)

MISSING = "arn:aws:lambda:us-east-1:000000000000:function:orders:$LATEST/durable-execution/nope/nope"


def run(lambda_client: Any, name: str, payload: dict[str, Any], **options: Any) -> str:
    answer = lambda_client.invoke(FunctionName=name, Qualifier="$LATEST", Payload=json.dumps(payload), **options)
    return answer["DurableExecutionArn"]


def error_of(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as caught:
        call(**params)
    return {"code": caught.value.response["Error"]["Code"], "status": caught.value.response["ResponseMetadata"]["HTTPStatusCode"]}


def test_unknown_and_malformed_execution_arns(lambda_client: Any) -> None:
    for call in (lambda_client.get_durable_execution, lambda_client.get_durable_execution_history, lambda_client.stop_durable_execution):
        assert error_of(call, DurableExecutionArn=MISSING) == {"code": "ResourceNotFoundException", "status": 404}
    malformed = error_of(lambda_client.get_durable_execution, DurableExecutionArn="arn:aws:lambda:us-east-1:000000000000:function:orders")
    assert malformed["status"] == 400
    # The SDK's own calls have no ResourceNotFoundException: a bad ARN or token is an invalid parameter.
    assert error_of(lambda_client.checkpoint_durable_execution, DurableExecutionArn=MISSING, CheckpointToken="abc")["code"] == (
        "InvalidParameterValueException"
    )
    assert error_of(lambda_client.get_durable_execution_state, DurableExecutionArn=MISSING, CheckpointToken="abc")["code"] == (
        "InvalidParameterValueException"
    )


def test_a_token_of_a_finished_invocation_is_refused(lambda_client: Any) -> None:
    create_durable_function(lambda_client, "orders", STEPS)
    arn = run(lambda_client, "orders", {"n": 1})
    update = {"Id": "late", "Type": "STEP", "Action": "START"}
    refused = error_of(lambda_client.checkpoint_durable_execution, DurableExecutionArn=arn, CheckpointToken="abcd", Updates=[update])
    assert refused == {"code": "InvalidParameterValueException", "status": 400}
    assert error_of(lambda_client.get_durable_execution_state, DurableExecutionArn=arn, CheckpointToken="abcd")["code"] == (
        "InvalidParameterValueException"
    )


def test_history_pages_reverse_order_and_leaves_out_data_when_asked(lambda_client: Any) -> None:
    create_durable_function(lambda_client, "orders", STEPS)
    arn = run(lambda_client, "orders", {"n": 3})
    everything = lambda_client.get_durable_execution_history(DurableExecutionArn=arn)["Events"]
    ids: list[int] = []
    marker: dict[str, str] = {}
    while True:
        page = lambda_client.get_durable_execution_history(DurableExecutionArn=arn, MaxItems=2, **marker)
        assert len(page["Events"]) <= 2
        ids += [e["EventId"] for e in page["Events"]]
        if "NextMarker" not in page:
            break
        marker = {"Marker": page["NextMarker"]}
    assert ids == [e["EventId"] for e in everything]
    backwards = lambda_client.get_durable_execution_history(DurableExecutionArn=arn, ReverseOrder=True)["Events"]
    assert [e["EventId"] for e in backwards] == ids[::-1]
    bare = lambda_client.get_durable_execution_history(DurableExecutionArn=arn, IncludeExecutionData=False)["Events"]
    started = bare[0]["ExecutionStartedDetails"]
    assert "Payload" not in started["Input"] and started["ExecutionTimeout"] == 300
    assert everything[0]["ExecutionStartedDetails"]["Input"]["Payload"] == json.dumps({"n": 3})
    execution = lambda_client.get_durable_execution(DurableExecutionArn=arn, IncludeExecutionData=False)
    assert execution["ExecutionDataIncluded"] is False and "Result" not in execution and "InputPayload" not in execution


def test_listing_filters_and_pages(lambda_client: Any) -> None:
    create_durable_function(lambda_client, "orders", STEPS)
    create_durable_function(lambda_client, "approvals", CALLBACK)
    done = [run(lambda_client, "orders", {"n": n}, DurableExecutionName=f"order-{n}") for n in range(3)]
    waiting = run(lambda_client, "approvals", {}, InvocationType="Event")
    listed = lambda_client.list_durable_executions_by_function(FunctionName="orders")["DurableExecutions"]
    assert [e["DurableExecutionArn"] for e in listed] == done[::-1]  # newest first
    assert {e["Status"] for e in listed} == {"SUCCEEDED"} and all(e["FunctionArn"].endswith(":orders:$LATEST") for e in listed)
    seen: list[str] = []
    marker: dict[str, str] = {}
    while True:
        page = lambda_client.list_durable_executions_by_function(FunctionName="orders", MaxItems=2, **marker)
        seen += [e["DurableExecutionName"] for e in page["DurableExecutions"]]
        if "NextMarker" not in page:
            break
        marker = {"Marker": page["NextMarker"]}
    assert seen == ["order-2", "order-1", "order-0"]
    oldest_first = lambda_client.list_durable_executions_by_function(FunctionName="orders", ReverseOrder=True)
    assert [e["DurableExecutionName"] for e in oldest_first["DurableExecutions"]] == seen[::-1]
    named = lambda_client.list_durable_executions_by_function(FunctionName="orders", DurableExecutionName="order-1")
    assert [e["DurableExecutionArn"] for e in named["DurableExecutions"]] == [done[1]]
    wait_for_status(lambda_client, waiting, "RUNNING")
    running = lambda_client.list_durable_executions_by_function(FunctionName="approvals", Statuses=["RUNNING"])
    assert [e["DurableExecutionArn"] for e in running["DurableExecutions"]] == [waiting]
    assert lambda_client.list_durable_executions_by_function(FunctionName="orders", Statuses=["RUNNING", "FAILED"])["DurableExecutions"] == []
    second = datetime.timedelta(seconds=1)
    first_start, last_start = listed[-1]["StartTimestamp"], listed[0]["StartTimestamp"]
    for window, expected in (
        ({"StartedAfter": last_start + second}, []),
        ({"StartedBefore": first_start - second}, []),
        ({"StartedAfter": first_start - second, "StartedBefore": last_start + second}, done[::-1]),
    ):
        found = lambda_client.list_durable_executions_by_function(FunctionName="orders", **window)["DurableExecutions"]
        assert [e["DurableExecutionArn"] for e in found] == expected
    assert error_of(lambda_client.list_durable_executions_by_function, FunctionName="nothing") == {
        "code": "ResourceNotFoundException", "status": 404,
    }  # fmt: skip


def test_stopping_a_running_execution(lambda_client: Any) -> None:
    create_durable_function(lambda_client, "approvals", CALLBACK)
    arn = run(lambda_client, "approvals", {}, InvocationType="Event")
    callback = callback_id(lambda_client, arn)
    assert error_of(lambda_client.delete_durable_execution, DurableExecutionArn=arn) == {"code": "ResourceConflictException", "status": 409}
    stopped = lambda_client.stop_durable_execution(DurableExecutionArn=arn, Error={"ErrorType": "Cancelled", "ErrorMessage": "by ops"})
    execution = lambda_client.get_durable_execution(DurableExecutionArn=arn)
    assert execution["Status"] == "STOPPED" and execution["EndTimestamp"] == stopped["StopTimestamp"]
    assert execution["Error"] == {"ErrorType": "Cancelled", "ErrorMessage": "by ops"}
    assert event_types(lambda_client, arn)[-1] == "ExecutionStopped"
    assert error_of(lambda_client.stop_durable_execution, DurableExecutionArn=arn)["code"] == "InvalidParameterValueException"
    assert error_of(lambda_client.send_durable_execution_callback_success, CallbackId=callback, Result=b"1")["code"] == (
        "InvalidParameterValueException"
    )
    lambda_client.delete_durable_execution(DurableExecutionArn=arn)
    assert error_of(lambda_client.get_durable_execution, DurableExecutionArn=arn)["code"] == "ResourceNotFoundException"


def test_pausing_holds_invocations_until_resumed(lambda_client: Any) -> None:
    create_durable_function(lambda_client, "approvals", CALLBACK)
    arn = run(lambda_client, "approvals", {}, InvocationType="Event")
    callback = callback_id(lambda_client, arn)
    wait_for_status(lambda_client, arn, "RUNNING")
    assert error_of(lambda_client.resume_durable_execution, DurableExecutionArn=arn)["code"] == "ResourceConflictException"
    lambda_client.pause_durable_execution(DurableExecutionArn=arn, Reason="maintenance", ClientToken="p-1")
    lambda_client.pause_durable_execution(DurableExecutionArn=arn, Reason="maintenance", ClientToken="p-1")  # a repeat
    paused = wait_for_status(lambda_client, arn, "PAUSED")
    assert paused["Status"] == "PAUSED"
    assert paused["PauseDetails"]["Reason"] == "maintenance" and paused["PauseDetails"]["ExecutionTimeoutPaused"] is True
    assert paused["ExpectedExecutionTimeoutTimestamp"] - paused["StartTimestamp"] == datetime.timedelta(days=366)
    lambda_client.send_durable_execution_callback_success(CallbackId=callback, Result=b'"ok"')
    assert lambda_client.get_durable_execution(DurableExecutionArn=arn)["Status"] == "PAUSED"  # not invoked while paused
    assert event_types(lambda_client, arn).count("InvocationCompleted") == 1
    lambda_client.resume_durable_execution(DurableExecutionArn=arn, Reason="done")
    execution = wait_for_status(lambda_client, arn, "SUCCEEDED", "FAILED")
    assert execution["Status"] == "SUCCEEDED" and "PauseDetails" not in execution
    events = lambda_client.get_durable_execution_history(DurableExecutionArn=arn)["Events"]
    paused_event = next(e for e in events if e["EventType"] == "ExecutionPaused")
    assert paused_event["ExecutionPausedDetails"]["Reason"] == {"Payload": "maintenance", "Truncated": False}
    kinds = [e["EventType"] for e in events]
    assert kinds.count("ExecutionPaused") == 1
    assert kinds.index("ExecutionPaused") < kinds.index("CallbackSucceeded") < kinds.index("ExecutionResumed")
    assert kinds[-1] == "ExecutionSucceeded"


def test_a_pause_during_an_invocation_takes_effect_at_its_next_checkpoint(lambda_client: Any) -> None:
    create_durable_function(lambda_client, "slow", SLOW_STEP)
    arn = run(lambda_client, "slow", {}, InvocationType="Event")
    wait_for_event(lambda_client, arn, "StepStarted")
    lambda_client.pause_durable_execution(DurableExecutionArn=arn, ExecutionTimeoutPaused=False)
    pausing = lambda_client.get_durable_execution(DurableExecutionArn=arn)
    assert pausing["Status"] == "PAUSING" and pausing["PauseDetails"]["ExecutionTimeoutPaused"] is False
    assert pausing["ExpectedExecutionTimeoutTimestamp"] - pausing["StartTimestamp"] == datetime.timedelta(seconds=300)
    assert wait_for_status(lambda_client, arn, "PAUSED")["Status"] == "PAUSED"
    kinds = event_types(lambda_client, arn)
    assert "StepSucceeded" in kinds and "ExecutionSucceeded" not in kinds  # the slow step's checkpoint ended the invocation
    lambda_client.resume_durable_execution(DurableExecutionArn=arn)
    execution = wait_for_status(lambda_client, arn, "SUCCEEDED", "FAILED")
    assert json.loads(execution["Result"]) == ["slow", "quick"]
    assert event_types(lambda_client, arn).count("StepStarted") == 2  # the replay took "slow" from its checkpoint
