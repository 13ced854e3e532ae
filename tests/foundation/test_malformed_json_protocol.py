"""Malformed json-protocol requests (DynamoDB, CloudWatch Logs), sent raw since botocore would refuse them.

The exact bodies, statuses and CRC32s are those dynalite's connection tests recorded from DynamoDB
(architect/dynalite test/connection.js and index.js): a body that is not JSON and a target-less call get
Coral's message-less errors, a body in another media type the 404 page. Type errors word as Coral does.
"""

from __future__ import annotations

import zlib

import httpx
import pytest

from emulator.testing import EmulatorProcess

SIGNED = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=x"
DYNAMODB_JSON = "application/x-amz-json-1.0"
LOGS_JSON = "application/x-amz-json-1.1"
SERIALIZATION = {"__type": "com.amazon.coral.service#SerializationException"}
UNKNOWN_OPERATION = {"__type": "com.amazon.coral.service#UnknownOperationException"}


def dynamodb(
    server: EmulatorProcess, body: bytes, operation: str | None = "ListTables", content_type: str | None = DYNAMODB_JSON
) -> httpx.Response:
    headers = {"Authorization": SIGNED.format(service="dynamodb")}
    if operation is not None:
        headers["X-Amz-Target"] = f"DynamoDB_20120810.{operation}"
    if content_type is not None:
        headers["Content-Type"] = content_type
    return httpx.post(server.url, content=body, headers=headers)


def logs(server: EmulatorProcess, body: bytes, operation: str = "DescribeLogGroups", content_type: str = LOGS_JSON) -> httpx.Response:
    headers = {
        "Authorization": SIGNED.format(service="logs"),
        "X-Amz-Target": f"Logs_20140328.{operation}",
        "Content-Type": content_type,
    }
    return httpx.post(server.url, content=body, headers=headers)


def coral_error(response: httpx.Response) -> tuple[int, dict[str, str]]:
    return response.status_code, response.json()


@pytest.mark.parametrize("body", [b"hi", b'{"Limit": 1', b"{not json}", b'{"Limit": 1,}', b'{"TableName":"\xff"}'])
def test_a_body_that_is_not_json_is_a_serialization_exception_without_a_message(
    server: EmulatorProcess, body: bytes
) -> None:
    response = dynamodb(server, body)
    assert coral_error(response) == (400, SERIALIZATION)
    assert response.headers["content-type"] == DYNAMODB_JSON
    assert response.headers["x-amz-crc32"] == "3948637019"  # as AWS sent it
    assert response.headers["x-amzn-requestid"]


def test_a_body_that_is_not_json_is_refused_before_the_target_is_looked_up(server: EmulatorProcess) -> None:
    assert coral_error(dynamodb(server, b"hi", operation="ListTable")) == (400, SERIALIZATION)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"[]", "Start of list found where not expected"),
        (b'[{"Limit": 1}]', "Start of list found where not expected"),
        (b'"ListTables"', "Expected null"),
        (b"7", "Expected null"),
        (b"true", "Expected null"),
    ],
)
def test_json_that_is_not_an_object_is_refused_as_coral_reads_a_structure(
    server: EmulatorProcess, body: bytes, message: str
) -> None:
    assert coral_error(dynamodb(server, body)) == (400, {**SERIALIZATION, "Message": message})


CAST_FAILURE = (
    "class sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl cannot be cast to class java.lang.Class "
    "(sun.reflect.generics.reflectiveObjects.ParameterizedTypeImpl and java.lang.Class are in module java.base "
    "of loader 'bootstrap')"
)


# DynamoDB's reader names the JSON token it met, as dynalite's current AWS-run tests record it.
@pytest.mark.parametrize(
    ("operation", "body", "message"),
    [
        ("ListTables", b'{"Limit": "10"}', "STRING_VALUE cannot be converted to Integer"),
        ("ListTables", b'{"Limit": true}', "TRUE_VALUE cannot be converted to Integer"),
        ("ListTables", b'{"Limit": []}', "Unrecognized collection type class java.lang.Integer"),
        ("ListTables", b'{"ExclusiveStartTableName": 12}', "NUMBER_VALUE cannot be converted to String"),
        ("ListTables", b'{"ExclusiveStartTableName": 34.56}', "DECIMAL_VALUE cannot be converted to String"),
        ("ListTables", b'{"ExclusiveStartTableName": false}', "FALSE_VALUE cannot be converted to String"),
        ("ListTables", b'{"ExclusiveStartTableName": {}}', "Start of structure or map found where not expected"),
        ("ListTables", b'{"ExclusiveStartTableName": []}', "Unrecognized collection type class java.lang.String"),
        ("GetItem", b'{"TableName": "t", "Key": {}, "ConsistentRead": "yes"}', "Unexpected token received from parser"),
        ("GetItem", b'{"TableName": "t", "Key": {}, "ConsistentRead": 1}', "NUMBER_VALUE cannot be converted to Boolean"),
        ("GetItem", b'{"TableName": "t", "Key": {}, "ConsistentRead": 0.5}', "DECIMAL_VALUE cannot be converted to Boolean"),
        ("GetItem", b'{"TableName": "t", "Key": {}, "ConsistentRead": []}', "Unrecognized collection type class java.lang.Boolean"),
        (
            "GetItem",
            b'{"TableName": "t", "Key": []}',
            "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>",
        ),
        ("GetItem", b'{"TableName": "t", "Key": "k"}', "Unexpected field type"),
        ("GetItem", b'{"TableName": "t", "Key": {}, "AttributesToGet": "a"}', "Unexpected field type"),
        ("GetItem", b'{"TableName": "t", "Key": {}, "AttributesToGet": {}}', "Start of structure or map found where not expected"),
        ("CreateTable", b'{"TableName": "t", "ProvisionedThroughput": 5}', "Unexpected field type"),
        (
            "CreateTable",
            b'{"TableName": "t", "ProvisionedThroughput": []}',
            "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ProvisionedThroughput",
        ),
        ("CreateTable", b'{"TableName": "t", "KeySchema": ["pk"]}', "Unexpected value type in payload"),
        (
            "BatchWriteItem",
            b'{"RequestItems": []}',
            "Unrecognized collection type java.util.Map<java.lang.String, "
            "java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>>",
        ),
        ("BatchWriteItem", b'{"RequestItems": {"t": "23"}}', CAST_FAILURE),
        ("BatchWriteItem", b'{"RequestItems": {"t": [23]}}', "Unexpected value type in payload"),
        (
            "BatchWriteItem",
            b'{"RequestItems": {"t": [[]]}}',
            "Unrecognized collection type class com.amazonaws.dynamodb.v20120810.WriteRequest",
        ),
        ("ListBackups", b'{"TimeRangeLowerBound": "2024-01-01T00:00:00Z"}', "class java.lang.String can not be converted to a Date"),
    ],
)
def test_a_member_of_the_wrong_json_type_is_worded_as_dynamodb_words_it(
    server: EmulatorProcess, operation: str, body: bytes, message: str
) -> None:
    assert coral_error(dynamodb(server, body, operation)) == (400, {**SERIALIZATION, "Message": message})


def test_streams_word_type_errors_as_dynamodb_does(server: EmulatorProcess) -> None:
    response = httpx.post(
        server.url,
        content=b'{"Limit": "5"}',
        headers={
            "Authorization": SIGNED.format(service="dynamodb"),
            "X-Amz-Target": "DynamoDBStreams_20120810.ListStreams",
            "Content-Type": DYNAMODB_JSON,
        },
    )
    assert coral_error(response) == (400, {**SERIALIZATION, "Message": "STRING_VALUE cannot be converted to Integer"})


def test_unknown_members_are_ignored(server: EmulatorProcess) -> None:
    server.client("dynamodb").create_table(
        TableName="kept",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    response = dynamodb(server, b'{"Limit": 5, "NotAMember": [1, {"x": true}], "limit": "ten"}')
    assert (response.status_code, response.json()) == (200, {"TableNames": ["kept"]})


def test_an_empty_body_is_a_serialization_exception(server: EmulatorProcess) -> None:
    assert coral_error(dynamodb(server, b"")) == (400, SERIALIZATION)
    assert coral_error(dynamodb(server, b"", operation="DescribeTable")) == (400, SERIALIZATION)


def test_an_unknown_operation_is_refused_without_a_message(server: EmulatorProcess) -> None:
    response = dynamodb(server, b"{}", operation="ListTable")
    assert coral_error(response) == (400, UNKNOWN_OPERATION)
    assert response.headers["x-amz-crc32"] == "1368724161"


def test_plain_json_is_read_and_answered_as_plain_json(server: EmulatorProcess) -> None:
    response = dynamodb(server, b"{}", content_type="application/json")
    assert (response.status_code, response.json()) == (200, {"TableNames": []})
    assert response.headers["content-type"] == "application/json"
    refused = dynamodb(server, b"hi", content_type="application/json")
    assert coral_error(refused) == (400, SERIALIZATION)
    assert refused.headers["content-type"] == "application/json"
    with_charset = dynamodb(server, b"{}", content_type="application/x-amz-json-1.0; charset=utf-8")
    assert (with_charset.status_code, with_charset.headers["content-type"]) == (200, DYNAMODB_JSON)


@pytest.mark.parametrize("content_type", ["application/x-amz-json-1.1", "text/plain", "application/xml", None])
def test_a_body_in_another_media_type_reaches_no_operation(server: EmulatorProcess, content_type: str | None) -> None:
    response = dynamodb(server, b"{}", content_type=content_type)
    assert response.status_code == 404
    assert response.text.startswith('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"')
    assert "<title>Page Not Found</title>" in response.text
    # The exact page AWS sends: its length and CRC32 as dynalite's tests recorded them.
    assert (len(response.content), zlib.crc32(response.content)) == (272, 2548615100)
    assert response.headers["x-amz-crc32"] == "2548615100"


def targeted(server: EmulatorProcess, method: str) -> httpx.Response:
    headers = {
        "Authorization": SIGNED.format(service="dynamodb").replace("us-east-1", "eu-west-2"),
        "X-Amz-Target": "DynamoDB_20120810.ListTables",
        "Content-Type": DYNAMODB_JSON,
    }
    return httpx.request(method, server.url, content=b"{}" if method != "GET" else b"", headers=headers)


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_a_target_names_an_operation_in_a_post_only(server: EmulatorProcess, method: str) -> None:
    response = targeted(server, method)
    assert (response.status_code, len(response.content), response.headers["x-amz-crc32"]) == (404, 272, "2548615100")


def test_a_get_is_answered_with_the_endpoints_health_line(server: EmulatorProcess) -> None:
    response = targeted(server, "GET")
    assert (response.status_code, response.text) == (200, "healthy: dynamodb.eu-west-2.amazonaws.com ")
    assert response.headers["x-amz-crc32"] == str(zlib.crc32(response.content))


def test_a_call_without_a_body_needs_no_media_type(server: EmulatorProcess) -> None:
    response = dynamodb(server, b"", content_type=None)
    assert coral_error(response) == (400, SERIALIZATION)
    assert response.headers["content-type"] == "application/json"


def test_a_call_without_a_target_is_an_unknown_operation(server: EmulatorProcess) -> None:
    bare = dynamodb(server, b"", operation=None, content_type=None)
    assert coral_error(bare) == (400, UNKNOWN_OPERATION)
    assert bare.headers["content-type"] == "application/json"
    assert bare.headers["x-amz-crc32"] == "1368724161"
    typed = dynamodb(server, b"{}", operation=None)
    assert coral_error(typed) == (400, UNKNOWN_OPERATION)
    assert typed.headers["content-type"] == DYNAMODB_JSON


def test_a_call_without_a_target_whose_body_is_not_json_is_a_serialization_exception(server: EmulatorProcess) -> None:
    response = dynamodb(server, b"hi", operation=None, content_type="application/json")
    assert coral_error(response) == (400, SERIALIZATION)
    assert response.headers["x-amz-crc32"] == "3948637019"


def test_a_call_without_a_target_in_another_media_type_reaches_no_operation(server: EmulatorProcess) -> None:
    response = dynamodb(server, b"hi", operation=None, content_type="whatever")
    assert (response.status_code, len(response.content)) == (404, 272)


def test_boto3_still_reaches_dynamodb(server: EmulatorProcess) -> None:
    assert server.client("dynamodb").list_tables()["TableNames"] == []


def test_logs_reads_its_own_media_type_and_plain_json(server: EmulatorProcess) -> None:
    own = logs(server, b"{}")
    assert (own.status_code, own.json(), own.headers["content-type"]) == (200, {"logGroups": []}, LOGS_JSON)
    plain = logs(server, b"{}", content_type="application/json")
    assert (plain.status_code, plain.headers["content-type"]) == (200, "application/json")
    assert logs(server, b"{}", content_type=DYNAMODB_JSON).status_code == 404


def test_logs_reads_an_empty_body_as_an_empty_input(server: EmulatorProcess) -> None:
    response = logs(server, b"")
    assert (response.status_code, response.json()) == (200, {"logGroups": []})


@pytest.mark.parametrize(
    ("operation", "body", "expected"),
    [
        ("DescribeLogGroups", b"{nope", SERIALIZATION),
        ("DescribeLogGroups", b"[]", {**SERIALIZATION, "Message": "Start of list found where not expected"}),
        (
            "DescribeLogGroups",
            b'{"limit": "5"}',
            {**SERIALIZATION, "Message": "class java.lang.String can not be converted to an Integer"},
        ),
        (
            "GetLogEvents",
            b'{"logGroupName": "g", "logStreamName": "s", "startTime": "2024-01-01"}',
            {**SERIALIZATION, "Message": "class java.lang.String can not be converted to an Long"},
        ),
        (
            "PutLogEvents",
            b'{"logGroupName": "g", "logStreamName": "s", "logEvents": {"timestamp": 1}}',
            {**SERIALIZATION, "Message": "Start of structure or map found where not expected."},
        ),
        ("DescribeLogGroupz", b"{}", UNKNOWN_OPERATION),
    ],
)
def test_logs_refuses_malformed_input_as_coral_does(
    server: EmulatorProcess, operation: str, body: bytes, expected: dict[str, str]
) -> None:
    response = logs(server, body, operation)
    assert coral_error(response) == (400, expected)
    assert response.headers["content-type"] == LOGS_JSON


def test_an_unsigned_call_is_a_400_when_signatures_are_required() -> None:
    with EmulatorProcess("--strict-auth") as strict:
        response = httpx.post(
            strict.url,
            content=b"{}",
            headers={"X-Amz-Target": "DynamoDB_20120810.ListTables", "Content-Type": DYNAMODB_JSON},
        )
        assert coral_error(response) == (
            400,
            {
                "__type": "com.amazon.coral.service#MissingAuthenticationTokenException",
                "message": "Request is missing Authentication Token",
            },
        )
