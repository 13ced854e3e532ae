"""The TTL sweeper against a fake store."""

from __future__ import annotations

from fake_store import FakeStore, definition, item

from emulator.dynamo.streams import StreamStore
from emulator.dynamo.ttl import TtlSweeper

REGION = "us-east-1"


def test_sweep_deletes_only_what_is_due_and_marks_it_as_ttl() -> None:
    store, streams = FakeStore(), StreamStore()
    sweeper = TtlSweeper(store, 1.0)
    store.subscribe(streams.on_change)
    store.subscribe(sweeper.on_change)
    table = store.create_table(REGION, definition(stream="OLD_IMAGE", ttl="expires"))
    table.put(item(1, expires={"N": "1000"}))
    table.put(item(2, expires={"N": "3000"}))
    table.put(item(3, expires={"S": "1000"}))  # not a number: never expires
    table.put(item(4, expires={"N": "1000"}))
    table.put(item(4, expires={"N": "5000"}))  # rewritten with a later expiry

    assert sweeper.sweep(now=2000) == 1
    assert sorted(table.items) == [b'{"id":{"S":"id-2"}}', b'{"id":{"S":"id-3"}}', b'{"id":{"S":"id-4"}}']
    removal = streams.visible(REGION)[0].shard.records[-1]
    assert removal["eventName"] == "REMOVE"
    assert removal["userIdentity"] == {"PrincipalId": "dynamodb.amazonaws.com", "Type": "Service"}
    assert removal["dynamodb"]["OldImage"] == item(1, expires={"N": "1000"})
    assert sweeper.sweep(now=6000) == 2


def test_enabling_ttl_indexes_existing_items_and_ignores_ancient_expiries() -> None:
    store = FakeStore()
    sweeper = TtlSweeper(store, 1.0)
    store.subscribe(sweeper.on_change)
    table = store.create_table(REGION, definition())
    table.put(item(1, expires={"N": "1000"}))
    table.put(item(2, expires={"N": "1"}))
    assert sweeper.sweep(now=2000) == 0
    store.update_table(REGION, definition(ttl="expires"))
    assert sweeper.sweep(now=5 * 365 * 24 * 3600 + 500) == 1
    assert list(table.items) == [b'{"id":{"S":"id-2"}}']
