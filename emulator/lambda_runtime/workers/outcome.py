"""How an invocation ended, and the platform's answers when the runtime could not answer itself."""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass, field

import orjson

#: AWS's limit for a synchronous invocation's response.
MAX_RESPONSE_BYTES = 6291556


@dataclass(slots=True)
class Invocation:
    """One request to a worker."""

    request_id: str
    invoked_arn: str
    timeout_s: float
    client_context: str | None = None
    cognito_identity: dict | None = None
    trace_id: str = ""
    tenant_id: str | None = None


@dataclass(slots=True)
class Outcome:
    payload: bytes
    failed: bool
    duration_ms: float
    max_memory_used_mb: int
    #: REPORT's ``Status`` / ``Error Type`` fields, for failures the platform saw.
    status: str | None = None
    error_type: str | None = None
    #: The platform's own log lines for this failure, written before END.
    log_lines: list[str] = field(default_factory=list)
    #: Whether the worker's output pipe may hold lines of this invocation still to be read.
    output_pending: bool = True


def platform_error(request_id: str, error_type: str, reason: str) -> bytes:
    """The payload of an invocation the platform ended (timeout, exit): errorType first, as AWS writes it."""
    return orjson.dumps({"errorType": error_type, "errorMessage": f"RequestId: {request_id} Error: {reason}"})


def timed_out(invocation: Invocation, duration_ms: float, memory_mb: int, log_line: str) -> Outcome:
    reason = f"Task timed out after {invocation.timeout_s:.2f} seconds"
    return Outcome(
        platform_error(invocation.request_id, "Sandbox.Timedout", reason),
        True,
        duration_ms,
        memory_mb,
        status="timeout",
        log_lines=[log_line],
    )


def exit_reason(wait_status: int | None) -> str:
    """Go's ``exec.ExitError`` wording, which AWS's messages carry."""
    if wait_status is None:
        return "Runtime exited with error: signal: killed"
    if os.WIFSIGNALED(wait_status):
        number = os.WTERMSIG(wait_status)
        name = (signal.strsignal(number) or f"signal {number}").lower()
        return f"Runtime exited with error: signal: {name}"
    code = os.waitstatus_to_exitcode(wait_status)
    if code == 0:
        return "Runtime exited without providing a reason"
    return f"Runtime exited with error: exit status {code}"


def exited(invocation: Invocation, wait_status: int | None, duration_ms: float, max_memory_used_mb: int, *, out_of_memory: bool) -> Outcome:
    reason = exit_reason(wait_status)
    report_type = "Runtime.OutOfMemory" if out_of_memory else "Runtime.ExitError"
    return Outcome(
        platform_error(invocation.request_id, "Runtime.ExitError", reason),
        True,
        duration_ms,
        max_memory_used_mb,
        status="error",
        error_type=report_type,
        log_lines=[f"RequestId: {invocation.request_id} Error: {reason}\nRuntime.ExitError"],
    )


def response_too_large(outcome: Outcome) -> Outcome:
    message = f"Response payload size exceeded maximum allowed payload size ({MAX_RESPONSE_BYTES} bytes)."
    payload = orjson.dumps({"errorMessage": message, "errorType": "Function.ResponseSizeTooLarge"})
    return Outcome(payload, True, outcome.duration_ms, outcome.max_memory_used_mb, "error", "Function.ResponseSizeTooLarge")
