"""Malformed rest-json requests (Lambda, API Gateway, API Gateway v2), sent raw since botocore would refuse them.

Each is answered with a 4xx in the service's error shape (``x-amzn-ErrorType`` and a JSON ``message``), never
a 5xx: a body that is not JSON or not an object and a member of the wrong JSON type are Coral's
SerializationException in its words, an empty body where members are required the service's own
validation error, and unknown members are ignored.
"""

from __future__ import annotations

import httpx
import pytest

from emulator.testing import EmulatorProcess
from emulator.testing.functions import create_python_function

SIGNED = "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/{service}/aws4_request, SignedHeaders=host, Signature=x"
#: Where each service creates its main resource, and a valid body for it.
CREATES = {
    "lambda": "/2015-03-31/functions",
    "apigateway": "/restapis",
    "apigatewayv2": "/v2/apis",
}


def send(server: EmulatorProcess, service: str, method: str, path: str, body: bytes | None = None) -> httpx.Response:
    headers = {"Authorization": SIGNED.format(service=service), "Content-Type": "application/json"}
    return httpx.request(method, server.url + path, content=body, headers=headers)


def refusal(response: httpx.Response) -> tuple[int, str, dict[str, str]]:
    return response.status_code, response.headers.get("x-amzn-errortype", ""), response.json()


@pytest.mark.parametrize("service", sorted(CREATES))
@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"hi", "Could not parse request body into json"),
        (b'{"name": "a"', "Could not parse request body into json"),
        (b'{"name": "a"}}', "Could not parse request body into json"),
        (b"null", "Could not parse request body into json"),
        (b"[]", "Start of list found where not expected"),
        (b'[{"name": "a"}]', "Start of list found where not expected"),
        (b'"a"', "Expected null"),
        (b"12", "Expected null"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_a_serialization_exception(
    server: EmulatorProcess, service: str, body: bytes, message: str
) -> None:
    mark = server.lines_printed
    response = send(server, service, "POST", CREATES[service], body)
    assert refusal(response) == (400, "SerializationException", {"message": message})
    assert response.headers["content-type"] == "application/json"
    assert "Traceback" not in "\n".join(server.output_since(mark))


@pytest.mark.parametrize(
    ("service", "path", "body", "message"),
    [
        ("lambda", "/2015-03-31/functions", b'{"FunctionName": "f", "MemorySize": "128"}',
         "class java.lang.String can not be converted to an Integer"),
        ("lambda", "/2015-03-31/functions", b'{"FunctionName": "f", "Publish": "true"}',
         "'TRUE' can not be converted to an Boolean"),
        ("lambda", "/2015-03-31/functions", b'{"FunctionName": 1}',
         "class java.lang.Short can not be converted to an String"),
        ("lambda", "/2015-03-31/functions", b'{"FunctionName": "f", "Layers": {}}',
         "Start of structure or map found where not expected."),
        ("lambda", "/2015-03-31/functions", b'{"FunctionName": "f", "Environment": {"Variables": []}}',
         "Start of list found where not expected"),
        ("lambda", "/2015-03-31/functions", b'{"FunctionName": "f", "Code": "zip"}', "Expected null"),
        ("lambda", "/2015-03-31/functions", b'{"FunctionName": "f", "Code": {"ZipFile": 12}}',
         "class java.lang.Short can not be converted to a Blob"),
        ("lambda", "/2015-03-31/functions", b'{"FunctionName": "f", "Code": {"ZipFile": "23456"}}',
         "'23456' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 5"),
        ("lambda", "/2015-03-31/functions", b'{"FunctionName": "f", "Code": {"ZipFile": "=+/="}}',
         "'=+/=' can not be converted to a Blob: Invalid Base64 character: '='"),
        ("lambda", "/2015-03-31/functions", b'{"FunctionName": "f", "Code": {"ZipFile": "ab!d"}}',
         "'ab!d' can not be converted to a Blob: Invalid Base64 character: '!'"),
        ("lambda", "/2015-03-31/functions", b'{"FunctionName": "f", "Code": {"ZipFile": "+/+="}}',
         "'+/+=' can not be converted to a Blob: Invalid last non-pad Base64 character dectected"),
        ("lambda", "/2015-03-31/event-source-mappings",
         b'{"FunctionName": "f", "StartingPosition": "AT_TIMESTAMP", "StartingPositionTimestamp": "yesterday"}',
         "class java.lang.String can not be converted to a Date"),
        ("lambda", "/2015-03-31/event-source-mappings",
         b'{"FunctionName": "f", "StartingPosition": "AT_TIMESTAMP", "StartingPositionTimestamp": true}',
         "class java.lang.Boolean can not be converted to a Date"),
        ("apigateway", "/restapis", b'{"name": 1}',
         "class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String"),
        ("apigateway", "/restapis", b'{"name": "a", "description": true}',
         "class java.lang.Boolean can not be converted to an String"),
        ("apigateway", "/restapis", b'{"name": "a", "binaryMediaTypes": "image/png"}', "Expected list or null"),
        ("apigateway", "/restapis", b'{"name": "a", "tags": []}', "Start of list found where not expected"),
        ("apigateway", "/usageplans", b'{"name": "a", "quota": {"limit": "5", "period": "DAY"}}',
         "class java.lang.String can not be converted to an Integer"),
        ("apigateway", "/apikeys", b'{"name": "a", "enabled": "yes"}', "'YES' can not be converted to an Boolean"),
        ("apigatewayv2", "/v2/apis", b'{"name": 1, "protocolType": "HTTP"}',
         "class java.lang.Short can not be converted to an String"),
        ("apigatewayv2", "/v2/apis", b'{"name": "a", "protocolType": "HTTP", "disableExecuteApiEndpoint": "yes"}',
         "'YES' can not be converted to an Boolean"),
        ("apigatewayv2", "/v2/apis", b'{"name": "a", "protocolType": "HTTP", "tags": []}',
         "Start of list found where not expected"),
        ("apigatewayv2", "/v2/apis", b'{"name": "a", "protocolType": "HTTP", "corsConfiguration": "*"}',
         "Expected null"),
    ],
)
def test_a_member_of_the_wrong_json_type_is_a_serialization_exception(
    server: EmulatorProcess, service: str, path: str, body: bytes, message: str
) -> None:
    assert refusal(send(server, service, "POST", path, body)) == (400, "SerializationException", {"message": message})


def test_an_http_api_timestamp_that_is_not_iso_8601_is_a_bad_request(server: EmulatorProcess) -> None:
    body = b'{"domainName": "a.example.com", "domainNameConfigurations": [{"certificateUploadDate": "yesterday"}]}'
    assert refusal(send(server, "apigatewayv2", "POST", "/v2/domainnames", body)) == (
        400,
        "BadRequestException",
        {"message": "Invalid timestamp specified for certificateUploadDate: yesterday"},
    )
    assert server.client("apigatewayv2").get_domain_names()["Items"] == []


def test_an_iso_8601_timestamp_is_read_where_the_model_asks_for_one(server: EmulatorProcess) -> None:
    body = (
        b'{"domainName": "a.example.com", "domainNameConfigurations": '
        b'[{"certificateArn": "arn:aws:acm:us-east-1:000000000000:certificate/c", '
        b'"certificateUploadDate": "2024-05-06T07:08:09Z"}]}'
    )
    response = send(server, "apigatewayv2", "POST", "/v2/domainnames", body)
    assert (response.status_code, response.json()["domainName"]) == (201, "a.example.com")


@pytest.mark.parametrize(
    ("service", "code", "message"),
    [
        ("lambda", "ValidationException",
         "3 validation errors detected: Value null at 'functionName' failed to satisfy constraint: "
         "Member must not be null; Value null at 'role' failed to satisfy constraint: Member must not be null; "
         "Value null at 'code' failed to satisfy constraint: Member must not be null"),
        ("apigateway", "ValidationException",
         "1 validation error detected: Value null at 'createRestApiInput.name' failed to satisfy constraint: "
         "Member must not be null"),
        ("apigatewayv2", "BadRequestException",
         "2 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; "
         "Value null at 'protocolType' failed to satisfy constraint: Member must not be null"),
    ],
)
@pytest.mark.parametrize("body", [b"", b"{}"])
def test_an_empty_body_where_members_are_required_is_the_services_validation_error(
    server: EmulatorProcess, service: str, code: str, message: str, body: bytes
) -> None:
    assert refusal(send(server, service, "POST", CREATES[service], body)) == (400, code, {"message": message})


def test_unknown_members_are_ignored(server: EmulatorProcess) -> None:
    rest = send(server, "apigateway", "POST", "/restapis", b'{"name": "kept", "flavour": [1], "Name": 2}')
    assert (rest.status_code, rest.json()["name"]) == (201, "kept")
    http = send(server, "apigatewayv2", "POST", "/v2/apis", b'{"name": "kept", "protocolType": "HTTP", "ApiId": {}}')
    assert (http.status_code, http.json()["name"]) == (201, "kept")
    create_python_function(server.client("lambda"), "kept", "def handler(event, context):\n    return 1\n")
    concurrency = send(
        server, "lambda", "PUT", "/2017-10-31/functions/kept/concurrency",
        b'{"ReservedConcurrentExecutions": 3, "Concurrency": "lots"}',
    )
    assert (concurrency.status_code, concurrency.json()) == (200, {"ReservedConcurrentExecutions": 3})


@pytest.mark.parametrize(
    ("service", "path"),
    [
        ("lambda", "/2015-03-31/functions/f/nothing/here"),
        ("lambda", "/2099-01-01/functions"),
        ("apigateway", "/restapis/abc/nowhere"),
        ("apigatewayv2", "/v2/apis/abc/nowhere/at/all"),
    ],
)
def test_an_unknown_url_is_a_json_404_naming_it(server: EmulatorProcess, service: str, path: str) -> None:
    response = send(server, service, "GET", path)
    assert refusal(response) == (
        404,
        "NotFoundException",
        {"__type": "NotFoundException", "message": f"No AWS operation or API answers GET {path}"},
    )


def test_a_query_number_that_is_not_one_is_refused(server: EmulatorProcess) -> None:
    response = send(server, "lambda", "GET", "/2015-03-31/functions?MaxItems=many")
    assert refusal(response) == (400, "SerializationException", {"message": "Could not convert 'many' to a number"})
