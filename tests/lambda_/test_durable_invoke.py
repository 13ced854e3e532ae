"""Durable functions invoked through boto3: DurableConfig, the qualified invocations AWS requires,
steps checkpointed, waits that suspend and replay, step retries, failures, execution names, chained
invokes, the wire contract itself and the execution timeout."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from botocore.exceptions import ClientError
from durable_helpers import (
    CHAIN,
    FAILING,
    OUTLIVES,
    RAW_CONTRACT,
    RETRY,
    STEPS,
    WAIT,
    create_durable_function,
    event_types,
    wait_for_status,
)

from emulator.testing.functions import ROLE, make_zip

ARN_SHAPE = re.compile(
    r"arn:aws:lambda:us-east-1:000000000000:function:(?P<function>[\w-]+):(?P<version>\$LATEST|\d+)"
    r"/durable-execution/(?P<name>[\w-]+)/(?P<id>[\w-]+)"
)


def invoke(lambda_client: Any, name: str, payload: dict[str, Any], **options: Any) -> dict[str, Any]:
    return lambda_client.invoke(FunctionName=name, Payload=json.dumps(payload), **options)


def test_durable_config_is_reported_and_merged_on_update(lambda_client: Any) -> None:
    created = create_durable_function(lambda_client, "orders", STEPS, ExecutionTimeout=600)
    assert created["DurableConfig"] == {"ExecutionTimeout": 600, "RetentionPeriodInDays": 7}
    fetched = lambda_client.get_function(FunctionName="orders")["Configuration"]
    assert fetched["DurableConfig"] == {"ExecutionTimeout": 600, "RetentionPeriodInDays": 7}
    updated = lambda_client.update_function_configuration(FunctionName="orders", DurableConfig={"RetentionPeriodInDays": 30})
    assert updated["DurableConfig"] == {"ExecutionTimeout": 600, "RetentionPeriodInDays": 30}


def test_durable_config_needs_an_execution_timeout(lambda_client: Any) -> None:
    with pytest.raises(ClientError) as caught:
        lambda_client.create_function(
            FunctionName="no-timeout", Runtime="python3.13", Role=ROLE, Handler="app.handler",
            Code={"ZipFile": make_zip({"app.py": STEPS})}, DurableConfig={"RetentionPeriodInDays": 5},
        )  # fmt: skip
    assert caught.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert "without an executionTimeout" in caught.value.response["Error"]["Message"]


def test_an_unqualified_invocation_is_refused(lambda_client: Any) -> None:
    arn = create_durable_function(lambda_client, "orders", STEPS)["FunctionArn"]
    for name in ("orders", arn):
        with pytest.raises(ClientError) as caught:
            invoke(lambda_client, name, {"n": 1})
        assert caught.value.response["Error"]["Code"] == "InvalidParameterValueException"
        assert caught.value.response["Error"]["Message"] == "You cannot invoke a durable function using an unqualified ARN."
    assert lambda_client.list_durable_executions_by_function(FunctionName="orders")["DurableExecutions"] == []


def test_a_synchronous_invocation_checkpoints_steps_and_returns_the_result(lambda_client: Any) -> None:
    create_durable_function(lambda_client, "orders", STEPS)
    answer = invoke(lambda_client, "orders", {"n": 5}, Qualifier="$LATEST")
    assert answer["StatusCode"] == 200 and "FunctionError" not in answer
    assert json.loads(answer["Payload"].read()) == {"result": 11}
    assert answer["ExecutedVersion"] == "$LATEST"
    shape = ARN_SHAPE.fullmatch(answer["DurableExecutionArn"])
    assert shape and shape["function"] == "orders" and shape["version"] == "$LATEST"
    execution = lambda_client.get_durable_execution(DurableExecutionArn=answer["DurableExecutionArn"])
    assert execution["Status"] == "SUCCEEDED"
    assert execution["FunctionArn"].endswith(":function:orders:$LATEST")
    assert json.loads(execution["InputPayload"]) == {"n": 5}
    assert json.loads(execution["Result"]) == {"result": 11}
    assert execution["EndTimestamp"] >= execution["StartTimestamp"]
    events = lambda_client.get_durable_execution_history(DurableExecutionArn=answer["DurableExecutionArn"])["Events"]
    assert [e["EventType"] for e in events] == [
        "ExecutionStarted", "StepStarted", "StepSucceeded", "StepStarted", "StepSucceeded", "InvocationCompleted", "ExecutionSucceeded",
    ]  # fmt: skip
    assert [e["EventId"] for e in events] == list(range(1, 8))
    steps = [e for e in events if e["EventType"] == "StepSucceeded"]
    assert [(e["Name"], e["StepSucceededDetails"]["Result"]["Payload"]) for e in steps] == [("double", "10"), ("add-one", "11")]


def test_an_asynchronous_invocation_answers_at_once_with_the_execution_arn(lambda_client: Any) -> None:
    create_durable_function(lambda_client, "orders", STEPS)
    answer = invoke(lambda_client, "orders", {"n": 1}, Qualifier="$LATEST", InvocationType="Event")
    assert answer["StatusCode"] == 202
    execution = wait_for_status(lambda_client, answer["DurableExecutionArn"], "SUCCEEDED", "FAILED")
    assert execution["Status"] == "SUCCEEDED"
    assert json.loads(execution["Result"]) == {"result": 3}


def test_a_version_or_alias_runs_as_its_version(lambda_client: Any) -> None:
    create_durable_function(lambda_client, "orders", STEPS)
    version = lambda_client.publish_version(FunctionName="orders")["Version"]
    lambda_client.create_alias(FunctionName="orders", Name="live", FunctionVersion=version)
    answer = invoke(lambda_client, "orders:live", {"n": 2})
    assert answer["ExecutedVersion"] == version
    assert ARN_SHAPE.fullmatch(answer["DurableExecutionArn"])["version"] == version  # type: ignore[index]
    execution = lambda_client.get_durable_execution(DurableExecutionArn=answer["DurableExecutionArn"])
    assert execution["FunctionArn"].endswith(":function:orders:live")
    assert execution["Version"] == version


def test_a_wait_suspends_the_execution_and_a_replay_skips_finished_steps(lambda_client: Any) -> None:
    create_durable_function(lambda_client, "pauses", WAIT)
    answer = invoke(lambda_client, "pauses", {}, Qualifier="$LATEST")
    assert json.loads(answer["Payload"].read()) == ["before", "after"]
    events = lambda_client.get_durable_execution_history(DurableExecutionArn=answer["DurableExecutionArn"])["Events"]
    kinds = [e["EventType"] for e in events]
    assert kinds.count("InvocationCompleted") == 2  # suspended by the wait, invoked again when it ended
    assert kinds.index("WaitStarted") < kinds.index("InvocationCompleted") < kinds.index("WaitSucceeded")
    started = [e["Name"] for e in events if e["EventType"] == "StepStarted"]
    assert started == ["before", "after"]  # the replay took "before" from its checkpoint
    wait = next(e for e in events if e["EventType"] == "WaitStarted")
    assert wait["Name"] == "pause" and wait["WaitStartedDetails"]["Duration"] == 1
    assert wait["WaitStartedDetails"]["ScheduledEndTimestamp"] > wait["EventTimestamp"]


def test_a_failed_step_is_retried_after_its_delay(lambda_client: Any) -> None:
    create_durable_function(lambda_client, "flaky", RETRY)
    answer = invoke(lambda_client, "flaky", {}, Qualifier="$LATEST")
    assert json.loads(answer["Payload"].read()) == 2
    events = lambda_client.get_durable_execution_history(DurableExecutionArn=answer["DurableExecutionArn"])["Events"]
    failed = next(e for e in events if e["EventType"] == "StepFailed")
    assert failed["StepFailedDetails"]["Error"]["Payload"]["ErrorMessage"] == "attempt 1 failed"
    assert failed["StepFailedDetails"]["RetryDetails"] == {"CurrentAttempt": 1, "NextAttemptDelaySeconds": 1}
    succeeded = next(e for e in events if e["EventType"] == "StepSucceeded")
    assert succeeded["StepSucceededDetails"]["RetryDetails"]["CurrentAttempt"] == 2


def test_a_handler_error_fails_the_execution(lambda_client: Any) -> None:
    create_durable_function(lambda_client, "strict", FAILING)
    answer = invoke(lambda_client, "strict", {"order": "o-7"}, Qualifier="$LATEST")
    assert answer["FunctionError"] == "Unhandled"
    error = json.loads(answer["Payload"].read())
    assert error["errorType"] == "ValueError" and error["errorMessage"] == "order o-7 is not valid"
    execution = lambda_client.get_durable_execution(DurableExecutionArn=answer["DurableExecutionArn"])
    assert execution["Status"] == "FAILED"
    assert execution["Error"]["ErrorMessage"] == "order o-7 is not valid"
    assert event_types(lambda_client, answer["DurableExecutionArn"])[-1] == "ExecutionFailed"


def test_an_execution_name_is_an_idempotency_key(lambda_client: Any) -> None:
    create_durable_function(lambda_client, "orders", STEPS)
    first = invoke(lambda_client, "orders", {"n": 1}, Qualifier="$LATEST", DurableExecutionName="order-1")
    assert ARN_SHAPE.fullmatch(first["DurableExecutionArn"])["name"] == "order-1"  # type: ignore[index]
    again = invoke(lambda_client, "orders", {"n": 1}, Qualifier="$LATEST", DurableExecutionName="order-1")
    assert again["DurableExecutionArn"] == first["DurableExecutionArn"]  # the same payload: the existing execution
    assert json.loads(again["Payload"].read()) == {"result": 3}
    with pytest.raises(ClientError) as caught:
        invoke(lambda_client, "orders", {"n": 2}, Qualifier="$LATEST", DurableExecutionName="order-1")
    assert caught.value.response["Error"]["Code"] == "DurableExecutionAlreadyStartedException"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    listed = lambda_client.list_durable_executions_by_function(FunctionName="orders", DurableExecutionName="order-1")
    assert [e["DurableExecutionArn"] for e in listed["DurableExecutions"]] == [first["DurableExecutionArn"]]


def test_a_chained_invoke_runs_a_function_or_a_durable_child_execution(lambda_client: Any, create_function: Any) -> None:
    create_function("plain", "def handler(event, context):\n    return {'got': event}\n")
    create_durable_function(lambda_client, "orders", STEPS)
    create_durable_function(lambda_client, "chain", CHAIN)
    answer = invoke(lambda_client, "chain", {}, Qualifier="$LATEST")
    assert json.loads(answer["Payload"].read()) == {"plain": {"got": {"x": 1}}, "child": {"result": 21}}
    events = lambda_client.get_durable_execution_history(DurableExecutionArn=answer["DurableExecutionArn"])["Events"]
    started = {e["Name"]: e["ChainedInvokeStartedDetails"] for e in events if e["EventType"] == "ChainedInvokeStarted"}
    assert started["plain-call"]["FunctionName"] == "plain" and "DurableExecutionArn" not in started["plain-call"]
    child_arn = started["child-call"]["DurableExecutionArn"]
    assert ARN_SHAPE.fullmatch(child_arn)["function"] == "orders"  # type: ignore[index]
    assert lambda_client.get_durable_execution(DurableExecutionArn=child_arn)["Status"] == "SUCCEEDED"
    assert [e["EventType"] for e in events].count("ChainedInvokeSucceeded") == 2


def test_the_wire_contract_without_the_sdk(lambda_client: Any) -> None:
    create_durable_function(lambda_client, "raw", RAW_CONTRACT)
    answer = invoke(lambda_client, "raw", {"k": "v"}, Qualifier="$LATEST")
    report = json.loads(answer["Payload"].read())
    assert report["given"] == ["EXECUTION"]  # the first invocation gets only the execution's own operation
    assert report["changed"] == [["s1", "SUCCEEDED", "1"], ["s2", "SUCCEEDED", "2"]]
    assert report["spent"] == "Invalid checkpoint token"  # each checkpoint consumes its token
    execution_id = ARN_SHAPE.fullmatch(answer["DurableExecutionArn"])["id"]  # type: ignore[index]
    assert report["pages"] == [[execution_id], ["s1"], ["s2"]]


def test_an_execution_past_its_timeout_times_out(lambda_client: Any) -> None:
    create_durable_function(lambda_client, "slow", OUTLIVES, ExecutionTimeout=1)
    answer = invoke(lambda_client, "slow", {}, Qualifier="$LATEST")
    assert answer["FunctionError"] == "Unhandled"
    execution = lambda_client.get_durable_execution(DurableExecutionArn=answer["DurableExecutionArn"])
    assert execution["Status"] == "TIMED_OUT" and "ExpectedExecutionTimeoutTimestamp" not in execution
    assert event_types(lambda_client, answer["DurableExecutionArn"])[-1] == "ExecutionTimedOut"


def test_the_runtime_carries_the_sdk(lambda_client: Any) -> None:
    """AWS's Python runtimes include the durable execution SDK: a handler may import it unshipped."""
    lambda_client.create_function(
        FunctionName="bare",
        Runtime="python3.13",
        Role=ROLE,
        Handler="app.handler",
        Code={"ZipFile": make_zip({"app.py": STEPS})},
        DurableConfig={"ExecutionTimeout": 60},
    )
    answer = invoke(lambda_client, "bare", {"n": 5}, Qualifier="$LATEST")
    assert "FunctionError" not in answer
    assert json.loads(answer["Payload"].read()) == {"result": 11}


NODE_STEPS = """
const { withDurableExecution } = require("@aws/durable-execution-sdk-js");

exports.handler = withDurableExecution(async (event, context) => {
  const doubled = await context.step("double", async () => event.n * 2);
  const added = await context.step("add-one", async () => doubled + 1);
  return { result: added };
});
"""


def test_the_nodejs_runtime_carries_the_sdk(lambda_client: Any) -> None:
    """AWS's Node.js runtimes include the durable execution SDK (installed by ``emulator setup node-sdk``)."""
    lambda_client.create_function(
        FunctionName="node-steps",
        Runtime="nodejs22.x",
        Role=ROLE,
        Handler="index.handler",
        Code={"ZipFile": make_zip({"index.js": NODE_STEPS})},
        DurableConfig={"ExecutionTimeout": 60},
    )
    answer = invoke(lambda_client, "node-steps", {"n": 5}, Qualifier="$LATEST")
    assert "FunctionError" not in answer, answer["Payload"].read()
    assert json.loads(answer["Payload"].read()) == {"result": 11}
    arn = answer["ResponseMetadata"]["HTTPHeaders"]["x-amz-durable-execution-arn"]
    history = lambda_client.get_durable_execution_history(DurableExecutionArn=arn)["Events"]
    steps = [event["Name"] for event in history if event["EventType"] == "StepSucceeded"]
    assert steps == ["double", "add-one"]
