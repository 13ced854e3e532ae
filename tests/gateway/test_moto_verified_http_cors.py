"""An HTTP API's CorsConfiguration as AWS stores and refuses it.

Header names come back lowercased (cdk-real-drift#257, seen live; Terraform compares them
case-insensitively); the refusals are worded as CDK users quote AWS (aws-cdk#9076, #13643).
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from rest_helpers import error_of

from emulator.testing import EmulatorProcess

CORS = {
    "AllowHeaders": ["Authorization", "Content-Type"],
    "AllowMethods": ["GET", "put"],
    "AllowOrigins": ["https://www.example.com", "HTTP://WWW.EXAMPLE.ORG"],
    "ExposeHeaders": ["X-Api-Id"],
    "MaxAge": 500,
}
STORED = {**CORS, "AllowHeaders": ["authorization", "content-type"], "ExposeHeaders": ["x-api-id"]}


def test_cors_header_names_are_stored_lowercased(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    created = client.create_api(Name="cors", ProtocolType="HTTP", CorsConfiguration=CORS)
    assert created["CorsConfiguration"] == STORED
    assert client.get_api(ApiId=created["ApiId"])["CorsConfiguration"] == STORED
    plain = client.create_api(Name="plain", ProtocolType="HTTP")
    updated = client.update_api(ApiId=plain["ApiId"], CorsConfiguration=CORS)
    assert updated["CorsConfiguration"] == STORED


@pytest.mark.parametrize(
    ("cors", "message"),
    [
        ({"AllowCredentials": True, "AllowOrigins": ["*"]}, "allow-credentials is not supported if 'allow-origin' is *"),
        ({"AllowMethods": ["ANY"], "AllowOrigins": ["*"]}, "Method ANY is not supported"),
    ],
)
def test_refused_cors_configurations(server: EmulatorProcess, cors: dict[str, Any], message: str) -> None:
    client = server.client("apigatewayv2")
    with pytest.raises(ClientError) as info:
        client.create_api(Name="cors", ProtocolType="HTTP", CorsConfiguration=cors)
    assert error_of(info) == ("BadRequestException", message, 400)
    api_id = client.create_api(Name="cors", ProtocolType="HTTP")["ApiId"]
    with pytest.raises(ClientError) as info:
        client.update_api(ApiId=api_id, CorsConfiguration=cors)
    assert error_of(info) == ("BadRequestException", message, 400)
    assert "CorsConfiguration" not in client.get_api(ApiId=api_id)
