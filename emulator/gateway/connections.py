"""API Gateway's ``@connections`` management API and the WebSocket data plane behind it.

``serve_websocket`` holds each client connection (``websocket/server.py``);
PostToConnection, GetConnection and DeleteConnection act on those connections
by id, so a handler can answer any client through ``apigatewaymanagementapi``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..aws.context import RequestContext
from ..aws.errors import AwsError
from ..aws.http import Receive, Scope, Send
from ..config import Settings
from .common.access_log_lines import AccessLogWriter
from .common.service_actions import ServiceCall
from .rest.execution_log import ExecutionLogWriter
from .websocket.connection import Connection
from .websocket.limits import DELETED, MAX_MESSAGE_BYTES
from .websocket.server import WebSocketServer

#: What a connection id looks like on AWS (16 characters, base64 of 11 bytes); another shape is a bad request.
_CONNECTION_ID = re.compile(r"[A-Za-z0-9_+\-]{15}=")


class BadRequestException(AwsError):
    """Not in the model, but what AWS answers for an id that cannot be a connection id."""

    status = 400


class GoneException(AwsError):
    status = 410


class PayloadTooLargeException(AwsError):
    status = 413


class ConnectionsProvider:
    def __init__(self, settings: Settings, *, apigatewayv2: Any = None, lambda_: Any = None, **services: Any) -> None:
        self.settings = settings
        self.server = WebSocketServer(settings, apigatewayv2, lambda_)

    def connect_services(self, call: ServiceCall) -> None:
        """Service-action integrations (DynamoDB's PutItem...) reach the emulator's services through ``call``."""
        self.server.integrations.services = call

    def connect_logs(self, access_logs: AccessLogWriter, execution_logs: ExecutionLogWriter) -> None:
        """Stages' access log lines go to ``access_logs``, their execution logs to ``execution_logs``."""
        self.server.logbook.writers.access = access_logs
        self.server.logbook.writers.execution = execution_logs

    async def serve_websocket(self, api_id: str, path: str, scope: Scope, receive: Receive, send: Send) -> None:
        await self.server.serve(api_id, path, scope, receive, send)

    async def stop(self) -> None:
        await self.server.stop()

    async def reset(self) -> None:
        await self.server.reset()

    # -- the management API --------------------------------------------------

    def _connection(self, params: dict[str, Any]) -> Connection:
        connection = self.server.registry.get(_check_id(params["ConnectionId"]))
        if connection is None or connection.closed_by_server is not None:
            raise GoneException()
        return connection

    async def post_to_connection(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        _check_id(params["ConnectionId"])
        data: bytes = params["Data"]
        if len(data) > MAX_MESSAGE_BYTES:
            raise PayloadTooLargeException("Message too long")
        connection = self._connection(params)
        try:
            await connection.post(data)
        except (OSError, RuntimeError):
            raise GoneException() from None
        return {}

    def get_connection(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        connection = self._connection(params)
        identity = {"SourceIp": connection.source_ip}
        if connection.user_agent:
            identity["UserAgent"] = connection.user_agent
        return {
            "ConnectedAt": _datetime(connection.connected_at),
            "LastActiveAt": _datetime(connection.last_active_at),
            "Identity": identity,
        }

    async def delete_connection(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        await self._connection(params).close(*DELETED)
        return {}


def _check_id(connection_id: str) -> str:
    if _CONNECTION_ID.fullmatch(connection_id) is None:
        raise BadRequestException(f"Invalid connectionId: {connection_id}")
    return connection_id


def _datetime(epoch_ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(epoch_ms / 1000, dt.UTC)
