"""Index key values obey the table's key limits: a write that would break an index key is
refused (Developer Guide, GSI.OnlineOps.ViolationDetection; moto's
test_put_long_string_gsi_range_key_exception words it as for the table's keys)."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import create_table, error_of

HASH_TOO_BIG = "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes"
RANGE_TOO_BIG = "One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes"


@pytest.fixture
def indexed(dynamodb: Any) -> str:
    """Table pk/sk, and a GSI keyed the other way round (sk HASH, pk RANGE)."""
    create_table(
        dynamodb, "swapped", range_key=("sk", "S"),
        GlobalSecondaryIndexes=[{
            "IndexName": "by_sk",
            "KeySchema": [{"AttributeName": "sk", "KeyType": "HASH"}, {"AttributeName": "pk", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
        }],
    )
    return "swapped"


def _refused(call: Any, **params: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call(**params)
    return error_of(caught)


def test_index_range_key_over_1024_bytes_is_refused(dynamodb: Any, indexed: str) -> None:
    dynamodb.put_item(TableName=indexed, Item={"pk": {"S": "x" * 1024}, "sk": {"S": "a"}})
    assert _refused(dynamodb.put_item, TableName=indexed, Item={"pk": {"S": "y" * 1025}, "sk": {"S": "a"}}) == (
        "ValidationException", RANGE_TOO_BIG
    )
    emoji = "\U0001f603"  # four bytes in UTF-8
    assert _refused(dynamodb.put_item, TableName=indexed, Item={"pk": {"S": emoji * 257}, "sk": {"S": "a"}}) == (
        "ValidationException", RANGE_TOO_BIG
    )
    assert [item["pk"]["S"] for item in dynamodb.scan(TableName=indexed)["Items"]] == ["x" * 1024]


def test_index_hash_key_over_2048_bytes_is_refused_by_every_write(dynamodb: Any) -> None:
    create_table(
        dynamodb, "by_blob", ExtraDefinitions=[{"AttributeName": "g", "AttributeType": "B"}],
        GlobalSecondaryIndexes=[{
            "IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"},
        }],
    )
    dynamodb.put_item(TableName="by_blob", Item={"pk": {"S": "k"}, "g": {"B": b"\x00" * 2048}})
    too_big = {"B": base64.b64encode(b"\x00" * 2049).decode()}
    refused = ("ValidationException", HASH_TOO_BIG)
    assert _refused(dynamodb.put_item, TableName="by_blob", Item={"pk": {"S": "k"}, "g": {"B": b"\x00" * 2049}}) == refused
    assert _refused(
        dynamodb.update_item, TableName="by_blob", Key={"pk": {"S": "k"}}, UpdateExpression="SET g = :g",
        ExpressionAttributeValues={":g": {"B": b"\x00" * 2049}},
    )[1].endswith(HASH_TOO_BIG)
    with pytest.raises(ClientError) as caught:
        dynamodb.transact_write_items(TransactItems=[{"Put": {"TableName": "by_blob", "Item": {"pk": {"S": "t"}, "g": too_big}}}])
    assert error_of(caught) == refused
    [stored] = dynamodb.scan(TableName="by_blob")["Items"]
    assert stored["g"]["B"] == b"\x00" * 2048


def test_backfill_leaves_out_items_that_break_the_new_index_key(dynamodb: Any, hash_table: str) -> None:
    values = {"fits": "x" * 2048, "too-long": "y" * 2049, "empty": "", "number": None}
    for key, value in values.items():
        item = {"pk": {"S": key}, "g": {"S": value} if value is not None else {"N": "1"}}
        dynamodb.put_item(TableName=hash_table, Item=item)
    dynamodb.update_table(
        TableName=hash_table,
        AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[{"Create": {
            "IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"},
        }}],
    )
    indexed = dynamodb.scan(TableName=hash_table, IndexName="by_g")["Items"]
    assert [item["pk"]["S"] for item in indexed] == ["fits"]
    assert _refused(dynamodb.put_item, TableName=hash_table, Item={"pk": {"S": "new"}, "g": {"S": "z" * 2049}}) == (
        "ValidationException", HASH_TOO_BIG
    )
