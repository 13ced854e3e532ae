"""REST stages replayed from LocalStack's AWS-validated snapshots
(tests/aws/services/apigateway/test_apigateway_common.snapshot.json): each test names the recording."""

from __future__ import annotations

from typing import Any

import pytest

from emulator.testing import EmulatorProcess


@pytest.fixture
def deployed(server: EmulatorProcess) -> tuple[Any, str]:
    """An API whose only method is GET / (MOCK), deployed to stage ``s1``."""
    client = server.client("apigateway")
    api = client.create_rest_api(name="stages")
    root = api["rootResourceId"]
    client.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK")
    deployment = client.create_deployment(restApiId=api["id"])["id"]
    client.create_stage(restApiId=api["id"], stageName="s1", deploymentId=deployment, description="my stage")
    return client, api["id"]


# LocalStack's AWS-validated snapshot test_apigateway_common.snapshot.json::TestStages::test_create_update_stages
def test_a_method_setting_of_a_resource_the_deployment_lacks_is_dropped(deployed: tuple[Any, str]) -> None:
    client, api_id = deployed
    updated = client.update_stage(
        restApiId=api_id,
        stageName="s1",
        patchOperations=[
            {"op": "replace", "path": "/description", "value": "stage new"},
            {"op": "replace", "path": "/variables/var1", "value": "test"},
            {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "123"},
            {"op": "replace", "path": "/*/*/caching/enabled", "value": "true"},
            {"op": "replace", "path": "/tracingEnabled", "value": "true"},
            {"op": "replace", "path": "/test/GET/throttling/burstLimit", "value": "124"},
        ],
    )
    assert updated["methodSettings"] == {
        "*/*": {
            "cacheDataEncrypted": False,
            "cacheTtlInSeconds": 300,
            "cachingEnabled": True,
            "dataTraceEnabled": False,
            "metricsEnabled": False,
            "requireAuthorizationForCacheControl": True,
            "throttlingBurstLimit": 123,
            "throttlingRateLimit": 10000.0,
            "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER",
        }
    }
    assert (updated["description"], updated["variables"], updated["tracingEnabled"]) == ("stage new", {"var1": "test"}, True)
    assert client.get_stage(restApiId=api_id, stageName="s1")["methodSettings"] == updated["methodSettings"]


def test_a_method_setting_of_a_deployed_resource_is_kept(deployed: tuple[Any, str]) -> None:
    """The counterpart of the recording: the root resource is deployed, so its setting stays."""
    client, api_id = deployed
    updated = client.update_stage(
        restApiId=api_id,
        stageName="s1",
        patchOperations=[{"op": "replace", "path": "/~1/GET/throttling/burstLimit", "value": "124"}],
    )
    assert updated["methodSettings"]["~1/GET"]["throttlingBurstLimit"] == 124
