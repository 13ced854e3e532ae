"""Function output in CloudWatch Logs (boto3 'logs'), and the Logs operations themselves."""

from __future__ import annotations

import base64
import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing.process import wait_until

PRINTS = """
def handler(event, context):
    print("hello from", event.get("who"))
    return "ok"
"""


def log_messages(logs_client: Any, group: str) -> list[str]:
    try:
        found = logs_client.filter_log_events(logGroupName=group)
    except ClientError:
        return []
    return [e["message"] for e in found["events"]]


def test_function_output_reaches_its_log_group(create_function: Any, lambda_client: Any, logs_client: Any) -> None:
    create_function("logged", PRINTS)
    lambda_client.invoke(FunctionName="logged", Payload=json.dumps({"who": "alice"}))
    group = "/aws/lambda/logged"
    messages = wait_until(lambda: (m := log_messages(logs_client, group)) and any("REPORT" in x for x in m) and m)
    text = "".join(messages)
    assert "hello from alice" in text
    assert re.search(r"START RequestId: [0-9a-f-]+ Version: \$LATEST", text)
    assert re.search(r"END RequestId: [0-9a-f-]+", text)
    assert re.search(r"REPORT RequestId: .*Duration: [\d.]+ ms\s+Billed Duration: \d+ ms\s+Memory Size: 128 MB", text)
    groups = logs_client.describe_log_groups(logGroupNamePrefix="/aws/lambda/")["logGroups"]
    assert [g["logGroupName"] for g in groups] == [group]
    streams = logs_client.describe_log_streams(logGroupName=group)["logStreams"]
    assert len(streams) == 1
    assert re.fullmatch(r"\d{4}/\d\d/\d\d/\[\$LATEST\][0-9a-f]{32}", streams[0]["logStreamName"])
    events = logs_client.get_log_events(logGroupName=group, logStreamName=streams[0]["logStreamName"], startFromHead=True)
    assert any("hello from alice" in e["message"] for e in events["events"])
    found = logs_client.filter_log_events(logGroupName=group, filterPattern="hello alice")["events"]
    assert len(found) == 1 and "hello from alice" in found[0]["message"]
    assert logs_client.filter_log_events(logGroupName=group, filterPattern="bob")["events"] == []


def test_logging_config_log_group_receives_the_log(create_function: Any, lambda_client: Any, logs_client: Any) -> None:
    """LoggingConfig.LogGroup: the function logs there instead of /aws/lambda/<name>."""
    create_function("custom-group", PRINTS)
    lambda_client.update_function_configuration(FunctionName="custom-group", LoggingConfig={"LogGroup": "/team/custom"})
    payload = lambda_client.invoke(FunctionName="custom-group", Payload=json.dumps({"who": "carol"}))["Payload"].read()
    assert payload == b'"ok"'
    messages = wait_until(lambda: (m := log_messages(logs_client, "/team/custom")) and any("REPORT" in x for x in m) and m)
    assert any("hello from carol" in message for message in messages)
    assert log_messages(logs_client, "/aws/lambda/custom-group") == []
    # A group that several functions may share: each stream names its function.
    streams = logs_client.describe_log_streams(logGroupName="/team/custom")["logStreams"]
    assert [re.fullmatch(r"\d{4}/\d\d/\d\d/custom-group\[\$LATEST\][0-9a-f]{32}", s["logStreamName"]) is not None for s in streams] == [True]


def test_log_group_and_stream_operations(logs_client: Any) -> None:
    logs_client.create_log_group(logGroupName="app")
    with pytest.raises(ClientError) as info:
        logs_client.create_log_group(logGroupName="app")
    assert info.value.response["Error"]["Code"] == "ResourceAlreadyExistsException"
    logs_client.create_log_stream(logGroupName="app", logStreamName="s1")
    now_ms = int(time.time() * 1000)
    logs_client.put_log_events(
        logGroupName="app",
        logStreamName="s1",
        logEvents=[{"timestamp": now_ms + i, "message": f"line {i}"} for i in range(5)],
    )
    head = logs_client.get_log_events(logGroupName="app", logStreamName="s1", startFromHead=True, limit=2)
    assert [e["message"] for e in head["events"]] == ["line 0", "line 1"]
    following = logs_client.get_log_events(logGroupName="app", logStreamName="s1", nextToken=head["nextForwardToken"], limit=2)
    assert [e["message"] for e in following["events"]] == ["line 2", "line 3"]
    tail = logs_client.get_log_events(logGroupName="app", logStreamName="s1", limit=2)
    assert [e["message"] for e in tail["events"]] == ["line 3", "line 4"]
    logs_client.delete_log_group(logGroupName="app")
    with pytest.raises(ClientError) as info:
        logs_client.describe_log_streams(logGroupName="app")
    assert info.value.response["Error"]["Message"] == "The specified log group does not exist."
    with pytest.raises(ClientError) as info:
        logs_client.delete_log_group(logGroupName="app")
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_each_invocation_logs_start_output_end_report_in_order(
    create_function: Any, lambda_client: Any, logs_client: Any
) -> None:
    """END and REPORT are written after the caller has its result, yet before anything else reads the log."""
    create_function("ordered", PRINTS)
    request_ids = []
    for who in ("first", "second", "third"):
        answer = lambda_client.invoke(FunctionName="ordered", Payload=json.dumps({"who": who}))
        request_ids.append(answer["ResponseMetadata"]["RequestId"])
        # Read at once, without waiting: the invocation's REPORT is already there.
        assert f"REPORT RequestId: {request_ids[-1]}" in "".join(log_messages(logs_client, "/aws/lambda/ordered"))
    (stream,) = logs_client.describe_log_streams(logGroupName="/aws/lambda/ordered")["logStreams"]
    events = logs_client.get_log_events(
        logGroupName="/aws/lambda/ordered", logStreamName=stream["logStreamName"], startFromHead=True
    )["events"]
    expected = ["INIT_START Runtime Version: python:3."]
    for request_id, who in zip(request_ids, ("first", "second", "third"), strict=True):
        expected += [f"START RequestId: {request_id}", f"hello from {who}", f"END RequestId: {request_id}", f"REPORT RequestId: {request_id}"]
    assert len(events) == len(expected)
    for event, start in zip(events, expected, strict=True):
        assert event["message"].startswith(start)
        assert event["message"].endswith("\n")  # as CloudWatch keeps a function's lines, the platform's too


SLEEPS = """
import time

def handler(event, context):
    time.sleep(0.5)
    return "ok"
"""


def test_each_execution_environment_logs_init_start_once(create_function: Any, lambda_client: Any, logs_client: Any) -> None:
    """INIT_START opens each environment's stream, naming the runtime version ARN the configuration shows
    (runtime-management guide, "Identifying Lambda runtime version changes"); it is not in the log tail."""
    create_function("environments", SLEEPS)
    arn = lambda_client.get_function_configuration(FunctionName="environments")["RuntimeVersionConfig"]["RuntimeVersionArn"]
    with ThreadPoolExecutor(2) as pool:  # two at once: two execution environments
        answers = list(pool.map(lambda _: lambda_client.invoke(FunctionName="environments", LogType="Tail"), range(2)))
    lambda_client.invoke(FunctionName="environments")  # warm: no INIT_START
    for answer in answers:
        assert "INIT_START" not in base64.b64decode(answer["LogResult"]).decode()
    group = "/aws/lambda/environments"
    streams = wait_until(lambda: len(found := logs_client.describe_log_streams(logGroupName=group)["logStreams"]) == 2 and found)
    for stream in streams:
        events = logs_client.get_log_events(logGroupName=group, logStreamName=stream["logStreamName"], startFromHead=True)["events"]
        first, *rest = [event["message"] for event in events]
        assert re.fullmatch(rf"INIT_START Runtime Version: python:3\.\d+\.v\d+\tRuntime Version ARN: {re.escape(arn)}\n", first)
        assert rest[0].startswith("START RequestId: ")
        assert not any("INIT_START" in message for message in rest)


def test_function_output_is_echoed_to_the_console(server: Any, create_function: Any, lambda_client: Any) -> None:
    """What a function logs shows on the emulator's console, each line after its function's name."""
    create_function("echoed", PRINTS)
    mark = server.lines_printed
    answer = lambda_client.invoke(FunctionName="echoed", Payload=json.dumps({"who": "carol"}))
    request_id = answer["ResponseMetadata"]["RequestId"]
    report = f"[echoed] REPORT RequestId: {request_id}\tDuration: "
    printed = wait_until(lambda: (lines := server.output_since(mark)) and any(report in line for line in lines) and lines)
    text = "\n".join(printed)
    assert f"[echoed] START RequestId: {request_id} Version: $LATEST" in text
    assert "[echoed] hello from carol" in text
    assert f"[echoed] END RequestId: {request_id}" in text
