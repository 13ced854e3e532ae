"""CloudWatch Logs' own wording of a few input errors, checked before the model's constraints.

AWS words these differently from the generic ``1 validation error detected: ...``
(LocalStack's AWS-validated snapshots test_logs_groups and test_logs_metric_filters,
recorded 2026-02).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...aws.wording import describe_value
from .base import InvalidParameterException
from .validation_style import validation_exception_checks

MAX_NAME_LENGTH = 512
TOO_LONG = "Invalid LogGroup or LogStream, both must have length less than or equal to 512."

#: The operations whose input names a log group or stream by ``logGroupName`` / ``logStreamName``.
NAMING_OPERATIONS = (
    "AssociateKmsKey", "CreateExportTask", "CreateLogGroup", "CreateLogStream", "DeleteLogGroup",
    "DeleteLogStream", "DeleteMetricFilter", "DeleteRetentionPolicy", "DeleteSubscriptionFilter",
    "DescribeLogStreams", "DescribeMetricFilters", "DescribeQueries", "DescribeSubscriptionFilters",
    "DisassociateKmsKey", "FilterLogEvents", "GetLogEvents", "GetLogGroupFields", "ListTagsLogGroup",
    "PutLogEvents", "PutMetricFilter", "PutRetentionPolicy", "PutSubscriptionFilter", "StartQuery",
    "TagLogGroup", "UntagLogGroup",
)  # fmt: skip

#: How AWS's Java model prints a MetricTransformation, member by member, in this order.
_TRANSFORMATION_MEMBERS = ("metricName", "metricNamespace", "metricValue", "defaultValue", "unit", "dimensions")


def check_names(params: dict[str, Any]) -> None:
    """A group or stream name over 512 characters gets one message for both."""
    for member in ("logGroupName", "logStreamName"):
        value = params.get(member)
        if isinstance(value, str) and len(value) > MAX_NAME_LENGTH:
            raise InvalidParameterException(TOO_LONG)


def check_metric_filter(params: dict[str, Any]) -> None:
    """More than one metric transformation: the list is printed as Java objects, not as maps."""
    check_names(params)
    transformations = params.get("metricTransformations")
    if isinstance(transformations, list) and len(transformations) > 1:
        shown = ", ".join(_transformation(t) for t in transformations)
        raise InvalidParameterException(
            f"1 validation error detected: Value '[{shown}]' at 'metricTransformations' failed to satisfy "
            "constraint: Member must have length less than or equal to 1"
        )


def _transformation(transformation: Any) -> str:
    if not isinstance(transformation, dict):
        return describe_value(transformation)
    shown = dict(transformation)
    if isinstance(shown.get("defaultValue"), int | float):
        shown["defaultValue"] = float(shown["defaultValue"])  # a Java Double: 0 prints as 0.0
    members = ", ".join(f"{m}={describe_value(shown.get(m))}" for m in _TRANSFORMATION_MEMBERS)
    return f"MetricTransformation({members})"


EARLY_CHECKS: dict[str, Callable[[dict[str, Any]], None]] = {
    **dict.fromkeys(NAMING_OPERATIONS, check_names),
    "PutMetricFilter": check_metric_filter,
    **validation_exception_checks(),
}
