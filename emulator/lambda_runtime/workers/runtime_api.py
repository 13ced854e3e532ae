"""The Lambda Runtime API (2018-06-01), served to one worker on its own port.

Runtimes other than Python (custom ``bootstrap`` executables, the Node.js
bootstrap) poll ``GET /runtime/invocation/next`` and answer with
``POST /runtime/invocation/{id}/response`` or ``/error``; an init failure
is ``POST /runtime/init/error``. A small HTTP/1.1 server: keep-alive,
Content-Length or chunked bodies.

A response-streaming function's runtime posts its response with
``Lambda-Runtime-Function-Response-Mode: streaming`` as a chunked body, each
chunk handed on as it arrives; an error after the stream began comes in the
trailers ``Lambda-Runtime-Function-Error-Type`` and
``Lambda-Runtime-Function-Error-Body`` (the error document, base64).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Protocol

import orjson

from .outcome import MAX_RESPONSE_BYTES

PREFIX = "/2018-06-01/runtime/"
#: The emulator's Node.js runtime sends it with an error it ends its process after (not part of AWS's API).
EXITING_HEADER = "x-emulator-runtime-exiting"
_REASONS = {200: "OK", 202: "Accepted", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 413: "Payload Too Large"}


@dataclass(slots=True)
class NextInvocation:
    request_id: str
    payload: bytes
    deadline_ms: int
    invoked_arn: str
    trace_id: str
    client_context: str | None
    cognito_identity: str | None
    tenant_id: str | None = None


class RuntimeApiHandler(Protocol):
    """What the worker does with the runtime's calls."""

    async def next_invocation(self) -> NextInvocation: ...

    def respond(self, request_id: str, body: bytes, failed: bool, error_type: str | None) -> bool:
        """Take the answer to ``request_id``; False if that is not the current invocation."""
        ...

    def init_error(self, body: bytes, error_type: str | None) -> None: ...

    def runtime_exiting(self) -> None:
        """The runtime ends its process after this answer (an uncaught exception): no invocation may follow."""
        ...

    def stream_started(self, request_id: str, content_type: str) -> bool:
        """A streamed answer to ``request_id`` begins; False if that is not the current invocation."""
        ...

    def stream_chunk(self, chunk: bytes) -> None:
        """The next piece of the streamed answer (``respond`` ends it)."""
        ...


class RuntimeApiServer:
    def __init__(self, handler: RuntimeApiHandler) -> None:
        self._handler = handler
        self._server: asyncio.Server | None = None
        self.address = ""

    async def start(self) -> str:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        port = self._server.sockets[0].getsockname()[1]
        self.address = f"127.0.0.1:{port}"
        return self.address

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                request_line = await reader.readline()
                if not request_line:
                    return
                method, target, _ = request_line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while True:
                    line = await reader.readline()
                    if line in (b"\r\n", b"\n", b""):
                        break
                    name, _, value = line.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                path = target.split("?", 1)[0]
                if headers.get("lambda-runtime-function-response-mode", "").lower() == "streaming" and method == "POST":
                    status, extra, response = await self._streamed_response(path, headers, reader)
                else:
                    body = await _read_body(reader, headers)
                    status, extra, response = await self._route(method, path, headers, body)
                head = [f"HTTP/1.1 {status} {_REASONS.get(status, 'OK')}", f"Content-Length: {len(response)}"]
                head += [f"{name}: {value}" for name, value in extra.items()]
                writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + response)
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    return
        except (Exception, asyncio.CancelledError):  # noqa: BLE001 - the runtime or its worker is gone
            return
        finally:
            writer.close()

    async def _route(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict[str, str], bytes]:
        if not path.startswith(PREFIX):
            return _error(404, "NotFound", "Not found")
        route = path[len(PREFIX) :]
        if route == "invocation/next" and method == "GET":
            return self._next_response(await self._handler.next_invocation())
        if route == "init/error" and method == "POST":
            self._handler.init_error(body, headers.get("lambda-runtime-function-error-type"))
            return 202, {"Content-Type": "application/json"}, b'{"status":"OK"}'
        parts = route.split("/")
        if method == "POST" and len(parts) == 3 and parts[0] == "invocation" and parts[2] in ("response", "error"):
            failed = parts[2] == "error"
            if headers.get(EXITING_HEADER) == "true":
                self._handler.runtime_exiting()
            error_type = headers.get("lambda-runtime-function-error-type")
            if not self._handler.respond(parts[1], body, failed, error_type):
                return _error(400, "InvalidRequestID", "Invalid request ID")
            if not failed and len(body) > MAX_RESPONSE_BYTES:  # the invocation fails as the worker sees the size
                return _error(413, "RequestEntityTooLarge", f"Exceeded maximum allowed payload size ({MAX_RESPONSE_BYTES} bytes).")
            return 202, {"Content-Type": "application/json"}, b'{"status":"OK"}'
        return _error(404, "NotFound", "Not found")

    async def _streamed_response(
        self, path: str, headers: dict[str, str], reader: asyncio.StreamReader
    ) -> tuple[int, dict[str, str], bytes]:
        parts = path[len(PREFIX) :].split("/") if path.startswith(PREFIX) else []
        request_id = parts[1] if len(parts) == 3 and parts[0] == "invocation" and parts[2] == "response" else ""
        streaming = bool(request_id) and self._handler.stream_started(
            request_id, headers.get("content-type") or "application/octet-stream"
        )
        trailers: dict[str, str] = {}
        async for chunk in _body_pieces(reader, headers, trailers):
            if streaming:
                self._handler.stream_chunk(chunk)
        if not request_id:
            return _error(404, "NotFound", "Not found")
        if not streaming:
            return _error(400, "InvalidRequestID", "Invalid request ID")
        error_type = trailers.get("lambda-runtime-function-error-type")
        body = _decoded(trailers.get("lambda-runtime-function-error-body", "")) if error_type else b""
        self._handler.respond(request_id, body, error_type is not None, error_type)
        return 202, {"Content-Type": "application/json"}, b'{"status":"OK"}'

    @staticmethod
    def _next_response(invocation: NextInvocation) -> tuple[int, dict[str, str], bytes]:
        headers = {
            "Content-Type": "application/json",
            "Lambda-Runtime-Aws-Request-Id": invocation.request_id,
            "Lambda-Runtime-Deadline-Ms": str(invocation.deadline_ms),
            "Lambda-Runtime-Invoked-Function-Arn": invocation.invoked_arn,
            "Lambda-Runtime-Trace-Id": invocation.trace_id,
        }
        if invocation.client_context:
            headers["Lambda-Runtime-Client-Context"] = invocation.client_context
        if invocation.cognito_identity:
            headers["Lambda-Runtime-Cognito-Identity"] = invocation.cognito_identity
        if invocation.tenant_id is not None:
            headers["Lambda-Runtime-Aws-Tenant-Id"] = invocation.tenant_id
        return 200, headers, invocation.payload


def _error(status: int, error_type: str, message: str) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "application/json"}, orjson.dumps({"errorMessage": message, "errorType": error_type})


def _decoded(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return text.encode()


async def _body_pieces(reader: asyncio.StreamReader, headers: dict[str, str], trailers: dict[str, str]) -> AsyncIterator[bytes]:
    """A body as it arrives: chunk by chunk (its trailers into ``trailers``), or a Content-Length body in one piece."""
    if headers.get("transfer-encoding", "").lower() != "chunked":
        length = int(headers.get("content-length", "0") or 0)
        if length:
            yield await reader.readexactly(length)
        return
    while True:
        line = await reader.readline()
        if not line:  # the runtime went away mid-body (killed): not the end of its answer
            raise asyncio.IncompleteReadError(b"", None)
        size = int(line.split(b";")[0].strip() or b"0", 16)
        if size == 0:
            while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                name, _, value = line.decode("latin-1").partition(":")
                trailers[name.strip().lower()] = value.strip()
            return
        yield await reader.readexactly(size)
        await reader.readline()


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    return b"".join([piece async for piece in _body_pieces(reader, headers, {})])
