"""A null where a list or map holds members is refused as AWS refuses a missing required value,
before any operation sees it (they used to fail on it with a 500)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from emulator.testing import EmulatorProcess

SIGNED = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x"

CASES = [
    ("TransactGetItems", {"TransactItems": [None]}, "transactItems.1.member"),
    ("TransactWriteItems", {"TransactItems": [None]}, "transactItems.1.member"),
    ("BatchGetItem", {"RequestItems": {"t": None}}, "requestItems.t.member"),
    ("BatchWriteItem", {"RequestItems": {"t": [None]}}, "requestItems.t.member.1.member"),
    ("BatchExecuteStatement", {"Statements": [None]}, "statements.1.member"),
    ("ExecuteTransaction", {"TransactStatements": [None]}, "transactStatements.1.member"),
    ("UpdateTable", {"TableName": "t", "GlobalSecondaryIndexUpdates": [None]}, "globalSecondaryIndexUpdates.1.member"),
    ("Scan", {"TableName": "t", "ScanFilter": {"a": None}}, "scanFilter.a.member"),
    ("PutItem", {"TableName": "t", "Item": {"k": {"S": "1"}}, "Expected": {"a": None}}, "expected.a.member"),
]


@pytest.mark.parametrize(("operation", "body", "path"), CASES, ids=[case[0] for case in CASES])
def test_null_member_is_a_validation_error(server: EmulatorProcess, operation: str, body: dict[str, Any], path: str) -> None:
    response = httpx.post(
        server.url,
        json=body,
        headers={
            "X-Amz-Target": f"DynamoDB_20120810.{operation}",
            "Content-Type": "application/x-amz-json-1.0",
            "Authorization": SIGNED,
        },
    )
    assert response.status_code == 400
    assert response.json() == {
        "__type": "com.amazon.coral.validate#ValidationException",
        "message": f"1 validation error detected: Value null at '{path}' failed to satisfy constraint: Member must not be null",
    }
    assert server.client("dynamodb").list_tables()["TableNames"] == []


def test_a_null_scalar_in_a_map_is_let_through_as_aws_does(server: EmulatorProcess) -> None:
    """API Gateway takes ``{"application/json": null}`` as a template and reads it back as null
    (LocalStack's AWS-validated snapshot of PutIntegrationResponse, recorded 2026-02-12)."""
    apigateway = server.client("apigateway")
    api = apigateway.create_rest_api(name="nulls")
    ids = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    apigateway.put_method(**ids, authorizationType="NONE")
    apigateway.put_integration(**ids, type="MOCK")
    apigateway.put_method_response(**ids, statusCode="200")
    response = httpx.put(
        f"{server.url}/restapis/{api['id']}/resources/{api['rootResourceId']}/methods/GET/integration/responses/200",
        json={"responseTemplates": {"application/json": None}},
        headers={"Authorization": SIGNED.replace("/dynamodb/", "/apigateway/")},
    )
    assert response.status_code == 201
    assert response.json()["responseTemplates"] == {"application/json": None}
