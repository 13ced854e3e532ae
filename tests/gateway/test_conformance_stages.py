"""Stage access logs go where the API references say they may.

REST (AccessLogSettings.destinationArn): "The Amazon Resource Name (ARN) of the CloudWatch Logs
log group or Kinesis Data Firehose delivery stream to receive access logs. If you specify a
Kinesis Data Firehose delivery stream, the stream name must begin with amazon-apigateway-."
HTTP and WebSocket (apigatewayv2 AccessLogSettings.DestinationArn): "The ARN of the CloudWatch
Logs log group to receive access logs." AWS's exact words for a refusal are not documented;
the messages are ours.
"""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from rest_helpers import error_of
from test_rest_support import RestApiBuilder

from emulator.testing import EmulatorProcess

_PATH = "/accessLogSettings/destinationArn"
_LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:access"


def _stage(server: EmulatorProcess) -> RestApiBuilder:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", "{}")
    builder.deploy("dev")
    return builder


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:logs:us-east-1:123456789012:log-group:my-api-logs",
        "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/api/access:*",
        "arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-access",
    ],
)
def test_log_groups_and_prefixed_firehose_streams_are_taken(server: EmulatorProcess, arn: str) -> None:
    builder = _stage(server)
    stage = builder.client.update_stage(
        restApiId=builder.api_id, stageName="dev", patchOperations=[{"op": "replace", "path": _PATH, "value": arn}]
    )
    assert stage["accessLogSettings"] == {"destinationArn": arn}


def test_a_firehose_stream_without_the_prefix_is_refused(server: EmulatorProcess) -> None:
    builder = _stage(server)
    arn = "arn:aws:firehose:us-east-1:123456789012:deliverystream/my-stream"
    with pytest.raises(ClientError) as info:
        builder.client.update_stage(
            restApiId=builder.api_id, stageName="dev", patchOperations=[{"op": "replace", "path": _PATH, "value": arn}]
        )
    assert error_of(info) == (
        "BadRequestException",
        f"Invalid access log destination: {arn}. A Kinesis Data Firehose delivery stream's name must begin "
        "with amazon-apigateway-",
        400,
    )


@pytest.mark.parametrize(
    "arn",
    ["arn:aws:lambda:us-east-1:123456789012:function:logs", "arn:aws:s3:::bucket", "my-log-group"],
)
def test_other_destinations_are_refused_and_the_stage_is_unchanged(server: EmulatorProcess, arn: str) -> None:
    builder = _stage(server)
    client = builder.client
    with pytest.raises(ClientError) as info:
        client.update_stage(
            restApiId=builder.api_id,
            stageName="dev",
            patchOperations=[
                {"op": "replace", "path": "/description", "value": "changed"},
                {"op": "replace", "path": _PATH, "value": arn},
            ],
        )
    assert error_of(info) == (
        "BadRequestException",
        f"Invalid access log destination: {arn}. It must be the ARN of a CloudWatch Logs log group or of a "
        "Kinesis Data Firehose delivery stream",
        400,
    )
    stage = client.get_stage(restApiId=builder.api_id, stageName="dev")
    assert "accessLogSettings" not in stage and "description" not in stage


@pytest.mark.parametrize("protocol", ["HTTP", "WEBSOCKET"])
def test_v2_stages_log_to_log_groups_only(server: EmulatorProcess, protocol: str) -> None:
    apigw = server.client("apigatewayv2")
    options = {"RouteSelectionExpression": "$request.body.action"} if protocol == "WEBSOCKET" else {}
    api_id = apigw.create_api(Name="api", ProtocolType=protocol, **options)["ApiId"]
    settings = {"DestinationArn": _LOG_GROUP, "Format": "$context.requestId"}
    assert apigw.create_stage(ApiId=api_id, StageName="dev", AccessLogSettings=settings)["AccessLogSettings"] == settings
    stream = "arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-access"
    refusal = (
        "BadRequestException",
        f"Invalid access log destination: {stream}. It must be the ARN of a CloudWatch Logs log group",
        400,
    )
    with pytest.raises(ClientError) as info:
        apigw.create_stage(ApiId=api_id, StageName="other", AccessLogSettings={"DestinationArn": stream})
    assert error_of(info) == refusal
    with pytest.raises(ClientError) as info:
        apigw.update_stage(ApiId=api_id, StageName="dev", AccessLogSettings={"DestinationArn": stream})
    assert error_of(info) == refusal
    assert apigw.get_stage(ApiId=api_id, StageName="dev")["AccessLogSettings"] == settings
    assert [s["StageName"] for s in apigw.get_stages(ApiId=api_id)["Items"]] == ["dev"]
