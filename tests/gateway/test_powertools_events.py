"""The events API Gateway and function URLs hand a function, checked three ways: against AWS Lambda
Powertools' parser models (pydantic models AWS maintains from real events), member by member
against AWS's documented or recorded example of each event, and by running powertools'
event_handler resolvers and authorizer helpers inside the workers, as users deploy them."""

from __future__ import annotations

import asyncio
import json
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
from test_http_events import AWS_V1_EXAMPLE, AWS_V2_EXAMPLE
from test_http_support import RsaKey
from test_powertools_support import (
    AUTHORIZER,
    AWS_FUNCTION_URL_EXAMPLE,
    AWS_HTTP_V1_AUTHORIZER_EXAMPLE,
    AWS_REST_PROXY_EXAMPLE,
    AWS_TOKEN_AUTHORIZER_EXAMPLE,
    AWS_WEBSOCKET_CONNECT,
    AWS_WEBSOCKET_DISCONNECT,
    AWS_WEBSOCKET_MESSAGE,
    RESOLVER_APP,
    api_call,
    assert_time_members,
    capture_function,
    captured,
    differences,
    host_call,
    public_url,
    validated,
)
from test_rest_support import RestApiBuilder, lambda_uri
from test_websocket_support import connect, websocket_api

from emulator.testing import EmulatorProcess
from emulator.testing.functions import create_python_function


@pytest.fixture
def server(host_packages_server: EmulatorProcess) -> EmulatorProcess:
    """Functions here import Powertools, which AWS's Powertools layer provides: from this environment here."""
    return host_packages_server

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
