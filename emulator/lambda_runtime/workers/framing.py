"""Length-prefixed frames between the server and a Python worker.

Every frame is ``u32 length`` + ``kind`` (one byte) + body. This module is
imported by the server (as part of the package) and by the zygote and its
workers (as a top-level module), so it imports nothing of the package.
"""

from __future__ import annotations

import socket
import struct

LENGTH = struct.Struct("!I")
#: init: (init duration ms, max memory used MB)
INIT = struct.Struct("!dI")
#: result / error: (duration ms, max memory used MB, output pending) + payload.
#: "Output pending": the worker's output pipe held unread bytes when it answered,
#: so the server reads the pipe only then (a read that finds nothing costs a system call).
OUTCOME = struct.Struct("!dI?")
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
    return b"".join((LENGTH.pack(1 + sum(map(len, parts))), kind, *parts))


class BlockingFrameReader:
    """Reads frames from a blocking socket (the worker's side): one ``recv`` per frame when it fits."""

    __slots__ = ("_sock", "_buffer")

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._buffer = bytearray()

    def read(self) -> tuple[bytes, bytes]:
        """The next frame's kind and body; ``EOFError`` once the peer closed."""
        buffer = self._buffer
        wanted = 4
        while True:
            if len(buffer) >= 4:
                wanted = 4 + LENGTH.unpack_from(buffer)[0]
                if len(buffer) >= wanted:
                    kind, body = bytes(buffer[4:5]), bytes(buffer[5:wanted])
                    del buffer[:wanted]
                    return kind, body
            chunk = self._sock.recv(max(wanted - len(buffer), 65536))
            if not chunk:
                raise EOFError
            buffer += chunk


class FrameReader:
    """Incremental decoder for a stream of frames (the server's side)."""

    __slots__ = ("_buffer",)

    def __init__(self) -> None:
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[tuple[bytes, bytes]]:
        """The frames ``data`` completes, in order."""
        buffer = self._buffer
        if not buffer and len(data) >= 4 and len(data) == 4 + LENGTH.unpack_from(data)[0]:
            return [(data[4:5], data[5:])]  # the usual case: one whole frame per read
        buffer += data
        frames = []
        start = 0
        end = len(buffer)
        while end - start >= 4:
            (size,) = LENGTH.unpack_from(buffer, start)
            if end - start - 4 < size:
                break
            body_start = start + 5
            frames.append((bytes(buffer[start + 4 : body_start]), bytes(buffer[body_start : start + 4 + size])))
            start += 4 + size
        if start:
            del buffer[:start]
        return frames
