"""Streams and their records, fed by the store's change events.

Each table with an enabled StreamSpecification has a current stream with one
open shard; disabling the stream (or deleting the table) closes the shard and
the stream stays readable until its records age out (24 hours). Sequence
numbers come from one counter and only grow, so records order as written.
"""

from __future__ import annotations

import bisect
import hashlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ...aws.arns import build_arn
from ..changes import Change, ItemChange, TableChange
from .records import build_record

RETENTION_S = 24 * 3600
#: Sequence numbers are counted from 1 and shown as 21-digit decimal strings (AWS's
#: minimum length; they order as text too), while the counter fits orjson's 64 bits.
_FIRST_SEQUENCE = 1
_SHOWN_FROM = 10**20


@dataclass(slots=True)
class Shard:
    shard_id: str
    #: Reserved for the shard and held by no record: AWS's first record comes after it.
    starting: int
    ending: int | None = None
    sequences: list[int] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    #: Records at or below this sequence number were trimmed (retention).
    trimmed_to: int = 0

    def trim(self, horizon: float) -> None:
        cut = 0
        while cut < len(self.records) and self.records[cut]["dynamodb"]["ApproximateCreationDateTime"] < horizon:
            cut += 1
        if cut:
            self.trimmed_to = self.sequences[cut - 1]
            del self.records[:cut], self.sequences[:cut]

    def after(self, sequence: int, limit: int) -> list[dict[str, Any]]:
        start = bisect.bisect_right(self.sequences, sequence)
        return self.records[start : start + limit]

    @property
    def last(self) -> int:
        """The newest record's sequence number (even once trimmed), else the starting one."""
        return self.sequences[-1] if self.sequences else max(self.trimmed_to, self.starting)


@dataclass(slots=True, eq=False)
class Stream:
    arn: str
    label: str
    region: str
    table: str
    view_type: str
    key_schema: list[dict[str, str]]
    created_at: float
    shard: Shard
    enabled: bool = True
    disabled_at: float | None = None

    @property
    def status(self) -> str:
        return "ENABLED" if self.enabled else "DISABLED"


def stream_label(at: float) -> str:
    """AWS's label: the creation time, to the millisecond, without a zone."""
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]


def format_sequence(number: int) -> str:
    return str(_SHOWN_FROM + number)


def record_sequence(record: dict[str, Any]) -> int:
    return int(record["dynamodb"]["SequenceNumber"]) - _SHOWN_FROM


def parse_sequence(text: str) -> int | None:
    """The counter value of a sequence number as shown, or None if it is not one."""
    return int(text) - _SHOWN_FROM if text.isdigit() and len(text) == len(str(_SHOWN_FROM)) else None


class StreamStore:
    """The ``streams`` component of persistence: dump/load/replay its state."""

    name = "streams"

    def __init__(self, account_id: str = "000000000000") -> None:
        self.account_id = account_id
        self.streams: dict[str, Stream] = {}
        self.current: dict[tuple[str, str], Stream] = {}
        self.next_sequence = _FIRST_SEQUENCE

    # -- fed by the store (and by recovery's replay) -----------------------

    def on_change(self, change: Change) -> None:
        if isinstance(change, ItemChange):
            stream = self.current.get((change.region, change.table))
            # AWS writes no record for a put or update that leaves the item as it was.
            if stream is not None and (change.old is None or change.old != change.new):
                self._append(stream, change)
        else:
            self._table_changed(change)

    def wants_old_image(self, region: str, table: str) -> bool:
        """Whether the log must keep old images (event names and OLD_IMAGE need them)."""
        return (region, table) in self.current

    def _append(self, stream: Stream, change: ItemChange) -> None:
        number = self.next_sequence
        self.next_sequence += 1
        shard = stream.shard
        shard.trim(change.at - RETENTION_S)
        shard.records.append(build_record(change, stream.region, stream.view_type, format_sequence(number), stream.arn))
        shard.sequences.append(number)

    def _table_changed(self, change: TableChange) -> None:
        key = (change.region, change.table)
        current = self.current.get(key)
        definition = change.definition or {}
        spec = definition.get("StreamSpecification") or {}
        wanted = change.kind != "delete" and spec.get("StreamEnabled", False)
        label = definition.get("LatestStreamLabel") or stream_label(change.at)
        table_arn = definition.get("TableArn") or build_arn(
            "dynamodb", change.region, self.account_id, f"table/{change.table}"
        )
        arn = f"{table_arn}/stream/{label}"
        if current is not None and (not wanted or current.arn != arn):
            self._close(current, change.at)
            del self.current[key]
            current = None
        if wanted and current is None:
            self._open(change, arn, label, spec["StreamViewType"])

    def _open(self, change: TableChange, arn: str, label: str, view_type: str) -> None:
        definition = change.definition or {}
        starting = self.next_sequence
        self.next_sequence += 1
        digest = hashlib.md5(arn.encode(), usedforsecurity=False).hexdigest()[:8]
        shard = Shard(f"shardId-{int(change.at * 1000):020d}-{digest}", starting)
        stream = Stream(arn, label, change.region, change.table, view_type,
                        definition.get("KeySchema", []), change.at, shard)
        self.streams[arn] = stream
        self.current[(change.region, change.table)] = stream

    def _close(self, stream: Stream, at: float) -> None:
        stream.enabled = False
        stream.disabled_at = at
        stream.shard.ending = stream.shard.last

    # -- reading -----------------------------------------------------------

    def visible(self, region: str) -> list[Stream]:
        """The region's streams that can still be read, oldest first."""
        self._forget_expired()
        return [stream for stream in self.streams.values() if stream.region == region]

    def get(self, region: str, arn: str) -> Stream | None:
        self._forget_expired()
        stream = self.streams.get(arn)
        return stream if stream is not None and stream.region == region else None

    def _forget_expired(self) -> None:
        """A disabled stream goes away once its last records would have aged out."""
        horizon = time.time() - RETENTION_S
        for arn in [arn for arn, s in self.streams.items() if s.disabled_at is not None and s.disabled_at < horizon]:
            del self.streams[arn]

    def clear(self) -> None:
        self.streams.clear()
        self.current.clear()
        self.next_sequence = _FIRST_SEQUENCE

    # -- persistence component ---------------------------------------------

    def dump(self) -> Any:
        return {
            "next_sequence": self.next_sequence,
            "streams": [_dump_stream(stream) for stream in self.streams.values()],
            "current": [stream.arn for stream in self.current.values()],
        }

    def load(self, state: Any) -> None:
        self.next_sequence = state["next_sequence"]
        self.streams = {raw["arn"]: _load_stream(raw) for raw in state["streams"]}
        self.current = {}
        for arn in state["current"]:
            stream = self.streams[arn]
            self.current[(stream.region, stream.table)] = stream

    def replay(self, entry: list[Any]) -> None:
        """Streams journal nothing of their own: they are rebuilt from item changes."""


def _dump_stream(stream: Stream) -> dict[str, Any]:
    shard = stream.shard
    return {
        "arn": stream.arn, "label": stream.label, "region": stream.region, "table": stream.table,
        "view_type": stream.view_type, "key_schema": stream.key_schema, "created_at": stream.created_at,
        "enabled": stream.enabled, "disabled_at": stream.disabled_at,
        "shard": {
            "id": shard.shard_id, "starting": shard.starting, "ending": shard.ending,
            "trimmed_to": shard.trimmed_to, "sequences": list(shard.sequences), "records": list(shard.records),
        },
    }


def _load_stream(raw: dict[str, Any]) -> Stream:
    shard_raw = raw["shard"]
    shard = Shard(shard_raw["id"], shard_raw["starting"], shard_raw["ending"],
                  shard_raw["sequences"], shard_raw["records"], shard_raw["trimmed_to"])
    return Stream(raw["arn"], raw["label"], raw["region"], raw["table"], raw["view_type"], raw["key_schema"],
                  raw["created_at"], shard, raw["enabled"], raw["disabled_at"])
