"""ReturnConsumedCapacity (TOTAL, INDEXES) and ReturnItemCollectionMetrics, computed as AWS does."""

from __future__ import annotations

from typing import Any

from ddb_helpers import create_table


def test_read_units_per_4kb_halved_when_eventual(dynamodb: Any, hash_table: str) -> None:
    dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}, "blob": {"S": "x" * 5000}})
    strong = dynamodb.get_item(TableName=hash_table, Key={"pk": {"S": "a"}}, ConsistentRead=True, ReturnConsumedCapacity="TOTAL")
    assert strong["ConsumedCapacity"] == {"TableName": hash_table, "CapacityUnits": 2.0}
    eventual = dynamodb.get_item(TableName=hash_table, Key={"pk": {"S": "a"}}, ReturnConsumedCapacity="TOTAL")
    assert eventual["ConsumedCapacity"]["CapacityUnits"] == 1.0
    missing = dynamodb.get_item(TableName=hash_table, Key={"pk": {"S": "b"}}, ReturnConsumedCapacity="TOTAL")
    assert missing["ConsumedCapacity"]["CapacityUnits"] == 0.5
    none = dynamodb.get_item(TableName=hash_table, Key={"pk": {"S": "a"}}, ReturnConsumedCapacity="NONE")
    assert "ConsumedCapacity" not in none


def test_write_units_per_kb_of_the_larger_image(dynamodb: Any, hash_table: str) -> None:
    put = dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}, "blob": {"S": "x" * 1500}}, ReturnConsumedCapacity="TOTAL")
    assert put["ConsumedCapacity"]["CapacityUnits"] == 2.0
    shrink = dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}}, ReturnConsumedCapacity="TOTAL")
    assert shrink["ConsumedCapacity"]["CapacityUnits"] == 2.0
    deleted = dynamodb.delete_item(TableName=hash_table, Key={"pk": {"S": "a"}}, ReturnConsumedCapacity="TOTAL")
    assert deleted["ConsumedCapacity"]["CapacityUnits"] == 1.0


def test_indexes_mode_counts_index_writes(dynamodb: Any) -> None:
    create_table(
        dynamodb, "indexed", ExtraDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}],
    )
    put = dynamodb.put_item(TableName="indexed", Item={"pk": {"S": "a"}, "g": {"S": "1"}}, ReturnConsumedCapacity="INDEXES")
    assert put["ConsumedCapacity"] == {
        "TableName": "indexed",
        "CapacityUnits": 2.0,
        "Table": {"CapacityUnits": 1.0},
        "GlobalSecondaryIndexes": {"by-g": {"CapacityUnits": 1.0}},
    }
    moved = dynamodb.update_item(
        TableName="indexed", Key={"pk": {"S": "a"}}, UpdateExpression="SET g = :g", ExpressionAttributeValues={":g": {"S": "2"}},
        ReturnConsumedCapacity="INDEXES",
    )
    assert moved["ConsumedCapacity"]["GlobalSecondaryIndexes"] == {"by-g": {"CapacityUnits": 2.0}}
    total = dynamodb.put_item(TableName="indexed", Item={"pk": {"S": "b"}}, ReturnConsumedCapacity="TOTAL")
    assert total["ConsumedCapacity"] == {"TableName": "indexed", "CapacityUnits": 1.0}


def test_query_units_sum_item_sizes(dynamodb: Any, table: str) -> None:
    for i in range(3):
        dynamodb.put_item(TableName=table, Item={"pk": {"S": "p"}, "sk": {"N": str(i)}, "blob": {"S": "x" * 2000}})
    found = dynamodb.query(
        TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}},
        ConsistentRead=True, ReturnConsumedCapacity="TOTAL",
    )
    assert found["ConsumedCapacity"]["CapacityUnits"] == 2.0


def test_item_collection_metrics_for_lsi_tables(dynamodb: Any) -> None:
    create_table(
        dynamodb, "collections", range_key=("sk", "N"), ExtraDefinitions=[{"AttributeName": "l", "AttributeType": "N"}],
        LocalSecondaryIndexes=[{"IndexName": "by-l", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}}],
    )
    put = dynamodb.put_item(TableName="collections", Item={"pk": {"S": "p"}, "sk": {"N": "1"}, "l": {"N": "1"}}, ReturnItemCollectionMetrics="SIZE")
    assert put["ItemCollectionMetrics"] == {"ItemCollectionKey": {"pk": {"S": "p"}}, "SizeEstimateRangeGB": [0.0, 1.0]}
