"""Function URLs answer HTTP requests: the event AWS builds, the response mapping, auth and CORS."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from emulator.testing import EmulatorProcess

FORBIDDEN = {
    "Message": "Forbidden. For troubleshooting Function URL authorization issues, "
    "see: https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html"
}

RETURNS = """
import json

def handler(event, context):
    return json.loads(event["body"])
"""

FAILS = """
def handler(event, context):
    raise ValueError("boom")
"""

REQUEST_ID = """
def handler(event, context):
    return {"requestId": event["requestContext"]["requestId"], "awsRequestId": context.aws_request_id}
"""

UrlCall = Callable[..., httpx.Response]


def url_id_of(config: dict[str, Any]) -> str:
    return config["FunctionUrl"].split("//", 1)[1].split(".", 1)[0]


@pytest.fixture
def public_url(create_function: Any, lambda_client: Any) -> Callable[..., str]:
    """``public_url(name, code=ECHO, **url_options)``: a function with a NONE URL everyone may call; its URL id."""

    def create(name: str, code: str | None = None, qualifier: str | None = None, **url_options: Any) -> str:
        if code is not None:
            create_function(name, code)
        else:
            create_function(name)
        scope = {"Qualifier": qualifier} if qualifier else {}
        config = lambda_client.create_function_url_config(FunctionName=name, AuthType="NONE", **scope, **url_options)
        lambda_client.add_permission(
            FunctionName=name,
            StatementId="url",
            Action="lambda:InvokeFunctionUrl",
            Principal="*",
            FunctionUrlAuthType="NONE",
            **scope,
        )
        return url_id_of(config)

    return create


@pytest.fixture
def call(server: EmulatorProcess) -> UrlCall:
    """``call(url_id, method, path, **httpx options)`` through the host-based form."""

    def send(url_id: str, method: str = "GET", path: str = "/", **options: Any) -> httpx.Response:
        headers = {"Host": f"{url_id}.lambda-url.us-east-1.localhost:{server.port}", **options.pop("headers", {})}
        return httpx.request(method, f"{server.url}{path}", headers=headers, timeout=30, **options)

    return send


def test_the_event_is_payload_format_2_0_as_aws_builds_it_for_urls(public_url: Any, call: UrlCall) -> None:
    url_id = public_url("echo")
    response = call(
        url_id,
        "POST",
        "/items/a%20b?tag=x&tag=y&empty=",
        content=b'{"n": 1}',
        headers={"Content-Type": "application/json", "Cookie": "a=1; b=2", "X-Custom": "Value", "User-Agent": "tests"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    event = response.json()["event"]
    assert (event["version"], event["routeKey"], event["rawPath"]) == ("2.0", "$default", "/items/a%20b")
    assert event["rawQueryString"] == "tag=x&tag=y&empty="
    assert event["queryStringParameters"] == {"tag": "x,y", "empty": ""}
    assert event["cookies"] == ["a=1", "b=2"]
    # The header stays beside the list (hotsock/voker's live capture of a URL event, July 2026).
    assert event["headers"]["cookie"] == "a=1; b=2"
    assert event["headers"]["x-custom"] == "Value"
    assert event["headers"]["host"] == f"{url_id}.lambda-url.us-east-1.localhost:{response.url.port}"
    assert event["headers"]["x-forwarded-proto"] == "http"
    assert event["headers"]["x-amzn-trace-id"].startswith("Root=1-")
    assert (event["body"], event["isBase64Encoded"]) == ('{"n": 1}', False)
    context = event["requestContext"]
    assert (context["accountId"], context["apiId"], context["domainPrefix"]) == ("anonymous", url_id, url_id)
    assert context["domainName"] == event["headers"]["host"]
    assert (context["routeKey"], context["stage"]) == ("$default", "$default")
    assert context["http"] == {
        "method": "POST",
        "path": "/items/a b",
        "protocol": "HTTP/1.1",
        "sourceIp": "127.0.0.1",
        "userAgent": "tests",
    }
    assert "authorizer" not in context
    assert isinstance(context["timeEpoch"], int) and context["time"].endswith(" +0000")


def test_an_event_without_query_or_body_leaves_them_out_and_binary_bodies_arrive_base64(public_url: Any, call: UrlCall) -> None:
    url_id = public_url("echo")
    event = call(url_id).json()["event"]
    assert (event["rawPath"], event["rawQueryString"], event["isBase64Encoded"]) == ("/", "", False)
    assert "queryStringParameters" not in event and "body" not in event and "cookies" not in event
    binary = bytes(range(256))
    event = call(url_id, "PUT", "/upload", content=binary, headers={"Content-Type": "application/octet-stream"}).json()["event"]
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == binary


def test_the_path_based_form_reaches_the_same_url(public_url: Any, server: EmulatorProcess) -> None:
    url_id = public_url("echo")
    response = httpx.get(f"{server.url}/_aws/lambda-url/{url_id}/some/path?q=1", timeout=30)
    assert response.status_code == 200
    event = response.json()["event"]
    assert (event["rawPath"], event["rawQueryString"]) == ("/some/path", "q=1")
    assert event["requestContext"]["domainPrefix"] == url_id


@pytest.mark.parametrize(
    ("result", "body"),
    [
        ({"hello": "world"}, b'{"hello":"world"}'),
        (["hello", 3, True], b'["hello",3,true]'),
        ("hello", b"hello"),
        (3, b"3"),
        (3.1, b"3.1"),
        (True, b"true"),
    ],
)
def test_a_result_without_status_code_is_a_200_json_body(public_url: Any, call: UrlCall, result: Any, body: bytes) -> None:
    url_id = public_url("returns", RETURNS)
    response = call(url_id, "POST", content=json.dumps(result))
    assert (response.status_code, response.content) == (200, body)
    assert response.headers["content-type"] == "application/json"


def test_a_result_with_status_code_is_the_response(public_url: Any, call: UrlCall) -> None:
    url_id = public_url("returns", RETURNS)
    result = {
        "statusCode": 201,
        "headers": {"Content-Type": "text/html", "X-Custom": "Custom Value"},
        "cookies": ["session=abc; Path=/", "theme=dark"],
        "body": "<p>made</p>",
    }
    response = call(url_id, "POST", content=json.dumps(result))
    assert (response.status_code, response.text) == (201, "<p>made</p>")
    assert (response.headers["content-type"], response.headers["x-custom"]) == ("text/html", "Custom Value")
    assert response.headers.get_list("set-cookie") == ["session=abc; Path=/", "theme=dark"]
    teapot = call(url_id, "POST", content=json.dumps({"statusCode": "418", "body": "i'm a teapot"}))
    assert (teapot.status_code, teapot.text) == (418, "i'm a teapot")
    assert teapot.headers["content-type"] == "application/json"  # the default for URLs
    encoded = {"statusCode": 200, "body": base64.b64encode(b"\x00\xff").decode(), "isBase64Encoded": True}
    assert call(url_id, "POST", content=json.dumps(encoded)).content == b"\x00\xff"
    assert call(url_id, "POST", content=json.dumps({"statusCode": 204})).content == b""


def test_a_function_error_or_malformed_result_is_a_502(public_url: Any, call: UrlCall) -> None:
    failing = public_url("fails", FAILS)
    response = call(failing, "POST", content=b"{}")
    assert (response.status_code, response.text) == (502, "Internal Server Error")
    returning = public_url("returns", RETURNS)
    response = call(returning, "POST", content=json.dumps({"statusCode": "not a number"}))
    assert (response.status_code, response.text) == (502, "Internal Server Error")


def test_an_unknown_url_id_is_forbidden_with_a_null_message(server: EmulatorProcess, call: UrlCall) -> None:
    response = call("0123456789abcdefghijklmnopqrstuv")
    assert (response.status_code, response.text) == (403, '{"Message":null}')
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-amzn-errortype"] == "AccessDeniedException"


def test_a_none_url_needs_a_public_invoke_function_url_permission(create_function: Any, lambda_client: Any, call: UrlCall) -> None:
    create_function("private")
    url_id = url_id_of(lambda_client.create_function_url_config(FunctionName="private", AuthType="NONE"))
    response = call(url_id)
    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    assert response.headers["x-amzn-errortype"] == "AccessDeniedException"
    lambda_client.add_permission(
        FunctionName="private", StatementId="iam", Action="lambda:InvokeFunctionUrl", Principal="*", FunctionUrlAuthType="AWS_IAM"
    )
    assert call(url_id).status_code == 403
    lambda_client.add_permission(
        FunctionName="private", StatementId="url", Action="lambda:InvokeFunctionUrl", Principal="*", FunctionUrlAuthType="NONE"
    )
    assert call(url_id).status_code == 200


def test_an_aws_iam_url_needs_a_signed_request(create_function: Any, lambda_client: Any, server: EmulatorProcess, call: UrlCall) -> None:
    create_function("signed")
    url_id = url_id_of(lambda_client.create_function_url_config(FunctionName="signed", AuthType="AWS_IAM"))
    response = call(url_id)
    assert (response.status_code, response.json()) == (403, FORBIDDEN)
    host = f"{url_id}.lambda-url.us-east-1.localhost:{server.port}"
    request = AWSRequest(method="GET", url=f"http://{host}/me", headers={"Host": host})
    SigV4Auth(Credentials("AKIDEXAMPLE", "secret"), "lambda", "us-east-1").add_auth(request)
    response = call(url_id, "GET", "/me", headers=dict(request.headers))
    assert response.status_code == 200
    context = response.json()["event"]["requestContext"]
    iam = context["authorizer"]["iam"]
    assert (iam["accessKey"], iam["accountId"], context["accountId"]) == ("AKIDEXAMPLE", "000000000000", "000000000000")
    assert iam["userId"].startswith("AIDA") and iam["callerId"] == iam["userId"]


def test_cors_preflights_are_answered_by_the_url_and_responses_carry_its_headers(public_url: Any, call: UrlCall) -> None:
    cors = {
        "AllowOrigins": ["https://app.example"],
        "AllowMethods": ["GET", "POST"],
        "AllowHeaders": ["X-Token"],
        "ExposeHeaders": ["X-Total"],
        "MaxAge": 300,
        "AllowCredentials": True,
    }
    url_id = public_url("echo", Cors=cors)
    preflight = call(
        url_id, "OPTIONS", headers={"Origin": "https://app.example", "Access-Control-Request-Method": "POST"}
    )
    assert (preflight.status_code, preflight.content) == (200, b"")
    assert preflight.headers["access-control-allow-origin"] == "https://app.example"
    assert preflight.headers["access-control-allow-methods"] == "GET,POST"
    assert preflight.headers["access-control-allow-headers"] == "x-token"
    assert preflight.headers["access-control-max-age"] == "300"
    assert preflight.headers["access-control-allow-credentials"] == "true"
    response = call(url_id, headers={"Origin": "https://app.example"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "https://app.example"
    assert response.headers["access-control-expose-headers"] == "X-Total"
    stranger = call(url_id, headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in stranger.headers


def test_an_alias_url_runs_the_aliased_version(create_function: Any, lambda_client: Any, call: UrlCall) -> None:
    create_function("versioned", Publish=True)
    lambda_client.create_alias(FunctionName="versioned", Name="live", FunctionVersion="1")
    config = lambda_client.create_function_url_config(FunctionName="versioned", Qualifier="live", AuthType="NONE")
    lambda_client.add_permission(
        FunctionName="versioned",
        Qualifier="live",
        StatementId="url",
        Action="lambda:InvokeFunctionUrl",
        Principal="*",
        FunctionUrlAuthType="NONE",
    )
    assert call(url_id_of(config)).json()["version"] == "1"


def test_the_request_id_is_the_invocation_id(public_url: Any, call: UrlCall) -> None:
    url_id = public_url("ids", REQUEST_ID)
    response = call(url_id)
    ids = response.json()
    assert ids["requestId"] == ids["awsRequestId"] == response.headers["x-amzn-requestid"]


def test_a_deleted_url_config_stops_answering(public_url: Any, lambda_client: Any, call: UrlCall) -> None:
    url_id = public_url("short-lived")
    assert call(url_id).status_code == 200
    lambda_client.delete_function_url_config(FunctionName="short-lived")
    response = call(url_id)
    assert (response.status_code, response.text) == (403, '{"Message":null}')
    renewed = url_id_of(lambda_client.create_function_url_config(FunctionName="short-lived", AuthType="NONE"))
    assert renewed != url_id and call(renewed).status_code == 200
    lambda_client.delete_function(FunctionName="short-lived")
    assert call(renewed).status_code == 403


ANSWERS_AS_ASKED = """
import json

def handler(event, context):
    return json.loads(event["body"])
"""


@pytest.mark.parametrize(
    "answer",
    [
        {"statusCode": 200, "headers": {"x-split": "a\r\nx-injected: yes"}, "body": "hi"},
        {"statusCode": 200, "headers": {"bad name": "value"}, "body": "hi"},
        {"statusCode": 200, "cookies": ["a=1\r\nx-injected: yes"], "body": "hi"},
    ],
    ids=["crlf-in-value", "space-in-name", "crlf-in-cookie"],
)
def test_a_header_http_cannot_carry_is_a_malformed_result(public_url: Any, call: UrlCall, answer: dict[str, Any]) -> None:
    url_id = public_url("answers", ANSWERS_AS_ASKED)
    response = call(url_id, "POST", "/", content=json.dumps(answer))
    assert (response.status_code, response.text) == (502, "Internal Server Error")
    assert "x-injected" not in response.headers


def test_a_functions_content_length_does_not_contradict_the_body(public_url: Any, call: UrlCall) -> None:
    url_id = public_url("answers", ANSWERS_AS_ASKED)
    answer = {"statusCode": 200, "headers": {"Content-Length": "999", "Transfer-Encoding": "chunked"}, "body": "four"}
    response = call(url_id, "POST", "/", content=json.dumps(answer))
    assert (response.status_code, response.text) == (200, "four")
    assert response.headers.get_list("content-length") == ["4"]
    assert "transfer-encoding" not in response.headers


TRACES = """
import os

def handler(event, context):
    return {"env": os.environ["_X_AMZN_TRACE_ID"], "event": event["headers"]["x-amzn-trace-id"]}
"""


def test_the_function_runs_in_the_trace_the_event_and_the_answer_name(public_url: Any, call: UrlCall) -> None:
    """One X-Ray trace per request: the event's and the answer's header name its root, under which the
    function's _X_AMZN_TRACE_ID runs (as Powertools' ``xray_trace_id`` reads it)."""
    answer = call(public_url("traced", TRACES))
    seen = answer.json()
    root = answer.headers["x-amzn-trace-id"]
    assert root.startswith("Root=1-") and ";" not in root
    assert seen["event"] == root
    assert seen["env"].startswith(root + ";Parent=") and seen["env"].endswith(";Sampled=0")
