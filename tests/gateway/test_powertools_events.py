"""The events API Gateway and function URLs hand a function, checked three ways: against AWS Lambda
Powertools' parser models (pydantic models AWS maintains from real events), member by member
against AWS's documented or recorded example of each event, and by running powertools'
event_handler resolvers and authorizer helpers inside the workers, as users deploy them."""

from __future__ import annotations

import asyncio
import json
import re
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from aws_lambda_powertools.utilities.parser.models import (
    ApiGatewayAuthorizerRequest,
    ApiGatewayAuthorizerRequestV2,
    ApiGatewayAuthorizerToken,
    APIGatewayProxyEventModel,
    APIGatewayProxyEventV2Model,
    APIGatewayWebSocketConnectEventModel,
    APIGatewayWebSocketDisconnectEventModel,
    APIGatewayWebSocketMessageEventModel,
    LambdaFunctionUrlModel,
)
from pydantic import BaseModel
from test_http_events import AWS_V1_EXAMPLE, AWS_V2_EXAMPLE
from test_http_support import RsaKey
from test_rest_support import RestApiBuilder, lambda_uri
from test_websocket_support import connect, websocket_api

from emulator.testing import EmulatorProcess
from emulator.testing.functions import create_python_function

#: Writes each event to a file of CAPTURE_DIR, then answers a WebSocket 200 or, for APIs and
#: function URLs, the event as its JSON body.
CAPTURE = """
import json, os, time

def handler(event, context):
    with open(os.path.join(os.environ["CAPTURE_DIR"], f"{time.time_ns()}.json"), "w") as out:
        json.dump(event, out)
    if os.environ.get("WEBSOCKET"):
        return {"statusCode": 200}
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(event)}
"""

#: A Lambda authorizer written with powertools' helpers: it captures its event, reads the ARN with the
#: event class for its kind (AUTHORIZER), and allows every route with powertools' policy builders.
AUTHORIZER = """
import json, os, time
from aws_lambda_powertools.utilities.data_classes.api_gateway_authorizer_event import (
    APIGatewayAuthorizerEventV2, APIGatewayAuthorizerRequestEvent, APIGatewayAuthorizerResponse,
    APIGatewayAuthorizerResponseV2, APIGatewayAuthorizerResponseWebSocket, APIGatewayAuthorizerTokenEvent,
)

def handler(event, context):
    with open(os.path.join(os.environ["CAPTURE_DIR"], f"{time.time_ns()}.json"), "w") as out:
        json.dump(event, out)
    kind = os.environ["AUTHORIZER"]
    if kind == "simple":
        parsed = APIGatewayAuthorizerEventV2(event)
        assert parsed.parsed_arn.api_id == parsed.request_context.api_id
        return APIGatewayAuthorizerResponseV2(authorize=True, context={"team": "blue"}).asdict()
    if kind == "token":
        arn = APIGatewayAuthorizerTokenEvent(event).parsed_arn
    else:
        parsed = APIGatewayAuthorizerRequestEvent(event)
        arn = parsed.parsed_arn
        assert arn.api_id == parsed.request_context.api_id
    builder = APIGatewayAuthorizerResponseWebSocket if kind == "websocket" else APIGatewayAuthorizerResponse
    policy = builder(principal_id="user-1", region=arn.region, aws_account_id=arn.aws_account_id,
                     api_id=arn.api_id, stage=arn.stage, context={"team": "blue", "level": 3})
    policy.allow_all_routes()
    return policy.asdict()
"""

#: An app on powertools' event handler (resolver class named by RESOLVER): two routes, one with a
#: path parameter.
RESOLVER_APP = """
import os
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, APIGatewayRestResolver, LambdaFunctionUrlResolver, Response
from aws_lambda_powertools.shared.cookies import Cookie

app = {"rest": APIGatewayRestResolver, "http": APIGatewayHttpResolver, "url": LambdaFunctionUrlResolver}[os.environ["RESOLVER"]]()

@app.get("/items/<item_id>")
def get_item(item_id):
    event = app.current_event
    return {"id": item_id, "tag": event.get_query_string_value("tag"), "agent": event.get_header_value("user-agent"),
            "method": event.http_method, "path": event.path}

@app.post("/items")
def create_item():
    return {"created": app.current_event.json_body}, 201

@app.get("/session")
def session():
    cookies = [Cookie(name="a", value="1"), Cookie(name="b", value="2", path="/")]
    return Response(status_code=204, cookies=cookies, headers={"x-many": ["1", "2"]})

def handler(event, context):
    return app.resolve(event, context)
"""

TIME_FORMAT = re.compile(r"\d\d/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d \+0000")
#: The members whose keys are the request's own (headers, parameters, context values): compared by value type.
FREE_MAPS = frozenset(
    {
        "headers",
        "multiValueHeaders",
        "queryStringParameters",
        "multiValueQueryStringParameters",
        "pathParameters",
        "stageVariables",
        "claims",
    }
)

# AWS's documented examples ("Input format of a Lambda function for proxy integration", "Input to an
# API Gateway Lambda authorizer", "Control access to HTTP APIs with AWS Lambda authorizers") and,
# where AWS documents no whole event, events recorded on AWS (WebSocket, function URLs).
AWS_REST_PROXY_EXAMPLE: dict[str, Any] = {
    "resource": "/my/path",
    "path": "/my/path",
    "httpMethod": "GET",
    "headers": {"header1": "value1"},
    "multiValueHeaders": {"header1": ["value1"]},
    "queryStringParameters": {"parameter1": "value1"},
    "multiValueQueryStringParameters": {"parameter1": ["value1", "value2"]},
    "requestContext": {
        "accountId": "123456789012",
        "apiId": "id",
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
            "sourceIp": "IP",
            "user": None,
            "userAgent": "user-agent",
            "userArn": None,
        },
        "path": "/my/path",
        "protocol": "HTTP/1.1",
        "requestId": "id=",
        "requestTime": "04/Mar/2020:19:15:17 +0000",
        "requestTimeEpoch": 1583349317135,
        "resourceId": "abc123",
        "resourcePath": "/my/path",
        "stage": "$default",
    },
    "pathParameters": {"id": "1"},
    "stageVariables": {"stageVariable1": "value1"},
    "body": "Hello from Lambda!",
    "isBase64Encoded": False,
}
AWS_TOKEN_AUTHORIZER_EXAMPLE = {
    "type": "TOKEN",
    "authorizationToken": "{caller-supplied-token}",
    "methodArn": "arn:aws:execute-api:{regionId}:{accountId}:{apiId}/{stage}/{httpVerb}/[{resource}/[{child-resources}]]",
}
AWS_HTTP_V1_AUTHORIZER_EXAMPLE: dict[str, Any] = {
    "version": "1.0",
    "type": "REQUEST",
    "methodArn": "arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request",
    "identitySource": "user1,123",
    "authorizationToken": "user1,123",
    "resource": "/request",
    "path": "/request",
    "httpMethod": "GET",
    "headers": {"HeaderAuth1": "headerValue1"},
    "queryStringParameters": {"QueryString1": "queryValue1"},
    "pathParameters": {},
    "stageVariables": {"StageVar1": "stageValue1"},
    "requestContext": {
        "path": "/request",
        "accountId": "123456789012",
        "resourceId": "05c7jb",
        "stage": "test",
        "requestId": "...",
        "identity": {"sourceIp": "..."},
        "resourcePath": "/request",
        "httpMethod": "GET",
        "apiId": "abcdef123",
    },
}
AWS_WEBSOCKET_CONTEXT = {
    "routeKey": "$connect",
    "eventType": "CONNECT",
    "extendedRequestId": "TXzPWFkkjoEF92g=",
    "requestTime": "19/Feb/2024:07:11:42 +0000",
    "messageDirection": "IN",
    "stage": "develop",
    "connectedAt": 1708326702789,
    "requestTimeEpoch": 1708326702790,
    "identity": {"userAgent": "Mozilla/5.0", "sourceIp": "185.69.197.15"},
    "requestId": "TXzPWFkkjoEF92g=",
    "domainName": "allowedhost.com",
    "connectionId": "TXzPWdnOjoECGjA=",
    "apiId": "nn27okk1we",
}
AWS_WEBSOCKET_CONNECT = {
    "headers": {"Host": "allowedhost.com"},
    "multiValueHeaders": {"Host": ["allowedhost.com"]},
    "queryStringParameters": {"token": "good"},
    "multiValueQueryStringParameters": {"token": ["good"]},
    "requestContext": AWS_WEBSOCKET_CONTEXT,
    "isBase64Encoded": False,
}
AWS_WEBSOCKET_MESSAGE = {
    "requestContext": {**AWS_WEBSOCKET_CONTEXT, "messageId": "TXzPWdnOjoECGjA="},
    "body": "hello",
    "isBase64Encoded": False,
}
AWS_WEBSOCKET_DISCONNECT = {
    "headers": {"Host": "allowedhost.com", "x-api-key": "", "X-Forwarded-For": "", "x-restapi": ""},
    "multiValueHeaders": {"Host": ["allowedhost.com"]},
    "requestContext": {**AWS_WEBSOCKET_CONTEXT, "disconnectStatusCode": 1001, "disconnectReason": "Going away"},
    "isBase64Encoded": False,
}
AWS_FUNCTION_URL_EXAMPLE = {
    "version": "2.0",
    "routeKey": "$default",
    "rawPath": "/api/items/555",
    "rawQueryString": "q=boo",
    "headers": {"x-forwarded-proto": "https"},
    "queryStringParameters": {"q": "boo"},
    "requestContext": {
        "accountId": "anonymous",
        "apiId": "xnn2voft2wbn7eyfqrnkow2gg40xycus",
        "domainName": "xnn2voft2wbn7eyfqrnkow2gg40xycus.lambda-url.us-east-2.on.aws",
        "domainPrefix": "xnn2voft2wbn7eyfqrnkow2gg40xycus",
        "http": {
            "method": "GET",
            "path": "/api/items/555",
            "protocol": "HTTP/1.1",
            "sourceIp": "15.158.47.172",
            "userAgent": "Mozilla/5.0",
        },
        "requestId": "66c6f5ee-eafc-402f-95ca-1ec5343eea00",
        "routeKey": "$default",
        "stage": "$default",
        "time": "04/Jun/2023:20:07:54 +0000",
        "timeEpoch": 1685909274380,
    },
    "body": "x",
    "isBase64Encoded": False,
}


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "boolean", int: "number", float: "number", str: "string", list: "array", dict: "object"}[type(value)]


def differences(actual: Any, example: Any, path: str = "") -> list[str]:
    """Where ``actual`` departs from AWS's ``example``: a member missing or extra, or of another JSON type.

    Members keyed by the request's own names (headers, parameters) are compared by their values' type.
    """
    name = path.rpartition(".")[2]
    if name in FREE_MAPS and None in (actual, example):
        return []  # null when the request has none, as AWS sends them
    if _json_type(actual) != _json_type(example):
        return [f"{path or '.'}: {_json_type(actual)}, AWS has {_json_type(example)}"]
    found: list[str] = []
    if isinstance(example, dict):
        if name in FREE_MAPS:
            sample = next(iter(example.values()), None)
            for key, value in actual.items():
                if sample is not None:
                    found += differences(value, sample, f"{path}.{key}")
            return found
        for key in sorted(example.keys() | actual.keys()):
            where = f"{path}.{key}"
            if key not in actual:
                found.append(f"{where}: missing")
            elif key not in example:
                found.append(f"{where}: not in AWS's example")
            else:
                found += differences(actual[key], example[key], where)
    elif isinstance(example, list) and example and actual:
        for index, value in enumerate(actual):
            found += differences(value, example[0], f"{path}[{index}]")
    return found


def validated(model: type[BaseModel], event: dict[str, Any]) -> BaseModel:
    return model.model_validate(event)


def capture_function(server: EmulatorProcess, name: str, directory: Path, code: str = CAPTURE, **env: str) -> str:
    directory.mkdir(exist_ok=True)
    environment = {"Variables": {"CAPTURE_DIR": str(directory), **env}}
    created = create_python_function(server.client("lambda"), name, code, Timeout=10, Environment=environment)
    return created["FunctionArn"]


def captured(directory: Path, count: int = 1, timeout: float = 15.0) -> list[dict[str, Any]]:
    """The events written so far, oldest first, once there are ``count`` of them."""
    deadline = time.monotonic() + timeout
    while True:
        files = sorted(directory.glob("*.json"))
        if len(files) >= count or time.monotonic() > deadline:
            return [json.loads(path.read_text()) for path in files]
        time.sleep(0.02)


def host_call(server: EmulatorProcess, host: str, method: str, path: str, **options: Any) -> httpx.Response:
    headers = {"Host": f"{host}:{server.port}", **options.pop("headers", {})}
    return httpx.request(method, f"http://127.0.0.1:{server.port}{path}", headers=headers, timeout=30, **options)


def api_call(server: EmulatorProcess, api_id: str, method: str, path: str, **options: Any) -> httpx.Response:
    return host_call(server, f"{api_id}.execute-api.localhost", method, path, **options)


def assert_time_members(context: dict[str, Any], text: str, epoch: str) -> None:
    """A ``12/Mar/2020:19:03:58 +0000`` time and the same moment as integer epoch milliseconds."""
    assert TIME_FORMAT.fullmatch(context[text])
    assert isinstance(context[epoch], int) and abs(context[epoch] / 1000 - time.time()) < 60
    assert time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(context[epoch] // 1000)) == context[text]


# -- REST APIs -------------------------------------------------------------------------------------


def rest_api(server: EmulatorProcess, tmp_path: Path) -> RestApiBuilder:
    """/items/{id} open, /token behind a TOKEN authorizer, /request/{id} behind a REQUEST one; stage dev."""
    echo = capture_function(server, "echo", tmp_path / "echo")
    token_fn = capture_function(server, "token-auth", tmp_path / "token", AUTHORIZER, AUTHORIZER="token")
    request_fn = capture_function(server, "request-auth", tmp_path / "request", AUTHORIZER, AUTHORIZER="request")
    builder = RestApiBuilder(server)
    token = builder.client.create_authorizer(
        restApiId=builder.api_id, name="token", type="TOKEN", authorizerUri=lambda_uri(token_fn),
        identitySource="method.request.header.Authorization", authorizerResultTtlInSeconds=0,
    )["id"]  # fmt: skip
    request = builder.client.create_authorizer(
        restApiId=builder.api_id, name="request", type="REQUEST", authorizerUri=lambda_uri(request_fn),
        identitySource="method.request.header.x-auth", authorizerResultTtlInSeconds=0,
    )["id"]  # fmt: skip
    builder.lambda_method("/items/{id}", "POST", echo)
    builder.lambda_method("/token", "GET", echo, authorizationType="CUSTOM", authorizerId=token)
    builder.lambda_method("/request/{id}", "GET", echo, authorizationType="CUSTOM", authorizerId=request)
    builder.deploy("dev", variables={"color": "blue"})
    return builder


def test_rest_proxy_and_authorizer_events_fit_the_models_and_aws_examples(
    server: EmulatorProcess, tmp_path: Path
) -> None:
    api = rest_api(server, tmp_path)
    posted = api_call(
        server, api.api_id, "POST", "/dev/items/42?tag=a&tag=b",
        headers={"User-Agent": "tests/1", "content-type": "application/json", "tEsT-HEADeR": "aValUE",
                 "authorization": "random-value"},
        content=b'{"n": 1}',
    )  # fmt: skip
    assert posted.status_code == 200
    assert api_call(server, api.api_id, "GET", "/dev/token", headers={"Authorization": "tok"}).status_code == 200
    assert api_call(server, api.api_id, "GET", "/dev/request/7?q=1", headers={"x-auth": "tok"}).status_code == 200
    plain, behind_token, behind_request = captured(tmp_path / "echo", 3)
    for event in (plain, behind_token, behind_request):
        parsed = validated(APIGatewayProxyEventModel, event)
        assert_time_members(event["requestContext"], "requestTime", "requestTimeEpoch")
    # Beside the documented members, AWS sends deploymentId (recorded, e.g. blog.daringkoala.com's
    # test-invoke capture and LocalStack's AWS snapshots); no authorizer member without an authorizer.
    assert differences(plain, AWS_REST_PROXY_EXAMPLE) == [".requestContext.deploymentId: not in AWS's example"]
    parsed = validated(APIGatewayProxyEventModel, plain)
    assert parsed.requestContext.requestTimeEpoch.year == time.gmtime().tm_year
    assert (parsed.requestContext.domainPrefix, parsed.requestContext.stage) == (api.api_id, "dev")
    assert plain["multiValueQueryStringParameters"] == {"tag": ["a", "b"]}
    assert plain["queryStringParameters"] == {"tag": "b"}
    # Names keep the client's spelling, but for Authorization's (LocalStack's AWS-validated snapshot
    # of test_lambda_aws_proxy_integration: "authorization" and "aUThorization" arrive Pascal-cased).
    assert (plain["headers"]["tEsT-HEADeR"], plain["headers"]["Authorization"]) == ("aValUE", "random-value")
    assert plain["multiValueHeaders"]["Authorization"] == ["random-value"] and "authorization" not in plain["headers"]
    # A Lambda authorizer's context reaches the integration as strings, with principalId and integrationLatency.
    authorizer = behind_token["requestContext"]["authorizer"]
    assert {k: authorizer[k] for k in ("team", "level", "principalId")} == {"team": "blue", "level": "3", "principalId": "user-1"}
    assert isinstance(authorizer["integrationLatency"], int)

    (token_event,) = captured(tmp_path / "token")
    validated(ApiGatewayAuthorizerToken, token_event)
    assert differences(token_event, AWS_TOKEN_AUTHORIZER_EXAMPLE) == []
    assert token_event["methodArn"] == f"arn:aws:execute-api:us-east-1:000000000000:{api.api_id}/dev/GET/token"
    (request_event,) = captured(tmp_path / "request")
    validated(ApiGatewayAuthorizerRequest, request_event)
    # The REQUEST authorizer gets the proxy event's members (without body) and the methodArn.
    example = {k: v for k, v in AWS_REST_PROXY_EXAMPLE.items() if k not in ("body", "isBase64Encoded")}
    example |= {"type": "REQUEST", "methodArn": token_event["methodArn"]}
    assert differences(request_event, example) == [".requestContext.deploymentId: not in AWS's example"]
    assert request_event["pathParameters"] == {"id": "7"}
    assert request_event["methodArn"].endswith(f"{api.api_id}/dev/GET/request/7")


# -- HTTP APIs -------------------------------------------------------------------------------------


def http_api(server: EmulatorProcess, function_arn: str, version: str, authorizer_arn: str | None = None, **authorizer: Any) -> str:
    """``POST /items/{id}`` on a $default stage, behind a REQUEST authorizer when one is given."""
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="api", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=function_arn, PayloadFormatVersion=version
    )["IntegrationId"]
    route: dict[str, Any] = {"Target": f"integrations/{integration}"}
    if authorizer_arn is not None:
        route["AuthorizerId"] = client.create_authorizer(
            ApiId=api_id, Name="auth", AuthorizerType="REQUEST", AuthorizerUri=lambda_uri(authorizer_arn),
            IdentitySource=["$request.header.x-token", "$request.querystring.user"], **authorizer,
        )["AuthorizerId"]  # fmt: skip
        route["AuthorizationType"] = "CUSTOM"
    client.create_route(ApiId=api_id, RouteKey="POST /items/{id}", **route)
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True, StageVariables={"color": "blue"})
    return api_id


def call_items(server: EmulatorProcess, api_id: str) -> httpx.Response:
    return api_call(
        server, api_id, "POST", "/items/3?user=ann&tag=a&tag=b",
        headers={"x-token": "t-1", "Cookie": "c=1; d=2", "User-Agent": "tests/1", "content-type": "text/plain"},
        content=b"hello",
    )  # fmt: skip


def test_http_api_payload_2_0_event_fits_the_model_and_aws_example(server: EmulatorProcess, tmp_path: Path) -> None:
    api_id = http_api(server, capture_function(server, "echo", tmp_path / "echo"), "2.0")
    assert call_items(server, api_id).status_code == 200
    (event,) = captured(tmp_path / "echo")
    parsed = validated(APIGatewayProxyEventV2Model, event)
    assert differences(event, AWS_V2_EXAMPLE) == []
    assert parsed.requestContext.http.method == "POST" and parsed.cookies == ["c=1", "d=2"]
    assert_time_members(event["requestContext"], "time", "timeEpoch")
    assert event["queryStringParameters"] == {"user": "ann", "tag": "a,b"}
    assert event["requestContext"]["domainPrefix"] == api_id


def test_http_api_payload_1_0_event_fits_the_model_and_aws_example(server: EmulatorProcess, tmp_path: Path) -> None:
    echo = capture_function(server, "echo", tmp_path / "echo")
    api_id = http_api(server, echo, "1.0")
    assert call_items(server, api_id).status_code == 200
    (event,) = captured(tmp_path / "echo")
    validated(APIGatewayProxyEventModel, event)
    # A route's resourceId is its route key (AWS-recorded 1.0 events: "GET /calculate", "GET /user").
    assert differences(event, AWS_V1_EXAMPLE) == [".requestContext.resourceId: string, AWS has null"]
    assert event["requestContext"]["resourceId"] == "POST /items/{id}"
    assert_time_members(event["requestContext"], "requestTime", "requestTimeEpoch")
    # AWS-recorded 1.0 events (2021-2024) spell the names API Gateway knows as it writes them, the
    # others lower-cased; X-Amzn-Trace-Id is added as in 2.0, and hop-by-hop headers are not passed on.
    headers = event["headers"]
    assert {"Host", "User-Agent", "Content-Length", "Content-Type", "X-Amzn-Trace-Id", "x-token", "cookie"} <= set(headers)
    assert headers["X-Amzn-Trace-Id"].startswith("Root=1-")
    assert event["multiValueHeaders"]["X-Amzn-Trace-Id"] == [headers["X-Amzn-Trace-Id"]]
    assert (headers["X-Forwarded-For"], headers["X-Forwarded-Proto"]) == ("127.0.0.1", "http")
    assert not {"connection", "Connection", "host", "user-agent", "x-amzn-trace-id"} & set(event["multiValueHeaders"])

    # The $default route: resource, resourcePath and resourceId are all "$default" (AWS-recorded
    # 1.0 events quoted in spring-cloud-function's tests, two captures of 2023).
    client = server.client("apigatewayv2")
    quick = client.create_api(Name="quick", ProtocolType="HTTP", Target=echo)["ApiId"]
    (integration,) = client.get_integrations(ApiId=quick)["Items"]
    client.update_integration(ApiId=quick, IntegrationId=integration["IntegrationId"], PayloadFormatVersion="1.0")
    assert api_call(server, quick, "GET", "/question").status_code == 200
    by_default = captured(tmp_path / "echo", 2)[1]
    context = by_default["requestContext"]
    assert (by_default["resource"], context["resourcePath"], context["resourceId"]) == ("$default",) * 3
    assert by_default["path"] == context["path"] == "/question"


def test_http_api_authorizer_events_fit_the_models_and_aws_examples(server: EmulatorProcess, tmp_path: Path) -> None:
    echo = capture_function(server, "echo", tmp_path / "echo")
    simple = capture_function(server, "simple", tmp_path / "v2", AUTHORIZER, AUTHORIZER="simple")
    policy = capture_function(server, "policy", tmp_path / "v1", AUTHORIZER, AUTHORIZER="request")
    v2_api = http_api(server, echo, "2.0", simple, AuthorizerPayloadFormatVersion="2.0", EnableSimpleResponses=True)
    v1_api = http_api(server, echo, "1.0", policy, AuthorizerPayloadFormatVersion="1.0")
    assert call_items(server, v2_api).status_code == 200
    assert call_items(server, v1_api).status_code == 200

    (v2,) = captured(tmp_path / "v2")
    validated(ApiGatewayAuthorizerRequestV2, v2)
    example = {k: v for k, v in AWS_V2_EXAMPLE.items() if k not in ("body", "isBase64Encoded")}
    example |= {"type": "REQUEST", "routeArn": "arn", "identitySource": ["user1", "123"]}
    assert differences(v2, example) == []
    assert v2["identitySource"] == ["t-1", "ann"]
    assert v2["routeArn"] == f"arn:aws:execute-api:us-east-1:000000000000:{v2_api}/$default/POST/items/3"

    (v1,) = captured(tmp_path / "v1")
    validated(ApiGatewayAuthorizerRequest, v1)
    assert v1["identitySource"] == v1["authorizationToken"] == "t-1,ann"
    assert v1["methodArn"] == f"arn:aws:execute-api:us-east-1:000000000000:{v1_api}/$default/POST/items/3"
    # AWS's 1.0 example shows a trimmed requestContext; the event carries payload 1.0's whole one.
    shown = differences(v1, AWS_HTTP_V1_AUTHORIZER_EXAMPLE)
    assert [d for d in shown if not d.startswith(".requestContext.")] == [
        ".multiValueHeaders: not in AWS's example",
        ".multiValueQueryStringParameters: not in AWS's example",
    ]
    assert differences(v1["requestContext"], AWS_V1_EXAMPLE["requestContext"]) == [
        ".resourceId: string, AWS has null"
    ]

    lambda_context, v1_context = (e["requestContext"]["authorizer"] for e in captured(tmp_path / "echo", 2))
    assert lambda_context == {"lambda": {"team": "blue"}}
    assert (v1_context["team"], v1_context["principalId"]) == ("blue", "user-1")


def test_http_api_jwt_and_iam_authorizer_members_fit_the_model_and_aws_examples(
    server: EmulatorProcess, tmp_path: Path
) -> None:
    key = RsaKey("kid-1")
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [key.jwk()]}))
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="api", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", PayloadFormatVersion="2.0",
        IntegrationUri=capture_function(server, "echo", tmp_path / "echo"),
    )["IntegrationId"]  # fmt: skip
    authorizer = client.create_authorizer(
        ApiId=api_id, Name="jwt", AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Issuer": str(jwks), "Audience": ["app"]},
    )["AuthorizerId"]  # fmt: skip
    target = f"integrations/{integration}"
    client.create_route(ApiId=api_id, RouteKey="GET /jwt", Target=target, AuthorizationType="JWT", AuthorizerId=authorizer)
    client.create_route(ApiId=api_id, RouteKey="GET /iam", Target=target, AuthorizationType="AWS_IAM")
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    now = int(time.time())
    token = key.sign({"iss": str(jwks), "aud": "app", "sub": "user-1", "exp": now + 300, "scope": "read write"})
    assert api_call(server, api_id, "GET", "/jwt", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    signature = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20200101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=abc"
    assert api_call(server, api_id, "GET", "/iam", headers={"Authorization": signature}).status_code == 200
    by_jwt, by_iam = captured(tmp_path / "echo", 2)
    # AWS's documented members ("Working with AWS Lambda proxy integrations for HTTP APIs", the
    # JWT example; the function URL page's IAM example, the shape HTTP APIs share).
    jwt = validated(APIGatewayProxyEventV2Model, by_jwt).requestContext.authorizer
    assert differences(by_jwt["requestContext"]["authorizer"], {"jwt": {"claims": {"claim1": "value1"}, "scopes": ["scope1"]}}) == []
    assert jwt is not None and jwt.jwt is not None and jwt.jwt.claims["sub"] == "user-1" and jwt.jwt.scopes == ["read", "write"]
    iam_example = {
        "accessKey": "AKIA", "accountId": "111122223333", "callerId": "AIDA", "cognitoIdentity": None,
        "principalOrgId": None, "userArn": "arn:aws:iam::111122223333:user/example-user", "userId": "AIDA",
    }  # fmt: skip
    iam = validated(APIGatewayProxyEventV2Model, by_iam).requestContext.authorizer
    assert differences(by_iam["requestContext"]["authorizer"], {"iam": iam_example}) == []
    assert iam is not None and iam.iam is not None and iam.iam.accessKey == "AKIDEXAMPLE"


# -- WebSocket APIs --------------------------------------------------------------------------------


def test_websocket_events_fit_the_models_and_recorded_events(server: EmulatorProcess, tmp_path: Path) -> None:
    record = capture_function(server, "record", tmp_path / "events", WEBSOCKET="1")
    authorizer = capture_function(server, "ws-auth", tmp_path / "auth", AUTHORIZER, AUTHORIZER="websocket")
    routes = {"$connect": record, "$default": record, "$disconnect": record}
    api_id = websocket_api(server, routes, authorizer_arn=authorizer)

    async def scenario() -> None:
        async with connect(server, api_id, "?token=good") as client:
            await client.send("hello")
            await client.send(b"\x00\xff")
            captured(tmp_path / "events", 3)

    asyncio.run(scenario())
    connected, text, binary, disconnected = captured(tmp_path / "events", 4)
    validated(APIGatewayWebSocketConnectEventModel, connected)
    validated(APIGatewayWebSocketMessageEventModel, text)
    validated(APIGatewayWebSocketMessageEventModel, binary)
    validated(APIGatewayWebSocketDisconnectEventModel, disconnected)
    granted = [".requestContext.authorizer: not in AWS's example"]
    assert differences(connected, AWS_WEBSOCKET_CONNECT) == granted
    assert differences(text, AWS_WEBSOCKET_MESSAGE) == granted
    assert differences(disconnected, AWS_WEBSOCKET_DISCONNECT) == granted
    assert (binary["body"], binary["isBase64Encoded"]) == ("AP8=", True)
    for event in (connected, text, disconnected):
        assert_time_members(event["requestContext"], "requestTime", "requestTimeEpoch")
        assert event["requestContext"]["connectedAt"] == connected["requestContext"]["connectedAt"]
    assert connected["requestContext"]["authorizer"]["principalId"] == "user-1"

    (authorizer_event,) = captured(tmp_path / "auth")
    # No powertools model describes it (the authorizer above read it with APIGatewayAuthorizerRequestEvent).
    example = {**AWS_WEBSOCKET_CONNECT, "type": "REQUEST", "methodArn": "arn", "stageVariables": {}}
    example = {k: v for k, v in example.items() if k != "isBase64Encoded"}
    assert differences(authorizer_event, example) == []
    assert authorizer_event["methodArn"] == f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/test/$connect"


# -- function URLs ---------------------------------------------------------------------------------


def public_url(server: EmulatorProcess, name: str) -> str:
    lambda_client = server.client("lambda")
    config = lambda_client.create_function_url_config(FunctionName=name, AuthType="NONE")
    lambda_client.add_permission(
        FunctionName=name, StatementId="url", Action="lambda:InvokeFunctionUrl", Principal="*", FunctionUrlAuthType="NONE"
    )
    return config["FunctionUrl"].split("//", 1)[1].split(".", 1)[0]


def test_function_url_event_fits_the_model_and_recorded_events(server: EmulatorProcess, tmp_path: Path) -> None:
    capture_function(server, "echo", tmp_path / "echo")
    url_id = public_url(server, "echo")
    response = host_call(server, f"{url_id}.lambda-url.us-east-1.localhost", "POST", "/api/items/5?q=boo", content=b"x")
    assert response.status_code == 200
    (event,) = captured(tmp_path / "echo")
    validated(LambdaFunctionUrlModel, event)
    assert differences(event, AWS_FUNCTION_URL_EXAMPLE) == []
    assert_time_members(event["requestContext"], "time", "timeEpoch")
    assert event["requestContext"]["domainPrefix"] == event["requestContext"]["apiId"] == url_id


# -- powertools' resolvers, run by the workers -----------------------------------------------------


@pytest.mark.parametrize("kind", ["rest", "http-2.0", "http-1.0", "url"])
def test_powertools_resolvers_route_the_events(server: EmulatorProcess, kind: str) -> None:
    resolver = {"rest": "rest", "http-2.0": "http", "http-1.0": "rest", "url": "url"}[kind]
    function_arn = create_python_function(
        server.client("lambda"), "app", RESOLVER_APP, Timeout=10, Environment={"Variables": {"RESOLVER": resolver}}
    )["FunctionArn"]
    prefix = ""
    if kind == "rest":
        builder = RestApiBuilder(server)
        builder.lambda_method("/{proxy+}", "ANY", function_arn)
        builder.deploy("dev")
        host, prefix = f"{builder.api_id}.execute-api.localhost", "/dev"
    elif kind == "url":
        host = f"{public_url(server, 'app')}.lambda-url.us-east-1.localhost"
    else:
        api_id = server.client("apigatewayv2").create_api(
            Name="app", ProtocolType="HTTP", Target=function_arn
        )["ApiId"]
        if kind == "http-1.0":
            client = server.client("apigatewayv2")
            integration = client.get_integrations(ApiId=api_id)["Items"][0]
            client.update_integration(ApiId=api_id, IntegrationId=integration["IntegrationId"], PayloadFormatVersion="1.0")
        host = f"{api_id}.execute-api.localhost"
    got = host_call(server, host, "GET", f"{prefix}/items/42?tag=x", headers={"User-Agent": "tests/1"})
    assert got.status_code == 200, got.text
    assert got.json() == {"id": "42", "tag": "x", "agent": "tests/1", "method": "GET", "path": "/items/42"}
    created = host_call(server, host, "POST", f"{prefix}/items", json={"name": "thing"})
    assert (created.status_code, created.json()) == (201, {"created": {"name": "thing"}})
    assert created.headers["content-type"] == "application/json"
    # Cookies and a multi-valued header, as each resolver writes them for its event kind
    # (multiValueHeaders for REST and payload 1.0, cookies for 2.0 and function URLs).
    session = host_call(server, host, "GET", f"{prefix}/session")
    assert session.status_code == 204
    assert session.headers.get_list("set-cookie") == ["a=1; Secure", "b=2; Path=/; Secure"]
    joined = kind in ("http-2.0", "url")  # these events have no multiValueHeaders: powertools joins
    assert session.headers.get_list("x-many") == (["1, 2"] if joined else ["1", "2"])
    missing = host_call(server, host, "GET", f"{prefix}/nowhere")
    assert (missing.status_code, missing.json()) == (404, {"statusCode": 404, "message": "Not found"})
