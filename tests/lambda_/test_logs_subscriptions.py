"""Subscription filters with a Lambda destination: the API as AWS answers it, and delivery end to end.

AWS's answers as recorded in LocalStack's AWS-validated snapshots
(tests/aws/services/logs/test_logs_subscription_filters.snapshot.json) and in
users' reports of the permission error (serverless-plugin-log-subscription#6).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing.functions import create_python_function
from emulator.testing.process import EmulatorProcess, wait_until

#: Stores each batch it is sent, decoded, one JSON document a line, in the file $RECEIVED names.
COLLECTOR = """
import base64, gzip, json, os

def handler(event, context):
    data = json.loads(gzip.decompress(base64.b64decode(event["awslogs"]["data"])))
    with open(os.environ["RECEIVED"], "a") as received:
        received.write(json.dumps(data) + "\\n")
    print("collected", len(data["logEvents"]), "events")
"""

PRODUCER = """
def handler(event, context):
    for line in event["lines"]:
        print(line)
"""

ACCOUNT = "000000000000"


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]


def received(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.fixture
def collector(create_function: Any, lambda_client: Any, tmp_path: Path) -> dict[str, Any]:
    """A function that lets CloudWatch Logs invoke it for any log group."""
    path = tmp_path / "received.jsonl"
    arn = create_function("collector", COLLECTOR, Environment={"Variables": {"RECEIVED": str(path)}})["FunctionArn"]
    lambda_client.add_permission(
        FunctionName="collector",
        StatementId="logs",
        Principal="logs.us-east-1.amazonaws.com",
        Action="lambda:InvokeFunction",
        SourceArn=f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:*",
        SourceAccount=ACCOUNT,
    )
    return {"arn": arn, "path": path}


def test_a_function_receives_the_matching_log_of_another(
    create_function: Any, lambda_client: Any, logs_client: Any, collector: dict[str, Any]
) -> None:
    create_function("producer", PRODUCER)
    lambda_client.invoke(FunctionName="producer", Payload=json.dumps({"lines": ["warming up"]}))
    logs_client.put_subscription_filter(
        logGroupName="/aws/lambda/producer", filterName="errors", filterPattern="ERROR", destinationArn=collector["arn"]
    )
    lambda_client.invoke(FunctionName="producer", Payload=json.dumps({"lines": ["ERROR one", "all fine", "ERROR two"]}))
    batches = wait_until(lambda: received(collector["path"]), timeout=15)
    (batch,) = batches
    (stream,) = logs_client.describe_log_streams(logGroupName="/aws/lambda/producer")["logStreams"]
    assert {k: v for k, v in batch.items() if k != "logEvents"} == {
        "messageType": "DATA_MESSAGE",
        "owner": ACCOUNT,
        "logGroup": "/aws/lambda/producer",
        "logStream": stream["logStreamName"],
        "subscriptionFilters": ["errors"],
    }
    assert [e["message"].rstrip("\n") for e in batch["logEvents"]] == ["ERROR one", "ERROR two"]
    stored = logs_client.filter_log_events(logGroupName="/aws/lambda/producer", filterPattern="ERROR")["events"]
    assert [e["timestamp"] for e in batch["logEvents"]] == [e["timestamp"] for e in stored]
    assert all(len(e["id"]) == 56 and e["id"].isdigit() for e in batch["logEvents"])
    assert len({e["id"] for e in batch["logEvents"]}) == 2


def test_events_put_by_hand_are_delivered_by_stream(logs_client: Any, collector: dict[str, Any]) -> None:
    logs_client.create_log_group(logGroupName="app")
    for name in ("a", "b"):
        logs_client.create_log_stream(logGroupName="app", logStreamName=name)
    logs_client.put_subscription_filter(
        logGroupName="app", filterName="json", filterPattern='{ $.level = "error" }', destinationArn=collector["arn"]
    )
    now = int(time.time() * 1000)
    for name in ("a", "b"):
        logs_client.put_log_events(
            logGroupName="app",
            logStreamName=name,
            logEvents=[
                {"timestamp": now, "message": json.dumps({"level": "error", "stream": name})},
                {"timestamp": now + 1, "message": json.dumps({"level": "info"})},
                {"timestamp": now + 2, "message": "not json"},
            ],
        )
    batches = wait_until(lambda: (found := received(collector["path"])) and len(found) == 2 and found, timeout=15)
    by_stream = {b["logStream"]: [json.loads(e["message"]) for e in b["logEvents"]] for b in batches}
    assert by_stream == {"a": [{"level": "error", "stream": "a"}], "b": [{"level": "error", "stream": "b"}]}


def test_a_function_subscribed_to_its_own_log_group_is_not_fed_its_own_output(
    lambda_client: Any, logs_client: Any, collector: dict[str, Any]
) -> None:
    """On AWS this loops without end; here the function's own output is not delivered back to it."""
    lambda_client.invoke(FunctionName="collector", Payload=b"{}", InvocationType="Event")  # fails: no awslogs
    wait_until(lambda: logs_client.describe_log_groups(logGroupNamePrefix="/aws/lambda/collector")["logGroups"])
    logs_client.put_subscription_filter(
        logGroupName="/aws/lambda/collector", filterName="all", filterPattern="", destinationArn=collector["arn"]
    )
    logs_client.create_log_stream(logGroupName="/aws/lambda/collector", logStreamName="by-hand")
    logs_client.put_log_events(
        logGroupName="/aws/lambda/collector",
        logStreamName="by-hand",
        logEvents=[{"timestamp": int(time.time() * 1000), "message": "written by hand"}],
    )
    (batch,) = wait_until(lambda: received(collector["path"]), timeout=15)
    assert [e["message"] for e in batch["logEvents"]] == ["written by hand"]
    time.sleep(1.5)  # the collector's own log ("collected 1 events") would come back by now
    assert len(received(collector["path"])) == 1


def test_put_describe_update_and_delete(logs_client: Any, collector: dict[str, Any]) -> None:
    logs_client.create_log_group(logGroupName="crud")
    assert logs_client.describe_subscription_filters(logGroupName="crud")["subscriptionFilters"] == []
    logs_client.put_subscription_filter(logGroupName="crud", filterName="test", filterPattern="", destinationArn=collector["arn"])
    (created,) = logs_client.describe_subscription_filters(logGroupName="crud")["subscriptionFilters"]
    assert {k: v for k, v in created.items() if k != "creationTime"} == {
        "filterName": "test",
        "logGroupName": "crud",
        "filterPattern": "",
        "destinationArn": collector["arn"],
        "distribution": "ByLogStream",
        "applyOnTransformedLogs": False,
    }
    assert abs(created["creationTime"] - time.time() * 1000) < 60_000
    logs_client.put_subscription_filter(logGroupName="crud", filterName="test", filterPattern="[]", destinationArn=collector["arn"])
    (updated,) = logs_client.describe_subscription_filters(logGroupName="crud")["subscriptionFilters"]
    assert updated["filterPattern"] == "[]"
    logs_client.put_subscription_filter(logGroupName="crud", filterName="other", filterPattern="x", destinationArn=collector["arn"])
    assert error(
        logs_client.put_subscription_filter, logGroupName="crud", filterName="third", filterPattern="", destinationArn=collector["arn"]
    ) == {"Code": "LimitExceededException", "Message": "Resource limit exceeded."}
    assert [f["filterName"] for f in logs_client.describe_subscription_filters(logGroupName="crud", filterNamePrefix="oth")["subscriptionFilters"]] == ["other"]
    logs_client.delete_subscription_filter(logGroupName="crud", filterName="test")
    assert error(logs_client.delete_subscription_filter, logGroupName="crud", filterName="test") == {
        "Code": "ResourceNotFoundException",
        "Message": "The specified subscription filter does not exist.",
    }
    missing_group = {"Code": "ResourceNotFoundException", "Message": "The specified log group does not exist."}
    assert error(logs_client.delete_subscription_filter, logGroupName="absent", filterName="test") == missing_group
    assert error(logs_client.describe_subscription_filters, logGroupName="absent") == missing_group
    arn = collector["arn"]
    assert error(logs_client.put_subscription_filter, logGroupName="absent", filterName="t", filterPattern="", destinationArn=arn) == missing_group


def test_what_aws_checks_of_the_destination(create_function: Any, logs_client: Any) -> None:
    logs_client.create_log_group(logGroupName="checked")
    put = logs_client.put_subscription_filter
    cross_account = {
        "Code": "AccessDeniedException",
        "Message": "Cross-account lambda invocation passing is not allowed. You must use DestinationPolicies to create "
        "cross account lambda triggers.",
    }
    other_account = "arn:aws:lambda:us-east-1:123456789012:function:test"
    assert error(put, logGroupName="absent", filterName="t", filterPattern="", destinationArn=other_account) == cross_account
    kinesis = "arn:aws:kinesis:us-east-1:000000000000:stream/unknown-stream"
    assert error(put, logGroupName="checked", filterName="t", filterPattern="", destinationArn=kinesis) == {
        "Code": "InvalidParameterException",
        "Message": "destinationArn for vendor kinesis cannot be used without roleArn",
    }
    with_role = {"filterPattern": "", "roleArn": f"arn:aws:iam::{ACCOUNT}:role/cwl"}
    assert error(put, logGroupName="checked", filterName="t", destinationArn=kinesis, **with_role) == {
        "Code": "InvalidParameterException",
        "Message": "Could not deliver test message to specified Kinesis stream. Check if the given kinesis stream is in "
        "ACTIVE state.",
    }
    firehose = f"arn:aws:firehose:us-east-1:{ACCOUNT}:deliverystream/none"
    assert error(put, logGroupName="checked", filterName="t", destinationArn=firehose, **with_role)["Message"] == (
        "Could not deliver test message to specified Firehose stream. Check if the given Firehose stream is in ACTIVE state."
    )
    cannot_execute = {
        "Code": "InvalidParameterException",
        "Message": "Could not execute the lambda function. Make sure you have given CloudWatch Logs permission to execute "
        "your function.",
    }
    missing = f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:absent"
    assert error(put, logGroupName="checked", filterName="t", filterPattern="", destinationArn=missing) == cannot_execute
    arn = create_function("unpermitted")["FunctionArn"]
    assert error(put, logGroupName="checked", filterName="t", filterPattern="", destinationArn=arn) == cannot_execute
    assert logs_client.describe_subscription_filters(logGroupName="checked")["subscriptionFilters"] == []


def test_the_permission_must_cover_the_log_group(create_function: Any, lambda_client: Any, logs_client: Any) -> None:
    arn = create_function("narrow")["FunctionArn"]
    lambda_client.add_permission(
        FunctionName="narrow",
        StatementId="logs",
        Principal="logs.amazonaws.com",
        Action="lambda:InvokeFunction",
        SourceArn=f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:/team/*",
    )
    for name in ("/team/api", "/other"):
        logs_client.create_log_group(logGroupName=name)
    logs_client.put_subscription_filter(logGroupName="/team/api", filterName="f", filterPattern="", destinationArn=arn)
    err = error(logs_client.put_subscription_filter, logGroupName="/other", filterName="f", filterPattern="", destinationArn=arn)
    assert err["Code"] == "InvalidParameterException"


def test_a_subscription_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "received.jsonl"
    data = tmp_path / "data"
    with EmulatorProcess("--data-dir", str(data)) as emulator:
        lambda_client, logs_client = emulator.client("lambda"), emulator.client("logs")
        arn = create_python_function(lambda_client, "collector", COLLECTOR, Environment={"Variables": {"RECEIVED": str(path)}})[
            "FunctionArn"
        ]
        lambda_client.add_permission(
            FunctionName="collector", StatementId="logs", Principal="logs.amazonaws.com", Action="lambda:InvokeFunction"
        )
        logs_client.create_log_group(logGroupName="durable")
        logs_client.create_log_stream(logGroupName="durable", logStreamName="s")
        logs_client.put_subscription_filter(logGroupName="durable", filterName="all", filterPattern="", destinationArn=arn)
    with EmulatorProcess("--data-dir", str(data)) as emulator:
        logs_client = emulator.client("logs")
        assert [f["filterName"] for f in logs_client.describe_subscription_filters(logGroupName="durable")["subscriptionFilters"]] == [
            "all"
        ]
        logs_client.put_log_events(
            logGroupName="durable", logStreamName="s", logEvents=[{"timestamp": int(time.time() * 1000), "message": "after"}]
        )
        (batch,) = wait_until(lambda: received(path), timeout=15)
        assert [e["message"] for e in batch["logEvents"]] == ["after"]
