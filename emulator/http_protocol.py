"""HTTP/1.1 connections, handed to the ASGI app with little work per request.

uvicorn still runs the server (sockets, lifespan, signals, graceful shutdown,
the ``date`` header) and speaks WebSocket; this class takes the place of its
HTTP protocol, whose bookkeeping per request (a scope built field by field,
a task-tracking cycle object, regex checks of every response header, a
keep-alive timer and two writes per response) cost as much as the routing
of an API Gateway request. What it does differently:

- a request is read whole before the app sees it (the services' own limits,
  10 MB at most, keep that small), so ``receive`` is one message;
- a response with a known length goes out in one write; one without is chunked;
- idle keep-alive connections are closed by one sweep a second for all of
  them, not a timer per request;
- ``Expect: 100-continue`` is answered as soon as the headers are in.

Requests pipelined on one connection are served one after the other, in order.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable
from http import HTTPStatus
from operator import itemgetter
from typing import Any
from urllib.parse import unquote

import httptools

from .response_headers import known_names, names_valid

log = logging.getLogger("emulator.http")

#: Seconds an idle keep-alive connection stays open (uvicorn's default).
KEEP_ALIVE_S = 5.0
#: Requests queued on one connection before it stops reading more.
MAX_PIPELINED = 16

_COLON = b": "
_name_of = itemgetter(0)
_BAD_REQUEST = b"Invalid HTTP request received."
_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
_STATUS_LINES = {
    status.value: f"HTTP/1.1 {status.value} {status.phrase}\r\n".encode() for status in HTTPStatus
}
_NO_BODY_STATUSES = frozenset({204, 304})
#: The scope's ``asgi`` member, the same for every request (nothing writes to it).
_ASGI = {"version": "3.0", "spec_version": "2.3"}


class HttpProtocol(asyncio.Protocol):
    """One client connection; built by uvicorn with its config and server state."""

    def __init__(
        self,
        config: Any,
        server_state: Any,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        self.config = config
        self.app = config.loaded_app
        self.server_state = server_state
        self.app_state = app_state
        self.loop = _loop or asyncio.get_event_loop()
        self.parser = httptools.HttpRequestParser(self)
        self.transport: asyncio.Transport | None = None
        self.server: tuple[str, int] | None = None
        self.client: tuple[str, int] | None = None
        # The request being read.
        self._url = b""
        self._headers: list[tuple[bytes, bytes]] = []
        #: The header names as the client spelled them (ASGI's ``headers`` are lower-cased).
        self._header_names: list[bytes] = []
        self._body: list[bytes] = []
        # Requests read, in order; the first is being served while ``_busy``.
        self._queue: deque[_Exchange] = deque()
        self._busy = False
        #: Serves this connection's requests in turn (one task per connection, not per request).
        self._task: asyncio.Task[None] | None = None
        #: Set while ``_task`` waits for the next request.
        self._next: asyncio.Future[None] | None = None
        self._closing = False
        self._write_ready: asyncio.Future[None] | None = None
        self._lost: asyncio.Future[None] | None = None
        #: A future that is done: what ``_Exchange.send`` hands back when there is nothing to wait for.
        self.sent: asyncio.Future[None] = self.loop.create_future()
        self.sent.set_result(None)
        self.idle_since = time.monotonic()

    # -- connection --------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.server = _address(transport.get_extra_info("sockname"))
        self.client = _address(transport.get_extra_info("peername"))
        self.server_state.connections.add(self)
        _IdleSweep.watch(self.loop, self.server_state.connections)

    def connection_lost(self, exc: Exception | None) -> None:
        self.server_state.connections.discard(self)
        self._closing = True
        self._queue.clear()
        self._wake()  # the serving task ends
        if self._lost is not None and not self._lost.done():
            self._lost.set_result(None)
        if self._write_ready is not None and not self._write_ready.done():
            self._write_ready.set_result(None)

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._upgrade()
        except httptools.HttpParserError:
            log.warning("Invalid HTTP request received.")
            self._reply_and_close(400, _BAD_REQUEST)

    def pause_writing(self) -> None:
        self._write_ready = self.loop.create_future()

    def resume_writing(self) -> None:
        if self._write_ready is not None and not self._write_ready.done():
            self._write_ready.set_result(None)
        self._write_ready = None

    def close_if_idle_since(self, cutoff: float) -> None:
        if not self._busy and self.idle_since < cutoff and self.transport is not None:
            self.transport.close()

    def shutdown(self) -> None:
        """Server shutdown: close now if idle, else after the response under way."""
        self._closing = True
        if not self._busy and self.transport is not None:
            self.transport.close()

    # -- parser callbacks ----------------------------------------------------

    def on_url(self, url: bytes) -> None:
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self._headers.append((name.lower(), value))
        self._header_names.append(name)

    def on_headers_complete(self) -> None:
        if self.parser.should_upgrade() and self._wants_websocket():
            return  # HttpParserUpgrade follows
        for name, value in self._headers:
            if name == b"expect" and value.lower() == b"100-continue" and self.transport is not None:
                self.transport.write(_CONTINUE)

    def on_body(self, body: bytes) -> None:
        self._body.append(body)

    def on_message_complete(self) -> None:
        parser = self.parser
        if parser.should_upgrade() and self._wants_websocket():
            return  # HttpParserUpgrade follows
        version = parser.get_http_version()
        self._queue.append(
            _Exchange(
                self,
                parser.get_method(),
                self._url,
                self._headers,
                self._header_names,
                b"".join(self._body) if self._body else b"",
                version,
                version != "1.0" and parser.should_keep_alive(),
            )
        )
        # Ready for the next message (here rather than in an on_message_begin callback: one call fewer).
        self._url = b""
        self._headers = []
        self._header_names = []
        self._body = []
        if not self._busy:
            self._busy = True
            if self._task is None:
                # Held here, not in uvicorn's task set: shutdown waits for the connections
                # to close, which they do once their response is out.
                self._task = self.loop.create_task(self._serve_all())
            else:
                self._wake()
        elif len(self._queue) > MAX_PIPELINED and self.transport is not None:
            self.transport.pause_reading()

    # -- serving -------------------------------------------------------------

    async def _serve_all(self) -> None:
        """Serve the requests read, in order, then wait for more; ends with the connection."""
        try:
            while self.transport is not None and not self._closing:
                while self._queue:  # busy: set by whoever queued the request
                    self.server_state.total_requests += 1
                    if not await self._serve(self._queue.popleft()):
                        return
                self._busy = False
                self._next = self.loop.create_future()
                await self._next
        finally:
            self._task = None
            self._busy = False

    def _wake(self) -> None:
        if self._next is not None:
            self._next.set_result(None)
            self._next = None

    async def _serve(self, exchange: _Exchange) -> bool:
        """Answer one request; whether the connection goes on to the next."""
        try:
            try:
                scope = self._scope(exchange)
            except httptools.HttpParserInvalidURLError:
                exchange.fail(400, _BAD_REQUEST)
            else:
                await self.app(scope, exchange.receive, exchange.send)
                if not exchange.complete:
                    exchange.abandon()
        except asyncio.CancelledError:
            exchange.abandon()
            self._done(False)
            raise
        except Exception as error:  # the connection must answer whatever the app did
            log.error("Exception in ASGI application", exc_info=error)
            exchange.abandon()
        return self._done(exchange.keep_alive)

    def _done(self, keep_alive: bool) -> bool:
        self.idle_since = time.monotonic()
        transport = self.transport
        if transport is None or transport.is_closing():
            return False
        if not keep_alive or self._closing:
            transport.close()
            return False
        if self._queue and len(self._queue) <= MAX_PIPELINED:
            transport.resume_reading()
        return True

    def _scope(self, request: _Exchange) -> dict[str, Any]:
        url = httptools.parse_url(request.url)
        raw_path: bytes = url.path
        path = raw_path.decode("ascii", "replace")
        if "%" in path:
            path = unquote(path)
        return {
            "type": "http",
            "asgi": _ASGI,
            "http_version": request.version,
            "server": self.server,
            "client": self.client,
            "scheme": "http",
            "method": request.method.decode("ascii"),
            "root_path": "",
            "path": path,
            "raw_path": raw_path,
            "query_string": url.query or b"",
            "headers": request.headers,
            # Not ASGI's: REST APIs hand integrations the client's own spelling.
            "header_names": request.header_names,
            "state": self.app_state.copy(),
        }

    async def wait_writable(self) -> None:
        if self._write_ready is not None:
            await self._write_ready

    async def wait_lost(self) -> None:
        if self._lost is None:
            self._lost = self.loop.create_future()
            if self.transport is None or self.transport.is_closing():
                self._lost.set_result(None)
        # Shielded: a listener that gives up (Starlette cancels its own once a file is
        # sent) must not cancel the connection's future for the requests after it.
        await asyncio.shield(self._lost)

    # -- protocol switches and errors ---------------------------------------

    def _wants_websocket(self) -> bool:
        if not self.parser.should_upgrade() or self.config.ws_protocol_class is None:
            return False
        return any(name == b"upgrade" and value.lower() == b"websocket" for name, value in self._headers)

    def _upgrade(self) -> None:
        """Hand a WebSocket handshake to uvicorn's WebSocket protocol.

        Another upgrade (h2c, say) was served as the HTTP/1.1 request it also is.
        """
        if not self._wants_websocket() or self.transport is None:
            return
        self.server_state.connections.discard(self)
        head = [self.parser.get_method(), b" ", self._url, b" HTTP/1.1\r\n"]
        for name, value in self._headers:
            head += [name, b": ", value, b"\r\n"]
        head.append(b"\r\n")
        protocol = self.config.ws_protocol_class(config=self.config, server_state=self.server_state, app_state=self.app_state)
        protocol.connection_made(self.transport)
        protocol.data_received(b"".join(head))
        self.transport.set_protocol(protocol)
        self.transport = None  # the WebSocket protocol owns it now; this one's serving task ends
        self._wake()

    def _reply_and_close(self, status: int, text: bytes) -> None:
        if self.transport is None:
            return
        head = _head(
            self,
            status,
            [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")],
            len(text),
        )
        self.transport.write(head + text)
        self.transport.close()


class _Exchange:
    """One request as read, with its ``receive`` and ``send``: the ASGI side of a request on a connection."""

    __slots__ = (
        "connection",
        "method",
        "url",
        "headers",
        "header_names",
        "body",
        "version",
        "started",
        "complete",
        "keep_alive",
        "_status",
        "_headers",
        "_head_sent",
        "_chunked",
        "_received",
    )

    def __init__(
        self,
        connection: HttpProtocol,
        method: bytes,
        url: bytes,
        headers: list[tuple[bytes, bytes]],
        header_names: list[bytes],
        body: bytes,
        version: str,
        keep_alive: bool,
    ) -> None:
        self.connection = connection
        self.method = method
        self.url = url
        self.headers = headers
        #: The header names as the client spelled them (ASGI's ``headers`` are lower-cased).
        self.header_names = header_names
        self.body = body
        self.version = version
        self.started = False
        self.complete = False
        self.keep_alive = keep_alive
        self._status = 200
        self._headers: list[tuple[bytes, bytes]] = []
        self._head_sent = False
        self._chunked = False
        self._received = False

    async def receive(self) -> dict[str, Any]:
        if not self._received:
            self._received = True
            return {"type": "http.request", "body": self.body, "more_body": False}
        await self.connection.wait_lost()
        return {"type": "http.disconnect"}

    def send(self, message: dict[str, Any]) -> Awaitable[None]:
        """ASGI's ``send``: a method that hands back an awaitable, done already unless the
        transport's buffer is full (not a coroutine: none to make and run for each message)."""
        kind = message["type"]
        if kind == "http.response.start":
            if self.started:
                raise RuntimeError("the response has started already")
            self.started = True
            self._status = message["status"]
            self._headers = list(message.get("headers", ()))
            return self.connection.sent
        if kind != "http.response.body":
            raise RuntimeError(f"unexpected ASGI message {kind!r}")
        if not self.started or self.complete:
            raise RuntimeError("http.response.body outside a response")
        transport = self.connection.transport
        if transport is None or transport.is_closing():
            return self.connection.sent  # the client went away: what the app sends is dropped
        body: bytes = message.get("body", b"")
        more = message.get("more_body", False)
        if not self._head_sent:
            self._write_head(transport, body, more)
        elif self._chunked:
            if body:
                transport.write(b"%x\r\n%b\r\n" % (len(body), body))
            if not more:
                transport.write(b"0\r\n\r\n")
        elif body and self._sends_body():
            transport.write(body)
        if not more:
            self.complete = True
            return self.connection.sent
        return self.connection.wait_writable()

    def _write_head(self, transport: asyncio.Transport, body: bytes, more: bool) -> None:
        headers = self._headers
        named = dict(headers)  # one pass in C for the two headers this reads
        length = named.get(b"content-length")
        connection = named.get(b"connection")
        if connection is not None and b"close" in connection.lower():
            self.keep_alive = False
        sends_body = self._sends_body()
        extra: list[tuple[bytes, bytes]] = []
        if length is None and sends_body:
            if more:
                self._chunked = True
                extra.append((b"transfer-encoding", b"chunked"))
            else:
                extra.append((b"content-length", str(len(body)).encode()))
        if not self.keep_alive:
            extra.append((b"connection", b"close"))
        # The app's own Date or Server (a function's result) replaces the server's: one value each.
        own_defaults = b"date" in named or b"server" in named
        head = _head(self.connection, self._status, headers + extra if extra else headers, None, own_defaults)
        self._head_sent = True
        if not sends_body:
            transport.write(head)
        elif self._chunked:
            transport.write(
                head
                + (b"%x\r\n%b\r\n" % (len(body), body) if body else b"")
                + (b"" if more else b"0\r\n\r\n")
            )
        else:
            transport.write(head + body)

    def _sends_body(self) -> bool:
        return (
            self.method != b"HEAD" and self._status not in _NO_BODY_STATUSES and self._status >= 200
        )

    def abandon(self) -> None:
        """The app stopped without completing its response: a 500 if nothing went out, else cut it."""
        if not self._head_sent:
            self.fail(500, b"Internal Server Error")
            return
        transport = self.connection.transport
        self.keep_alive = False
        if transport is not None and not self.complete:
            transport.close()  # half a response: the client must not wait for the rest
        self.complete = True

    def fail(self, status: int, text: bytes) -> None:
        """An answer of the connection's own (the app failed, or the request was unreadable)."""
        transport = self.connection.transport
        self.started = self.complete = True
        self.keep_alive = False
        if transport is None or transport.is_closing():
            return
        headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")]
        transport.write(_head(self.connection, status, headers, len(text)) + text)


def _head(
    connection: HttpProtocol,
    status: int,
    headers: list[tuple[bytes, bytes]],
    length: int | None,
    own_defaults: bool = False,
) -> bytes:
    """The status line, the server's default headers (those ``headers`` lack, with ``own_defaults``),
    then ``headers``; none may split the response."""
    block = b"\r\n".join(map(_COLON.join, headers)) + b"\r\n" if headers else b""
    # Each header one line: a CR or LF in a name or value (which could split the
    # response) would add to the CRs and LFs that end the lines.
    if block.count(b"\n") != len(headers) or block.count(b"\r") != len(headers):
        raise RuntimeError("Invalid HTTP header name or value")
    if not known_names.issuperset(map(_name_of, headers)):
        _check_names(headers)
    if length is not None:
        block += b"content-length: %d\r\n" % length
    defaults = connection.server_state.default_headers
    if own_defaults:
        given = {name.lower() for name, _ in headers}
        defaults_block = b"".join([name + b": " + value + b"\r\n" for name, value in defaults if name not in given])
    elif _default_blocks[0] is defaults:
        defaults_block = _default_blocks[1]
    else:
        defaults_block = _default_block(defaults)
    status_line = _STATUS_LINES.get(status) or f"HTTP/1.1 {status} \r\n".encode()
    return b"".join((status_line, defaults_block, block, b"\r\n"))


def _check_names(headers: list[tuple[bytes, bytes]]) -> None:
    if not names_valid(headers):
        raise RuntimeError("Invalid HTTP header name or value")


_default_blocks: tuple[object, bytes] = (None, b"")


def _default_block(default_headers: list[tuple[bytes, bytes]]) -> bytes:
    """uvicorn's default headers (``date``, ``server``), encoded once per list: it makes a new one each second."""
    global _default_blocks
    encoded_for, block = _default_blocks
    if encoded_for is not default_headers:
        block = b"".join([name + b": " + value + b"\r\n" for name, value in default_headers])
        _default_blocks = (default_headers, block)
    return block


def _address(value: Any) -> tuple[str, int] | None:
    return (str(value[0]), int(value[1])) if isinstance(value, tuple) and len(value) >= 2 else None


class _IdleSweep:
    """Closes keep-alive connections idle for KEEP_ALIVE_S: one timer for all of them."""

    _scheduled: set[int] = set()

    @classmethod
    def watch(cls, loop: asyncio.AbstractEventLoop, connections: set[Any]) -> None:
        key = id(connections)
        if key not in cls._scheduled:
            cls._scheduled.add(key)
            loop.call_later(1.0, cls._sweep, loop, connections, key)

    @classmethod
    def _sweep(cls, loop: asyncio.AbstractEventLoop, connections: set[Any], key: int) -> None:
        cutoff = time.monotonic() - KEEP_ALIVE_S
        for connection in list(connections):
            if isinstance(connection, HttpProtocol):
                connection.close_if_idle_since(cutoff)
        if connections:
            loop.call_later(1.0, cls._sweep, loop, connections, key)
        else:
            cls._scheduled.discard(key)
