"""The event-stream encoder, read back with botocore's own decoder (which checks both CRCs)."""

from __future__ import annotations

import datetime as dt
import json
import struct
import zlib
from typing import TYPE_CHECKING

import pytest
from botocore.eventstream import ChecksumMismatch, EventStreamBuffer

from emulator.aws.event_stream import encode_events, encode_message
from emulator.aws.spec import service_model

if TYPE_CHECKING:
    from botocore.model import StructureShape


def decode(data: bytes) -> list[tuple[dict[str, object], bytes]]:
    buffer = EventStreamBuffer()
    buffer.add_data(data)
    return [(message.headers, message.payload) for message in buffer]


def stream_shape() -> StructureShape:
    output = service_model("lambda").operation_model("InvokeWithResponseStream").output_shape
    return output.members["EventStream"]


def test_a_message_has_the_prelude_and_both_crcs() -> None:
    message = encode_message([(":event-type", "X")], b"body")
    total, headers_length = struct.unpack(">II", message[:8])
    assert total == len(message)
    assert headers_length == len(message) - 12 - 4 - 4
    assert struct.unpack(">I", message[8:12])[0] == zlib.crc32(message[:8])
    assert struct.unpack(">I", message[-4:])[0] == zlib.crc32(message[:-4])
    corrupted = message[:-5] + b"?" + message[-4:]
    with pytest.raises(ChecksumMismatch):
        decode(corrupted)


def test_header_values_keep_their_types() -> None:
    when = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    headers = [("s", "t\u00e9xt"), ("t", True), ("f", False), ("i", -7), ("l", 2**40), ("b", b"\x00\x01"), ("ts", when)]
    [(decoded, payload)] = decode(encode_message(headers, b""))
    assert payload == b""
    assert decoded == {"s": "t\u00e9xt", "t": True, "f": False, "i": -7, "l": 2**40, "b": b"\x00\x01", "ts": 1704164645000}


def test_events_follow_their_shapes() -> None:
    data = encode_events(
        stream_shape(),
        [{"PayloadChunk": {"Payload": b"\x00raw"}}, {"InvokeComplete": {"ErrorCode": "Unhandled", "LogResult": None}}],
    )
    (chunk_headers, chunk), (done_headers, done) = decode(data)
    # The order AWS writes the headers in.
    assert list(chunk_headers.items()) == [
        (":event-type", "PayloadChunk"),
        (":content-type", "application/octet-stream"),
        (":message-type", "event"),
    ]
    assert chunk == b"\x00raw"
    assert done_headers[":event-type"] == "InvokeComplete"
    assert done_headers[":content-type"] == "application/json"
    assert json.loads(done) == {"ErrorCode": "Unhandled"}


def test_an_empty_event_is_an_empty_json_object() -> None:
    [(_, body)] = decode(encode_events(stream_shape(), [{"InvokeComplete": {}}]))
    assert body == b"{}"
