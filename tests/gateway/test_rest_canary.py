"""Canary releases on the REST data plane: a stage's share of requests served by its canary deployment."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from botocore.exceptions import ClientError
from rest_helpers import error_of
from test_rest_support import RestApiBuilder, call

from emulator.testing import EmulatorProcess

BODY = (
    '{"version": "%s", "color": "$stageVariables.color", "deployment": "$context.deploymentId", '
    '"canary": "$context.isCanaryRequest"}'
)


def canary_api(server: EmulatorProcess, percent: float) -> tuple[RestApiBuilder, str, str]:
    """An API whose stage ``prod`` serves version "main" and, as its canary, version "canary"."""
    builder = RestApiBuilder(server)
    resource_id = builder.mock_method("/", "GET", BODY % "main")
    main = builder.deploy("prod", variables={"color": "blue", "size": "L"})
    builder.client.put_integration_response(
        restApiId=builder.api_id,
        resourceId=resource_id,
        httpMethod="GET",
        statusCode="200",
        responseTemplates={"application/json": BODY % "canary"},
    )
    canary = builder.client.create_deployment(
        restApiId=builder.api_id,
        stageName="prod",
        canarySettings={"percentTraffic": percent, "stageVariableOverrides": {"color": "red"}},
    )["id"]
    return builder, main, canary


def versions(server: EmulatorProcess, api_id: str, requests: int) -> Counter[tuple[str, str, str, str]]:
    """How often each (version, color, deployment, $context.isCanaryRequest) answered."""
    seen: Counter[tuple[str, str, str, str]] = Counter()
    for _ in range(requests):
        answer = call(server, api_id, "GET", "/prod/")
        assert answer.status_code == 200
        body = json.loads(answer.text)
        seen[(body["version"], body["color"], body["deployment"], body["canary"])] += 1
    return seen


def test_canary_share_of_requests_gets_the_canary_deployment_and_overridden_variables(
    server: EmulatorProcess,
) -> None:
    builder, main, canary = canary_api(server, 50.0)
    seen = versions(server, builder.api_id, 400)
    assert set(seen) == {("main", "blue", main, "false"), ("canary", "red", canary, "true")}
    # 400 draws at 50%: the canary count's standard deviation is 10; 80 is eight of them.
    assert 120 <= seen[("canary", "red", canary, "true")] <= 280


def test_canary_at_zero_and_hundred_percent(server: EmulatorProcess) -> None:
    builder, main, canary = canary_api(server, 0.0)
    assert versions(server, builder.api_id, 40) == {("main", "blue", main, "false"): 40}
    builder.client.update_stage(
        restApiId=builder.api_id,
        stageName="prod",
        patchOperations=[{"op": "replace", "path": "/canarySettings/percentTraffic", "value": "100"}],
    )
    assert versions(server, builder.api_id, 40) == {("canary", "red", canary, "true"): 40}


def test_promoted_canary_serves_everything_with_the_stage_variables(server: EmulatorProcess) -> None:
    builder, _, canary = canary_api(server, 100.0)
    builder.client.update_stage(
        restApiId=builder.api_id,
        stageName="prod",
        patchOperations=[
            {"op": "replace", "path": "/deploymentId", "value": canary},
            {"op": "remove", "path": "/canarySettings"},
        ],
    )
    assert versions(server, builder.api_id, 20) == {("canary", "blue", canary, "false"): 20}


def test_canary_settings_refusals_and_defaults(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", BODY % "main")
    client = builder.client
    with pytest.raises(ClientError) as info:
        client.create_deployment(restApiId=builder.api_id, canarySettings={"percentTraffic": 50})
    assert error_of(info) == (
        "BadRequestException",
        "Invalid deployment content specified.Non null and non empty stageName must be provided for canary "
        "deployment. Provided value is null",
        400,
    )
    with pytest.raises(ClientError) as info:
        client.create_deployment(
            restApiId=builder.api_id, stageName="missing", canarySettings={"percentTraffic": 5}
        )
    assert error_of(info)[1] == (
        "Invalid deployment content specified.Stage missing must already be created before making a canary "
        "release deployment"
    )
    main = builder.deploy("prod")

    def patch(op: str, path: str, value: str = "") -> Any:
        return client.update_stage(
            restApiId=builder.api_id,
            stageName="prod",
            patchOperations=[{"op": op, "path": path, "value": value}],
        )

    for path in ("/canarySettings/stageVariableOverrides", "/canarySettings/badPath"):
        with pytest.raises(ClientError) as info:
            patch("remove", path)
        assert error_of(info)[1] == (
            f"Cannot remove method setting {path[1:]} because there is no method setting for this method "
        )
    with pytest.raises(ClientError) as info:
        patch("add", "/canarySettings/deploymentId", main)
    assert error_of(info)[1] == "Invalid add operation with path: /canarySettings/deploymentId"
    # A canary made by a patch releases the stage's own deployment.
    assert patch("replace", "/canarySettings/percentTraffic", "50")["canarySettings"] == {
        "deploymentId": main,
        "percentTraffic": 50.0,
        "useStageCache": False,
    }
    created = client.create_stage(
        restApiId=builder.api_id,
        stageName="dev",
        deploymentId=main,
        canarySettings={"percentTraffic": 40, "stageVariableOverrides": {"color": "red"}},
    )
    assert created["canarySettings"] == {
        "deploymentId": main,
        "percentTraffic": 40.0,
        "stageVariableOverrides": {"color": "red"},
        "useStageCache": False,
    }
