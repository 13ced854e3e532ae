"""apigatewayv2 control plane for HTTP APIs, through boto3: shapes, defaults and AWS's errors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess

FUNCTION_ARN = "arn:aws:lambda:us-east-1:000000000000:function:handler"


@pytest.fixture
def apigw(server: EmulatorProcess) -> Any:
    return server.client("apigatewayv2")


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> tuple[str, str, int]:
    response = excinfo.value.response
    return (
        response["Error"]["Code"],
        response["Error"]["Message"],
        response["ResponseMetadata"]["HTTPStatusCode"],
    )


def test_create_api_returns_aws_shape_and_defaults(apigw: Any) -> None:
    api = apigw.create_api(Name="pets", ProtocolType="HTTP", Description="d", Version="1", Tags={"team": "a"})
    api_id = api["ApiId"]
    assert len(api_id) == 10 and api_id.isalnum()
    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert api["ApiEndpoint"] == f"https://{api_id}.execute-api.us-east-1.amazonaws.com"
    assert api["ApiKeySelectionExpression"] == "$request.header.x-api-key"
    assert api["RouteSelectionExpression"] == "$request.method $request.path"
    assert api["DisableExecuteApiEndpoint"] is False
    assert (api["Name"], api["ProtocolType"], api["Description"], api["Version"]) == (
        "pets",
        "HTTP",
        "d",
        "1",
    )
    assert api["Tags"] == {"team": "a"}
    assert "CreatedDate" in api
    fetched = apigw.get_api(ApiId=api_id)
    fetched.pop("ResponseMetadata")
    api.pop("ResponseMetadata")
    assert fetched == api


def test_get_apis_lists_and_pages(apigw: Any) -> None:
    ids = {apigw.create_api(Name=f"api{i}", ProtocolType="HTTP")["ApiId"] for i in range(3)}
    assert {item["ApiId"] for item in apigw.get_apis()["Items"]} == ids
    first = apigw.get_apis(MaxResults="2")
    assert len(first["Items"]) == 2 and "NextToken" in first
    rest = apigw.get_apis(NextToken=first["NextToken"])
    assert {item["ApiId"] for item in first["Items"] + rest["Items"]} == ids


def test_unknown_api_is_not_found_with_account_and_id(apigw: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        apigw.get_api(ApiId="xyz")
    assert error_of(excinfo) == (
        "NotFoundException",
        "Invalid API identifier specified 000000000000:xyz",
        404,
    )
    with pytest.raises(ClientError) as excinfo:
        apigw.get_routes(ApiId="xyz")
    assert error_of(excinfo)[0] == "NotFoundException"


def test_update_and_delete_api(apigw: Any) -> None:
    api_id = apigw.create_api(Name="before", ProtocolType="HTTP")["ApiId"]
    updated = apigw.update_api(ApiId=api_id, Name="after", CorsConfiguration={"AllowOrigins": ["*"]})
    assert updated["Name"] == "after"
    assert updated["CorsConfiguration"] == {"AllowOrigins": ["*"]}
    apigw.delete_cors_configuration(ApiId=api_id)
    assert "CorsConfiguration" not in apigw.get_api(ApiId=api_id)
    assert apigw.delete_api(ApiId=api_id)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as excinfo:
        apigw.get_api(ApiId=api_id)
    assert error_of(excinfo)[0] == "NotFoundException"


def test_quick_create_makes_integration_default_route_and_auto_deployed_stage(apigw: Any) -> None:
    api_id = apigw.create_api(Name="quick", ProtocolType="HTTP", Target=FUNCTION_ARN)["ApiId"]
    [integration] = apigw.get_integrations(ApiId=api_id)["Items"]
    assert integration["IntegrationType"] == "AWS_PROXY"
    assert integration["IntegrationUri"] == FUNCTION_ARN
    assert integration["PayloadFormatVersion"] == "2.0"
    assert integration["IntegrationMethod"] == "POST"
    assert integration["TimeoutInMillis"] == 30000
    assert integration["ApiGatewayManaged"] is True
    [route] = apigw.get_routes(ApiId=api_id)["Items"]
    assert route["RouteKey"] == "$default"
    assert route["Target"] == f"integrations/{integration['IntegrationId']}"
    assert route["ApiGatewayManaged"] is True
    [stage] = apigw.get_stages(ApiId=api_id)["Items"]
    assert stage["StageName"] == "$default" and stage["AutoDeploy"] is True
    assert stage["DeploymentId"] in {d["DeploymentId"] for d in apigw.get_deployments(ApiId=api_id)["Items"]}
    assert (
        stage["LastDeploymentStatusMessage"]
        == f"Successfully deployed stage with deployment ID '{stage['DeploymentId']}'"
    )


def test_quick_create_with_route_key(apigw: Any) -> None:
    api_id = apigw.create_api(Name="quick", ProtocolType="HTTP", Target=FUNCTION_ARN, RouteKey="GET /hello")[
        "ApiId"
    ]
    assert [r["RouteKey"] for r in apigw.get_routes(ApiId=api_id)["Items"]] == ["GET /hello"]


def test_route_key_without_target_is_rejected(apigw: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        apigw.create_api(Name="bad", ProtocolType="HTTP", RouteKey="GET /x")
    assert error_of(excinfo)[0] == "BadRequestException"


def test_routes_crud(apigw: Any) -> None:
    api_id = apigw.create_api(Name="r", ProtocolType="HTTP")["ApiId"]
    integration_id = apigw.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=FUNCTION_ARN, PayloadFormatVersion="2.0"
    )["IntegrationId"]
    created = {
        key: apigw.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration_id}")
        for key in ("GET /items/{id}", "ANY /{proxy+}", "$default")
    }
    route = created["GET /items/{id}"]
    assert route["ApiKeyRequired"] is False and route["AuthorizationType"] == "NONE"
    assert apigw.get_route(ApiId=api_id, RouteId=route["RouteId"])["RouteKey"] == "GET /items/{id}"
    assert {r["RouteKey"] for r in apigw.get_routes(ApiId=api_id)["Items"]} == set(created)
    updated = apigw.update_route(ApiId=api_id, RouteId=route["RouteId"], RouteKey="POST /items/{id}")
    assert updated["RouteKey"] == "POST /items/{id}"
    apigw.delete_route(ApiId=api_id, RouteId=route["RouteId"])
    with pytest.raises(ClientError) as excinfo:
        apigw.get_route(ApiId=api_id, RouteId=route["RouteId"])
    assert error_of(excinfo) == (
        "NotFoundException",
        f"Invalid Route identifier specified {route['RouteId']}",
        404,
    )


@pytest.mark.parametrize("route_key", ["GET", "FETCH /x", "GET items", "GET /{proxy+}/x", "GET /a//b"])
def test_invalid_route_keys_are_bad_requests(apigw: Any, route_key: str) -> None:
    api_id = apigw.create_api(Name="r", ProtocolType="HTTP")["ApiId"]
    with pytest.raises(ClientError) as excinfo:
        apigw.create_route(ApiId=api_id, RouteKey=route_key)
    assert error_of(excinfo)[0] == "BadRequestException"


def test_duplicate_route_key_conflicts(apigw: Any) -> None:
    api_id = apigw.create_api(Name="r", ProtocolType="HTTP")["ApiId"]
    apigw.create_route(ApiId=api_id, RouteKey="GET /pets")
    with pytest.raises(ClientError) as excinfo:
        apigw.create_route(ApiId=api_id, RouteKey="GET /pets")
    assert error_of(excinfo)[0] == "ConflictException"
    assert error_of(excinfo)[2] == 409


def test_integrations_crud_and_validation(apigw: Any) -> None:
    api_id = apigw.create_api(Name="i", ProtocolType="HTTP")["ApiId"]
    lambda_one = apigw.create_integration(
        ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=FUNCTION_ARN, PayloadFormatVersion="1.0"
    )
    assert lambda_one["ConnectionType"] == "INTERNET"
    assert lambda_one["IntegrationMethod"] == "POST"
    assert lambda_one["PayloadFormatVersion"] == "1.0"
    assert lambda_one["TimeoutInMillis"] == 30000
    proxy = apigw.create_integration(
        ApiId=api_id,
        IntegrationType="HTTP_PROXY",
        IntegrationUri="https://example.com/{proxy}",
        IntegrationMethod="GET",
    )
    assert proxy["PayloadFormatVersion"] == "1.0"
    got = apigw.get_integration(ApiId=api_id, IntegrationId=proxy["IntegrationId"])
    assert got["IntegrationUri"] == "https://example.com/{proxy}"
    updated = apigw.update_integration(
        ApiId=api_id, IntegrationId=lambda_one["IntegrationId"], PayloadFormatVersion="2.0"
    )
    assert updated["PayloadFormatVersion"] == "2.0"
    assert len(apigw.get_integrations(ApiId=api_id)["Items"]) == 2
    apigw.delete_integration(ApiId=api_id, IntegrationId=proxy["IntegrationId"])
    with pytest.raises(ClientError) as excinfo:
        apigw.get_integration(ApiId=api_id, IntegrationId=proxy["IntegrationId"])
    assert error_of(excinfo)[:2] == (
        "NotFoundException",
        f"Invalid Integration identifier specified {proxy['IntegrationId']}",
    )
    for bad in (
        {"IntegrationType": "MOCK"},
        {"IntegrationType": "AWS_PROXY", "IntegrationUri": FUNCTION_ARN, "PayloadFormatVersion": "3.0"},
        {
            "IntegrationType": "AWS_PROXY",
            "IntegrationUri": FUNCTION_ARN,
            "PayloadFormatVersion": "2.0",
            "TimeoutInMillis": 40000,
        },
    ):
        with pytest.raises(ClientError) as excinfo:
            apigw.create_integration(ApiId=api_id, **bad)
        assert error_of(excinfo)[0] == "BadRequestException"


def test_route_target_must_name_an_existing_integration(apigw: Any) -> None:
    api_id = apigw.create_api(Name="r", ProtocolType="HTTP")["ApiId"]
    with pytest.raises(ClientError) as excinfo:
        apigw.create_route(ApiId=api_id, RouteKey="GET /x", Target="integrations/nope123")
    assert error_of(excinfo)[0] == "NotFoundException"


def test_stages_with_variables_and_throttling(apigw: Any) -> None:
    api_id = apigw.create_api(Name="s", ProtocolType="HTTP")["ApiId"]
    stage = apigw.create_stage(
        ApiId=api_id,
        StageName="prod",
        StageVariables={"color": "blue"},
        DefaultRouteSettings={"ThrottlingBurstLimit": 5, "ThrottlingRateLimit": 10.0},
    )
    assert stage["StageName"] == "prod"
    assert "AutoDeploy" not in stage
    assert stage["StageVariables"] == {"color": "blue"}
    assert stage["DefaultRouteSettings"]["ThrottlingBurstLimit"] == 5
    assert stage["DefaultRouteSettings"]["ThrottlingRateLimit"] == 10.0
    assert "DeploymentId" not in stage
    updated = apigw.update_stage(ApiId=api_id, StageName="prod", StageVariables={"color": "red"})
    assert updated["StageVariables"] == {"color": "red"}
    with pytest.raises(ClientError) as excinfo:
        apigw.create_stage(ApiId=api_id, StageName="prod")
    assert error_of(excinfo)[0] == "ConflictException"
    apigw.delete_stage(ApiId=api_id, StageName="prod")
    with pytest.raises(ClientError) as excinfo:
        apigw.get_stage(ApiId=api_id, StageName="prod")
    assert error_of(excinfo)[:2] == ("NotFoundException", "Invalid stage identifier specified prod")


def test_deployments_point_stages(apigw: Any) -> None:
    api_id = apigw.create_api(Name="d", ProtocolType="HTTP")["ApiId"]
    apigw.create_route(ApiId=api_id, RouteKey="GET /a")
    apigw.create_stage(ApiId=api_id, StageName="dev")
    deployment = apigw.create_deployment(ApiId=api_id, StageName="dev", Description="first")
    assert deployment["DeploymentStatus"] == "DEPLOYED"
    assert deployment["AutoDeployed"] is False
    assert deployment["Description"] == "first"
    assert apigw.get_stage(ApiId=api_id, StageName="dev")["DeploymentId"] == deployment["DeploymentId"]
    assert (
        apigw.get_deployment(ApiId=api_id, DeploymentId=deployment["DeploymentId"])["Description"] == "first"
    )
    assert [d["DeploymentId"] for d in apigw.get_deployments(ApiId=api_id)["Items"]] == [
        deployment["DeploymentId"]
    ]


def test_auto_deploy_redeploys_after_changes(apigw: Any) -> None:
    api_id = apigw.create_api(Name="auto", ProtocolType="HTTP")["ApiId"]
    first = apigw.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)["DeploymentId"]
    apigw.create_route(ApiId=api_id, RouteKey="GET /b")
    second = apigw.get_stage(ApiId=api_id, StageName="$default")["DeploymentId"]
    assert second != first
    assert apigw.get_deployment(ApiId=api_id, DeploymentId=second)["AutoDeployed"] is True


def test_authorizers_jwt_and_request(apigw: Any) -> None:
    api_id = apigw.create_api(Name="auth", ProtocolType="HTTP")["ApiId"]
    jwt = apigw.create_authorizer(
        ApiId=api_id,
        Name="jwt",
        AuthorizerType="JWT",
        IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Issuer": "https://issuer.example", "Audience": ["aud"]},
    )
    assert jwt["JwtConfiguration"] == {"Issuer": "https://issuer.example", "Audience": ["aud"]}
    request = apigw.create_authorizer(
        ApiId=api_id,
        Name="lambda",
        AuthorizerType="REQUEST",
        AuthorizerUri=FUNCTION_ARN,
        AuthorizerPayloadFormatVersion="2.0",
        EnableSimpleResponses=True,
        IdentitySource=["$request.header.x-token"],
        AuthorizerResultTtlInSeconds=60,
    )
    assert request["EnableSimpleResponses"] is True and request["AuthorizerResultTtlInSeconds"] == 60
    route = apigw.create_route(
        ApiId=api_id, RouteKey="GET /p", AuthorizationType="JWT", AuthorizerId=jwt["AuthorizerId"]
    )
    assert route["AuthorizerId"] == jwt["AuthorizerId"]
    names = {a["Name"] for a in apigw.get_authorizers(ApiId=api_id)["Items"]}
    assert names == {"jwt", "lambda"}
    apigw.update_authorizer(
        ApiId=api_id, AuthorizerId=request["AuthorizerId"], AuthorizerResultTtlInSeconds=0
    )
    assert (
        apigw.get_authorizer(ApiId=api_id, AuthorizerId=request["AuthorizerId"])[
            "AuthorizerResultTtlInSeconds"
        ]
        == 0
    )
    apigw.delete_authorizer(ApiId=api_id, AuthorizerId=request["AuthorizerId"])
    with pytest.raises(ClientError) as excinfo:
        apigw.get_authorizer(ApiId=api_id, AuthorizerId=request["AuthorizerId"])
    assert error_of(excinfo)[0] == "NotFoundException"


def test_authorizer_validation(apigw: Any) -> None:
    api_id = apigw.create_api(Name="auth", ProtocolType="HTTP")["ApiId"]
    with pytest.raises(ClientError) as excinfo:
        apigw.create_authorizer(
            ApiId=api_id, Name="j", AuthorizerType="JWT", IdentitySource=["$request.header.A"]
        )
    assert error_of(excinfo)[0] == "BadRequestException"
    with pytest.raises(ClientError) as excinfo:
        apigw.create_authorizer(
            ApiId=api_id,
            Name="r",
            AuthorizerType="REQUEST",
            AuthorizerUri=FUNCTION_ARN,
            AuthorizerPayloadFormatVersion="1.0",
            EnableSimpleResponses=True,
            IdentitySource=["$request.header.A"],
        )
    assert error_of(excinfo)[0] == "BadRequestException"
    with pytest.raises(ClientError) as excinfo:
        apigw.create_route(ApiId=api_id, RouteKey="GET /x", AuthorizationType="JWT")
    assert error_of(excinfo)[0] == "BadRequestException"


def test_tags_on_apis(apigw: Any) -> None:
    api_id = apigw.create_api(Name="t", ProtocolType="HTTP")["ApiId"]
    arn = f"arn:aws:apigateway:us-east-1::/apis/{api_id}"
    apigw.tag_resource(ResourceArn=arn, Tags={"a": "1", "b": "2"})
    apigw.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert apigw.get_tags(ResourceArn=arn)["Tags"] == {"b": "2"}


def test_apis_are_per_region(server: EmulatorProcess, apigw: Any) -> None:
    api_id = apigw.create_api(Name="east", ProtocolType="HTTP")["ApiId"]
    west = server.client("apigatewayv2", region_name="us-west-2")
    assert west.get_apis()["Items"] == []
    with pytest.raises(ClientError) as excinfo:
        west.get_api(ApiId=api_id)
    assert error_of(excinfo)[0] == "NotFoundException"


def test_wire_format_uses_json_names_and_iso_timestamps(server: EmulatorProcess, apigw: Any) -> None:
    api_id = apigw.create_api(Name="wire", ProtocolType="HTTP", CorsConfiguration={"AllowOrigins": ["*"]})[
        "ApiId"
    ]
    document = httpx.get(f"{server.url}/v2/apis/{api_id}").json()
    assert document["apiId"] == api_id and document["name"] == "wire"
    assert document["corsConfiguration"] == {"allowOrigins": ["*"]}
    assert document["createdDate"].endswith("Z") and "T" in document["createdDate"]
    created = httpx.post(f"{server.url}/v2/apis/{api_id}/routes", json={"routeKey": "GET /raw"})
    assert created.status_code == 201 and created.json()["routeKey"] == "GET /raw"


def test_update_api_target_changes_the_quick_create_integration(apigw: Any) -> None:
    api_id = apigw.create_api(Name="quick", ProtocolType="HTTP", Target=FUNCTION_ARN)["ApiId"]
    other = FUNCTION_ARN.replace("handler", "other")
    apigw.update_api(ApiId=api_id, Target=other, RouteKey="ANY /things")
    [integration] = apigw.get_integrations(ApiId=api_id)["Items"]
    assert integration["IntegrationUri"] == other
    assert [r["RouteKey"] for r in apigw.get_routes(ApiId=api_id)["Items"]] == ["ANY /things"]
    assert "Target" not in apigw.get_api(ApiId=api_id)


def test_domain_names_and_api_mappings(apigw: Any) -> None:
    api_id = apigw.create_api(Name="d", ProtocolType="HTTP", Target=FUNCTION_ARN)["ApiId"]
    domain = apigw.create_domain_name(
        DomainName="api.example.com",
        DomainNameConfigurations=[
            {
                "CertificateArn": "arn:aws:acm:us-east-1:000000000000:certificate/abc",
                "EndpointType": "REGIONAL",
            }
        ],
    )
    assert domain["DomainName"] == "api.example.com"
    assert domain["ApiMappingSelectionExpression"] == "$request.basepath"
    [configuration] = domain["DomainNameConfigurations"]
    assert configuration["DomainNameStatus"] == "AVAILABLE"
    assert configuration["ApiGatewayDomainName"].endswith(".execute-api.us-east-1.amazonaws.com")
    with pytest.raises(ClientError) as excinfo:
        apigw.create_domain_name(DomainName="api.example.com")
    assert error_of(excinfo)[0] == "ConflictException"
    mapping = apigw.create_api_mapping(
        DomainName="api.example.com", ApiId=api_id, Stage="$default", ApiMappingKey="v1"
    )
    assert (mapping["ApiId"], mapping["Stage"], mapping["ApiMappingKey"]) == (api_id, "$default", "v1")
    with pytest.raises(ClientError) as excinfo:
        apigw.create_api_mapping(
            DomainName="api.example.com", ApiId=api_id, Stage="$default", ApiMappingKey="v1"
        )
    assert error_of(excinfo)[0] == "ConflictException"
    with pytest.raises(ClientError) as excinfo:
        apigw.create_api_mapping(DomainName="api.example.com", ApiId=api_id, Stage="missing")
    assert error_of(excinfo)[0] == "BadRequestException"
    assert [m["ApiMappingId"] for m in apigw.get_api_mappings(DomainName="api.example.com")["Items"]] == [
        mapping["ApiMappingId"]
    ]
    updated = apigw.update_api_mapping(
        DomainName="api.example.com", ApiMappingId=mapping["ApiMappingId"], ApiId=api_id, ApiMappingKey="v2"
    )
    assert updated["ApiMappingKey"] == "v2"
    apigw.delete_api_mapping(DomainName="api.example.com", ApiMappingId=mapping["ApiMappingId"])
    assert apigw.get_api_mappings(DomainName="api.example.com")["Items"] == []
    assert [d["DomainName"] for d in apigw.get_domain_names()["Items"]] == ["api.example.com"]
    apigw.delete_domain_name(DomainName="api.example.com")
    with pytest.raises(ClientError) as excinfo:
        apigw.get_domain_name(DomainName="api.example.com")
    assert error_of(excinfo)[0] == "NotFoundException"


def test_authorizer_refusals_in_aws_words(apigw: Any) -> None:
    api_id = apigw.create_api(Name="auth", ProtocolType="HTTP")["ApiId"]
    request = {"ApiId": api_id, "Name": "r", "AuthorizerType": "REQUEST", "IdentitySource": ["$request.header.A"]}
    with pytest.raises(ClientError) as excinfo:
        apigw.create_authorizer(**request)
    assert error_of(excinfo) == ("BadRequestException", "AuthorizerUri is a required field in an Authorizer", 400)
    with pytest.raises(ClientError) as excinfo:
        apigw.create_authorizer(**request, AuthorizerUri=FUNCTION_ARN)
    assert error_of(excinfo)[1] == "AuthorizerPayloadFormatVersion is a required parameter for REQUEST authorizer"
    jwt = {
        "ApiId": api_id,
        "Name": "j",
        "AuthorizerType": "JWT",
        "IdentitySource": ["$request.header.Authorization"],
        "JwtConfiguration": {"Audience": ["a"], "Issuer": "https://issuer.example.com"},
    }
    with pytest.raises(ClientError) as excinfo:
        apigw.create_authorizer(**jwt, EnableSimpleResponses=False)
    assert error_of(excinfo)[1] == "EnableSimpleResponses can only be set for REQUEST authorizer"
    with pytest.raises(ClientError) as excinfo:
        apigw.create_authorizer(**jwt, AuthorizerPayloadFormatVersion="2.0")
    assert error_of(excinfo)[1] == "AuthorizerPayloadFormatVersion can only be set for REQUEST authorizer"


def test_route_authorizer_refusals_in_aws_words(apigw: Any) -> None:
    api_id = apigw.create_api(Name="auth", ProtocolType="HTTP")["ApiId"]
    jwt_id = apigw.create_authorizer(
        ApiId=api_id,
        Name="j",
        AuthorizerType="JWT",
        IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Audience": ["a"], "Issuer": "https://issuer.example.com"},
    )["AuthorizerId"]
    invalid_jwt = "Invalid authorizer ID specified. Setting the authorization type to JWT requires a valid JWT authorizer."
    for authorizer in ({}, {"AuthorizerId": "nope"}):
        with pytest.raises(ClientError) as excinfo:
            apigw.create_route(ApiId=api_id, RouteKey="GET /x", AuthorizationType="JWT", **authorizer)
        assert error_of(excinfo) == ("BadRequestException", invalid_jwt, 400)
    with pytest.raises(ClientError) as excinfo:
        apigw.create_route(ApiId=api_id, RouteKey="GET /x", AuthorizationType="CUSTOM", AuthorizerId=jwt_id)
    assert error_of(excinfo)[1] == (
        "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires "
        "a valid authorizer."
    )
    route_id = apigw.create_route(ApiId=api_id, RouteKey="GET /x", AuthorizationType="JWT", AuthorizerId=jwt_id)[
        "RouteId"
    ]
    with pytest.raises(ClientError) as excinfo:
        apigw.update_route(ApiId=api_id, RouteId=route_id, AuthorizerId=jwt_id)
    assert error_of(excinfo)[1] == "Unable to update route. Authorizer type is invalid or null."


def test_http_api_takes_only_proxy_integrations(apigw: Any) -> None:
    api_id = apigw.create_api(Name="i", ProtocolType="HTTP")["ApiId"]
    with pytest.raises(ClientError) as excinfo:
        apigw.create_integration(ApiId=api_id, IntegrationType="AWS", IntegrationUri=FUNCTION_ARN)
    assert error_of(excinfo) == (
        "BadRequestException",
        "Currently, an API with a protocol type of HTTP may only be associated with proxy integrations "
        "(AWS_PROXY, HTTP_PROXY)",
        400,
    )
