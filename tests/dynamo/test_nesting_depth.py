"""DynamoDB's 32-level document limit (the attribute itself is level 1).

Evidence: a conformance suite's captures against real AWS (us-east-1 among
others, 2026): an item or an ExpressionAttributeValue nested 32 maps deep (its
leaf at level 33) is a ValidationException, 31 is accepted; TransactWriteItems
checks only the items it writes, never its ExpressionAttributeValues.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import error_of

TOO_DEEP = (
    "1 validation error detected: Nesting Levels have exceeded supported limits: "
    "Attributes in the item have nested levels beyond supported limit"
)


def deep_map(depth: int, leaf: dict[str, Any] | None = None) -> dict[str, Any]:
    value = leaf or {"S": "leaf"}
    for _ in range(depth):
        value = {"M": {"n": value}}
    return value


def test_stored_items_may_nest_31_maps_but_not_32(dynamodb: Any, hash_table: str) -> None:
    dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "ok"}, "data": deep_map(31)})
    stored = dynamodb.get_item(TableName=hash_table, Key={"pk": {"S": "ok"}})["Item"]["data"]
    assert stored == deep_map(31)

    for item in ({"data": deep_map(32)}, {"data": deep_map(31, {"L": [{"S": "x"}]})}):
        with pytest.raises(ClientError) as excinfo:
            dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "deep"}, **item})
        assert error_of(excinfo) == ("ValidationException", TOO_DEEP)
    with pytest.raises(ClientError) as excinfo:
        dynamodb.batch_write_item(
            RequestItems={hash_table: [{"PutRequest": {"Item": {"pk": {"S": "deep"}, "data": deep_map(32)}}}]}
        )
    assert error_of(excinfo) == ("ValidationException", TOO_DEEP)


def test_update_item_refuses_a_too_deep_placeholder_value_before_its_condition(dynamodb: Any, hash_table: str) -> None:
    request = {
        "TableName": hash_table,
        "Key": {"pk": {"S": "a"}},
        "UpdateExpression": "SET touched = :t",
        "ConditionExpression": "#d = :deep",
        "ExpressionAttributeNames": {"#d": "data"},
    }
    with pytest.raises(ClientError) as excinfo:
        dynamodb.update_item(**request, ExpressionAttributeValues={":t": {"S": "y"}, ":deep": deep_map(32)})
    assert error_of(excinfo) == ("ValidationException", TOO_DEEP)
    with pytest.raises(dynamodb.exceptions.ConditionalCheckFailedException):
        dynamodb.update_item(**request, ExpressionAttributeValues={":t": {"S": "y"}, ":deep": deep_map(31)})


def test_update_item_refuses_to_write_an_item_deeper_than_the_limit(dynamodb: Any, hash_table: str) -> None:
    dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "a"}, "e": {"M": {}}})
    with pytest.raises(ClientError) as excinfo:
        dynamodb.update_item(
            TableName=hash_table,
            Key={"pk": {"S": "a"}},
            UpdateExpression="SET e.n = :v",
            ExpressionAttributeValues={":v": deep_map(31)},
        )
    assert error_of(excinfo) == ("ValidationException", TOO_DEEP)


def test_transactions_check_the_items_they_write_not_their_placeholders(dynamodb: Any, hash_table: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.transact_write_items(
            TransactItems=[{"Put": {"TableName": hash_table, "Item": {"pk": {"S": "a"}, "data": deep_map(32)}}}]
        )
    # Bare in a transaction (dynamodb-conformance deepRequests, ten regions, 2026-10).
    assert error_of(excinfo) == ("ValidationException", TOO_DEEP.removeprefix("1 validation error detected: "))

    with pytest.raises(ClientError) as excinfo:
        dynamodb.transact_write_items(
            TransactItems=[
                {
                    "Update": {
                        "TableName": hash_table,
                        "Key": {"pk": {"S": "a"}},
                        "UpdateExpression": "SET deep = :deep",
                        "ExpressionAttributeValues": {":deep": deep_map(32)},
                    }
                }
            ]
        )
    assert excinfo.value.response["CancellationReasons"] == [{"Code": "ValidationError", "Message": TOO_DEEP}]

    with pytest.raises(ClientError) as excinfo:
        dynamodb.transact_write_items(
            TransactItems=[
                {
                    "ConditionCheck": {
                        "TableName": hash_table,
                        "Key": {"pk": {"S": "a"}},
                        "ConditionExpression": "#d = :deep",
                        "ExpressionAttributeNames": {"#d": "data"},
                        "ExpressionAttributeValues": {":deep": deep_map(32)},
                    }
                }
            ]
        )
    assert [r["Code"] for r in excinfo.value.response["CancellationReasons"]] == ["ConditionalCheckFailed"]


def test_depth_and_empty_names_come_before_the_table_action_by_action(dynamodb: Any) -> None:
    """dynamodb-conformance deepRequests (ten regions, 2026-10): every table here is absent."""
    bare = TOO_DEEP.removeprefix("1 validation error detected: ")
    key = {"pk": {"S": "a"}}

    def transact(items: list[Any]) -> tuple[str, str]:
        with pytest.raises(ClientError) as caught:
            dynamodb.transact_write_items(TransactItems=items)
        return error_of(caught)

    assert transact([
        {"Put": {"TableName": "absent", "Item": {**key, "d": deep_map(40)}}},
        {"Put": {"TableName": "absent", "Item": {**key, "": {"S": "x"}}}},
    ]) == ("ValidationException", bare)
    assert transact([
        {"Put": {"TableName": "absent", "Item": {**key, "": {"S": "x"}}}},
        {"Put": {"TableName": "absent", "Item": {"pk": {"S": "b"}, "d": deep_map(100)}}},
    ]) == ("ValidationException", "Empty attribute name")
    assert transact([{"Put": {"TableName": "absent", "Item": {**key, "d": deep_map(100), "": {"S": "x"}}}}]) == (
        "ValidationException", "Empty attribute name",
    )
    assert transact([
        {"Delete": {"TableName": "absent", "Key": {"pk": deep_map(40)}}},
        {"Put": {"TableName": "absent", "Item": key, "ConditionExpression": "a = = b"}},
    ]) == ("ValidationException", bare)
    with pytest.raises(ClientError) as caught:
        dynamodb.put_item(TableName="absent", Item={**key, "d": deep_map(40)})
    assert error_of(caught) == ("ValidationException", TOO_DEEP)
