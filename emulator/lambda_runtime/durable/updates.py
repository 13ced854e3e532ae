"""CheckpointDurableExecution's updates applied to an execution: each operation's state machine
and the history events its moves record.

STEP: START -> STARTED; SUCCEED / FAIL end it; RETRY -> PENDING until ``NextAttemptDelaySeconds``
pass, then READY (the next invocation starts it again). WAIT: START -> STARTED until
``WaitSeconds`` pass, then SUCCEEDED; CANCEL. CALLBACK: START -> STARTED with a callback id,
ended by SendDurableExecutionCallbackSuccess / Failure or its timeouts. CHAINED_INVOKE: START ->
STARTED; the runner invokes the function it names and ends it (``chained.py``). CONTEXT: START, SUCCEED,
FAIL. EXECUTION: SUCCEED / FAIL end the execution (a result too large to return).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import InvalidParameterValueException
from .model import DONE, Execution, error_payload, new_token, now

#: What each operation type may be asked to do.
_ACTIONS = {
    "EXECUTION": {"SUCCEED", "FAIL"},
    "CONTEXT": {"START", "SUCCEED", "FAIL"},
    "STEP": {"START", "SUCCEED", "FAIL", "RETRY"},
    "WAIT": {"START", "CANCEL"},
    "CALLBACK": {"START"},
    "CHAINED_INVOKE": {"START"},
}
#: Each type's details member, and the event-name prefix its history uses.
_DETAILS = {"CONTEXT": "ContextDetails", "STEP": "StepDetails", "WAIT": "WaitDetails", "CALLBACK": "CallbackDetails"}
_EVENT_PREFIX = {"CONTEXT": "Context", "STEP": "Step", "WAIT": "Wait", "CALLBACK": "Callback"}


@dataclass(frozen=True, slots=True)
class Deadline:
    """A moment an operation changes by itself: a wait's end, a step's next attempt, a callback's timeout."""

    operation_id: str
    at: float
    kind: str  # "wait", "retry", "callback-timeout", "heartbeat-timeout", "invoke" (a chained invoke to start)


def apply_updates(execution: Execution, updates: list[dict[str, Any]]) -> tuple[list[str], list[Deadline]]:
    """Apply ``updates`` in order; the ids of the operations they touched, and the deadlines they set.

    All are checked before any is applied, so a refused checkpoint changes nothing.
    """
    started = {u["Id"] for u in updates if u["Action"] == "START"}
    for update in updates:
        _check(execution, update, started)
    touched: list[str] = []
    deadlines: list[Deadline] = []
    for update in updates:
        deadlines += _apply(execution, update)
        if update["Id"] not in touched:
            touched.append(update["Id"])
    return touched, deadlines


def _check(execution: Execution, update: dict[str, Any], started: set[str]) -> None:
    kind, action = update["Type"], update["Action"]
    if action not in _ACTIONS.get(kind, ()):
        raise InvalidParameterValueException(f"Invalid action {action} for operation type {kind}.")
    if kind == "EXECUTION":
        return
    if kind == "CHAINED_INVOKE" and not (update.get("ChainedInvokeOptions") or {}).get("FunctionName"):
        raise InvalidParameterValueException("A chained invoke needs ChainedInvokeOptions with a FunctionName.")
    existing = execution.operations.get(update["Id"])
    # A step may end without a START of its own; a batch may start an operation and end it too.
    ends_at_once = kind == "STEP" and action in ("SUCCEED", "FAIL")
    if existing is None and action != "START" and update["Id"] not in started and not ends_at_once:
        raise InvalidParameterValueException(f"Operation {update['Id']} does not exist.")
    if existing is not None and existing["Type"] != kind:
        raise InvalidParameterValueException(f"Operation {update['Id']} is of type {existing['Type']}, not {kind}.")
    if existing is not None and existing["Status"] in DONE and action != "START":
        raise InvalidParameterValueException(f"Operation {update['Id']} has already completed.")
    parent = update.get("ParentId")
    if parent is not None and parent not in execution.operations and parent not in started:
        raise InvalidParameterValueException(f"Parent operation {parent} does not exist.")


def _apply(execution: Execution, update: dict[str, Any]) -> list[Deadline]:
    kind, action = update["Type"], update["Action"]
    if kind == "EXECUTION":
        return []  # the caller ends the execution (it owns timers and waiters)
    operation = execution.operations.get(update["Id"])
    if action == "START":
        if operation is not None and operation["Status"] != "READY":
            return []  # a replayed START: the operation already runs
        if operation is None:
            operation = _new_operation(execution, update)
        return _start(execution, operation, update)
    if operation is None:  # a step that succeeds or fails at once (at-most-once steps skip their START)
        operation = _new_operation(execution, update)
        operation["StepDetails"] = {"Attempt": 0}
    details = operation.setdefault(_DETAILS[kind], {})
    if action == "SUCCEED":
        _end(operation, "SUCCEEDED")
        details["Result"] = update.get("Payload")
        if (update.get("ContextOptions") or {}).get("ReplayChildren"):
            details["ReplayChildren"] = True
        execution.record(f"{_EVENT_PREFIX[kind]}Succeeded", operation, _succeeded_details(kind, operation, update))
    elif action == "FAIL":
        _end(operation, "FAILED")
        details["Error"] = update.get("Error") or {}
        execution.record(f"{_EVENT_PREFIX[kind]}Failed", operation, _failed_details(kind, operation, update))
    elif action == "RETRY":
        delay = (update.get("StepOptions") or {}).get("NextAttemptDelaySeconds", 1)
        operation["Status"] = "PENDING"
        details["Attempt"] = details.get("Attempt", 0) + 1
        details["NextAttemptTimestamp"] = now() + delay
        if update.get("Error") is not None:
            details["Error"] = update["Error"]
        if update.get("Payload") is not None:  # wait-for-condition keeps its state between attempts
            details["Result"] = update["Payload"]
        execution.record(
            "StepFailed", operation,
            {"Error": error_payload(update.get("Error")), "RetryDetails": {"CurrentAttempt": details["Attempt"], "NextAttemptDelaySeconds": delay}},
        )  # fmt: skip
        return [Deadline(operation["Id"], details["NextAttemptTimestamp"], "retry")]
    elif action == "CANCEL":
        _end(operation, "CANCELLED")
        execution.record("WaitCancelled", operation, {})
    return []


def _new_operation(execution: Execution, update: dict[str, Any]) -> dict[str, Any]:
    operation: dict[str, Any] = {"Id": update["Id"], "Type": update["Type"], "StartTimestamp": now(), "Status": "STARTED"}
    for key in ("ParentId", "Name", "SubType"):
        if update.get(key) is not None:
            operation[key] = update[key]
    execution.operations[operation["Id"]] = operation
    return operation


def _start(execution: Execution, operation: dict[str, Any], update: dict[str, Any]) -> list[Deadline]:
    kind = operation["Type"]
    operation["Status"] = "STARTED"
    if kind == "STEP":
        details = operation.setdefault("StepDetails", {"Attempt": 0})
        details.pop("NextAttemptTimestamp", None)
        execution.record("StepStarted", operation, {})
    elif kind == "CONTEXT":
        operation["ContextDetails"] = {}
        execution.record("ContextStarted", operation, {})
    elif kind == "WAIT":
        seconds = (update.get("WaitOptions") or {}).get("WaitSeconds", 1)
        end = operation["StartTimestamp"] + seconds
        operation["WaitDetails"] = {"ScheduledEndTimestamp": end}
        execution.record("WaitStarted", operation, {"Duration": seconds, "ScheduledEndTimestamp": end})
        return [Deadline(operation["Id"], end, "wait")]
    elif kind == "CALLBACK":
        options = update.get("CallbackOptions") or {}
        callback_id = new_token()
        operation["CallbackDetails"] = {"CallbackId": callback_id}
        execution.callbacks[callback_id] = operation["Id"]
        details: dict[str, Any] = {"CallbackId": callback_id}
        timeout, heartbeat = options.get("TimeoutSeconds") or 0, options.get("HeartbeatTimeoutSeconds") or 0
        execution.callback_limits[operation["Id"]] = [timeout, heartbeat]
        if timeout:
            details["Timeout"] = timeout
        if heartbeat:
            details["HeartbeatTimeout"] = heartbeat
        execution.record("CallbackStarted", operation, details)
        return callback_deadlines(execution, operation["Id"], operation["StartTimestamp"])
    elif kind == "CHAINED_INVOKE":
        operation["ChainedInvokeDetails"] = {}
        execution.chained[operation["Id"]] = {**update["ChainedInvokeOptions"], "Payload": update.get("Payload") or "{}"}
        return [Deadline(operation["Id"], now(), "invoke")]  # ChainedInvokeStarted is recorded as it starts
    return []


def callback_deadlines(execution: Execution, operation_id: str, since: float) -> list[Deadline]:
    """A callback's timeout (from its start) and heartbeat timeout (from ``since``: its start or last heartbeat)."""
    timeout, heartbeat = execution.callback_limits.get(operation_id, [0, 0])
    started = execution.operations[operation_id]["StartTimestamp"]
    deadlines = [Deadline(operation_id, started + timeout, "callback-timeout")] if timeout else []
    if heartbeat:
        deadlines.append(Deadline(operation_id, since + heartbeat, "heartbeat-timeout"))
    return deadlines


def _end(operation: dict[str, Any], status: str) -> None:
    operation["Status"] = status
    operation["EndTimestamp"] = now()


def _succeeded_details(kind: str, operation: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    result = {"Result": {"Payload": update.get("Payload") or "", "Truncated": False}}
    if kind == "STEP":
        result["RetryDetails"] = {"CurrentAttempt": operation["StepDetails"].get("Attempt", 0) + 1}
    return result


def _failed_details(kind: str, operation: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    failed: dict[str, Any] = {"Error": error_payload(update.get("Error"))}
    if kind == "STEP":
        failed["RetryDetails"] = {"CurrentAttempt": operation["StepDetails"].get("Attempt", 0) + 1}
    return failed


def elapse(execution: Execution, deadline: Deadline) -> bool:
    """A deadline has come: move its operation on; False if it had moved on already."""
    operation = execution.operations.get(deadline.operation_id)
    if operation is None or execution.closed:
        return False
    if deadline.kind == "wait" and operation["Status"] == "STARTED":
        _end(operation, "SUCCEEDED")
        seconds = round(operation["WaitDetails"]["ScheduledEndTimestamp"] - operation["StartTimestamp"])
        execution.record("WaitSucceeded", operation, {"Duration": seconds})
    elif deadline.kind == "retry" and operation["Status"] == "PENDING":
        operation["Status"] = "READY"
    elif deadline.kind.endswith("timeout") and operation["Status"] == "STARTED":
        kind = "Heartbeat" if deadline.kind == "heartbeat-timeout" else ""
        error = {"ErrorType": f"Callback{kind}Timeout", "ErrorMessage": f"Callback timed out{' on heartbeat' if kind else ''}"}
        _end(operation, "TIMED_OUT")
        operation["CallbackDetails"]["Error"] = error
        execution.record("CallbackTimedOut", operation, {"Error": error_payload(error)})
    else:
        return False
    execution.touched(operation["Id"])
    return True


def complete_callback(execution: Execution, operation_id: str, result: str | None, error: dict[str, Any] | None) -> None:
    """SendDurableExecutionCallbackSuccess (``result``) or Failure (``error``)."""
    operation = execution.operations[operation_id]
    details = operation["CallbackDetails"]
    if error is None:
        _end(operation, "SUCCEEDED")
        details["Result"] = result or ""
        execution.record("CallbackSucceeded", operation, {"Result": {"Payload": result or "", "Truncated": False}})
    else:
        _end(operation, "FAILED")
        details["Error"] = error
        execution.record("CallbackFailed", operation, {"Error": error_payload(error)})
    execution.touched(operation_id)


def pending_deadlines(execution: Execution) -> list[Deadline]:
    """The deadlines of every operation still waiting on one: to re-arm them after a restart."""
    deadlines: list[Deadline] = []
    for operation in execution.operations.values():
        kind, status = operation["Type"], operation["Status"]
        if kind == "WAIT" and status == "STARTED":
            deadlines.append(Deadline(operation["Id"], operation["WaitDetails"]["ScheduledEndTimestamp"], "wait"))
        elif kind == "STEP" and status == "PENDING":
            deadlines.append(Deadline(operation["Id"], operation["StepDetails"]["NextAttemptTimestamp"], "retry"))
        elif kind == "CALLBACK" and status == "STARTED":
            deadlines += callback_deadlines(execution, operation["Id"], operation["StartTimestamp"])
        elif kind == "CHAINED_INVOKE" and status == "STARTED":
            deadlines.append(Deadline(operation["Id"], now(), "invoke"))  # invoked again: at least once
    return deadlines


def replayed(execution: Execution) -> list[dict[str, Any]]:
    """The operations a replay needs, in start order: a completed context's children are left out
    (its result stands for them) unless it asked for them (``ReplayChildren``)."""
    operations = execution.operations
    hidden: set[str] = set()
    for operation in operations.values():  # parents start before their children
        parent = operations.get(operation.get("ParentId") or "")
        if parent is not None and (parent["Id"] in hidden or _hides_children(parent)):
            hidden.add(operation["Id"])
    return [operation for operation in operations.values() if operation["Id"] not in hidden]


def _hides_children(operation: dict[str, Any]) -> bool:
    details = operation.get("ContextDetails") or {}
    return operation["Type"] == "CONTEXT" and operation["Status"] in DONE and not details.get("ReplayChildren")


def complete_chained(execution: Execution, operation_id: str, result: str | None, error: dict[str, Any] | None) -> None:
    """A chained invoke's function answered: its result, or the error it failed with."""
    operation = execution.operations[operation_id]
    if error is None:
        _end(operation, "SUCCEEDED")
        operation["ChainedInvokeDetails"] = {"Result": result or ""}
        execution.record("ChainedInvokeSucceeded", operation, {"Result": {"Payload": result or "", "Truncated": False}})
    else:
        _end(operation, "FAILED")
        operation["ChainedInvokeDetails"] = {"Error": error}
        execution.record("ChainedInvokeFailed", operation, {"Error": error_payload(error)})
    execution.touched(operation_id)
