"""DynamoDB Streams' state: streams, shards and records built from change events."""

from .iterators import ExpiredIteratorException, ShardPosition
from .store import (
    RETENTION_S,
    Shard,
    Stream,
    StreamStore,
    format_sequence,
    parse_sequence,
    record_sequence,
    stream_label,
)

__all__ = [
    "RETENTION_S",
    "ExpiredIteratorException",
    "Shard",
    "ShardPosition",
    "Stream",
    "StreamStore",
    "format_sequence",
    "parse_sequence",
    "record_sequence",
    "stream_label",
]
