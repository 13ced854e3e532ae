"""apigatewayv2 models (request body schemas) and access log settings through boto3."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess

SCHEMA = '{"$schema": "http://json-schema.org/draft-04/schema#", "type": "object"}'


@pytest.fixture
def apigw(server: EmulatorProcess) -> Any:
    return server.client("apigatewayv2")


def _websocket_api(apigw: Any) -> str:
    return apigw.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")[
        "ApiId"
    ]


def test_model_lifecycle(apigw: Any) -> None:
    api_id = _websocket_api(apigw)
    created = apigw.create_model(
        ApiId=api_id, Name="Message", Schema=SCHEMA, ContentType="application/json", Description="a message"
    )
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["Name"] == "Message" and created["Schema"] == SCHEMA
    assert created["ContentType"] == "application/json" and created["Description"] == "a message"
    model_id = created["ModelId"]
    assert apigw.get_model(ApiId=api_id, ModelId=model_id)["Name"] == "Message"
    updated = apigw.update_model(ApiId=api_id, ModelId=model_id, Description="changed")
    assert updated["Description"] == "changed" and updated["Schema"] == SCHEMA
    assert [m["ModelId"] for m in apigw.get_models(ApiId=api_id)["Items"]] == [model_id]
    apigw.delete_model(ApiId=api_id, ModelId=model_id)
    with pytest.raises(ClientError) as info:
        apigw.get_model(ApiId=api_id, ModelId=model_id)
    assert info.value.response["Error"]["Code"] == "NotFoundException"
    assert info.value.response["Error"]["Message"] == f"Invalid Model identifier specified {model_id}"


def test_model_names_are_unique_per_api(apigw: Any) -> None:
    api_id = _websocket_api(apigw)
    apigw.create_model(ApiId=api_id, Name="Message", Schema=SCHEMA)
    with pytest.raises(ClientError) as info:
        apigw.create_model(ApiId=api_id, Name="Message", Schema=SCHEMA)
    assert info.value.response["Error"]["Code"] == "ConflictException"


def test_delete_access_log_settings(apigw: Any) -> None:
    api_id = _websocket_api(apigw)
    settings = {"DestinationArn": "arn:aws:logs:us-east-1:000000000000:log-group:ws", "Format": "$context.requestId"}
    stage = apigw.create_stage(ApiId=api_id, StageName="prod", AccessLogSettings=settings)
    assert stage["AccessLogSettings"] == settings
    apigw.delete_access_log_settings(ApiId=api_id, StageName="prod")
    assert "AccessLogSettings" not in apigw.get_stage(ApiId=api_id, StageName="prod")
