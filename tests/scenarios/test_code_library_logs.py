"""AWS's code library CloudWatch Logs scenarios, replayed call for call through boto3.

Sources (awsdocs/aws-doc-sdk-examples, python/example_code/cloudwatch-logs): hello/hello_cloudwatch-logs.py,
scenarios/cloudwatch-logs_basics_scenario.py with cloudwatch-logs_wrapper.py, and
scenarios/large-query (cloudwatch_query.py: a Logs Insights query that, when it returns as many
rows as its limit, queries again from the latest timestamp onwards in two halves). The large-query
scenario hands StartQuery milliseconds; StartQuery takes epoch seconds, which is what is sent here.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess

GROUP = "sdk-example-logs-1700000000"
STREAM = "application-stream-1"
MESSAGES = [
    "INFO: Application started successfully",
    "INFO: Database connection pool initialized (size=10)",
    "INFO: Request processed in 45ms",
    "WARN: High memory usage detected: 85%",
    "ERROR: Connection timeout to database server",
    "INFO: Retrying database connection (attempt 2/3)",
    "INFO: Database connection re-established",
    "INFO: Request processed in 120ms",
    "ERROR: Failed to process request - NullPointerException",
    "INFO: Health check passed - all systems operational",
]


def filtered(client: Any, pattern: str) -> list[dict[str, Any]]:
    pages = client.get_paginator("filter_log_events").paginate(logGroupName=GROUP, filterPattern=pattern)
    return [event for page in pages for event in page["events"]]


def test_hello_describes_log_groups(server: EmulatorProcess) -> None:
    client = server.client("logs")
    assert client.describe_log_groups(limit=5)["logGroups"] == []
    for index in range(7):
        client.create_log_group(logGroupName=f"/hello/group-{index}")
    groups = client.describe_log_groups(limit=5)
    assert [group["logGroupName"] for group in groups["logGroups"]] == [
        f"/hello/group-{index}" for index in range(5)
    ]
    assert "nextToken" in groups
    first = groups["logGroups"][0]
    assert first["arn"] == "arn:aws:logs:us-east-1:000000000000:log-group:/hello/group-0:*"
    assert first["storedBytes"] == 0 and "retentionInDays" not in first


def test_basics_scenario(server: EmulatorProcess) -> None:
    client = server.client("logs")

    client.create_log_group(
        logGroupName=GROUP, tags={"Environment": "SDK-Example", "Project": "CloudWatchLogs-Basics"}
    )
    client.create_log_stream(logGroupName=GROUP, logStreamName=STREAM)
    # The wrapper tolerates a group or stream that already exists by its error code.
    with pytest.raises(ClientError) as group_exists:
        client.create_log_group(logGroupName=GROUP)
    assert group_exists.value.response["Error"]["Code"] == "ResourceAlreadyExistsException"
    with pytest.raises(ClientError) as stream_exists:
        client.create_log_stream(logGroupName=GROUP, logStreamName=STREAM)
    assert stream_exists.value.response["Error"]["Code"] == "ResourceAlreadyExistsException"

    now_ms = int(time.time() * 1000)
    events = [
        {"timestamp": now_ms + index * 3000, "message": message} for index, message in enumerate(MESSAGES)
    ]
    client.put_log_events(logGroupName=GROUP, logStreamName=STREAM, logEvents=events)

    read = client.get_log_events(logGroupName=GROUP, logStreamName=STREAM, startFromHead=True)["events"]
    assert [(event["timestamp"], event["message"]) for event in read] == [
        (event["timestamp"], event["message"]) for event in events
    ]

    assert [event["message"] for event in filtered(client, "ERROR")] == [MESSAGES[4], MESSAGES[8]]
    errors_and_warnings = filtered(client, "?ERROR ?WARN")
    assert [event["message"] for event in errors_and_warnings] == [MESSAGES[3], MESSAGES[4], MESSAGES[8]]
    assert all(event["logStreamName"] == STREAM for event in errors_and_warnings)

    client.put_metric_filter(
        logGroupName=GROUP,
        filterName="ErrorCount",
        filterPattern="ERROR",
        metricTransformations=[
            {
                "metricName": "ApplicationErrors",
                "metricNamespace": "SDKExampleApp",
                "metricValue": "1",
                "defaultValue": 0,
            }
        ],
    )
    pages = client.get_paginator("describe_metric_filters").paginate(
        logGroupName=GROUP, filterNamePrefix="ErrorCount"
    )
    [metric_filter] = [found for page in pages for found in page["metricFilters"]]
    assert (metric_filter["filterName"], metric_filter["filterPattern"]) == ("ErrorCount", "ERROR")
    [transformation] = metric_filter["metricTransformations"]
    assert transformation["metricNamespace"] == "SDKExampleApp"
    assert transformation["metricName"] == "ApplicationErrors"
    assert transformation["defaultValue"] == 0.0

    # put_retention_policy: an unsupported day count is InvalidParameterException, which the wrapper explains.
    with pytest.raises(ClientError) as bad_retention:
        client.put_retention_policy(logGroupName=GROUP, retentionInDays=8)
    assert bad_retention.value.response["Error"]["Code"] == "InvalidParameterException"
    client.put_retention_policy(logGroupName=GROUP, retentionInDays=7)
    pages = client.get_paginator("describe_log_groups").paginate(logGroupNamePrefix=GROUP)
    [group] = [group for page in pages for group in page["logGroups"] if group["logGroupName"] == GROUP]
    assert group["retentionInDays"] == 7
    assert group["arn"] == f"arn:aws:logs:us-east-1:000000000000:log-group:{GROUP}:*"
    assert "storedBytes" in group
    assert abs(group["creationTime"] - now_ms) < 60_000

    client.delete_log_group(logGroupName=GROUP)
    pages = client.get_paginator("describe_log_groups").paginate(logGroupNamePrefix=GROUP)
    assert [group for page in pages for group in page["logGroups"]] == []


def test_large_query_splits_a_full_batch(server: EmulatorProcess) -> None:
    client = server.client("logs")
    group, limit = "/workflows/cloudwatch-logs/large-query", 10000
    client.create_log_group(logGroupName=group)
    client.create_log_stream(logGroupName=group, logStreamName="stream1")
    # 12,000 events one millisecond apart, starting ten minutes ago: more than one query's limit.
    start_ms = (int(time.time()) - 600) * 1000
    total = 12000
    for first in range(0, total, 6000):
        client.put_log_events(
            logGroupName=group,
            logStreamName="stream1",
            logEvents=[
                {"timestamp": start_ms + n, "message": f"event {n:05d}"} for n in range(first, first + 6000)
            ],
        )

    def perform_query(start: datetime, end: datetime) -> list[list[dict[str, str]]]:
        query_id = client.start_query(
            logGroupName=group,
            startTime=int(start.timestamp()),
            endTime=int(end.timestamp()),
            queryString="fields @timestamp, @message | sort @timestamp asc",
            limit=limit,
        )["queryId"]
        while True:
            results = client.get_query_results(queryId=query_id)
            if results["status"] in ("Complete", "Failed", "Cancelled", "Timeout", "Unknown"):
                assert results["status"] == "Complete"
                return results["results"]
            time.sleep(0.05)

    def field(row: list[dict[str, str]], name: str) -> str:
        return next(item["value"] for item in row if item["field"] == name)

    collected: list[list[dict[str, str]]] = []

    def recursive_query(start: datetime, end: datetime) -> None:
        batch = perform_query(start, end)
        collected.extend(batch)
        if len(batch) == limit:
            # The scenario parses @timestamp with datetime.fromisoformat ("2024-01-01 12:00:00.000").
            latest = max(datetime.fromisoformat(field(row, "@timestamp")) for row in batch).replace(
                tzinfo=UTC
            )
            middle = latest + (end - latest) / 2
            recursive_query(latest, middle)
            recursive_query(middle, end)

    query_start = datetime.fromtimestamp(start_ms / 1000 - 60, tz=UTC)
    query_end = datetime.fromtimestamp(start_ms / 1000 + 120, tz=UTC)
    first_batch = perform_query(query_start, query_end)
    assert len(first_batch) == limit
    assert [field(row, "@message") for row in first_batch[:2]] == ["event 00000", "event 00001"]
    assert {item["field"] for item in first_batch[0]} == {"@timestamp", "@message", "@ptr"}
    first_stamp = field(first_batch[0], "@timestamp")
    assert datetime.fromisoformat(first_stamp).replace(tzinfo=UTC) == datetime.fromtimestamp(
        start_ms / 1000, tz=UTC
    )
    assert len(first_stamp) == len("2024-01-01 12:00:00.000")

    recursive_query(query_start, query_end)
    messages = {field(row, "@message") for row in collected}
    assert messages == {f"event {n:05d}" for n in range(total)}
