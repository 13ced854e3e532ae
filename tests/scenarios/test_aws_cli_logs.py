"""CloudWatch Logs through the real AWS CLI (v1): reading a function's logs after it ran, and a log
group written by hand.

``aws logs tail`` is an AWS CLI v2 command (v1 has no ``tail``), so it is not covered here.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import pytest
from aws_cli import AwsCli

from emulator.testing import EmulatorProcess
from emulator.testing.functions import create_python_function
from emulator.testing.process import wait_until

HANDLER = """
def handler(event, context):
    print("order", event["order"])
    return event
"""

GROUP = "/aws/lambda/orders"
STREAM_NAME = re.compile(r"\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}")


@pytest.fixture
def cli(server: EmulatorProcess, tmp_path: Path) -> AwsCli:
    return AwsCli(server, tmp_path)


def run_orders(server: EmulatorProcess, count: int) -> None:
    """Invoke the function ``count`` times and wait for its REPORT lines to reach the log group."""
    lambda_client, logs = server.client("lambda"), server.client("logs")
    create_python_function(lambda_client, "orders", HANDLER)
    for order in range(1, count + 1):
        lambda_client.invoke(FunctionName="orders", Payload=f'{{"order": {order}}}'.encode())

    def reports() -> Any:
        found = logs.filter_log_events(logGroupName=GROUP, filterPattern="REPORT")["events"]
        return len(found) == count

    wait_until(reports)


def test_read_a_functions_logs_after_invocations(cli: AwsCli, server: EmulatorProcess) -> None:
    run_orders(server, 3)
    groups = cli.json("logs", "describe-log-groups", "--log-group-name-prefix", "/aws/lambda/")["logGroups"]
    assert [group["logGroupName"] for group in groups] == [GROUP]
    assert groups[0]["arn"] == f"arn:aws:logs:us-east-1:000000000000:log-group:{GROUP}:*"

    streams = cli.json(
        "logs", "describe-log-streams", "--log-group-name", GROUP, "--order-by", "LastEventTime", "--descending",
    )["logStreams"]  # fmt: skip
    assert streams and all(STREAM_NAME.fullmatch(stream["logStreamName"]) for stream in streams)

    events = cli.json(
        "logs", "get-log-events", "--log-group-name", GROUP, "--log-stream-name", streams[-1]["logStreamName"],
        "--start-from-head",
    )  # fmt: skip
    messages = [event["message"] for event in events["events"]]
    assert any(message.startswith("START RequestId: ") for message in messages)
    assert "order 1\n" in messages
    assert events["nextForwardToken"].startswith("f/") and events["nextBackwardToken"].startswith("b/")

    matched = cli.json("logs", "filter-log-events", "--log-group-name", GROUP, "--filter-pattern", '"order"')
    assert [event["message"] for event in matched["events"]] == ["order 1\n", "order 2\n", "order 3\n"]
    # AWS no longer says which streams it searched: the member is an empty list.
    assert matched["searchedLogStreams"] == []

    first = cli.json(
        "logs", "filter-log-events", "--log-group-name", GROUP, "--filter-pattern", '"order"',
        "--page-size", "1", "--max-items", "2",
    )  # fmt: skip
    rest = cli.json(
        "logs", "filter-log-events", "--log-group-name", GROUP, "--filter-pattern", '"order"',
        "--page-size", "1", "--starting-token", first["NextToken"],
    )  # fmt: skip
    assert [event["message"] for event in first["events"]] == ["order 1\n", "order 2\n"]
    assert [event["message"] for event in rest["events"]] == ["order 3\n"]
    assert (first["searchedLogStreams"], rest["searchedLogStreams"]) == ([], [])


def test_write_a_log_group_by_hand_and_read_it_back(cli: AwsCli) -> None:
    assert cli.json("logs", "create-log-group", "--log-group-name", "app") is None
    assert cli.json("logs", "create-log-stream", "--log-group-name", "app", "--log-stream-name", "web") is None
    now = int(time.time() * 1000)  # events older than 14 days would be rejected
    put = cli.json(
        "logs", "put-log-events", "--log-group-name", "app", "--log-stream-name", "web",
        "--log-events", f"timestamp={now},message=started", f"timestamp={now + 5},message=stopped",
    )  # fmt: skip
    assert "rejectedLogEventsInfo" not in put
    events = cli.json("logs", "get-log-events", "--log-group-name", "app", "--log-stream-name", "web")["events"]
    assert [(event["timestamp"], event["message"]) for event in events] == [(now, "started"), (now + 5, "stopped")]

    missing = cli.run("logs", "get-log-events", "--log-group-name", "nope", "--log-stream-name", "web", check=False)
    assert missing.returncode == 255
    assert missing.stderr.strip() == (
        "An error occurred (ResourceNotFoundException) when calling the GetLogEvents operation: "
        "The specified log group does not exist."
    )
