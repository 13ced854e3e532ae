"""Metric filters as AWS answers them, replayed from LocalStack's AWS-validated snapshot
tests/aws/services/logs/test_logs_metric_filters.snapshot.json (recorded 2026-02-05).
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    return info.value.response["Error"]


def described(logs_client: Any, **params: Any) -> list[dict[str, Any]]:
    found = logs_client.describe_metric_filters(**params)["metricFilters"]
    for metric_filter in found:
        assert isinstance(metric_filter.pop("creationTime"), int)
    return found


def test_a_default_value_comes_back_as_a_double(logs_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_logs_metric_filters.snapshot.json::test_put_metric_filter_basic
    # and ::test_put_metric_filter_json_pattern
    logs_client.create_log_group(logGroupName="g")
    transformation = {"metricNamespace": "ns", "metricName": "m", "metricValue": "1", "defaultValue": 0}
    for name, pattern in (("basic", " "), ("json", '{$.message = "test"}')):
        logs_client.put_metric_filter(logGroupName="g", filterName=name, filterPattern=pattern, metricTransformations=[transformation])
        assert described(logs_client, logGroupName="g", filterNamePrefix=name) == [
            {
                "applyOnTransformedLogs": False,
                "filterName": name,
                "filterPattern": pattern,
                "logGroupName": "g",
                "metricTransformations": [{"defaultValue": 0.0, "metricName": "m", "metricNamespace": "ns", "metricValue": "1"}],
            }
        ]
    raw = logs_client.describe_metric_filters(logGroupName="g")["metricFilters"]
    assert all(isinstance(f["metricTransformations"][0]["defaultValue"], float) for f in raw)


def test_filters_by_prefix_across_groups_and_by_group(logs_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_logs_metric_filters.snapshot.json::test_describe_metric_filters_by_prefix
    # and ::test_describe_metric_filters_by_log_group
    for i in range(2):
        logs_client.create_log_group(logGroupName=f"group-{i}")
        logs_client.put_metric_filter(
            logGroupName=f"group-{i}",
            filterName=f"prefix-{i}",
            filterPattern=f"filterPattern{i}",
            metricTransformations=[{"metricNamespace": f"namespace{i}", "metricName": f"metric{i}", "metricValue": str(i)}],
        )
    expected = [
        {
            "applyOnTransformedLogs": False,
            "filterName": f"prefix-{i}",
            "filterPattern": f"filterPattern{i}",
            "logGroupName": f"group-{i}",
            "metricTransformations": [{"metricName": f"metric{i}", "metricNamespace": f"namespace{i}", "metricValue": str(i)}],
        }
        for i in range(2)
    ]
    assert described(logs_client, filterNamePrefix="prefix") == expected
    assert described(logs_client, logGroupName="group-0") == expected[:1]
    assert described(logs_client, metricName="metric1", metricNamespace="namespace1") == expected[1:]


def test_more_than_one_transformation_is_printed_as_aws_prints_it(logs_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_logs_metric_filters.snapshot.json::test_put_metric_filter_too_many_transformations
    logs_client.create_log_group(logGroupName="g")
    transformations = [
        {"metricNamespace": f"namespace{i}", "metricName": f"metric{i}", "metricValue": "1"} for i in (1, 2)
    ]
    err = error(logs_client.put_metric_filter, logGroupName="g", filterName="valid-filter", filterPattern="pattern", metricTransformations=transformations)
    assert err == {
        "Code": "InvalidParameterException",
        "Message": "1 validation error detected: Value '[MetricTransformation(metricName=metric1, metricNamespace=namespace1, "
        "metricValue=1, defaultValue=null, unit=null, dimensions=null), MetricTransformation(metricName=metric2, "
        "metricNamespace=namespace2, metricValue=1, defaultValue=null, unit=null, dimensions=null)]' at "
        "'metricTransformations' failed to satisfy constraint: Member must have length less than or equal to 1",
    }
    assert logs_client.describe_metric_filters(logGroupName="g")["metricFilters"] == []


@pytest.mark.parametrize(
    ("operation", "params", "member", "limit"),
    [
        # LocalStack's AWS-validated snapshot test_logs_metric_filters.snapshot.json::test_put_metric_filter_invalid_filter_name
        ("put_metric_filter", {"filterName": "X" * 513}, "filterName", 512),
        # ... ::test_put_metric_filter_invalid_filter_pattern
        ("put_metric_filter", {"filterPattern": "X" * 1025}, "filterPattern", 1024),
        # ... ::test_delete_metric_filter_invalid_filter_name
        ("delete_metric_filter", {"filterName": "X" * 513}, "filterName", 512),
        # ... ::test_describe_metric_filters_invalid_parameters
        ("describe_metric_filters", {"filterNamePrefix": "X" * 513}, "filterNamePrefix", 512),
        ("describe_metric_filters", {"metricName": "X" * 256, "metricNamespace": "valid"}, "metricName", 255),
    ],
)
def test_over_long_members_are_refused_by_name(
    logs_client: Any, operation: str, params: dict[str, Any], member: str, limit: int
) -> None:
    logs_client.create_log_group(logGroupName="g")
    given: dict[str, Any] = {}
    if operation == "put_metric_filter":
        given = {
            "logGroupName": "g",
            "filterName": "valid-filter",
            "filterPattern": "pattern",
            "metricTransformations": [{"metricNamespace": "namespace", "metricName": "metric", "metricValue": "1"}],
        }
    elif operation == "delete_metric_filter":
        given = {"logGroupName": "g"}
    given.update(params)
    assert error(getattr(logs_client, operation), **given) == {
        "Code": "InvalidParameterException",
        "Message": f"1 validation error detected: Value '{params[member]}' at '{member}' failed to satisfy constraint: "
        f"Member must have length less than or equal to {limit}",
    }


def test_a_metric_namespace_may_hold_a_colon(logs_client: Any) -> None:
    # LocalStack's AWS-validated snapshot test_logs_metric_filters.snapshot.json::test_put_metric_filter_with_special_namespace:
    # AWS takes the ':' botocore's MetricNamespace pattern ([^:*$]*) forbids, and describes it back.
    logs_client.create_log_group(logGroupName="g")
    namespace = "A.B-c_d/1#2:metricNamespace"
    transformation = {"metricNamespace": namespace, "metricName": "m", "metricValue": "1"}
    logs_client.put_metric_filter(logGroupName="g", filterName="f", filterPattern=" ", metricTransformations=[transformation])
    assert described(logs_client, metricNamespace=namespace, metricName="m")[0]["metricTransformations"] == [
        {"metricName": "m", "metricNamespace": namespace, "metricValue": "1"}
    ]
    too_long = {**transformation, "metricNamespace": "n" * 256}
    assert error(logs_client.put_metric_filter, logGroupName="g", filterName="f", filterPattern=" ", metricTransformations=[too_long])["Code"] == "InvalidParameterException"
