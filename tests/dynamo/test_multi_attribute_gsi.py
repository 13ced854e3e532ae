"""GSIs with multi-attribute keys: up to four HASH and four RANGE attributes (AWS, November 2025).

The query rules and their messages follow the dynamodb-conformance suite's AWS-verified
multiKeyGsi file (eu-west-2, eu-central-1, us-east-1) and moto's AWS-verified tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import error_of

from emulator.testing import EmulatorProcess

INVALID = "One or more parameter values were invalid: "
TABLE = "matches"


def strings(*names: str) -> list[dict[str, str]]:
    return [{"AttributeName": name, "AttributeType": "S"} for name in names]


def key(hashes: tuple[str, ...], ranges: tuple[str, ...] = ()) -> list[dict[str, str]]:
    return [{"AttributeName": n, "KeyType": "HASH"} for n in hashes] + [{"AttributeName": n, "KeyType": "RANGE"} for n in ranges]


def gsi(schema: list[dict[str, str]], name: str = "gsi") -> dict[str, Any]:
    return {"IndexName": name, "KeySchema": schema, "Projection": {"ProjectionType": "ALL"}}


# One HASH attribute and four RANGE attributes, as the conformance suite's multiKeyGsi.
FOUR_RANGES: dict[str, Any] = {
    "TableName": TABLE,
    "BillingMode": "PAY_PER_REQUEST",
    "AttributeDefinitions": strings("pk", "h", "a", "b", "c", "d"),
    "KeySchema": key(("pk",)),
    "GlobalSecondaryIndexes": [gsi(key(("h",), ("a", "b", "c", "d")))],
}
ROWS = [
    {"pk": "p1", "a": "T", "b": "live", "c": "b", "d": "r1"},
    {"pk": "p2", "a": "T", "b": "live", "c": "a", "d": "r2"},
    {"pk": "p3", "a": "T", "b": "live", "c": "a", "d": "r1"},
    {"pk": "p4", "a": "T", "b": "draft", "c": "c", "d": "r1"},
    {"pk": "p5", "a": "F", "b": "live", "c": "a", "d": "r0"},
    {"pk": "p6", "a": "T", "b": "live", "d": "r1"},  # no c: not in the index
]
VALUES = {":h": "o1", ":a": "T", ":b": "live", ":c": "a", ":d": "r", ":x": "r1", ":y": "r1", ":n": "5"}


@pytest.fixture
def matches(dynamodb: Any) -> Any:
    dynamodb.create_table(**FOUR_RANGES)
    for row in ROWS:
        dynamodb.put_item(TableName=TABLE, Item={"h": {"S": "o1"}, **{k: {"S": v} for k, v in row.items()}})
    return dynamodb


def query(dynamodb: Any, condition: str, **extra: Any) -> dict[str, Any]:
    values = {k: ({"N": v} if k == ":n" else {"S": v}) for k, v in VALUES.items() if k in condition}
    return dynamodb.query(TableName=TABLE, IndexName="gsi", KeyConditionExpression=condition, ExpressionAttributeValues=values, **extra)


def pks(response: dict[str, Any]) -> list[str]:
    return [item["pk"]["S"] for item in response["Items"]]


# -- CreateTable / UpdateTable / DescribeTable ---------------------------------


def test_describe_table_returns_the_key_schema_as_given(dynamodb: Any) -> None:
    schema = key(("h1", "h2", "h3", "h4"), ("r1", "r2", "r3", "r4"))
    created = dynamodb.create_table(
        TableName=TABLE, BillingMode="PAY_PER_REQUEST", KeySchema=key(("pk",)),
        AttributeDefinitions=strings("pk", "h1", "h2", "h3", "h4", "r1", "r2", "r3", "r4"),
        GlobalSecondaryIndexes=[gsi(schema)],
    )
    assert created["TableDescription"]["GlobalSecondaryIndexes"][0]["KeySchema"] == schema
    described = dynamodb.describe_table(TableName=TABLE)["Table"]
    assert described["GlobalSecondaryIndexes"][0]["KeySchema"] == schema


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        (key(("h1", "h2", "h3", "h4", "a")), INVALID + "Index KeySchema has more than 4 HASH key elements for index: gsi"),
        (key(("h1",), ("a", "b", "c", "d", "h2")), INVALID + "Index KeySchema has more than 4 RANGE key elements for index: gsi"),
        (key(("h1", "h1")), "Both the Hash Key and the Range Key element in the KeySchema have the same name"),
        (key(("h1", "h2"), ("h1",)), "Both the Hash Key and the Range Key element in the KeySchema have the same name"),
        (key((), ("a", "b")), "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"),
        ([*key(("h1",), ("a",)), *key(("h2",))],
         "Invalid KeySchema: The HASH key elements must precede the RANGE key elements for index: gsi"),
        (key(("h1", "zz")), INVALID + "Some index key attributes are not defined in AttributeDefinitions. "
         "Keys: [h1, zz], AttributeDefinitions: [pk, h1]"),
        # Single-attribute keys keep AWS's single-attribute wording.
        (key(("h1",), ("h1",)), "Both the Hash Key and the Range Key element in the KeySchema have the same name"),
    ],
)
def test_create_table_refuses_bad_multi_attribute_keys(dynamodb: Any, schema: list[dict[str, str]], message: str) -> None:
    used = dict.fromkeys(element["AttributeName"] for element in schema if element["AttributeName"] != "zz")
    with pytest.raises(ClientError) as excinfo:
        dynamodb.create_table(
            TableName=TABLE, BillingMode="PAY_PER_REQUEST", KeySchema=key(("pk",)),
            AttributeDefinitions=strings("pk", *used), GlobalSecondaryIndexes=[gsi(schema)],
        )
    assert error_of(excinfo) == ("ValidationException", message)


def test_base_tables_and_lsis_keep_single_attribute_keys(dynamodb: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.create_table(
            TableName=TABLE, BillingMode="PAY_PER_REQUEST", KeySchema=key(("pk", "h1")), AttributeDefinitions=strings("pk", "h1")
        )
    assert error_of(excinfo) == ("ValidationException", "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
    with pytest.raises(ClientError) as excinfo:
        dynamodb.create_table(
            TableName=TABLE, BillingMode="PAY_PER_REQUEST", KeySchema=key(("pk",), ("sk",)),
            AttributeDefinitions=strings("pk", "sk", "l"),
            LocalSecondaryIndexes=[gsi(key(("pk", "l")), name="lsi")],
        )
    assert error_of(excinfo) == ("ValidationException", "Invalid KeySchema: The second KeySchemaElement is not a RANGE key type")
    with pytest.raises(ClientError) as excinfo:
        dynamodb.create_table(
            TableName=TABLE, BillingMode="PAY_PER_REQUEST", KeySchema=key(("pk",), ("sk",)),
            AttributeDefinitions=strings("pk", "sk", "l"),
            LocalSecondaryIndexes=[gsi(key(("pk",), ("sk", "l")), name="lsi")],
        )
    assert error_of(excinfo) == (
        "ValidationException",
        "1 validation error detected: Value '[KeySchemaElement(attributeName=pk, keyType=HASH), KeySchemaElement("
        "attributeName=sk, keyType=RANGE), KeySchemaElement(attributeName=l, keyType=RANGE)]' at "
        "'localSecondaryIndexes.1.member.keySchema' failed to satisfy constraint: Member must have length less than or equal to 2",
    )


def test_update_table_creates_and_backfills_a_multi_attribute_gsi(dynamodb: Any) -> None:
    dynamodb.create_table(TableName=TABLE, BillingMode="PAY_PER_REQUEST", KeySchema=key(("pk",)), AttributeDefinitions=strings("pk"))
    for n in range(3):
        dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": f"p{n}"}, "t": {"S": "x"}, "r": {"N": str(n)}, "s": {"N": str(-n)}})
    dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": "lacks-s"}, "t": {"S": "x"}, "r": {"N": "9"}})
    schema = key(("t", "r"), ("s",))
    definitions = [{"AttributeName": "t", "AttributeType": "S"}, {"AttributeName": "r", "AttributeType": "N"},
                   {"AttributeName": "s", "AttributeType": "N"}]
    with pytest.raises(ClientError) as excinfo:
        dynamodb.update_table(
            TableName=TABLE, AttributeDefinitions=definitions,
            GlobalSecondaryIndexUpdates=[{"Create": gsi(key(("t", "r", "s", "pk", "x")))}],
        )
    assert error_of(excinfo)[0] == "ValidationException"
    dynamodb.update_table(TableName=TABLE, AttributeDefinitions=definitions, GlobalSecondaryIndexUpdates=[{"Create": gsi(schema)}])
    described = dynamodb.describe_table(TableName=TABLE)["Table"]["GlobalSecondaryIndexes"][0]
    assert (described["KeySchema"], described["ItemCount"]) == (schema, 3)
    found = dynamodb.query(
        TableName=TABLE, IndexName="gsi", KeyConditionExpression="t = :t AND r = :r",
        ExpressionAttributeValues={":t": {"S": "x"}, ":r": {"N": "1.0"}},
    )
    assert pks(found) == ["p1"]


# -- Query ----------------------------------------------------------------------


def test_items_sort_by_every_range_attribute_then_the_table_key(matches: Any) -> None:
    assert pks(query(matches, "h = :h")) == ["p5", "p4", "p3", "p2", "p1"]
    assert pks(query(matches, "h = :h", ScanIndexForward=False)) == ["p1", "p2", "p3", "p4", "p5"]


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("h = :h AND a = :a", ["p4", "p3", "p2", "p1"]),
        ("h = :h AND a = :a AND b = :b", ["p3", "p2", "p1"]),
        ("h = :h AND a = :a AND b = :b AND c = :c", ["p3", "p2"]),
        ("h = :h AND a = :a AND b = :b AND c > :c", ["p1"]),
        ("h = :h AND a = :a AND b = :b AND c >= :c", ["p3", "p2", "p1"]),
        ("h = :h AND a = :a AND b = :b AND c <= :c", ["p3", "p2"]),
        ("h = :h AND a = :a AND b < :b", ["p4"]),
        ("h = :h AND a = :a AND b = :b AND c = :c AND begins_with(d, :d)", ["p3", "p2"]),
        ("h = :h AND a = :a AND b = :b AND c = :c AND d BETWEEN :x AND :y", ["p3"]),
        ("h = :h AND a = :a AND b = :b AND c = :c AND d = :x", ["p3"]),
        ("b = :b AND h = :h AND a = :a", ["p3", "p2", "p1"]),  # clauses in any order
        ("h = :h AND a > :a", []),
    ],
)
def test_key_conditions_on_a_prefix_of_the_range_attributes(matches: Any, condition: str, expected: list[str]) -> None:
    assert pks(query(matches, condition)) == expected
    assert pks(query(matches, condition, ScanIndexForward=False)) == expected[::-1]


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("h = :h AND a = :a AND c = :c", "RANGE key attributes b must have equality conditions specified in the query "
         "because a condition is present on key attribute c"),
        ("h = :h AND a = :a AND b > :b AND c = :c", "RANGE key attributes b must have equality conditions specified in "
         "the query because a condition is present on key attribute c"),
        ("h = :h AND b = :b", "RANGE key attributes a must have equality conditions specified in the query because a "
         "condition is present on key attribute b"),
        ("h = :h AND d = :d", "RANGE key attributes a must have equality conditions specified in the query because a "
         "condition is present on key attribute d"),
        ("a = :a", "HASH key attributes h must have equality conditions specified in the query"),
        ("h > :h", "HASH key attributes h must have equality conditions specified in the query"),
        ("begins_with(h, :h)", "HASH key attributes h must have equality conditions specified in the query"),
        ("h = :h AND pk = :a", "Query condition missed key schema element: a"),
        ("h = :h AND a = :a AND b = :b AND c = :c AND d = :d AND pk = :x",
         "The number of query conditions (6) exceeds the number of key attributes defined in the schema (5)"),
        ("h = :h AND a = :n", "One or more parameter values were invalid: Condition parameter type does not match schema type"),
    ],
)
def test_refused_key_conditions(matches: Any, condition: str, message: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        query(matches, condition)
    assert error_of(excinfo) == ("ValidationException", message)


def test_pages_carry_the_table_key_and_every_index_key_attribute(matches: Any) -> None:
    for forward in (True, False):
        seen: list[str] = []
        start = None
        while True:
            extra: dict[str, Any] = {"Limit": 2, "ScanIndexForward": forward}
            if start:
                extra["ExclusiveStartKey"] = start
            page = query(matches, "h = :h AND a = :a", **extra)
            seen += pks(page)
            start = page.get("LastEvaluatedKey")
            if not start:
                break
            assert sorted(start) == ["a", "b", "c", "d", "h", "pk"]
        assert seen == (["p4", "p3", "p2", "p1"] if forward else ["p1", "p2", "p3", "p4"])


def test_a_start_key_outside_the_sort_condition_is_refused(matches: Any) -> None:
    start = query(matches, "h = :h", Limit=1)["LastEvaluatedKey"]  # p5: a = F
    with pytest.raises(ClientError) as excinfo:
        query(matches, "h = :h AND a = :a", ExclusiveStartKey=start)
    assert error_of(excinfo) == ("ValidationException", "The provided starting key does not match the range key predicate")


def test_several_hash_attributes_need_an_equality_each(dynamodb: Any) -> None:
    dynamodb.create_table(
        TableName=TABLE, BillingMode="PAY_PER_REQUEST", KeySchema=key(("pk",)),
        AttributeDefinitions=[*strings("pk", "t"), {"AttributeName": "r", "AttributeType": "N"},
                              {"AttributeName": "at", "AttributeType": "B"}],
        GlobalSecondaryIndexes=[gsi(key(("t", "r"), ("at",)))],
    )
    for n, (t, r, at) in enumerate([("x", "1", b"\x02"), ("x", "1", b"\x01"), ("x", "2", b"\x00"), ("y", "1", b"\x00")]):
        dynamodb.put_item(TableName=TABLE, Item={"pk": {"S": f"p{n}"}, "t": {"S": t}, "r": {"N": r}, "at": {"B": at}})
    values = {":t": {"S": "x"}, ":r": {"N": "1"}}
    found = dynamodb.query(TableName=TABLE, IndexName="gsi", KeyConditionExpression="r = :r AND t = :t", ExpressionAttributeValues=values)
    assert pks(found) == ["p1", "p0"]
    with pytest.raises(ClientError) as excinfo:
        dynamodb.query(TableName=TABLE, IndexName="gsi", KeyConditionExpression="t = :t", ExpressionAttributeValues={":t": {"S": "x"}})
    assert error_of(excinfo) == ("ValidationException", "HASH key attributes r must have equality conditions specified in the query")
    scanned = dynamodb.scan(TableName=TABLE, IndexName="gsi")
    assert sorted(pks(scanned)) == ["p0", "p1", "p2", "p3"]


def test_the_legacy_key_conditions_take_every_key_attribute(matches: Any) -> None:
    def eq(value: str) -> dict[str, Any]:
        return {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": value}]}

    found = matches.query(
        TableName=TABLE, IndexName="gsi",
        KeyConditions={"h": eq("o1"), "a": eq("T"), "b": eq("live"), "c": {"ComparisonOperator": "GE", "AttributeValueList": [{"S": "b"}]}},
    )
    assert pks(found) == ["p1"]
    with pytest.raises(ClientError) as excinfo:
        matches.query(TableName=TABLE, IndexName="gsi", KeyConditions={"h": eq("o1"), "b": eq("live")})
    assert error_of(excinfo) == ("ValidationException", "RANGE key attributes a must have equality conditions specified in the "
                                 "query because a condition is present on key attribute b")


def test_a_filter_may_not_read_an_index_key_attribute(matches: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        matches.query(
            TableName=TABLE, IndexName="gsi", KeyConditionExpression="h = :h", FilterExpression="d = :d",
            ExpressionAttributeValues={":h": {"S": "o1"}, ":d": {"S": "r1"}},
        )
    assert error_of(excinfo) == (
        "ValidationException", "Filter Expression can only contain non-primary key attributes: Primary key attribute: d"
    )


# -- Index entries follow every write path ---------------------------------------


def test_index_entries_follow_every_write(matches: Any) -> None:
    item = {"pk": {"S": "n1"}, "h": {"S": "o1"}, "a": {"S": "T"}, "b": {"S": "live"}, "c": {"S": "a"}, "d": {"S": "r0"}}
    matches.batch_write_item(RequestItems={TABLE: [{"PutRequest": {"Item": item}}, {"DeleteRequest": {"Key": {"pk": {"S": "p2"}}}}]})
    assert pks(query(matches, "h = :h AND a = :a AND b = :b AND c = :c")) == ["n1", "p3"]
    matches.update_item(TableName=TABLE, Key={"pk": {"S": "n1"}}, UpdateExpression="SET c = :z", ExpressionAttributeValues={":z": {"S": "z"}})
    matches.update_item(TableName=TABLE, Key={"pk": {"S": "p6"}}, UpdateExpression="SET c = :c", ExpressionAttributeValues={":c": {"S": "a"}})
    assert pks(query(matches, "h = :h AND a = :a AND b = :b")) == ["p3", "p6", "p1", "n1"]
    matches.update_item(TableName=TABLE, Key={"pk": {"S": "n1"}}, UpdateExpression="REMOVE d")  # leaves the index
    matches.delete_item(TableName=TABLE, Key={"pk": {"S": "p1"}})
    matches.transact_write_items(TransactItems=[
        {"Put": {"TableName": TABLE, "Item": {**item, "pk": {"S": "t1"}, "d": {"S": "r5"}}}},
        {"Delete": {"TableName": TABLE, "Key": {"pk": {"S": "p3"}}}},
    ])
    matches.execute_statement(Statement=f"UPDATE \"{TABLE}\" SET d = 'r9' WHERE pk = 'p6'")
    assert pks(query(matches, "h = :h AND a = :a AND b = :b")) == ["t1", "p6"]
    assert [i["d"]["S"] for i in query(matches, "h = :h AND a = :a AND b = :b")["Items"]] == ["r5", "r9"]
    index = matches.describe_table(TableName=TABLE)["Table"]["GlobalSecondaryIndexes"][0]
    assert index["ItemCount"] == 4  # p4, p5, p6, t1


def test_a_scan_of_the_index_pages_through_every_entry(matches: Any) -> None:
    seen: list[str] = []
    start = None
    while True:
        extra: dict[str, Any] = {"ExclusiveStartKey": start} if start else {}
        page = matches.scan(TableName=TABLE, IndexName="gsi", Limit=2, **extra)
        seen += pks(page)
        start = page.get("LastEvaluatedKey")
        if not start:
            break
    assert sorted(seen) == ["p1", "p2", "p3", "p4", "p5"]
    segments = [pks(matches.scan(TableName=TABLE, IndexName="gsi", Segment=n, TotalSegments=3)) for n in range(3)]
    assert sorted(sum(segments, [])) == ["p1", "p2", "p3", "p4", "p5"]


def test_a_snapshot_restores_the_table_and_its_index(tmp_path: Path) -> None:
    emulator = EmulatorProcess("--data-dir", str(tmp_path)).start()
    try:
        client = emulator.client("dynamodb")
        client.create_table(**FOUR_RANGES)
        for row in ROWS:
            client.put_item(TableName=TABLE, Item={"h": {"S": "o1"}, **{k: {"S": v} for k, v in row.items()}})
    finally:
        assert emulator.stop() == 0
    emulator = EmulatorProcess("--data-dir", str(tmp_path)).start()
    try:
        client = emulator.client("dynamodb")
        index = client.describe_table(TableName=TABLE)["Table"]["GlobalSecondaryIndexes"][0]
        assert index["KeySchema"] == FOUR_RANGES["GlobalSecondaryIndexes"][0]["KeySchema"]
        assert pks(query(client, "h = :h AND a = :a AND b = :b")) == ["p3", "p2", "p1"]
    finally:
        emulator.stop()


def test_a_batch_read_of_the_index_is_refused_ahead_of_the_key_rule(matches: Any) -> None:
    # dynamodb-conformance tier3 partiqlMultiAttributeIndex (eu-west-2, us-east-1).
    found = matches.batch_execute_statement(Statements=[
        {"Statement": f"SELECT * FROM \"{TABLE}\".\"gsi\" WHERE h = 'o1' AND a = 'T'"},
        {"Statement": f"SELECT * FROM \"{TABLE}\" WHERE pk = 'p1'"},
    ])["Responses"]
    assert found[0]["Error"] == {
        "Code": "ValidationError",
        "Message": "PartiQL statements cannot be executed on tables with multi-attribute HASH keys or multi-attribute RANGE keys.",
    }
    assert found[1]["Item"]["pk"] == {"S": "p1"}
