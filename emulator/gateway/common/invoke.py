"""Calling a Lambda function from a gateway, bounded by the integration timeout."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
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


def region_of_arn(arn: str, default: str) -> str:
    """The region a function ARN names; ``default`` for names and partial ARNs."""
    parts = arn.split(":")
    return parts[3] if len(parts) > 4 and parts[0] == "arn" and parts[3] else default


async def invoke_function(
    lambda_: Any, region: str, function_arn: str, payload: bytes, timeout_ms: float
) -> LambdaResult:
    """Invoke and wait at most ``timeout_ms``; raises IntegrationTimeout or IntegrationFailure."""
    # A bare timer rather than asyncio.timeout(): this runs on every request, and
    # the context manager's bookkeeping costs more than routing the invocation.
    task = asyncio.current_task()
    assert task is not None
    expired = False

    def expire() -> None:
        nonlocal expired
        expired = True
        task.cancel()

    timer = asyncio.get_running_loop().call_later(timeout_ms / 1000, expire)
    try:
        result = await lambda_.invoke_function(region, function_arn, payload)
    except asyncio.CancelledError:
        if expired:
            task.uncancel()
            raise IntegrationTimeout from None
        raise
    except AwsError as error:
        raise IntegrationFailure(str(error)) from error
    finally:
        timer.cancel()
    return LambdaResult(result.get("Payload") or b"", result.get("FunctionError"))
