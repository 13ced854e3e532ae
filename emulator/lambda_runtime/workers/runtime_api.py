"""The Lambda Runtime API (2018-06-01), served to one worker on its own port.

Runtimes other than Python (custom ``bootstrap`` executables, the Node.js
bootstrap) poll ``GET /runtime/invocation/next`` and answer with
``POST /runtime/invocation/{id}/response`` or ``/error``; an init failure
is ``POST /runtime/init/error``. A small HTTP/1.1 server: keep-alive,
Content-Length or chunked bodies.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Protocol

import orjson

from .outcome import MAX_RESPONSE_BYTES

PREFIX = "/2018-06-01/runtime/"
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


class RuntimeApiHandler(Protocol):
    """What the worker does with the runtime's calls."""

    async def next_invocation(self) -> NextInvocation: ...

    def respond(self, request_id: str, body: bytes, failed: bool, error_type: str | None) -> bool:
        """Take the answer to ``request_id``; False if that is not the current invocation."""
        ...

    def init_error(self, body: bytes, error_type: str | None) -> None: ...


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
                body = await _read_body(reader, headers)
                status, extra, response = await self._route(method, target.split("?", 1)[0], headers, body)
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
            error_type = headers.get("lambda-runtime-function-error-type")
            if not self._handler.respond(parts[1], body, failed, error_type):
                return _error(400, "InvalidRequestID", "Invalid request ID")
            if not failed and len(body) > MAX_RESPONSE_BYTES:  # the invocation fails as the worker sees the size
                return _error(413, "RequestEntityTooLarge", f"Exceeded maximum allowed payload size ({MAX_RESPONSE_BYTES} bytes).")
            return 202, {"Content-Type": "application/json"}, b'{"status":"OK"}'
        return _error(404, "NotFound", "Not found")

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
        return 200, headers, invocation.payload


def _error(status: int, error_type: str, message: str) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "application/json"}, orjson.dumps({"errorMessage": message, "errorType": error_type})


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
    if headers.get("transfer-encoding", "").lower() == "chunked":
        chunks = []
        while True:
            size = int((await reader.readline()).split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while (await reader.readline()) not in (b"\r\n", b"\n", b""):
                    pass
                return b"".join(chunks)
            chunks.append(await reader.readexactly(size))
            await reader.readline()
    length = int(headers.get("content-length", "0") or 0)
    return await reader.readexactly(length) if length else b""
