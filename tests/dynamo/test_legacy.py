"""The legacy (pre-expression) parameters through boto3: semantics and AWS's errors."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import error_of

INVALID = "One or more parameter values were invalid: "


def condition(operator: str, *values: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {"ComparisonOperator": operator}
    if values:
        result["AttributeValueList"] = list(values)
    return result


def rejected(call: Any, **params: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as caught:
        call(**params)
    return error_of(caught)


@pytest.fixture
def filled(dynamodb: Any, table: str) -> str:
    """Items a/1..a/4 with a mix of attributes (names that are reserved words or dotted)."""
    items = [
        {"status": {"S": "new"}, "tags": {"SS": ["x", "y"]}, "count": {"N": "5"}},
        {"status": {"S": "old"}, "tags": {"SS": ["y"]}, "a.b": {"S": "dotted"}},
        {"status": {"S": "new"}, "count": {"N": "50"}, "title": {"S": "hello world"}},
        {"list": {"L": [{"S": "x"}]}},
    ]
    for number, attributes in enumerate(items, start=1):
        dynamodb.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"N": str(number)}, **attributes})
    return table


def sort_keys(items: list[dict[str, Any]]) -> list[int]:
    return sorted(int(found["sk"]["N"]) for found in items)


def scan_keys(dynamodb: Any, table: str, **params: Any) -> list[int]:
    return sort_keys(dynamodb.scan(TableName=table, **params)["Items"])


# -- reads ---------------------------------------------------------------------


def test_get_item_attributes_to_get_handles_reserved_and_dotted_names(dynamodb: Any, filled: str) -> None:
    got = dynamodb.get_item(
        TableName=filled, Key={"pk": {"S": "a"}, "sk": {"N": "2"}}, AttributesToGet=["status", "a.b"]
    )
    assert got["Item"] == {"status": {"S": "old"}, "a.b": {"S": "dotted"}}


def test_query_with_key_conditions_query_filter_and_attributes_to_get(dynamodb: Any, filled: str) -> None:
    result = dynamodb.query(
        TableName=filled,
        KeyConditions={"pk": condition("EQ", {"S": "a"}), "sk": condition("BETWEEN", {"N": "1"}, {"N": "3"})},
        QueryFilter={"status": condition("EQ", {"S": "new"})},
        AttributesToGet=["sk", "count"],
    )
    assert result["Items"] == [
        {"sk": {"N": "1"}, "count": {"N": "5"}},
        {"sk": {"N": "3"}, "count": {"N": "50"}},
    ]
    assert result["ScannedCount"] == 3


def test_query_key_conditions_may_be_combined_with_a_filter_expression(dynamodb: Any, filled: str) -> None:
    result = dynamodb.query(
        TableName=filled,
        KeyConditions={"pk": condition("EQ", {"S": "a"}), "sk": condition("GE", {"N": "2"})},
        FilterExpression="attribute_exists(#s)",
        ExpressionAttributeNames={"#s": "status"},
    )
    assert sort_keys(result["Items"]) == [2, 3]


@pytest.mark.parametrize(
    ("scan_filter", "expected"),
    [
        ({"count": condition("GT", {"N": "10"})}, [3]),
        ({"status": condition("NE", {"S": "new"})}, [2, 4]),  # a missing attribute is "not equal"
        ({"tags": condition("CONTAINS", {"S": "x"})}, [1]),
        ({"tags": condition("NOT_CONTAINS", {"S": "x"})}, [2, 3, 4]),
        ({"title": condition("CONTAINS", {"S": "lo wo"})}, [3]),
        ({"count": condition("NULL")}, [2, 4]),
        ({"count": condition("NOT_NULL")}, [1, 3]),
        ({"status": condition("IN", {"S": "old"}, {"S": "gone"})}, [2]),
        ({"title": condition("BEGINS_WITH", {"S": "hell"})}, [3]),
        ({"sk": condition("LT", {"N": "3"}), "status": condition("EQ", {"S": "new"})}, [1]),
    ],
)
def test_scan_filter_operators(
    dynamodb: Any, filled: str, scan_filter: dict[str, Any], expected: list[int]
) -> None:
    assert scan_keys(dynamodb, filled, ScanFilter=scan_filter) == expected


def test_scan_filter_conditional_operator_or(dynamodb: Any, filled: str) -> None:
    found = scan_keys(
        dynamodb,
        filled,
        ScanFilter={"count": condition("GT", {"N": "10"}), "a.b": condition("NOT_NULL")},
        ConditionalOperator="OR",
    )
    assert found == [2, 3]


# -- conditional writes --------------------------------------------------------


def test_expected_exists_false_guards_a_put(dynamodb: Any, hash_table: str) -> None:
    new = {"pk": {"S": "k"}, "v": {"N": "1"}}
    dynamodb.put_item(TableName=hash_table, Item=new, Expected={"pk": {"Exists": False}})
    code, message = rejected(
        dynamodb.put_item, TableName=hash_table, Item={"pk": {"S": "k"}}, Expected={"pk": {"Exists": False}}
    )
    assert (code, message) == ("ConditionalCheckFailedException", "The conditional request failed")
    assert dynamodb.get_item(TableName=hash_table, Key={"pk": {"S": "k"}})["Item"] == new


def test_expected_value_and_comparison_operators(dynamodb: Any, hash_table: str) -> None:
    key = {"pk": {"S": "k"}}
    dynamodb.put_item(TableName=hash_table, Item={**key, "v": {"N": "1"}, "s": {"S": "abc"}})
    dynamodb.delete_item(
        TableName=hash_table,
        Key=key,
        Expected={
            "v": {"Value": {"N": "2"}},
            "s": {"ComparisonOperator": "BEGINS_WITH", "Value": {"S": "ab"}},
        },
        ConditionalOperator="OR",
    )
    assert "Item" not in dynamodb.get_item(TableName=hash_table, Key=key)
    dynamodb.put_item(TableName=hash_table, Item={**key, "v": {"N": "1"}})
    code, _ = rejected(
        dynamodb.delete_item,
        TableName=hash_table,
        Key=key,
        Expected={"v": {"Value": {"N": "1"}}, "missing": {"Exists": True, "Value": {"S": "x"}}},
    )
    assert code == "ConditionalCheckFailedException"


def test_attribute_updates_put_add_and_delete(dynamodb: Any, hash_table: str) -> None:
    key = {"pk": {"S": "k"}}
    dynamodb.put_item(
        TableName=hash_table,
        Item={
            **key,
            "gone": {"S": "x"},
            "tags": {"SS": ["a", "b"]},
            "n": {"N": "1"},
            "list": {"L": [{"N": "1"}]},
        },
    )
    result = dynamodb.update_item(
        TableName=hash_table,
        Key=key,
        AttributeUpdates={
            "status": {"Value": {"S": "set"}},
            "n": {"Action": "ADD", "Value": {"N": "2.5"}},
            "fresh": {"Action": "ADD", "Value": {"N": "7"}},
            "tags": {"Action": "DELETE", "Value": {"SS": ["a"]}},
            "more": {"Action": "ADD", "Value": {"SS": ["z"]}},
            "list": {"Action": "ADD", "Value": {"L": [{"N": "2"}]}},
            "newlist": {"Action": "ADD", "Value": {"L": [{"S": "x"}]}},
            "gone": {"Action": "DELETE"},
        },
        Expected={"n": {"ComparisonOperator": "EQ", "AttributeValueList": [{"N": "1"}]}},
        ReturnValues="ALL_NEW",
    )
    assert result["Attributes"] == {
        **key,
        "status": {"S": "set"},
        "n": {"N": "3.5"},
        "fresh": {"N": "7"},
        "tags": {"SS": ["b"]},
        "more": {"SS": ["z"]},
        "list": {"L": [{"N": "1"}, {"N": "2"}]},
        "newlist": {"L": [{"S": "x"}]},
    }


def test_update_item_with_empty_attribute_updates_creates_the_item(dynamodb: Any, hash_table: str) -> None:
    dynamodb.update_item(TableName=hash_table, Key={"pk": {"S": "k"}}, AttributeUpdates={})
    assert dynamodb.get_item(TableName=hash_table, Key={"pk": {"S": "k"}})["Item"] == {"pk": {"S": "k"}}


# -- errors --------------------------------------------------------------------


def test_legacy_and_expression_parameters_cannot_be_mixed(dynamodb: Any, hash_table: str) -> None:
    assert rejected(
        dynamodb.get_item,
        TableName=hash_table,
        Key={"pk": {"S": "k"}},
        AttributesToGet=["a"],
        ProjectionExpression="a",
    ) == (
        "ValidationException",
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributesToGet} Expression parameters: {ProjectionExpression}",
    )
    assert rejected(
        dynamodb.scan,
        TableName=hash_table,
        AttributesToGet=["a"],
        ScanFilter={"a": condition("NULL")},
        ConditionalOperator="AND",
        FilterExpression="a = :v",
        ProjectionExpression="b",
        ExpressionAttributeValues={":v": {"S": "x"}},
    )[1] == (
        "Can not use both expression and non-expression parameters in the same request: "
        "Non-expression parameters: {AttributesToGet, ScanFilter, ConditionalOperator} "
        "Expression parameters: {ProjectionExpression, FilterExpression}"
    )


def test_expression_maps_without_expressions_are_rejected(dynamodb: Any, hash_table: str) -> None:
    assert rejected(
        dynamodb.put_item,
        TableName=hash_table,
        Item={"pk": {"S": "k"}},
        ExpressionAttributeValues={":v": {"S": "x"}},
    ) == (
        # PutItem's newer layer: enveloped, no suffix (dynamodb-conformance putItem, 2026-10-09).
        "ValidationException",
        "1 validation error detected: ExpressionAttributeValues can only be specified when using expressions",
    )
    assert rejected(dynamodb.scan, TableName=hash_table, ExpressionAttributeValues={":v": {"S": "x"}}) == (
        "ValidationException",
        "ExpressionAttributeValues can only be specified when using expressions: FilterExpression is null",
    )


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"ConditionalOperator": "AND"}, "ConditionalOperator cannot be used without Filter or Expected"),
        (
            {"ConditionalOperator": "OR", "Expected": {"a": {"Exists": False}}},
            "ConditionalOperator can only be used when Filter or Expected has two or more elements",
        ),
        (
            {"Expected": {"a": {"Exists": True, "ComparisonOperator": "NOT_NULL"}}},
            INVALID + "Exists and ComparisonOperator cannot be used together for Attribute: a",
        ),
        (
            {"Expected": {"a": {"Exists": True}}},
            INVALID + "Value must be provided when Exists is true for Attribute: a",
        ),
        (
            {"Expected": {"a": {"Exists": False, "Value": {"S": "x"}}}},
            INVALID + "Value cannot be used when Exists is false for Attribute: a",
        ),
        (
            {"Expected": {"a": condition("EQ", {"S": "x"}, {"S": "y"})}},
            INVALID + "Invalid number of argument(s) for the EQ ComparisonOperator",
        ),
        (
            {"Expected": {"a": condition("GT", {"SS": ["x"]})}},
            INVALID + "ComparisonOperator GT is not valid for SS AttributeValue type",
        ),
    ],
)
def test_malformed_legacy_conditions_are_rejected(
    dynamodb: Any, hash_table: str, params: dict[str, Any], message: str
) -> None:
    code, found = rejected(dynamodb.put_item, TableName=hash_table, Item={"pk": {"S": "k"}}, **params)
    # PutItem reports request errors inside the envelope (dynamodb-conformance putItem, 2026-10-09).
    assert (code, found) == ("ValidationException", "1 validation error detected: " + message)
    assert dynamodb.scan(TableName=hash_table)["Count"] == 0


def test_malformed_attribute_updates_are_rejected(dynamodb: Any, hash_table: str) -> None:
    assert rejected(
        dynamodb.update_item,
        TableName=hash_table,
        Key={"pk": {"S": "k"}},
        AttributeUpdates={"a": {"Action": "ADD", "Value": {"S": "x"}}},
    ) == ("ValidationException", "1 validation error detected: " + INVALID + "ADD action is not supported for the type S")
    assert rejected(
        dynamodb.update_item,
        TableName=hash_table,
        Key={"pk": {"S": "k"}},
        AttributeUpdates={"a": {"Action": "PUT"}},
    ) == (
        "ValidationException",
        "1 validation error detected: " + INVALID + "Only DELETE action is allowed when no attribute value is specified",
    )


def test_key_conditions_must_be_indexable(dynamodb: Any, table: str) -> None:
    assert rejected(dynamodb.query, TableName=table, KeyConditions={"pk": condition("NE", {"S": "a"})}) == (
        "ValidationException",
        "Attempted conditional constraint is not an indexable operation",
    )


def test_between_bounds_must_be_in_order(dynamodb: Any, table: str) -> None:
    assert rejected(
        dynamodb.scan, TableName=table, ScanFilter={"n": condition("BETWEEN", {"N": "5"}, {"N": "1"})}
    ) == (
        "ValidationException",
        "The BETWEEN condition was provided a range where the lower bound is greater than the upper bound",
    )


def test_attribute_updates_of_the_wrong_type_say_so_in_legacy_words(dynamodb: Any, hash_table: str) -> None:
    """dynalite's AWS-recorded updateItem tests: legacy ADD/DELETE type errors are worded apart."""
    key = {"pk": {"S": "a"}}
    dynamodb.update_item(
        TableName=hash_table,
        Key=key,
        AttributeUpdates={"b": {"Value": {"SS": ["1"]}}, "c": {"Value": {"N": "1"}}, "d": {"Value": {"NS": ["1"]}}},
    )
    for updates in (
        {"b": {"Action": "DELETE", "Value": {"NS": ["1"]}}},
        {"c": {"Action": "DELETE", "Value": {"NS": ["1"]}}},
        {"b": {"Action": "ADD", "Value": {"NS": ["1"]}}},
        {"d": {"Action": "ADD", "Value": {"N": "1"}}},
    ):
        with pytest.raises(ClientError) as excinfo:
            dynamodb.update_item(TableName=hash_table, Key=key, AttributeUpdates=updates)
        assert error_of(excinfo) == ("ValidationException", "Type mismatch for attribute to update")
