"""UpdateUsagePlan replayed from LocalStack's AWS-validated snapshot
(tests/aws/services/apigateway/test_apigateway_common.snapshot.json::TestUsagePlans::test_usage_plan_crud):
an added API stage that is malformed or unknown, and a quota set member by member."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from rest_helpers import error_of

from emulator.testing import EmulatorProcess


@pytest.fixture
def plan(server: EmulatorProcess) -> tuple[Any, str, str]:
    client = server.client("apigateway")
    api = client.create_rest_api(name="plans")
    client.put_method(
        restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", authorizationType="NONE"
    )
    client.put_integration(
        restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK"
    )
    client.create_deployment(restApiId=api["id"], stageName="dev")
    created = client.create_usage_plan(name="plan", apiStages=[{"apiId": api["id"], "stage": "dev"}])
    return client, created["id"], api["id"]


def _add_stage(client: Any, plan_id: str, **value: str) -> tuple[str, str, int]:
    with pytest.raises(ClientError) as info:
        client.update_usage_plan(
            usagePlanId=plan_id, patchOperations=[{"op": "add", "path": "/apiStages", **value}]
        )
    return error_of(info)


def test_an_added_stage_without_a_well_formed_value_is_a_bad_request(plan: tuple[Any, str, str]) -> None:
    client, plan_id, _ = plan
    assert _add_stage(client, plan_id) == ("BadRequestException", "Invalid API Stage specified", 400)
    assert _add_stage(client, plan_id, value="wrongvalue") == (
        "BadRequestException",
        "Invalid API Stage specified",
        400,
    )


def test_an_added_unknown_api_or_stage_is_named_with_the_plan(plan: tuple[Any, str, str]) -> None:
    client, plan_id, api_id = plan
    assert _add_stage(client, plan_id, value=f"{api_id}b:dev") == (
        "NotFoundException",
        f"Invalid API Stage {{api: {api_id}b, stage: dev}} specified for usageplan {plan_id}",
        404,
    )
    assert _add_stage(client, plan_id, value=f"{api_id}:fakestagename") == (
        "NotFoundException",
        f"Invalid API Stage {{api: {api_id}, stage: fakestagename}} specified for usageplan {plan_id}",
        404,
    )
    assert client.get_usage_plan(usagePlanId=plan_id)["apiStages"] == [{"apiId": api_id, "stage": "dev"}]


def test_a_quota_set_member_by_member_has_the_default_offset(plan: tuple[Any, str, str]) -> None:
    client, plan_id, _ = plan
    updated = client.update_usage_plan(
        usagePlanId=plan_id,
        patchOperations=[
            {"op": "replace", "path": "/throttle/burstLimit", "value": "100"},
            {"op": "replace", "path": "/throttle/rateLimit", "value": "200"},
            {"op": "replace", "path": "/quota/limit", "value": "5000"},
            {"op": "replace", "path": "/quota/period", "value": "MONTH"},
        ],
    )
    assert updated["throttle"] == {"burstLimit": 100, "rateLimit": 200.0}
    assert updated["quota"] == {"limit": 5000, "offset": 0, "period": "MONTH"}
    listed = client.get_usage_plans()["items"][0]
    assert listed["quota"] == {"limit": 5000, "offset": 0, "period": "MONTH"}
    assert "tags" not in listed
