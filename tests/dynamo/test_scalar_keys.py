"""Expressions may not go inside key attributes: keys are scalars.

Evidence: dynalite's tests, recorded against AWS (getItem, query, scan and
updateItem validations): a projection, filter or update path such as ``a.b`` or
``d[0]`` on a table key is refused naming ``Key: a``, on an index key naming
``IndexKey: d``; updating a table key is refused first.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import error_of

NOT_SCALAR = "Key attributes must be scalars; list random access '[]' and map lookup '.' are not allowed: "
KEY = {"a": {"S": "x"}, "b": {"S": "y"}}


@pytest.fixture
def indexed(dynamodb: Any) -> str:
    """Hash a, range b; an LSI on c and a GSI on d."""
    dynamodb.create_table(
        TableName="indexed",
        KeySchema=[{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "b", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in "abcd"],
        BillingMode="PAY_PER_REQUEST",
        LocalSecondaryIndexes=[
            {
                "IndexName": "by_c",
                "KeySchema": [{"AttributeName": "a", "KeyType": "HASH"}, {"AttributeName": "c", "KeyType": "RANGE"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        GlobalSecondaryIndexes=[
            {"IndexName": "by_d", "KeySchema": [{"AttributeName": "d", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}
        ],
    )
    return "indexed"


def refused(call: Any, **params: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as excinfo:
        call(**params)
    return error_of(excinfo)


def test_projections_may_not_go_inside_keys(dynamodb: Any, indexed: str) -> None:
    assert refused(dynamodb.get_item, TableName=indexed, Key=KEY, ProjectionExpression="#a.b.c", ExpressionAttributeNames={"#a": "a"}) == (
        "ValidationException",
        NOT_SCALAR + "Key: a",
    )
    assert refused(dynamodb.get_item, TableName=indexed, Key=KEY, ProjectionExpression="#d[0]", ExpressionAttributeNames={"#d": "d"}) == (
        "ValidationException",
        NOT_SCALAR + "IndexKey: d",
    )
    assert refused(dynamodb.scan, TableName=indexed, ProjectionExpression="d.x")[1] == NOT_SCALAR + "IndexKey: d"
    assert refused(dynamodb.batch_get_item, RequestItems={indexed: {"Keys": [KEY], "ProjectionExpression": "b.x"}})[1] == (
        NOT_SCALAR + "Key: b"
    )
    # Whole key attributes and paths into other attributes are fine.
    dynamodb.put_item(TableName=indexed, Item={**KEY, "d": {"S": "g"}, "e": {"M": {"f": {"S": "1"}, "h": {"S": "2"}}}})
    item = dynamodb.get_item(TableName=indexed, Key=KEY, ProjectionExpression="a, d, e.f")["Item"]
    assert item == {"a": {"S": "x"}, "d": {"S": "g"}, "e": {"M": {"f": {"S": "1"}}}}


def test_filters_may_not_go_inside_keys(dynamodb: Any, indexed: str) -> None:
    values = {":a": {"S": "1"}, ":b": {"N": "1"}}
    for expression in ("attribute_exists(d.c) AND c = :b", "d[1] = :b"):
        assert refused(
            dynamodb.query, TableName=indexed, KeyConditionExpression="a = :a", FilterExpression=expression, ExpressionAttributeValues=values
        ) == ("ValidationException", NOT_SCALAR + "IndexKey: d")
    assert refused(dynamodb.scan, TableName=indexed, FilterExpression="attribute_exists(a.b.c)")[1] == NOT_SCALAR + "Key: a"
    # A query's filter on its own key is refused by the earlier primary-key rule.
    assert refused(
        dynamodb.query, TableName=indexed, KeyConditionExpression="a = :a", FilterExpression="b.c = :b", ExpressionAttributeValues=values
    )[1] == "Filter Expression can only contain non-primary key attributes: Primary key attribute: b"


@pytest.mark.parametrize(
    ("update", "values", "message"),
    [
        ("ADD d.b :a", {":a": {"N": "1"}}, NOT_SCALAR + "IndexKey: d"),
        ("SET d[1] = :a", {":a": {"N": "1"}}, NOT_SCALAR + "IndexKey: d"),
        ("SET e = list_append(a, b), f = d[1]", None, NOT_SCALAR + "IndexKey: d"),
        ("SET e = a.b", None, NOT_SCALAR + "Key: a"),
        ("SET a = a.b + a[1]", None, "One or more parameter values were invalid: Cannot update attribute a. This attribute is part of the key"),
    ],
)
def test_updates_may_not_go_inside_keys(dynamodb: Any, indexed: str, update: str, values: Any, message: str) -> None:
    params = {"TableName": indexed, "Key": KEY, "UpdateExpression": update}
    if values:
        params["ExpressionAttributeValues"] = values
    assert refused(dynamodb.update_item, **params) == ("ValidationException", message)
    assert "Item" not in dynamodb.get_item(TableName=indexed, Key=KEY)
