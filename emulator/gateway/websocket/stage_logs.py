"""A WebSocket stage's logs: an access log line and execution logs for each $connect, message and $disconnect.

Access logs: the stage's ``AccessLogSettings`` format, with the ``$context`` variables the developer
guide lists for WebSocket APIs ("Configure logging for WebSocket APIs"), into the log group its
destination names (nothing when that group does not exist, as for REST and HTTP APIs).

Execution logs: ``LoggingLevel`` of the route's ``RouteSettings``, else of ``DefaultRouteSettings``:
INFO writes every request's steps, ERROR only failed requests' failure lines, into the group API
Gateway creates, ``API-Gateway-Execution-Logs_{apiId}/{stage}`` (the name REST stages use), each line
prefixed with the request id. Lines with headers and bodies need ``DataTraceEnabled``. The steps are
REST's words (``rest/execution_log.py``), which AWS's WebSocket logs share, and the WebSocket ones
AWS adds: the route (``WebSocket Request Route: [$default]``) and, on $connect, the client.
"""

from __future__ import annotations

import copy
import time
from typing import Any

from ..common.access_log_lines import AccessLogWriter, render_access_log
from ..rest.endpoint_log import EndpointLog
from ..rest.execution_log import ExecutionLogWriter, log_group_name
from .connection import Connection
from .exchange import Exchange
from .ids import new_id

#: Steps that carry headers or bodies: written with DataTraceEnabled only.
_DATA_STEPS = (
    "Endpoint request headers:",
    "Endpoint request body after transformations:",
    "Endpoint response headers:",
    "Endpoint response body before transformations:",
)

Settings = tuple[str, bool]


class LogWriters:
    """Where stages' lines go (set by the app): access log lines and execution logs."""

    def __init__(self) -> None:
        self.access: AccessLogWriter | None = None
        self.execution: ExecutionLogWriter | None = None


class StageLogs:
    """What one stage logs, read once per stage configuration."""

    def __init__(self, stage: dict[str, Any]) -> None:
        access = stage.get("AccessLogSettings") or {}
        destination, line_format = access.get("DestinationArn"), access.get("Format")
        self.access: tuple[str, str] | None = (destination, line_format) if destination and line_format else None
        default = stage.get("DefaultRouteSettings") or {}
        self._default: Settings = (default.get("LoggingLevel") or "OFF", bool(default.get("DataTraceEnabled")))
        self._routes: dict[str, Settings] = {
            key: (settings.get("LoggingLevel") or self._default[0], settings.get("DataTraceEnabled", self._default[1]))
            for key, settings in (stage.get("RouteSettings") or {}).items()
        }
        #: Whether any route writes execution logs (else no request records its integration's steps).
        self.executes = any(level != "OFF" for level, _ in (self._default, *self._routes.values()))

    def exchange(self, exchange: Exchange) -> Exchange:
        """``exchange``, set to record its integration's steps when the stage may log them."""
        if self.executes:
            exchange.endpoint = EndpointLog()
        return exchange

    def write(self, exchange: Exchange, writers: LogWriters) -> None:
        connection = exchange.connection
        if self.access is not None and writers.access is not None:
            destination, line_format = self.access
            writers.access(connection.region, destination, render_access_log(line_format, _access_context(exchange)))
        if self.executes and writers.execution is not None:
            level, data_trace = self._routes.get(exchange.route_key, self._default)
            lines = execution_lines(exchange, level, data_trace)
            if lines:
                writers.execution(connection.region, log_group_name(connection.api_id, connection.stage), lines)


class Logbook:
    """Starts each request's Exchange and writes it to its stage's logs when it is over."""

    def __init__(self, apigatewayv2: Any) -> None:
        self.apigatewayv2 = apigatewayv2
        self.writers = LogWriters()
        #: (api, stage) -> the logging settings last read and what they log.
        self._stages: dict[tuple[str, str], tuple[Any, StageLogs]] = {}

    def clear(self) -> None:
        self._stages.clear()

    def exchange(self, connection: Connection, event_type: str, route_key: str) -> Exchange:
        exchange = Exchange(connection, event_type, new_id(), route_key)
        logs = self._logs(connection)
        return logs.exchange(exchange) if logs is not None else exchange

    def write(self, exchange: Exchange) -> None:
        logs = self._logs(exchange.connection)
        if logs is not None:
            logs.write(exchange, self.writers)

    def _logs(self, connection: Connection) -> StageLogs | None:
        """The stage's logging as it is now (its settings change without a deployment)."""
        model = self.apigatewayv2.get_api_model(connection.api_id) if self.apigatewayv2 is not None else None
        stage = model.stages.get(connection.stage) if model is not None else None
        if stage is None:
            return None
        settings = (stage.get("AccessLogSettings"), stage.get("DefaultRouteSettings"), stage.get("RouteSettings"))
        key = (connection.api_id, connection.stage)
        cached = self._stages.get(key)
        if cached is None or cached[0] != settings:
            cached = self._stages[key] = (copy.deepcopy(settings), StageLogs(stage))
        return cached[1]


def execution_lines(exchange: Exchange, level: str, data_trace: bool) -> list[str]:
    """The request's execution log, or nothing (OFF; ERROR for a request that did not fail)."""
    failed = exchange.status >= 400
    if level == "OFF" or (level != "INFO" and not failed):
        return []
    connection, request_id, route = exchange.connection, exchange.request_id, exchange.route_key
    stage, key = f"{connection.api_id}/{connection.stage}", exchange.api_key or ""
    steps = [
        f"Extended Request Id: {request_id}",
        f"Verifying Usage Plan for request: {request_id}. API Key: {key} API Stage: {stage}",
    ]
    if not exchange.api_key_required:
        steps.append(
            f"API Key {key} authorized because route '{route}' does not require API Key. "
            "Request will not contribute to throttle or quota limits"
        )
    elif exchange.api_key is not None:
        steps.append(f"API Key {key} authorized")
    if not exchange.api_key_required or exchange.api_key is not None:
        steps.append(f"Usage Plan check succeeded for API Key {key} and API Stage {stage}")
    steps += [
        f"Starting execution for request: {request_id}",
        f"WebSocket Request Route: [{route}]",
    ]
    if exchange.event_type == "CONNECT":
        agent = connection.user_agent or "null"
        steps.append(f"Client [UserAgent: {agent}, SourceIp: {connection.source_ip}] is connecting to WebSocket API [{connection.api_id}].")
    steps += exchange.endpoint.steps if exchange.endpoint is not None else []
    if not failed:
        steps.append("Successfully completed execution")
    if level != "INFO":
        steps = [step for step in steps if "failed" in step]
    elif not data_trace:
        steps = [step for step in steps if not step.startswith(_DATA_STEPS)]
    prefix = f"({request_id}) "
    return [prefix + step for step in steps]


def _access_context(exchange: Exchange) -> dict[str, Any]:
    connection = exchange.connection
    epoch_ms = exchange.epoch_ms
    context: dict[str, Any] = {
        "apiId": connection.api_id,
        "connectionId": connection.connection_id,
        "connectedAt": connection.connected_at,
        "domainName": connection.domain_name,
        "eventType": exchange.event_type,
        "extendedRequestId": exchange.request_id,
        "requestId": exchange.request_id,
        "messageId": exchange.message_id,
        "messageDirection": "IN",
        "routeKey": exchange.route_key,
        "requestTime": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(epoch_ms / 1000)),
        "requestTimeEpoch": epoch_ms,
        "stage": connection.stage,
        "status": exchange.status,
        "identity": {"sourceIp": connection.source_ip, "userAgent": connection.user_agent},
        "integrationLatency": exchange.integration_latency,
        "integrationStatus": exchange.integration_status,
        "integration": {"latency": exchange.integration_latency, "status": exchange.integration_status},
        "error": {"message": exchange.error, "messageString": f'"{exchange.error}"' if exchange.error else None},
    }
    if connection.authorizer is not None:
        context["authorizer"] = connection.authorizer
    return context
