"""DescribeLimits and DescribeEndpoints: account-level facts."""

from __future__ import annotations

from typing import Any

Params = dict[str, Any]


def describe_limits(provider: Any, ctx: Any, params: Params) -> Params:
    return {
        "AccountMaxReadCapacityUnits": 80000,
        "AccountMaxWriteCapacityUnits": 80000,
        "TableMaxReadCapacityUnits": 40000,
        "TableMaxWriteCapacityUnits": 40000,
    }


def describe_endpoints(provider: Any, ctx: Any, params: Params) -> Params:
    return {"Endpoints": [{"Address": f"dynamodb.{ctx.region}.amazonaws.com", "CachePeriodInMinutes": 1440}]}
