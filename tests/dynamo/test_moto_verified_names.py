"""A malformed TableName is refused before anything else in the request, its length listed
before its pattern (moto's aws_verified test_update_item_with_invalid_table_name)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import error_of

BAD_NAME = (
    "2 validation errors detected: "
    "Value 'x!' at 'tableName' failed to satisfy constraint: Member must have length greater than or equal to 3; "
    "Value 'x!' at 'tableName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"
)


@pytest.mark.parametrize(
    ("operation", "params"),
    [
        ("update_item", {"Key": {"pk": {"S": "k"}}, "UpdateExpression": "ADD s :e", "ExpressionAttributeValues": {":e": {"SS": []}}}),
        ("put_item", {"Item": {"pk": {"S": "k"}}, "ConditionExpression": ""}),
        ("get_item", {"Key": {"pk": {"S": "k"}}, "ProjectionExpression": ""}),
        ("delete_item", {"Key": {"pk": {"S": "k"}}, "ReturnValues": "ALL_NEW"}),
        ("query", {"KeyConditionExpression": ""}),
        ("scan", {"FilterExpression": ""}),
        ("get_item", {"Key": {"pk": {"S": "k"}}}),
    ],
)
def test_malformed_table_name_comes_before_other_errors(dynamodb: Any, operation: str, params: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as caught:
        getattr(dynamodb, operation)(TableName="x!", **params)
    assert error_of(caught) == ("ValidationException", BAD_NAME)


def test_well_formed_missing_table_keeps_the_request_error(dynamodb: Any) -> None:
    with pytest.raises(ClientError) as caught:
        dynamodb.get_item(TableName="missing", Key={"pk": {"S": "k"}}, ProjectionExpression="")
    assert error_of(caught) == ("ValidationException", "Invalid ProjectionExpression: The expression can not be empty;")
    with pytest.raises(ClientError) as caught:
        dynamodb.get_item(TableName="missing", Key={"pk": {"S": "k"}})
    assert error_of(caught) == ("ResourceNotFoundException", "Requested resource not found")
