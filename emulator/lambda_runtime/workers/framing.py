"""Length-prefixed frames between the server and a Python worker.

Every frame is ``u32 length`` + ``kind`` (one byte) + body. This module is
imported by the server (as part of the package) and by the zygote and its
workers (as a top-level module), so it imports nothing of the package.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterator

LENGTH = struct.Struct("!I")
#: init: (init duration ms, max memory used MB)
INIT = struct.Struct("!dI")
#: result / error: (duration ms, max memory used MB) + payload
OUTCOME = struct.Struct("!dI")
#: invoke: (meta length) + meta JSON + payload
INVOKE = struct.Struct("!I")

# Server -> worker
KIND_INVOKE = b"V"
# Worker -> server
KIND_READY = b"I"  # handler imported; body INIT
KIND_INIT_ERROR = b"F"  # init failed; body INIT + error document; the worker exits
KIND_RESULT = b"R"  # body OUTCOME + JSON result
KIND_ERROR = b"E"  # body OUTCOME + error document


def pack(kind: bytes, *parts: bytes) -> bytes:
    size = 1 + sum(len(part) for part in parts)
    return b"".join((LENGTH.pack(size), kind, *parts))


def recv_exactly(sock: socket.socket, size: int) -> bytes:
    """Blocking read of ``size`` bytes; ``EOFError`` if the peer closed."""
    data = sock.recv(size, socket.MSG_WAITALL)
    if len(data) == size:
        return data
    chunks = [data]
    received = len(data)
    while received < size:
        chunk = sock.recv(size - received, socket.MSG_WAITALL)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        received += len(chunk)
    return b"".join(chunks)


def recv_frame(sock: socket.socket) -> tuple[bytes, bytes]:
    (size,) = LENGTH.unpack(recv_exactly(sock, 4))
    frame = recv_exactly(sock, size)
    return frame[:1], frame[1:]


class FrameReader:
    """Incremental decoder for a stream of frames (the server's side)."""

    __slots__ = ("_buffer",)

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> Iterator[tuple[bytes, bytes]]:
        buffer = self._buffer
        buffer += data
        start = 0
        end = len(buffer)
        while end - start >= 4:
            (size,) = LENGTH.unpack_from(buffer, start)
            if end - start - 4 < size:
                break
            body_start = start + 5
            yield bytes(buffer[start + 4 : body_start]), bytes(buffer[body_start : start + 4 + size])
            start += 4 + size
        if start:
            del buffer[:start]
