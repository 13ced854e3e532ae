"""REST VPC links, client certificates and stage cache flushes through boto3 (``apigateway``)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess

NLB = "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/nlb/0123456789abcdef"


@pytest.fixture
def apigw(server: EmulatorProcess) -> Any:
    return server.client("apigateway")


def test_vpc_link_lifecycle(apigw: Any) -> None:
    created = apigw.create_vpc_link(name="link", targetArns=[NLB], description="to the NLB", tags={"a": "b"})
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert created["name"] == "link" and created["targetArns"] == [NLB]
    # AWS answers PENDING; the link is AVAILABLE by the next call.
    assert created["status"] == "PENDING" and "statusMessage" not in created
    link_id = created["id"]
    fetched = apigw.get_vpc_link(vpcLinkId=link_id)
    assert fetched["description"] == "to the NLB"
    assert (fetched["status"], fetched["statusMessage"]) == ("AVAILABLE", "Your vpc link is ready for use")
    updated = apigw.update_vpc_link(
        vpcLinkId=link_id, patchOperations=[{"op": "replace", "path": "/name", "value": "renamed"}]
    )
    assert updated["name"] == "renamed"
    assert [link["id"] for link in apigw.get_vpc_links()["items"]] == [link_id]
    arn = f"arn:aws:apigateway:us-east-1::/vpclinks/{link_id}"
    apigw.tag_resource(resourceArn=arn, tags={"c": "d"})
    assert apigw.get_tags(resourceArn=arn)["tags"] == {"a": "b", "c": "d"}
    apigw.delete_vpc_link(vpcLinkId=link_id)
    with pytest.raises(ClientError) as info:
        apigw.get_vpc_link(vpcLinkId=link_id)
    assert info.value.response["Error"]["Code"] == "NotFoundException"
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


def test_client_certificate_lifecycle(apigw: Any) -> None:
    created = apigw.generate_client_certificate(description="for the back end")
    certificate_id = created["clientCertificateId"]
    assert created["pemEncodedCertificate"].startswith("-----BEGIN CERTIFICATE-----")
    assert created["expirationDate"] > created["createdDate"]
    assert apigw.get_client_certificate(clientCertificateId=certificate_id)["description"] == "for the back end"
    updated = apigw.update_client_certificate(
        clientCertificateId=certificate_id,
        patchOperations=[{"op": "replace", "path": "/description", "value": "changed"}],
    )
    assert updated["description"] == "changed"
    listed = apigw.get_client_certificates()["items"]
    assert [c["clientCertificateId"] for c in listed] == [certificate_id]
    apigw.delete_client_certificate(clientCertificateId=certificate_id)
    with pytest.raises(ClientError) as info:
        apigw.get_client_certificate(clientCertificateId=certificate_id)
    assert info.value.response["Error"]["Code"] == "NotFoundException"


def test_flush_stage_cache_needs_the_stage(apigw: Any) -> None:
    api = apigw.create_rest_api(name="cached")
    root = api["rootResourceId"]
    apigw.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK")
    apigw.create_deployment(restApiId=api["id"], stageName="prod")
    flushed = apigw.flush_stage_cache(restApiId=api["id"], stageName="prod")
    assert flushed["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(ClientError) as info:
        apigw.flush_stage_cache(restApiId=api["id"], stageName="nope")
    assert info.value.response["Error"]["Message"] == "Invalid Stage identifier specified"
