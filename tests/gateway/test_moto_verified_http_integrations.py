"""UpdateIntegration merges parameter maps; an empty value removes its key.

moto's test_update_integration_request_parameters records the request side; Terraform's
aws_apigatewayv2_integration removes request parameters with "" and response parameters with {}.
"""

from __future__ import annotations

from emulator.testing import EmulatorProcess


def test_update_integration_merges_and_removes_parameters(server: EmulatorProcess) -> None:
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="params", ProtocolType="HTTP")["ApiId"]
    created = client.create_integration(
        ApiId=api_id,
        IntegrationMethod="ANY",
        IntegrationType="HTTP_PROXY",
        IntegrationUri="http://www.example.com",
        PayloadFormatVersion="1.0",
        RequestParameters={"append:header.header1": "$context.requestId", "remove:querystring.qs1": "''"},
        ResponseParameters={
            "404": {"append:header.error": "$stageVariables.environmentId"},
            "500": {"append:header.header1": "$context.requestId", "overwrite:statuscode": "403"},
        },
    )
    # A static empty value ('') is a value.
    assert created["RequestParameters"]["remove:querystring.qs1"] == "''"

    updated = client.update_integration(
        ApiId=api_id,
        IntegrationId=created["IntegrationId"],
        RequestParameters={"overwrite:header.header2": "$stageVariables.environmentId", "remove:querystring.qs1": ""},
        ResponseParameters={"404": {}},
    )
    assert updated["RequestParameters"] == {
        "append:header.header1": "$context.requestId",
        "overwrite:header.header2": "$stageVariables.environmentId",
    }
    assert updated["ResponseParameters"] == {
        "500": {"append:header.header1": "$context.requestId", "overwrite:statuscode": "403"}
    }
    stored = client.get_integration(ApiId=api_id, IntegrationId=created["IntegrationId"])
    assert stored["RequestParameters"] == updated["RequestParameters"]

    cleared = client.update_integration(
        ApiId=api_id,
        IntegrationId=created["IntegrationId"],
        RequestParameters={"append:header.header1": "", "overwrite:header.header2": ""},
        ResponseParameters={"500": {}},
    )
    assert "RequestParameters" not in cleared and "ResponseParameters" not in cleared
