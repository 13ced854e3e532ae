"""Serving WebSocket APIs: handshake, $connect, messages to routes, $disconnect, limits.

One coroutine per connection (the ASGI server's own task) reads the client's
messages and awaits each route's handler before reading the next, so one
connection's messages reach its handler in order while connections run in
parallel. A single timer per connection enforces both the idle timeout and
the maximum connection duration.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import logging
import time
from http import HTTPStatus
from typing import Any

import orjson

from ...aws.http import Receive, Scope, Send
from ...config import Settings
from ...response_headers import sendable
from ..common.invoke import IntegrationFailure, IntegrationTimeout, invoke_function, region_of_arn
from .api_keys import require_api_key
from .authorizer import authorize, iam_identity
from .connection import Connection, ConnectionRegistry, now_ms
from .events import connect_event, disconnect_event, message_event, request_context
from .handshake import Rejected, header, query_parameters, reject, request_headers
from .ids import new_id
from .integrations import IntegrationRequest, Integrations, MappingFailure, UnsupportedMediaType
from .limits import GOING_AWAY, MAX_MESSAGE_BYTES, MESSAGE_TOO_BIG, NO_STATUS_REASON
from .routes import WebSocketRoute, compile_routes
from .selection import DEFAULT_ROUTE, selector_for
from .throttling import RouteThrottles
from .validation import model_schemas, valid_message

log = logging.getLogger("emulator.gateway.websocket")
#: The statuses a refused handshake can answer (the server's WebSocket protocol knows their phrases; 2xx and up).
_HTTP_STATUSES = frozenset(status.value for status in HTTPStatus)

_NOT_FOUND = b'{"message":"Not Found"}'
_TOO_MANY = b'{"message":"Too Many Requests"}'
#: Route keys a message can never select.
_LIFECYCLE_ROUTES = frozenset({"$connect", "$disconnect"})
#: How long stop() waits for the connections' $disconnect handlers.
_STOP_WAIT_S = 8.0


def error_frame(message: str, connection_id: str, request_id: str) -> str:
    """AWS's error frame, spacing included."""
    return f'{{"message": "{message}", "connectionId":"{connection_id}", "requestId":"{request_id}"}}'


class _Stage:
    """What a connection needs of its stage, compiled once per deployment."""

    __slots__ = ("snapshot", "variables", "routes")

    def __init__(self, snapshot: Any, variables: dict[str, str], routes: dict[str, WebSocketRoute]) -> None:
        self.snapshot = snapshot
        self.variables = variables
        self.routes = routes


class WebSocketServer:
    def __init__(self, settings: Settings, apigatewayv2: Any, lambda_: Any) -> None:
        self.settings = settings
        self.apigatewayv2 = apigatewayv2
        self.lambda_ = lambda_
        self.integrations = Integrations(lambda_)
        self.throttles = RouteThrottles()
        self.registry = ConnectionRegistry()
        self._stages: dict[tuple[str, str], _Stage] = {}
        self._background: set[asyncio.Task[None]] = set()
        #: Accepted connections whose session (their $disconnect included) has not ended.
        self._sessions = 0

    # -- lifecycle ---------------------------------------------------------

    async def close_all(self, *, run_disconnect: bool) -> None:
        for connection in self.registry.all():
            connection.silent = not run_disconnect
            await connection.close(*GOING_AWAY)

    async def stop(self) -> None:
        """Close every connection and wait (bounded) for their $disconnect routes."""
        await self.close_all(run_disconnect=True)
        deadline = time.monotonic() + _STOP_WAIT_S
        while self._sessions and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        await self.integrations.close()

    async def reset(self) -> None:
        await self.close_all(run_disconnect=False)
        self.registry.clear()
        self._stages.clear()
        self.throttles.clear()

    # -- one connection ----------------------------------------------------

    async def serve(self, api_id: str, path: str, scope: Scope, receive: Receive, send: Send) -> None:
        if (await receive())["type"] != "websocket.connect":
            return
        model = self.apigatewayv2.get_api_model(api_id) if self.apigatewayv2 is not None else None
        if model is None or not model.is_websocket:
            await reject(scope, send, 404, _NOT_FOUND)
            return
        stage_name = path.lstrip("/").split("/", 1)[0]
        stage = self._stage(model, stage_name)
        if stage is None:
            await reject(scope, send, 403, Rejected(403).body)
            return
        if not self.throttles.allow(model, stage_name, "$connect"):
            await reject(scope, send, 429, _TOO_MANY)
            return
        headers = request_headers(scope, self.settings.port)
        client = scope.get("client") or ("127.0.0.1", 0)
        connected_at = now_ms()
        connection = Connection(
            connection_id=new_id(),
            api_id=api_id,
            stage=stage_name,
            region=model.region,
            domain_name=header(headers, "host"),
            source_ip=client[0],
            user_agent=header(headers, "user-agent"),
            connected_at=connected_at,
            send=send,
            last_active_at=connected_at,
        )
        try:
            subprotocol = await self._connect(connection, stage, scope, headers)
        except Rejected as rejected:
            await reject(scope, send, rejected.status, rejected.body)
            return
        accept: dict[str, Any] = {"type": "websocket.accept"}
        if subprotocol:
            accept["subprotocol"] = subprotocol
        await send(accept)
        self.registry.add(connection)
        self._sessions += 1
        self._arm_timer(connection)
        code, reason = 1006, ""
        try:
            code, reason = await self._read_messages(connection, stage, receive)
        finally:
            self.registry.remove(connection)
            if connection.timer is not None:
                connection.timer.cancel()
            try:
                if not connection.silent:
                    await self._disconnect(connection, stage, code, reason)
            finally:
                self._sessions -= 1

    def _stage(self, model: Any, stage_name: str) -> _Stage | None:
        snapshot = model.snapshot_for_stage(stage_name)
        if snapshot is None:
            return None
        variables = model.stages[stage_name].get("StageVariables") or {}
        key = (model.api_id, stage_name)
        cached = self._stages.get(key)
        if cached is None or cached.snapshot is not snapshot or cached.variables != variables:
            routes = compile_routes(snapshot, variables, self.settings.integration_timeout_ms, model_schemas(model.models))
            cached = self._stages[key] = _Stage(snapshot, dict(variables), routes)
        return cached

    async def _connect(self, connection: Connection, stage: _Stage, scope: Scope, headers: dict[str, list[str]]) -> str | None:
        """Run the $connect authorizer and route; the subprotocol to accept, or Rejected."""
        route = stage.routes.get("$connect")
        if route is None:
            return None
        event = connect_event(connection, new_id(), headers, query_parameters(scope), stage.variables)
        usage_key = None
        if route.authorizer is not None:
            connection.authorizer, usage_key = await authorize(
                self.lambda_, route.authorizer, event, connection.region, stage.variables, self.settings.integration_timeout_ms
            )
            event["requestContext"]["authorizer"] = connection.authorizer
        elif route.route.get("AuthorizationType") == "AWS_IAM":
            connection.iam = iam_identity(headers, event.get("multiValueQueryStringParameters") or {})
            event["requestContext"]["identity"].update(connection.iam)
        if route.route.get("ApiKeyRequired"):
            model = self.apigatewayv2.get_api_model(connection.api_id)
            rest_store = getattr(self.apigatewayv2, "rest_store", None)
            require_api_key(rest_store, connection.region, model.api, connection.stage, headers, usage_key)
        if route.integration is None:
            return None
        if route.function is None:
            await self._connect_integration(connection, route, event)
            return None
        # As on AWS: a function that cannot be invoked answers 500, one that fails 502, a timeout 504.
        try:
            result = await self._invoke(connection, route, event)
        except IntegrationFailure:
            raise Rejected(500, "Internal server error") from None
        except IntegrationTimeout:
            raise Rejected(504, "Endpoint request timed out") from None
        if result.function_error:
            raise Rejected(502, "Internal server error")
        answer = _loads(result.payload)
        if not isinstance(answer, dict):
            return None
        status = answer.get("statusCode", 200)
        if not isinstance(status, int) or not 200 <= status < 300:
            body = answer.get("body")
            raise Rejected(status if status in _HTTP_STATUSES and status >= 200 else 502, body=body.encode() if isinstance(body, str) else b"")
        reply_headers = answer.get("headers") or {}
        if not isinstance(reply_headers, dict):
            raise Rejected(502, "Internal server error")
        protocol = next((value for name, value in reply_headers.items() if str(name).lower() == "sec-websocket-protocol"), None)
        if not protocol:
            return None
        protocol = str(protocol)
        # A value the handshake cannot carry (a line break, a non-ASCII byte) is a malformed answer.
        if not protocol.isascii() or not sendable([(b"sec-websocket-protocol", protocol.encode())]):
            raise Rejected(502, "Internal server error")
        return protocol

    async def _read_messages(self, connection: Connection, stage: _Stage, receive: Receive) -> tuple[int, str]:
        """Serve messages until the connection closes; its disconnect status code and reason."""
        while True:
            message = await receive()
            kind = message["type"]
            if kind == "websocket.disconnect":
                if connection.closed_by_server is not None:
                    return connection.closed_by_server
                code = message.get("code") or 1005
                if code == 1012:
                    # The ASGI server is shutting down: AWS reports that as going away.
                    return GOING_AWAY
                return code, (message.get("reason") or (NO_STATUS_REASON if code == 1005 else ""))
            if kind != "websocket.receive" or connection.closed_by_server is not None:
                continue
            text: str | None = message.get("text")
            data: bytes | None = message.get("bytes")
            # The server's protocol already closed on an oversized frame or message;
            # this guards the message limit under another ASGI server.
            size = len(text) if text is not None else len(data or b"")
            if text is not None and size > MAX_MESSAGE_BYTES // 4:
                size = len(text.encode())
            if size > MAX_MESSAGE_BYTES:
                await connection.close(*MESSAGE_TOO_BIG)
                continue
            connection.touch()
            await self._message(connection, stage, text, data)

    async def _message(self, connection: Connection, stage: _Stage, text: str | None, data: bytes | None) -> None:
        selected = selector_for(self._selection_expression(connection))
        key = selected.select(text)
        route = stage.routes.get(key) if key not in _LIFECYCLE_ROUTES else None
        if route is None:
            route = stage.routes.get(DEFAULT_ROUTE)
        request_id = new_id()
        if route is None:
            await self._reply(connection, error_frame("Forbidden", connection.connection_id, request_id))
            return
        model = self.apigatewayv2.get_api_model(connection.api_id)
        if model is not None and not self.throttles.allow(model, connection.stage, route.key):
            await self._reply(connection, error_frame("Too Many Requests", connection.connection_id, request_id))
            return
        if route.model_selection and not valid_message(route, text):
            await self._reply(connection, error_frame("Invalid request body", connection.connection_id, request_id))
            return
        if route.function is None:
            await self._message_integration(connection, stage, route, request_id, text, data)
            return
        event = message_event(connection, route.key, request_id, text, data, stage.variables)
        try:
            result = await self._invoke(connection, route, event)
        except IntegrationTimeout:
            await self._reply(connection, error_frame("Endpoint request timed out", connection.connection_id, request_id))
            return
        except IntegrationFailure:
            result = None
        if result is None or result.function_error:
            await self._reply(connection, error_frame("Internal server error", connection.connection_id, request_id))
            return
        if route.two_way:
            try:
                reply = _reply_body(result.payload)
            except binascii.Error:  # a body that says it is base64 and is not
                await self._reply(connection, error_frame("Internal server error", connection.connection_id, request_id))
                return
            if reply is not None:
                await self._reply(connection, reply)

    def _selection_expression(self, connection: Connection) -> str:
        model = self.apigatewayv2.get_api_model(connection.api_id)
        api = model.api if model is not None else {}
        return api.get("RouteSelectionExpression") or "$request.body.action"

    async def _disconnect(self, connection: Connection, stage: _Stage, code: int, reason: str) -> None:
        """Run $disconnect; its result is ignored, as on AWS."""
        route = stage.routes.get("$disconnect")
        if route is None or route.integration is None:
            return
        event = disconnect_event(connection, new_id(), code, reason, stage.variables)
        try:
            if route.function is not None:
                await self._invoke(connection, route, event)
            else:
                request = IntegrationRequest("", event["requestContext"], stage.variables, connection.region)
                await self.integrations.answer(route.integration, request)
        except (IntegrationFailure, IntegrationTimeout, UnsupportedMediaType, MappingFailure):
            log.info("$disconnect of %s failed", connection.connection_id)

    async def _invoke(self, connection: Connection, route: WebSocketRoute, event: dict[str, Any]) -> Any:
        assert route.function is not None and route.integration is not None
        region = region_of_arn(route.function, connection.region)
        return await invoke_function(self.lambda_, region, route.function, orjson.dumps(event), route.integration.timeout_ms)

    async def _connect_integration(self, connection: Connection, route: WebSocketRoute, event: dict[str, Any]) -> None:
        """A non-Lambda-proxy $connect: only a failing call, or an HTTP proxy's non-2xx answer, refuses."""
        assert route.integration is not None
        request = IntegrationRequest(
            "", event["requestContext"], event.get("stageVariables") or {}, connection.region,
            event["multiValueHeaders"], event.get("multiValueQueryStringParameters") or {},
        )
        try:
            answer = await self.integrations.answer(route.integration, request)
        except IntegrationTimeout:
            raise Rejected(504, "Endpoint request timed out") from None
        except (IntegrationFailure, UnsupportedMediaType, MappingFailure):
            raise Rejected(500, "Internal server error") from None
        if route.integration.type == "HTTP_PROXY" and not 200 <= answer.status < 300:
            raise Rejected(answer.status, body=answer.body)

    async def _message_integration(
        self, connection: Connection, stage: _Stage, route: WebSocketRoute, request_id: str, text: str | None, data: bytes | None
    ) -> None:
        """A message to a MOCK, AWS, HTTP or HTTP_PROXY integration (or to a route without one)."""
        if route.integration is None:
            await self._reply(connection, error_frame("Internal server error", connection.connection_id, request_id))
            return
        context = request_context(connection, route.key, "MESSAGE", request_id)
        context["messageId"] = new_id()
        body = text if text is not None else (data or b"").decode(errors="replace")
        request = IntegrationRequest(body, context, stage.variables, connection.region)
        try:
            reply = await self.integrations.call(route.integration, request)
        except IntegrationTimeout:
            await self._reply(connection, error_frame("Endpoint request timed out", connection.connection_id, request_id))
            return
        except UnsupportedMediaType:
            await self._reply(connection, error_frame("Unsupported Media Type", connection.connection_id, request_id))
            return
        except (IntegrationFailure, MappingFailure):
            await self._reply(connection, error_frame("Internal server error", connection.connection_id, request_id))
            return
        if route.two_way and reply:
            try:
                await self._reply(connection, reply.decode())
            except UnicodeDecodeError:
                await self._reply(connection, reply)

    async def _reply(self, connection: Connection, frame: str | bytes) -> None:
        message = {"type": "websocket.send", "text": frame} if isinstance(frame, str) else {"type": "websocket.send", "bytes": frame}
        try:
            await connection.send(message)
        except (OSError, RuntimeError):
            pass  # closed while the handler ran; the read loop ends the session

    # -- timeouts ------------------------------------------------------------

    def _arm_timer(self, connection: Connection) -> None:
        deadline = min(
            connection.last_active_at / 1000 + self.settings.ws_idle_timeout_s,
            connection.connected_at / 1000 + self.settings.ws_max_connection_s,
        )
        delay = max(0.0, deadline - time.time())
        connection.timer = asyncio.get_running_loop().call_later(delay, self._on_timer, connection)

    def _on_timer(self, connection: Connection) -> None:
        connection.timer = None
        if self.registry.get(connection.connection_id) is not connection:
            return
        now = time.time() + 0.001
        idle = now >= connection.last_active_at / 1000 + self.settings.ws_idle_timeout_s
        expired = now >= connection.connected_at / 1000 + self.settings.ws_max_connection_s
        if idle or expired:
            task = asyncio.ensure_future(connection.close(*GOING_AWAY))
            self._background.add(task)
            task.add_done_callback(self._background.discard)
        else:
            self._arm_timer(connection)


def _loads(payload: bytes) -> Any:
    try:
        return orjson.loads(payload) if payload else None
    except orjson.JSONDecodeError:
        return None


def _reply_body(payload: bytes) -> str | bytes | None:
    """What a two-way route sends back: the result's ``body`` (a proxy result), else the result itself."""
    answer = _loads(payload)
    if isinstance(answer, dict) and ("body" in answer or "statusCode" in answer):
        body = answer.get("body")
        if body is None:
            return None
        if answer.get("isBase64Encoded") and isinstance(body, str):
            return base64.b64decode(body, validate=True)
        return body if isinstance(body, str) else orjson.dumps(body).decode()
    if answer is None:
        return payload.decode(errors="replace") if payload else None
    return answer if isinstance(answer, str) else payload.decode(errors="replace")
