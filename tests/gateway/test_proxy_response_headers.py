"""Headers a function returns that HTTP cannot carry as given, in REST and HTTP APIs.

A header that would split the response (a line break in its value, a name that
is not a token) makes the function's answer a malformed response: REST APIs
answer 502 ``Internal server error``, HTTP APIs 500 ``Internal Server Error``,
as for any other response they cannot map -- never the connection's own
plain-text 500. The headers that frame the message (``Content-Length``,
``Transfer-Encoding``) are the gateway's: a function's never contradict the
body sent. REST APIs pass a function's ``Content-Length`` on as
``x-amzn-remapped-content-length``, as they do an HTTP backend's.
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


def ask(server: EmulatorProcess, api: tuple[str, str], response: dict) -> httpx.Response:
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
