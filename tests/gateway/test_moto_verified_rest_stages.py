"""REST control-plane behaviour that moto's apigateway tests assert and AWS's own clients rely on.

Moto's apigateway tests carry no aws_verified marks; these are the assertions that AWS's docs or
its clients (Terraform's stage waiter polls cacheClusterStatus for AVAILABLE) agree with.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from rest_helpers import error_of
from test_rest_support import RestApiBuilder

from emulator.testing import EmulatorProcess


def _stage_patch(client: Any, api_id: str, *operations: tuple[str, str, str]) -> dict[str, Any]:
    return client.update_stage(
        restApiId=api_id,
        stageName="dev",
        patchOperations=[{"op": op, "path": path, "value": value} for op, path, value in operations],
    )


def test_an_enabled_cache_cluster_is_available_with_its_default_size(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", "{}")
    deployment = builder.deploy("dev")
    client = builder.client

    created = client.create_stage(
        restApiId=builder.api_id, stageName="cached", deploymentId=deployment, cacheClusterEnabled=True
    )
    assert (created["cacheClusterEnabled"], created["cacheClusterSize"]) == (True, "0.5")
    assert created["cacheClusterStatus"] == "AVAILABLE"
    sized = client.create_stage(
        restApiId=builder.api_id,
        stageName="sized",
        deploymentId=deployment,
        cacheClusterEnabled=True,
        cacheClusterSize="1.6",
    )
    assert (sized["cacheClusterSize"], sized["cacheClusterStatus"]) == ("1.6", "AVAILABLE")

    plain = client.get_stage(restApiId=builder.api_id, stageName="dev")
    assert (plain["cacheClusterEnabled"], plain["cacheClusterStatus"]) == (False, "NOT_AVAILABLE")
    assert "cacheClusterSize" not in plain

    enabled = _stage_patch(client, builder.api_id, ("replace", "/cacheClusterEnabled", "true"))
    assert (enabled["cacheClusterSize"], enabled["cacheClusterStatus"]) == ("0.5", "AVAILABLE")
    resized = _stage_patch(client, builder.api_id, ("replace", "/cacheClusterSize", "6.1"))
    assert client.get_stage(restApiId=builder.api_id, stageName="dev")["cacheClusterSize"] == "6.1"
    assert resized["cacheClusterStatus"] == "AVAILABLE"
    disabled = _stage_patch(client, builder.api_id, ("replace", "/cacheClusterEnabled", "false"))
    assert (disabled["cacheClusterEnabled"], disabled["cacheClusterStatus"]) == (False, "NOT_AVAILABLE")


def test_create_deployment_can_enable_its_new_stage_cache(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", "{}")
    builder.client.create_deployment(restApiId=builder.api_id, stageName="dev", cacheClusterEnabled=True)
    stage = builder.client.get_stage(restApiId=builder.api_id, stageName="dev")
    assert (stage["cacheClusterSize"], stage["cacheClusterStatus"]) == ("0.5", "AVAILABLE")


def test_update_rest_api_refuses_an_unknown_api_key_source(server: EmulatorProcess) -> None:
    client = server.client("apigateway", config=Config(retries={"max_attempts": 1}))
    api = client.create_rest_api(name="keys")
    with pytest.raises(ClientError) as info:
        client.update_rest_api(
            restApiId=api["id"],
            patchOperations=[{"op": "replace", "path": "/apiKeySource", "value": "Wrong-value-AUTHORIZER"}],
        )
    assert error_of(info) == (
        "ValidationException",
        "1 validation error detected: Value 'Wrong-value-AUTHORIZER' at 'createRestApiInput.apiKeySource' "
        "failed to satisfy constraint: Member must satisfy enum value set: [AUTHORIZER, HEADER]",
        400,
    )
    assert client.get_rest_api(restApiId=api["id"])["apiKeySource"] == "HEADER"
    updated = client.update_rest_api(
        restApiId=api["id"], patchOperations=[{"op": "replace", "path": "/apiKeySource", "value": "AUTHORIZER"}]
    )
    assert updated["apiKeySource"] == "AUTHORIZER"


def test_stage_variable_values_must_match_the_documented_pattern(server: EmulatorProcess) -> None:
    """The API reference's [A-Za-z0-9-._~:/?#&=,]+, refused in AWS's words (sirceljm/aws-lambda-blog#10)."""
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", "{}")
    deployment = builder.deploy("dev", variables={"url": "https://example.com/a?b=c&d=e,f#g", "alias": "v_1.2~x"})
    client = builder.client

    def refusal(value: str) -> tuple[str, str, int]:
        return (
            "BadRequestException",
            f"Invalid stage variable value: {value}.  Please use values with alphanumeric characters and the "
            "symbols ' ', -', '.', '_', ':', '/', '?', '&', '=', and ','.",
            400,
        )

    with pytest.raises(ClientError) as info:
        client.create_stage(restApiId=builder.api_id, stageName="x", deploymentId=deployment, variables={"a": ""})
    assert error_of(info) == refusal("")
    with pytest.raises(ClientError) as info:
        client.create_deployment(restApiId=builder.api_id, stageName="y", variables={"alias": "$LATEST"})
    assert error_of(info) == refusal("$LATEST")
    assert [d["id"] for d in client.get_deployments(restApiId=builder.api_id)["items"]] == [deployment]
    with pytest.raises(ClientError) as info:
        _stage_patch(client, builder.api_id, ("replace", "/variables/alias", "a*b"))
    assert error_of(info) == refusal("a*b")
    assert client.get_stage(restApiId=builder.api_id, stageName="dev")["variables"]["alias"] == "v_1.2~x"


def test_a_refused_update_changes_nothing(server: EmulatorProcess) -> None:
    """An update applies all its operations or none (the earlier ones used to stick)."""
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", "{}")
    builder.deploy("dev", variables={"alias": "blue"})
    client = builder.client
    with pytest.raises(ClientError) as info:
        _stage_patch(
            client,
            builder.api_id,
            ("replace", "/description", "changed"),
            ("replace", "/*/*/metrics/enabled", "true"),
            ("replace", "/variables/alias", "$LATEST"),
        )
    assert error_of(info)[0] == "BadRequestException"
    stage = client.get_stage(restApiId=builder.api_id, stageName="dev")
    assert ("description" not in stage, stage["methodSettings"], stage["variables"]) == (True, {}, {"alias": "blue"})

    with pytest.raises(ClientError) as info:
        client.update_rest_api(
            restApiId=builder.api_id,
            patchOperations=[
                {"op": "replace", "path": "/name", "value": "renamed"},
                {"op": "replace", "path": "/apiKeySource", "value": "COOKIE"},
            ],
        )
    assert error_of(info)[0] == "ValidationException"
    assert client.get_rest_api(restApiId=builder.api_id)["name"] == "api"
