"""CloudWatch Logs' operations (``boto3.client('logs')``), over the ``LogStore``.

Lambda writes each function's output here; users may write too. The store is
snapshotted to the data directory every few seconds when it changed, and at stop.
"""

from __future__ import annotations

import asyncio
import contextlib
from itertools import pairwise
from typing import Any

from ..aws.context import RequestContext
from ..aws.errors import AwsError
from ..aws.validate import ValidationStyle
from ..config import Settings
from . import markers
from .logs_filter import compile_filter
from .logs_store import LogGroup, LogStore, LogStream, now_ms

FLUSH_INTERVAL_S = 5.0
DEFAULT_EVENT_LIMIT = 10_000
#: PutRetentionPolicy's accepted values (the API reference's list; the model leaves it open).
RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)
#: PutLogEvents rejects events dated more than two hours ahead.
MAX_FUTURE_MS = 2 * 3600 * 1000
#: How far in the past an event may be (older ones are rejected as too old).
MAX_AGE_MS = 14 * 24 * 3600 * 1000
DAY_MS = 24 * 3600 * 1000


class ResourceNotFoundException(AwsError):
    pass


class ResourceAlreadyExistsException(AwsError):
    pass


class InvalidParameterException(AwsError):
    pass


class LogsProvider:
    #: CloudWatch Logs words model constraint violations as InvalidParameterException
    #: ("1 validation error detected: Value '5000' at 'limit' ...", quoted from AWS in moto#6718).
    validation_style = ValidationStyle(error_code="InvalidParameterException")

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        path = None if settings.in_memory else settings.data_dir.resolve() / "logs" / "logs.json"
        self.store = LogStore(path)
        #: Log group tags by (region, group name); kept in memory only (the store's snapshot has no room for them).
        self.tags: dict[tuple[str, str], dict[str, str]] = {}
        self._flusher: asyncio.Task[None] | None = None

    # -- lifecycle ----------------------------------------------------------

    async def start(self) -> None:
        if self.store.path is not None:
            self._flusher = asyncio.create_task(self._flush_periodically())

    async def stop(self) -> None:
        if self._flusher is not None:
            self._flusher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._flusher
        if self.store.dirty:
            self.store.write(self.store.snapshot())

    def reset(self) -> None:
        self.store.clear()
        self.tags.clear()

    async def _flush_periodically(self) -> None:
        while True:
            await asyncio.sleep(FLUSH_INTERVAL_S)
            if self.store.dirty:
                await asyncio.to_thread(self.store.write, self.store.snapshot())

    # -- groups and streams -------------------------------------------------

    def create_log_group(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        if params["logGroupName"][:4].lower() == "aws/":
            raise InvalidParameterException("Log groups starting with AWS/ are reserved for AWS.")
        if self.store.group(ctx.region, params["logGroupName"]) is not None:
            raise ResourceAlreadyExistsException("The specified log group already exists")
        self.store.create_group(ctx.region, ctx.account_id, params["logGroupName"])
        if params.get("tags"):
            self.tags[ctx.region, params["logGroupName"]] = dict(params["tags"])
        return {}

    def delete_log_group(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._group(ctx, params)
        self.store.delete_group(ctx.region, params["logGroupName"])
        self.tags.pop((ctx.region, params["logGroupName"]), None)
        return {}

    def put_retention_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        days = params["retentionInDays"]
        if days not in RETENTION_DAYS:
            raise InvalidParameterException(
                f"1 validation error detected: Value '{days}' at 'retentionInDays' failed to satisfy constraint: "
                f"Member must satisfy enum value set: [{', '.join(map(str, RETENTION_DAYS))}]"
            )
        self._group(ctx, params).retention_days = days
        self.store.dirty = True
        return {}

    def delete_retention_policy(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._group(ctx, params).retention_days = None
        self.store.dirty = True
        return {}

    def create_log_stream(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, params)
        name = params["logStreamName"]
        if name in group.streams:
            raise ResourceAlreadyExistsException("The specified log stream already exists")
        group.streams[name] = LogStream(name)
        self.store.dirty = True
        return {}

    def delete_log_stream(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, params)
        stream = self._stream(group, params["logStreamName"])
        stream.events.clear()
        del group.streams[stream.name]
        self.store.dirty = True
        return {}

    def describe_log_groups(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        prefix = params.get("logGroupNamePrefix") or ""
        pattern = params.get("logGroupNamePattern")
        if prefix and pattern:
            raise InvalidParameterException("logGroupNamePattern and logGroupNamePrefix are mutually exclusive")
        groups = sorted(self.store.groups.get(ctx.region, {}).values(), key=lambda g: g.name)
        if pattern:  # a case-sensitive substring; AWS then shows only the name, creation time and ARN
            found = [
                {"logGroupName": g.name, "creationTime": g.created, "arn": f"{g.arn}:*"} for g in groups if pattern in g.name
            ]
        else:
            found = [g.describe() for g in groups if g.name.startswith(prefix)]
        page, token = _page("groups", found, params, params.get("limit") or 50, _named("logGroupName"))
        return {"logGroups": page, **({"nextToken": token} if token else {})}

    def describe_log_streams(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, params)
        prefix = params.get("logStreamNamePrefix") or ""
        by_time = params.get("orderBy") == "LastEventTime"
        if by_time and prefix:
            raise InvalidParameterException("Cannot order by LastEventTime with a logStreamNamePrefix.")
        order = _by_last_event if by_time else _by_stream_name
        descending = bool(params.get("descending"))
        streams = sorted((s for s in group.streams.values() if s.name.startswith(prefix)), key=order, reverse=descending)
        page, token = _page("streams", streams, params, params.get("limit") or 50, order, descending)
        return {"logStreams": [s.describe(group.arn) for s in page], **({"nextToken": token} if token else {})}

    # -- events ---------------------------------------------------------------

    def put_log_events(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, params)
        stream = self._stream(group, params["logStreamName"])
        events = [(e["timestamp"], e["message"]) for e in params["logEvents"]]
        if any(earlier[0] > later[0] for earlier, later in pairwise(events)):
            raise InvalidParameterException("Log events in a single PutLogEvents request must be in chronological order.")
        now = now_ms()
        # The batch is in order: the rejected events are a head (too old, or older than
        # the group's retention) and a tail (too new); the rest is kept, as AWS does.
        rejected: dict[str, int] = {}
        too_old = _count_before(events, now - MAX_AGE_MS)
        if too_old:
            rejected["tooOldLogEventEndIndex"] = too_old  # exclusive
        expired = _count_before(events, now - group.retention_days * DAY_MS) if group.retention_days else 0
        if expired:
            rejected["expiredLogEventEndIndex"] = expired  # exclusive
        too_new = _count_before(events, now + MAX_FUTURE_MS + 1)
        if too_new < len(events):
            rejected["tooNewLogEventStartIndex"] = too_new  # inclusive
        self.store.add_events(stream, events[max(too_old, expired) : too_new])
        answer: dict[str, Any] = {"nextSequenceToken": str(len(stream.events))}
        if rejected:
            answer["rejectedLogEventsInfo"] = rejected
        return answer

    def get_log_events(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        stream = self._stream(self._group(ctx, params), params["logStreamName"])
        start, end = params.get("startTime"), params.get("endTime")
        events = [e for e in stream.events if (start is None or e[0] >= start) and (end is None or e[0] < end)]
        limit = params.get("limit") or DEFAULT_EVENT_LIMIT
        token = params.get("nextToken")
        if token:
            if token[:2] not in ("f/", "b/") or not token[2:].isdigit():
                raise InvalidParameterException("The specified nextToken is invalid.")
            direction, position = token[0], int(token[2:])
        else:
            direction, position = ("f", 0) if params.get("startFromHead") else ("b", len(events))
        if direction == "f":
            low = min(position, len(events))
            high = min(low + limit, len(events))
        else:
            high = min(position, len(events))
            low = max(0, high - limit)
        return {
            "events": [{"timestamp": e[0], "message": e[1], "ingestionTime": e[2]} for e in events[low:high]],
            "nextForwardToken": f"f/{high:056d}",
            "nextBackwardToken": f"b/{low:056d}",
        }

    def filter_log_events(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, params)
        names = params.get("logStreamNames")
        prefix = params.get("logStreamNamePrefix") or ""
        if names and prefix:
            raise InvalidParameterException("logStreamNames and logStreamNamePrefix are mutually exclusive")
        streams = [s for s in group.streams.values() if (s.name in names if names else s.name.startswith(prefix))]
        matches = compile_filter(params.get("filterPattern"))
        start, end = params.get("startTime"), params.get("endTime")
        found = [
            (e[0], e[2], s.name, index, e[1])
            for s in streams
            for index, e in enumerate(s.events)
            if (start is None or e[0] >= start) and (end is None or e[0] <= end) and matches(e[1])
        ]
        found.sort()
        events = [
            {"logStreamName": name, "timestamp": ts, "message": message, "ingestionTime": ingested, "eventId": f"{ts}{index:020d}"}
            for ts, ingested, name, index, message in found
        ]
        page, token = _page("events", events, params, params.get("limit") or DEFAULT_EVENT_LIMIT, _event_order)
        searched = [{"logStreamName": s.name, "searchedCompletely": True} for s in streams]
        return {"events": page, "searchedLogStreams": searched, **({"nextToken": token} if token else {})}

    # -- tags -----------------------------------------------------------------
    # The legacy *LogGroup operations name the group; the *Resource ones its ARN.

    def tag_log_group(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._group_tags(ctx, params["logGroupName"]).update(params["tags"])
        return {}

    def untag_log_group(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        tags = self._group_tags(ctx, params["logGroupName"])
        for key in params["tags"]:
            tags.pop(key, None)
        return {}

    def list_tags_log_group(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return {"tags": dict(self._group_tags(ctx, params["logGroupName"]))}

    def tag_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        self._group_tags(ctx, _group_name(params["resourceArn"])).update(params["tags"])
        return {}

    def untag_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        tags = self._group_tags(ctx, _group_name(params["resourceArn"]))
        for key in params["tagKeys"]:
            tags.pop(key, None)
        return {}

    def list_tags_for_resource(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        return {"tags": dict(self._group_tags(ctx, _group_name(params["resourceArn"])))}

    def _group_tags(self, ctx: RequestContext, name: str) -> dict[str, str]:
        self._group(ctx, {"logGroupName": name})
        return self.tags.setdefault((ctx.region, name), {})

    # -- helpers --------------------------------------------------------------

    def _group(self, ctx: RequestContext, params: dict[str, Any]) -> LogGroup:
        name = params.get("logGroupName") or (params.get("logGroupIdentifier") or "").rsplit(":log-group:", 1)[-1]
        group = self.store.group(ctx.region, name)
        if group is None:
            raise ResourceNotFoundException("The specified log group does not exist.")
        return group

    @staticmethod
    def _stream(group: LogGroup, name: str) -> LogStream:
        stream = group.streams.get(name)
        if stream is None:
            raise ResourceNotFoundException("The specified log stream does not exist.")
        return stream


def _group_name(arn: str) -> str:
    """The log group an ARN names (``arn:aws:logs:<region>:<account>:log-group:<name>``)."""
    return arn.split(":log-group:", 1)[-1]


def _page(
    listing: str, items: list[Any], params: dict[str, Any], limit: int, key: Any, descending: bool = False
) -> tuple[list[Any], str | None]:
    """A page of ``items`` (ordered by ``key``) after the ``nextToken``'s; a token this listing did not issue is refused."""
    after = None
    if params.get("nextToken") is not None:
        after = markers.decode(listing, params["nextToken"])
        if after is None:
            raise InvalidParameterException("The specified nextToken is invalid.")
    found, last = markers.window(items, limit, after, key, descending)
    return found, (markers.encode(listing, last) if last is not None else None)


def _named(member: str) -> Any:
    return lambda described: (described[member],)


def _by_stream_name(stream: LogStream) -> tuple[str]:
    return (stream.name,)


def _by_last_event(stream: LogStream) -> tuple[int, str]:
    return (stream.last_event or 0, stream.name)


def _event_order(event: dict[str, Any]) -> tuple[int, int, str, str]:
    """FilterLogEvents' order: by time, ingestion time, stream, then the event's place in its stream."""
    return (event["timestamp"], event["ingestionTime"], event["logStreamName"], event["eventId"])


def _count_before(events: list[tuple[int, str]], cutoff: int) -> int:
    """How many of the (ordered) events are dated before ``cutoff``."""
    return next((index for index, event in enumerate(events) if event[0] >= cutoff), len(events))
