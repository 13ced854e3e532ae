"""PutItem, UpdateItem and DeleteItem report request-validation errors inside AWS's
``1 validation error detected: `` envelope; table-dependent errors, and the other operations,
stay bare (dynamodb-conformance tier3 putItem/updateItem, eu-west-2 and us-east-1, 2026-10-09)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import error_of

ONE = "1 validation error detected: "


def message(call: Any, **params: Any) -> str:
    with pytest.raises(ClientError) as caught:
        call(**params)
    code, text = error_of(caught)
    assert code == "ValidationException"
    return text


def test_put_item_request_errors_are_enveloped(dynamodb: Any, hash_table: str) -> None:
    item = {"pk": {"S": "k"}}
    put = dynamodb.put_item
    assert message(put, TableName=hash_table, Item=item, ExpressionAttributeValues={":v": {"S": "x"}}) == (
        ONE + "ExpressionAttributeValues can only be specified when using expressions"
    )
    assert message(put, TableName=hash_table, Item=item, ExpressionAttributeNames={"#a": "a"}) == (
        ONE + "ExpressionAttributeNames can only be specified when using expressions"
    )
    assert message(put, TableName=hash_table, Item=item, ConditionExpression="") == (
        ONE + "Invalid ConditionExpression: The expression can not be empty;"
    )
    assert message(put, TableName=hash_table, Item=item, Expected={"a": {"Exists": True}}) == (
        ONE + "One or more parameter values were invalid: Value must be provided when Exists is true for Attribute: a"
    )
    assert message(put, TableName=hash_table, Item=item, Expected={"a": {"ComparisonOperator": "EQ"}}) == (
        ONE + "One or more parameter values were invalid: Value or AttributeValueList must be used with ComparisonOperator: EQ for Attribute: a"
    )


def test_update_item_condition_errors_are_enveloped_key_errors_are_not(dynamodb: Any, hash_table: str) -> None:
    key = {"pk": {"S": "k"}}
    update = dynamodb.update_item
    assert message(
        update, TableName=hash_table, Key=key, UpdateExpression="SET b = :w", ConditionExpression="a = :v",
        ExpressionAttributeValues={":w": {"S": "x"}},
    ) == ONE + "Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :v"
    assert message(update, TableName=hash_table, Key=key, UpdateExpression="INVALID SYNTAX HERE") == (
        ONE + 'Invalid UpdateExpression: Syntax error; token: "INVALID", near: "INVALID SYNTAX"'
    )
    assert message(
        update, TableName=hash_table, Key=key, UpdateExpression="SET pk = :v", ExpressionAttributeValues={":v": {"S": "x"}}
    ) == "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key"


def test_other_operations_stay_bare(dynamodb: Any, hash_table: str) -> None:
    assert message(dynamodb.scan, TableName=hash_table, FilterExpression="") == (
        "Invalid FilterExpression: The expression can not be empty;"
    )
    assert message(
        dynamodb.query, TableName=hash_table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "k"}},
        FilterExpression="a = :v",
    ) == "Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: :v"
    with pytest.raises(ClientError) as caught:
        dynamodb.transact_write_items(TransactItems=[{"Put": {"TableName": hash_table, "Item": {"pk": {"S": "k"}}, "ConditionExpression": ""}}])
    assert error_of(caught)[1] == "Invalid ConditionExpression: The expression can not be empty;"


def test_delete_item_request_errors_are_enveloped(dynamodb: Any, hash_table: str) -> None:
    key = {"pk": {"S": "k"}}
    delete = dynamodb.delete_item
    invalid = "One or more parameter values were invalid: "
    cases = [
        ({"ExpressionAttributeValues": {":v": {"S": "x"}}}, "ExpressionAttributeValues can only be specified when using expressions"),
        ({"Expected": {"a": {"Exists": False}}, "ExpressionAttributeNames": {"#a": "a"}},
         "ExpressionAttributeNames can only be specified when using expressions"),
        ({"ConditionExpression": "attribute_exists(a)", "ExpressionAttributeValues": {}}, "ExpressionAttributeValues must not be empty"),
        ({"ConditionExpression": "attribute_exists(a)", "ExpressionAttributeNames": {}}, "ExpressionAttributeNames must not be empty"),
        ({"ReturnValues": "UPDATED_NEW"}, "ReturnValues can only be ALL_OLD or NONE"),
        ({"Expected": {"a": {"Value": {"S": "x"}, "ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]}}},
         invalid + "Value and AttributeValueList cannot be used together for Attribute: a"),
        ({"Expected": {"a": {"ComparisonOperator": "BETWEEN", "AttributeValueList": [{"S": "x"}]}}},
         invalid + "Invalid number of argument(s) for the BETWEEN ComparisonOperator"),
    ]
    for params, expected in cases:
        assert message(delete, TableName=hash_table, Key=key, **params) == ONE + expected


def test_partiql_statements_keep_the_older_wording(dynamodb: Any, hash_table: str) -> None:
    dynamodb.put_item(TableName=hash_table, Item={"pk": {"S": "i"}, "ss": {"SS": ["a"]}})
    text = message(dynamodb.execute_statement, Statement=f"UPDATE \"{hash_table}\" SET ss = set_add(ss, 'x') WHERE pk = 'i'")
    assert not text.startswith(ONE)
