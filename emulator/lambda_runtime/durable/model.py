"""A durable execution as the API shows it: its operations (as GetDurableExecutionState answers
them) and its history (as GetDurableExecutionHistory does), kept as plain dicts so they persist as JSON."""

from __future__ import annotations

import secrets
import time
from dataclasses import asdict, dataclass, field
from typing import Any

RUNNING = "RUNNING"
PAUSING = "PAUSING"
PAUSED = "PAUSED"
#: Statuses of an execution that has ended (it takes no more checkpoints or callbacks).
CLOSED = frozenset({"SUCCEEDED", "FAILED", "TIMED_OUT", "STOPPED"})
#: Statuses of an operation that is done.
DONE = frozenset({"SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED"})


def now() -> float:
    """Timestamps are epoch seconds: the API writes them as numbers, the invocation input as milliseconds."""
    return time.time()


def new_token() -> str:
    """A checkpoint token or callback id: hex matches their ``[A-Za-z0-9+/]+={0,2}`` pattern and needs no escaping in a URI."""
    return secrets.token_hex(32)


@dataclass(slots=True)
class Execution:
    arn: str
    name: str
    #: The last segment of the ARN; also the ``Id`` of the execution's own EXECUTION operation.
    execution_id: str
    region: str
    function_name: str
    #: The function ARN with the qualifier it was invoked with; ``version`` is the version that runs.
    function_arn: str
    version: str
    input_payload: str
    execution_timeout: int
    retention_days: int
    started: float = field(default_factory=now)
    status: str = RUNNING
    ended: float | None = None
    result: str | None = None
    error: dict[str, Any] | None = None
    #: Operations by id, in the order they started (GetDurableExecutionState pages through them in it).
    operations: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)
    #: The one checkpoint token that is valid now: each checkpoint and each invocation replaces it.
    token: str | None = None
    #: Ids of operations that changed outside a checkpoint (a timer, a callback) and that the
    #: running invocation has not been told of yet: the next checkpoint's answer carries them.
    unseen: list[str] = field(default_factory=list)
    #: Callback ids of the execution's callbacks, to the operation id each completes.
    callbacks: dict[str, str] = field(default_factory=dict)
    #: A callback operation's [TimeoutSeconds, HeartbeatTimeoutSeconds] (0: none), to re-arm them.
    callback_limits: dict[str, list[int]] = field(default_factory=dict)
    #: A chained invoke's target and input (FunctionName, Payload, TenantId), by operation id.
    chained: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: ``PauseDetails`` while PAUSING or PAUSED.
    pause: dict[str, Any] | None = None
    #: Seconds the execution timeout was extended by pauses that paused it.
    timeout_extension: float = 0.0
    #: A pause cut an invocation short: resuming invokes the function again.
    interrupted: bool = False

    @property
    def closed(self) -> bool:
        return self.status in CLOSED

    def record(self, event_type: str, operation: dict[str, Any] | None = None, details: dict[str, Any] | None = None) -> None:
        """Append a history event; ``operation`` names it (Id, Name, ParentId, SubType)."""
        event: dict[str, Any] = {"EventType": event_type, "EventId": len(self.events) + 1, "EventTimestamp": now()}
        source = operation or self.operations.get(self.execution_id) or {}
        for key in ("SubType", "Id", "Name", "ParentId"):
            if source.get(key) is not None:
                event[key] = source[key]
        event[f"{event_type}Details"] = details or {}
        self.events.append(event)

    def touched(self, operation_id: str) -> None:
        """An operation changed behind the handler's back (timer, callback, stop)."""
        if operation_id not in self.unseen:
            self.unseen.append(operation_id)

    def summary(self) -> dict[str, Any]:
        """The execution as ListDurableExecutionsByFunction lists it."""
        listed: dict[str, Any] = {
            "DurableExecutionArn": self.arn,
            "DurableExecutionName": self.name,
            "FunctionArn": self.function_arn,
            "Status": self.status,
            "StartTimestamp": self.started,
        }
        if self.ended is not None:
            listed["EndTimestamp"] = self.ended
        return listed

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Execution:
        return cls(**data)


def execution_arn(function_arn: str, version: str, name: str, execution_id: str) -> str:
    """``arn:aws:lambda:{region}:{account}:function:{name}:{version}/durable-execution/{name}/{id}``:
    the version that runs (``$LATEST`` or a number, never an alias), as the model's pattern requires."""
    return f"{function_arn}:{version}/durable-execution/{name}/{execution_id}"


def error_payload(error: dict[str, Any] | None) -> dict[str, Any]:
    """An ``ErrorObject`` as history events wrap it (``EventError``)."""
    return {"Payload": error or {}, "Truncated": False}
