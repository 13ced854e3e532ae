"""Function results HTTP cannot carry, through REST APIs and HTTP APIs (payload 1.0 and 2.0).

A header name that is not an ASCII token, or a value holding a NUL, makes a
malformed proxy response: REST APIs answer 502 ``Internal server error``, HTTP
APIs 500 ``Internal Server Error`` (AWS's answers for a response they cannot
map), never the connection's plain-text 500 or a header a client refuses.
A body over 10 MB is refused with 413 before the function runs (HTTP APIs).
"""

from __future__ import annotations

import json

import httpx
import pytest
from test_http_support import call, create_function, quick_api, route_api
from test_proxy_response_headers import ANSWERS_AS_ASKED, MALFORMED, rest_api

from emulator.testing import EmulatorProcess


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
