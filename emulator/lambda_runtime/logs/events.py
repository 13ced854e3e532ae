"""PutLogEvents, GetLogEvents and FilterLogEvents.

A stream's events are read in timestamp order, arrival order among equal
timestamps, as AWS returns them. A page holds up to ``limit`` events (10,000 by
default) and no more than fits in a 1 MB response.
"""

from __future__ import annotations

import zlib
from bisect import bisect_left, bisect_right
from collections import deque
from collections.abc import Iterable
from itertools import islice, pairwise
from typing import Any

from ...aws import markers
from ...aws.context import RequestContext
from .base import InvalidParameterException, LogsOperations, page
from .filter import PatternError, compile_filter
from .store import now_ms

DEFAULT_EVENT_LIMIT = 10_000
#: A page of events stops before 1 MB, counting each event as its UTF-8 message plus 26 bytes (as PutLogEvents does).
MAX_PAGE_BYTES = 1_048_576
EVENT_OVERHEAD_BYTES = 26
#: PutLogEvents rejects events dated more than two hours ahead.
MAX_FUTURE_MS = 2 * 3600 * 1000
#: How far in the past an event may be (older ones are rejected as too old).
MAX_AGE_MS = 14 * 24 * 3600 * 1000
DAY_MS = 24 * 3600 * 1000
#: GetLogEvents' tokens: a direction, then 56 digits naming a place between two events (see ``_place``).
_TOKEN_DIGITS = 56
_TIME_DIGITS = 20

Event = tuple[int, str, int]  # (timestamp, message, ingestion time)


class EventOperations(LogsOperations):
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
        self.store.add_events(group, stream, events[max(too_old, expired) : too_new])
        answer: dict[str, Any] = {"nextSequenceToken": str(len(stream.events))}
        if rejected:
            answer["rejectedLogEventsInfo"] = rejected
        return answer

    def get_log_events(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        """A page from a place between two events, forward or backward.

        The tokens name places, not offsets, so they stay true as events arrive;
        at the end of the stream the token sent comes back, as AWS documents.
        """
        stream = self._stream(self._group(ctx, params), params["logStreamName"])
        events = stream.in_time_order()
        start, end = params.get("startTime"), params.get("endTime")
        first = 0 if start is None else bisect_left(events, start, key=_timestamp)
        stop = len(events) if end is None else bisect_left(events, end, key=_timestamp)  # endTime is exclusive
        limit = params.get("limit") or DEFAULT_EVENT_LIMIT
        token = params.get("nextToken")
        if token:
            forward, place = _read_token(token, events)
        else:
            forward = bool(params.get("startFromHead"))
            place = first if forward else stop
        if forward:
            low = max(place, first)
            found = _fitting(islice(events, low, max(low, min(stop, low + limit))))
            high = low + len(found)
        else:
            high = min(place, stop)
            low = max(first, high - limit)
            found = _fitting(islice(events, low, max(low, high)), from_end=True)
            low = high - len(found)
        forward_token = _token("f", events, high)
        backward_token = _token("b", events, low)
        if token and not found:  # the end of the stream that way: the same token back
            if forward:
                forward_token = token
            else:
                backward_token = token
        return {
            "events": [{"timestamp": e[0], "message": e[1], "ingestionTime": e[2]} for e in found],
            "nextForwardToken": forward_token,
            "nextBackwardToken": backward_token,
        }

    def filter_log_events(self, ctx: RequestContext, params: dict[str, Any]) -> dict[str, Any]:
        group = self._group(ctx, params)
        names = params.get("logStreamNames")
        prefix = params.get("logStreamNamePrefix") or ""
        if names and prefix:
            raise InvalidParameterException("logStreamNames and logStreamNamePrefix are mutually exclusive")
        streams = [s for s in group.streams.values() if (s.name in names if names else s.name.startswith(prefix))]
        try:
            matches = compile_filter(params.get("filterPattern"))
        except PatternError:
            raise InvalidParameterException("Invalid filter pattern") from None
        start, end = params.get("startTime"), params.get("endTime")
        found = [
            (e[0], e[2], s.name, index, e[1])
            for s in streams
            for index, e in enumerate(s.events)
            if (start is None or e[0] >= start) and (end is None or e[0] <= end) and matches(e[1])
        ]
        found.sort()
        tags = {s.name: zlib.crc32(s.name.encode()) for s in streams}
        events = [
            {
                "logStreamName": name,
                "timestamp": ts,
                "message": message,
                "ingestionTime": ingested,
                # 56 digits, unique in the group, as AWS's event ids are: time, stream, place in the stream.
                "eventId": f"{ts:020d}{tags[name]:010d}{index:026d}",
            }
            for ts, ingested, name, index, message in found
        ]
        limit = params.get("limit") or DEFAULT_EVENT_LIMIT
        answer, token = page("events", events, params, limit, _event_order)
        fitting = _fitting(answer, message=_message_member)
        if len(fitting) < len(answer):  # cut at 1 MB: resume after the last event answered
            token = markers.encode("events", _event_order(fitting[-1]))
        # AWS stopped reporting the streams searched (May 2020): the member is always an empty list.
        return {"events": fitting, "searchedLogStreams": [], **({"nextToken": token} if token else {})}


def _fitting(events: Iterable[Any], *, from_end: bool = False, message: Any = None) -> list[Any]:
    """As many of ``events`` as fit in a response (all but at least one), from the front or, ``from_end``, the back."""
    listed = list(events)
    text = message or _event_message
    budget = MAX_PAGE_BYTES
    ordered = reversed(listed) if from_end else listed
    count = 0
    for event in ordered:
        budget -= len(text(event).encode()) + EVENT_OVERHEAD_BYTES
        if budget < 0 and count:
            break
        count += 1
    return listed[len(listed) - count :] if from_end else listed[:count]


def _place(events: deque[Event], index: int) -> tuple[int, int]:
    """The place before ``events[index]``, as (timestamp of the event before it, its rank among events of that time).

    Unlike an index, a place stays put when older events are dropped or a late event arrives.
    """
    if index == 0:
        return 0, 0
    timestamp = events[index - 1][0]
    return timestamp, index - bisect_left(events, timestamp, key=_timestamp)


def _token(direction: str, events: deque[Event], index: int) -> str:
    timestamp, rank = _place(events, index)
    return f"{direction}/{timestamp:0{_TIME_DIGITS}d}{rank:0{_TOKEN_DIGITS - _TIME_DIGITS}d}"


def _read_token(token: str, events: deque[Event]) -> tuple[bool, int]:
    """(forward?, index) of a token ``_token`` wrote; anything else is refused as AWS refuses it."""
    digits = token[2:]
    if token[:2] not in ("f/", "b/") or len(digits) != _TOKEN_DIGITS or not digits.isdigit():
        raise InvalidParameterException("The specified nextToken is invalid.")
    timestamp, rank = int(digits[:_TIME_DIGITS]), int(digits[_TIME_DIGITS:])
    index = min(bisect_left(events, timestamp, key=_timestamp) + rank, bisect_right(events, timestamp, key=_timestamp))
    return token[0] == "f", index


def _timestamp(event: Event) -> int:
    return event[0]


def _event_message(event: Event) -> str:
    return event[1]


def _message_member(event: dict[str, Any]) -> str:
    return event["message"]


def _event_order(event: dict[str, Any]) -> tuple[int, int, str, str]:
    """FilterLogEvents' order: by time, ingestion time, stream, then the event's place in its stream."""
    return (event["timestamp"], event["ingestionTime"], event["logStreamName"], event["eventId"])


def _count_before(events: list[tuple[int, str]], cutoff: int) -> int:
    """How many of the (ordered) events are dated before ``cutoff``."""
    return next((index for index, event in enumerate(events) if event[0] >= cutoff), len(events))
