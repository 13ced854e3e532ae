"""Durable functions for the tests: handlers using AWS's durable execution SDK, zipped with the SDK
itself copied from this environment (nothing is downloaded), created with a DurableConfig."""

from __future__ import annotations

import io
import time
import zipfile
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from emulator.testing.functions import ROLE

SDK_PACKAGE = "aws_durable_execution_sdk_python"


def sdk_zip(handler_source: str) -> bytes:
    """A zip of ``app.py`` and the durable execution SDK's package."""
    spec = find_spec(SDK_PACKAGE)
    assert spec is not None and spec.submodule_search_locations, "aws-durable-execution-sdk-python is in the test extra"
    root = Path(next(iter(spec.submodule_search_locations)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("app.py", handler_source)
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                archive.write(path, f"{SDK_PACKAGE}/{path.relative_to(root).as_posix()}")
    return buffer.getvalue()


def create_durable_function(lambda_client: Any, name: str, handler_source: str, **config: Any) -> dict[str, Any]:
    """A durable Python function (handler ``app.handler``); ``config`` overrides DurableConfig's members."""
    return lambda_client.create_function(
        FunctionName=name,
        Runtime="python3.13",
        Role=ROLE,
        Handler="app.handler",
        Timeout=30,
        Code={"ZipFile": sdk_zip(handler_source)},
        DurableConfig={"ExecutionTimeout": 300, "RetentionPeriodInDays": 7, **config},
    )


def wait_for_status(lambda_client: Any, arn: str, *statuses: str, timeout: float = 30.0) -> dict[str, Any]:
    """GetDurableExecution once the execution's status is one of ``statuses``."""
    deadline = time.monotonic() + timeout
    while True:
        execution = lambda_client.get_durable_execution(DurableExecutionArn=arn)
        if execution["Status"] in statuses or time.monotonic() > deadline:
            return execution
        time.sleep(0.05)


STEPS = '''
from aws_durable_execution_sdk_python import DurableContext, durable_execution


@durable_execution
def handler(event, context: DurableContext):
    doubled = context.step(lambda _: event["n"] * 2, name="double")
    added = context.step(lambda _: doubled + 1, name="add-one")
    return {"result": added}
'''

WAIT = '''
from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration


@durable_execution
def handler(event, context: DurableContext):
    before = context.step(lambda _: "before", name="before")
    context.wait(Duration.from_seconds(1), name="pause")
    after = context.step(lambda _: "after", name="after")
    return [before, after]
'''

RETRY = '''
from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration, StepConfig
from aws_durable_execution_sdk_python.retries import JitterStrategy, RetryStrategyConfig, create_retry_strategy


def flaky(step_context):
    if step_context.attempt < 2:
        raise RuntimeError(f"attempt {step_context.attempt} failed")
    return step_context.attempt


@durable_execution
def handler(event, context: DurableContext):
    strategy = create_retry_strategy(
        RetryStrategyConfig(max_attempts=3, initial_delay=Duration.from_seconds(1), jitter_strategy=JitterStrategy.NONE)
    )
    return context.step(flaky, name="flaky", config=StepConfig(retry_strategy=strategy))
'''

FAILING = '''
from aws_durable_execution_sdk_python import DurableContext, durable_execution


@durable_execution
def handler(event, context: DurableContext):
    context.step(lambda _: "checked", name="check")
    raise ValueError(f"order {event['order']} is not valid")
'''

CALLBACK = '''
from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import CallbackConfig, Duration


@durable_execution
def handler(event, context: DurableContext):
    timeout = Duration.from_seconds(event.get("timeout", 0))
    callback = context.create_callback(name="approval", config=CallbackConfig(timeout=timeout))
    return {"approval": callback.result()}
'''


def callback_id(lambda_client: Any, arn: str, timeout: float = 30.0) -> str:
    """The id of the execution's callback, once its CallbackStarted event is recorded."""
    deadline = time.monotonic() + timeout
    while True:
        events = lambda_client.get_durable_execution_history(DurableExecutionArn=arn)["Events"]
        started = [e for e in events if e["EventType"] == "CallbackStarted"]
        if started or time.monotonic() > deadline:
            assert started, events
            return started[0]["CallbackStartedDetails"]["CallbackId"]
        time.sleep(0.05)


def wait_for_event(lambda_client: Any, arn: str, event_type: str, timeout: float = 30.0) -> None:
    """Return once the execution's history holds an event of ``event_type``."""
    deadline = time.monotonic() + timeout
    while event_type not in event_types(lambda_client, arn):
        assert time.monotonic() < deadline, f"no {event_type} event"
        time.sleep(0.05)


def event_types(lambda_client: Any, arn: str) -> list[str]:
    return [e["EventType"] for e in lambda_client.get_durable_execution_history(DurableExecutionArn=arn)["Events"]]

CHAIN = '''
from aws_durable_execution_sdk_python import DurableContext, durable_execution


@durable_execution
def handler(event, context: DurableContext):
    plain = context.invoke("plain", {"x": 1}, name="plain-call")
    child = context.invoke("orders:$LATEST", {"n": 10}, name="child-call")
    return {"plain": plain, "child": child}
'''

#: The SDK's composite operations: map and parallel (child contexts), a child context that waits,
#: and wait_for_callback (a callback whose submitter runs as a step).
COMPOSITE = '''
from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration, WaitForCallbackConfig


def nested(ctx):
    ctx.wait(Duration.from_seconds(1), name="inner-wait")
    return ctx.step(lambda _: "nested-done", name="inner-step")


def submit(callback_id, ctx):
    print("submitted", callback_id)


@durable_execution
def handler(event, context: DurableContext):
    squares = context.map(
        [1, 2, 3], lambda ctx, item, index, items: ctx.step(lambda _: item * item, name=f"square-{index}"), name="squares"
    )
    pair = context.parallel([lambda ctx: ctx.step(lambda _: "a", name="left"), lambda ctx: "b"], name="pair")
    inner = context.run_in_child_context(nested, name="child")
    config = WaitForCallbackConfig(timeout=Duration.from_seconds(60))
    approval = context.wait_for_callback(submit, name="approve", config=config)
    return {"squares": squares.get_results(), "pair": pair.get_results(), "inner": inner, "approval": approval}
'''

#: A durable handler that speaks the wire contract itself, with boto3 (no SDK): it checkpoints two
#: steps, tries its spent token again, and pages through GetDurableExecutionState one item at a time.
RAW_CONTRACT = '''
import json

import boto3

client = boto3.client("lambda")


def handler(event, context):
    arn, token = event["DurableExecutionArn"], event["CheckpointToken"]
    given = [operation["Type"] for operation in event["InitialExecutionState"]["Operations"]]
    updates = [
        {"Id": "s1", "Type": "STEP", "Action": "START", "Name": "one"},
        {"Id": "s1", "Type": "STEP", "Action": "SUCCEED", "Payload": "1"},
        {"Id": "s2", "Type": "STEP", "Action": "SUCCEED", "Payload": "2", "Name": "two"},
    ]
    answer = client.checkpoint_durable_execution(DurableExecutionArn=arn, CheckpointToken=token, Updates=updates)
    try:
        client.checkpoint_durable_execution(DurableExecutionArn=arn, CheckpointToken=token, Updates=[])
        spent = None
    except client.exceptions.InvalidParameterValueException as error:
        spent = error.response["Error"]["Message"]
    pages, marker = [], {}
    while True:
        page = client.get_durable_execution_state(
            DurableExecutionArn=arn, CheckpointToken=answer["CheckpointToken"], MaxItems=1, **marker
        )
        pages.append([operation["Id"] for operation in page["Operations"]])
        if "NextMarker" not in page:
            break
        marker = {"Marker": page["NextMarker"]}
    changed = [(o["Id"], o["Status"], o["StepDetails"]["Result"]) for o in answer["NewExecutionState"]["Operations"]]
    report = {"given": given, "changed": changed, "spent": spent, "pages": pages}
    return {"Status": "SUCCEEDED", "Result": json.dumps(report)}
'''

#: A durable handler that waits longer than its execution may run.
OUTLIVES = '''
from aws_durable_execution_sdk_python import DurableContext, durable_execution
from aws_durable_execution_sdk_python.config import Duration


@durable_execution
def handler(event, context: DurableContext):
    context.wait(Duration.from_seconds(600), name="too-long")
    return "never"
'''

#: A durable handler whose first step takes a while: a pause requested meanwhile waits for its checkpoint.
SLOW_STEP = '''
import time

from aws_durable_execution_sdk_python import DurableContext, durable_execution


def slow(step_context):
    time.sleep(3)
    return "slow"


@durable_execution
def handler(event, context: DurableContext):
    first = context.step(slow, name="slow")
    second = context.step(lambda _: "quick", name="quick")
    return [first, second]
'''
