"""The durable invocation input, as Lambda hands it to the handler: JSON, timestamps in epoch milliseconds."""

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
