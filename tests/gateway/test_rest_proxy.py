"""The Lambda proxy integration: the event as AWS documents it, response mapping and integration errors."""

from __future__ import annotations

import base64
import re
import time
from typing import Any

import httpx
import pytest
from test_rest_support import RestApiBuilder, call, create_function

from emulator.gateway.rest.proxy_event import MalformedProxyResponse, parse_proxy_response
from emulator.testing import EmulatorProcess

#: Answers according to the request path (one function serves every case).
BEHAVIOUR = """
import base64, json, time

def handler(event, context):
    path = event["path"]
    if path == "/malformed":
        return {"statusCode": 200, "body": {"not": "a string"}}
    if path == "/not-an-object":
        return "hello"
    if path == "/raise":
        raise ValueError("boom")
    if path == "/sleep":
        time.sleep(1.5)
        return {"statusCode": 200, "body": "late"}
    if path == "/binary":
        return {"statusCode": 200, "headers": {"content-type": "image/png"},
                "body": base64.b64encode(b"\\x89PNG\\x00\\xff").decode(), "isBase64Encoded": True}
    if path == "/multi":
        return {"statusCode": 201, "headers": {"x-single": "one", "content-type": "text/plain"},
                "multiValueHeaders": {"x-multi": ["a", "b"]}, "body": "created"}
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(event)}
"""

#: AWS's documented REST API proxy event (Lambda developer guide / API Gateway developer guide).
AWS_EVENT_KEYS = {
    "resource",
    "path",
    "httpMethod",
    "headers",
    "multiValueHeaders",
    "queryStringParameters",
    "multiValueQueryStringParameters",
    "pathParameters",
    "stageVariables",
    "requestContext",
    "body",
    "isBase64Encoded",
}
AWS_CONTEXT_KEYS = {
    "accountId",
    "apiId",
    "domainName",
    "domainPrefix",
    "extendedRequestId",
    "httpMethod",
    "identity",
    "path",
    "protocol",
    "requestId",
    "requestTime",
    "requestTimeEpoch",
    "resourceId",
    "resourcePath",
    "stage",
}
AWS_IDENTITY = {
    "accessKey": None,
    "accountId": None,
    "caller": None,
    "cognitoAuthenticationProvider": None,
    "cognitoAuthenticationType": None,
    "cognitoIdentityId": None,
    "cognitoIdentityPoolId": None,
    "principalOrgId": None,
    "user": None,
    "userArn": None,
}


@pytest.fixture
def api(server: EmulatorProcess) -> RestApiBuilder:
    function_arn = create_function(server, "behaviour", BEHAVIOUR)
    builder = RestApiBuilder(server, binaryMediaTypes=["image/png"])
    builder.lambda_method("/items/{id}", "POST", function_arn)
    builder.lambda_method("/{proxy+}", "ANY", function_arn)
    builder.deploy("dev", variables={"color": "blue"})
    return builder


def test_proxy_event_matches_aws_example_field_by_field(server: EmulatorProcess, api: RestApiBuilder) -> None:
    before = int(time.time() * 1000)
    response = call(
        server,
        api.api_id,
        "POST",
        "/dev/items/42?tag=a&tag=b&single=1",
        headers={"User-Agent": "tests/1.0", "X-Custom": "v1", "content-type": "application/json"},
        content=b'{"name": "thing"}',
    )
    assert response.status_code == 200
    event: dict[str, Any] = response.json()
    assert set(event) == AWS_EVENT_KEYS
    assert event["resource"] == "/items/{id}"
    assert event["path"] == "/items/42"
    assert event["httpMethod"] == "POST"
    assert event["headers"]["X-Custom"] == "v1"
    assert event["headers"]["User-Agent"] == "tests/1.0"
    assert event["headers"]["Host"] == f"{api.api_id}.execute-api.localhost:{server.port}"
    assert event["headers"]["X-Forwarded-For"] == "127.0.0.1"
    assert event["headers"]["X-Forwarded-Port"] == str(server.port)
    assert event["headers"]["X-Forwarded-Proto"] == "http"
    assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24}", event["headers"]["X-Amzn-Trace-Id"])
    assert event["multiValueHeaders"]["X-Forwarded-For"] == ["127.0.0.1"]
    assert "Content-Length" not in event["headers"] and "Connection" not in event["headers"]
    assert event["multiValueHeaders"]["X-Custom"] == ["v1"]
    assert event["queryStringParameters"] == {"tag": "b", "single": "1"}
    assert event["multiValueQueryStringParameters"] == {"tag": ["a", "b"], "single": ["1"]}
    assert event["pathParameters"] == {"id": "42"}
    assert event["stageVariables"] == {"color": "blue"}
    assert event["body"] == '{"name": "thing"}'
    assert event["isBase64Encoded"] is False

    context = event["requestContext"]
    assert set(context) >= AWS_CONTEXT_KEYS
    assert "authorizer" not in context
    assert context["accountId"] == "000000000000"
    assert context["apiId"] == api.api_id
    assert (
        context["deploymentId"] == api.client.get_stage(restApiId=api.api_id, stageName="dev")["deploymentId"]
    )
    assert context["resourceId"] == api.ids["/items/{id}"]
    assert context["resourcePath"] == "/items/{id}"
    assert context["httpMethod"] == "POST"
    assert context["path"] == "/dev/items/42"
    assert context["stage"] == "dev"
    assert context["protocol"] == "HTTP/1.1"
    assert context["domainName"] == f"{api.api_id}.execute-api.localhost"
    assert context["domainPrefix"] == api.api_id
    assert re.fullmatch(r"[0-9a-f-]{36}", context["requestId"])
    # extendedRequestId has the shape of API Gateway's own ids, and x-amz-apigw-id repeats it.
    assert re.fullmatch(r"[A-Za-z0-9+/]{15}=", context["extendedRequestId"])
    assert response.headers["x-amz-apigw-id"] == context["extendedRequestId"]
    assert response.headers["x-amzn-requestid"] == context["requestId"]
    assert re.fullmatch(r"\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} \+0000", context["requestTime"])
    assert before <= context["requestTimeEpoch"] <= int(time.time() * 1000)
    identity = context["identity"]
    assert {k: identity[k] for k in AWS_IDENTITY} == AWS_IDENTITY
    assert identity["sourceIp"] == "127.0.0.1"
    assert identity["userAgent"] == "tests/1.0"


def test_every_request_gets_its_own_ids_and_trace(server: EmulatorProcess, api: RestApiBuilder) -> None:
    first, second = (call(server, api.api_id, "GET", "/dev/plain") for _ in range(2))
    events = [first.json(), second.json()]
    for id_name in ("requestId", "extendedRequestId"):
        assert events[0]["requestContext"][id_name] != events[1]["requestContext"][id_name]
    traces = [event["headers"]["X-Amzn-Trace-Id"] for event in events]
    assert all(re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24}", trace) for trace in traces)
    assert traces[0] != traces[1]
    assert first.headers["x-amz-apigw-id"] != second.headers["x-amz-apigw-id"]


def test_event_without_query_or_body_has_nulls(server: EmulatorProcess, api: RestApiBuilder) -> None:
    event = call(server, api.api_id, "GET", "/dev/plain").json()
    assert event["queryStringParameters"] is None
    assert event["multiValueQueryStringParameters"] is None
    assert event["body"] is None
    assert event["pathParameters"] == {"proxy": "plain"}
    assert event["resource"] == "/{proxy+}"


def test_headers_keep_the_clients_spelling_and_forwarded_for_is_appended(
    server: EmulatorProcess, api: RestApiBuilder
) -> None:
    # As AWS recorded it: names reach the function spelled as the client sent them.
    headers = {"x-lower": "1", "tEsT-HEADeR": "2", "X-Forwarded-For": "203.0.113.9"}
    event = call(server, api.api_id, "GET", "/dev/h", headers=headers).json()
    assert event["headers"]["x-lower"] == "1" and "X-Lower" not in event["headers"]
    assert event["headers"]["tEsT-HEADeR"] == "2"
    assert event["multiValueHeaders"]["tEsT-HEADeR"] == ["2"]
    assert event["headers"]["X-Forwarded-For"].startswith("203.0.113.9, ")
    assert event["headers"]["Accept"] == "*/*"
    assert event["headers"]["X-Amzn-Trace-Id"].startswith("Root=1-")  # added by the gateway, spelled as AWS does


def test_every_url_form_reaches_the_api(server: EmulatorProcess, api: RestApiBuilder) -> None:
    base = f"http://127.0.0.1:{server.port}"
    forms = [
        httpx.get(f"{base}/_aws/execute-api/{api.api_id}/dev/form", timeout=30),
        httpx.get(f"{base}/restapis/{api.api_id}/dev/_user_request_/form", timeout=30),
        call(server, api.api_id, "GET", "/dev/form"),
    ]
    for response in forms:
        assert response.status_code == 200
        event = response.json()
        assert event["path"] == "/form"
        assert event["requestContext"]["path"] == "/dev/form"


def test_path_keeps_percent_escapes_in_every_url_form(server: EmulatorProcess, api: RestApiBuilder) -> None:
    # As AWS recorded it: %2B stays %2B in path, pathParameters and requestContext.path.
    user_path = "/api/user/test%2Balias@gmail.com/plus/test+alias@gmail.com"
    base = f"http://127.0.0.1:{server.port}"
    forms = [
        httpx.get(f"{base}/_aws/execute-api/{api.api_id}/dev{user_path}", timeout=30),
        httpx.get(f"{base}/restapis/{api.api_id}/dev/_user_request_{user_path}", timeout=30),
        call(server, api.api_id, "GET", f"/dev{user_path}"),
    ]
    for response in forms:
        event = response.json()
        assert event["path"] == user_path
        assert event["pathParameters"] == {"proxy": user_path[1:]}
        assert event["requestContext"]["path"] == f"/dev{user_path}"
    items = call(server, api.api_id, "POST", "/dev/items/a%20b", content=b"{}").json()
    assert (items["resource"], items["pathParameters"]) == ("/items/{id}", {"id": "a%20b"})


def test_response_mapping_headers_and_status(server: EmulatorProcess, api: RestApiBuilder) -> None:
    response = call(server, api.api_id, "GET", "/dev/multi")
    assert response.status_code == 201
    assert response.text == "created"
    assert response.headers["x-single"] == "one"
    assert response.headers.get_list("x-multi") == ["a", "b"]
    assert response.headers["content-type"] == "text/plain"


def test_binary_media_types_both_ways(server: EmulatorProcess, api: RestApiBuilder) -> None:
    payload = b"\x89PNG\x00\x01\xfe"
    event = call(
        server, api.api_id, "PUT", "/dev/upload", headers={"content-type": "image/png"}, content=payload
    ).json()
    assert event["isBase64Encoded"] is True
    assert base64.b64decode(event["body"]) == payload
    response = call(server, api.api_id, "GET", "/dev/binary", headers={"Accept": "image/png"})
    assert response.content == b"\x89PNG\x00\xff"
    assert response.headers["content-type"] == "image/png"


def test_base64_body_stays_text_unless_accept_is_a_binary_media_type(
    server: EmulatorProcess, api: RestApiBuilder
) -> None:
    response = call(server, api.api_id, "GET", "/dev/binary", headers={"Accept": "application/json"})
    assert response.text == base64.b64encode(b"\x89PNG\x00\xff").decode()


def test_only_the_first_accept_type_asks_for_binary(server: EmulatorProcess, api: RestApiBuilder) -> None:
    # The guide's binary media types page: API Gateway decides on the first Accept type only,
    # so a browser's Accept (text/html first) gets the base64 text unless the API lists */*.
    later = call(server, api.api_id, "GET", "/dev/binary", headers={"Accept": "text/html, image/png"})
    assert later.text == base64.b64encode(b"\x89PNG\x00\xff").decode()
    first = call(server, api.api_id, "GET", "/dev/binary", headers={"Accept": "image/png, text/html"})
    assert first.content == b"\x89PNG\x00\xff"


def test_malformed_response_or_lambda_error_is_502(server: EmulatorProcess, api: RestApiBuilder) -> None:
    for path in ("/dev/malformed", "/dev/not-an-object", "/dev/raise"):
        response = call(server, api.api_id, "GET", path)
        assert (path, response.status_code) == (path, 502)
        assert response.json() == {"message": "Internal server error"}
        assert response.headers["x-amzn-errortype"] == "InternalServerErrorException"
        assert response.headers["x-amzn-requestid"]


def test_integration_timeout_is_504(server: EmulatorProcess, api: RestApiBuilder) -> None:
    resource_id = api.ids["/{proxy+}"]
    api.client.update_integration(
        restApiId=api.api_id,
        resourceId=resource_id,
        httpMethod="ANY",
        patchOperations=[{"op": "replace", "path": "/timeoutInMillis", "value": "300"}],
    )
    api.deploy("dev")
    started = time.monotonic()
    response = call(server, api.api_id, "GET", "/dev/sleep")
    assert response.status_code == 504
    assert response.json() == {"message": "Endpoint request timed out"}
    assert time.monotonic() - started < 1.4


def test_server_integration_timeout_flag_bounds_every_integration() -> None:
    with EmulatorProcess("--integration-timeout-ms", "300") as server:
        function_arn = create_function(server, "behaviour", BEHAVIOUR)
        builder = RestApiBuilder(server)
        builder.lambda_method("/{proxy+}", "ANY", function_arn)
        builder.deploy("dev")
        response = call(server, builder.api_id, "GET", "/dev/sleep")
        assert response.status_code == 504
        assert response.json() == {"message": "Endpoint request timed out"}


def test_missing_function_is_500(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.lambda_method("/", "GET", "arn:aws:lambda:us-east-1:000000000000:function:missing")
    builder.deploy("dev")
    response = call(server, builder.api_id, "GET", "/dev/")
    assert response.status_code == 500
    assert response.json() == {"message": "Internal server error"}


def test_aws_iam_methods_need_a_signature_and_fill_identity(server: EmulatorProcess) -> None:
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    function_arn = create_function(server, "echo")
    builder = RestApiBuilder(server)
    builder.lambda_method("/iam", "GET", function_arn, authorizationType="AWS_IAM")
    builder.deploy("dev")
    unsigned = call(server, builder.api_id, "GET", "/dev/iam")
    assert unsigned.status_code == 403
    assert unsigned.json() == {"message": "Missing Authentication Token"}
    host = f"{builder.api_id}.execute-api.localhost:{server.port}"
    request = AWSRequest(method="GET", url=f"http://{host}/dev/iam", headers={"Host": host})
    SigV4Auth(Credentials("AKIDEXAMPLE", "secret"), "execute-api", "us-east-1").add_auth(request)
    signed = call(server, builder.api_id, "GET", "/dev/iam", headers=dict(request.headers))
    assert signed.status_code == 200
    identity = signed.json()["requestContext"]["identity"]
    assert identity["accessKey"] == "AKIDEXAMPLE"
    assert identity["accountId"] == "000000000000"


def test_proxy_reply_headers_lower_cased_merged_and_scalars_spelled() -> None:
    single = parse_proxy_response(
        b'{"statusCode": "202", "headers": {"X-A": "1", "X-Ok": true, "X-No": false}}', False
    )
    assert (single.status, single.headers, single.body) == (
        202,
        [(b"x-a", b"1"), (b"x-ok", b"true"), (b"x-no", b"false")],
        b"",
    )
    merged = parse_proxy_response(
        b'{"headers": {"X-A": "2", "X-B": "b"}, "multiValueHeaders": {"X-A": ["0", 1], "Set-Cookie": ["a", "b"]}}',
        False,
    )
    assert merged.status == 200
    assert merged.headers == [
        (b"x-a", b"0"),
        (b"x-a", b"1"),
        (b"x-a", b"2"),
        (b"set-cookie", b"a"),
        (b"set-cookie", b"b"),
        (b"x-b", b"b"),
    ]


@pytest.mark.parametrize(
    "reply",
    [
        b'{"headers": {"X-A": 1}}',
        b'{"headers": ["X-A"]}',
        b'{"multiValueHeaders": {"X-A": "1"}}',
        b'{"headers": {"X-A": "1"}, "body": 5}',
    ],
)
def test_proxy_reply_with_malformed_headers_or_body_is_rejected(reply: bytes) -> None:
    with pytest.raises(MalformedProxyResponse):
        parse_proxy_response(reply, False)
