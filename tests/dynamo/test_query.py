"""Query: key conditions, order, paging (Limit and 1 MB before the filter), Select, indexes."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import create_table, error_of


def load(dynamodb: Any, table: str, pk: str = "p", count: int = 10, **extra: Any) -> None:
    for i in range(count):
        dynamodb.put_item(TableName=table, Item={"pk": {"S": pk}, "sk": {"N": str(i)}, "odd": {"BOOL": i % 2 == 1}, **extra})


def sks(response: dict[str, Any]) -> list[int]:
    return [int(item["sk"]["N"]) for item in response["Items"]]


def run(dynamodb: Any, table: str, condition: str, **values: dict[str, Any]) -> list[int]:
    names = {":" + k: v for k, v in values.items()}
    return sks(dynamodb.query(TableName=table, KeyConditionExpression=condition, ExpressionAttributeValues=names))


def test_sort_key_conditions(dynamodb: Any, table: str) -> None:
    load(dynamodb, table)
    load(dynamodb, table, pk="other", count=3)
    n = {"N": "4"}
    p = {"S": "p"}
    assert run(dynamodb, table, "pk = :p", p=p) == list(range(10))
    assert run(dynamodb, table, "pk = :p AND sk = :n", p=p, n=n) == [4]
    assert run(dynamodb, table, "pk = :p AND sk < :n", p=p, n=n) == [0, 1, 2, 3]
    assert run(dynamodb, table, "pk = :p AND sk <= :n", p=p, n=n) == [0, 1, 2, 3, 4]
    assert run(dynamodb, table, "pk = :p AND sk > :n", p=p, n=n) == [5, 6, 7, 8, 9]
    assert run(dynamodb, table, ":n <= sk AND pk = :p", p=p, n=n) == [4, 5, 6, 7, 8, 9]
    assert run(dynamodb, table, "pk = :p AND sk BETWEEN :a AND :b", p=p, a={"N": "2"}, b={"N": "5"}) == [2, 3, 4, 5]


def test_numbers_sort_by_value_and_strings_by_bytes(dynamodb: Any) -> None:
    create_table(dynamodb, "strings", range_key=("sk", "S"))
    for value in ["b", "a", "ab", "B", "é", "aa", "\U0001f600", "\uffff"]:
        dynamodb.put_item(TableName="strings", Item={"pk": {"S": "p"}, "sk": {"S": value}})
    found = dynamodb.query(TableName="strings", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}})
    assert [i["sk"]["S"] for i in found["Items"]] == sorted(["b", "a", "ab", "B", "é", "aa", "\U0001f600", "\uffff"], key=str.encode)
    prefixed = dynamodb.query(
        TableName="strings", KeyConditionExpression="pk = :p AND begins_with(sk, :a)", ExpressionAttributeValues={":p": {"S": "p"}, ":a": {"S": "a"}}
    )
    assert [i["sk"]["S"] for i in prefixed["Items"]] == ["a", "aa", "ab"]


def test_negative_and_fractional_numbers_order(dynamodb: Any, table: str) -> None:
    values = ["-10", "-1.5", "0", "0.001", "2", "10", "1E+2"]
    for value in reversed(values):
        dynamodb.put_item(TableName=table, Item={"pk": {"S": "p"}, "sk": {"N": value}})
    found = dynamodb.query(TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}}, ScanIndexForward=False)
    assert [i["sk"]["N"] for i in found["Items"]] == ["100", "10", "2", "0.001", "0", "-1.5", "-10"]


def test_limit_pages_and_resumes_in_both_directions(dynamodb: Any, table: str) -> None:
    load(dynamodb, table)
    for forward, expected in ((True, list(range(10))), (False, list(range(9, -1, -1)))):
        seen: list[int] = []
        start = None
        while True:
            params: dict[str, Any] = {"TableName": table, "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "p"}}, "Limit": 4, "ScanIndexForward": forward}
            if start:
                params["ExclusiveStartKey"] = start
            page = dynamodb.query(**params)
            seen += sks(page)
            start = page.get("LastEvaluatedKey")
            if not start:
                break
        assert seen == expected


def test_limit_applies_before_the_filter(dynamodb: Any, table: str) -> None:
    load(dynamodb, table)
    page = dynamodb.query(
        TableName=table, KeyConditionExpression="pk = :p", FilterExpression="odd = :t",
        ExpressionAttributeValues={":p": {"S": "p"}, ":t": {"BOOL": True}}, Limit=4,
    )
    assert sks(page) == [1, 3]
    assert page["Count"] == 2 and page["ScannedCount"] == 4
    assert page["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"N": "3"}}


def test_one_megabyte_page_limit(dynamodb: Any, table: str) -> None:
    load(dynamodb, table, count=30, blob={"S": "x" * 100_000})
    page = dynamodb.query(TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}})
    assert 9 <= page["Count"] <= 11
    assert page["LastEvaluatedKey"]["sk"]["N"] == str(page["Count"] - 1)
    paginator = dynamodb.get_paginator("query")
    pages = list(paginator.paginate(TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}}))
    assert sum(p["Count"] for p in pages) == 30


def test_select_count_and_projection(dynamodb: Any, table: str) -> None:
    load(dynamodb, table, count=3)
    counted = dynamodb.query(TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}}, Select="COUNT")
    assert counted["Count"] == 3 and "Items" not in counted
    projected = dynamodb.query(
        TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}},
        Select="SPECIFIC_ATTRIBUTES", ProjectionExpression="sk",
    )
    assert projected["Items"] == [{"sk": {"N": "0"}}, {"sk": {"N": "1"}}, {"sk": {"N": "2"}}]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"Select": "SPECIFIC_ATTRIBUTES"}, "1 validation error detected: Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"),
        ({"Select": "ALL_PROJECTED_ATTRIBUTES"}, "1 validation error detected: ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"),
        ({"Select": "COUNT", "ProjectionExpression": "sk"}, "1 validation error detected: Cannot specify the ProjectionExpression when choosing to get only the Count"),
        ({"Select": "ALL_ATTRIBUTES", "ProjectionExpression": "sk"}, "1 validation error detected: Cannot specify the ProjectionExpression when choosing to get ALL_ATTRIBUTES"),
        ({"IndexName": "nope"}, "The table does not have the specified index: nope"),
    ],
)
def test_select_rules(dynamodb: Any, table: str, options: dict[str, Any], message: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.query(TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}}, **options)
    assert error_of(excinfo) == ("ValidationException", message)


def test_key_condition_value_type_must_match(dynamodb: Any, table: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.query(TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"N": "1"}})
    assert error_of(excinfo) == (
        "ValidationException",
        "One or more parameter values were invalid: Condition parameter type does not match schema type",
    )


@pytest.mark.parametrize(
    ("start", "message"),
    [
        # dynalite's AWS-recorded query tests: a Query words its key schema's errors apart from Scan.
        ({"pk": {"S": "p"}}, "The provided starting key is invalid"),
        ({}, "The provided starting key is invalid"),
        ({"pk": {"S": "p"}, "x": {"N": "1"}}, "The provided starting key is invalid"),
        ({"pk": {"S": "p"}, "sk": {"S": "1"}}, "The provided key element does not match the schema"),
    ],
)
def test_exclusive_start_key_must_name_the_key_schema(dynamodb: Any, table: str, start: Any, message: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.query(TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}}, ExclusiveStartKey=start)
    assert error_of(excinfo) == ("ValidationException", message)
    with pytest.raises(ClientError) as excinfo:
        dynamodb.scan(TableName=table, ExclusiveStartKey=start)
    assert error_of(excinfo) == ("ValidationException", "The provided starting key is invalid: The provided key element does not match the schema")


def test_exclusive_start_key_is_checked(dynamodb: Any, table: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.query(
            TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}},
            ExclusiveStartKey={"pk": {"S": "other"}, "sk": {"N": "1"}},
        )
    assert error_of(excinfo) == ("ValidationException", "The provided starting key is outside query boundaries based on provided conditions")


def index_table(dynamodb: Any, projection: dict[str, Any]) -> str:
    create_table(
        dynamodb, "indexed", range_key=("sk", "N"),
        ExtraDefinitions=[{"AttributeName": "g", "AttributeType": "S"}, {"AttributeName": "rank", "AttributeType": "N"}],
        LocalSecondaryIndexes=[{"IndexName": "by-rank", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "rank", "KeyType": "RANGE"}], "Projection": projection}],
        GlobalSecondaryIndexes=[{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "rank", "KeyType": "RANGE"}], "Projection": projection}],
    )
    for i in range(6):
        item: dict[str, Any] = {"pk": {"S": "p"}, "sk": {"N": str(i)}, "rank": {"N": str(10 - i)}, "extra": {"S": f"e{i}"}, "kept": {"S": "k"}}
        if i != 3:
            item["g"] = {"S": "group"}  # item 3 is not in the sparse GSI
        dynamodb.put_item(TableName="indexed", Item=item)
    return "indexed"


def test_gsi_query_is_sparse_ordered_and_projected(dynamodb: Any) -> None:
    table = index_table(dynamodb, {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["kept"]})
    found = dynamodb.query(TableName=table, IndexName="by-g", KeyConditionExpression="g = :g AND #r > :r", ExpressionAttributeNames={"#r": "rank"}, ExpressionAttributeValues={":g": {"S": "group"}, ":r": {"N": "5"}})
    assert [int(i["rank"]["N"]) for i in found["Items"]] == [6, 8, 9, 10]
    assert set(found["Items"][0]) == {"pk", "sk", "g", "rank", "kept"}
    page = dynamodb.query(TableName=table, IndexName="by-g", KeyConditionExpression="g = :g", ExpressionAttributeValues={":g": {"S": "group"}}, Limit=2)
    assert page["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"N": "4"}, "g": {"S": "group"}, "rank": {"N": "6"}}
    rest = dynamodb.query(TableName=table, IndexName="by-g", KeyConditionExpression="g = :g", ExpressionAttributeValues={":g": {"S": "group"}}, ExclusiveStartKey=page["LastEvaluatedKey"])
    assert [int(i["rank"]["N"]) for i in rest["Items"]] == [8, 9, 10]


def test_gsi_rejects_consistent_reads_and_all_attributes(dynamodb: Any) -> None:
    table = index_table(dynamodb, {"ProjectionType": "KEYS_ONLY"})
    with pytest.raises(ClientError) as excinfo:
        dynamodb.query(TableName=table, IndexName="by-g", KeyConditionExpression="g = :g", ExpressionAttributeValues={":g": {"S": "group"}}, ConsistentRead=True)
    assert error_of(excinfo) == ("ValidationException", "Consistent reads are not supported on global secondary indexes")
    with pytest.raises(ClientError) as excinfo:
        dynamodb.query(TableName=table, IndexName="by-g", KeyConditionExpression="g = :g", ExpressionAttributeValues={":g": {"S": "group"}}, Select="ALL_ATTRIBUTES")
    assert error_of(excinfo) == (
        "ValidationException",
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index by-g because its projection type is not ALL",
    )


def test_lsi_query_orders_by_index_key_and_fetches_all_attributes(dynamodb: Any) -> None:
    table = index_table(dynamodb, {"ProjectionType": "KEYS_ONLY"})
    found = dynamodb.query(TableName=table, IndexName="by-rank", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}}, ConsistentRead=True)
    assert sks(found) == [5, 4, 3, 2, 1, 0]
    assert set(found["Items"][0]) == {"pk", "sk", "rank"}
    everything = dynamodb.query(TableName=table, IndexName="by-rank", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}}, Select="ALL_ATTRIBUTES")
    assert "extra" in everything["Items"][0]
    # A projection expression (SPECIFIC_ATTRIBUTES) on an LSI fetches unprojected attributes too.
    specific = dynamodb.query(TableName=table, IndexName="by-rank", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}}, ProjectionExpression="extra, sk")
    assert set(specific["Items"][0]) == {"extra", "sk"}


def test_lsi_fetches_from_the_table_only_for_attributes_it_lacks(dynamodb: Any) -> None:
    table = index_table(dynamodb, {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["kept"]})
    query = {"TableName": table, "IndexName": "by-rank", "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "p"}}, "ReturnConsumedCapacity": "INDEXES"}
    projected = dynamodb.query(**query, ProjectionExpression="kept")
    assert projected["Items"][0] == {"kept": {"S": "k"}}
    assert projected["ConsumedCapacity"]["Table"]["CapacityUnits"] == 0.0
    fetched = dynamodb.query(**query, ProjectionExpression="kept, extra")
    assert fetched["Items"][0] == {"kept": {"S": "k"}, "extra": {"S": "e5"}}
    capacity = fetched["ConsumedCapacity"]
    assert capacity["Table"]["CapacityUnits"] > 0 and capacity["LocalSecondaryIndexes"]["by-rank"]["CapacityUnits"] > 0
    assert capacity["CapacityUnits"] == capacity["Table"]["CapacityUnits"] + capacity["LocalSecondaryIndexes"]["by-rank"]["CapacityUnits"]


def test_index_query_filters_only_on_what_the_index_projects(dynamodb: Any) -> None:
    # DynamoDB Local's QueryFunction, scylladb's test_lsi.py (run against AWS): refused even with
    # ALL_ATTRIBUTES on an LSI; the table's own keys are projected so stay usable; Scan is not checked.
    table = index_table(dynamodb, {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["kept"]})
    lsi = {"TableName": table, "IndexName": "by-rank", "KeyConditionExpression": "pk = :p"}
    for extra in ({}, {"Select": "ALL_ATTRIBUTES"}):
        with pytest.raises(ClientError) as excinfo:
            dynamodb.query(**lsi, **extra, FilterExpression="extra = :e OR odd = :e", ExpressionAttributeValues={":p": {"S": "p"}, ":e": {"S": "e1"}})
        assert error_of(excinfo) == (
            "ValidationException",
            "One or more parameter values were invalid: Secondary index by-rank does not project one or more filter attributes: [extra, odd]",
        )
    with pytest.raises(ClientError) as excinfo:
        dynamodb.query(
            TableName=table, IndexName="by-g", KeyConditions={"g": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "group"}]}},
            QueryFilter={"extra": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "e1"}]}},
        )
    assert error_of(excinfo)[1] == "One or more parameter values were invalid: Secondary index by-g does not project one or more filter attributes: [extra]"
    kept = dynamodb.query(**lsi, FilterExpression="sk = :s AND kept = :k", ExpressionAttributeValues={":p": {"S": "p"}, ":s": {"N": "2"}, ":k": {"S": "k"}})
    assert sks(kept) == [2]
    scanned = dynamodb.scan(TableName=table, IndexName="by-rank", FilterExpression="extra = :e", ExpressionAttributeValues={":e": {"S": "e1"}})
    assert scanned["Count"] == 0


def test_index_follows_updates_and_deletes(dynamodb: Any) -> None:
    table = index_table(dynamodb, {"ProjectionType": "ALL"})
    dynamodb.update_item(TableName=table, Key={"pk": {"S": "p"}, "sk": {"N": "0"}}, UpdateExpression="REMOVE g")
    dynamodb.update_item(TableName=table, Key={"pk": {"S": "p"}, "sk": {"N": "3"}}, UpdateExpression="SET g = :g", ExpressionAttributeValues={":g": {"S": "group"}})
    dynamodb.delete_item(TableName=table, Key={"pk": {"S": "p"}, "sk": {"N": "1"}})
    found = dynamodb.query(TableName=table, IndexName="by-g", KeyConditionExpression="g = :g", ExpressionAttributeValues={":g": {"S": "group"}})
    assert sorted(sks(found)) == [2, 3, 4, 5]


def test_resource_query_with_conditions(server: Any, table: str) -> None:
    from boto3.dynamodb.conditions import Attr, Key

    resource_table = server.resource("dynamodb").Table(table)
    with resource_table.batch_writer() as writer:
        for i in range(5):
            writer.put_item(Item={"pk": "r", "sk": i, "even": i % 2 == 0})
    found = resource_table.query(KeyConditionExpression=Key("pk").eq("r") & Key("sk").gte(1), FilterExpression=Attr("even").eq(True))
    assert [int(i["sk"]) for i in found["Items"]] == [2, 4]


def test_query_on_hash_only_table(dynamodb: Any, hash_table: str) -> None:
    dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "b"}})
    found = dynamodb.query(TableName=hash_table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "a"}})
    assert found["Items"] == [{"pk": {"S": "a"}, "v": {"N": "1"}}] and found["ScannedCount"] == 1
    resumed = dynamodb.query(
        TableName=hash_table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "a"}},
        ExclusiveStartKey={"pk": {"S": "a"}},
    )
    assert resumed["Items"] == []


def test_gsi_query_backwards_with_begins_with_and_index_capacity(dynamodb: Any) -> None:
    create_table(
        dynamodb, "labels", ExtraDefinitions=[{"AttributeName": "g", "AttributeType": "S"}, {"AttributeName": "label", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-label", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "label", "KeyType": "RANGE"}], "Projection": {"ProjectionType": "ALL"}}],
    )
    for i, label in enumerate(["apple", "apricot", "banana", "avocado", "apple"]):
        dynamodb.put_item(TableName="labels", Item={"pk": {"S": f"k{i}"}, "g": {"S": "fruit"}, "label": {"S": label}})
    found = dynamodb.query(
        TableName="labels", IndexName="by-label", KeyConditionExpression="g = :g AND begins_with(label, :a)",
        ExpressionAttributeValues={":g": {"S": "fruit"}, ":a": {"S": "ap"}}, ScanIndexForward=False, ReturnConsumedCapacity="INDEXES",
    )
    assert [(i["label"]["S"], i["pk"]["S"]) for i in found["Items"]] == [("apricot", "k1"), ("apple", "k4"), ("apple", "k0")]
    capacity = found["ConsumedCapacity"]
    assert capacity["GlobalSecondaryIndexes"] == {"by-label": {"CapacityUnits": 0.5}}
    assert capacity["CapacityUnits"] == 0.5


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ({"pk": {}}, "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes"),
        ({"pk": {"N": "b"}}, "The parameter cannot be converted to a numeric value: b"),
        ({"pk": {"NS": ["1", ""]}}, "The parameter cannot be converted to a numeric value"),
    ],
)
def test_start_key_values_are_checked_before_the_key_conditions(dynamodb: Any, start: Any, message: str) -> None:
    """dynalite's AWS-recorded query tests: a bad ExclusiveStartKey value is reported first, even
    with a legacy key condition Query cannot index and no such table."""
    with pytest.raises(ClientError) as caught:
        dynamodb.scan(TableName="missing", ExclusiveStartKey=start)
    assert error_of(caught) == ("ValidationException", "The provided starting key is invalid: " + message)
    with pytest.raises(ClientError) as caught:
        dynamodb.query(TableName="missing", ExclusiveStartKey=start, KeyConditions={"pk": {"ComparisonOperator": "NULL"}})
    # Query words a bad number in the newer layer, bare (dynamodb-conformance valueLayers, 2026-10).
    newer = "The parameter cannot be converted to a numeric value: " if message.endswith("value") else message
    prefix = "" if "numeric" in message else "The provided starting key is invalid: "
    assert error_of(caught) == ("ValidationException", prefix + newer)


@pytest.mark.parametrize(
    ("condition", "values", "start", "message"),
    [
        ("pk = :p AND sk > :n", {":p": {"S": "p"}, ":n": {"N": "5"}}, ("p", 5), "The provided starting key does not match the range key predicate"),
        ("pk = :p AND sk BETWEEN :n AND :m", {":p": {"S": "p"}, ":n": {"N": "2"}, ":m": {"N": "4"}}, ("p", 7), "The provided starting key does not match the range key predicate"),
        ("pk = :p AND sk < :n", {":p": {"S": "q"}, ":n": {"N": "5"}}, ("p", 1), "The query can return at most one row and cannot be restarted"),
        ("pk = :p", {":p": {"S": "q"}}, ("p", 1), "The provided starting key is outside query boundaries based on provided conditions"),
    ],
)
def test_start_key_must_lie_within_the_key_condition(
    dynamodb: Any, table: str, condition: str, values: Any, start: tuple[str, int], message: str
) -> None:
    """dynalite's AWS-recorded query tests: the sort-key predicate is checked first, then the partition."""
    load(dynamodb, table)
    with pytest.raises(ClientError) as caught:
        dynamodb.query(
            TableName=table,
            KeyConditionExpression=condition,
            ExpressionAttributeValues=values,
            ExclusiveStartKey={"pk": {"S": start[0]}, "sk": {"N": str(start[1])}},
        )
    assert error_of(caught) == ("ValidationException", message)


def test_pages_of_a_ranged_query_resume_in_range(dynamodb: Any, table: str) -> None:
    load(dynamodb, table)
    params = {"TableName": table, "KeyConditionExpression": "pk = :p AND sk BETWEEN :n AND :m", "Limit": 2}
    params["ExpressionAttributeValues"] = {":p": {"S": "p"}, ":n": {"N": "2"}, ":m": {"N": "6"}}
    found, start = [], None
    while True:
        page = dynamodb.query(**params, **({"ExclusiveStartKey": start} if start else {}))
        found += sks(page)
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    assert found == [2, 3, 4, 5, 6]


def test_select_all_on_a_narrow_gsi_is_checked_after_the_start_key_and_filter_keys(dynamodb: Any) -> None:
    """dynalite's AWS-recorded query tests: the start key and the filter's key rule come first."""
    create_table(
        dynamodb, "narrow", range_key=("sk", "N"),
        ExtraDefinitions=[{"AttributeName": "c", "AttributeType": "S"}, {"AttributeName": "d", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{
            "IndexName": "by-cd",
            "KeySchema": [{"AttributeName": "c", "KeyType": "HASH"}, {"AttributeName": "d", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
        }],
    )
    params = {"TableName": "narrow", "IndexName": "by-cd", "Select": "ALL_ATTRIBUTES", "KeyConditionExpression": "c = :c"}
    values = {":c": {"S": "x"}}
    cases = [
        ({"ExclusiveStartKey": {"pk": {"S": "a"}, "sk": {"N": "1"}, "c": {"S": "x"}, "d": {"S": "y"}, "e": {"S": "z"}}}, "The provided starting key is invalid"),
        ({"FilterExpression": "d = :c"}, "Filter Expression can only contain non-primary key attributes: Primary key attribute: d"),
        ({"FilterExpression": "pk.x = :c"}, "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for global secondary index by-cd because its projection type is not ALL"),
    ]
    for extra, message in cases:
        with pytest.raises(ClientError) as caught:
            dynamodb.query(**params, ExpressionAttributeValues=values, **extra)
        assert error_of(caught) == ("ValidationException", message)


def test_key_condition_operands_are_checked_before_the_table_is_looked_up(dynamodb: Any) -> None:
    # dynamodb-conformance validation-ordering/queryKeyCondition (eu-west-2): a bad operand beats a
    # missing table; a well-formed condition on the same missing table reports it missing.
    values = {":p": {"S": "q"}, ":n": {"N": "1"}}
    with pytest.raises(ClientError) as excinfo:
        dynamodb.query(TableName="absent", KeyConditionExpression="pk = :p AND begins_with(sk, :n)", ExpressionAttributeValues=values)
    assert error_of(excinfo) == (
        "ValidationException",
        "Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N",
    )
    with pytest.raises(ClientError) as excinfo:
        dynamodb.query(TableName="absent", KeyConditionExpression="pk = :p AND sk > :n", ExpressionAttributeValues=values)
    assert error_of(excinfo)[0] == "ResourceNotFoundException"
