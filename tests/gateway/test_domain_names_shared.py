"""One custom domain name resource for both API Gateway clients, as AWS keeps it.

Unit tests on the two providers sharing the REST store (the app passes
``rest=`` to the apigatewayv2 provider); apigatewayv2's own shapes are also
checked through boto3.
"""

from __future__ import annotations

from typing import Any

import pytest

from emulator.aws.context import RequestContext
from emulator.config import Settings
from emulator.gateway.http.errors import BadRequestException
from emulator.gateway.http_provider import ApiGatewayV2Provider
from emulator.gateway.rest_provider import ApiGatewayProvider
from emulator.testing import EmulatorProcess

CERT = "arn:aws:acm:us-east-1:000000000000:certificate/abc"


@pytest.fixture
def providers() -> tuple[ApiGatewayProvider, ApiGatewayV2Provider, RequestContext]:
    settings = Settings()
    rest = ApiGatewayProvider(settings, lambda_=None)
    return rest, ApiGatewayV2Provider(settings, rest=rest), RequestContext(region="us-east-1")


def test_domain_made_by_either_client_shows_in_both(providers: Any) -> None:
    rest, http, ctx = providers
    rest.create_domain_name(ctx, {"domainName": "rest.example.com", "regionalCertificateArn": CERT,
                                  "endpointConfiguration": {"types": ["REGIONAL"]}})  # fmt: skip
    http.create_domain_name(ctx, {"DomainName": "http.example.com",
                                  "DomainNameConfigurations": [{"CertificateArn": CERT}], "Tags": {"a": "b"}})  # fmt: skip
    seen_by_http = {d["DomainName"]: d for d in http.get_domain_names(ctx, {})["Items"]}
    assert sorted(seen_by_http) == ["http.example.com", "rest.example.com"]
    configuration = seen_by_http["rest.example.com"]["DomainNameConfigurations"][0]
    regional = rest.get_domain_name(ctx, {"domainName": "rest.example.com"})
    assert configuration["ApiGatewayDomainName"] == regional["regionalDomainName"]
    assert (configuration["EndpointType"], configuration["CertificateArn"]) == ("REGIONAL", CERT)
    seen_by_rest = rest.get_domain_name(ctx, {"domainName": "http.example.com"})
    assert seen_by_rest["regionalCertificateArn"] == CERT
    assert seen_by_rest["endpointConfiguration"]["types"] == ["REGIONAL"]
    assert seen_by_rest["tags"] == {"a": "b"}
    http.delete_domain_name(ctx, {"DomainName": "rest.example.com"})
    assert [d["domainName"] for d in rest.get_domain_names(ctx, {})["items"]] == ["http.example.com"]


def test_api_mappings_are_base_path_mappings(providers: Any) -> None:
    rest, http, ctx = providers
    api = rest.create_rest_api(ctx, {"name": "shop"})
    method = {"restApiId": api["id"], "resourceId": api["rootResourceId"], "httpMethod": "GET"}
    rest.put_method(ctx, {**method, "authorizationType": "NONE"})
    rest.put_integration(ctx, {**method, "type": "MOCK"})
    deployment = rest.create_deployment(ctx, {"restApiId": api["id"]})
    rest.create_stage(ctx, {"restApiId": api["id"], "stageName": "prod", "deploymentId": deployment["id"]})
    rest.create_domain_name(ctx, {"domainName": "api.example.com", "certificateArn": CERT})
    rest.create_base_path_mapping(
        ctx, {"domainName": "api.example.com", "restApiId": api["id"], "basePath": "v1"}
    )
    # apigatewayv2 maps REST APIs too, with multi-level keys.
    made = http.create_api_mapping(
        ctx,
        {"DomainName": "api.example.com", "ApiId": api["id"], "Stage": "prod", "ApiMappingKey": "orders/v2"},
    )
    mappings = {
        m["ApiMappingKey"]: m for m in http.get_api_mappings(ctx, {"DomainName": "api.example.com"})["Items"]
    }
    assert sorted(mappings) == ["orders/v2", "v1"]
    assert mappings["orders/v2"] == made
    assert mappings["v1"]["ApiId"] == api["id"]
    base_paths = rest.get_base_path_mappings(ctx, {"domainName": "api.example.com"})["items"]
    assert sorted(m["basePath"] for m in base_paths) == ["orders/v2", "v1"]
    http.delete_api_mapping(
        ctx, {"DomainName": "api.example.com", "ApiMappingId": mappings["v1"]["ApiMappingId"]}
    )
    assert [
        m["basePath"] for m in rest.get_base_path_mappings(ctx, {"domainName": "api.example.com"})["items"]
    ] == ["orders/v2"]
    with pytest.raises(BadRequestException):
        http.create_api_mapping(ctx, {"DomainName": "api.example.com", "ApiId": api["id"], "Stage": "nope"})


def test_http_api_domain_shapes_through_boto3(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    created = client.create_domain_name(
        DomainName="api.example.com",
        DomainNameConfigurations=[{"CertificateArn": CERT, "SecurityPolicy": "TLS_1_2"}],
        Tags={"team": "a"},
    )
    configuration = created["DomainNameConfigurations"][0]
    assert configuration["ApiGatewayDomainName"].startswith("d-")
    assert configuration["ApiGatewayDomainName"].endswith(".execute-api.us-east-1.amazonaws.com")
    assert (configuration["EndpointType"], configuration["HostedZoneId"]) == ("REGIONAL", "Z1UJRXOUMOOFQ8")
    assert (configuration["DomainNameStatus"], configuration["CertificateArn"]) == ("AVAILABLE", CERT)
    assert created["ApiMappingSelectionExpression"] == "$request.basepath"
    assert created["RoutingMode"] == "API_MAPPING_ONLY"
    arn = "arn:aws:apigateway:us-east-1::/domainnames/api.example.com"
    client.tag_resource(ResourceArn=arn, Tags={"env": "dev"})
    assert client.get_tags(ResourceArn=arn)["Tags"] == {"team": "a", "env": "dev"}
    api_id = client.create_api(Name="h", ProtocolType="HTTP")["ApiId"]
    client.create_stage(ApiId=api_id, StageName="prod")
    mapping = client.create_api_mapping(DomainName="api.example.com", ApiId=api_id, Stage="prod")
    assert mapping["ApiMappingKey"] == "" and mapping["Stage"] == "prod"
    updated = client.update_api_mapping(
        DomainName="api.example.com", ApiMappingId=mapping["ApiMappingId"], ApiId=api_id, ApiMappingKey="v2"
    )
    assert (updated["ApiMappingKey"], updated["ApiMappingId"]) == ("v2", mapping["ApiMappingId"])
    assert client.get_api_mapping(DomainName="api.example.com", ApiMappingId=mapping["ApiMappingId"]) | {
        "ResponseMetadata": None
    } == {**updated, "ResponseMetadata": None}


def test_both_clients_see_one_domain_through_the_server(server: EmulatorProcess) -> None:
    server.client("apigateway").create_domain_name(
        domainName="shared.example.com", regionalCertificateArn=CERT, endpointConfiguration={"types": ["REGIONAL"]}
    )
    v2 = server.client("apigatewayv2")
    assert [d["DomainName"] for d in v2.get_domain_names()["Items"]] == ["shared.example.com"]
    v2.delete_domain_name(DomainName="shared.example.com")
    assert server.client("apigateway").get_domain_names()["items"] == []
