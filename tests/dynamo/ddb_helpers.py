"""Helpers for the DynamoDB API tests."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def create_table(client: Any, name: str, hash_key: tuple[str, str] = ("pk", "S"), range_key: tuple[str, str] | None = None, **extra: Any) -> dict[str, Any]:
    keys = [{"AttributeName": hash_key[0], "KeyType": "HASH"}]
    definitions = [{"AttributeName": hash_key[0], "AttributeType": hash_key[1]}]
    if range_key:
        keys.append({"AttributeName": range_key[0], "KeyType": "RANGE"})
        definitions.append({"AttributeName": range_key[0], "AttributeType": range_key[1]})
    definitions += extra.pop("ExtraDefinitions", [])
    extra.setdefault("BillingMode", "PAY_PER_REQUEST")
    return client.create_table(TableName=name, KeySchema=keys, AttributeDefinitions=definitions, **extra)["TableDescription"]


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    error = excinfo.value.response["Error"]
    return error["Code"], error["Message"]
