"""Stages and custom domain names as Terraform's apigatewayv2 acceptance tests update and read them.

Sources: terraform-provider-aws internal/service/apigatewayv2/stage_test.go and
domain_name_test.go (the requests are the ones stage.go and domain_name.go send).
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from emulator.testing import EmulatorProcess

CERTIFICATE = "arn:aws:acm:us-east-1:000000000000:certificate/0b5c3e2d-1111-2222-3333-444455556666"


def test_stage_defaults_for_each_protocol(server: EmulatorProcess) -> None:
    # stage_test.go::TestAccAPIGatewayV2Stage_basicWebSocket and ::TestAccAPIGatewayV2Stage_basicHTTP
    client = server.client("apigatewayv2")
    websocket = client.create_api(
        Name="tf-ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
    )["ApiId"]
    http = client.create_api(Name="tf-http", ProtocolType="HTTP")["ApiId"]
    client.create_stage(ApiId=websocket, StageName="tf-stage", AutoDeploy=False, Tags={})
    client.create_stage(ApiId=http, StageName="tf-stage", AutoDeploy=False, Tags={})

    ws_stage = client.get_stage(ApiId=websocket, StageName="tf-stage")
    assert ws_stage["DefaultRouteSettings"] == {
        "DataTraceEnabled": False,
        "DetailedMetricsEnabled": False,
        "LoggingLevel": "OFF",
    }
    http_stage = client.get_stage(ApiId=http, StageName="tf-stage")
    assert http_stage["DefaultRouteSettings"] == {"DetailedMetricsEnabled": False}
    for stage in (ws_stage, http_stage):
        assert stage["AutoDeploy"] is False
        assert "DeploymentId" not in stage and "AccessLogSettings" not in stage
        assert (stage["RouteSettings"], stage["StageVariables"], stage["Tags"]) == ({}, {}, {})


def test_default_route_settings_keep_what_a_request_leaves_out(server: EmulatorProcess) -> None:
    # stage_test.go::TestAccAPIGatewayV2Stage_defaultRouteSettingsWebSocket / _defaultRouteSettingsHTTP: stage.go
    # sends LoggingLevel (and DataTraceEnabled) only for WebSocket APIs and only when configured, and
    # logging_level is computed, AWS's value being read back.
    client = server.client("apigatewayv2")
    websocket = client.create_api(
        Name="tf-ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
    )["ApiId"]
    created = client.create_stage(
        ApiId=websocket,
        StageName="tf-stage",
        DefaultRouteSettings={
            "DataTraceEnabled": False,
            "DetailedMetricsEnabled": True,
            "ThrottlingBurstLimit": 2222,
            "ThrottlingRateLimit": 8888.0,
        },
    )
    assert created["DefaultRouteSettings"]["LoggingLevel"] == "OFF"
    updated = client.update_stage(
        ApiId=websocket,
        StageName="tf-stage",
        DefaultRouteSettings={"DataTraceEnabled": True, "LoggingLevel": "ERROR", "ThrottlingBurstLimit": 1111},
    )
    assert updated["DefaultRouteSettings"] == {
        "DataTraceEnabled": True,
        "DetailedMetricsEnabled": True,
        "LoggingLevel": "ERROR",
        "ThrottlingBurstLimit": 1111,
        "ThrottlingRateLimit": 8888.0,
    }

    http = client.create_api(Name="tf-http", ProtocolType="HTTP")["ApiId"]
    stage = client.create_stage(
        ApiId=http,
        StageName="tf-stage",
        DefaultRouteSettings={"DetailedMetricsEnabled": True, "ThrottlingBurstLimit": 2222, "ThrottlingRateLimit": 8888.0},
    )
    assert stage["DefaultRouteSettings"] == {
        "DetailedMetricsEnabled": True,
        "ThrottlingBurstLimit": 2222,
        "ThrottlingRateLimit": 8888.0,
    }


def test_update_stage_removes_variables_sent_empty(server: EmulatorProcess) -> None:
    # stage_test.go::TestAccAPIGatewayV2Stage_stageVariables: Terraform sends only changed variables, "" for removed ones.
    client = server.client("apigatewayv2")
    api_id = client.create_api(
        Name="tf-ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
    )["ApiId"]
    client.create_stage(ApiId=api_id, StageName="tf-stage", StageVariables={"Var1": "Value1", "Var2": "Value2"})

    changed = client.update_stage(ApiId=api_id, StageName="tf-stage", StageVariables={"Var1": "", "Var3": "Value3"})
    assert changed["StageVariables"] == {"Var2": "Value2", "Var3": "Value3"}
    client.update_stage(ApiId=api_id, StageName="tf-stage", StageVariables={"Var2": "", "Var3": ""})
    assert client.get_stage(ApiId=api_id, StageName="tf-stage")["StageVariables"] == {}


def test_route_settings_are_replaced_and_deleted_per_route(server: EmulatorProcess) -> None:
    # stage_test.go::TestAccAPIGatewayV2Stage_routeSettingsWebSocket
    client = server.client("apigatewayv2")
    api_id = client.create_api(
        Name="tf-ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
    )["ApiId"]
    connect = {
        "DataTraceEnabled": True,
        "DetailedMetricsEnabled": True,
        "LoggingLevel": "ERROR",
        "ThrottlingBurstLimit": 2222,
        "ThrottlingRateLimit": 8888.0,
    }
    plain = {"DataTraceEnabled": False, "DetailedMetricsEnabled": False, "ThrottlingBurstLimit": 0, "ThrottlingRateLimit": 0.0}
    created = client.create_stage(
        ApiId=api_id, StageName="tf-stage", RouteSettings={"$default": plain, "$connect": connect}
    )
    assert created["RouteSettings"] == {"$default": plain, "$connect": connect}

    client.delete_route_settings(ApiId=api_id, StageName="tf-stage", RouteKey="$connect")
    stage = client.get_stage(ApiId=api_id, StageName="tf-stage")
    assert stage["RouteSettings"] == {"$default": plain}
    assert stage["DefaultRouteSettings"]["LoggingLevel"] == "OFF"


def _refusal(call: Any, **params: Any) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as raised:
        call(**params)
    error = raised.value.response
    return error["Error"]["Code"], error["Error"]["Message"], error["ResponseMetadata"]["HTTPStatusCode"]


def test_http_stage_has_no_execution_logs_and_route_settings_need_routes(server: EmulatorProcess) -> None:
    # AWS's words as Terraform users recorded them: terraform-provider-aws#13801 (stage.go has since sent
    # DataTraceEnabled/LoggingLevel for WebSocket APIs only, PR #13809) and terraform-aws-apigateway-v2#80.
    client = server.client("apigatewayv2")
    api_id = client.create_api(Name="tf-http", ProtocolType="HTTP")["ApiId"]
    no_logs = ("BadRequestException", "Execution logs are not supported on protocolType HTTP", 400)
    assert _refusal(
        client.create_stage, ApiId=api_id, StageName="s", DefaultRouteSettings={"LoggingLevel": "INFO"}
    ) == no_logs
    assert _refusal(
        client.create_stage, ApiId=api_id, StageName="s", RouteSettings={"$default": {"DataTraceEnabled": False}}
    ) == no_logs
    assert _refusal(
        client.create_stage,
        ApiId=api_id,
        StageName="s",
        RouteSettings={"GET /some-route": {"ThrottlingBurstLimit": 1}},
    ) == ("NotFoundException", "Unable to find Route by key GET /some-route within the provided RouteSettings", 404)
    assert client.get_stages(ApiId=api_id)["Items"] == []

    # stage_test.go::TestAccAPIGatewayV2Stage_routeSettingsHTTP ($default needs no route) and
    # ::TestAccAPIGatewayV2Stage_RouteSettingsHTTP_withRoute (the route exists first).
    client.create_route(ApiId=api_id, RouteKey="GET /first")
    created = client.create_stage(
        ApiId=api_id,
        StageName="s",
        RouteSettings={
            "$default": {"DetailedMetricsEnabled": True, "ThrottlingBurstLimit": 2222, "ThrottlingRateLimit": 8888.0},
            "GET /first": {"DetailedMetricsEnabled": False, "ThrottlingBurstLimit": 1},
        },
    )
    assert set(created["RouteSettings"]) == {"$default", "GET /first"}
    assert _refusal(
        client.update_stage, ApiId=api_id, StageName="s", DefaultRouteSettings={"DataTraceEnabled": True}
    ) == no_logs


def test_domain_name_defaults_and_certificate_update(server: EmulatorProcess) -> None:
    # domain_name_test.go::TestAccAPIGatewayV2DomainName_basic and ::TestAccAPIGatewayV2DomainName_updateCertificate
    client = server.client("apigatewayv2")
    configuration = {"CertificateArn": CERTIFICATE, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}
    client.create_domain_name(DomainName="tf.example.com", DomainNameConfigurations=[configuration])
    domain = client.get_domain_name(DomainName="tf.example.com")
    [stored] = domain["DomainNameConfigurations"]
    assert (stored["EndpointType"], stored["SecurityPolicy"], stored["DomainNameStatus"]) == (
        "REGIONAL",
        "TLS_1_2",
        "AVAILABLE",
    )
    assert stored["HostedZoneId"] and stored["ApiGatewayDomainName"]
    assert domain["Tags"] == {} and "MutualTlsAuthentication" not in domain

    other = CERTIFICATE.replace("0b5c3e2d", "9f8e7d6c")
    client.update_domain_name(
        DomainName="tf.example.com", DomainNameConfigurations=[{**configuration, "CertificateArn": other}]
    )
    [updated] = client.get_domain_name(DomainName="tf.example.com")["DomainNameConfigurations"]
    assert updated["CertificateArn"] == other
    assert updated["HostedZoneId"] == stored["HostedZoneId"]


def test_mutual_tls_changes_member_by_member_and_an_empty_uri_removes_it(server: EmulatorProcess) -> None:
    # domain_name_test.go::TestAccAPIGatewayV2DomainName_mutualTLSAuthentication: domain_name.go sends only the
    # changed truststore members, and TruststoreUri "" when the block is removed.
    client = server.client("apigatewayv2")
    configuration = {"CertificateArn": CERTIFICATE, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}
    client.create_domain_name(
        DomainName="mtls.example.com",
        DomainNameConfigurations=[configuration],
        MutualTlsAuthentication={"TruststoreUri": "s3://tf-bucket/tf-key"},
    )
    client.update_domain_name(
        DomainName="mtls.example.com",
        DomainNameConfigurations=[configuration],
        MutualTlsAuthentication={"TruststoreVersion": "version-2"},
    )
    domain = client.get_domain_name(DomainName="mtls.example.com")
    assert domain["MutualTlsAuthentication"] == {"TruststoreUri": "s3://tf-bucket/tf-key", "TruststoreVersion": "version-2"}

    client.update_domain_name(
        DomainName="mtls.example.com",
        DomainNameConfigurations=[configuration],
        MutualTlsAuthentication={"TruststoreUri": ""},
    )
    assert "MutualTlsAuthentication" not in client.get_domain_name(DomainName="mtls.example.com")


def test_api_mapping_key_may_be_a_context_variable(server: EmulatorProcess) -> None:
    # api_mapping_test.go::testAccAPIMapping_key
    client = server.client("apigatewayv2")
    configuration = {"CertificateArn": CERTIFICATE, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}
    client.create_domain_name(DomainName="map.example.com", DomainNameConfigurations=[configuration])
    api_id = client.create_api(
        Name="tf-ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action"
    )["ApiId"]
    client.create_stage(ApiId=api_id, StageName="tf-stage")
    mapping = client.create_api_mapping(
        ApiId=api_id, DomainName="map.example.com", Stage="tf-stage", ApiMappingKey="$context.domainName"
    )
    client.update_api_mapping(
        ApiId=api_id, ApiMappingId=mapping["ApiMappingId"], DomainName="map.example.com", ApiMappingKey="$context.apiId"
    )
    stored = client.get_api_mapping(ApiMappingId=mapping["ApiMappingId"], DomainName="map.example.com")
    assert (stored["ApiMappingKey"], stored["Stage"], stored["ApiId"]) == ("$context.apiId", "tf-stage", api_id)
