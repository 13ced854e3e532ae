"""Helpers for the powertools event checks: functions that capture their events, AWS's example
events, and a member-by-member comparison with them.

Named test_powertools_* so that it sits with those tests; it holds no tests.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel

from emulator.testing import EmulatorProcess
from emulator.testing.functions import create_python_function

#: Writes each event to a file of CAPTURE_DIR, then answers a WebSocket 200 or, for APIs and
#: function URLs, the event as its JSON body.
CAPTURE = """
import json, os, time

def handler(event, context):
    # Written aside, then renamed: the test polls the directory and must never read a half-written file.
    path = os.path.join(os.environ["CAPTURE_DIR"], f"{time.time_ns()}")
    with open(path + ".part", "w") as out:
        json.dump(event, out)
    os.replace(path + ".part", path + ".json")
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
    # Written aside, then renamed: the test polls the directory and must never read a half-written file.
    path = os.path.join(os.environ["CAPTURE_DIR"], f"{time.time_ns()}")
    with open(path + ".part", "w") as out:
        json.dump(event, out)
    os.replace(path + ".part", path + ".json")
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


def public_url(server: EmulatorProcess, name: str) -> str:
    lambda_client = server.client("lambda")
    config = lambda_client.create_function_url_config(FunctionName=name, AuthType="NONE")
    lambda_client.add_permission(
        FunctionName=name, StatementId="url", Action="lambda:InvokeFunctionUrl", Principal="*", FunctionUrlAuthType="NONE"
    )
    return config["FunctionUrl"].split("//", 1)[1].split(".", 1)[0]
