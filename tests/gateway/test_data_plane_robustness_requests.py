"""Odd client requests through REST and HTTP APIs in front of a Lambda proxy, over raw sockets.

Requests httpx would not send (raw latin-1 header bytes, bad percent escapes,
repeated headers, chunked bodies, ``Expect: 100-continue``, HTTP/1.0) reach the
function; a body over 10 MB is refused with 413; an unknown stage is 403 on a
REST API. The connection answers each in full and stays usable.
"""

from __future__ import annotations

import json
import socket
from typing import Any

import pytest
from test_http_support import ECHO, create_function, quick_api
from test_proxy_results import rest_api

from emulator.testing import EmulatorProcess


@pytest.fixture
def apis(server: EmulatorProcess) -> dict[str, tuple[str, str]]:
    """API kind -> (Host header, path prefix), both in front of ECHO."""
    function_arn = create_function(server, "echo", ECHO)
    return {
        "rest": (f"{rest_api(server, function_arn)}.execute-api.localhost:{server.port}", "/prod"),
        "http": (f"{quick_api(server, function_arn)}.execute-api.localhost:{server.port}", ""),
    }


class Raw:
    """One keep-alive connection; ``send`` writes raw bytes and reads one whole response."""

    def __init__(self, server: EmulatorProcess) -> None:
        self.socket = socket.create_connection(("127.0.0.1", server.port), timeout=15)
        self.buffer = b""

    def send(self, data: bytes) -> tuple[int, dict[str, str], bytes]:
        self.socket.sendall(data)
        return self.read()

    def read(self) -> tuple[int, dict[str, str], bytes]:
        while b"\r\n\r\n" not in self.buffer:
            self._more()
        head, _, self.buffer = self.buffer.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
        length = int(headers.get("content-length", 0))
        while len(self.buffer) < length:
            self._more()
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return int(status_line.split()[1]), headers, body

    def _more(self) -> None:
        chunk = self.socket.recv(65536)
        assert chunk, "the server closed the connection"
        self.buffer += chunk

    def close(self) -> None:
        self.socket.close()


def request(host: str, line: str, *headers: bytes, body: bytes = b"") -> bytes:
    head = [line.encode("latin-1"), b"Host: " + host.encode(), *headers]
    if body:
        head.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(head) + b"\r\n\r\n" + body


def event_of(body: bytes) -> dict[str, Any]:
    event: dict[str, Any] = json.loads(body)
    return event


@pytest.mark.parametrize("kind", ["rest", "http"])
def test_odd_requests_reach_the_function_on_one_connection(
    server: EmulatorProcess, apis: dict[str, tuple[str, str]], kind: str
) -> None:
    host, prefix = apis[kind]
    raw = Raw(server)
    try:
        status, _, body = raw.send(request(host, f"PATCH {prefix}/a/%zz%ff?x=%zz&x=1&x= HTTP/1.1", body=b"{}"))
        if kind == "http":  # a broken escape in the path: HTTP APIs refuse it (see test_http_paths.py)
            assert status == 400
        else:
            assert status == 200
            assert event_of(body)["httpMethod"] == "PATCH"

        status, _, body = raw.send(request(host, f"GET {prefix}/h HTTP/1.1", b"X-Latin: caf\xe9", b"X-Dup: 1", b"X-Dup: 2", b"X-Empty:"))
        assert status == 200
        event = event_of(body)
        if kind == "rest":
            assert event["multiValueHeaders"]["X-Dup"] == ["1", "2"]
            assert event["headers"]["X-Latin"] == "caf\u00e9"
        else:
            assert event["headers"]["x-dup"] == "1,2"
            assert event["headers"]["x-latin"] == "caf\u00e9"

        chunked = request(host, f"POST {prefix}/c HTTP/1.1", b"Transfer-Encoding: chunked") + b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
        status, _, body = raw.send(chunked)
        assert (status, event_of(body)["body"]) == (200, "abcde")

        raw.socket.sendall(request(host, f"POST {prefix}/e HTTP/1.1", b"Expect: 100-continue", b"Content-Length: 2"))
        assert raw.read()[0] == 100
        raw.socket.sendall(b"hi")
        status, _, body = raw.send(b"")
        assert (status, event_of(body)["body"]) == (200, "hi")

        status, _, body = raw.send(request(host, f"GET {prefix}//a//b/../c/ HTTP/1.1"))
        assert status == 200
    finally:
        raw.close()


@pytest.mark.parametrize("kind", ["rest", "http"])
def test_an_http_1_0_request_is_answered_and_the_connection_closed(
    server: EmulatorProcess, apis: dict[str, tuple[str, str]], kind: str
) -> None:
    host, prefix = apis[kind]
    raw = Raw(server)
    try:
        status, headers, _ = raw.send(request(host, f"GET {prefix}/old HTTP/1.0"))
        assert (status, headers["connection"]) == (200, "close")
        assert raw.socket.recv(1) == b""
    finally:
        raw.close()


@pytest.mark.parametrize(
    ("kind", "answer"),
    [("rest", (413, {"message": "Request Too Long"})), ("http", (413, {"message": "Request Entity Too Large"}))],
)
def test_a_chunked_body_over_the_payload_limit_is_refused(
    server: EmulatorProcess, apis: dict[str, tuple[str, str]], kind: str, answer: tuple[int, dict[str, str]]
) -> None:
    host, prefix = apis[kind]
    raw = Raw(server)
    try:
        chunk = b"x" * (1024 * 1024)
        data = request(host, f"POST {prefix}/big HTTP/1.1", b"Transfer-Encoding: chunked")
        data += b"".join(b"%x\r\n%b\r\n" % (len(chunk), chunk) for _ in range(11)) + b"0\r\n\r\n"
        status, _, body = raw.send(data)
        assert (status, json.loads(body)) == answer
        assert raw.send(request(host, f"GET {prefix}/after HTTP/1.1"))[0] == 200
    finally:
        raw.close()


def test_a_rest_apis_unknown_stage_or_bare_stage_is_refused(
    server: EmulatorProcess, apis: dict[str, tuple[str, str]]
) -> None:
    host, _ = apis["rest"]
    raw = Raw(server)
    try:
        status, _, body = raw.send(request(host, "GET /nostage/a HTTP/1.1"))
        assert (status, json.loads(body)) == (403, {"message": "Forbidden"})
        # The stage exists, but its root has no method.
        status, _, body = raw.send(request(host, "GET /prod HTTP/1.1"))
        assert (status, json.loads(body)) == (403, {"message": "Missing Authentication Token"})
    finally:
        raw.close()
