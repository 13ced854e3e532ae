"""PutItem, GetItem, UpdateItem, DeleteItem: conditions, return values, key and size checks."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import create_table, error_of

INVALID = "One or more parameter values were invalid: "


def key(pk: str, sk: int) -> dict[str, Any]:
    return {"pk": {"S": pk}, "sk": {"N": str(sk)}}


def test_put_then_get_round_trips_every_type(dynamodb: Any, table: str) -> None:
    item = {
        **key("a", 1),
        "s": {"S": ""},
        "n": {"N": "-0012.500"},
        "b": {"B": b"\x00\xff"},
        "bool": {"BOOL": False},
        "null": {"NULL": True},
        "m": {"M": {"x": {"L": [{"N": "1"}, {"S": "y"}]}}},
        "ss": {"SS": ["b", "a"]},
        "ns": {"NS": ["1", "2.50"]},
        "bs": {"BS": [b"1"]},
    }
    dynamodb.put_item(TableName=table, Item=item)
    got = dynamodb.get_item(TableName=table, Key=key("a", 1), ConsistentRead=True)["Item"]
    assert got["n"] == {"N": "-12.5"}
    assert got["b"] == {"B": b"\x00\xff"}
    assert got["m"] == item["m"] and got["null"] == {"NULL": True} and got["s"] == {"S": ""}
    assert sorted(got["ns"]["NS"]) == ["1", "2.5"]


def test_number_keys_are_one_key_whatever_their_spelling(dynamodb: Any, table: str) -> None:
    dynamodb.put_item(TableName=table, Item={**key("a", 1), "v": {"S": "first"}})
    dynamodb.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"N": "1.00"}, "v": {"S": "second"}})
    got = dynamodb.get_item(TableName=table, Key={"pk": {"S": "a"}, "sk": {"N": "1E0"}})["Item"]
    assert got == {**key("a", 1), "v": {"S": "second"}}
    assert dynamodb.describe_table(TableName=table)["Table"]["ItemCount"] == 1


def test_get_missing_item_returns_no_item(dynamodb: Any, table: str) -> None:
    response = dynamodb.get_item(TableName=table, Key=key("nope", 1))
    assert "Item" not in response


def test_get_with_projection_expression(dynamodb: Any, table: str) -> None:
    dynamodb.put_item(TableName=table, Item={**key("a", 1), "m": {"M": {"x": {"S": "1"}, "y": {"S": "2"}}}, "z": {"S": "z"}})
    got = dynamodb.get_item(TableName=table, Key=key("a", 1), ProjectionExpression="#m.x, z", ExpressionAttributeNames={"#m": "m"})
    assert got["Item"] == {"m": {"M": {"x": {"S": "1"}}}, "z": {"S": "z"}}


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"pk": {"N": "1"}, "sk": {"N": "1"}}, INVALID + "Type mismatch for key pk expected: S actual: N"),
        ({"pk": {"S": "a"}}, INVALID + "Missing the key sk in the item"),
        ({"pk": {"S": ""}, "sk": {"N": "1"}},
         "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk"),
        ({"pk": {"S": "x" * 2049}, "sk": {"N": "1"}}, INVALID + "Size of hashkey has exceeded the maximum size limit of2048 bytes"),
        ({"pk": {"S": "a"}, "sk": {"N": "1"}, "big": {"S": "x" * (400 * 1024)}}, "Item size has exceeded the maximum allowed size"),
        # AWS's wording, double space and all; binary sets have their own.
        ({"pk": {"S": "a"}, "sk": {"N": "1"}, "s": {"SS": []}}, INVALID + "An string set  may not be empty"),
        ({"pk": {"S": "a"}, "sk": {"N": "1"}, "s": {"NS": []}}, INVALID + "An number set  may not be empty"),
        ({"pk": {"S": "a"}, "sk": {"N": "1"}, "s": {"BS": []}}, INVALID + "Binary sets should not be empty"),
        # PutItem words a duplicate in the newer layer, enveloped (dynamodb-conformance valueLayers).
        ({"pk": {"S": "a"}, "sk": {"N": "1"}, "s": {"BS": [b"b", b"b"]}},
         "1 validation error detected: " + INVALID + 'Input collection ["Yg==","Yg=="]of type BS contains duplicates.'),
    ],
)
def test_put_item_key_and_size_checks(dynamodb: Any, table: str, item: dict[str, Any], message: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.put_item(TableName=table, Item=item)
    assert error_of(excinfo) == ("ValidationException", message)
    assert dynamodb.scan(TableName=table)["Count"] == 0


def test_range_key_size_limit(dynamodb: Any) -> None:
    create_table(dynamodb, "strings", range_key=("sk", "S"))
    with pytest.raises(ClientError) as excinfo:
        dynamodb.put_item(TableName="strings", Item={"pk": {"S": "a"}, "sk": {"S": "x" * 1025}})
    assert error_of(excinfo) == ("ValidationException", INVALID + "Aggregated size of all range keys has exceeded the size limit of 1024 bytes")
    dynamodb.put_item(TableName="strings", Item={"pk": {"S": "x" * 2048}, "sk": {"S": "x" * 1024}})


@pytest.mark.parametrize(
    "bad_key",
    [{"pk": {"S": "a"}}, {"pk": {"S": "a"}, "sk": {"S": "1"}}, {"pk": {"S": "a"}, "sk": {"N": "1"}, "x": {"S": "1"}}],
)
def test_key_must_match_schema(dynamodb: Any, table: str, bad_key: dict[str, Any]) -> None:
    for call in (dynamodb.get_item, dynamodb.delete_item):
        with pytest.raises(ClientError) as excinfo:
            call(TableName=table, Key=bad_key)
        assert error_of(excinfo) == ("ValidationException", "The provided key element does not match the schema")


def test_missing_table_for_item_operations(dynamodb: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.put_item(TableName="missing", Item={"pk": {"S": "a"}})
    assert error_of(excinfo) == ("ResourceNotFoundException", "Requested resource not found")


def test_put_condition_and_return_values(dynamodb: Any, table: str) -> None:
    first = dynamodb.put_item(TableName=table, Item={**key("a", 1), "v": {"N": "1"}}, ReturnValues="ALL_OLD")
    assert "Attributes" not in first
    second = dynamodb.put_item(TableName=table, Item={**key("a", 1), "v": {"N": "2"}}, ReturnValues="ALL_OLD")
    assert second["Attributes"] == {**key("a", 1), "v": {"N": "1"}}
    with pytest.raises(ClientError) as excinfo:
        dynamodb.put_item(
            TableName=table,
            Item={**key("a", 1), "v": {"N": "3"}},
            ConditionExpression="attribute_not_exists(pk)",
            ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    assert error_of(excinfo) == ("ConditionalCheckFailedException", "The conditional request failed")
    assert excinfo.value.response["Item"] == {**key("a", 1), "v": {"N": "2"}}
    assert dynamodb.get_item(TableName=table, Key=key("a", 1))["Item"]["v"] == {"N": "2"}
    with pytest.raises(ClientError) as excinfo:
        dynamodb.put_item(TableName=table, Item=key("a", 1), ReturnValues="ALL_NEW")
    assert error_of(excinfo) == ("ValidationException", "1 validation error detected: ReturnValues can only be ALL_OLD or NONE")


def test_condition_failure_without_item_when_not_asked(dynamodb: Any, table: str) -> None:
    dynamodb.put_item(TableName=table, Item=key("a", 1))
    with pytest.raises(ClientError) as excinfo:
        dynamodb.delete_item(TableName=table, Key=key("a", 1), ConditionExpression="attribute_exists(nothing)")
    assert "Item" not in excinfo.value.response
    assert dynamodb.get_item(TableName=table, Key=key("a", 1))["Item"] == key("a", 1)


def test_unused_expression_attribute_values_are_rejected(dynamodb: Any, table: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.put_item(
            TableName=table,
            Item=key("a", 1),
            ConditionExpression="attribute_not_exists(pk)",
            ExpressionAttributeValues={":unused": {"S": "x"}},
        )
    assert error_of(excinfo) == (
        "ValidationException",
        "1 validation error detected: Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
    )
    with pytest.raises(ClientError) as excinfo:
        dynamodb.get_item(TableName=table, Key=key("a", 1), ExpressionAttributeNames={"#a": "a"})
    assert error_of(excinfo) == ("ValidationException", "ExpressionAttributeNames can only be specified when using expressions")


def test_update_item_creates_and_returns_values(dynamodb: Any, table: str) -> None:
    created = dynamodb.update_item(
        TableName=table,
        Key=key("a", 1),
        UpdateExpression="SET #c = if_not_exists(#c, :zero) + :one, tags = :tags",
        ExpressionAttributeNames={"#c": "count"},
        ExpressionAttributeValues={":zero": {"N": "0"}, ":one": {"N": "1"}, ":tags": {"SS": ["x"]}},
        ReturnValues="ALL_NEW",
    )
    assert created["Attributes"] == {**key("a", 1), "count": {"N": "1"}, "tags": {"SS": ["x"]}}
    updated_old = dynamodb.update_item(
        TableName=table,
        Key=key("a", 1),
        UpdateExpression="ADD #c :one REMOVE tags",
        ExpressionAttributeNames={"#c": "count"},
        ExpressionAttributeValues={":one": {"N": "1"}},
        ReturnValues="UPDATED_OLD",
    )
    assert updated_old["Attributes"] == {"count": {"N": "1"}, "tags": {"SS": ["x"]}}
    updated_new = dynamodb.update_item(
        TableName=table, Key=key("a", 1), UpdateExpression="SET extra = :v", ExpressionAttributeValues={":v": {"S": "o"}},
        ReturnValues="UPDATED_NEW",
    )
    assert updated_new["Attributes"] == {"extra": {"S": "o"}}
    all_old = dynamodb.update_item(
        TableName=table, Key=key("a", 1), UpdateExpression="REMOVE extra", ReturnValues="ALL_OLD"
    )
    assert all_old["Attributes"] == {**key("a", 1), "count": {"N": "2"}, "extra": {"S": "o"}}


def test_update_item_without_expression_creates_key_only_item(dynamodb: Any, table: str) -> None:
    dynamodb.update_item(TableName=table, Key=key("k", 7))
    assert dynamodb.get_item(TableName=table, Key=key("k", 7))["Item"] == key("k", 7)


def test_update_item_cannot_touch_key(dynamodb: Any, table: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.update_item(TableName=table, Key=key("a", 1), UpdateExpression="SET pk = :v", ExpressionAttributeValues={":v": {"S": "b"}})
    assert error_of(excinfo) == ("ValidationException", INVALID + "Cannot update attribute pk. This attribute is part of the key")
    assert "Item" not in dynamodb.get_item(TableName=table, Key=key("a", 1))


def test_update_item_condition_failure_changes_nothing(dynamodb: Any, table: str) -> None:
    dynamodb.put_item(TableName=table, Item={**key("a", 1), "v": {"N": "5"}})
    with pytest.raises(ClientError) as excinfo:
        dynamodb.update_item(
            TableName=table, Key=key("a", 1), UpdateExpression="SET v = :n", ConditionExpression="v > :n",
            ExpressionAttributeValues={":n": {"N": "10"}}, ReturnValuesOnConditionCheckFailure="ALL_OLD",
        )
    assert error_of(excinfo)[0] == "ConditionalCheckFailedException"
    assert excinfo.value.response["Item"]["v"] == {"N": "5"}
    assert dynamodb.get_item(TableName=table, Key=key("a", 1))["Item"]["v"] == {"N": "5"}


def test_update_item_size_limit(dynamodb: Any, table: str) -> None:
    dynamodb.put_item(TableName=table, Item={**key("a", 1), "v": {"S": "x" * 300_000}})
    with pytest.raises(ClientError) as excinfo:
        dynamodb.update_item(TableName=table, Key=key("a", 1), UpdateExpression="SET w = :w", ExpressionAttributeValues={":w": {"S": "y" * 150_000}})
    # AWS words an update's result apart (dynalite's AWS-recorded updateItem tests).
    assert error_of(excinfo) == ("ValidationException", "Item size to update has exceeded the maximum allowed size")
    assert "w" not in dynamodb.get_item(TableName=table, Key=key("a", 1))["Item"]


def test_delete_item_returns_old(dynamodb: Any, table: str) -> None:
    dynamodb.put_item(TableName=table, Item={**key("a", 1), "v": {"S": "x"}})
    deleted = dynamodb.delete_item(TableName=table, Key=key("a", 1), ReturnValues="ALL_OLD")
    assert deleted["Attributes"] == {**key("a", 1), "v": {"S": "x"}}
    assert "Attributes" not in dynamodb.delete_item(TableName=table, Key=key("a", 1), ReturnValues="ALL_OLD")


def test_index_key_type_is_checked_on_write(dynamodb: Any) -> None:
    create_table(
        dynamodb, "indexed", ExtraDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}],
    )
    with pytest.raises(ClientError) as excinfo:
        dynamodb.put_item(TableName="indexed", Item={"pk": {"S": "a"}, "g": {"N": "1"}})
    assert error_of(excinfo) == ("ValidationException", INVALID + "Type mismatch for Index Key g Expected: S Actual: N IndexName: by-g")


def test_index_key_errors_name_the_alphabetically_first_index(dynamodb: Any) -> None:
    create_table(
        dynamodb, "indexed", range_key=("sk", "N"), ExtraDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
        LocalSecondaryIndexes=[{"IndexName": "lsi1", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "g", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "KEYS_ONLY"}}],
        GlobalSecondaryIndexes=[{"IndexName": "gsi1", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}],
    )
    with pytest.raises(ClientError) as mistyped:
        dynamodb.put_item(TableName="indexed", Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "g": {"N": "1"}})
    assert error_of(mistyped) == ("ValidationException", INVALID + "Type mismatch for Index Key g Expected: S Actual: N IndexName: gsi1")
    with pytest.raises(ClientError) as empty:
        dynamodb.put_item(TableName="indexed", Item={"pk": {"S": "a"}, "sk": {"N": "1"}, "g": {"S": ""}})
    assert error_of(empty)[1].endswith("IndexName: gsi1, IndexKey: g")


def test_resource_api_conditions(server: Any, table: str) -> None:
    from boto3.dynamodb.conditions import Attr

    resource_table = server.resource("dynamodb").Table(table)
    resource_table.put_item(Item={"pk": "a", "sk": 1, "n": 5})
    resource_table.update_item(Key={"pk": "a", "sk": 1}, UpdateExpression="SET n = n + :d", ExpressionAttributeValues={":d": 2})
    assert resource_table.get_item(Key={"pk": "a", "sk": 1})["Item"]["n"] == 7
    with pytest.raises(ClientError):
        resource_table.put_item(Item={"pk": "a", "sk": 1}, ConditionExpression=Attr("n").lt(3))
    resource_table.delete_item(Key={"pk": "a", "sk": 1}, ConditionExpression=Attr("n").eq(7))
    assert "Item" not in resource_table.get_item(Key={"pk": "a", "sk": 1})


def test_updated_values_name_only_the_updated_paths(dynamodb: Any, table: str) -> None:
    dynamodb.put_item(TableName=table, Item={**key("a", 1), "m": {"M": {"x": {"N": "1"}, "y": {"N": "2"}}}})
    response = dynamodb.update_item(
        TableName=table, Key=key("a", 1), UpdateExpression="SET m.x = :v", ExpressionAttributeValues={":v": {"N": "5"}},
        ReturnValues="UPDATED_NEW",
    )
    assert response["Attributes"] == {"m": {"M": {"x": {"N": "5"}}}}


def test_an_item_too_big_is_refused_before_the_table_is_looked_up(dynamodb: Any) -> None:
    """dynalite's AWS-recorded putItem tests: the 400 KB check needs no table."""
    item = {"pk": {"S": "a"}, "b": {"S": "x" * (400 * 1024 + 1 - len("pk") - 1 - len("b"))}}
    with pytest.raises(ClientError) as caught:
        dynamodb.put_item(TableName="missing", Item=item)
    assert error_of(caught) == ("ValidationException", "Item size has exceeded the maximum allowed size")
    item["b"]["S"] = item["b"]["S"][:-1]
    with pytest.raises(dynamodb.exceptions.ResourceNotFoundException):
        dynamodb.put_item(TableName="missing", Item=item)


NOT_NUMERIC = "The parameter cannot be converted to a numeric value"
ONE = "1 validation error detected: "


@pytest.mark.parametrize(
    ("value", "older", "newer"),
    [
        ({"N": ""}, NOT_NUMERIC, ONE + NOT_NUMERIC + ": "),
        ({"NS": ["1", ""]}, NOT_NUMERIC, ONE + NOT_NUMERIC + ": "),
        ({"NS": ["1", "b"]}, NOT_NUMERIC + ": b", ONE + NOT_NUMERIC + ": b"),
        ({"N": "1e126"}, "Number overflow. Attempting to store a number with magnitude larger than supported range",
         ONE + "Number overflow. Attempting to store a number with magnitude larger than supported range"),
        ({"NS": ["1", "1"]}, "Input collection contains duplicates", ONE + INVALID + "Input collection contains duplicates."),
        ({"SS": ["b", "a", "b"]}, INVALID + "Input collection [b, a, b] contains duplicates.",
         ONE + INVALID + 'Input collection ["a", "b", "b"] contains duplicates.'),
    ],
)
def test_number_and_duplicate_errors_in_both_of_aws_layers(dynamodb: Any, value: dict[str, Any], older: str, newer: str) -> None:
    """dynamodb-conformance valueLayers (four regions, 2026-10): BatchWriteItem answers in the older
    layer (dynalite's AWS-recorded wording), PutItem in the newer one, enveloped; GetItem bare."""
    with pytest.raises(ClientError) as caught:
        dynamodb.batch_write_item(RequestItems={"missing": [{"PutRequest": {"Item": {"pk": {"S": "a"}, "n": value}}}]})
    assert error_of(caught) == ("ValidationException", older)
    with pytest.raises(ClientError) as caught:
        dynamodb.put_item(TableName="missing", Item={"pk": {"S": "a"}, "n": value})
    assert error_of(caught) == ("ValidationException", newer)
    with pytest.raises(ClientError) as caught:
        dynamodb.put_item(
            TableName="missing", Item={"pk": {"S": "a"}}, ConditionExpression="n = :v", ExpressionAttributeValues={":v": value}
        )
    assert error_of(caught) == ("ValidationException", newer)
    with pytest.raises(ClientError) as caught:
        dynamodb.get_item(TableName="missing", Key={"pk": value})
    assert error_of(caught) == ("ValidationException", newer.removeprefix(ONE))
    with pytest.raises(ClientError) as caught:
        dynamodb.scan(TableName="missing", FilterExpression="n = :v", ExpressionAttributeValues={":v": value})
    assert error_of(caught) == ("ValidationException", f"ExpressionAttributeValues contains invalid value: {older} for key :v")


def test_update_item_weighs_what_it_writes_plus_a_cost_per_clause(dynamodb: Any, hash_table: str) -> None:
    """Measured against AWS by a conformance suite: UpdateItem refuses when the attributes it writes
    plus 3 bytes and 19 per SET (2 per REMOVE) pass 400 KB, so a one-byte key caps it 19 bytes lower."""
    limit = 400 * 1024
    ceiling = limit - 19  # the key "pk"/"K" (3 bytes) is never written; one SET costs 22

    def set_b(key_value: str, item_bytes: int) -> None:
        padding = item_bytes - (2 + len(key_value)) - 1
        dynamodb.update_item(
            TableName=hash_table, Key={"pk": {"S": key_value}}, UpdateExpression="SET b = :pad",
            ExpressionAttributeValues={":pad": {"S": "x" * padding}},
        )

    set_b("K", ceiling)
    with pytest.raises(ClientError) as caught:
        set_b("L", ceiling + 1)
    assert error_of(caught) == ("ValidationException", "Item size to update has exceeded the maximum allowed size")
    # Past a 20-byte key the finished item's own size is what binds.
    set_b("k" * 100, limit)
    with pytest.raises(ClientError):
        set_b("j" * 100, limit + 1)
    # A transaction's Update weighs only the finished item.
    dynamodb.transact_write_items(TransactItems=[{"Update": {
        "TableName": hash_table, "Key": {"pk": {"S": "L"}}, "UpdateExpression": "SET b = :pad",
        "ExpressionAttributeValues": {":pad": {"S": "x" * (limit - 3 - 1)}},
    }}])


@pytest.mark.parametrize(
    ("clause", "seed", "values", "charge"),
    [
        # dynamodb-conformance itemSizeBySurface "charges each kind of clause" (bisected on eu-west-2).
        ("SET c = abcdefghij", {"abcdefghij": {"S": "y" * 10}}, {}, 19 + 1 + 1 + 14 + 10),
        ("SET c = m.z", {"m": {"M": {"z": {"S": "y" * 10}}}}, {}, 19 + 1 + 1 + 15 + 15),
        ("SET c = l[10]", {"l": {"L": [{"S": "e"}] * 11}}, {}, 19 + 1 + 1 + 15 + 16),
        ("SET l = list_append(l, :new)", {"l": {"L": [{"S": "e"}]}}, {":new": {"L": [{"S": "y" * 10}]}}, 19 + 1 + 37 + 16 + 14),
        ("SET n = n + :one", {"n": {"N": "12345678901234567890"}}, {":one": {"N": "1"}}, 19 + 1 + 34 + 16 + 2),
        ("SET n = n - :one", {"n": {"N": "1"}}, {":one": {"N": "1"}}, 19 + 1 + 37 + 16 + 2),
        ("SET c = if_not_exists(c, :v)", {}, {":v": {"S": "y" * 10}}, 19 + 1 + 39 + 16 + 10),
        ("SET c = if_not_exists(c, :s), d = if_not_exists(d, :s)", {}, {":s": {"S": "s" * 100}}, 2 * (19 + 1 + 39 + 16 + 100)),
        ("ADD abcdefghij :one", {"abcdefghij": {"N": "1"}}, {":one": {"N": "1"}}, 19 + 10 + 2),
        ("ADD ss :new", {"ss": {"SS": ["p" * 5]}}, {":new": {"SS": ["s" * 500]}}, 19 + 2 + 500),
        ("REMOVE abcdefghij", {"abcdefghij": {"S": "r" * 5}}, {}, 1 + 10),
        ("REMOVE m.yyyyyyyyyy", {"m": {"M": {"x": {"S": "x"}, "yyyyyyyyyy": {"S": "r"}}}}, {}, 1 + 1 + 4 + 10),
        ("REMOVE l[10]", {"l": {"L": [{"S": "e"}] * 11}}, {}, 1 + 1 + 4 + 2),
        ("DELETE ss :rm", {"ss": {"SS": ["p" * 5, "q" * 20]}}, {":rm": {"SS": ["q" * 20]}}, 1 + 2),
    ],
)
def test_update_item_charges_each_kind_of_clause(
    dynamodb: Any, hash_table: str, clause: str, seed: dict[str, Any], values: dict[str, Any], charge: int
) -> None:
    """Beside ``SET b = :pad`` (3 + 19 + 1 + the padding), the clause's own charge counts against
    400 KB, whatever the finished item weighs; accepted at the figure, refused a byte over."""
    padding = 400 * 1024 - (3 + 19 + 1) - charge
    expression = f"SET b = :pad, {clause[4:]}" if clause.startswith("SET ") else f"SET b = :pad {clause}"

    def send(key_value: str, size: int) -> None:
        dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": key_value}, **seed})
        dynamodb.update_item(
            TableName=hash_table, Key={"pk": {"S": key_value}}, UpdateExpression=expression,
            ExpressionAttributeValues={**values, ":pad": {"S": "x" * size}},
        )

    send("C", padding)
    with pytest.raises(ClientError) as caught:
        send("D", padding + 1)
    assert error_of(caught) == ("ValidationException", "Item size to update has exceeded the maximum allowed size")


def test_update_item_statement_charge_comes_before_the_condition_and_not_for_attribute_updates(dynamodb: Any, hash_table: str) -> None:
    pad = {":pad": {"S": "x" * (400 * 1024 - 22)}}
    with pytest.raises(ClientError) as caught:
        dynamodb.update_item(
            TableName=hash_table, Key={"pk": {"S": "E"}}, UpdateExpression="SET b = :pad",
            ConditionExpression="attribute_exists(nothing)", ExpressionAttributeValues=pad,
        )
    assert error_of(caught)[1] == "Item size to update has exceeded the maximum allowed size"
    # The legacy AttributeUpdates weighs only the finished item, key included.
    dynamodb.update_item(
        TableName=hash_table, Key={"pk": {"S": "E"}},
        AttributeUpdates={"b": {"Action": "PUT", "Value": {"S": "x" * (400 * 1024 - 3 - 1)}}},
    )
