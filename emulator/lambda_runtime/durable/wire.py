"""The durable invocation's contract: the input Lambda hands the handler (JSON, timestamps in epoch
milliseconds), and the output the SDK answers with (``Status`` SUCCEEDED, FAILED or PENDING)."""

from __future__ import annotations

from typing import Any

import orjson

from .model import Execution
from .updates import replayed

#: Timestamp members of an operation, by the details structure that holds them (None: the operation itself).
_TIMESTAMPS: tuple[tuple[str | None, str], ...] = (
    (None, "StartTimestamp"),
    (None, "EndTimestamp"),
    ("StepDetails", "NextAttemptTimestamp"),
    ("WaitDetails", "ScheduledEndTimestamp"),
)


def invocation_input(execution: Execution, token: str) -> bytes:
    """``{DurableExecutionArn, CheckpointToken, InitialExecutionState: {Operations, NextMarker}}``.

    Every operation goes in the first page: the handler has no need to page through
    GetDurableExecutionState (which serves the same operations, should it ask).
    """
    operations = [_in_milliseconds(operation) for operation in replayed(execution)]
    document: dict[str, Any] = {
        "DurableExecutionArn": execution.arn,
        "CheckpointToken": token,
        "InitialExecutionState": {"Operations": operations, "NextMarker": ""},
    }
    return orjson.dumps(document)


def _in_milliseconds(operation: dict[str, Any]) -> dict[str, Any]:
    converted = dict(operation)
    for holder, member in _TIMESTAMPS:
        source = converted if holder is None else converted.get(holder)
        if source is not None and source.get(member) is not None:
            if holder is not None:
                source = converted[holder] = dict(source)
            source[member] = int(source[member] * 1000)
    return converted


def invocation_output(payload: bytes, function_error: str | None) -> tuple[str, Any]:
    """The handler's answer: ("SUCCEEDED", result), ("FAILED", error), ("PENDING", None), or
    ("ERROR", error) for an invocation that failed outside the SDK (and is tried again)."""
    try:
        answer = orjson.loads(payload)
    except orjson.JSONDecodeError:
        answer = None
    if function_error is not None:
        document = answer if isinstance(answer, dict) else {}
        return "ERROR", {"ErrorType": document.get("errorType") or function_error, "ErrorMessage": document.get("errorMessage") or ""}
    status = answer.get("Status") if isinstance(answer, dict) else None
    if status == "SUCCEEDED":
        return status, answer.get("Result")
    if status == "FAILED":
        return status, answer.get("Error") or {}
    if status == "PENDING":
        return status, None
    return "ERROR", {"ErrorType": "InvalidDurableExecutionOutput", "ErrorMessage": "The function's response is not a durable execution output."}
