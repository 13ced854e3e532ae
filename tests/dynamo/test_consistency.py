"""Consistency modes through boto3: seeded stale eventual reads, strong reads, GSIs, the per-table tag."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from ddb_helpers import create_table

from emulator.testing import EmulatorProcess

EVENTUAL = ("--consistency", "eventual", "--replication-lag-ms", "500", "--seed", "1")
LAG_S = 0.5
LAG_TAG = "emulator:replication-lag-ms"


@pytest.fixture(scope="module")
def eventual_server() -> Iterator[EmulatorProcess]:
    with EmulatorProcess(*EVENTUAL) as process:
        yield process


@pytest.fixture
def eventual(eventual_server: EmulatorProcess) -> Any:
    eventual_server.reset()
    return eventual_server.client("dynamodb")


def value_of(client: Any, consistent: bool = False, table: str = "items") -> str | None:
    item = client.get_item(TableName=table, Key={"pk": {"S": "k"}}, ConsistentRead=consistent).get("Item")
    return item["v"]["S"] if item else None


def put(client: Any, value: str, table: str = "items", **extra: Any) -> None:
    client.put_item(TableName=table, Item={"pk": {"S": "k"}, "v": {"S": value}, **extra})


def stale_pattern(client: Any) -> list[str | None]:
    """An item 0.6 s old on a table lagging up to 20 s: each read is stale (absent) or not by its draw."""
    create_table(client, "patterned", Tags=[{"Key": LAG_TAG, "Value": "20000"}])
    put(client, "v", table="patterned")
    time.sleep(0.6)
    return [value_of(client, table="patterned") for _ in range(14)]


def test_eventual_reads_replay_the_same_staleness_for_the_same_seed(eventual: Any) -> None:
    first = stale_pattern(eventual)
    with EmulatorProcess(*EVENTUAL) as other:
        second = stale_pattern(other.client("dynamodb"))
    assert first == second
    assert None in first and "v" in first


def test_eventual_read_right_after_a_write_is_stale_but_a_consistent_read_is_not(eventual: Any) -> None:
    create_table(eventual, "items")
    put(eventual, "old")
    time.sleep(LAG_S + 0.1)
    put(eventual, "new")
    consistent = [value_of(eventual, consistent=True) for _ in range(8)]
    reads = [value_of(eventual) for _ in range(8)]
    assert consistent == ["new"] * 8
    assert "old" in reads and set(reads) <= {"old", "new"}
    time.sleep(LAG_S + 0.1)
    assert [value_of(eventual) for _ in range(8)] == ["new"] * 8


def test_eventual_query_and_scan_miss_fresh_items_until_the_lag_passes(eventual: Any) -> None:
    create_table(eventual, "items", range_key=("sk", "N"))
    eventual.batch_write_item(
        RequestItems={"items": [{"PutRequest": {"Item": {"pk": {"S": "k"}, "sk": {"N": str(i)}}}} for i in range(3)]}
    )
    query = {"TableName": "items", "KeyConditionExpression": "pk = :k", "ExpressionAttributeValues": {":k": {"S": "k"}}}
    counts = [eventual.query(**query)["Count"] for _ in range(4)] + [eventual.scan(TableName="items")["Count"] for _ in range(4)]
    assert min(counts) < 3
    assert eventual.query(**query, ConsistentRead=True)["Count"] == 3
    assert eventual.scan(TableName="items", ConsistentRead=True)["Count"] == 3
    keys = [{"pk": {"S": "k"}, "sk": {"N": str(i)}} for i in range(3)]
    got = eventual.batch_get_item(RequestItems={"items": {"Keys": keys, "ConsistentRead": True}})["Responses"]["items"]
    assert len(got) == 3
    time.sleep(LAG_S + 0.1)
    assert eventual.query(**query)["Count"] == 3
    assert eventual.scan(TableName="items")["Count"] == 3


def test_gsi_reads_are_stale(eventual: Any) -> None:
    create_table(
        eventual,
        "items",
        ExtraDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[
            {"IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
        ],
    )
    put(eventual, "v", g={"S": "x"})
    query = {
        "TableName": "items",
        "IndexName": "by_g",
        "KeyConditionExpression": "g = :g",
        "ExpressionAttributeValues": {":g": {"S": "x"}},
    }
    assert min(eventual.query(**query)["Count"] for _ in range(8)) == 0
    time.sleep(LAG_S + 0.1)
    assert [eventual.query(**query)["Count"] for _ in range(4)] == [1] * 4


def test_a_zero_lag_tag_keeps_a_table_fresh_in_eventual_mode(eventual: Any) -> None:
    create_table(eventual, "items", Tags=[{"Key": LAG_TAG, "Value": "0"}])
    for i in range(10):
        put(eventual, str(i))
        assert value_of(eventual) == str(i)


def test_strong_mode_is_never_stale_but_a_lag_tag_makes_one_table_eventual(dynamodb: Any) -> None:
    create_table(dynamodb, "items")
    create_table(dynamodb, "lagged", Tags=[{"Key": LAG_TAG, "Value": "500"}])
    for i in range(10):
        put(dynamodb, str(i))
        assert value_of(dynamodb) == str(i)
    put(dynamodb, "old", table="lagged")
    time.sleep(LAG_S + 0.1)
    put(dynamodb, "new", table="lagged")
    assert "old" in [value_of(dynamodb, table="lagged") for _ in range(8)]
    assert value_of(dynamodb, consistent=True, table="lagged") == "new"
    arn = dynamodb.describe_table(TableName="lagged")["Table"]["TableArn"]
    dynamodb.untag_resource(ResourceArn=arn, TagKeys=[LAG_TAG])
    put(dynamodb, "newest", table="lagged")
    assert [value_of(dynamodb, table="lagged") for _ in range(8)] == ["newest"] * 8
