"""Stream records from change events, and their survival through persistence."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fake_store import FakeStore, definition, item

from emulator.aws.context import RequestContext
from emulator.dynamo.changes import ItemChange, TableChange
from emulator.dynamo.persistence import Persistence
from emulator.dynamo.streams import ShardPosition, StreamStore
from emulator.dynamo.streams.iterators import encode
from emulator.dynamo.streams_provider import DynamoDBStreamsProvider, TrimmedDataAccessException

REGION = "us-east-1"


def test_records_follow_view_type_and_write_order() -> None:
    store, streams = FakeStore(), StreamStore()
    store.subscribe(streams.on_change)
    table = store.create_table(REGION, definition(stream="NEW_AND_OLD_IMAGES"))
    table.put(item(1))
    table.put(item(1, extra={"S": "x"}))
    table.delete({"id": {"S": "id-1"}})
    (stream,) = streams.visible(REGION)
    records = stream.shard.records
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    sequences = [r["dynamodb"]["SequenceNumber"] for r in records]
    assert sequences == sorted(sequences) and len(set(sequences)) == 3
    assert "OldImage" not in records[0]["dynamodb"] and records[1]["dynamodb"]["OldImage"] == item(1)
    assert records[2]["dynamodb"]["Keys"] == {"id": {"S": "id-1"}} and "NewImage" not in records[2]["dynamodb"]
    assert stream.arn.startswith("arn:aws:dynamodb:us-east-1:000000000000:table/things/stream/")


def test_keys_only_and_disable_closes_the_shard() -> None:
    store, streams = FakeStore(), StreamStore()
    store.subscribe(streams.on_change)
    table = store.create_table(REGION, definition(stream="KEYS_ONLY"))
    table.put(item(1))
    (stream,) = streams.visible(REGION)
    assert set(stream.shard.records[0]["dynamodb"]) == {
        "ApproximateCreationDateTime", "Keys", "SequenceNumber", "SizeBytes", "StreamViewType",
    }
    store.update_table(REGION, definition())
    assert stream.status == "DISABLED" and stream.shard.ending == stream.shard.last
    table.put(item(2))
    assert len(stream.shard.records) == 1


def test_stream_records_survive_a_restart(tmp_path: Path) -> None:
    store, streams = FakeStore(), StreamStore()
    persistence = Persistence(tmp_path, "none", store, [streams], streams.on_change, streams.wants_old_image)
    persistence.open()
    store.subscribe(streams.on_change)
    table = store.create_table(REGION, definition(stream="NEW_IMAGE"))
    for n in range(5):
        table.put(item(n))
    persistence.close(final_snapshot=True)
    table.put(item(9))  # not journalled any more
    expected = streams.dump()["streams"][0]["shard"]["records"][:5]

    for final_snapshot in (False, True):
        again_store, again_streams = FakeStore(), StreamStore()
        again = Persistence(tmp_path, "none", again_store, [again_streams], again_streams.on_change,
                            again_streams.wants_old_image)
        again.open()
        again_store.subscribe(again_streams.on_change)
        (stream,) = again_streams.visible(REGION)
        assert stream.shard.records[:5] == expected
        again_store.tables(REGION)["things"].put(item(final_snapshot + 10))
        again.close(final_snapshot=final_snapshot)
    (stream,) = again_streams.visible(REGION)
    assert [r["dynamodb"]["Keys"]["id"]["S"] for r in stream.shard.records] == [
        "id-0", "id-1", "id-2", "id-3", "id-4", "id-10", "id-11",
    ]



class NoDynamoDB:
    settings = None


def test_records_older_than_a_day_are_trimmed() -> None:
    provider = DynamoDBStreamsProvider(NoDynamoDB())  # type: ignore[arg-type]
    now = time.time()
    provider.streams.on_change(TableChange(REGION, "things", "create", definition(stream="KEYS_ONLY"), now - 90000))
    for n, age in enumerate((90000, 88000, 10)):
        key = {"id": {"S": f"id-{n}"}}
        provider.streams.on_change(ItemChange(REGION, "things", key, None, item(n), False, now - age))
    ctx = RequestContext(region=REGION)
    (stream,) = provider.streams.visible(REGION)
    shard = {"StreamArn": stream.arn, "ShardId": stream.shard.shard_id}
    horizon = provider.get_shard_iterator(ctx, {**shard, "ShardIteratorType": "TRIM_HORIZON"})["ShardIterator"]
    records = provider.get_records(ctx, {"ShardIterator": horizon})["Records"]
    assert [r["dynamodb"]["Keys"]["id"]["S"] for r in records] == ["id-2"]
    with pytest.raises(TrimmedDataAccessException) as trimmed:
        provider.get_shard_iterator(
            ctx, {**shard, "ShardIteratorType": "AT_SEQUENCE_NUMBER", "SequenceNumber": str(10**20 + 1)}
        )
    assert trimmed.value.message == "The data you are trying to access has been trimmed"
    stale = encode(ShardPosition(stream.arn, stream.shard.shard_id, 1, now))
    with pytest.raises(TrimmedDataAccessException):
        provider.get_records(ctx, {"ShardIterator": stale})
    # Once every record aged out, LATEST still starts after the newest one, not before the trim point.
    stream.shard.trim(now + 1)
    latest = provider.get_shard_iterator(ctx, {**shard, "ShardIteratorType": "LATEST"})["ShardIterator"]
    assert provider.get_records(ctx, {"ShardIterator": latest})["Records"] == []
