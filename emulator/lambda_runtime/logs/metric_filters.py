"""Metric filters: Put/Describe/DeleteMetricFilter and TestMetricFilter.

Filters are stored and persisted with their group; the emulator has no
CloudWatch metrics, so nothing is published.
"""

from __future__ import annotations

from typing import Any

from ...aws.context import RequestContext
from .base import (
    InvalidParameterException,
    LimitExceededException,
    LogsOperations,
    ResourceNotFoundException,
    page,
)
from .filter import PatternError, compile_extractor
from .store import now_ms

#: Metric filters a log group may have.
MAX_METRIC_FILTERS = 100


class MetricFilterOperations(LogsOperations):
    def put_metric_filter(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, params)
        name = params["filterName"]
        if name not in group.metric_filters and len(group.metric_filters) >= MAX_METRIC_FILTERS:
            raise LimitExceededException("Resource limit exceeded.")
        _compile(params["filterPattern"])
        if any(t.get("dimensions") for t in params["metricTransformations"]) and not _structured(params["filterPattern"]):
            raise InvalidParameterException("The specified filter pattern does not support dimensions")
        previous = group.metric_filters.get(name)
        group.metric_filters[name] = {
            "filterName": name,
            "filterPattern": params["filterPattern"],
            "metricTransformations": [_transformation(t) for t in params["metricTransformations"]],
            "creationTime": previous["creationTime"] if previous else now_ms(),
            "logGroupName": group.name,
            "applyOnTransformedLogs": bool(params.get("applyOnTransformedLogs")),
            **{member: params[member] for member in ("fieldSelectionCriteria", "emitSystemFieldDimensions") if member in params},
        }
        self.store.dirty = True
        return {}

    def describe_metric_filters(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        metric, namespace = params.get("metricName"), params.get("metricNamespace")
        if (metric is None) != (namespace is None):
            raise InvalidParameterException("If you specify a metric name, you must also specify a metric namespace.")
        if params.get("logGroupName"):
            groups = [self._group(ctx, params)]
        else:
            groups = list(self.store.groups.get(ctx.region, {}).values())
        prefix = params.get("filterNamePrefix") or ""
        found = sorted(
            (
                f
                for group in groups
                for f in group.metric_filters.values()
                if f["filterName"].startswith(prefix)
                and (
                    metric is None
                    or any(t["metricName"] == metric and t["metricNamespace"] == namespace for t in f["metricTransformations"])
                )
            ),
            key=_order,
        )
        listed, token = page("metricFilters", found, params, params.get("limit") or 50, _order)
        return {"metricFilters": [dict(f) for f in listed], **({"nextToken": token} if token else {})}

    def delete_metric_filter(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, params)
        if group.metric_filters.pop(params["filterName"], None) is None:
            raise ResourceNotFoundException("The specified metric filter does not exist.")
        self.store.dirty = True
        return {}

    def test_metric_filter(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        extract = _compile(params["filterPattern"])
        matches = []
        for number, message in enumerate(params["logEventMessages"], start=1):
            values = extract(message)
            if values is not None:
                matches.append({"eventNumber": number, "eventMessage": message, "extractedValues": values})
        return {"matches": matches}


def _transformation(given: dict[str, Any]) -> dict[str, Any]:
    """A transformation as AWS keeps it: ``defaultValue`` is a double (0 comes back as 0.0)."""
    kept = dict(given)
    if "defaultValue" in kept:
        kept["defaultValue"] = float(kept["defaultValue"])
    return kept


def _compile(pattern: str) -> Any:
    try:
        return compile_extractor(pattern)
    except PatternError:
        raise InvalidParameterException("Invalid metric filter pattern") from None


def _structured(pattern: str) -> bool:
    """JSON and space-delimited patterns name the fields a dimension can take its value from; terms do not."""
    return pattern.strip()[:1] in ("{", "[")


def _order(metric_filter: dict[str, Any]) -> tuple[str, str]:
    """ASCII order of filter name, as the API reference says; the group's name breaks ties across groups."""
    return (metric_filter["filterName"], metric_filter["logGroupName"])
