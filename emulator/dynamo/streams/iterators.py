"""Shard iterators: opaque to clients, valid for 15 minutes, positioned after a sequence number."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime

import orjson

from ...aws.errors import AwsError, ValidationException

LIFETIME_S = 15 * 60


class ExpiredIteratorException(AwsError):
    pass


@dataclass(frozen=True, slots=True)
class ShardPosition:
    stream_arn: str
    shard_id: str
    #: The next records returned are those with a greater sequence number.
    after: int
    issued_at: float


def encode(position: ShardPosition) -> str:
    payload = orjson.dumps([position.shard_id, position.after, position.issued_at])
    return f"{position.stream_arn}|1|{base64.b64encode(payload).decode()}"


def decode(iterator: str, now: float) -> ShardPosition:
    arn, _, rest = iterator.partition("|1|")
    try:
        shard_id, after, issued_at = orjson.loads(base64.b64decode(rest, validate=True))
        position = ShardPosition(arn, str(shard_id), int(after), float(issued_at))
    except (binascii.Error, orjson.JSONDecodeError, ValueError, TypeError):
        raise ValidationException("Invalid ShardIterator") from None
    if now - position.issued_at > LIFETIME_S:
        raise ExpiredIteratorException(
            f"Iterator expired. The iterator was created at time {_stamp(position.issued_at)} "
            f"while right now it is {_stamp(now)} which is further in the future than the "
            f"tolerated delay of {LIFETIME_S * 1000} milliseconds."
        )
    return position


def _stamp(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
