"""The stream poller's delivery rules, with a fake function: record age, bisecting, retries."""

from __future__ import annotations

import asyncio
import time

import orjson

from emulator.lambda_runtime.event_source_mappings import EventSourceMapping
from emulator.lambda_runtime.stream_poller import StreamPoller


def record(key: str, created: float) -> dict:
    return {"eventName": "INSERT", "dynamodb": {"Keys": {"id": {"S": key}}, "ApproximateCreationDateTime": created, "SequenceNumber": key}}


def deliveries(mapping: EventSourceMapping, batch: list[dict], failing: set[str]) -> list[list[str]]:
    """The batches a poller hands the function; batches holding a ``failing`` key fail."""
    seen: list[list[str]] = []

    async def deliver(_: EventSourceMapping, payload: bytes) -> tuple[bool, bytes]:
        keys = [r["dynamodb"]["Keys"]["id"]["S"] for r in orjson.loads(payload)["Records"]]
        seen.append(keys)
        return not failing.intersection(keys), b"null"

    poller = StreamPoller(mapping, streams=None, deliver=deliver, checkpointed=lambda: None)
    asyncio.run(poller._deliver(batch))
    return seen


def mapping(**options: object) -> EventSourceMapping:
    return EventSourceMapping("us-east-1", "000000000000", "arn:stream", "arn:function", "LATEST", **options)  # type: ignore[arg-type]


def test_records_older_than_the_maximum_age_are_discarded() -> None:
    now = time.time()
    batch = [record("old", now - 120), record("new", now)]
    assert deliveries(mapping(maximum_record_age_s=60), batch, set()) == [["new"]]
    assert deliveries(mapping(), batch, set()) == [["old", "new"]]


def test_retries_stop_after_the_maximum_attempts() -> None:
    now = time.time()
    assert deliveries(mapping(maximum_retry_attempts=0), [record("a", now)], {"a"}) == [["a"]]
