"""The storage tier policy, bearer token authentication and configuration templates; what they keep
survives a restart with a data directory. Every operation of the logs model is served (none answers 501)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import botocore.session
import httpx
import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError
from model_fuzz import FuzzCase, InputGenerator, wire_request

from emulator.testing import EmulatorProcess
from emulator.testing.process import CLIENT_ENV


def error(call: Any, **params: Any) -> dict[str, Any]:
    with pytest.raises(ClientError) as info:
        call(**params)
    return info.value.response["Error"]


def test_storage_tier_policy(logs_client: Any) -> None:
    assert "lastUpdatedTime" not in logs_client.get_storage_tier_policy()
    assert logs_client.get_storage_tier_policy()["storageTier"] == "STANDARD"
    put = logs_client.put_storage_tier_policy(storageTier="INTELLIGENT_TIERING")
    assert put["storageTier"] == "INTELLIGENT_TIERING" and put["lastUpdatedTime"] > 0
    got = logs_client.get_storage_tier_policy()
    assert (got["storageTier"], got["lastUpdatedTime"]) == ("INTELLIGENT_TIERING", put["lastUpdatedTime"])
    bad = error(logs_client.put_storage_tier_policy, storageTier="GLACIER")
    assert bad == {
        "Code": "InvalidParameterException",
        "Message": "1 validation error detected: Value 'GLACIER' at 'storageTier' failed to satisfy constraint: "
        "Member must satisfy enum value set: [STANDARD, INTELLIGENT_TIERING]",
    }


def test_bearer_token_authentication_shows_in_the_group(logs_client: Any) -> None:
    logs_client.create_log_group(logGroupName="/otel/app")
    (group,) = logs_client.describe_log_groups(logGroupNamePrefix="/otel/app")["logGroups"]
    assert "bearerTokenAuthenticationEnabled" not in group
    for enabled in (True, False):
        logs_client.put_bearer_token_authentication(
            logGroupIdentifier="/otel/app", bearerTokenAuthenticationEnabled=enabled
        )
        (group,) = logs_client.describe_log_groups(logGroupNamePrefix="/otel/app")["logGroups"]
        assert group["bearerTokenAuthenticationEnabled"] is enabled
    missing = error(
        logs_client.put_bearer_token_authentication,
        logGroupIdentifier="/otel/none",
        bearerTokenAuthenticationEnabled=True,
    )
    assert missing == {
        "Code": "ResourceNotFoundException",
        "Message": "The specified log group does not exist.",
    }


def test_configuration_templates(logs_client: Any) -> None:
    templates = logs_client.describe_configuration_templates()["configurationTemplates"]
    assert [t["deliveryDestinationType"] for t in templates] == ["CWL", "FH", "S3"]
    (s3,) = logs_client.describe_configuration_templates(
        service="cloudfront", deliveryDestinationTypes=["S3"]
    )["configurationTemplates"]
    assert s3["defaultDeliveryConfigValues"]["s3DeliveryConfiguration"] == {
        "suffixPath": "AWSLogs/{account-id}/CloudFront/",
        "enableHiveCompatiblePath": False,
    }
    assert s3["defaultDeliveryConfigValues"]["recordFields"][:3] == ["date", "time", "x-edge-location"]
    assert {"name": "c-ip", "mandatory": False} in s3["allowedFields"]
    assert logs_client.describe_configuration_templates(service="bedrock")["configurationTemplates"] == []
    assert (
        logs_client.describe_configuration_templates(logTypes=["ERROR_LOGS"])["configurationTemplates"] == []
    )
    first = logs_client.describe_configuration_templates(limit=2)
    rest = logs_client.describe_configuration_templates(limit=2, nextToken=first["nextToken"])
    assert [
        t["deliveryDestinationType"] for t in first["configurationTemplates"] + rest["configurationTemplates"]
    ] == [
        "CWL",
        "FH",
        "S3",
    ]
    assert "nextToken" not in rest
    token = error(logs_client.describe_configuration_templates, nextToken="bogus")
    assert token == {"Code": "ValidationException", "Message": "The specified nextToken is invalid."}
    limit = error(logs_client.describe_configuration_templates, limit=51)
    assert (
        limit["Code"] == "ValidationException"
        and "at 'limit' failed to satisfy constraint" in limit["Message"]
    )


def test_settings_survive_a_restart(tmp_path: Path) -> None:
    first = EmulatorProcess("--data-dir", str(tmp_path)).start()
    try:
        logs = first.client("logs")
        logs.create_log_group(logGroupName="/kept")
        logs.put_bearer_token_authentication(
            logGroupIdentifier="/kept", bearerTokenAuthenticationEnabled=True
        )
        logs.put_storage_tier_policy(storageTier="INTELLIGENT_TIERING")
        config = {
            "dataSourceRoleArn": "arn:aws:iam::000000000000:role/r",
            "dashboardViewerPrincipals": ["r"],
            "retentionDays": 3,
        }
        logs.put_integration(
            integrationName="i",
            integrationType="OPENSEARCH",
            resourceConfig={"openSearchResourceConfig": config},
        )
    finally:
        first.stop()
    second = EmulatorProcess("--data-dir", str(tmp_path)).start()
    try:
        logs = second.client("logs")
        assert logs.describe_log_groups()["logGroups"][0]["bearerTokenAuthenticationEnabled"] is True
        assert logs.get_storage_tier_policy()["storageTier"] == "INTELLIGENT_TIERING"
        assert logs.get_integration(integrationName="i")["integrationStatus"] == "FAILED"
    finally:
        second.stop()


def test_every_operation_is_served(server: EmulatorProcess) -> None:
    """A plausible input for each operation of the model gets an answer other than 501 (not implemented)."""
    model = botocore.session.get_session().get_service_model("logs")
    generator = InputGenerator(model)
    credentials = Credentials(CLIENT_ENV["AWS_ACCESS_KEY_ID"], CLIENT_ENV["AWS_SECRET_ACCESS_KEY"])
    unserved = []
    with httpx.Client(base_url=server.url, timeout=30) as http:
        for operation in model.operation_names:
            request = wire_request(
                model.operation_model(operation), FuzzCase("valid", generator.valid(operation))
            )
            signed = AWSRequest(
                request.method, server.url + request.path, dict(request.headers), request.body
            )
            SigV4Auth(credentials, "logs", "us-east-1").add_auth(signed)
            # Streamed: a live tail would answer for hours; its status line is all this reads.
            with http.stream(
                request.method, request.path, headers=dict(signed.headers), content=request.body
            ) as answer:
                if answer.status_code == 501:
                    unserved.append(operation)
    server.reset()  # ends any session the live tail's input opened
    assert unserved == []
