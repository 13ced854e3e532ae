"""REST custom domain names and base path mappings through boto3 (``apigateway``)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from rest_helpers import error_of

from emulator.testing import EmulatorProcess

CERT = "arn:aws:acm:us-east-1:000000000000:certificate/0a1b2c3d"


@pytest.fixture
def apigw(server: EmulatorProcess) -> Any:
    return server.client("apigateway")


def _deployed_api(apigw: Any, stage: str = "prod") -> str:
    api = apigw.create_rest_api(name="mapped")
    root = api["rootResourceId"]
    apigw.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK")
    apigw.create_deployment(restApiId=api["id"], stageName=stage)
    return api["id"]


def test_edge_domain_name_defaults(apigw: Any) -> None:
    created = apigw.create_domain_name(domainName="api.example.com", certificateArn=CERT)
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["domainName"] == "api.example.com"
    assert created["certificateArn"] == CERT
    assert created["endpointConfiguration"]["types"] == ["EDGE"]
    assert created["distributionDomainName"].endswith(".cloudfront.net")
    assert created["distributionHostedZoneId"] == "Z2FDTNDATAQYW2"
    assert created["domainNameStatus"] == "AVAILABLE"
    assert "regionalDomainName" not in created
    got = apigw.get_domain_name(domainName="api.example.com")
    assert got["distributionDomainName"] == created["distributionDomainName"]


def test_regional_domain_name(apigw: Any) -> None:
    created = apigw.create_domain_name(
        domainName="r.example.com",
        regionalCertificateArn=CERT,
        endpointConfiguration={"types": ["REGIONAL"]},
        securityPolicy="TLS_1_2",
        tags={"team": "a"},
    )
    assert created["regionalDomainName"].startswith("d-")
    assert created["regionalDomainName"].endswith(".execute-api.us-east-1.amazonaws.com")
    assert created["regionalHostedZoneId"] == "Z1UJRXOUMOOFQ8"
    assert created["regionalCertificateArn"] == CERT
    assert created["securityPolicy"] == "TLS_1_2"
    assert created["tags"] == {"team": "a"}
    assert "distributionDomainName" not in created
    names = [d["domainName"] for d in apigw.get_domain_names()["items"]]
    assert names == ["r.example.com"]
    arn = "arn:aws:apigateway:us-east-1::/domainnames/r.example.com"
    apigw.tag_resource(resourceArn=arn, tags={"env": "dev"})
    assert apigw.get_tags(resourceArn=arn)["tags"] == {"team": "a", "env": "dev"}


def test_domain_name_errors(apigw: Any) -> None:
    apigw.create_domain_name(domainName="api.example.com", certificateArn=CERT)
    with pytest.raises(ClientError) as info:
        apigw.create_domain_name(domainName="api.example.com", certificateArn=CERT)
    assert error_of(info) == ("ConflictException", "The domain name you provided already exists.", 409)
    with pytest.raises(ClientError) as info:
        apigw.get_domain_name(domainName="nope.example.com")
    assert error_of(info) == ("NotFoundException", "Invalid domain name identifier specified", 404)
    apigw.delete_domain_name(domainName="api.example.com")
    with pytest.raises(ClientError) as info:
        apigw.delete_domain_name(domainName="api.example.com")
    assert error_of(info)[0] == "NotFoundException"


def test_update_domain_name_patches_certificate(apigw: Any) -> None:
    apigw.create_domain_name(domainName="api.example.com", certificateArn=CERT)
    other = CERT + "ff"
    updated = apigw.update_domain_name(
        domainName="api.example.com", patchOperations=[{"op": "replace", "path": "/certificateArn", "value": other}]
    )
    assert updated["certificateArn"] == other
    assert apigw.get_domain_name(domainName="api.example.com")["certificateArn"] == other


def test_base_path_mappings(apigw: Any) -> None:
    api_id = _deployed_api(apigw)
    apigw.create_domain_name(domainName="api.example.com", certificateArn=CERT)
    empty = apigw.create_base_path_mapping(domainName="api.example.com", restApiId=api_id)
    assert empty["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert {k: v for k, v in empty.items() if k != "ResponseMetadata"} == {
        "basePath": "(none)",
        "restApiId": api_id,
    }
    got = apigw.get_base_path_mapping(domainName="api.example.com", basePath="(none)")
    assert got["restApiId"] == api_id
    apigw.delete_base_path_mapping(domainName="api.example.com", basePath="(none)")
    apigw.create_base_path_mapping(domainName="api.example.com", restApiId=api_id, basePath="v1", stage="prod")
    listed = apigw.get_base_path_mappings(domainName="api.example.com")["items"]
    assert listed == [{"basePath": "v1", "restApiId": api_id, "stage": "prod"}]


def test_base_path_mapping_errors(apigw: Any) -> None:
    api_id = _deployed_api(apigw)
    apigw.create_domain_name(domainName="api.example.com", certificateArn=CERT)
    with pytest.raises(ClientError) as info:
        apigw.create_base_path_mapping(domainName="api.example.com", restApiId=api_id, stage="nope")
    assert error_of(info) == ("BadRequestException", "Invalid stage identifier specified", 400)
    with pytest.raises(ClientError) as info:
        apigw.create_base_path_mapping(domainName="api.example.com", restApiId="nope123456")
    assert error_of(info) == ("BadRequestException", "Invalid REST API identifier specified", 400)
    with pytest.raises(ClientError) as info:
        apigw.create_base_path_mapping(domainName="none.example.com", restApiId=api_id)
    assert error_of(info) == ("NotFoundException", "Invalid domain name identifier specified", 404)
    apigw.create_base_path_mapping(domainName="api.example.com", restApiId=api_id, basePath="v1")
    with pytest.raises(ClientError) as info:
        apigw.create_base_path_mapping(domainName="api.example.com", restApiId=api_id, basePath="v1")
    assert error_of(info) == ("ConflictException", "Base path already exists for this domain name", 409)
    with pytest.raises(ClientError) as info:
        apigw.create_base_path_mapping(domainName="api.example.com", restApiId=api_id)
    assert error_of(info) == (
        "ConflictException",
        "Only one base path mapping is allowed if the base path is empty.",
        409,
    )
    with pytest.raises(ClientError) as info:
        apigw.get_base_path_mapping(domainName="api.example.com", basePath="v2")
    assert error_of(info) == ("NotFoundException", "Invalid base path mapping identifier specified", 404)


def test_update_base_path_mapping(apigw: Any) -> None:
    api_id = _deployed_api(apigw)
    apigw.create_domain_name(domainName="api.example.com", certificateArn=CERT)
    apigw.create_base_path_mapping(domainName="api.example.com", restApiId=api_id, basePath="v1")
    updated = apigw.update_base_path_mapping(
        domainName="api.example.com",
        basePath="v1",
        patchOperations=[
            {"op": "replace", "path": "/basePath", "value": "v2"},
            {"op": "replace", "path": "/stage", "value": "prod"},
        ],
    )
    assert updated["basePath"] == "v2" and updated["stage"] == "prod"
    assert apigw.get_base_path_mapping(domainName="api.example.com", basePath="v2")["stage"] == "prod"
    with pytest.raises(ClientError) as info:
        apigw.get_base_path_mapping(domainName="api.example.com", basePath="v1")
    assert error_of(info)[0] == "NotFoundException"


def test_mapped_rest_api_cannot_be_deleted(apigw: Any) -> None:
    api_id = _deployed_api(apigw)
    apigw.create_domain_name(domainName="api.example.com", certificateArn=CERT)
    apigw.create_base_path_mapping(domainName="api.example.com", restApiId=api_id, basePath="v1")
    with pytest.raises(ClientError) as info:
        apigw.delete_rest_api(restApiId=api_id)
    assert error_of(info) == (
        "BadRequestException",
        f"Deleting RestApi {api_id} failed. Please remove all base path mappings related to the RestApi in "
        "your domains.",
        400,
    )
    apigw.delete_base_path_mapping(domainName="api.example.com", basePath="v1")
    apigw.delete_rest_api(restApiId=api_id)
