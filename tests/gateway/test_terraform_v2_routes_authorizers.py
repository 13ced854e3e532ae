"""Routes and authorizers as Terraform's aws_apigatewayv2_route/_authorizer change them, and AWS's refusals.

Sources: terraform-provider-aws internal/service/apigatewayv2/route_test.go and authorizer_test.go
(route.go sends AuthorizationType with every AuthorizerId change and DeleteRouteRequestParameter
for each removed request parameter; authorizer.go retries DeleteAuthorizer on ConflictException).
The refusals' words were recorded from AWS by deployment tools, as each test says.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess

LAMBDA_URI = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:000000000000:function:tf-authorizer/invocations"
)


def _websocket(client: Any) -> str:
    return client.create_api(
        Name="tf-ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
    )["ApiId"]


def _refusal(call: Any, **params: Any) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as raised:
        call(**params)
    error = raised.value.response
    return error["Error"]["Code"], error["Error"]["Message"], error["ResponseMetadata"]["HTTPStatusCode"]


def test_route_attributes_set_and_cleared(server: EmulatorProcess) -> None:
    # route_test.go::TestAccAPIGatewayV2Route_simpleAttributes, then ::TestAccAPIGatewayV2Route_requestParameters
    client = server.client("apigatewayv2")
    api_id = _websocket(client)
    route = client.create_route(
        ApiId=api_id,
        RouteKey="$default",
        ApiKeyRequired=True,
        OperationName="GET",
        RouteResponseSelectionExpression="$default",
    )
    assert (route["ApiKeyRequired"], route["AuthorizationType"]) == (True, "NONE")
    assert "Target" not in route and "AuthorizerId" not in route

    connect = client.create_route(
        ApiId=api_id,
        RouteKey="$connect",
        RequestParameters={"route.request.header.authorization": {"Required": True}},
    )
    client.delete_route_request_parameter(
        ApiId=api_id, RouteId=connect["RouteId"], RequestParameterKey="route.request.header.authorization"
    )
    client.update_route(
        ApiId=api_id,
        RouteId=connect["RouteId"],
        RequestParameters={
            "route.request.header.authorization": {"Required": False},
            "route.request.querystring.authToken": {"Required": True},
        },
    )
    stored = client.get_route(ApiId=api_id, RouteId=connect["RouteId"])
    assert stored["RequestParameters"] == {
        "route.request.header.authorization": {"Required": False},
        "route.request.querystring.authToken": {"Required": True},
    }


def test_custom_authorizer_replaced_by_iam_leaves_no_authorizer(server: EmulatorProcess) -> None:
    # route_test.go::TestAccAPIGatewayV2Route_authorizer: authorizer_id "" with AWS_IAM.
    client = server.client("apigatewayv2")
    api_id = _websocket(client)
    authorizer = client.create_authorizer(
        ApiId=api_id, AuthorizerType="REQUEST", AuthorizerUri=LAMBDA_URI, IdentitySource=[], Name="tf-auth"
    )
    assert "AuthorizerResultTtlInSeconds" not in authorizer
    route = client.create_route(
        ApiId=api_id, RouteKey="$connect", AuthorizationType="CUSTOM", AuthorizerId=authorizer["AuthorizerId"]
    )
    updated = client.update_route(
        ApiId=api_id, RouteId=route["RouteId"], AuthorizationType="AWS_IAM", AuthorizerId=""
    )
    assert updated["AuthorizationType"] == "AWS_IAM" and "AuthorizerId" not in updated


def test_authorizer_a_route_uses_cannot_be_deleted(server: EmulatorProcess) -> None:
    # Words recorded from AWS in sst#5586 (409); authorizer.go retries on this ConflictException.
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="tf-http", ProtocolType="HTTP")["ApiId"]
    authorizer = client.create_authorizer(
        ApiId=api_id,
        AuthorizerType="JWT",
        IdentitySource=["$request.header.Authorization"],
        Name="tf-jwt",
        JwtConfiguration={"Audience": ["test"], "Issuer": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_tf"},
    )
    route = client.create_route(
        ApiId=api_id,
        RouteKey="POST /pdf/generate",
        AuthorizationType="JWT",
        AuthorizerId=authorizer["AuthorizerId"],
        AuthorizationScopes=["user.id", "user.email"],
    )
    assert _refusal(client.delete_authorizer, ApiId=api_id, AuthorizerId=authorizer["AuthorizerId"]) == (
        "ConflictException",
        "Cannot delete authorizer 'tf-jwt', is referenced in route: POST /pdf/generate",
        409,
    )
    client.delete_route(ApiId=api_id, RouteId=route["RouteId"])
    client.delete_authorizer(ApiId=api_id, AuthorizerId=authorizer["AuthorizerId"])


def test_http_request_authorizer_cache_settings(server: EmulatorProcess) -> None:
    # authorizer_test.go::TestAccAPIGatewayV2Authorizer_HTTPAPILambdaRequestAuthorizer_initialMissingCacheTTL
    # (authorizer.go sends 300 when identity sources are set and no TTL is configured).
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="tf-http", ProtocolType="HTTP")["ApiId"]
    without_sources = client.create_authorizer(
        ApiId=api_id,
        AuthorizerPayloadFormatVersion="2.0",
        AuthorizerType="REQUEST",
        AuthorizerUri=LAMBDA_URI,
        EnableSimpleResponses=True,
        IdentitySource=[],
        Name="tf-none",
    )
    assert without_sources["AuthorizerResultTtlInSeconds"] == 0
    created = client.create_authorizer(
        ApiId=api_id,
        AuthorizerPayloadFormatVersion="2.0",
        AuthorizerResultTtlInSeconds=300,
        AuthorizerType="REQUEST",
        AuthorizerUri=LAMBDA_URI,
        EnableSimpleResponses=True,
        IdentitySource=["$request.header.Auth"],
        Name="tf-cached",
    )
    updated = client.update_authorizer(
        ApiId=api_id,
        AuthorizerId=created["AuthorizerId"],
        AuthorizerPayloadFormatVersion="1.0",
        AuthorizerResultTtlInSeconds=3600,
        EnableSimpleResponses=False,
        IdentitySource=["$request.querystring.User", "$context.routeKey"],
    )
    assert (updated["AuthorizerPayloadFormatVersion"], updated["AuthorizerResultTtlInSeconds"]) == ("1.0", 3600)
    assert updated["EnableSimpleResponses"] is False


def test_integration_a_route_targets_cannot_be_deleted(server: EmulatorProcess) -> None:
    # Words recorded from AWS in terraform-aws-next-js#247 and klotho#348 (409).
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="tf-http", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(
        ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="GET", IntegrationUri="https://example.com"
    )
    target = f"integrations/{integration['IntegrationId']}"
    route = client.create_route(ApiId=api_id, RouteKey="GET /test", Target=target)
    assert _refusal(client.delete_integration, ApiId=api_id, IntegrationId=integration["IntegrationId"]) == (
        "ConflictException",
        f"Cannot delete Integration because it is referenced by the following Routes with Ids: [{route['RouteId']}]",
        409,
    )


def test_path_variables_on_one_level_must_share_a_name(server: EmulatorProcess) -> None:
    # Words recorded from AWS by a CloudFormation deployment (plutomi#271, 409).
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="tf-http", ProtocolType="HTTP")["ApiId"]
    existing = "GET /public/orgs/{orgId}/stages/{stage_id}/questions"
    client.create_route(ApiId=api_id, RouteKey=existing)
    provided = "GET /public/orgs/{orgId}/stages/{stageId}/questions"
    assert _refusal(client.create_route, ApiId=api_id, RouteKey=provided) == (
        "ConflictException",
        f'The provided route key "{provided}" has a conflicting variable on the same hierarchical level as "{existing}"',
        409,
    )
    # The same name, a literal sibling or a greedy variable is no conflict.
    for route_key in ("POST /public/orgs/{orgId}/stages/{stage_id}", "GET /public/orgs/list", "ANY /public/{proxy+}"):
        client.create_route(ApiId=api_id, RouteKey=route_key)
    moved = client.create_route(ApiId=api_id, RouteKey="GET /path")
    assert _refusal(
        client.update_route, ApiId=api_id, RouteId=moved["RouteId"], RouteKey="GET /public/orgs/{id}"
    )[0] == "ConflictException"
