"""CloudWatch Logs' data: groups of streams of events, bounded in memory, persisted as a snapshot.

Every event appended is also remembered in one global arrival order, so that
when the store is full the oldest event anywhere is dropped in O(1). A group's
tags, subscription filters and metric filters live and persist with it.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise, repeat
from operator import add
from pathlib import Path
from typing import Any

from ..json_files import read_json, write_json
from ..workers.logs import WholeEvent

MAX_EVENTS = 500_000


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass(slots=True)
class LogStream:
    name: str
    created: int = field(default_factory=now_ms)
    #: (timestamp ms, message, ingestion time ms)
    events: deque[tuple[int, str, int]] = field(default_factory=deque)
    last_ingestion: int | None = None
    first_event: int | None = None
    last_event: int | None = None
    #: Whether ``events`` is in timestamp order (arrival order among equal times); false after a late batch.
    ordered: bool = True

    def in_time_order(self) -> deque[tuple[int, str, int]]:
        """The events by timestamp, then arrival (sorted once after a batch arrived out of order)."""
        if not self.ordered:
            self.events = deque(sorted(self.events, key=_timestamp))  # stable: arrival order kept among equals
            self.ordered = True
        return self.events

    def describe(self, group_arn: str) -> dict[str, Any]:
        document: dict[str, Any] = {
            "logStreamName": self.name,
            "creationTime": self.created,
            "arn": f"{group_arn}:log-stream:{self.name}",
            "storedBytes": 0,
        }
        if self.events:
            document["firstEventTimestamp"] = self.first_event
            document["lastEventTimestamp"] = self.last_event
            document["lastIngestionTime"] = self.last_ingestion
            document["uploadSequenceToken"] = str(len(self.events))
        return document


@dataclass(slots=True)
class LogGroup:
    name: str
    region: str
    account_id: str
    created: int = field(default_factory=now_ms)
    retention_days: int | None = None
    streams: dict[str, LogStream] = field(default_factory=dict)
    deletion_protection: bool = False
    #: The KMS key CreateLogGroup or AssociateKmsKey gave (the emulator encrypts nothing).
    kms_key_id: str | None = None
    #: STANDARD, INFREQUENT_ACCESS, DELIVERY or ESSENTIALS: set at creation, shown, filtered on.
    log_class: str = "STANDARD"
    #: PutDataProtectionPolicy's document and time, and the status DescribeLogGroups shows once one was set.
    data_protection: dict[str, Any] | None = None
    data_protection_status: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    #: By filter name, as DescribeSubscriptionFilters / DescribeMetricFilters answer them.
    subscription_filters: dict[str, dict[str, Any]] = field(default_factory=dict)
    metric_filters: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: PutTransformer's configuration and times (``transformers.py``); its compiled steps are cached beside it.
    transformer: dict[str, Any] | None = None
    pipeline: Any = None
    #: PutIndexPolicy's policy, as DescribeIndexPolicies answers it (``field_indexes.py``).
    index_policy: dict[str, Any] | None = None
    #: PutBearerTokenAuthentication's setting; shown by DescribeLogGroups once set (``account_settings.py``).
    bearer_token_authentication: bool | None = None

    @property
    def arn(self) -> str:
        return f"arn:aws:logs:{self.region}:{self.account_id}:log-group:{self.name}"

    def describe(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "logGroupName": self.name,
            "creationTime": self.created,
            "metricFilterCount": len(self.metric_filters),
            "arn": f"{self.arn}:*",
            "logGroupArn": self.arn,
            "storedBytes": sum(len(e[1]) for s in self.streams.values() for e in s.events),
            "logGroupClass": self.log_class,
            "deletionProtectionEnabled": self.deletion_protection,
        }
        if self.retention_days is not None:
            document["retentionInDays"] = self.retention_days
        if self.kms_key_id is not None:
            document["kmsKeyId"] = self.kms_key_id
        if self.data_protection_status is not None:
            document["dataProtectionStatus"] = self.data_protection_status
        if self.bearer_token_authentication is not None:
            document["bearerTokenAuthenticationEnabled"] = self.bearer_token_authentication
        return document


#: Told of every batch of events stored: (group, stream, events stored, the same as ingested before a
#: transformer rewrote them: subscription filters read these unless ``applyOnTransformedLogs``).
Subscriber = Callable[[LogGroup, LogStream, list[tuple[int, str, int]], list[tuple[int, str, int]]], None]
#: Rewrites the events about to be stored in a group, as its transformer (if any) makes them.
Transform = Callable[[LogGroup, LogStream, list[tuple[int, str, int]]], list[tuple[int, str, int]]]


class LogStore:
    def __init__(self, path: Path | None, max_events: int = MAX_EVENTS) -> None:
        self.path = path
        self.subscriber: Subscriber | None = None
        self.transform: Transform | None = None
        self.max_events = max_events
        self.groups: dict[str, dict[str, LogGroup]] = {}  # region -> name -> group
        self._order: deque[LogStream] = deque()
        self.dirty = False
        self._load()

    def group(self, region: str, name: str) -> LogGroup | None:
        return self.groups.get(region, {}).get(name)

    def create_group(self, region: str, account_id: str, name: str) -> LogGroup:
        group = LogGroup(name, region, account_id)
        self.groups.setdefault(region, {})[name] = group
        self.dirty = True
        return group

    def delete_group(self, region: str, name: str) -> None:
        group = self.groups.get(region, {}).pop(name, None)
        if group is not None:
            for stream in group.streams.values():
                stream.events.clear()
            self.dirty = True

    def append_lines(
        self, region: str, account_id: str, group_name: str, stream_name: str, lines: list[tuple[int, str]], ending: str
    ) -> None:
        """Add ``(timestamp, text)`` lines as events ``text + ending`` (a ``WholeEvent`` as it is), creating
        the group and stream as Lambda does on first write. One pass: every invocation logs a batch."""
        group = self.group(region, group_name) or self.create_group(region, account_id, group_name)
        ingested = now_ms()
        events = [(stamp, text + ending if text.__class__ is not WholeEvent else str(text), ingested) for stamp, text in lines]
        self._keep(group, self.stream(group, stream_name), events, ingested)

    @staticmethod
    def stream(group: LogGroup, name: str) -> LogStream:
        """The group's stream ``name``, created on first write."""
        stream = group.streams.get(name)
        if stream is None:
            stream = group.streams[name] = LogStream(name)
        return stream

    def add_events(self, group: LogGroup, stream: LogStream, events: list[tuple[int, str]]) -> None:
        ingested = now_ms()
        self._keep(group, stream, list(map(add, events, repeat((ingested,)))), ingested)

    def _keep(self, group: LogGroup, stream: LogStream, stored: list[tuple[int, str, int]], ingested: int) -> None:
        """Store ``(timestamp, message, ingestion time)`` events, in time order (PutLogEvents refuses
        other batches; a function's lines are stamped as they are read)."""
        stream.last_ingestion = ingested
        self.dirty = True
        if not stored:
            return
        ingested_events = stored
        if self.transform is not None:
            stored = self.transform(group, stream, stored)
        low, high = stored[0][0], stored[-1][0]
        last = stream.last_event
        if last is None:
            stream.first_event, stream.last_event = low, high
        else:
            if low < last:  # a late batch: reads sort the stream again
                stream.ordered = False
                if low < stream.first_event:  # type: ignore[operator]
                    stream.first_event = low
            if high > last:
                stream.last_event = high
        stream.events.extend(stored)
        if self.subscriber is not None:
            self.subscriber(group, stream, stored, ingested_events)
        self._order.extend(repeat(stream, len(stored)))
        while len(self._order) > self.max_events:
            oldest = self._order.popleft()
            if oldest.events:
                oldest.events.popleft()

    def clear(self) -> None:
        self.groups.clear()
        self._order.clear()
        self.dirty = True

    # -- persistence --------------------------------------------------------

    def snapshot(self) -> list[dict[str, Any]]:
        """The store's contents, copied shallowly on the event loop so that ``write`` may run elsewhere."""
        self.dirty = False
        return [
            {
                "name": g.name, "region": g.region, "account_id": g.account_id, "created": g.created,
                "retention_days": g.retention_days, "tags": dict(g.tags), "deletion_protection": g.deletion_protection,
                "kms_key_id": g.kms_key_id, "log_class": g.log_class,
                "data_protection": g.data_protection, "data_protection_status": g.data_protection_status,
                "subscription_filters": list(g.subscription_filters.values()),
                "metric_filters": list(g.metric_filters.values()), "transformer": g.transformer,
                "index_policy": g.index_policy, "bearer_token_authentication": g.bearer_token_authentication,
                "streams": [[s.name, s.created, s.last_ingestion, list(s.events)] for s in g.streams.values()],
            }
            for region in self.groups.values()
            for g in region.values()
        ]  # fmt: skip

    def write(self, snapshot: list[dict[str, Any]]) -> None:
        """Serialize and write a snapshot (in a worker thread: it is the slow part)."""
        if self.path is not None:
            write_json(self.path, snapshot)

    def _load(self) -> None:
        for raw in read_json(self.path) or ():
            group = LogGroup(raw["name"], raw["region"], raw["account_id"], raw["created"], raw["retention_days"])
            group.tags = raw.get("tags", {})
            group.deletion_protection = raw.get("deletion_protection", False)
            group.kms_key_id = raw.get("kms_key_id")
            group.log_class = raw.get("log_class", "STANDARD")
            group.data_protection = raw.get("data_protection")
            group.data_protection_status = raw.get("data_protection_status")
            group.subscription_filters = {f["filterName"]: f for f in raw.get("subscription_filters", ())}
            group.metric_filters = {f["filterName"]: f for f in raw.get("metric_filters", ())}
            group.transformer = raw.get("transformer")
            group.index_policy = raw.get("index_policy")
            group.bearer_token_authentication = raw.get("bearer_token_authentication")
            for name, created, last_ingestion, events in raw["streams"]:
                stream = LogStream(name, created, deque(tuple(e) for e in events), last_ingestion)
                if stream.events:
                    stream.first_event = min(e[0] for e in stream.events)
                    stream.last_event = max(e[0] for e in stream.events)
                    stream.ordered = all(a[0] <= b[0] for a, b in pairwise(stream.events))
                group.streams[name] = stream
                self._order.extend([stream] * len(stream.events))
            self.groups.setdefault(group.region, {})[group.name] = group
        # Arrival order across streams is not kept on disk: each stream's events stay in order.
        while len(self._order) > self.max_events:
            self._order.popleft().events.popleft()


def _timestamp(event: tuple[int, str, int]) -> int:
    return event[0]
