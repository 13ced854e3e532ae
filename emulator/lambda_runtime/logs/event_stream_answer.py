"""The answer of a CloudWatch Logs operation whose output is an event stream (StartLiveTail).

CloudWatch Logs speaks the ``json`` protocol, whose event streams differ from rest-json's (which
``aws/rest_json.py`` frames): the body is AWS's binary event-stream encoding from its first byte,
and its first message is an ``initial-response`` event carrying the output's other members (none
here: ``{}``). botocore's parser refuses a stream that starts otherwise. Then each event is one
message named after its member of the stream shape, its members as a JSON document; a member the
model marks as an exception (``SessionTimeoutException``) is sent as an ``exception`` message, and
ends the stream. The JSON protocol hands back a ``Response`` a provider returns as it is.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from typing import Any

from ...aws.context import RequestContext
from ...aws.event_stream import CONTENT_TYPE, encode_message
from ...aws.http import StreamingResponse
from ...aws.serialize import dumps_json
from ...aws.spec import service_model

#: One event of a stream: ``{member name: its members}``.
Event = dict[str, dict[str, Any]]


def event_stream_answer(
    ctx: RequestContext, operation: str, events: AsyncIterator[Event]
) -> StreamingResponse:
    """A 200 whose body is ``events``, framed as they come, after the initial response."""
    output = service_model("logs").operation_model(operation).output_shape
    stream_member = next(
        name for name, member in output.members.items() if member.serialization.get("eventstream")
    )
    exceptions = frozenset(
        name
        for name, member in output.members[stream_member].members.items()
        if member.metadata.get("exception")
    )
    headers = [(b"content-type", CONTENT_TYPE), (b"x-amzn-requestid", ctx.request_id.encode())]
    return StreamingResponse(200, b"", headers, _frames(events, exceptions))


async def _frames(events: AsyncIterator[Event], exceptions: frozenset[str]) -> AsyncGenerator[bytes, None]:
    try:
        first = True
        async for event in events:
            ((name, members),) = event.items()
            frame = _exception(name, members) if name in exceptions else _event(name, members)
            if first:  # the head goes out with the session's first event, in one write
                frame = _event("initial-response", {}) + frame
                first = False
            yield frame
            if name in exceptions:
                return
    finally:
        aclose = getattr(events, "aclose", None)
        if aclose is not None:
            await aclose()  # the client went away or the stream ended: the session's cleanup runs now


def _event(name: str, members: dict[str, Any]) -> bytes:
    headers = [(":event-type", name), (":content-type", "application/json"), (":message-type", "event")]
    return encode_message(headers, dumps_json(members))


def _exception(name: str, members: dict[str, Any]) -> bytes:
    headers = [
        (":exception-type", name),
        (":content-type", "application/json"),
        (":message-type", "exception"),
    ]
    return encode_message(headers, dumps_json(members))
