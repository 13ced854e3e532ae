"""PauseDurableExecution and ResumeDurableExecution, as the execution sees them.

A pause takes effect at once when no invocation runs (PAUSED); otherwise the execution is PAUSING
until the invocation's next checkpoint, which then ends it (the checkpoint's answer carries no
token, so the SDK answers PENDING). Waits and callbacks still complete while paused, but the
function is not invoked. A pause may also pause the execution timeout: the time spent paused is
added to it, though no execution outlives 366 days.
"""

from __future__ import annotations

from ..errors import ResourceConflictException
from .model import PAUSED, PAUSING, RUNNING, Execution, now

#: However long its pauses, an execution times out this long after it started.
MAX_LIFETIME_S = 366 * 86_400


def request_pause(execution: Execution, reason: str | None, timeout_paused: bool, invocation_running: bool) -> None:
    if execution.status != RUNNING:
        raise ResourceConflictException(f"Durable execution {execution.arn} is {execution.status}; only a RUNNING execution can be paused.")
    moment = now()
    execution.pause = {"PauseRequestTimestamp": moment, "ExecutionTimeoutPaused": timeout_paused}
    details = {"PauseRequestTimestamp": moment, "ExecutionTimeoutPaused": timeout_paused}
    if reason is not None:
        execution.pause["Reason"] = reason
        details["Reason"] = {"Payload": reason, "Truncated": False}
    execution.status = PAUSING if invocation_running else PAUSED
    execution.record("ExecutionPaused", details=details)


def request_resume(execution: Execution, reason: str | None) -> bool:
    """Resume; True when the function must be invoked (the pause cut an invocation short, or an
    operation completed meanwhile)."""
    if execution.status not in (PAUSING, PAUSED):
        raise ResourceConflictException(f"Durable execution {execution.arn} is {execution.status}; only a paused execution can be resumed.")
    moment = now()
    pause = execution.pause or {}
    if pause.get("ExecutionTimeoutPaused"):
        execution.timeout_extension += moment - pause["PauseRequestTimestamp"]
    details = {"ResumeRequestTimestamp": moment, **({"Reason": {"Payload": reason, "Truncated": False}} if reason is not None else {})}
    was_paused = execution.status == PAUSED
    execution.status, execution.pause = RUNNING, None
    execution.record("ExecutionResumed", details=details)
    invoke = was_paused and (execution.interrupted or bool(execution.unseen))
    execution.interrupted = False
    return invoke


def settle_pause(execution: Execution, interrupted: bool) -> None:
    """The running invocation has ended (``interrupted``: by a checkpoint while PAUSING): PAUSING becomes PAUSED."""
    if execution.status == PAUSING:
        execution.status = PAUSED
        execution.interrupted = interrupted


def timeout_at(execution: Execution) -> float | None:
    """When the execution times out: None while a pause holds its timeout."""
    if execution.pause is not None and execution.pause.get("ExecutionTimeoutPaused"):
        return None
    due = execution.started + execution.execution_timeout + execution.timeout_extension
    return min(due, execution.started + MAX_LIFETIME_S)


def expected_timeout(execution: Execution) -> float:
    """``ExpectedExecutionTimeoutTimestamp``: 366 days after the start while a pause holds the timeout."""
    due = timeout_at(execution)
    return execution.started + MAX_LIFETIME_S if due is None else due
