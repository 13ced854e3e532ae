"""Error details AWS is recorded answering: the body key of an error's message (moto's aws_verified
tests; transaction bodies quoted in aws-sdk-net#1292 and PynamoDB#1144), and unused expression
names refused before a Query's key schema rules (moto's aws_verified tests)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import error_of

FAILED = "The conditional request failed"
OLD = {"pk": {"S": "k"}, "body": {"S": "text"}}


def _failure(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as caught:
        call(**params)
    response: dict[str, Any] = caught.value.response
    assert response["Error"] == {"Message": FAILED, "Code": "ConditionalCheckFailedException"}
    return response


def _writes(dynamodb: Any, table: str) -> list[tuple[Any, dict[str, Any]]]:
    missing = {"ConditionExpression": "attribute_exists(#l)", "ExpressionAttributeNames": {"#l": "lock"}}
    return [
        (dynamodb.put_item, {"TableName": table, "Item": {"pk": {"S": "k"}}, "ConditionExpression": "attribute_not_exists(body)"}),
        (dynamodb.update_item, {"TableName": table, "Key": {"pk": {"S": "k"}}, "UpdateExpression": "SET #l = :l",
                                "ExpressionAttributeValues": {":l": {"S": "x"}}, **missing}),
        (dynamodb.delete_item, {"TableName": table, "Key": {"pk": {"S": "k"}}, **missing}),
    ]


def test_failed_condition_without_item_writes_lowercase_message(dynamodb: Any, hash_table: str) -> None:
    dynamodb.put_item(TableName=hash_table, Item=OLD)
    for call, params in _writes(dynamodb, hash_table):
        response = _failure(call, **params)
        assert response["message"] == FAILED
        assert "Item" not in response


def test_failed_condition_returning_the_item_writes_capital_message(dynamodb: Any, hash_table: str) -> None:
    dynamodb.put_item(TableName=hash_table, Item=OLD)
    for call, params in _writes(dynamodb, hash_table):
        response = _failure(call, ReturnValuesOnConditionCheckFailure="ALL_OLD", **params)
        assert "message" not in response
        assert response["Item"] == OLD


def test_query_refuses_unused_names_before_key_rules(dynamodb: Any, hash_table: str) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.query(
            TableName=hash_table,
            KeyConditionExpression="(#0 = x) AND (begins_with(#1, a))",
            ExpressionAttributeNames={"#0": "pk", "#1": "sk", "#count": "count"},
        )
    assert error_of(caught) == (
        "ValidationException", "Value provided in ExpressionAttributeNames unused in expressions: keys: {#count}"
    )


def test_query_key_rules_apply_when_every_name_is_used(dynamodb: Any, hash_table: str) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.query(TableName=hash_table, KeyConditionExpression="#0 = x", ExpressionAttributeNames={"#0": "pk"})
    assert error_of(caught) == (
        "ValidationException", "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition"
    )


def test_cancelled_transaction_writes_capital_message(dynamodb: Any, hash_table: str) -> None:
    dynamodb.put_item(TableName=hash_table, Item=OLD)
    put = {"Put": {"TableName": hash_table, "Item": OLD, "ConditionExpression": "attribute_not_exists(pk)"}}
    with pytest.raises(ClientError) as caught:
        dynamodb.transact_write_items(TransactItems=[put])
    response = caught.value.response
    text = "Transaction cancelled, please refer cancellation reasons for specific reasons [ConditionalCheckFailed]"
    assert (response["Error"]["Message"], response["Message"]) == (text, text)
    assert "message" not in response
    assert response["CancellationReasons"] == [{"Code": "ConditionalCheckFailed", "Message": FAILED}]


def test_idempotency_mismatch_writes_capital_message(dynamodb: Any, hash_table: str) -> None:
    def put(key: str) -> None:
        item = {"Put": {"TableName": hash_table, "Item": {"pk": {"S": key}}}}
        dynamodb.transact_write_items(ClientRequestToken="same-token", TransactItems=[item])

    put("first")
    with pytest.raises(ClientError) as caught:
        put("second")
    response = caught.value.response
    assert response["Error"]["Code"] == "IdempotentParameterMismatchException"
    assert response["Message"] == response["Error"]["Message"]
