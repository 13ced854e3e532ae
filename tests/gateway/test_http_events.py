"""The Lambda events HTTP APIs send (payload 2.0 and 1.0), compared with AWS's documented examples,
and the 2.0 / 1.0 response rules and error answers."""

from __future__ import annotations

import base64
import re
import time
from typing import Any

import httpx
import pytest
from test_http_support import ECHO, call, create_function, lambda_uri, quick_api, route_api

from emulator.testing import EmulatorProcess

# AWS's documented 2.0 example event (developer guide, "Working with AWS Lambda proxy integrations
# for HTTP APIs"), the members that do not depend on authorizers.
AWS_V2_EXAMPLE: dict[str, Any] = {
    "version": "2.0",
    "routeKey": "$default",
    "rawPath": "/my/path",
    "rawQueryString": "parameter1=value1&parameter1=value2&parameter2=value",
    "cookies": ["cookie1", "cookie2"],
    "headers": {"header1": "value1", "header2": "value1,value2"},
    "queryStringParameters": {"parameter1": "value1,value2", "parameter2": "value"},
    "requestContext": {
        "accountId": "123456789012",
        "apiId": "api-id",
        "domainName": "id.execute-api.us-east-1.amazonaws.com",
        "domainPrefix": "id",
        "http": {
            "method": "POST",
            "path": "/my/path",
            "protocol": "HTTP/1.1",
            "sourceIp": "192.0.2.1",
            "userAgent": "agent",
        },
        "requestId": "id",
        "routeKey": "$default",
        "stage": "$default",
        "time": "12/Mar/2020:19:03:58 +0000",
        "timeEpoch": 1583348638390,
    },
    "body": "Hello from Lambda",
    "pathParameters": {"parameter1": "value1"},
    "isBase64Encoded": False,
    "stageVariables": {"stageVariable1": "value1", "stageVariable2": "value2"},
}

# AWS's documented 1.0 example event for HTTP APIs (same page), without the client certificate.
AWS_V1_EXAMPLE: dict[str, Any] = {
    "version": "1.0",
    "resource": "/my/path",
    "path": "/my/path",
    "httpMethod": "GET",
    "headers": {"header1": "value1", "header2": "value2"},
    "multiValueHeaders": {"header1": ["value1"], "header2": ["value1", "value2"]},
    "queryStringParameters": {"parameter1": "value1", "parameter2": "value"},
    "multiValueQueryStringParameters": {"parameter1": ["value1", "value2"], "parameter2": ["value"]},
    "requestContext": {
        "accountId": "123456789012",
        "apiId": "id",
        "authorizer": {"claims": None, "scopes": None},
        "domainName": "id.execute-api.us-east-1.amazonaws.com",
        "domainPrefix": "id",
        "extendedRequestId": "request-id",
        "httpMethod": "GET",
        "identity": {
            "accessKey": None,
            "accountId": None,
            "caller": None,
            "cognitoAuthenticationProvider": None,
            "cognitoAuthenticationType": None,
            "cognitoIdentityId": None,
            "cognitoIdentityPoolId": None,
            "principalOrgId": None,
            "sourceIp": "192.0.2.1",
            "user": None,
            "userAgent": "user-agent",
            "userArn": None,
        },
        "path": "/my/path",
        "protocol": "HTTP/1.1",
        "requestId": "id=",
        "requestTime": "04/Mar/2020:19:15:17 +0000",
        "requestTimeEpoch": 1583349317135,
        "resourceId": None,
        "resourcePath": "/my/path",
        "stage": "$default",
    },
    "pathParameters": None,
    "stageVariables": None,
    "body": "Hello from Lambda!",
    "isBase64Encoded": False,
}

TIME_FORMAT = re.compile(r"^\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000$")

RESPONDER = """
import base64, json, time

def handler(event, context):
    path = event.get("rawPath") or event.get("path")
    if path.endswith("/bare"):
        return "hello"
    if path.endswith("/dict"):
        return {"message": "hi", "n": 1}
    if path.endswith("/full"):
        return {"statusCode": 201, "headers": {"x-custom": "yes"}, "cookies": ["a=1; Path=/", "b=2"], "body": "made"}
    if path.endswith("/binary"):
        return {"statusCode": 200, "headers": {"content-type": "image/png"}, "isBase64Encoded": True,
                "body": base64.b64encode(bytes(range(256))).decode()}
    if path.endswith("/v1multi"):
        return {"statusCode": 200, "multiValueHeaders": {"x-many": ["1", "2"]}, "body": "ok"}
    if path.endswith("/raise"):
        raise RuntimeError("boom")
    if path.endswith("/malformed"):
        return {"statusCode": "abc"}
    if path.endswith("/nobody"):
        return {"statusCode": 204}
    if path.endswith("/split"):
        return {"statusCode": 200, "headers": {"x-split": "a\\r\\nx-injected: yes"}, "body": "split"}
    if path.endswith("/slow"):
        time.sleep(1.5)
    return {"statusCode": 200, "body": "default"}
"""


def test_v2_event_matches_aws_example_field_by_field(server: EmulatorProcess) -> None:
    function_arn = create_function(server, "echo")
    api_id = route_api(
        server,
        {"POST /my/path/{parameter1}": function_arn},
        StageVariables={"stageVariable1": "value1", "stageVariable2": "value2"},
    )
    before = int(time.time() * 1000)
    response = call(
        server,
        api_id,
        "POST",
        "/my/path/value1?parameter1=value1&parameter1=value2&parameter2=value",
        headers=[
            ("header1", "value1"),
            ("header2", "value1"),
            ("header2", "value2"),
            ("cookie", "cookie1; cookie2"),
            ("user-agent", "agent"),
            ("content-type", "text/plain"),
        ],
        content=b"Hello from Lambda",
    )
    assert response.status_code == 200
    event = response.json()
    assert set(event) == set(AWS_V2_EXAMPLE)
    assert event["version"] == "2.0"
    assert event["routeKey"] == "POST /my/path/{parameter1}"
    assert event["rawPath"] == "/my/path/value1"
    assert event["rawQueryString"] == AWS_V2_EXAMPLE["rawQueryString"]
    assert event["cookies"] == AWS_V2_EXAMPLE["cookies"]
    assert event["headers"]["header1"] == "value1"
    assert event["headers"]["header2"] == "value1,value2"
    assert "cookie" not in event["headers"]
    assert event["headers"]["host"] == f"{api_id}.execute-api.localhost:{server.port}"
    assert event["headers"]["x-forwarded-for"] == "127.0.0.1"
    assert event["headers"]["x-forwarded-proto"] == "http"
    assert event["headers"]["content-length"] == "17"
    assert event["queryStringParameters"] == AWS_V2_EXAMPLE["queryStringParameters"]
    assert event["pathParameters"] == AWS_V2_EXAMPLE["pathParameters"]
    assert event["stageVariables"] == AWS_V2_EXAMPLE["stageVariables"]
    assert event["body"] == "Hello from Lambda"
    assert event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert set(context) == set(AWS_V2_EXAMPLE["requestContext"])
    assert context["accountId"] == "000000000000"
    assert context["apiId"] == api_id
    assert context["domainName"] == f"{api_id}.execute-api.localhost:{server.port}"
    assert context["domainPrefix"] == api_id
    assert context["http"] == {
        "method": "POST",
        "path": "/my/path/value1",
        "protocol": "HTTP/1.1",
        "sourceIp": "127.0.0.1",
        "userAgent": "agent",
    }
    assert context["requestId"] == response.headers["apigw-requestid"]
    assert context["routeKey"] == "POST /my/path/{parameter1}"
    assert context["stage"] == "$default"
    assert TIME_FORMAT.match(context["time"])
    assert before <= context["timeEpoch"] <= int(time.time() * 1000)


def test_v2_event_minimal_get_omits_optional_members(server: EmulatorProcess) -> None:
    api_id = quick_api(server, create_function(server, "echo"))
    event = call(server, api_id, "GET", "/hello").json()
    assert set(event) == {
        "version",
        "routeKey",
        "rawPath",
        "rawQueryString",
        "headers",
        "requestContext",
        "isBase64Encoded",
    }
    assert event["rawQueryString"] == ""
    assert event["routeKey"] == "$default"
    assert event["headers"]["content-length"] == "0"


def test_v2_event_on_a_named_stage_keeps_the_stage_in_the_path(server: EmulatorProcess) -> None:
    api_id = route_api(server, {"GET /items/{id}": create_function(server, "echo")}, StageName="prod")
    event = call(server, api_id, "GET", "/prod/items/7").json()
    assert event["rawPath"] == "/prod/items/7"
    assert event["requestContext"]["http"]["path"] == "/prod/items/7"
    assert event["requestContext"]["stage"] == "prod"
    assert event["pathParameters"] == {"id": "7"}


def test_binary_request_bodies_arrive_base64_encoded(server: EmulatorProcess) -> None:
    api_id = quick_api(server, create_function(server, "echo"))
    payload = bytes(range(256))
    event = call(
        server,
        api_id,
        "POST",
        "/upload",
        content=payload,
        headers={"content-type": "application/octet-stream"},
    ).json()
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == payload
    event = call(server, api_id, "POST", "/json", json={"a": 1}).json()
    assert event["isBase64Encoded"] is False and event["body"] == '{"a":1}'


def test_v1_event_matches_aws_example_field_by_field(server: EmulatorProcess) -> None:
    function_arn = create_function(server, "echo")
    api_id = route_api(server, {"GET /my/path": function_arn}, payload_version="1.0")
    response = call(
        server,
        api_id,
        "GET",
        "/my/path?parameter1=value1&parameter1=value2&parameter2=value",
        headers=[
            ("header1", "value1"),
            ("header2", "value1"),
            ("header2", "value2"),
            ("user-agent", "user-agent"),
        ],
    )
    event = response.json()
    assert set(event) == set(AWS_V1_EXAMPLE)
    assert event["version"] == "1.0"
    assert event["resource"] == "/my/path"
    assert event["path"] == "/my/path"
    assert event["httpMethod"] == "GET"
    assert event["headers"]["header1"] == "value1"
    assert event["headers"]["header2"] == "value2"
    assert event["multiValueHeaders"]["header1"] == ["value1"]
    assert event["multiValueHeaders"]["header2"] == ["value1", "value2"]
    assert event["queryStringParameters"] == AWS_V1_EXAMPLE["queryStringParameters"]
    assert event["multiValueQueryStringParameters"] == AWS_V1_EXAMPLE["multiValueQueryStringParameters"]
    assert event["pathParameters"] is None and event["stageVariables"] is None
    assert event["body"] is None and event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert set(context) == set(AWS_V1_EXAMPLE["requestContext"])
    assert context["authorizer"] == {"claims": None, "scopes": None}
    assert context["identity"] == {**AWS_V1_EXAMPLE["requestContext"]["identity"], "sourceIp": "127.0.0.1"}
    assert context["httpMethod"] == "GET"
    assert context["path"] == "/my/path" and context["resourcePath"] == "/my/path"
    assert context["requestId"] == response.headers["apigw-requestid"]
    assert context["stage"] == "$default"
    assert TIME_FORMAT.match(context["requestTime"])


@pytest.fixture
def responder(server: EmulatorProcess) -> tuple[str, str]:
    """(v2 api id, v1 api id) in front of RESPONDER; integrations time out after 500 ms."""
    function_arn = create_function(server, "responder", RESPONDER)
    client = server.client("apigatewayv2")
    ids = []
    for version in ("2.0", "1.0"):
        api_id = client.create_api(Name=f"responder{version}", ProtocolType="HTTP")["ApiId"]
        integration = client.create_integration(
            ApiId=api_id,
            IntegrationType="AWS_PROXY",
            IntegrationUri=lambda_uri(function_arn),
            PayloadFormatVersion=version,
            TimeoutInMillis=500,
        )
        client.create_route(
            ApiId=api_id, RouteKey="ANY /{proxy+}", Target=f"integrations/{integration['IntegrationId']}"
        )
        client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
        ids.append(api_id)
    return ids[0], ids[1]


def test_v2_response_rules(server: EmulatorProcess, responder: tuple[str, str]) -> None:
    api_id = responder[0]
    bare = call(server, api_id, "GET", "/bare")
    # AWS's documented interpretation: a returned string is the body as it is.
    assert (bare.status_code, bare.text, bare.headers["content-type"]) == (200, "hello", "application/json")
    as_dict = call(server, api_id, "GET", "/dict")
    assert as_dict.status_code == 200 and as_dict.json() == {"message": "hi", "n": 1}
    assert as_dict.headers["content-type"] == "application/json"
    full = call(server, api_id, "GET", "/full")
    assert (full.status_code, full.text, full.headers["x-custom"]) == (201, "made", "yes")
    assert full.headers.get_list("set-cookie") == ["a=1; Path=/", "b=2"]
    binary = call(server, api_id, "GET", "/binary")
    assert binary.content == bytes(range(256)) and binary.headers["content-type"] == "image/png"
    empty = call(server, api_id, "GET", "/nobody")
    assert empty.status_code == 204 and empty.content == b""


def test_v1_response_rules(server: EmulatorProcess, responder: tuple[str, str]) -> None:
    api_id = responder[1]
    multi = call(server, api_id, "GET", "/v1multi")
    assert multi.status_code == 200 and multi.headers.get_list("x-many") == ["1", "2"]
    # 1.0 needs a statusCode: a bare value is a malformed response.
    bare = call(server, api_id, "GET", "/bare")
    assert (bare.status_code, bare.json()) == (500, {"message": "Internal Server Error"})


def test_a_header_value_cannot_split_the_response(server: EmulatorProcess, responder: tuple[str, str]) -> None:
    response = call(server, responder[0], "GET", "/split")
    assert "x-injected" not in response.headers
    assert response.status_code == 500


@pytest.mark.parametrize("path", ["/raise", "/malformed"])
def test_function_errors_and_malformed_results_are_500(
    server: EmulatorProcess, responder: tuple[str, str], path: str
) -> None:
    response = call(server, responder[0], "GET", path)
    assert response.status_code == 500
    assert response.json() == {"message": "Internal Server Error"}
    assert response.headers["apigw-requestid"]


def test_integration_timeout_is_503(server: EmulatorProcess, responder: tuple[str, str]) -> None:
    started = time.monotonic()
    response = call(server, responder[0], "GET", "/slow")
    assert (response.status_code, response.json()) == (503, {"message": "Service Unavailable"})
    assert time.monotonic() - started < 1.4


def test_unknown_route_and_stage_are_404(server: EmulatorProcess) -> None:
    api_id = route_api(server, {"GET /known": create_function(server, "echo")}, StageName="prod")
    for path in ("/prod/unknown", "/nostage/known", "/known"):
        response = call(server, api_id, "GET", path)
        assert (response.status_code, response.json()) == (404, {"message": "Not Found"})
        assert response.headers["apigw-requestid"]
    assert httpx.get(f"{server.url}/_aws/execute-api/{api_id}/prod/known").status_code == 200


def test_path_based_urls_reach_the_default_stage(server: EmulatorProcess) -> None:
    api_id = quick_api(server, create_function(server, "echo"))
    for url in (
        f"{server.url}/_aws/execute-api/{api_id}/hello",
        f"{server.url}/_aws/execute-api/{api_id}/$default/hello",
        f"{server.url}/restapis/{api_id}/$default/_user_request_/hello",
    ):
        response = httpx.get(url)
        assert response.status_code == 200, url
        assert response.json()["requestContext"]["http"]["path"].endswith("/hello")


def test_missing_function_is_500(server: EmulatorProcess) -> None:
    api_id = quick_api(server, "arn:aws:lambda:us-east-1:000000000000:function:missing")
    response = call(server, api_id, "GET", "/x")
    assert (response.status_code, response.json()) == (500, {"message": "Internal Server Error"})


def test_first_request_after_create_is_fast(server: EmulatorProcess) -> None:
    api_id = quick_api(server, create_function(server, "first", ECHO))
    started = time.monotonic()
    assert call(server, api_id, "GET", "/hello").status_code == 200
    elapsed_ms = (time.monotonic() - started) * 1000
    assert elapsed_ms < 2000, elapsed_ms
