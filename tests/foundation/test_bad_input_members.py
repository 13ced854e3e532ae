"""Members AWS's JSON reader takes its own way, found by the model fuzz (tests/foundation/test_model_fuzz.py):
a JSON null member is an absent one, a fraction for an integer member is rounded down, and a null inside
a list of strings is a missing value. Each used to reach the operation as it was and fail there with a 500."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from emulator.testing import EmulatorProcess

SIGNED = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=x"
TARGETS = {
    "dynamodb": "DynamoDB_20120810",
    "dynamodbstreams": "DynamoDBStreams_20120810",
    "logs": "Logs_20140328",
}


def call(server: EmulatorProcess, service: str, operation: str, body: dict[str, Any]) -> httpx.Response:
    version = "1.1" if service == "logs" else "1.0"
    return httpx.post(
        server.url,
        json=body,
        headers={
            "X-Amz-Target": f"{TARGETS[service]}.{operation}",
            "Content-Type": f"application/x-amz-json-{version}",
            "Authorization": SIGNED.format(service=service),
        },
    )


def make_tables(server: EmulatorProcess, *names: str) -> None:
    client = server.client("dynamodb")
    for name in names:
        client.create_table(
            TableName=name,
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )


@pytest.mark.parametrize(
    ("service", "operation", "body"),
    [
        ("dynamodb", "ListGlobalTables", {"Limit": None}),
        ("dynamodbstreams", "ListStreams", {"Limit": None}),
        ("dynamodb", "ListTables", {"Limit": None, "ExclusiveStartTableName": None}),
    ],
)
def test_a_null_member_is_an_absent_one(
    server: EmulatorProcess, service: str, operation: str, body: dict[str, Any]
) -> None:
    response = call(server, service, operation, body)
    assert response.status_code == 200, response.text


def test_a_null_nested_member_is_an_absent_one(server: EmulatorProcess) -> None:
    make_tables(server, "pitr")
    response = call(
        server,
        "dynamodb",
        "UpdateContinuousBackups",
        {
            "TableName": "pitr",
            "PointInTimeRecoverySpecification": {
                "PointInTimeRecoveryEnabled": True,
                "RecoveryPeriodInDays": None,
            },
        },
    )
    assert response.status_code == 200, response.text
    description = response.json()["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    assert description["PointInTimeRecoveryStatus"] == "ENABLED"
    assert description["RecoveryPeriodInDays"] == 35


def test_a_fraction_for_an_integer_is_rounded_down(server: EmulatorProcess) -> None:
    make_tables(server, "one", "two")
    for operation, names in (("ListTables", "TableNames"), ("ListGlobalTables", "GlobalTables")):
        response = call(server, "dynamodb", operation, {"Limit": 1.9})
        assert response.status_code == 200, response.text
        assert len(response.json()[names]) <= 1
    assert call(server, "dynamodb", "ListTables", {"Limit": 1.9}).json()["TableNames"] == ["one"]


def test_a_fraction_rounded_below_the_minimum_is_out_of_range(server: EmulatorProcess) -> None:
    response = call(server, "dynamodb", "ListTables", {"Limit": 0.5})
    assert response.status_code == 400
    assert response.json() == {
        "__type": "com.amazon.coral.validate#ValidationException",
        "message": "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1",
    }


def test_a_null_in_a_list_of_strings_is_a_missing_value(server: EmulatorProcess) -> None:
    response = call(
        server, "logs", "TestMetricFilter", {"filterPattern": "ERROR", "logEventMessages": ["ERROR", None]}
    )
    assert response.status_code == 400
    assert response.json() == {
        "__type": "InvalidParameterException",
        "message": "1 validation error detected: Value null at 'logEventMessages.2.member' failed to satisfy "
        "constraint: Member must not be null",
    }


@pytest.mark.parametrize(
    ("operation", "body", "message"),
    [
        ("ListTables", {"Limit": 2**31}, "class java.lang.Long can not be converted to an Integer"),
        ("ListTables", {"Limit": 2**63}, "class java.math.BigInteger can not be converted to an Integer"),
        (
            "ListContributorInsights",
            {"MaxResults": 1e10},
            "class java.lang.Long can not be converted to an Integer",
        ),
        (
            "ListBackups",
            {"TimeRangeLowerBound": "yesterday"},
            "class java.lang.String can not be converted to a Date",
        ),
        ("ListBackups", {"TimeRangeUpperBound": ""}, "class java.lang.String can not be converted to a Date"),
    ],
)
def test_a_number_past_its_java_type_or_a_text_timestamp_is_unreadable(
    server: EmulatorProcess, operation: str, body: dict[str, Any], message: str
) -> None:
    response = call(server, "dynamodb", operation, body)
    assert response.status_code == 400
    assert response.json() == {
        "__type": "com.amazon.coral.service#SerializationException",
        "Message": message,
    }


def test_contributor_insights_pages_hold_at_least_one_summary(server: EmulatorProcess) -> None:
    response = call(server, "dynamodb", "ListContributorInsights", {"MaxResults": 0})
    assert response.status_code == 400
    assert response.json() == {
        "__type": "com.amazon.coral.validate#ValidationException",
        "message": "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: "
        "Member must have value greater than or equal to 1",
    }
