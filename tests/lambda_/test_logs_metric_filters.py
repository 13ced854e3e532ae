"""Metric filters (stored, listed, tested; no metrics are published), ListLogGroups and DescribeLogGroups by identifier.

TestMetricFilter's numbering and empty extractedValues for terms are as the AWS CLI's
example shows them (aws-cli awscli/examples/logs/test-metric-filter.rst).
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

MISSING_GROUP = {"Code": "ResourceNotFoundException", "Message": "The specified log group does not exist."}


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]


def transformation(name: str, namespace: str = "App", **extra: Any) -> list[dict[str, Any]]:
    return [{"metricName": name, "metricNamespace": namespace, "metricValue": "1", **extra}]


def test_put_describe_and_delete_metric_filters(logs_client: Any) -> None:
    for group in ("/app/api", "/app/worker"):
        logs_client.create_log_group(logGroupName=group)
    logs_client.put_metric_filter(
        logGroupName="/app/api",
        filterName="errors",
        filterPattern='{ $.level = "ERROR" }',
        metricTransformations=transformation("Errors", defaultValue=0.0, unit="Count", dimensions={"Service": "$.service"}),
    )
    logs_client.put_metric_filter(
        logGroupName="/app/worker", filterName="errors-worker", filterPattern=" ", metricTransformations=transformation("Jobs", "Work")
    )
    logs_client.put_metric_filter(
        logGroupName="/app/api", filterName="latency", filterPattern="{ $.latency > 0 }", metricTransformations=transformation("Latency")
    )
    (errors, latency) = logs_client.describe_metric_filters(logGroupName="/app/api")["metricFilters"]
    assert {k: v for k, v in errors.items() if k != "creationTime"} == {
        "filterName": "errors",
        "filterPattern": '{ $.level = "ERROR" }',
        "logGroupName": "/app/api",
        "applyOnTransformedLogs": False,
        "metricTransformations": [
            {
                "metricName": "Errors",
                "metricNamespace": "App",
                "metricValue": "1",
                "defaultValue": 0.0,
                "unit": "Count",
                "dimensions": {"Service": "$.service"},
            }
        ],
    }
    assert latency["filterName"] == "latency" and "fieldSelectionCriteria" not in latency
    logs_client.put_metric_filter(
        logGroupName="/app/api",
        filterName="latency",
        filterPattern="{ $.latency > 0 }",
        metricTransformations=transformation("Latency"),
        fieldSelectionCriteria='$.service IN ["api"]',
        emitSystemFieldDimensions=["@aws.region"],
    )
    updated = logs_client.describe_metric_filters(logGroupName="/app/api", filterNamePrefix="latency")["metricFilters"][0]
    assert updated["fieldSelectionCriteria"] == '$.service IN ["api"]'
    assert updated["emitSystemFieldDimensions"] == ["@aws.region"]
    logs_client.put_metric_filter(
        logGroupName="/app/api", filterName="errors-z", filterPattern="Z", metricTransformations=transformation("Z")
    )
    everywhere = logs_client.describe_metric_filters(filterNamePrefix="errors")["metricFilters"]
    assert [(f["logGroupName"], f["filterName"]) for f in everywhere] == [
        ("/app/api", "errors"),
        ("/app/worker", "errors-worker"),
        ("/app/api", "errors-z"),
    ]  # by filter name, across groups
    logs_client.delete_metric_filter(logGroupName="/app/api", filterName="errors-z")
    by_metric = logs_client.describe_metric_filters(metricName="Jobs", metricNamespace="Work")["metricFilters"]
    assert [f["filterName"] for f in by_metric] == ["errors-worker"]
    assert logs_client.describe_log_groups(logGroupNamePrefix="/app/api")["logGroups"][0]["metricFilterCount"] == 2
    logs_client.put_metric_filter(
        logGroupName="/app/api", filterName="errors", filterPattern="?ERROR ?FATAL", metricTransformations=transformation("Errors")
    )
    assert logs_client.describe_metric_filters(logGroupName="/app/api", filterNamePrefix="err")["metricFilters"][0]["filterPattern"] == (
        "?ERROR ?FATAL"
    )
    logs_client.delete_metric_filter(logGroupName="/app/api", filterName="errors")
    assert [f["filterName"] for f in logs_client.describe_metric_filters(logGroupName="/app/api")["metricFilters"]] == ["latency"]
    assert error(logs_client.delete_metric_filter, logGroupName="/app/api", filterName="errors") == {
        "Code": "ResourceNotFoundException",
        "Message": "The specified metric filter does not exist.",
    }


def test_dimensions_need_a_structured_pattern(logs_client: Any) -> None:
    """As AWS answers (terraform-provider-aws#22105, #28881)."""
    logs_client.create_log_group(logGroupName="dims")
    err = error(
        logs_client.put_metric_filter,
        logGroupName="dims",
        filterName="f",
        filterPattern="ERROR",
        metricTransformations=transformation("M", dimensions={"Level": "$.level"}),
    )
    assert err == {"Code": "InvalidParameterException", "Message": "The specified filter pattern does not support dimensions"}
    logs_client.put_metric_filter(
        logGroupName="dims",
        filterName="f",
        filterPattern="[level, message]",
        metricTransformations=transformation("M", dimensions={"Level": "$level"}),
    )


def test_metric_filters_of_a_missing_group(logs_client: Any) -> None:
    put = logs_client.put_metric_filter
    assert error(put, logGroupName="absent", filterName="f", filterPattern="", metricTransformations=transformation("M")) == MISSING_GROUP
    assert error(logs_client.describe_metric_filters, logGroupName="absent") == MISSING_GROUP
    assert error(logs_client.delete_metric_filter, logGroupName="absent", filterName="f") == MISSING_GROUP


def test_metric_filters_page(logs_client: Any) -> None:
    logs_client.create_log_group(logGroupName="many")
    for n in range(5):
        logs_client.put_metric_filter(logGroupName="many", filterName=f"f{n}", filterPattern="", metricTransformations=transformation("M"))
    first = logs_client.describe_metric_filters(logGroupName="many", limit=3)
    rest = logs_client.describe_metric_filters(logGroupName="many", limit=3, nextToken=first["nextToken"])
    assert [f["filterName"] for f in first["metricFilters"] + rest["metricFilters"]] == [f"f{n}" for n in range(5)]
    assert "nextToken" not in rest


def test_test_metric_filter_with_terms(logs_client: Any) -> None:
    answer = logs_client.test_metric_filter(
        filterPattern="ERROR", logEventMessages=["[ERROR] 400 BAD REQUEST", "[ERROR] 400 BAD REQUEST", "[INFO] 200 OK"]
    )
    assert answer["matches"] == [
        {"eventNumber": 1, "eventMessage": "[ERROR] 400 BAD REQUEST", "extractedValues": {}},
        {"eventNumber": 2, "eventMessage": "[ERROR] 400 BAD REQUEST", "extractedValues": {}},
    ]


def test_test_metric_filter_extracts_space_delimited_fields(logs_client: Any) -> None:
    lines = [
        '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 1534',
        '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 200 1534',
        "too short",
    ]
    pattern = "[ip, identity, user, timestamp, request, status_code = 4*, bytes > 1000]"
    (match,) = logs_client.test_metric_filter(filterPattern=pattern, logEventMessages=lines)["matches"]
    assert match["eventNumber"] == 1
    assert match["extractedValues"] == {
        "$ip": "127.0.0.1",
        "$identity": "-",
        "$user": "frank",
        "$timestamp": "10/Oct/2000:13:25:15 -0700",
        "$request": "GET /apache_pb.gif HTTP/1.0",
        "$status_code": "404",
        "$bytes": "1534",
    }
    tail = logs_client.test_metric_filter(filterPattern="[..., status_code, bytes]", logEventMessages=lines[:1])["matches"]
    assert tail[0]["extractedValues"] == {
        "$1": "127.0.0.1",
        "$2": "-",
        "$3": "frank",
        "$4": "10/Oct/2000:13:25:15 -0700",
        "$5": "GET /apache_pb.gif HTTP/1.0",
        "$status_code": "404",
        "$bytes": "1534",
    }  # fields under the ellipsis by position, as the user guide's example shows


def test_test_metric_filter_with_json_patterns(logs_client: Any) -> None:
    lines = [
        json.dumps({"level": "ERROR", "latency": 250, "user": {"id": "u1"}}),
        json.dumps({"level": "ERROR", "latency": 20}),
        json.dumps({"level": "INFO", "latency": 900}),
        "not json at all",
    ]
    matches = logs_client.test_metric_filter(
        filterPattern='{ $.level = "ERROR" && ($.latency > 100 || $.user.id NOT EXISTS) }', logEventMessages=lines
    )["matches"]
    assert [m["eventNumber"] for m in matches] == [1, 2]
    assert matches[0]["extractedValues"] == {}  # only space-delimited patterns extract values
    wildcard = logs_client.test_metric_filter(filterPattern="{ $.level = ERR* }", logEventMessages=lines)["matches"]
    assert [m["eventNumber"] for m in wildcard] == [1, 2]
    absent = logs_client.test_metric_filter(filterPattern="{ $.user.id != \"u1\" }", logEventMessages=lines)["matches"]
    assert absent == []


def test_an_invalid_pattern_is_refused(logs_client: Any) -> None:
    err = error(logs_client.test_metric_filter, filterPattern="{ $.level = ", logEventMessages=["x"])
    assert err["Code"] == "InvalidParameterException"


def test_list_log_groups(logs_client: Any) -> None:
    for name in ("/aws/lambda/orders", "/aws/lambda/users", "/team/Orders-audit"):
        logs_client.create_log_group(logGroupName=name)
    listed = logs_client.list_log_groups()["logGroups"]
    assert listed[0] == {
        "logGroupName": "/aws/lambda/orders",
        "logGroupArn": "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/orders",
        "logGroupClass": "STANDARD",
    }
    assert [g["logGroupName"] for g in listed] == ["/aws/lambda/orders", "/aws/lambda/users", "/team/Orders-audit"]
    found = logs_client.list_log_groups(logGroupNamePattern="rders")["logGroups"]
    assert [g["logGroupName"] for g in found] == ["/aws/lambda/orders", "/team/Orders-audit"]
    assert [g["logGroupName"] for g in logs_client.list_log_groups(logGroupNamePattern="Orders")["logGroups"]] == [
        "/team/Orders-audit"  # case-sensitive, as the API reference says
    ]
    assert [g["logGroupName"] for g in logs_client.list_log_groups(logGroupNamePattern="^/aws/lambda/o")["logGroups"]] == [
        "/aws/lambda/orders"
    ]
    anchored = logs_client.list_log_groups(logGroupNamePattern="^/team|users")["logGroups"]
    assert [g["logGroupName"] for g in anchored] == ["/aws/lambda/users", "/team/Orders-audit"]
    first = logs_client.list_log_groups(limit=2)
    rest = logs_client.list_log_groups(limit=2, nextToken=first["nextToken"])
    assert [g["logGroupName"] for g in rest["logGroups"]] == ["/team/Orders-audit"] and "nextToken" not in rest


def test_describe_log_groups_by_identifier(logs_client: Any) -> None:
    for name in ("one", "two", "three"):
        logs_client.create_log_group(logGroupName=name)
    arn = "arn:aws:logs:us-east-1:000000000000:log-group:three"
    found = logs_client.describe_log_groups(logGroupIdentifiers=["two", arn, "absent"])["logGroups"]
    assert [g["logGroupName"] for g in found] == ["three", "two"]
    err = error(logs_client.describe_log_groups, logGroupIdentifiers=["two"], logGroupNamePrefix="t")
    assert err["Code"] == "InvalidParameterException"


def test_filter_log_events_reads_json_and_space_delimited_patterns(logs_client: Any) -> None:
    logs_client.create_log_group(logGroupName="structured")
    logs_client.create_log_stream(logGroupName="structured", logStreamName="s")
    now = int(time.time() * 1000)
    lines = [json.dumps({"status": 500}), json.dumps({"status": 200}), "GET /a 404", "GET /b 200"]
    logs_client.put_log_events(
        logGroupName="structured", logStreamName="s", logEvents=[{"timestamp": now + i, "message": m} for i, m in enumerate(lines)]
    )

    def found(pattern: str) -> list[str]:
        return [e["message"] for e in logs_client.filter_log_events(logGroupName="structured", filterPattern=pattern)["events"]]

    assert found("{ $.status >= 500 }") == [lines[0]]
    assert found("[method, path, status = 4*]") == [lines[2]]
    assert error(logs_client.filter_log_events, logGroupName="structured", filterPattern="{ $.status >= }")["Code"] == (
        "InvalidParameterException"
    )
