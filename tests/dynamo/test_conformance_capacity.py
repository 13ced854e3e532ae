"""ConsumedCapacity figures AWS reported to dynoxide's captures (eu-west-2, 2026-08).

Sources: nubo-db/dynoxide tests/index_consumed_capacity.rs (rounds #176, S)
and tests/transactional_index_consumed_capacity.rs (rounds A, B, F, J, K, S).
A table keyed pk/sk, a GSI ``gsi-inc`` on gsiPk projecting INCLUDE [proj] and
an LSI ``lsi-all`` on pk/lsiSk projecting ALL.
"""

from __future__ import annotations

from typing import Any

import pytest

TABLE = "tx_idx_wcu"
PAD = "x" * 3000


def _create(client: Any, name: str = TABLE) -> None:
    client.create_table(
        TableName=name,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "gsiPk", "lsiSk")],
        BillingMode="PAY_PER_REQUEST",
        GlobalSecondaryIndexes=[{
            "IndexName": "gsi-inc",
            "KeySchema": [{"AttributeName": "gsiPk", "KeyType": "HASH"}],
            "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["proj"]},
        }],
        LocalSecondaryIndexes=[{
            "IndexName": "lsi-all",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "lsiSk", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"},
        }],
    )


@pytest.fixture
def table(dynamodb: Any) -> str:
    _create(dynamodb)
    return TABLE


def key(pk: str) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"S": "1"}}


def s(value: str) -> dict[str, str]:
    return {"S": value}


def arms(capacity: dict[str, Any]) -> tuple[float, float | None, float | None, float | None]:
    """(total, table arm, gsi arm, lsi arm); an absent arm is None."""
    gsi = capacity.get("GlobalSecondaryIndexes", {}).get("gsi-inc")
    lsi = capacity.get("LocalSecondaryIndexes", {}).get("lsi-all")
    table = capacity.get("Table")
    return (
        capacity["CapacityUnits"],
        table["CapacityUnits"] if table else None,
        gsi["CapacityUnits"] if gsi else None,
        lsi["CapacityUnits"] if lsi else None,
    )


def transact(client: Any, actions: list[dict[str, Any]], mode: str = "INDEXES", **extra: Any) -> list[dict[str, Any]]:
    return client.transact_write_items(TransactItems=actions, ReturnConsumedCapacity=mode, **extra)["ConsumedCapacity"]  # type: ignore[no-any-return]


def put(item: dict[str, Any]) -> dict[str, Any]:
    return {"Put": {"TableName": TABLE, "Item": item}}


# --- single-item writes: an index entry changed in place costs its larger image ---


def test_in_place_index_update_is_sized_on_the_larger_entry(dynamodb: Any, table: str) -> None:
    # Captures S2/S3: 3017B -> 18B and 18B -> 3020B both report gsi 3.
    for pk, before, after in (("s2", PAD, "p"), ("s3", "p", PAD)):
        dynamodb.put_item(TableName=table, Item={**key(pk), "gsiPk": s("g"), "proj": s(before)})
        capacity = dynamodb.update_item(
            TableName=table, Key=key(pk), UpdateExpression="SET proj = :v",
            ExpressionAttributeValues={":v": s(after)}, ReturnConsumedCapacity="INDEXES",
        )["ConsumedCapacity"]
        assert arms(capacity) == (6.0, 3.0, 3.0, None)


def test_in_place_update_of_equal_entries_rounds_each_image_once(dynamodb: Any, table: str) -> None:
    # Capture R2: 1517B -> 1517B reports 2 on the index, not the 3 of summed bytes.
    dynamodb.put_item(TableName=table, Item={**key("r2"), "gsiPk": s("g"), "proj": s("x" * 1500)})
    capacity = dynamodb.update_item(
        TableName=table, Key=key("r2"), UpdateExpression="SET proj = :v",
        ExpressionAttributeValues={":v": s("y" * 1500)}, ReturnConsumedCapacity="INDEXES",
    )["ConsumedCapacity"]
    assert arms(capacity)[2] == 2.0


# --- TransactWriteItems: the table arm doubles, index arms do not ---


def test_transactional_put_charges_index_arms_undoubled(dynamodb: Any, table: str) -> None:
    # A1: total 3, table 2, gsi 1.  A2: total 2, table 2, no arms.  A3: 4 = 2 + 1 + 1.
    (a1,) = transact(dynamodb, [put({**key("a1"), "gsiPk": s("g1")})])
    assert arms(a1) == (3.0, 2.0, 1.0, None)
    assert "LocalSecondaryIndexes" not in a1
    (a2,) = transact(dynamodb, [put({**key("a2"), "other": s("o")})])
    assert arms(a2) == (2.0, 2.0, None, None)
    assert "GlobalSecondaryIndexes" not in a2 and "LocalSecondaryIndexes" not in a2
    (a3,) = transact(dynamodb, [put({**key("a3"), "gsiPk": s("g1"), "lsiSk": s("L1"), "proj": s("p")})])
    assert arms(a3) == (4.0, 2.0, 1.0, 1.0)
    # The transactional shape carries the write axis at every level.
    assert a3["WriteCapacityUnits"] == 4.0
    assert a3["Table"] == {"CapacityUnits": 2.0, "WriteCapacityUnits": 2.0}
    assert a3["GlobalSecondaryIndexes"]["gsi-inc"] == {"CapacityUnits": 1.0, "WriteCapacityUnits": 1.0}


def test_transactional_updates_and_deletes_charge_only_changed_indexes(dynamodb: Any, table: str) -> None:
    for pk in ("a4", "a5", "a7", "a10"):
        dynamodb.put_item(TableName=table, Item={**key(pk), "gsiPk": s("g1"), "lsiSk": s("L1")})
    # A4: an identical overwrite touches no index view.
    (a4,) = transact(dynamodb, [put({**key("a4"), "gsiPk": s("g1"), "lsiSk": s("L1")})])
    assert arms(a4) == (2.0, 2.0, None, None)
    # A5: outside the GSI's INCLUDE list, inside the LSI's ALL.
    (a5,) = transact(dynamodb, [{"Update": {
        "TableName": table, "Key": key("a5"), "UpdateExpression": "SET #o = :v",
        "ExpressionAttributeNames": {"#o": "other"}, "ExpressionAttributeValues": {":v": s("o2")},
    }}])
    assert arms(a5) == (3.0, 2.0, None, 1.0)
    # A7: a GSI key move is a delete plus an insert, undoubled.
    (a7,) = transact(dynamodb, [{"Update": {
        "TableName": table, "Key": key("a7"), "UpdateExpression": "SET gsiPk = :v",
        "ExpressionAttributeValues": {":v": s("g2")},
    }}])
    assert arms(a7) == (5.0, 2.0, 2.0, 1.0)
    # A10
    (a10,) = transact(dynamodb, [{"Delete": {"TableName": table, "Key": key("a10")}}])
    assert arms(a10) == (4.0, 2.0, 1.0, 1.0)


def test_transactional_figures_past_one_kilobyte(dynamodb: Any, table: str) -> None:
    dynamodb.put_item(TableName=table, Item={**key("b5"), "gsiPk": s("g1"), "proj": s(PAD)})
    dynamodb.put_item(TableName=table, Item={**key("b7"), "gsiPk": s("g1"), "proj": s("x" * 1500)})
    dynamodb.put_item(TableName=table, Item={**key("f1"), "other": s(PAD)})
    # B5: a delete is sized on the stored image, table and index alike.
    (b5,) = transact(dynamodb, [{"Delete": {"TableName": table, "Key": key("b5")}}])
    assert arms(b5) == (9.0, 6.0, 3.0, None)
    # B7: 2 x ceil(1517B) on the table, ceil(1517B) + ceil(1517B) on the index.
    (b7,) = transact(dynamodb, [{"Update": {
        "TableName": table, "Key": key("b7"), "UpdateExpression": "SET gsiPk = :v",
        "ExpressionAttributeValues": {":v": s("g9")},
    }}])
    assert arms(b7) == (8.0, 4.0, 4.0, None)
    # F1: a ConditionCheck costs two writes of the item it read.
    (f1,) = transact(dynamodb, [{"ConditionCheck": {
        "TableName": table, "Key": key("f1"), "ConditionExpression": "attribute_exists(pk)",
    }}])
    assert arms(f1) == (6.0, 6.0, None, None)
    # K1: deleting nothing costs the minimum.
    (k1,) = transact(dynamodb, [{"Delete": {"TableName": table, "Key": key("k1")}}])
    assert arms(k1) == (2.0, 2.0, None, None)


def test_transactional_total_mode_folds_index_arms_in(dynamodb: Any, table: str) -> None:
    (entry,) = transact(dynamodb, [put({**key("t1"), "gsiPk": s("g1"), "lsiSk": s("L1")})], mode="TOTAL")
    assert entry == {"TableName": table, "CapacityUnits": 4.0, "WriteCapacityUnits": 4.0}


def test_each_table_carries_its_own_arms(dynamodb: Any, table: str) -> None:
    # G1
    _create(dynamodb, "tx_idx_wcu_b")
    first, second = transact(dynamodb, [
        put({**key("g1"), "gsiPk": s("g1"), "lsiSk": s("L1")}),
        {"Put": {"TableName": "tx_idx_wcu_b", "Item": {**key("g1"), "gsiPk": s("g1")}}},
    ])
    assert (first["TableName"], arms(first)) == (table, (4.0, 2.0, 1.0, 1.0))
    assert (second["TableName"], arms(second)) == ("tx_idx_wcu_b", (3.0, 2.0, 1.0, None))


@pytest.mark.parametrize(
    ("seeded", "action", "first", "replay"),
    [
        # S1: a put shrinking a ~9KB item; S2 its mirror; R1 a delete; R2 a check.
        ({"proj": "x" * 9000}, put(key("s")), 18.0, 6.0),
        ({"other": "o"}, put({**key("s"), "proj": s("x" * 9000)}), 18.0, 6.0),
        ({"proj": "x" * 9000}, {"Delete": {"TableName": TABLE, "Key": key("s")}}, 18.0, 6.0),
        (
            {"proj": "x" * 9000},
            {"ConditionCheck": {"TableName": TABLE, "Key": key("s"), "ConditionExpression": "attribute_exists(pk)"}},
            18.0,
            6.0,
        ),
    ],
)
def test_replay_is_charged_as_reads_of_the_larger_image(
    dynamodb: Any, table: str, seeded: dict[str, str], action: dict[str, Any], first: float, replay: float
) -> None:
    dynamodb.put_item(TableName=table, Item={**key("s"), **{name: s(value) for name, value in seeded.items()}})
    (written,) = transact(dynamodb, [action], mode="TOTAL", ClientRequestToken="token-1")
    (replayed,) = transact(dynamodb, [action], mode="TOTAL", ClientRequestToken="token-1")
    assert written["CapacityUnits"] == first
    assert replayed["CapacityUnits"] == replay
    assert replayed["ReadCapacityUnits"] == replay


def test_lsi_fetches_round_each_item_on_its_own(dynamodb: Any) -> None:
    # dynoxide's partiql capture (eu-west-2 2026-08-15): three rows read through a KEYS_ONLY LSI,
    # their unprojected attribute fetched from the table, cost total 2, table 1.5, lsi 0.5.
    dynamodb.create_table(
        TableName="lsi_fetch",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "lsiSk")],
        BillingMode="PAY_PER_REQUEST",
        LocalSecondaryIndexes=[{
            "IndexName": "lsi-keys",
            "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "lsiSk", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
        }],
    )
    for n in range(3):
        dynamodb.put_item(TableName="lsi_fetch", Item={**key("p"), "sk": s(f"s{n}"), "lsiSk": s(f"l{n}"), "extra": s("o")})
    query = dynamodb.query(
        TableName="lsi_fetch", IndexName="lsi-keys", KeyConditionExpression="pk = :p",
        ExpressionAttributeValues={":p": s("p")}, ProjectionExpression="extra", ReturnConsumedCapacity="INDEXES",
    )
    assert query["Items"] == [{"extra": s("o")}] * 3
    assert query["ConsumedCapacity"] == {
        "TableName": "lsi_fetch",
        "CapacityUnits": 2.0,
        "Table": {"CapacityUnits": 1.5},
        "LocalSecondaryIndexes": {"lsi-keys": {"CapacityUnits": 0.5}},
    }
    statement = dynamodb.execute_statement(
        Statement="SELECT extra FROM \"lsi_fetch\".\"lsi-keys\" WHERE pk='p'", ReturnConsumedCapacity="INDEXES"
    )
    assert statement["ConsumedCapacity"]["CapacityUnits"] == 2.0


def test_reordered_set_members_leave_the_index_entry_unchanged(dynamodb: Any, table: str) -> None:
    # dynoxide's index-capacity rules (captured in eu-west-2): an identical entry costs the index
    # nothing, and sets are unordered, so listing the same members in another order is identical.
    dynamodb.put_item(TableName=table, Item={**key("set"), "gsiPk": s("g"), "proj": {"SS": ["b", "a", "c"]}})
    capacity = dynamodb.put_item(
        TableName=table, Item={**key("set"), "gsiPk": s("g"), "proj": {"SS": ["a", "c", "b"]}},
        ReturnConsumedCapacity="INDEXES",
    )["ConsumedCapacity"]
    assert arms(capacity) == (1.0, 1.0, None, None)
    changed = dynamodb.put_item(
        TableName=table, Item={**key("set"), "gsiPk": s("g"), "proj": {"SS": ["a", "b"]}},
        ReturnConsumedCapacity="INDEXES",
    )["ConsumedCapacity"]
    assert arms(changed) == (2.0, 1.0, 1.0, None)
