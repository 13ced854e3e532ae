"""One request of a connection -- its $connect, a message, its $disconnect -- as the logs tell it.

The server fills an ``Exchange`` as it serves the request (route, status, error, the calls to the
integration) and hands it to the stage's logs when the request is over (``stage_logs.py``). The
integration's steps are worded as REST's execution logs word them (``rest/endpoint_log.py``),
which AWS's WebSocket execution logs share.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

from ..rest.endpoint_log import EndpointLog, lambda_call
from .connection import Connection

#: The error frames' messages and the status each stands for in the logs.
ERROR_STATUS = {
    "Forbidden": 403,
    "Too Many Requests": 429,
    "Invalid request body": 400,
    "Unsupported Media Type": 415,
    "Internal server error": 500,
    "Endpoint request timed out": 504,
}


@dataclass(slots=True, eq=False)
class Exchange:
    connection: Connection
    #: CONNECT, MESSAGE or DISCONNECT.
    event_type: str
    request_id: str
    route_key: str = ""
    status: int = 200
    #: The error API Gateway answered (an error frame's message, a refused handshake's body).
    error: str = ""
    message_id: str = ""
    #: The route's ApiKeyRequired, and the key the request was admitted with (None: none was).
    api_key_required: bool = False
    api_key: str | None = None
    epoch_ms: int = field(default_factory=lambda: int(time.time() * 1000))
    integration_status: int | None = None
    integration_latency: int | None = None
    #: The integration's steps (filled only when the stage writes execution logs).
    endpoint: EndpointLog | None = None
    _sent_at: float = 0.0

    def fail(self, status: int, error: str, step: str = "") -> None:
        """The request failed with ``status``: ``error`` is what the client got, ``step`` the log's reason."""
        self.status, self.error = status, error
        if step and self.endpoint is not None:
            self.endpoint.steps.append(step)

    def fail_frame(self, message: str) -> None:
        self.fail(ERROR_STATUS.get(message, 500), message)

    # -- the integration's steps ---------------------------------------------

    def sending(self, uri: str, headers: list[tuple[str, str]], body: str) -> None:
        self._sent_at = time.perf_counter()
        if self.endpoint is not None:
            self.endpoint.sending(uri, headers, body)

    def received(self, status: int, headers: list[tuple[str, str]], body: str) -> None:
        self.integration_status = status
        self.integration_latency = int((time.perf_counter() - self._sent_at) * 1000)
        if self.endpoint is not None:
            self.endpoint.received(status, headers, body)

    def lambda_sending(self, region: str, function_arn: str, payload: bytes) -> None:
        """A call to Lambda's Invoke endpoint, as AWS logs it (its signature left out: there is none)."""
        if self.endpoint is None:  # only the latency is wanted
            self._sent_at = time.perf_counter()
            return
        uri, headers = lambda_call(self.connection.api_id, region, function_arn, payload, self.request_id)
        self.sending(uri, headers, payload.decode("utf-8", errors="replace"))

    def lambda_received(self, payload: bytes, function_error: str | None) -> None:
        if self.endpoint is None:
            self.received(200, [], "")
            return
        headers = [
            ("Content-Type", "application/json"),
            ("Content-Length", str(len(payload))),
            ("x-amzn-RequestId", str(uuid.uuid4())),
            *([("X-Amz-Function-Error", function_error)] if function_error else []),
            ("X-Amz-Executed-Version", "$LATEST"),
        ]
        self.received(200, headers, payload.decode("utf-8", errors="replace"))
        if function_error:
            self.endpoint.function_failed(payload)
