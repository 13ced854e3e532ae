"""CreateTable's members AWS requires though botocore's current model leaves them optional.

Answers recorded against AWS (ack-api-quirks DDB-TABLE-042, 2026-10-08).
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from ddb_helpers import error_of

KEYS = [{"AttributeName": "pk", "KeyType": "HASH"}]
DEFINITIONS = [{"AttributeName": "pk", "AttributeType": "S"}]


def null_at(*paths: str) -> str:
    errors = "; ".join(f"Value null at '{path}' failed to satisfy constraint: Member must not be null" for path in paths)
    return f"{len(paths)} validation error{'s' if len(paths) > 1 else ''} detected: {errors}"


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"KeySchema": KEYS}, null_at("attributeDefinitions")),
        ({"AttributeDefinitions": DEFINITIONS}, null_at("keySchema")),
        ({}, null_at("attributeDefinitions", "keySchema")),
    ],
)
def test_create_table_without_keys_or_definitions_is_refused(dynamodb: Any, members: dict[str, Any], message: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        dynamodb.create_table(TableName="unkeyed", BillingMode="PAY_PER_REQUEST", **members)
    assert error_of(excinfo) == ("ValidationException", message)
    assert dynamodb.list_tables()["TableNames"] == []
