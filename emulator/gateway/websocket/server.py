"""Serving WebSocket APIs: handshake, $connect, messages to routes, $disconnect, limits.

One coroutine per connection (the ASGI server's own task) reads the client's
messages and awaits each route's handler before reading the next, so one
connection's messages reach its handler in order while connections run in
parallel. A single timer per connection enforces both the idle timeout and
the maximum connection duration (``timeouts.py``). Each $connect, message and
$disconnect is an ``Exchange`` the stage's logs are written from (``stage_logs.py``).
"""

from __future__ import annotations

import asyncio
import binascii
import logging
import time
import uuid
from typing import Any

import orjson

from ...aws.http import Receive, Scope, Send
from ...config import Settings
from ..common.invoke import IntegrationFailure, IntegrationTimeout, invoke_function, region_of_arn
from .api_keys import require_api_key
from .authorizer import authorize, iam_identity
from .connection import Connection, ConnectionRegistry, now_ms
from .events import connect_event, disconnect_event, message_event, request_context
from .exchange import Exchange
from .handshake import Rejected, header, query_parameters, reject, request_headers
from .ids import new_id
from .integrations import IntegrationRequest, Integrations, MappingFailure, UnsupportedMediaType
from .limits import GOING_AWAY, MAX_MESSAGE_BYTES, MESSAGE_TOO_BIG, NO_STATUS_REASON
from .replies import connect_subprotocol, loads, reply_body
from .routes import WebSocketRoute, compile_routes
from .selection import DEFAULT_ROUTE, selector_for
from .stage_logs import Logbook
from .throttling import RouteThrottles
from .timeouts import ConnectionTimeouts
from .validation import model_schemas, valid_message

log = logging.getLogger("emulator.gateway.websocket")

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
        self.logbook = Logbook(apigatewayv2)
        self.timeouts = ConnectionTimeouts(settings, self.registry)
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
        self.logbook.clear()
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
        exchange = self.logbook.exchange(connection, "CONNECT", "$connect")
        try:
            subprotocol = await self._connect(connection, stage, scope, headers, exchange)
        except Rejected as rejected:
            exchange.fail(rejected.status, _message_of(rejected.body))
            self.logbook.write(exchange)
            await reject(scope, send, rejected.status, rejected.body)
            return
        accept: dict[str, Any] = {"type": "websocket.accept"}
        if subprotocol:
            accept["subprotocol"] = subprotocol
        await send(accept)
        self.logbook.write(exchange)
        self.registry.add(connection)
        self._sessions += 1
        self.timeouts.arm(connection)
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

    async def _connect(
        self, connection: Connection, stage: _Stage, scope: Scope, headers: dict[str, list[str]], exchange: Exchange
    ) -> str | None:
        """Run the $connect authorizer and route; the subprotocol to accept, or Rejected."""
        route = stage.routes.get("$connect")
        if route is None:
            return None
        event = connect_event(connection, exchange.request_id, headers, query_parameters(scope), stage.variables)
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
            exchange.api_key_required = True
            exchange.api_key = require_api_key(rest_store, connection.region, model.api, connection.stage, headers, usage_key)
        if route.integration is None:
            return None
        if route.function is None:
            await self._connect_integration(connection, route, event, exchange)
            return None
        # As on AWS: a function that cannot be invoked answers 500, one that fails 502, a timeout 504.
        try:
            result = await self._invoke(connection, route, event, exchange)
        except IntegrationFailure:
            raise Rejected(500, "Internal server error") from None
        except IntegrationTimeout:
            raise Rejected(504, "Endpoint request timed out") from None
        if result.function_error:
            raise Rejected(502, "Internal server error")
        return connect_subprotocol(result.payload)

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
        exchange = self.logbook.exchange(connection, "MESSAGE", route.key if route is not None else key)
        try:
            await self._serve_message(connection, stage, route, exchange, text, data)
        finally:
            self.logbook.write(exchange)

    async def _serve_message(
        self, connection: Connection, stage: _Stage, route: WebSocketRoute | None, exchange: Exchange,
        text: str | None, data: bytes | None,
    ) -> None:
        if route is None:
            await self._error(connection, exchange, "Forbidden")
            return
        model = self.apigatewayv2.get_api_model(connection.api_id)
        if model is not None and not self.throttles.allow(model, connection.stage, route.key):
            await self._error(connection, exchange, "Too Many Requests")
            return
        if route.model_selection and not valid_message(route, text):
            await self._error(connection, exchange, "Invalid request body")
            return
        if route.function is None:
            await self._message_integration(connection, stage, route, exchange, text, data)
            return
        event = message_event(connection, route.key, exchange.request_id, text, data, stage.variables)
        exchange.message_id = event["requestContext"]["messageId"]
        try:
            result = await self._invoke(connection, route, event, exchange)
        except IntegrationTimeout:
            await self._error(connection, exchange, "Endpoint request timed out")
            return
        except IntegrationFailure:
            result = None
        if result is None or result.function_error:
            await self._error(connection, exchange, "Internal server error")
            return
        if route.two_way:
            try:
                reply = reply_body(result.payload)
            except binascii.Error:  # a body that says it is base64 and is not
                await self._error(connection, exchange, "Internal server error")
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
        exchange = self.logbook.exchange(connection, "DISCONNECT", "$disconnect")
        if route is None or route.integration is None:
            self.logbook.write(exchange)
            return
        event = disconnect_event(connection, exchange.request_id, code, reason, stage.variables)
        try:
            if route.function is not None:
                result = await self._invoke(connection, route, event, exchange)
                if result.function_error:
                    exchange.fail(502, "Internal server error")
            else:
                request = IntegrationRequest("", event["requestContext"], stage.variables, connection.region, exchange=exchange)
                await self.integrations.answer(route.integration, request)
        except IntegrationTimeout:
            exchange.fail(504, "Endpoint request timed out")
        except (IntegrationFailure, UnsupportedMediaType, MappingFailure):
            exchange.fail(500, "Internal server error")
        finally:
            self.logbook.write(exchange)

    async def _invoke(self, connection: Connection, route: WebSocketRoute, event: dict[str, Any], exchange: Exchange) -> Any:
        assert route.function is not None and route.integration is not None
        region = region_of_arn(route.function, connection.region)
        payload = orjson.dumps(event)
        exchange.lambda_sending(region, route.function, payload)
        try:
            result = await invoke_function(self.lambda_, region, route.function, payload, route.integration.timeout_ms)
        except IntegrationTimeout:
            exchange.fail(504, "Endpoint request timed out", "Execution failed due to a timeout error")
            raise
        except IntegrationFailure as failure:
            status = getattr(failure.__cause__, "status", 500)
            exchange.fail(500, "Internal server error", f"Lambda invocation failed with status: {status}. Lambda request id: {uuid.uuid4()}")
            raise
        exchange.lambda_received(result.payload, result.function_error)
        return result

    async def _connect_integration(
        self, connection: Connection, route: WebSocketRoute, event: dict[str, Any], exchange: Exchange
    ) -> None:
        """A non-Lambda-proxy $connect: only a failing call, or an HTTP proxy's non-2xx answer, refuses."""
        assert route.integration is not None
        request = IntegrationRequest(
            "", event["requestContext"], event.get("stageVariables") or {}, connection.region,
            event["multiValueHeaders"], event.get("multiValueQueryStringParameters") or {}, exchange=exchange,
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
        self, connection: Connection, stage: _Stage, route: WebSocketRoute, exchange: Exchange, text: str | None, data: bytes | None
    ) -> None:
        """A message to a MOCK, AWS, HTTP or HTTP_PROXY integration (or to a route without one)."""
        if route.integration is None:
            await self._error(connection, exchange, "Internal server error")
            return
        context = request_context(connection, route.key, "MESSAGE", exchange.request_id)
        context["messageId"] = exchange.message_id = new_id()
        body = text if text is not None else (data or b"").decode(errors="replace")
        request = IntegrationRequest(body, context, stage.variables, connection.region, exchange=exchange)
        try:
            reply = await self.integrations.call(route.integration, request, route.two_way)
        except IntegrationTimeout:
            await self._error(connection, exchange, "Endpoint request timed out")
            return
        except UnsupportedMediaType:
            await self._error(connection, exchange, "Unsupported Media Type")
            return
        except (IntegrationFailure, MappingFailure):
            await self._error(connection, exchange, "Internal server error")
            return
        if reply:
            try:
                await self._reply(connection, reply.decode())
            except UnicodeDecodeError:
                await self._reply(connection, reply)

    async def _error(self, connection: Connection, exchange: Exchange, message: str) -> None:
        """AWS's error frame for ``message``, recorded as the request's outcome."""
        exchange.fail_frame(message)
        await self._reply(connection, error_frame(message, connection.connection_id, exchange.request_id))

    async def _reply(self, connection: Connection, frame: str | bytes) -> None:
        message = {"type": "websocket.send", "text": frame} if isinstance(frame, str) else {"type": "websocket.send", "bytes": frame}
        try:
            await connection.send(message)
        except (OSError, RuntimeError):
            pass  # closed while the handler ran; the read loop ends the session


def _message_of(body: bytes) -> str:
    """The ``message`` of a refused handshake's JSON body (else the body as text)."""
    answer = loads(body)
    message = answer.get("message") if isinstance(answer, dict) else None
    return message if isinstance(message, str) else body.decode(errors="replace")
