"""apigatewayv2 VPC links through boto3."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess


@pytest.fixture
def apigw(server: EmulatorProcess) -> Any:
    return server.client("apigatewayv2")


def test_vpc_link_lifecycle(apigw: Any) -> None:
    created = apigw.create_vpc_link(
        Name="link", SubnetIds=["subnet-1", "subnet-2"], SecurityGroupIds=["sg-1"], Tags={"a": "b"}
    )
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["Name"] == "link"
    assert created["SubnetIds"] == ["subnet-1", "subnet-2"] and created["SecurityGroupIds"] == ["sg-1"]
    assert created["VpcLinkStatus"] == "AVAILABLE" and created["VpcLinkVersion"] == "V2"
    link_id = created["VpcLinkId"]
    assert apigw.get_vpc_link(VpcLinkId=link_id)["Tags"] == {"a": "b"}
    assert apigw.update_vpc_link(VpcLinkId=link_id, Name="renamed")["Name"] == "renamed"
    assert [link["VpcLinkId"] for link in apigw.get_vpc_links()["Items"]] == [link_id]
    arn = f"arn:aws:apigateway:us-east-1::/vpclinks/{link_id}"
    apigw.tag_resource(ResourceArn=arn, Tags={"c": "d"})
    assert apigw.get_tags(ResourceArn=arn)["Tags"] == {"a": "b", "c": "d"}
    deleted = apigw.delete_vpc_link(VpcLinkId=link_id)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(ClientError) as info:
        apigw.get_vpc_link(VpcLinkId=link_id)
    assert info.value.response["Error"]["Code"] == "NotFoundException"
    assert info.value.response["Error"]["Message"] == f"Invalid VpcLink identifier specified {link_id}"


def test_vpc_links_are_per_region(server: EmulatorProcess, apigw: Any) -> None:
    apigw.create_vpc_link(Name="east", SubnetIds=["subnet-1"])
    west = server.client("apigatewayv2", region_name="us-west-2")
    assert west.get_vpc_links()["Items"] == []

