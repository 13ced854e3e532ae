"""Bad enum values are answered with AWS's own order of the allowed values (dynalite's AWS-recorded tests)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

TABLE = "enum-words"
KEY = {"k": {"S": "a"}}


@pytest.fixture
def dynamodb(server: Any) -> Any:
    client = server.client("dynamodb")
    client.create_table(
        TableName=TABLE,
        KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return client


def message_of(call: Any) -> str:
    with pytest.raises(ClientError) as info:
        call()
    assert info.value.response["Error"]["Code"] == "ValidationException"
    return str(info.value.response["Error"]["Message"])


def test_item_operation_enums(dynamodb: Any) -> None:
    cases = [
        (lambda: dynamodb.update_item(TableName=TABLE, Key=KEY, ReturnValues="hi"), "returnValues",
         "ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW"),
        (lambda: dynamodb.query(TableName=TABLE, Select="hi", KeyConditionExpression="k = :k",
                                ExpressionAttributeValues={":k": {"S": "a"}}), "select",
         "SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES"),
        (lambda: dynamodb.scan(TableName=TABLE, ConditionalOperator="XOR",
                               ScanFilter={"a": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "x"}]}}),
         "conditionalOperator", "OR, AND"),
        (lambda: dynamodb.scan(TableName=TABLE, ScanFilter={"a": {"ComparisonOperator": "hi"}}),
         "scanFilter.a.member.comparisonOperator",
         "IN, NULL, BETWEEN, LT, NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS"),
        (lambda: dynamodb.get_item(TableName=TABLE, Key=KEY, ReturnConsumedCapacity="hi"), "returnConsumedCapacity",
         "INDEXES, TOTAL, NONE"),
    ]  # fmt: skip
    for call, path, values in cases:
        value = "XOR" if path == "conditionalOperator" else "hi"
        assert message_of(call) == (
            f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy constraint: "
            f"Member must satisfy enum value set: [{values}]"
        )


def test_create_table_attribute_type(dynamodb: Any) -> None:
    message = message_of(
        lambda: dynamodb.create_table(
            TableName="other",
            KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "INVALID"}],
            BillingMode="PAY_PER_REQUEST",
        )
    )
    assert message == (
        "1 validation error detected: Value 'INVALID' at 'attributeDefinitions.1.member.attributeType' "
        "failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]"
    )


def test_more_than_25_writes_for_a_table_names_the_whole_request_map(dynamodb: Any) -> None:
    """Coral's wording for a map value's own length (AWS's well-known BatchWriteItem answer)."""
    writes = [{"PutRequest": {"Item": {"k": {"S": str(i)}}}} for i in range(26)]
    message = message_of(lambda: dynamodb.batch_write_item(RequestItems={TABLE: writes}))
    assert message.startswith(f"1 validation error detected: Value '{{{TABLE}=[{{PutRequest={{Item={{k={{S=0}}}}}}}}, ")
    assert message.endswith(
        "' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: "
        "[Member must have length less than or equal to 25, Member must have length greater than or equal to 1]"
    )
