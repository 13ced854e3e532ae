"""apigatewayv2 control plane for WebSocket APIs: stored with AWS's shapes and checks, and readable
by the WebSocket data plane through ``get_api_model``."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.aws.context import RequestContext
from emulator.config import Settings
from emulator.gateway.http_provider import ApiGatewayV2Provider
from emulator.testing import EmulatorProcess

FUNCTION_URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:chat/invocations"


@pytest.fixture
def apigw(server: EmulatorProcess) -> Any:
    return server.client("apigatewayv2")


def code_of(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    return excinfo.value.response["Error"]["Code"]


def test_create_websocket_api(apigw: Any) -> None:
    api = apigw.create_api(
        Name="chat", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
    )
    assert api["ProtocolType"] == "WEBSOCKET"
    assert api["RouteSelectionExpression"] == "$request.body.action"
    assert api["ApiKeySelectionExpression"] == "$request.header.x-api-key"
    assert api["ApiEndpoint"] == f"wss://{api['ApiId']}.execute-api.us-east-1.amazonaws.com"


@pytest.mark.parametrize(
    "options",
    [
        {},
        {
            "RouteSelectionExpression": "$request.body.action",
            "Target": "arn:aws:lambda:us-east-1:000000000000:function:f",
        },
        {"RouteSelectionExpression": "$request.body.action", "CorsConfiguration": {"AllowOrigins": ["*"]}},
        {
            "RouteSelectionExpression": "$request.body.action",
            "ApiKeySelectionExpression": "$request.header.other",
        },
    ],
)
def test_websocket_api_validation(apigw: Any, options: dict[str, Any]) -> None:
    with pytest.raises(ClientError) as excinfo:
        apigw.create_api(Name="chat", ProtocolType="WEBSOCKET", **options)
    assert code_of(excinfo) == "BadRequestException"


def test_websocket_routes_integrations_responses_stage(apigw: Any) -> None:
    api_id = apigw.create_api(
        Name="chat", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
    )["ApiId"]
    integration = apigw.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=FUNCTION_URI
    )
    assert integration["IntegrationMethod"] == "POST"
    assert integration["PayloadFormatVersion"] == "1.0"
    assert integration["TimeoutInMillis"] == 29000
    assert integration["PassthroughBehavior"] == "WHEN_NO_MATCH"
    target = f"integrations/{integration['IntegrationId']}"
    authorizer = apigw.create_authorizer(
        ApiId=api_id,
        Name="auth",
        AuthorizerType="REQUEST",
        AuthorizerUri=FUNCTION_URI,
        IdentitySource=["route.request.querystring.token"],
    )
    routes = {}
    for key in ("$connect", "$disconnect", "$default", "sendmessage"):
        options: dict[str, Any] = {"Target": target}
        if key == "$connect":
            options.update(AuthorizationType="CUSTOM", AuthorizerId=authorizer["AuthorizerId"])
        if key == "sendmessage":
            options["RouteResponseSelectionExpression"] = "$default"
        routes[key] = apigw.create_route(ApiId=api_id, RouteKey=key, **options)
    assert routes["sendmessage"]["RouteResponseSelectionExpression"] == "$default"
    assert routes["$connect"]["AuthorizationType"] == "CUSTOM"
    response = apigw.create_route_response(
        ApiId=api_id, RouteId=routes["sendmessage"]["RouteId"], RouteResponseKey="$default"
    )
    assert response["RouteResponseKey"] == "$default"
    listed = apigw.get_route_responses(ApiId=api_id, RouteId=routes["sendmessage"]["RouteId"])["Items"]
    assert [r["RouteResponseId"] for r in listed] == [response["RouteResponseId"]]
    got = apigw.get_route_response(
        ApiId=api_id, RouteId=routes["sendmessage"]["RouteId"], RouteResponseId=response["RouteResponseId"]
    )
    assert got["RouteResponseKey"] == "$default"
    integration_response = apigw.create_integration_response(
        ApiId=api_id, IntegrationId=integration["IntegrationId"], IntegrationResponseKey="$default"
    )
    assert apigw.get_integration_responses(ApiId=api_id, IntegrationId=integration["IntegrationId"])[
        "Items"
    ] == [{k: v for k, v in integration_response.items() if k != "ResponseMetadata"}]
    with pytest.raises(ClientError) as excinfo:
        apigw.create_route_response(
            ApiId=api_id, RouteId=routes["sendmessage"]["RouteId"], RouteResponseKey="$default"
        )
    assert code_of(excinfo) == "ConflictException"
    stage = apigw.create_stage(ApiId=api_id, StageName="production")
    assert stage["DefaultRouteSettings"]["LoggingLevel"] == "OFF"
    deployment = apigw.create_deployment(ApiId=api_id, StageName="production")
    assert apigw.get_stage(ApiId=api_id, StageName="production")["DeploymentId"] == deployment["DeploymentId"]


def test_websocket_rejects_http_only_features(apigw: Any) -> None:
    api_id = apigw.create_api(
        Name="chat", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
    )["ApiId"]
    for call, options in (
        (
            apigw.create_authorizer,
            {
                "Name": "j",
                "AuthorizerType": "JWT",
                "IdentitySource": ["route.request.header.A"],
                "JwtConfiguration": {"Issuer": "https://i"},
            },
        ),
        (apigw.create_stage, {"StageName": "$default"}),
        (apigw.create_deployment, {}),
        (
            apigw.create_integration,
            {"IntegrationType": "AWS_PROXY", "IntegrationUri": FUNCTION_URI, "PayloadFormatVersion": "2.0"},
        ),
    ):
        with pytest.raises(ClientError) as excinfo:
            call(ApiId=api_id, **options)
        assert code_of(excinfo) == "BadRequestException", call


def test_http_apis_have_no_route_responses(apigw: Any) -> None:
    api_id = apigw.create_api(Name="h", ProtocolType="HTTP")["ApiId"]
    route_id = apigw.create_route(ApiId=api_id, RouteKey="GET /x")["RouteId"]
    with pytest.raises(ClientError) as excinfo:
        apigw.create_route_response(ApiId=api_id, RouteId=route_id, RouteResponseKey="$default")
    assert code_of(excinfo) == "BadRequestException"


def test_api_model_accessor_gives_the_deployed_snapshot() -> None:
    provider = ApiGatewayV2Provider(Settings(), lambda_=None)
    ctx = RequestContext(region="us-east-1")
    api_id = provider.create_api(
        ctx, {"Name": "c", "ProtocolType": "WEBSOCKET", "RouteSelectionExpression": "$request.body.action"}
    )["ApiId"]
    integration = provider.create_integration(
        ctx, {"ApiId": api_id, "IntegrationType": "AWS_PROXY", "IntegrationUri": FUNCTION_URI}
    )
    provider.create_route(
        ctx,
        {"ApiId": api_id, "RouteKey": "$connect", "Target": f"integrations/{integration['IntegrationId']}"},
    )
    provider.create_stage(ctx, {"ApiId": api_id, "StageName": "dev"})
    model = provider.get_api_model(api_id)
    assert model is not None and model.is_websocket
    assert model.snapshot_for_stage("dev") is None
    provider.create_deployment(ctx, {"ApiId": api_id, "StageName": "dev"})
    snapshot = model.snapshot_for_stage("dev")
    assert snapshot is not None
    assert [route["RouteKey"] for route in snapshot.routes.values()] == ["$connect"]
    assert provider.get_api_model("missing") is None
