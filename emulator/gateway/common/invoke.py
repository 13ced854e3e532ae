"""Calling a Lambda function from a gateway, bounded by the integration timeout."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...aws.errors import AwsError


class IntegrationTimeout(Exception):
    pass


class IntegrationFailure(Exception):
    """The function could not be invoked at all (missing, throttled, misconfigured)."""


@dataclass(slots=True)
class LambdaResult:
    payload: bytes
    function_error: str | None


@lru_cache(maxsize=1024)  # the data planes ask on every request, for the same few functions
def region_of_arn(arn: str, default: str) -> str:
    """The region a function ARN names; ``default`` for names and partial ARNs."""
    parts = arn.split(":")
    return parts[3] if len(parts) > 4 and parts[0] == "arn" and parts[3] else default


async def invoke_function(
    lambda_: Any, region: str, function_arn: str, payload: bytes, timeout_ms: float, tenant_id: str | None = None,
    trace_id: str = "",
) -> LambdaResult:
    """Invoke and wait at most ``timeout_ms``; raises IntegrationTimeout or IntegrationFailure.

    ``tenant_id``: the ``X-Amz-Tenant-Id`` header the integration maps, for a tenant-isolated function;
    ``trace_id``: the X-Ray trace header the function runs under (a new one if empty).
    """
    try:
        result = await lambda_.invoke_function(
            region, function_arn, payload, wait_s=timeout_ms / 1000, tenant_id=tenant_id, trace_id=trace_id
        )
    except TimeoutError:
        raise IntegrationTimeout from None
    except AwsError as error:
        raise IntegrationFailure(str(error)) from error
    return LambdaResult(result.get("Payload") or b"", result.get("FunctionError"))
