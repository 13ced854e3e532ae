"""CORS on the AWS service endpoints, as a browser's SDK meets them (a React app calling DynamoDB or Lambda).

A preflight (``OPTIONS`` with an ``Origin``) is answered 200 with an empty body, the requested method
and headers echoed and a two-day ``Max-Age``; every answer to a request with an ``Origin``, success or
error, allows any origin and exposes the headers AWS lets a script read. The values are those DynamoDB
answered dynalite's and ScyllaDB Alternator's CORS tests and Lambda's preflights show. Requests without
an ``Origin`` (boto3's) are answered as before, and the API data planes keep their own CORS.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from emulator.testing import EmulatorProcess
from emulator.testing.functions import create_python_function

ORIGIN = "http://localhost:3000"
EXPOSED = "x-amzn-RequestId,x-amzn-ErrorType,x-amzn-ErrorMessage,Date"
LAMBDA_EXPOSED = f"{EXPOSED},x-amz-log-result,x-amz-function-error"
#: What the SDK for JavaScript v3 asks to send to a json-protocol service.
SDK_HEADERS = (
    "amz-sdk-invocation-id,amz-sdk-request,authorization,content-type,x-amz-content-sha256,"
    "x-amz-date,x-amz-security-token,x-amz-target,x-amz-user-agent"
)
ACCESS_CONTROL = "access-control-"
DYNAMODB_JSON = "application/x-amz-json-1.0"
FAILING = "def handler(event, context):\n    print('about to fail')\n    raise ValueError('no')\n"


def preflight(server: EmulatorProcess, path: str, **headers: str) -> httpx.Response:
    return httpx.request("OPTIONS", server.url + path, headers=headers)


def signed(
    server: EmulatorProcess,
    service: str,
    method: str,
    path: str,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
    origin: str | None = ORIGIN,
) -> httpx.Response:
    """A request signed as the SDK signs it; the browser adds the ``Origin`` after signing."""
    request = AWSRequest(method=method, url=server.url + path, data=body, headers=headers or {})
    SigV4Auth(Credentials("test", "test"), service, "us-east-1").add_auth(request)
    sent = dict(request.headers.items())
    if origin is not None:
        sent["Origin"] = origin
    return httpx.request(method, server.url + path, content=body, headers=sent)


def dynamodb_call(server: EmulatorProcess, operation: str, params: dict[str, Any], origin: str | None = ORIGIN) -> httpx.Response:
    headers = {"X-Amz-Target": f"DynamoDB_20120810.{operation}", "Content-Type": DYNAMODB_JSON}
    return signed(server, "dynamodb", "POST", "/", json.dumps(params).encode(), headers, origin)


def cors_headers(response: httpx.Response) -> dict[str, str]:
    return {name: value for name, value in response.headers.items() if name.startswith(ACCESS_CONTROL)}


def allowed(exposed: str = EXPOSED) -> dict[str, str]:
    return {"access-control-allow-origin": "*", "access-control-expose-headers": exposed}


# -- preflights ---------------------------------------------------------------


def test_a_dynamodb_preflight_allows_what_the_browser_asks_for(server: EmulatorProcess) -> None:
    response = preflight(
        server, "/", Origin=ORIGIN, **{"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": SDK_HEADERS}
    )
    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["content-length"] == "0"
    assert uuid.UUID(response.headers["x-amzn-requestid"]).version == 4
    assert cors_headers(response) == {
        **allowed(),
        "access-control-allow-methods": "POST",
        "access-control-allow-headers": SDK_HEADERS,
        "access-control-max-age": "172800",
    }


def test_a_preflight_echoes_what_it_is_asked_verbatim(server: EmulatorProcess) -> None:
    # DynamoDB allows whatever is asked, as it is asked: the signature is what it checks.
    response = preflight(
        server, "/", Origin="whatever", **{"Access-Control-Request-Method": "d", "Access-Control-Request-Headers": "a, b, c"}
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-methods"] == "d"
    assert response.headers["access-control-allow-headers"] == "a, b, c"


def test_a_preflight_without_requests_allows_no_methods_or_headers_by_name(server: EmulatorProcess) -> None:
    response = preflight(server, "/", Origin=ORIGIN)
    assert response.status_code == 200
    assert cors_headers(response) == {**allowed(), "access-control-max-age": "172800"}


@pytest.mark.parametrize(
    ("path", "method", "exposed"),
    [
        ("/2015-03-31/functions/my-function/invocations", "POST", LAMBDA_EXPOSED),
        ("/2015-03-31/functions/", "GET", LAMBDA_EXPOSED),
        ("/2021-10-31/functions/my-function/url", "POST", LAMBDA_EXPOSED),
        ("/v2/apis", "GET", EXPOSED),
        ("/restapis", "POST", EXPOSED),
        ("/@connections/abc%3D", "POST", EXPOSED),
        ("/no/such/operation", "GET", EXPOSED),
    ],
)
def test_every_service_path_answers_a_preflight(server: EmulatorProcess, path: str, method: str, exposed: str) -> None:
    response = preflight(server, path, Origin=ORIGIN, **{"Access-Control-Request-Method": method})
    assert response.status_code == 200
    assert response.content == b""
    assert cors_headers(response) == {
        **allowed(exposed),
        "access-control-allow-methods": method,
        "access-control-max-age": "172800",
    }


# -- actual requests ------------------------------------------------------------


def test_a_dynamodb_answer_is_readable_by_the_calling_origin(server: EmulatorProcess) -> None:
    server.client("dynamodb").create_table(
        TableName="notes",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    put = dynamodb_call(server, "PutItem", {"TableName": "notes", "Item": {"pk": {"S": "a"}}})
    got = dynamodb_call(server, "GetItem", {"TableName": "notes", "Key": {"pk": {"S": "a"}}})
    assert (put.status_code, got.status_code) == (200, 200)
    assert got.json() == {"Item": {"pk": {"S": "a"}}}
    assert cors_headers(got) == allowed()
    assert "x-amz-crc32" in got.headers  # sent, though a browser's script may not read it (as on AWS)


def test_a_dynamodb_error_is_readable_by_the_calling_origin(server: EmulatorProcess) -> None:
    response = dynamodb_call(server, "DescribeTable", {"TableName": "missing"})
    assert response.status_code == 400
    assert response.json()["__type"] == "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"
    assert cors_headers(response) == allowed()


def test_only_the_cors_headers_are_added_to_an_answer(server: EmulatorProcess) -> None:
    plain = dynamodb_call(server, "ListTables", {}, origin=None)
    cross = dynamodb_call(server, "ListTables", {})
    assert (cross.status_code, cross.content) == (plain.status_code, plain.content)
    assert set(cross.headers) - set(plain.headers) == set(allowed())
    assert cross.headers["x-amz-crc32"] == plain.headers["x-amz-crc32"]


def test_streams_and_logs_answers_are_readable_by_the_calling_origin(server: EmulatorProcess) -> None:
    streams = signed(
        server,
        "dynamodb",
        "POST",
        "/",
        b"{}",
        {"X-Amz-Target": "DynamoDBStreams_20120810.ListStreams", "Content-Type": DYNAMODB_JSON},
    )
    logs = signed(
        server,
        "logs",
        "POST",
        "/",
        b"{}",
        {"X-Amz-Target": "Logs_20140328.DescribeLogGroups", "Content-Type": "application/x-amz-json-1.1"},
    )
    assert (streams.status_code, streams.json()) == (200, {"Streams": []})
    assert (logs.status_code, logs.json()) == (200, {"logGroups": []})
    assert cors_headers(streams) == cors_headers(logs) == allowed()


def test_an_invoke_lets_the_script_read_the_function_error_and_log_tail(server: EmulatorProcess) -> None:
    create_python_function(server.client("lambda"), "failing", FAILING)
    response = signed(
        server, "lambda", "POST", "/2015-03-31/functions/failing/invocations", b"{}", {"X-Amz-Log-Type": "Tail"}
    )
    assert response.status_code == 200
    assert response.json()["errorMessage"] == "no"
    assert response.headers["x-amz-function-error"] == "Unhandled"
    assert "x-amz-log-result" in response.headers
    assert cors_headers(response) == allowed(LAMBDA_EXPOSED)


def test_a_streamed_invoke_is_readable_by_the_calling_origin(server: EmulatorProcess) -> None:
    create_python_function(server.client("lambda"), "echo", "def handler(event, context):\n    return event\n")
    response = signed(server, "lambda", "POST", "/2021-11-15/functions/echo/response-streaming-invocations", b'{"a": 1}')
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vnd.amazon.eventstream"
    assert b'{"a": 1}' in response.content
    assert cors_headers(response) == allowed(LAMBDA_EXPOSED)


def test_a_lambda_error_is_readable_by_the_calling_origin(server: EmulatorProcess) -> None:
    response = signed(server, "lambda", "GET", "/2015-03-31/functions/missing")
    assert response.status_code == 404
    assert response.headers["x-amzn-errortype"] == "ResourceNotFoundException"
    assert cors_headers(response) == allowed(LAMBDA_EXPOSED)


@pytest.mark.parametrize(
    ("service", "path", "expected"),
    [
        ("apigateway", "/v2/apis", {"items": []}),
        ("apigateway", "/restapis", {"item": []}),
    ],
)
def test_api_gateway_control_planes_are_readable_by_the_calling_origin(
    server: EmulatorProcess, service: str, path: str, expected: dict[str, Any]
) -> None:
    response = signed(server, service, "GET", path)
    assert response.status_code == 200
    assert response.json() == expected
    assert cors_headers(response) == allowed()


def test_a_connections_error_is_readable_by_the_calling_origin(server: EmulatorProcess) -> None:
    response = signed(server, "execute-api", "GET", "/@connections/gone%3D")
    assert (response.status_code, response.headers["x-amzn-errortype"]) == (400, "BadRequestException")
    assert cors_headers(response) == allowed()


def test_a_path_no_service_answers_is_still_readable(server: EmulatorProcess) -> None:
    response = signed(server, "dynamodb", "GET", "/no/such/operation")
    assert response.status_code == 404
    assert cors_headers(response) == allowed()


# -- without an Origin, nothing changes -----------------------------------------


def test_boto3_answers_carry_no_cors_headers(server: EmulatorProcess) -> None:
    answer = server.client("dynamodb").list_tables()
    assert answer["TableNames"] == []
    assert not [name for name in answer["ResponseMetadata"]["HTTPHeaders"] if name.startswith(ACCESS_CONTROL)]
    functions = server.client("lambda").list_functions()
    assert not [name for name in functions["ResponseMetadata"]["HTTPHeaders"] if name.startswith(ACCESS_CONTROL)]


@pytest.mark.parametrize("origin", [None, ""])
def test_an_options_without_an_origin_is_no_preflight(server: EmulatorProcess, origin: str | None) -> None:
    response = httpx.request(
        "OPTIONS", server.url + "/", headers={} if origin is None else {"Origin": origin, "Access-Control-Request-Method": "POST"}
    )
    assert response.status_code == 404
    assert response.json()["__type"] == "NotFoundException"
    assert cors_headers(response) == {}


# -- the API data planes keep their own CORS --------------------------------------


def test_an_http_api_without_cors_answers_its_own_preflight(server: EmulatorProcess) -> None:
    api_id = server.client("apigatewayv2").create_api(Name="plain", ProtocolType="HTTP")["ApiId"]
    server.client("apigatewayv2").create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    response = preflight(server, f"/_aws/execute-api/{api_id}/items", Origin=ORIGIN, **{"Access-Control-Request-Method": "GET"})
    assert response.status_code == 404
    assert cors_headers(response) == {}
