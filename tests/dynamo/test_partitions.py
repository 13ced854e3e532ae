"""Partition storage against a plain model: one-entry partitions, batched token order, bulk loading."""

from __future__ import annotations

import random
from typing import Any

from emulator.dynamo.partitions import OnePart, Partitions, token
from emulator.dynamo.table import Table, stored_text


def scan_order(model: dict[tuple[Any, Any], bytes], sorted_: bool) -> list[bytes]:
    return [model[k] for k in sorted(model, key=lambda k: (token(k[0]), k[0], k[1] if sorted_ else 0))]


def test_random_puts_and_deletes_match_a_model_in_scan_order_and_count() -> None:
    rng = random.Random(7)
    for sorted_ in (True, False):
        parts, model = Partitions(sorted_), {}
        for step in range(6000):
            h, s = f"h{rng.randrange(200)}", (rng.randrange(4) if sorted_ else None)
            if rng.random() < 0.55:
                parts.put(h, s, b"%d" % step)
                model[(h, s)] = b"%d" % step
            else:
                parts.delete(h, s)
                model.pop((h, s), None)
            if step % 500 == 0:
                assert list(parts) == scan_order(model, sorted_)
                assert parts.count == len(model)
        segments = [list(parts.scan(segment=i, total=3)) for i in range(3)]
        assert [text for segment in segments for text in segment] == scan_order(model, sorted_)


def test_a_partition_is_a_one_part_until_its_second_sort_key_and_again_after_a_delete() -> None:
    parts = Partitions(sorted_=True)
    parts.put("a", 1, b"one")
    assert type(parts.partition("a")) is OnePart
    parts.put("a", 0, b"zero")
    assert list(parts.partition("a").irange(0, 1, inclusive=(False, True))) == [1]  # type: ignore[union-attr]
    parts.delete("a", 0)
    part = parts.partition("a")
    assert type(part) is OnePart and part.get(1) == b"one" and list(part.irange(1, 1)) == [1]
    assert list(part.irange(1, None, inclusive=(False, True))) == []
    parts.delete("a", 1)
    assert parts.partition("a") is None and list(parts) == [] and parts.count == 0


def definition() -> dict[str, Any]:
    keys = [("pk", "S"), ("sk", "N"), ("g", "S"), ("l", "S")]
    return {
        "TableName": "t", "TableArn": "arn:aws:dynamodb:us-east-1:000000000000:table/t", "TableId": "id",
        "CreationDateTime": 0, "BillingMode": "PAY_PER_REQUEST",
        "ProvisionedThroughput": {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0},
        "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        "AttributeDefinitions": [{"AttributeName": name, "AttributeType": kind} for name, kind in keys],
        "GlobalSecondaryIndexes": [
            {"IndexName": "G", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
        ],
        "LocalSecondaryIndexes": [
            {
                "IndexName": "L",
                "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "KEYS_ONLY"},
            }
        ],
    }


def test_loading_a_table_at_once_equals_replaying_each_put_with_repeated_keys() -> None:
    rng = random.Random(1)
    texts = []
    for _ in range(2000):
        item = {"pk": {"S": f"p{rng.randrange(300)}"}, "sk": {"N": str(rng.randrange(5))}}
        if rng.random() < 0.5:
            item["g"] = {"S": f"g{rng.randrange(40)}"}
        if rng.random() < 0.5:
            item["l"] = {"S": f"l{rng.randrange(40)}"}
        texts.append(stored_text(item))
    replayed, loaded = Table("us-east-1", definition()), Table("us-east-1", definition())
    for text in texts:
        replayed.replay_put(text)
    loaded.load(texts)
    assert list(loaded.items) == list(replayed.items) and loaded.items.count == replayed.items.count
    for name in ("G", "L"):
        assert list(loaded.indexes[name].entries) == list(replayed.indexes[name].entries)
        assert loaded.indexes[name].entries.count == replayed.indexes[name].entries.count
    assert loaded.collections == replayed.collections
