"""Integration defaults AWS fills in, as Terraform's aws_apigatewayv2_integration acceptance tests read them back.

Terraform always sends ConnectionType INTERNET, PassthroughBehavior WHEN_NO_MATCH and
PayloadFormatVersion 1.0 (its schema defaults); the requests below do the same.
Source: terraform-provider-aws internal/service/apigatewayv2/integration_test.go.
"""

from __future__ import annotations

from typing import Any

import httpx

from emulator.testing import EmulatorProcess

LAMBDA_URI = (
    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
    "arn:aws:lambda:us-east-1:000000000000:function:tf-test/invocations"
)
#: What Terraform sends whatever the configuration says.
TERRAFORM_DEFAULTS = {"ConnectionType": "INTERNET", "PassthroughBehavior": "WHEN_NO_MATCH", "PayloadFormatVersion": "1.0"}


def _apis(client: Any) -> tuple[str, str]:
    websocket = client.create_api(
        Name="tf-ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
    )["ApiId"]
    http = client.create_api(Name="tf-http", ProtocolType="HTTP")["ApiId"]
    return websocket, http


def test_websocket_mock_and_http_integrations(server: EmulatorProcess) -> None:
    # integration_test.go::TestAccAPIGatewayV2Integration_basicWebSocket
    client = server.client("apigatewayv2")
    websocket, _ = _apis(client)
    created = client.create_integration(ApiId=websocket, IntegrationType="MOCK", **TERRAFORM_DEFAULTS)
    mock = client.get_integration(ApiId=websocket, IntegrationId=created["IntegrationId"])
    assert mock["IntegrationResponseSelectionExpression"] == "${integration.response.statuscode}"
    assert mock["PassthroughBehavior"] == "WHEN_NO_MATCH"
    assert mock["TimeoutInMillis"] == 29000
    assert "IntegrationMethod" not in mock and "IntegrationUri" not in mock

    # integration_test.go::TestAccAPIGatewayV2Integration_integrationTypeHTTP
    http = client.create_integration(
        ApiId=websocket,
        IntegrationType="HTTP",
        ConnectionType="INTERNET",
        ContentHandlingStrategy="CONVERT_TO_TEXT",
        IntegrationMethod="GET",
        IntegrationUri="http://www.example.com",
        PassthroughBehavior="WHEN_NO_MATCH",
        PayloadFormatVersion="1.0",
        TemplateSelectionExpression="$request.body.name",
        TimeoutInMillis=28999,
        RequestTemplates={"application/json": ""},
    )
    assert http["IntegrationResponseSelectionExpression"] == "${integration.response.statuscode}"
    assert http["RequestTemplates"] == {"application/json": ""}
    # The WebSocket minimum is 50 ms.
    updated = client.update_integration(
        ApiId=websocket, IntegrationId=http["IntegrationId"], IntegrationType="HTTP", TimeoutInMillis=51
    )
    assert updated["TimeoutInMillis"] == 51


def test_websocket_lambda_custom_integration_is_post_and_selects_by_error_message(server: EmulatorProcess) -> None:
    # integration_test.go::TestAccAPIGatewayV2Integration_lambdaWebSocket: no integration_method configured.
    client = server.client("apigatewayv2")
    websocket, _ = _apis(client)
    created = client.create_integration(
        ApiId=websocket,
        IntegrationType="AWS",
        ContentHandlingStrategy="CONVERT_TO_TEXT",
        IntegrationUri=LAMBDA_URI,
        **TERRAFORM_DEFAULTS,
    )
    stored = client.get_integration(ApiId=websocket, IntegrationId=created["IntegrationId"])
    assert stored["IntegrationMethod"] == "POST"
    assert stored["IntegrationResponseSelectionExpression"] == "${integration.response.body.errorMessage}"
    assert stored["TimeoutInMillis"] == 29000
    assert stored["PassthroughBehavior"] == "WHEN_NO_MATCH"


def test_websocket_http_proxy_has_no_response_selection(server: EmulatorProcess) -> None:
    # integration_test.go::TestAccAPIGatewayV2Integration_vpcLinkWebSocket
    client = server.client("apigatewayv2")
    websocket, _ = _apis(client)
    created = client.create_integration(
        ApiId=websocket,
        IntegrationType="HTTP_PROXY",
        ConnectionId="vpclink1",
        ConnectionType="VPC_LINK",
        ContentHandlingStrategy="CONVERT_TO_TEXT",
        IntegrationMethod="PUT",
        IntegrationUri="http://www.example.net",
        PassthroughBehavior="NEVER",
        PayloadFormatVersion="1.0",
        TimeoutInMillis=12345,
    )
    stored = client.get_integration(ApiId=websocket, IntegrationId=created["IntegrationId"])
    assert "IntegrationResponseSelectionExpression" not in stored
    assert stored["PassthroughBehavior"] == "NEVER"
    assert (stored["ConnectionType"], stored["ConnectionId"]) == ("VPC_LINK", "vpclink1")


def test_http_api_integrations_have_no_passthrough_behavior(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    _, http = _apis(client)
    # integration_test.go::TestAccAPIGatewayV2Integration_basicHTTP
    proxy = client.create_integration(
        ApiId=http, IntegrationType="HTTP_PROXY", IntegrationMethod="GET", IntegrationUri="https://example.com",
        **TERRAFORM_DEFAULTS,
    )
    stored = client.get_integration(ApiId=http, IntegrationId=proxy["IntegrationId"])
    assert "PassthroughBehavior" not in stored
    assert (stored["PayloadFormatVersion"], stored["TimeoutInMillis"]) == ("1.0", 30000)
    assert "IntegrationResponseSelectionExpression" not in stored
    updated = client.update_integration(
        ApiId=http, IntegrationId=proxy["IntegrationId"], IntegrationType="HTTP_PROXY", PassthroughBehavior="NEVER"
    )
    assert "PassthroughBehavior" not in updated

    # integration_test.go::TestAccAPIGatewayV2Integration_lambdaHTTP: POST without integration_method.
    lambda_proxy = client.create_integration(
        ApiId=http,
        IntegrationType="AWS_PROXY",
        ConnectionType="INTERNET",
        IntegrationUri=LAMBDA_URI,
        PassthroughBehavior="WHEN_NO_MATCH",
        PayloadFormatVersion="2.0",
    )
    stored = client.get_integration(ApiId=http, IntegrationId=lambda_proxy["IntegrationId"])
    assert stored["IntegrationMethod"] == "POST"
    assert "PassthroughBehavior" not in stored
    assert (stored["PayloadFormatVersion"], stored["TimeoutInMillis"]) == ("2.0", 30000)


def test_http_api_private_integration_keeps_its_tls_config(server: EmulatorProcess) -> None:
    # integration_test.go::TestAccAPIGatewayV2Integration_vpcLinkHTTP
    client = server.client("apigatewayv2")
    _, http = _apis(client)
    link = client.create_vpc_link(Name="tf-link", SubnetIds=["subnet-1", "subnet-2"])["VpcLinkId"]
    listener = "arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/net/tf/1/2"
    created = client.create_integration(
        ApiId=http,
        IntegrationType="HTTP_PROXY",
        ConnectionId=link,
        ConnectionType="VPC_LINK",
        IntegrationMethod="GET",
        IntegrationUri=listener,
        TimeoutInMillis=29001,
        TlsConfig={"ServerNameToVerify": "www.example.com"},
        PassthroughBehavior="WHEN_NO_MATCH",
        PayloadFormatVersion="1.0",
    )
    updated = client.update_integration(
        ApiId=http,
        IntegrationId=created["IntegrationId"],
        IntegrationType="HTTP_PROXY",
        IntegrationMethod="POST",
        TlsConfig={"ServerNameToVerify": "www.example.org"},
    )
    assert updated["TlsConfig"] == {"ServerNameToVerify": "www.example.org"}
    assert (updated["TimeoutInMillis"], updated["IntegrationUri"]) == (29001, listener)
    assert "PassthroughBehavior" not in updated


def test_http_api_aws_service_integration(server: EmulatorProcess) -> None:
    # integration_test.go::TestAccAPIGatewayV2Integration_serviceIntegration: no URI, no method, action parameters.
    client = server.client("apigatewayv2")
    _, http = _apis(client)
    parameters = {
        "QueueUrl": "https://sqs.us-east-1.amazonaws.com/000000000000/tf-0",
        "MessageGroupId": "$request.body.authentication_key",
        "MessageBody": "$request.body",
    }
    created = client.create_integration(
        ApiId=http,
        IntegrationType="AWS_PROXY",
        IntegrationSubtype="SQS-SendMessage",
        CredentialsArn="arn:aws:iam::000000000000:role/tf-sqs",
        Description="Test SQS send",
        RequestParameters=parameters,
        **TERRAFORM_DEFAULTS,
    )
    stored = client.get_integration(ApiId=http, IntegrationId=created["IntegrationId"])
    assert stored["IntegrationSubtype"] == "SQS-SendMessage"
    assert stored["RequestParameters"] == parameters
    assert "IntegrationMethod" not in stored and "IntegrationUri" not in stored
    assert "PassthroughBehavior" not in stored
    assert (stored["PayloadFormatVersion"], stored["TimeoutInMillis"]) == ("1.0", 30000)

    moved = {**parameters, "QueueUrl": "https://sqs.us-east-1.amazonaws.com/000000000000/tf-1"}
    updated = client.update_integration(
        ApiId=http,
        IntegrationId=created["IntegrationId"],
        IntegrationType="AWS_PROXY",
        IntegrationSubtype="SQS-SendMessage",
        RequestParameters=moved,
    )
    assert updated["RequestParameters"] == moved

    # Called, it answers a plain 500: the emulator has no SQS to send to.
    client.create_route(ApiId=http, RouteKey="POST /queue", Target=f"integrations/{created['IntegrationId']}")
    client.create_stage(ApiId=http, StageName="$default", AutoDeploy=True)
    answer = httpx.post(
        f"http://127.0.0.1:{server.port}/queue", headers={"Host": f"{http}.execute-api.localhost:{server.port}"}, json={}
    )
    assert (answer.status_code, answer.json()) == (500, {"message": "Internal Server Error"})
