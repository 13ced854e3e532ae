"""HTTP/1.1 on the wire, as clients other than boto3 speak it: raw sockets against the server.

The emulator serves HTTP with its own connection protocol (emulator/http_protocol.py):
these tests hold it to what curl, browsers and HTTP libraries rely on.
"""

from __future__ import annotations

import json
import socket
import time
from typing import Any

from emulator.testing import EmulatorProcess

HEALTH = b"GET /_emulator/health HTTP/1.1\r\nHost: localhost\r\n\r\n"


def connect(server: EmulatorProcess) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=5)


def read_response(sock: socket.socket, buffer: bytearray, *, head_only: bool = False) -> tuple[int, dict[str, str], bytes]:
    """One response off the connection (``buffer`` keeps what arrived beyond it)."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        assert chunk, "connection closed before a response"
        buffer += chunk
    head, _, rest = bytes(buffer).partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines)}
    buffer[:] = rest
    if head_only:
        return int(status_line.split()[1]), headers, b""
    if headers.get("transfer-encoding") == "chunked":
        body = bytearray()
        while True:
            while b"\r\n" not in buffer:
                buffer += sock.recv(65536)
            size_line, _, _ = bytes(buffer).partition(b"\r\n")
            size = int(size_line, 16)
            while len(buffer) < len(size_line) + 2 + size + 2:
                buffer += sock.recv(65536)
            start = len(size_line) + 2
            body += buffer[start : start + size]
            del buffer[: start + size + 2]
            if size == 0:
                return int(status_line.split()[1]), headers, bytes(body)
    length = int(headers.get("content-length", "0"))
    while len(buffer) < length:
        chunk = sock.recv(65536)
        assert chunk, "connection closed inside a body"
        buffer += chunk
    body = bytes(buffer[:length])
    del buffer[:length]
    return int(status_line.split()[1]), headers, body


def dynamodb_request(body: dict[str, Any], *, extra: bytes = b"") -> bytes:
    payload = json.dumps(body).encode()
    return (
        b"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
        b"Content-Type: application/x-amz-json-1.0\r\n" + extra + b"Content-Length: %d\r\n\r\n" % len(payload) + payload
    )


def test_keep_alive_serves_pipelined_requests_in_order(server: EmulatorProcess) -> None:
    with connect(server) as sock:
        sock.sendall(HEALTH + dynamodb_request({}) + HEALTH)
        buffer = bytearray()
        first = read_response(sock, buffer)
        second = read_response(sock, buffer)
        third = read_response(sock, buffer)
    assert first[0] == third[0] == 200 and json.loads(first[2])["status"] == "ok"
    assert second[0] == 200 and json.loads(second[2]) == {"TableNames": []}
    assert "date" in first[1] and first[1]["content-length"] == str(len(first[2]))


def test_expect_100_continue_is_answered_before_the_body(server: EmulatorProcess) -> None:
    request = dynamodb_request({}, extra=b"Expect: 100-continue\r\n")
    head, _, body = request.partition(b"\r\n\r\n")
    with connect(server) as sock:
        sock.sendall(head + b"\r\n\r\n")
        interim = sock.recv(1024)
        assert interim.startswith(b"HTTP/1.1 100 Continue\r\n")
        sock.sendall(body)
        status, _, answer = read_response(sock, bytearray())
    assert status == 200 and json.loads(answer) == {"TableNames": []}


def test_chunked_request_body(server: EmulatorProcess) -> None:
    request = (
        b"POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: DynamoDB_20120810.ListTables\r\n"
        b"Content-Type: application/x-amz-json-1.0\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"1\r\n{\r\n1\r\n}\r\n0\r\n\r\n"
    )
    with connect(server) as sock:
        sock.sendall(request)
        status, _, answer = read_response(sock, bytearray())
    assert status == 200 and json.loads(answer) == {"TableNames": []}


def test_head_has_the_headers_without_a_body(server: EmulatorProcess) -> None:
    with connect(server) as sock:
        sock.sendall(b"HEAD /_emulator/health HTTP/1.1\r\nHost: localhost\r\n\r\n" + HEALTH)
        buffer = bytearray()
        status, headers, _ = read_response(sock, buffer, head_only=True)
        assert status == 200 and int(headers["content-length"]) > 0
        status, _, body = read_response(sock, buffer)  # the next response follows at once: no body in between
    assert status == 200 and json.loads(body)["status"] == "ok"


def test_connection_close_is_honoured(server: EmulatorProcess) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /_emulator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        status, headers, _ = read_response(sock, bytearray())
        assert status == 200 and headers["connection"] == "close"
        assert sock.recv(1024) == b""  # the server closed its side


def test_http_1_0_closes_after_the_response(server: EmulatorProcess) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /_emulator/health HTTP/1.0\r\n\r\n")
        status, _, body = read_response(sock, bytearray())
        assert status == 200 and json.loads(body)["status"] == "ok"
        assert sock.recv(1024) == b""


def test_garbage_gets_400_and_the_connection_closes(server: EmulatorProcess) -> None:
    with connect(server) as sock:
        sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        status, _, body = read_response(sock, bytearray())
        assert status == 400 and body == b"Invalid HTTP request received."
        assert sock.recv(1024) == b""


def test_percent_encoded_paths_are_decoded_for_routing(server: EmulatorProcess) -> None:
    with connect(server) as sock:
        sock.sendall(b"GET /_emulator/%68ealth HTTP/1.1\r\nHost: localhost\r\n\r\n")
        status, _, body = read_response(sock, bytearray())
    assert status == 200 and json.loads(body)["status"] == "ok"


def test_files_one_after_another_on_one_connection(server: EmulatorProcess) -> None:
    """Starlette listens for a disconnect while it sends a file, then stops listening: the next one must not fail."""
    page = b"GET /_emulator/examples/todo-rest-api/README.md HTTP/1.1\r\nHost: localhost\r\n\r\n"
    with connect(server) as sock:
        buffer = bytearray()
        answers = []
        for _ in range(3):
            sock.sendall(page)
            answers.append(read_response(sock, buffer))
    assert [status for status, _, _ in answers] == [200, 200, 200]
    assert answers[0][2] == answers[2][2] and b"todo" in answers[0][2]


def test_responses_carry_a_date_and_no_server_header(server: EmulatorProcess) -> None:
    """AWS's endpoints send ``Date`` and no ``Server: uvicorn``, which would name the emulator."""
    with connect(server) as sock:
        sock.sendall(dynamodb_request({}))
        status, headers, _ = read_response(sock, bytearray())
    assert status == 200
    assert "date" in headers
    assert "server" not in headers


def test_one_connection_serves_requests_sent_after_pauses(server: EmulatorProcess) -> None:
    """A keep-alive connection waits for its next request as long as the client keeps it."""
    with connect(server) as sock:
        buffer = bytearray()
        for _ in range(3):
            sock.sendall(HEALTH)
            assert read_response(sock, buffer)[0] == 200
            time.sleep(0.2)
        sock.sendall(dynamodb_request({}))
        assert json.loads(read_response(sock, buffer)[2]) == {"TableNames": []}


def test_an_unparseable_url_gets_400_and_the_connection_closes(server: EmulatorProcess) -> None:
    with connect(server) as sock:
        sock.sendall(HEALTH + b"GET http://[::1 HTTP/1.1\r\nHost: localhost\r\n\r\n")
        buffer = bytearray()
        assert read_response(sock, buffer)[0] == 200
        status, headers, _ = read_response(sock, buffer)
        assert status == 400 and headers["connection"] == "close"
        assert sock.recv(65536) == b""
