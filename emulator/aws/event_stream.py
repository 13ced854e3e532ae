"""AWS's binary event-stream encoding (``application/vnd.amazon.eventstream``).

An output payload member whose shape is marked ``eventstream`` is a union of
event shapes (Lambda's InvokeWithResponseStream: ``PayloadChunk``,
``InvokeComplete``). A provider returns it as a list of one-key dicts, e.g.
``[{"PayloadChunk": {"Payload": b"..."}}, {"InvokeComplete": {}}]``, or as an
async iterable of them to send each event as it comes; this module turns each
into one message, driven by the event shape:

- a member marked ``eventheader`` becomes a typed header;
- a member marked ``eventpayload`` is the message body (a blob as is, a
  string as UTF-8, a structure as JSON);
- otherwise the remaining members are the body, as a JSON object.

A message is: total length, headers length, CRC32 of those 8 bytes, the
headers, the body, CRC32 of everything before it (all big-endian).
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from collections.abc import AsyncGenerator, AsyncIterable, Iterable
from typing import TYPE_CHECKING, Any

from .serialize import dumps_json
from .wire_names import to_wire

if TYPE_CHECKING:
    from botocore.model import Shape, StructureShape

CONTENT_TYPE = b"application/vnd.amazon.eventstream"

_PRELUDE = struct.Struct(">II")
_CRC = struct.Struct(">I")
# Header value types, as the format numbers them.
_TRUE, _FALSE, _INT32, _INT64, _BYTES, _STRING, _TIMESTAMP = 0, 1, 4, 5, 6, 7, 8
_PAYLOAD_CONTENT_TYPES = {"blob": "application/octet-stream", "string": "text/plain"}


def encode_message(headers: Iterable[tuple[str, Any]], payload: bytes) -> bytes:
    """One message; header values are typed by their Python type (str, bytes, bool, int, datetime)."""
    encoded_headers = b"".join(_header(name, value) for name, value in headers)
    total = _PRELUDE.size + _CRC.size + len(encoded_headers) + len(payload) + _CRC.size
    prelude = _PRELUDE.pack(total, len(encoded_headers))
    message = prelude + _CRC.pack(zlib.crc32(prelude)) + encoded_headers + payload
    return message + _CRC.pack(zlib.crc32(message))


def encode_events(stream_shape: StructureShape, events: Iterable[dict[str, Any]]) -> bytes:
    """The messages for ``events``, each a dict naming one member of the ``eventstream`` shape."""
    out: list[bytes] = []
    for event in events:
        for name, value in event.items():
            out.append(_encode_event(name, stream_shape.members[name], value or {}))
    return b"".join(out)


async def stream_events(stream_shape: StructureShape, events: AsyncIterable[dict[str, Any]]) -> AsyncGenerator[bytes, None]:
    """The messages for ``events``, each as soon as its event arrives."""
    async for event in events:
        for name, value in event.items():
            yield _encode_event(name, stream_shape.members[name], value or {})


def _encode_event(name: str, shape: Shape, value: dict[str, Any]) -> bytes:
    headers: list[tuple[str, Any]] = []
    document: dict[str, Any] = {}
    payload: bytes | None = None
    content_type = "application/json"
    for member_name, member in shape.members.items():  # type: ignore[attr-defined]
        item = value.get(member_name)
        if member.serialization.get("eventheader"):
            if item is not None:
                headers.append((member_name, item))
        elif member.serialization.get("eventpayload"):
            content_type = _PAYLOAD_CONTENT_TYPES.get(member.type_name, content_type)
            payload = _payload_bytes(item, member)
        elif item is not None:
            document[member.serialization.get("name", member_name)] = to_wire(item, member)
    if payload is None:
        payload = dumps_json(document)
    # The order AWS writes them in.
    fixed = [(":event-type", name), (":content-type", content_type), (":message-type", "event")]
    return encode_message(fixed + headers, payload)


def _payload_bytes(value: Any, shape: Shape) -> bytes:
    if value is None:
        return b""
    if shape.type_name == "blob":
        return bytes(value)
    if shape.type_name == "string":
        return str(value).encode()
    return dumps_json(to_wire(value, shape))


def _header(name: str, value: Any) -> bytes:
    key = name.encode()
    head = bytes((len(key),)) + key
    if isinstance(value, bool):
        return head + bytes((_TRUE if value else _FALSE,))
    if isinstance(value, int):
        if -(2**31) <= value < 2**31:
            return head + bytes((_INT32,)) + struct.pack(">i", value)
        return head + bytes((_INT64,)) + struct.pack(">q", value)
    if isinstance(value, dt.datetime):
        return head + bytes((_TIMESTAMP,)) + struct.pack(">q", int(value.timestamp() * 1000))
    if isinstance(value, bytes | bytearray):
        return head + bytes((_BYTES,)) + struct.pack(">H", len(value)) + bytes(value)
    text = str(value).encode()
    return head + bytes((_STRING,)) + struct.pack(">H", len(text)) + text
