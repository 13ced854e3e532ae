"""Function URLs answer any function result, and odd requests, without a traceback.

A result the URL cannot map (a statusCode that is no HTTP status, headers or
cookies of the wrong type, a body that is not base64 when it says so, a header
no client could read) is a 502 ``Internal Server Error``, as is a function that
fails, times out or answers more than 6 MB. Odd requests reach the function.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from emulator.testing import EmulatorProcess

MALFORMED = (502, "Internal Server Error")

#: Answers as the body asks: a result to return, an error to raise, a result too big or too slow.
ODD = """
import json, time

def handler(event, context):
    if "x-ask" in event["headers"]:
        return {"statusCode": 200, "body": json.dumps(event)}
    ask = json.loads(event.get("body") or "{}")
    if "sleep" in ask:
        time.sleep(ask["sleep"])
    if "raise" in ask:
        raise ValueError(ask["raise"])
    if "huge" in ask:
        return {"statusCode": 200, "body": "a" * ask["huge"]}
    if "unserializable" in ask:
        return {"statusCode": 200, "body": object()}
    return ask.get("result")
"""


@pytest.fixture
def url(create_function: Any, lambda_client: Any, server: EmulatorProcess) -> Callable[..., httpx.Response]:
    """``url(method, path, ask, **httpx options)``: a request to a public URL of ODD (1 s timeout)."""
    create_function("odd", ODD, Timeout=1)
    config = lambda_client.create_function_url_config(FunctionName="odd", AuthType="NONE")
    lambda_client.add_permission(
        FunctionName="odd", StatementId="url", Action="lambda:InvokeFunctionUrl", Principal="*",
        FunctionUrlAuthType="NONE",
    )  # fmt: skip
    host = config["FunctionUrl"].split("//", 1)[1].rstrip("/")

    def send(method: str, path: str, ask: Any = None, **options: Any) -> httpx.Response:
        headers = {"Host": f"{host}:{server.port}", **options.pop("headers", {})}
        if ask is not None:
            options["content"] = json.dumps(ask)
        return httpx.request(method, f"{server.url}{path}", headers=headers, timeout=30, **options)

    return send


@pytest.mark.parametrize(
    "result",
    [
        {"statusCode": True, "body": "x"},
        {"statusCode": None, "body": "x"},
        {"statusCode": [200], "body": "x"},
        {"statusCode": 200.5, "body": "x"},
        {"statusCode": 99, "body": "x"},
        {"statusCode": 100, "body": "x"},
        {"statusCode": "\u00b2", "body": "x"},
        {"statusCode": "abc", "body": "x"},
        {"statusCode": 200, "headers": ["x-a"], "body": "x"},
        {"statusCode": 200, "headers": "x-a", "body": "x"},
        {"statusCode": 200, "headers": {"": "empty name"}, "body": "x"},
        {"statusCode": 200, "headers": {"x-\u00e9": "latin-1 name"}, "body": "x"},
        {"statusCode": 200, "headers": {"x-\u2713": "non-latin-1 name"}, "body": "x"},
        {"statusCode": 200, "headers": {"x-nul": "a\u0000b"}, "body": "x"},
        {"statusCode": 200, "cookies": "a=1", "body": "x"},
        {"statusCode": 200, "cookies": {"a": "1"}, "body": "x"},
        {"statusCode": 200, "cookies": ["a=\u0000"], "body": "x"},
        {"statusCode": 200, "isBase64Encoded": True, "body": "!!not base64"},
    ],
    ids=[
        "status-bool", "status-null", "status-list", "status-fraction", "status-below-100", "status-interim",
        "status-superscript-digit", "status-text",
        "headers-list", "headers-text", "header-empty-name", "header-latin-1-name", "header-non-latin-1-name",
        "header-nul", "cookies-text", "cookies-object", "cookie-nul", "body-not-base64",
    ],
)  # fmt: skip
def test_a_result_the_url_cannot_map_is_a_502(url: Callable[..., httpx.Response], result: Any) -> None:
    response = url("POST", "/", {"result": result})
    assert (response.status_code, response.text) == MALFORMED
    # The server stays healthy: the next request is answered.
    assert url("POST", "/", {"result": {"statusCode": 201, "body": "ok"}}).text == "ok"


@pytest.mark.parametrize(
    "ask",
    [{"raise": "boom"}, {"sleep": 5}, {"huge": 7 * 1024 * 1024}, {"unserializable": True}],
    ids=["error", "timeout", "over-6-mb", "not-json-serializable"],
)
def test_a_function_that_fails_is_a_502(url: Callable[..., httpx.Response], ask: dict[str, Any]) -> None:
    response = url("POST", "/", ask)
    assert (response.status_code, response.text) == MALFORMED
    assert url("POST", "/", {"result": "still here"}).text == "still here"


@pytest.mark.parametrize(
    ("method", "path", "headers", "content"),
    [
        ("PROPFIND", "/x", {}, b""),
        ("POST", "/a%zz/b?x=%zz&x=&x=2", {}, b""),
        ("POST", "//a/../b/", {"x-empty": "", "x-long": "v" * 8000}, b""),
        ("POST", "/", {"content-type": "application/octet-stream"}, b"\x00\xff\xfe"),
        ("POST", "/", {"content-type": "application/json"}, b"\xff\xfe{"),
    ],
    ids=["unknown-method", "bad-percent-encoding", "odd-path-and-headers", "binary-body", "bad-utf-8-json"],
)
def test_odd_requests_reach_the_function(
    url: Callable[..., httpx.Response], method: str, path: str, headers: dict[str, str], content: bytes
) -> None:
    response = url(method, path, headers={**headers, "x-ask": "echo"}, content=content)
    assert response.status_code == 200
    assert response.json()["requestContext"]["http"]["method"] == method


def test_a_cors_setting_http_cannot_carry_is_left_out_of_the_preflight(
    create_function: Any, lambda_client: Any, server: EmulatorProcess
) -> None:
    create_function("cors", ODD)
    config = lambda_client.create_function_url_config(
        FunctionName="cors", AuthType="NONE", Cors={"AllowOrigins": ["*"], "AllowHeaders": ["a\nb"]}
    )
    host = config["FunctionUrl"].split("//", 1)[1].rstrip("/")
    preflight = {"Host": f"{host}:{server.port}", "Origin": "http://site.example", "Access-Control-Request-Method": "GET"}
    response = httpx.options(f"{server.url}/", headers=preflight, timeout=30)
    assert (response.status_code, response.headers["access-control-allow-origin"]) == (200, "*")
    assert "access-control-allow-headers" not in response.headers
