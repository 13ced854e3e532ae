"""Destinations of asynchronous invocations: the invocation record AWS sends to an OnSuccess or
OnFailure destination. The emulator delivers to functions (it has no SQS, SNS or EventBridge)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson

from .workers import InvokeResult


def invocation_record(
    function_arn: str,
    version: str,
    request_id: str,
    condition: str,
    attempts: int,
    payload: bytes,
    result: InvokeResult | None,
) -> bytes:
    """The record of an event's fate; ``condition``: Success, RetriesExhausted, EventAgeExceeded or
    ZeroReservedConcurrency. Without a ``result`` (the event never ran) it has no response members."""
    now = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    record: dict[str, Any] = {
        "version": "1.0",
        "timestamp": now,
        "requestContext": {
            "requestId": request_id,
            "functionArn": f"{function_arn}:{version}",
            "condition": condition,
            "approximateInvokeCount": attempts,
        },
        "requestPayload": _json_or_text(payload),
    }
    if result is not None:
        response_context: dict[str, Any] = {"statusCode": 200, "executedVersion": version}
        if result.function_error is not None:
            response_context["functionError"] = result.function_error
        record["responseContext"] = response_context
        record["responsePayload"] = _json_or_text(result.payload)
    return orjson.dumps(record)


def _json_or_text(data: bytes) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return data.decode(errors="replace")
