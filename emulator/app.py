"""The one ASGI app: every request on the port goes to its service from here.

Dispatch order (see docs/architecture.md):

1. ``/_emulator/...`` and ``/_localstack/...``: the emulator's own endpoints.
2. Lambda function URLs: a ``Host`` of ``{urlId}.lambda-url.*``, ``/_aws/lambda-url/...``.
   API data planes: a ``Host`` of ``{apiId}.execute-api.*``, ``/_aws/execute-api/...``
   and ``/restapis/{id}/{stage}/_user_request_/...``; WebSocket upgrades too.
3. ``X-Amz-Target``: the json-protocol services (DynamoDB, Streams, Logs).
4. rest-json URI templates: Lambda, API Gateway v1/v2, ``@connections``.
5. Otherwise a 404 JSON error (or, for a query-protocol or rest-xml call, the XML errors of
   ``aws/unserved.py``; for a ``POST /`` without a target, Coral's errors of ``aws/untargeted.py``).

Only this module (and ``cli.py``) knows all services; each service package
knows nothing of the others (DEVELOPERS.md, "The shape").
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Iterable
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.responses import Response as StarletteResponse
from starlette.routing import Mount, Route, Router
from starlette.staticfiles import StaticFiles

from . import __version__
from .aws import service_cors, unserved, untargeted
from .aws.context import RequestContext
from .aws.errors import MissingAuthenticationTokenException, UnknownOperationException
from .aws.http import Receive, Response, Scope, Send, header_dict, read_body
from .aws.json_protocol import JsonProtocol, not_a_call
from .aws.rest_json import RestJsonProtocol, RestJsonRouter
from .aws.serialize import dumps_json
from .aws.service import Service
from .aws.sigv4 import credential_scope
from .config import Settings
from .dynamo.persistence import barrier as durability_barrier
from .dynamo.provider import DynamoDBProvider
from .dynamo.streams_provider import DynamoDBStreamsProvider
from .gateway.connections import ConnectionsProvider
from .gateway.data_plane import DataPlane
from .gateway.http_provider import ApiGatewayV2Provider
from .gateway.rest_provider import ApiGatewayProvider
from .lambda_runtime import function_urls
from .lambda_runtime.logs.provider import LogsProvider
from .lambda_runtime.provider import LambdaProvider

log = logging.getLogger("emulator")

DYNAMODB_NAMESPACE = "com.amazonaws.dynamodb.v20120810"
#: The services a REST API's AWS integration may name in ``arn:aws:apigateway:{region}:{service}:action/...``.
_INTEGRATION_TARGETS = {"dynamodb": "DynamoDB_20120810", "logs": "Logs_20140328"}


class EmulatorApp:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.dynamodb = DynamoDBProvider(settings)
        self.dynamodb_streams = DynamoDBStreamsProvider(self.dynamodb)
        self.logs = LogsProvider(settings)
        self.lambda_ = LambdaProvider(settings, logs=self.logs, streams=self.dynamodb_streams)
        self.apigateway = ApiGatewayProvider(settings, lambda_=self.lambda_)
        # One store of custom domain names, as on AWS: both APIs show the same domains.
        self.apigatewayv2 = ApiGatewayV2Provider(settings, lambda_=self.lambda_, rest=self.apigateway)
        self.apigateway.has_websocket_stage = self.apigatewayv2.has_websocket_stage
        self.apigateway.connect_services(self._call_service, self._write_access_log, self.logs.write_execution_log)
        self.apigatewayv2.connect_access_logs(self._write_access_log)
        self.connections = ConnectionsProvider(settings, apigatewayv2=self.apigatewayv2, lambda_=self.lambda_)
        self.connections.connect_services(self._call_service)
        self.connections.connect_logs(self._write_access_log, self.logs.write_execution_log)
        self.data_plane = DataPlane(
            settings,
            rest=self.apigateway,
            http=self.apigatewayv2,
            connections=self.connections,
            lambda_=self.lambda_,
        )
        self.function_urls = function_urls.FunctionUrlServer(self.lambda_)
        self.rest_protocol = RestJsonProtocol()
        self.internal = Router(
            routes=[
                Route("/_emulator/health", self._health, methods=["GET", "HEAD"]),
                Route("/_emulator/reset", self._reset, methods=["POST"]),
                Route("/_localstack/health", self._localstack_health, methods=["GET", "HEAD"]),
                Route("/_emulator/lambda/code/{digest}.zip", self._lambda_code, methods=["GET"]),
                *_examples_mount(),
            ]
        )

    # Services are bound to their botocore models on first use: a session that
    # only talks to DynamoDB never loads API Gateway's models (start-up time).

    @cached_property
    def json_services(self) -> dict[str, JsonProtocol]:
        opaque = frozenset({"AttributeValue"})
        return {
            "DynamoDB_20120810": JsonProtocol(
                Service(
                    "dynamodb",
                    self.dynamodb,
                    error_namespace=DYNAMODB_NAMESPACE,
                    opaque_shapes=opaque,
                    add_crc32=True,
                    settle=lambda: durability_barrier.durable(self.dynamodb),
                )
            ),
            "DynamoDBStreams_20120810": JsonProtocol(
                Service("dynamodbstreams", self.dynamodb_streams, error_namespace=DYNAMODB_NAMESPACE, opaque_shapes=opaque, add_crc32=True)
            ),
            "Logs_20140328": JsonProtocol(Service("logs", self.logs)),
        }

    @cached_property
    def rest_router(self) -> RestJsonRouter:
        return RestJsonRouter(
            [
                Service("lambda", self.lambda_),
                Service("apigateway", self.apigateway),
                Service("apigatewayv2", self.apigatewayv2),
                # Over-long PostToConnection data is the provider's PayloadTooLargeException, not a validation error.
                Service("apigatewaymanagementapi", self.connections, opaque_shapes=frozenset({"Data"})),
            ]
        )

    def warm_up(self) -> None:
        """Bind every service to its model now (a few hundred ms), off the request path.

        Run in a thread once the server listens, so that start-up stays fast
        and the first Lambda or API Gateway call does not pay for it.
        """
        _ = self.json_services, self.rest_router

    def providers(self) -> Iterable[Any]:
        return (
            self.dynamodb,
            self.dynamodb_streams,
            self.logs,
            self.lambda_,
            self.apigateway,
            self.apigatewayv2,
            self.connections,
            self.data_plane,
        )

    # -- ASGI -------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "http":
            await self._http(scope, receive, send)  # the serving coroutine itself: one layer fewer per request
        elif kind == "websocket":
            await self.data_plane.websocket(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)

    def _http(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        """The coroutine that serves an HTTP request: handed back to ``__call__``, not awaited here."""
        path: str = scope["path"]
        if path.startswith(("/_emulator/", "/_localstack/")):
            return self._internal(scope, receive, send)
        # One pass for the three headers dispatch needs; the full header dict is
        # built only for rest-json, whose operations may bind headers.
        host = target = authorization = content_type = origin = None
        for name, value in scope["headers"]:
            if name == b"host":
                host = value.decode("latin-1")
            elif name == b"x-amz-target":
                target = value.decode("latin-1")
            elif name == b"authorization":
                authorization = value.decode("latin-1")
            elif name == b"content-type":
                content_type = value
            elif name == b"origin":
                origin = value
        if function_urls.claims(path, host or ""):
            return self.function_urls(scope, receive, send)
        if self.data_plane.claims(path, host or ""):
            return self.data_plane.http(scope, receive, send, host or "")
        return self._aws(scope, receive, send, target, authorization, content_type, origin)

    async def _internal(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.internal(scope, receive, send)
        except HTTPException as error:  # StaticFiles' 404 for a missing example file
            await JSONResponse({"message": error.detail}, status_code=error.status_code)(scope, receive, send)

    async def _aws(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        target: str | None,
        authorization: str | None,
        content_type: bytes | None,
        origin: bytes | None,
    ) -> None:
        """A call to one of the emulated AWS services' APIs (json-protocol or rest-json), with the
        headers ``_http`` read for it."""
        path: str = scope["path"]
        body = await read_body(receive)
        if origin and scope["method"] == "OPTIONS":  # a browser's preflight, for any service and path
            await service_cors.preflight(scope).send(send)
            return
        scope_parts = credential_scope(authorization)
        region = scope_parts[0] if scope_parts else self.settings.region
        if target is not None and scope["method"] == "POST":
            response = await self._json(target, body, RequestContext(region=region), authorization, content_type)
        elif target is not None:  # a target names an operation in a POST only
            response = not_a_call(scope["method"], RequestContext(region=region))
        else:
            headers = header_dict(scope)
            ctx = RequestContext(region=region, headers=headers)
            response = await self._rest(scope, headers, body, ctx, scope_parts[1] if scope_parts else None)
        if origin:
            service_cors.add_cross_origin_headers(response, path)
        await response.send(send)

    async def _call_service(self, service: str, action: str, region: str, body: bytes) -> tuple[int, bytes] | None:
        """A REST API's service-action integration calling one of the emulator's JSON-protocol services."""
        protocol = self.json_services.get(_INTEGRATION_TARGETS.get(service, ""))
        if protocol is None:
            return None
        response = await protocol.handle(action, body, RequestContext(region=region), protocol.content_type)
        return response.status, response.body

    def _write_access_log(self, region: str, destination_arn: str, line: str) -> None:
        """An API stage's access log line, into the log group its destination ARN names (if it exists)."""
        self.logs.write_access_log(region, destination_arn, line)

    async def _json(
        self, target: str, body: bytes, ctx: RequestContext, authorization: str | None, content_type: bytes | None
    ) -> Response:
        prefix, _, operation = target.partition(".")
        protocol = self.json_services.get(prefix)
        if protocol is None:
            protocol = self.json_services["DynamoDB_20120810"]
            return protocol.error_response(UnknownOperationException(unserved.message(target)), ctx)
        if self.settings.strict_auth and not authorization:
            return protocol.error_response(
                MissingAuthenticationTokenException("Request is missing Authentication Token"), ctx
            )
        return await protocol.handle(operation, body, ctx, content_type)

    async def _rest(
        self, scope: Scope, headers: dict[str, str], body: bytes, ctx: RequestContext, signing_service: str | None
    ) -> Response:
        query = _parse_query(scope.get("query_string", b""))
        path = scope.get("raw_path", b"").decode("latin-1").split("?", 1)[0] or scope["path"]
        connections = path.find("/@connections/")
        if connections > 0:
            # ``/{stage}/@connections/{id}``: the management API behind a stage URL.
            path = path[connections:]
        match = self.rest_router.match(scope["method"], path, query, signing_service)
        if match is None:
            action = unserved.query_action(headers, body)
            if action is not None:
                return unserved.query_error(signing_service, action, ctx)
            rest_xml = unserved.rest_xml_error(signing_service, scope["method"], scope["path"], ctx)
            if rest_xml is not None:
                return rest_xml
            return untargeted.answer(scope["method"], path, headers, body, ctx) or _not_found(
                scope["method"], scope["path"], ctx
            )
        return await self.rest_protocol.handle(match, query, headers, body, ctx)

    def begin_shutdown(self) -> None:
        """The server takes no more requests: providers end the answers that would stream on
        (Live Tail), or the server would wait out its graceful-shutdown timeout for them."""
        for provider in self.providers():
            closing = getattr(provider, "closing", None)
            if closing is not None:
                closing()

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    for provider in self.providers():
                        await _maybe_await(getattr(provider, "start", None))
                except Exception as error:
                    log.exception("start-up failed")
                    await send({"type": "lifespan.startup.failed", "message": str(error)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                for provider in reversed(tuple(self.providers())):
                    try:
                        await _maybe_await(getattr(provider, "stop", None))
                    except Exception:
                        log.exception("error while stopping %s", type(provider).__name__)
                await send({"type": "lifespan.shutdown.complete"})
                return

    # -- the emulator's own endpoints ------------------------------------

    def _service_states(self) -> dict[str, str]:
        names = ("dynamodb", "dynamodbstreams", "lambda", "logs", "apigateway", "apigatewayv2", "apigatewaymanagementapi")
        return dict.fromkeys(names, "running")

    async def _health(self, request: Request) -> JSONResponse:
        return JSONResponse({"status": "ok", "version": __version__, "services": self._service_states()})

    async def _localstack_health(self, request: Request) -> JSONResponse:
        services = self._service_states()
        services.pop("apigatewaymanagementapi")
        services.pop("apigatewayv2")
        return JSONResponse({"services": services, "edition": "community", "version": __version__})

    async def _lambda_code(self, request: Request) -> StarletteResponse:
        """The zip behind a function's ``Code.Location``."""
        archive = self.lambda_.code_archive(request.path_params["digest"])
        if archive is None:
            return JSONResponse({"message": "No such code archive"}, status_code=404)
        return StarletteResponse(archive, media_type="application/zip")

    async def _reset(self, request: Request) -> JSONResponse:
        for provider in self.providers():
            await _maybe_await(getattr(provider, "reset", None))
        return JSONResponse({"reset": True})


async def _maybe_await(method: Any) -> None:
    if method is None:
        return
    result = method()
    if inspect.isawaitable(result):
        await result


def _parse_query(raw: bytes) -> dict[str, list[str]]:
    return parse_qs(raw.decode("latin-1"), keep_blank_values=True) if raw else {}


def _not_found(method: str, path: str, ctx: RequestContext) -> Response:
    body = {"__type": "NotFoundException", "message": f"No AWS operation or API answers {method} {path}"}
    return Response(
        404,
        dumps_json(body),
        [
            (b"content-type", b"application/json"),
            (b"x-amzn-requestid", ctx.request_id.encode()),
            (b"x-amzn-errortype", b"NotFoundException"),
        ],
    )


def _examples_mount() -> list[Mount]:
    """The example apps' static pages (the chat page), from a source checkout."""
    examples = Path(__file__).resolve().parent.parent / "examples"
    if not examples.is_dir():
        return []
    return [Mount("/_emulator/examples", StaticFiles(directory=examples, html=True))]


def create_app(settings: Settings | None = None) -> EmulatorApp:
    return EmulatorApp(settings or Settings())

