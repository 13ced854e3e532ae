"""Writes as moto's aws_verified tests record AWS (getmoto/moto tests/test_dynamodb/
test_dynamodb_transact.py, test_dynamodb_update_expressions.py and
exceptions/test_dynamodb_exceptions.py): what a cancelled transaction hands back per action,
number arithmetic, sets emptied inside maps, and which update paths overlap."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import error_of

FAILED = {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}
OVERLAP = "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths"


def failing_action(kind: str, table: str, pk: str) -> dict[str, Any]:
    """An action whose condition fails on the stored item foo2 and passes on any other key."""
    action: dict[str, Any] = {
        "TableName": table, "Key": {"pk": {"S": pk}}, "ConditionExpression": "#i <> :i", "ExpressionAttributeNames": {"#i": "pk"},
        "ExpressionAttributeValues": {":i": {"S": "foo2"}}, "ReturnValuesOnConditionCheckFailure": "ALL_OLD",
    }
    if kind == "Update":
        action["UpdateExpression"] = "SET foo = :i"
    if kind == "Put":
        action["Item"] = {**action.pop("Key"), "foo": {"S": "bar"}}
    return {kind: action}


# moto test_dynamodb_transact.py::test_transact_write_items_failure__return_item
@pytest.mark.parametrize("kind", ["ConditionCheck", "Put", "Delete", "Update"])
def test_a_cancelled_transaction_returns_the_old_item_of_each_action_that_asked(dynamodb: Any, hash_table: str, kind: str) -> None:
    dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "foo2"}})
    with pytest.raises(ClientError) as caught:
        dynamodb.transact_write_items(TransactItems=[failing_action(kind, hash_table, f"foo{i}") for i in range(5)])
    assert caught.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert caught.value.response["CancellationReasons"] == [
        {"Code": "None"}, {"Code": "None"}, {**FAILED, "Item": {"pk": {"S": "foo2"}}}, {"Code": "None"}, {"Code": "None"},
    ]
    assert dynamodb.scan(TableName=hash_table)["Items"] == [{"pk": {"S": "foo2"}}]


# moto test_dynamodb_update_expressions.py::test_update_item_add_float
def test_add_keeps_decimal_digits_exact(dynamodb: Any, hash_table: str) -> None:
    dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "foo"}, "amount": {"N": "100"}, "nr": {"N": "5"}})
    steps = [("amount", "-88.3", "11.7"), ("amount", "25.41", "37.11"), ("amount", "6", "43.11"), ("nr", "1", "6"), ("nr", "25.41", "31.41")]
    for name, delta, total in steps:
        dynamodb.update_item(
            TableName=hash_table, Key={"pk": {"S": "foo"}}, UpdateExpression=f"ADD {name} :delta", ExpressionAttributeValues={":delta": {"N": delta}},
        )
        assert dynamodb.get_item(TableName=hash_table, Key={"pk": {"S": "foo"}})["Item"][name] == {"N": total}


# moto test_dynamodb_update_expressions.py::test_delete_last_item_from_map and ::test_delete_non_existing_item
def test_deleting_the_last_member_of_a_set_removes_the_set(dynamodb: Any, hash_table: str) -> None:
    dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "foo"}, "map": {"M": {"sset": {"SS": ["foo"]}}}, "users": {"SS": ["karl"]}})
    key = {"pk": {"S": "foo"}}
    emptied = dynamodb.update_item(
        TableName=hash_table, Key=key, UpdateExpression="DELETE #map.#sset :s", ExpressionAttributeNames={"#map": "map", "#sset": "sset"},
        ExpressionAttributeValues={":s": {"SS": ["foo"]}}, ReturnValues="ALL_NEW",
    )["Attributes"]
    assert emptied["map"] == {"M": {}}
    for member, left in (("karl2", {"SS": ["karl"]}), ("karl", None)):
        dynamodb.update_item(
            TableName=hash_table, Key=key, UpdateExpression="DELETE #u :u", ExpressionAttributeNames={"#u": "users"},
            ExpressionAttributeValues={":u": {"SS": [member]}},
        )
        assert dynamodb.get_item(TableName=hash_table, Key=key)["Item"].get("users") == left
    dynamodb.update_item(TableName=hash_table, Key=key, UpdateExpression="DELETE absent :u", ExpressionAttributeValues={":u": {"SS": ["karl"]}})
    assert "absent" not in dynamodb.get_item(TableName=hash_table, Key=key)["Item"]


# moto exceptions/test_dynamodb_exceptions.py::TestUpdateExpressionClausesWithClashingExpressions
@pytest.mark.parametrize(("expression", "names", "paths"), [
    ("SET #a = :h, #a = :h", {"#a": "string_set"}, "path one: [string_set], path two: [string_set]"),
    ("SET string_set.nested = :h, string_set.nested = :h", {}, "path one: [string_set, nested], path two: [string_set, nested]"),
    ("SET #a = :h, #b = :h", {"#a": "string_set", "#b": "string_set"}, "path one: [string_set], path two: [string_set]"),
])
def test_overlapping_update_paths_are_named_in_the_refusal(dynamodb: Any, hash_table: str, expression: str, names: dict[str, str], paths: str) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.update_item(
            TableName=hash_table, Key={"pk": {"S": "foo"}}, UpdateExpression=expression, ExpressionAttributeValues={":h": {"S": "H"}},
            **({"ExpressionAttributeNames": names} if names else {}),
        )
    code, message = error_of(caught)
    assert code == "ValidationException" and message.endswith(f"{OVERLAP}; {paths}")


# moto exceptions/test_dynamodb_exceptions.py::TestUpdateExpressionClausesWithClashingExpressions
# (test_no_overlapping_paths_error_if_one_of_the_overlapping_paths_is_an_expression_attribute_name)
def test_a_name_holding_a_dot_is_one_attribute_not_a_nested_path(dynamodb: Any, hash_table: str) -> None:
    dynamodb.update_item(
        TableName=hash_table, Key={"pk": {"S": "foo"}}, UpdateExpression="SET string_set = :h, #nested = :h",
        ExpressionAttributeNames={"#nested": "string_set.nested"}, ExpressionAttributeValues={":h": {"S": "H"}},
    )
    assert dynamodb.get_item(TableName=hash_table, Key={"pk": {"S": "foo"}})["Item"] == {
        "pk": {"S": "foo"}, "string_set": {"S": "H"}, "string_set.nested": {"S": "H"},
    }
