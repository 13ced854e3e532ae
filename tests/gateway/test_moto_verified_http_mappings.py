"""ApiMappingKey shapes AWS refuses (moto's test_create_api_mapping_bad_mapping_keys records the words)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from rest_helpers import error_of

from emulator.testing import EmulatorProcess

LEADING = "API mapping key should not start with a '/' or have consecutive '/'s."
TRAILING = "API mapping key should not end with a '/'."


@pytest.mark.parametrize(("key", "message"), [("/api", LEADING), ("v1//api", LEADING), ("api/", TRAILING)])
def test_malformed_mapping_keys_are_refused(server: EmulatorProcess, key: str, message: str) -> None:
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="mapped", ProtocolType="HTTP")["ApiId"]
    client.create_stage(ApiId=api_id, StageName="$default")
    client.create_domain_name(DomainName="dev.service.io")
    with pytest.raises(ClientError) as info:
        client.create_api_mapping(DomainName="dev.service.io", ApiMappingKey=key, Stage="$default", ApiId=api_id)
    assert error_of(info) == ("BadRequestException", message, 400)

    mapping = client.create_api_mapping(
        DomainName="dev.service.io", ApiMappingKey="v1/api", Stage="$default", ApiId=api_id
    )
    assert mapping["ApiMappingKey"] == "v1/api"
    with pytest.raises(ClientError) as info:
        client.update_api_mapping(
            DomainName="dev.service.io", ApiMappingId=mapping["ApiMappingId"], ApiId=api_id, ApiMappingKey=key
        )
    assert error_of(info) == ("BadRequestException", message, 400)
    assert [m["ApiMappingKey"] for m in client.get_api_mappings(DomainName="dev.service.io")["Items"]] == ["v1/api"]
