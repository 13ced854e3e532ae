"""The store's contract with persistence and streams: one choke point, events, recovery."""

from __future__ import annotations

from typing import Any

from emulator.aws.context import RequestContext
from emulator.config import Settings
from emulator.dynamo.changes import Change, ItemChange, TableChange
from emulator.dynamo.provider import DynamoDBProvider

CTX = RequestContext(region="us-east-1")


def provider_with_log() -> tuple[DynamoDBProvider, list[Change]]:
    provider = DynamoDBProvider(Settings(in_memory=True))
    log: list[Change] = []
    provider.store.subscribe(log.append)
    provider.create_table(
        CTX,
        {
            "TableName": "events",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
            "BillingMode": "PAY_PER_REQUEST",
        },
    )
    return provider, log


def test_every_mutation_is_reported_after_it_is_applied() -> None:
    provider, log = provider_with_log()
    provider.put_item(CTX, {"TableName": "events", "Item": {"pk": {"S": "a"}, "v": {"N": "01"}}})
    provider.update_item(CTX, {"TableName": "events", "Key": {"pk": {"S": "a"}}, "UpdateExpression": "SET w = :w", "ExpressionAttributeValues": {":w": {"S": "x"}}})
    provider.transact_write_items(CTX, {"TransactItems": [{"Delete": {"TableName": "events", "Key": {"pk": {"S": "a"}}}}]})
    provider.update_table(CTX, {"TableName": "events", "DeletionProtectionEnabled": True})
    kinds = [(type(c).__name__, getattr(c, "kind", None)) for c in log]
    assert kinds == [("TableChange", "create"), ("ItemChange", None), ("ItemChange", None), ("ItemChange", None), ("TableChange", "update")]
    put, update, delete = log[1], log[2], log[3]
    assert isinstance(put, ItemChange) and put.old is None and put.new == {"pk": {"S": "a"}, "v": {"N": "1"}}
    assert isinstance(update, ItemChange) and update.new == {"pk": {"S": "a"}, "v": {"N": "1"}, "w": {"S": "x"}}
    assert isinstance(delete, ItemChange) and delete.new is None and delete.key == {"pk": {"S": "a"}}
    assert isinstance(log[4], TableChange) and log[4].definition["DeletionProtectionEnabled"] is True


def test_rejected_requests_emit_nothing() -> None:
    provider, log = provider_with_log()
    try:
        provider.put_item(CTX, {"TableName": "events", "Item": {"pk": {"N": "1"}}})
    except Exception:
        pass
    assert len(log) == 1


def test_restore_and_replay_rebuild_state_without_events() -> None:
    provider, log = provider_with_log()
    provider.put_item(CTX, {"TableName": "events", "Item": {"pk": {"S": "a"}}})
    table = provider.store.tables("us-east-1")["events"]
    definition, items = table.definition, list(table.iter_items())
    fresh = DynamoDBProvider(Settings(in_memory=True))
    seen: list[Any] = []
    fresh.store.subscribe(seen.append)
    restored = fresh.store.restore_table("us-east-1", definition, items)
    restored.replay_put({"pk": {"S": "b"}})
    restored.replay_delete({"pk": {"S": "a"}})
    assert seen == []
    assert fresh.get_item(CTX, {"TableName": "events", "Key": {"pk": {"S": "b"}}})["Item"] == {"pk": {"S": "b"}}
    assert restored.definition["TableArn"] == table.arn
    fresh.store.clear()
    assert fresh.store.tables("us-east-1") == {}


def test_all_items_gives_stored_texts_that_restore_a_table() -> None:
    import orjson

    provider, _ = provider_with_log()
    for name in ("a", "b", "c"):
        provider.put_item(CTX, {"TableName": "events", "Item": {"pk": {"S": name}, "n": {"N": "1"}}})
    table = provider.store.tables("us-east-1")["events"]
    texts = table.all_items()
    assert sorted(orjson.loads(t)["pk"]["S"] for t in texts) == ["a", "b", "c"]
    fresh = DynamoDBProvider(Settings(in_memory=True))
    fresh.store.restore_table("us-east-1", table.definition, texts)
    assert fresh.store.regions() == ["us-east-1"]
    got = fresh.get_item(CTX, {"TableName": "events", "Key": {"pk": {"S": "b"}}})
    assert got["Item"] == {"pk": {"S": "b"}, "n": {"N": "1"}}


def test_lsi_item_collection_limit(monkeypatch: Any) -> None:
    import pytest

    from emulator.dynamo.errors import ItemCollectionSizeLimitExceededException
    from emulator.dynamo.operations import writes

    provider = DynamoDBProvider(Settings(in_memory=True))
    provider.create_table(
        CTX,
        {
            "TableName": "collections",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            "AttributeDefinitions": [
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "N"},
                {"AttributeName": "l", "AttributeType": "N"},
            ],
            "LocalSecondaryIndexes": [
                {
                    "IndexName": "by-l",
                    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
                    "Projection": {"ProjectionType": "ALL"},
                }
            ],
            "BillingMode": "PAY_PER_REQUEST",
        },
    )
    monkeypatch.setattr(writes, "MAX_COLLECTION_BYTES", 200)  # 10 GB, scaled down
    item = {"pk": {"S": "p"}, "l": {"N": "1"}, "blob": {"S": "x" * 40}}
    provider.put_item(CTX, {"TableName": "collections", "Item": {**item, "sk": {"N": "1"}}})
    with pytest.raises(ItemCollectionSizeLimitExceededException):
        provider.put_item(CTX, {"TableName": "collections", "Item": {**item, "sk": {"N": "2"}}})
    provider.put_item(CTX, {"TableName": "collections", "Item": {"pk": {"S": "other"}, "sk": {"N": "2"}}})
    assert provider.scan(CTX, {"TableName": "collections"})["Count"] == 2
