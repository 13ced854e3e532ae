"""apigatewayv2 custom domains: an API mapped to a domain cannot be deleted."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess


@pytest.fixture
def apigw(server: EmulatorProcess) -> Any:
    return server.client("apigatewayv2")


def test_mapped_api_cannot_be_deleted(apigw: Any) -> None:
    api_id = apigw.create_api(Name="mapped", ProtocolType="HTTP")["ApiId"]
    apigw.create_stage(ApiId=api_id, StageName="prod")
    apigw.create_domain_name(
        DomainName="api.example.com",
        DomainNameConfigurations=[{"CertificateArn": "arn:aws:acm:us-east-1:000000000000:certificate/abc"}],
    )
    mapping = apigw.create_api_mapping(DomainName="api.example.com", ApiId=api_id, Stage="prod")
    with pytest.raises(ClientError) as info:
        apigw.delete_api(ApiId=api_id)
    assert info.value.response["Error"]["Code"] == "BadRequestException"
    assert info.value.response["Error"]["Message"] == (
        f"Deleting API {api_id} failed. Please remove all API mappings for the API from your custom domain names."
    )
    apigw.delete_api_mapping(DomainName="api.example.com", ApiMappingId=mapping["ApiMappingId"])
    apigw.delete_api(ApiId=api_id)
