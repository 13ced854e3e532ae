"""Live Tail: StartLiveTail's sessions, streaming the events ingested while they are open.

As the API reference describes the stream: a ``sessionStart`` at once, then a ``sessionUpdate``
every second (empty when nothing matched), holding at most 500 events (a sample, ``sampled``,
when more matched); up to 5,000 events wait for a slow reader, the oldest dropped first. A
session sees events ingested after it started, as the group stores them (after its transformer),
in the groups and streams it names that match its filter pattern (the FilterLogEvents syntax); each
names its group as ``<account>:<name>`` (as AWS's answers were recalled, not checked against a
recorded one: the reference says only "the name or ARN"). It
ends with ``SessionTimeoutException`` after three hours, when the client closes the stream, or
when the emulator is reset or stops. The protocol layer cannot tell the emulator that a client
went away mid-stream (the connection drops what is written after): a session abandoned that way
lives on, cheaply, until one of those ends, so AWS's quota of concurrent sessions is not applied.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections import deque
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from typing import Any

from ...aws.context import RequestContext
from ...aws.http import StreamingResponse
from .base import InvalidParameterException, LogsOperations, group_name, group_not_found
from .event_stream_answer import Event, event_stream_answer
from .filter import Matcher, PatternError, compile_filter
from .store import LogGroup, LogStream

UPDATE_INTERVAL_S = 1.0
SESSION_LIMIT_S = 3 * 3600.0
MAX_RESULTS = 500
MAX_WAITING = 5000
#: Guessed wordings: AWS's are not documented.
_STAR = "LogGroupIdentifier ARN cannot end with an asterisk (*)."
_BOTH_FILTERS = "logStreamNames and logStreamNamePrefixes are mutually exclusive."
_ONE_GROUP = "logStreamNames and logStreamNamePrefixes can be specified only with one log group."
_TIMED_OUT = "Live Tail session has timed out after 3 hours."


@dataclass(eq=False, slots=True)
class LiveTailSession:
    #: (region, group name) of each group tailed.
    groups: frozenset[tuple[str, str]]
    stream_names: frozenset[str]
    stream_prefixes: tuple[str, ...]
    matches: Matcher
    waiting: deque[dict[str, Any]] = field(default_factory=lambda: deque(maxlen=MAX_WAITING))
    ended: asyncio.Event = field(default_factory=asyncio.Event)

    def take(self, group: LogGroup, stream: LogStream, events: list[tuple[int, str, int]]) -> None:
        if self.stream_names and stream.name not in self.stream_names:
            return
        if self.stream_prefixes and not stream.name.startswith(self.stream_prefixes):
            return
        identifier = f"{group.account_id}:{group.name}"
        self.waiting.extend(
            {"logStreamName": stream.name, "logGroupIdentifier": identifier, "message": message, "timestamp": stamp,
             "ingestionTime": ingested}
            for stamp, message, ingested in events
            if self.matches(message)
        )  # fmt: skip

    def update(self) -> dict[str, Any]:
        """What matched since the last update: all of it, or a sample of ``MAX_RESULTS`` in arrival order."""
        results = list(self.waiting)
        self.waiting.clear()
        sampled = len(results) > MAX_RESULTS
        if sampled:
            results = [results[i] for i in sorted(random.sample(range(len(results)), MAX_RESULTS))]
        return {"sessionMetadata": {"sampled": sampled}, "sessionResults": results}


class LiveTail:
    """The open sessions, by the groups they tail (the store's subscriber hands them each batch)."""

    def __init__(self) -> None:
        self.by_group: dict[tuple[str, str], set[LiveTailSession]] = {}

    def open(self, session: LiveTailSession) -> None:
        for key in session.groups:
            self.by_group.setdefault(key, set()).add(session)

    def close(self, session: LiveTailSession) -> None:
        session.ended.set()
        for key in session.groups:
            tailing = self.by_group.get(key)
            if tailing is not None:
                tailing.discard(session)
                if not tailing:
                    del self.by_group[key]

    def on_events(self, group: LogGroup, stream: LogStream, events: list[tuple[int, str, int]]) -> None:
        for session in self.by_group.get((group.region, group.name), ()):
            session.take(group, stream, events)

    def end_all(self) -> None:
        for session in {s for sessions in self.by_group.values() for s in sessions}:
            self.close(session)

    async def run(self, session: LiveTailSession, start: dict[str, Any]) -> AsyncGenerator[Event, None]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + SESSION_LIMIT_S
        try:
            yield {"sessionStart": start}
            while not session.ended.is_set():
                remaining = deadline - loop.time()
                if remaining <= 0:
                    yield {"SessionTimeoutException": {"message": _TIMED_OUT}}
                    return
                try:
                    await asyncio.wait_for(session.ended.wait(), min(UPDATE_INTERVAL_S, remaining))
                except TimeoutError:
                    yield {"sessionUpdate": session.update()}
        finally:
            self.close(session)


class LiveTailOperations(LogsOperations):
    live_tail: LiveTail

    def start_live_tail(self, ctx: RequestContext, params: dict[str, Any]) -> StreamingResponse:
        identifiers = params["logGroupIdentifiers"]
        names, prefixes = params.get("logStreamNames"), params.get("logStreamNamePrefixes")
        if any(identifier.endswith("*") for identifier in identifiers):
            raise InvalidParameterException(_STAR)
        if names and prefixes:
            raise InvalidParameterException(_BOTH_FILTERS)
        if (names or prefixes) and len(identifiers) > 1:
            raise InvalidParameterException(_ONE_GROUP)
        groups = frozenset(_group_key(ctx, identifier) for identifier in identifiers)
        if any(self.store.group(region, name) is None for region, name in groups):
            raise group_not_found()
        try:
            matches = compile_filter(params.get("logEventFilterPattern"))
        except PatternError:
            raise InvalidParameterException("Invalid filter pattern") from None
        session = LiveTailSession(groups, frozenset(names or ()), tuple(prefixes or ()), matches)
        self.live_tail.open(session)  # before answering: what is ingested from now on is seen
        start = {
            "requestId": ctx.request_id,
            "sessionId": str(uuid.uuid4()),
            "logGroupIdentifiers": list(identifiers),
            **{
                m: params[m]
                for m in ("logStreamNames", "logStreamNamePrefixes", "logEventFilterPattern")
                if m in params
            },
        }
        return event_stream_answer(ctx, "StartLiveTail", self.live_tail.run(session, start))


def _group_key(ctx: RequestContext, identifier: str) -> tuple[str, str]:
    """(region, name) of a group given by name or ARN (an ARN names its own region)."""
    parts = identifier.split(":", 6)
    region = parts[3] if identifier.startswith("arn:") and len(parts) > 3 and parts[3] else ctx.region
    return region, group_name(identifier)
