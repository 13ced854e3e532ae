"""Function results HTTP cannot carry or API Gateway cannot map, through REST APIs and HTTP APIs
(payload 1.0 and 2.0).

A header that would split the response or that no client can read (a line break or NUL in its
value or cookie, a name that is not an ASCII token), an interim (1xx) status, or a result AWS's
own validation refuses (LocalStack's AWS-validated recordings, cited below) is a malformed
response: REST APIs answer 502 ``Internal server error``, HTTP APIs 500 ``Internal Server
Error``, as for any other response they cannot map -- never the connection's own plain-text 500.
The headers that frame the message (``Content-Length``, ``Transfer-Encoding``) are the gateway's:
a function's never contradict the body sent. REST APIs pass a function's ``Content-Length`` on as
``x-amzn-remapped-content-length``, as they do an HTTP backend's. A body over 10 MB is refused
with 413 before the function runs (HTTP APIs).
"""

from __future__ import annotations

import json

import httpx
import pytest
from test_http_support import call, create_function, lambda_uri, quick_api, route_api

from emulator.testing import EmulatorProcess

#: Answers with the response its request body describes.
ANSWERS_AS_ASKED = """
import json

def handler(event, context):
    return json.loads(event["body"])
"""


def rest_api(server: EmulatorProcess, function_arn: str) -> str:
    client = server.client("apigateway")
    api_id = client.create_rest_api(name="headers")["id"]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    resource = client.create_resource(restApiId=api_id, parentId=root, pathPart="{proxy+}")["id"]
    client.put_method(restApiId=api_id, resourceId=resource, httpMethod="ANY", authorizationType="NONE")
    client.put_integration(
        restApiId=api_id, resourceId=resource, httpMethod="ANY", type="AWS_PROXY",
        integrationHttpMethod="POST", uri=lambda_uri(function_arn),
    )  # fmt: skip
    client.create_deployment(restApiId=api_id, stageName="prod")
    return api_id


@pytest.fixture
def apis(server: EmulatorProcess) -> dict[str, tuple[str, str]]:
    """API kind -> (API id, path prefix), all in front of ANSWERS_AS_ASKED."""
    function_arn = create_function(server, "answers", ANSWERS_AS_ASKED)
    return {
        "rest": (rest_api(server, function_arn), "/prod"),
        "http-2.0": (quick_api(server, function_arn), ""),
        "http-1.0": (route_api(server, {"ANY /{proxy+}": function_arn}, payload_version="1.0"), ""),
    }


def ask(server: EmulatorProcess, api: tuple[str, str], response: object) -> httpx.Response:
    api_id, prefix = api
    return call(server, api_id, "POST", f"{prefix}/answer", content=json.dumps(response))


MALFORMED = {
    "rest": (502, {"message": "Internal server error"}),
    "http-2.0": (500, {"message": "Internal Server Error"}),
    "http-1.0": (500, {"message": "Internal Server Error"}),
}


@pytest.mark.parametrize("kind", list(MALFORMED))
@pytest.mark.parametrize(
    "headers",
    [{"x-split": "a\r\nx-injected: yes"}, {"x-split": "a\nb"}, {"bad name": "value"}, {"x(y)": "value"}],
    ids=["crlf-in-value", "lf-in-value", "space-in-name", "separator-in-name"],
)
def test_a_header_http_cannot_carry_is_a_malformed_response(
    server: EmulatorProcess, apis: dict[str, tuple[str, str]], kind: str, headers: dict[str, str]
) -> None:
    answer = ask(server, apis[kind], {"statusCode": 200, "headers": headers, "body": "hi"})
    status, body = MALFORMED[kind]
    assert (answer.status_code, answer.json()) == (status, body)
    assert "x-injected" not in answer.headers
    # The connection stays usable: the next request is served.
    assert ask(server, apis[kind], {"statusCode": 200, "body": "again"}).text == "again"


def test_a_cookie_http_cannot_carry_is_a_malformed_response(
    server: EmulatorProcess, apis: dict[str, tuple[str, str]]
) -> None:
    answer = ask(server, apis["http-2.0"], {"statusCode": 200, "cookies": ["a=1\r\nx-injected: yes"], "body": "hi"})
    assert (answer.status_code, answer.json()) == MALFORMED["http-2.0"]
    assert "x-injected" not in answer.headers


@pytest.mark.parametrize("kind", list(MALFORMED))
def test_a_functions_content_length_does_not_contradict_the_body(
    server: EmulatorProcess, apis: dict[str, tuple[str, str]], kind: str
) -> None:
    answer = ask(server, apis[kind], {"statusCode": 200, "headers": {"Content-Length": "999"}, "body": "four"})
    assert answer.status_code == 200
    assert answer.text == "four"
    assert answer.headers.get_list("content-length") == ["4"]
    if kind == "rest":
        assert answer.headers["x-amzn-remapped-content-length"] == "999"


@pytest.mark.parametrize("kind", list(MALFORMED))
def test_a_functions_transfer_encoding_is_not_passed_on(
    server: EmulatorProcess, apis: dict[str, tuple[str, str]], kind: str
) -> None:
    answer = ask(server, apis[kind], {"statusCode": 201, "headers": {"Transfer-Encoding": "chunked"}, "body": "whole"})
    assert (answer.status_code, answer.text) == (201, "whole")
    assert "transfer-encoding" not in answer.headers


@pytest.mark.parametrize("kind", list(MALFORMED))
def test_a_functions_date_and_server_are_not_doubled(
    server: EmulatorProcess, apis: dict[str, tuple[str, str]], kind: str
) -> None:
    # Two Date headers are one invalid value to clients that join them (Node's fetch does).
    date = "Mon, 01 Jan 2001 00:00:00 GMT"
    answer = ask(server, apis[kind], {"statusCode": 200, "headers": {"Date": date, "Server": "mine"}, "body": "hi"})
    assert answer.status_code == 200
    assert len(answer.headers.get_list("date")) == 1
    assert len(answer.headers.get_list("server")) == 1
    if kind == "rest":  # the gateway's own Date; the function's is remapped
        assert answer.headers["x-amzn-remapped-date"] == date
    else:
        assert (answer.headers["date"], answer.headers["server"]) == (date, "mine")


@pytest.mark.parametrize("kind", list(MALFORMED))
@pytest.mark.parametrize(
    "headers",
    [{"x-\u00e9": "value"}, {"x-\u2713": "value"}, {"x-nul": "a\u0000b"}],
    ids=["latin-1-name", "non-latin-1-name", "nul-in-value"],
)
def test_a_header_no_client_can_read_is_a_malformed_response(
    server: EmulatorProcess, apis: dict[str, tuple[str, str]], kind: str, headers: dict[str, str]
) -> None:
    answer = ask(server, apis[kind], {"statusCode": 200, "headers": headers, "body": "hi"})
    assert (answer.status_code, answer.json()) == MALFORMED[kind]
    assert ask(server, apis[kind], {"statusCode": 200, "body": "again"}).text == "again"


@pytest.mark.parametrize("kind", ["rest", "http-1.0"])
def test_a_multi_value_header_no_client_can_read_is_a_malformed_response(
    server: EmulatorProcess, apis: dict[str, tuple[str, str]], kind: str
) -> None:
    answer = ask(server, apis[kind], {"statusCode": 200, "multiValueHeaders": {"x-m": ["a", "b\u0000"]}, "body": "hi"})
    assert (answer.status_code, answer.json()) == MALFORMED[kind]


def test_a_cookie_holding_a_nul_is_a_malformed_response(
    server: EmulatorProcess, apis: dict[str, tuple[str, str]]
) -> None:
    answer = ask(server, apis["http-2.0"], {"statusCode": 200, "cookies": ["a=\u0000"], "body": "hi"})
    assert (answer.status_code, answer.json()) == MALFORMED["http-2.0"]


@pytest.mark.parametrize("kind", ["http-2.0", "http-1.0"])
def test_an_http_api_refuses_a_body_over_the_payload_limit(
    server: EmulatorProcess, apis: dict[str, tuple[str, str]], kind: str
) -> None:
    api_id, prefix = apis[kind]
    answer = call(server, api_id, "POST", f"{prefix}/big", content=b"x" * (10 * 1024 * 1024 + 1))
    assert (answer.status_code, answer.json()) == (413, {"message": "Request Entity Too Large"})


# LocalStack's AWS-validated tests test_aws_proxy_response_payload_format_validation_v1 and _v2 (HTTP API
# Lambda proxy responses): the status each odd result gets.
@pytest.mark.parametrize(
    ("kind", "result", "status"),
    [
        ("http-1.0", {"statusCode": 200, "multiValueHeaders": {"test-multi-invalid": "value1"}}, 500),
        ("http-1.0", {"statusCode": 200, "wrongValue": "value"}, 200),
        ("http-1.0", {"headers": {"test-header": "value"}}, 500),
        ("http-1.0", "justAString", 500),
        ("http-2.0", {"errorMessage": "test fake error message"}, 500),
        ("http-2.0", {"statusCode": 200, "cookies": {"test-cookies-invalid": "value1"}}, 500),
        ("http-2.0", {"random": {"json-body": "value"}}, 200),
        ("http-2.0", "errorMessage", 200),
        ("http-2.0", {}, 200),
    ],
    ids=[
        "v1-multi-value-not-a-list", "v1-unknown-member", "v1-no-status", "v1-string",
        "v2-error-message", "v2-cookies-object", "v2-json-body", "v2-error-message-text", "v2-empty-object",
    ],
)  # fmt: skip
def test_http_api_results_as_aws_validates_them(
    server: EmulatorProcess, apis: dict[str, tuple[str, str]], kind: str, result: object, status: int
) -> None:
    answer = ask(server, apis[kind], result)
    assert answer.status_code == status
    if status == 500:
        assert answer.json() == {"message": "Internal Server Error"}


# LocalStack's AWS-validated test test_apigateway_lambda.py::test_aws_proxy_response_payload_format_validation
# (REST API Lambda proxy responses): the status each odd result gets.
@pytest.mark.parametrize(
    ("result", "status"),
    [
        ({"statusCode": 200}, 200),
        ({"statusCode": 200, "headers": None}, 200),
        ({"statusCode": 200, "wrongValue": "value"}, 502),
        ({"statusCode": 200, "multiValueHeaders": {"test-multi-invalid": "value1"}}, 502),
        ({"statusCode": "test"}, 502),
        ({"statusCode": "201"}, 201),
        ("justAString", 502),
        ({"headers": {"test-header": "value"}}, 200),
    ],
    ids=["no-body", "headers-null", "unknown-member", "multi-value-not-a-list", "status-text", "status-digits",
         "string", "no-status"],
)  # fmt: skip
def test_rest_api_results_as_aws_validates_them(
    server: EmulatorProcess, apis: dict[str, tuple[str, str]], result: object, status: int
) -> None:
    answer = ask(server, apis["rest"], result)
    assert answer.status_code == status
    if status == 502:
        assert answer.json() == {"message": "Internal server error"}


def test_a_rest_boolean_header_is_spelled_as_text(server: EmulatorProcess, apis: dict[str, tuple[str, str]]) -> None:
    answer = ask(server, apis["rest"], {"statusCode": 200, "headers": {"test-header": "value", "header-bool": True}})
    assert (answer.headers["test-header"], answer.headers["header-bool"]) == ("value", "true")


def test_a_cors_setting_http_cannot_carry_is_left_out_of_the_preflight(server: EmulatorProcess) -> None:
    function_arn = create_function(server, "answers", ANSWERS_AS_ASKED)
    api_id = quick_api(server, function_arn, CorsConfiguration={"AllowOrigins": ["*"], "AllowHeaders": ["a\nb"]})
    preflight = {"Origin": "http://site.example", "Access-Control-Request-Method": "GET"}
    response = call(server, api_id, "OPTIONS", "/x", headers=preflight)
    assert (response.status_code, response.headers["access-control-allow-origin"]) == (204, "*")
    assert "access-control-allow-headers" not in response.headers


@pytest.mark.parametrize("kind", list(MALFORMED))
@pytest.mark.parametrize("status", [100, 101, 199, "\u00b2"], ids=["100", "101", "199", "superscript-digit"])
def test_a_status_that_is_no_final_response_is_a_malformed_response(
    server: EmulatorProcess, apis: dict[str, tuple[str, str]], kind: str, status: object
) -> None:
    # An interim (1xx) status cannot end a response: the client would wait for the final one.
    answer = ask(server, apis[kind], {"statusCode": status, "body": "b"})
    assert (answer.status_code, answer.json()) == MALFORMED[kind]
