"""Serving function URLs: find the URL's config, answer CORS preflights, authorize, invoke, map the result.

URL forms (docs/architecture.md): a ``Host`` of ``{urlId}.lambda-url.{region}.<anything>``
(``....localhost:4566``, or AWS's own ``....on.aws`` sent to the emulator), and the
path-based ``/_aws/lambda-url/{urlId}/{path}`` for clients that cannot set a Host.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

import orjson

from ...aws.cors import is_preflight, preflight_headers, with_cors_headers
from ...aws.errors import AwsError
from ...aws.http import Receive, Scope, Send, read_body
from ...function_results import MalformedResult
from ..functions import Function
from ..ids import invocation_id, trace_id
from ..workers.response_stream import ResponseStream
from .auth import FORBIDDEN, allows_public, signed_caller
from .event import url_event
from .request import UrlRequest
from .response import JSON, UrlResponse, from_result
from .streaming import streamed_response

log = logging.getLogger("emulator.lambda")

PATH_PREFIX = "/_aws/lambda-url/"
_HOST_MARKER = ".lambda-url."
#: AWS's answer for a URL id it does not know.
_UNKNOWN_URL = b'{"Message":null}'
_BAD_GATEWAY = b"Internal Server Error"


class UrlFunctions(Protocol):
    """What the server needs of the Lambda provider."""

    def function_url(self, url_id: str) -> tuple[Function, str | None, dict[str, Any]] | None: ...

    async def invoke_function(
        self, region: str, function: str, payload: bytes, *, qualifier: str | None = None, request_id: str | None = None,
        trace_id: str = "",
    ) -> dict[str, Any]: ...

    async def stream_function(
        self, region: str, function: str, payload: bytes, *, qualifier: str | None = None, request_id: str | None = None
    ) -> tuple[ResponseStream | None, asyncio.Task[dict[str, Any]]]: ...


def claims(path: str, host: str) -> bool:
    """Whether a request is for a function URL (checked before any AWS endpoint)."""
    return _HOST_MARKER in host or path.startswith(PATH_PREFIX)


def locate(scope: Scope, host: str) -> tuple[str, str]:
    """``(url id, raw path after it)``: the raw path keeps the percent-encoding the client sent."""
    raw = scope.get("raw_path", b"").decode("latin-1").split("?", 1)[0] or scope["path"]
    marker = host.find(_HOST_MARKER)
    if marker > 0:
        return host[:marker].lower(), raw or "/"
    url_id, _, rest = raw[len(PATH_PREFIX) :].partition("/")
    return url_id.lower(), "/" + rest


class FunctionUrlServer:
    def __init__(self, functions: UrlFunctions) -> None:
        self.functions = functions

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        host = next((value.decode("latin-1") for name, value in scope["headers"] if name == b"host"), "")
        url_id, raw_path = locate(scope, host)
        body = await read_body(receive)
        request_id = invocation_id()
        found = self.functions.function_url(url_id)
        if found is None:
            response = _access_denied(_UNKNOWN_URL)
        else:
            try:
                response = await self._respond(UrlRequest(scope, raw_path, body), url_id, request_id, *found)
            except Exception:
                log.exception("function URL %s failed to serve %s %s", url_id, scope["method"], raw_path)
                response = _bad_gateway()
        headers = response.headers
        headers.append((b"x-amzn-requestid", request_id.encode()))
        if response.chunks is None:
            headers.append((b"content-length", str(len(response.body)).encode()))
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        if response.chunks is not None:
            async for chunk in response.chunks:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": response.body})

    async def _respond(
        self, request: UrlRequest, url_id: str, request_id: str, function: Function, qualifier: str | None, config: dict[str, Any]
    ) -> UrlResponse:
        cors = config.get("Cors")
        if cors is not None and is_preflight(request.method, request.headers):
            return UrlResponse(200, b"", preflight_headers(cors, request.headers))
        iam = None
        if config["AuthType"] == "AWS_IAM":
            iam = signed_caller(request)
            if iam is None:
                return _access_denied(FORBIDDEN)
        elif not allows_public(function, qualifier):
            return _access_denied(FORBIDDEN)
        # The function's _X_AMZN_TRACE_ID shares its root with the event's and the answer's header.
        header = trace_id()
        trace = header.partition(";")[0]
        event = url_event(request, url_id, request_id, trace, iam)
        if config.get("InvokeMode") == "RESPONSE_STREAM":
            response = await self._invoke_streaming(function, qualifier, orjson.dumps(event), request_id)
        else:
            response = await self._invoke(function, qualifier, orjson.dumps(event), request_id, header)
        response.headers.append((b"x-amzn-trace-id", trace.encode()))
        if cors is not None:
            response.headers = with_cors_headers(cors, request.headers, response.headers)
        return response

    async def _invoke(
        self, function: Function, qualifier: str | None, payload: bytes, request_id: str, trace: str
    ) -> UrlResponse:
        try:
            result = await self.functions.invoke_function(
                function.region, function.name, payload, qualifier=qualifier, request_id=request_id, trace_id=trace
            )
        except AwsError as error:
            return _refused(error)
        if result.get("FunctionError"):
            return _bad_gateway()
        try:
            return from_result(result.get("Payload") or b"")
        except MalformedResult:
            return _bad_gateway()

    async def _invoke_streaming(self, function: Function, qualifier: str | None, payload: bytes, request_id: str) -> UrlResponse:
        try:
            stream, invocation = await self.functions.stream_function(
                function.region, function.name, payload, qualifier=qualifier, request_id=request_id
            )
            return await streamed_response(stream, invocation)
        except AwsError as error:
            return _refused(error)
        except MalformedResult:
            return _bad_gateway()


def _refused(error: AwsError) -> UrlResponse:
    """An invocation Lambda refused: too large and throttled are answered as such, the rest as a 502."""
    if error.status in (413, 429):
        return UrlResponse(error.status, orjson.dumps({"Message": error.message or error.fields.get("Message")}), [(b"content-type", JSON)])
    return _bad_gateway()


def _access_denied(body: bytes) -> UrlResponse:
    return UrlResponse(403, body, [(b"content-type", JSON), (b"x-amzn-errortype", b"AccessDeniedException")])


def _bad_gateway() -> UrlResponse:
    return UrlResponse(502, _BAD_GATEWAY, [(b"content-type", JSON)])
