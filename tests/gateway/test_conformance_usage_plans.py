"""Usage plans as AWS documents them: limit removal, per-method throttles of API stages, UpdateUsage.

Sources: the API reference's patch-operations table and ApiStage.throttle ("keyed by
{resourcePath}/{httpMethod}", e.g. /pets/GET), the CLI's update-usage-plan and
update-usage examples, the Terraform provider's usage-plan patches (remove /throttle,
remove /quota, /apiStages/{apiId}:{stage}/throttle/{path}/rateLimit), and the developer
guide's throttling order (per-client per-method targets of a usage plan first).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from botocore.exceptions import ClientError
from rest_helpers import error_of
from test_rest_support import RestApiBuilder, call

from emulator.testing import EmulatorProcess

UNKNOWN_STAGE = "Invalid API Stage {api: %s, stage: %s} specified for usageplan %s"


def _api_with_stage(server: EmulatorProcess) -> RestApiBuilder:
    builder = RestApiBuilder(server)
    builder.mock_method("/limited", "GET", '{"limited": true}', apiKeyRequired=True)
    builder.mock_method("/free", "GET", '{"free": true}', apiKeyRequired=True)
    builder.deploy("dev")
    return builder


def _plan(client: Any, **options: Any) -> str:
    return client.create_usage_plan(name="plan", **options)["id"]


def _update(client: Any, plan_id: str, *operations: dict[str, str]) -> dict[str, Any]:
    return client.update_usage_plan(usagePlanId=plan_id, patchOperations=list(operations))


def test_remove_throttle_and_quota_drop_the_whole_members(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    plan_id = _plan(client, throttle={"rateLimit": 5.0, "burstLimit": 10}, quota={"limit": 100, "period": "DAY"})
    updated = _update(client, plan_id, {"op": "remove", "path": "/throttle"}, {"op": "remove", "path": "/quota"})
    assert "throttle" not in updated and "quota" not in updated
    assert "throttle" not in client.get_usage_plan(usagePlanId=plan_id)
    # Limits can be set again member by member.
    updated = _update(
        client,
        plan_id,
        {"op": "replace", "path": "/quota/limit", "value": "50"},
        {"op": "replace", "path": "/quota/period", "value": "WEEK"},
        {"op": "replace", "path": "/throttle/rateLimit", "value": "2.5"},
    )
    # The quota starts from the default offset, as a created one does (LocalStack's AWS-validated
    # test_apigateway_common.snapshot.json::TestUsagePlans::test_usage_plan_crud).
    assert updated["quota"] == {"limit": 50, "offset": 0, "period": "WEEK"}
    assert updated["throttle"] == {"rateLimit": 2.5}


def test_whole_limit_members_take_remove_only(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    plan_id = _plan(client, quota={"limit": 100, "period": "DAY"})
    with pytest.raises(ClientError) as info:
        _update(client, plan_id, {"op": "replace", "path": "/quota", "value": "{}"})
    assert error_of(info) == (
        "BadRequestException",
        "Invalid patch path  '/quota' specified for op 'replace'. Must be one of: "
        "[/name, /description, /productCode, /tags]",
        400,
    )
    assert client.get_usage_plan(usagePlanId=plan_id)["quota"] == {"limit": 100, "offset": 0, "period": "DAY"}


def test_per_method_throttles_of_an_api_stage(server: EmulatorProcess) -> None:
    builder = _api_with_stage(server)
    client = builder.client
    plan_id = _plan(client)
    stage = f"{builder.api_id}:dev"
    updated = _update(client, plan_id, {"op": "add", "path": "/apiStages", "value": stage})
    assert updated["apiStages"] == [{"apiId": builder.api_id, "stage": "dev"}]
    # The Terraform provider's form: the map key (path and method) sits between throttle/ and the member.
    updated = _update(
        client,
        plan_id,
        {"op": "replace", "path": f"/apiStages/{stage}/throttle//limited/GET/rateLimit", "value": "0.5"},
        {"op": "replace", "path": f"/apiStages/{stage}/throttle//limited/GET/burstLimit", "value": "3"},
    )
    assert updated["apiStages"][0]["throttle"] == {"/limited/GET": {"rateLimit": 0.5, "burstLimit": 3}}
    # A whole map replaces the stage's throttles.
    updated = _update(
        client,
        plan_id,
        {"op": "replace", "path": f"/apiStages/{stage}/throttle", "value": '{"/free/GET": {"rateLimit": 1, "burstLimit": 2}}'},
    )
    assert updated["apiStages"][0]["throttle"] == {"/free/GET": {"rateLimit": 1.0, "burstLimit": 2}}
    updated = _update(client, plan_id, {"op": "remove", "path": f"/apiStages/{stage}/throttle//free/GET"})
    assert updated["apiStages"] == [{"apiId": builder.api_id, "stage": "dev"}]
    assert client.get_usage_plan(usagePlanId=plan_id)["apiStages"] == updated["apiStages"]


@pytest.mark.parametrize(
    ("op", "path_of", "value"),
    [
        ("replace", lambda stage: "/apiStages/nope:dev/throttle//x/GET/rateLimit", "1"),
        ("add", lambda stage: f"/apiStages/{stage}x/throttle//x/GET/rateLimit", "1"),
    ],
)
def test_throttle_of_a_stage_the_plan_lacks_is_refused(server: EmulatorProcess, op: str, path_of: Any, value: str) -> None:
    builder = _api_with_stage(server)
    plan_id = _plan(builder.client, apiStages=[{"apiId": builder.api_id, "stage": "dev"}])
    with pytest.raises(ClientError) as info:
        _update(builder.client, plan_id, {"op": op, "path": path_of(f"{builder.api_id}:dev"), "value": value})
    assert error_of(info) == ("BadRequestException", UNKNOWN_STAGE, 400)


@pytest.mark.parametrize(
    ("op", "path"),
    [("replace", "/apiStages/0/apiId"), ("add", "/apiStages/0"), ("replace", "/apiStages")],
)
def test_api_stage_paths_outside_the_table_are_refused(server: EmulatorProcess, op: str, path: str) -> None:
    client = server.client("apigateway")
    plan_id = _plan(client)
    with pytest.raises(ClientError) as info:
        _update(client, plan_id, {"op": op, "path": path, "value": "abc:dev"})
    assert error_of(info) == (
        "BadRequestException",
        f"Invalid patch path  '{path}' specified for op '{op}'. Must be one of: [/name, /description, /productCode, /tags]",
        400,
    )
    assert client.get_usage_plan(usagePlanId=plan_id)["apiStages"] == []


def _keyed(builder: RestApiBuilder, plan_id: str) -> str:
    client = builder.client
    key = client.create_api_key(name="key", enabled=True, value="k" * 30)
    client.create_usage_plan_key(usagePlanId=plan_id, keyId=key["id"], keyType="API_KEY")
    return key["id"]


def test_a_method_throttle_of_the_plan_limits_that_method_only(server: EmulatorProcess) -> None:
    builder = _api_with_stage(server)
    plan_id = _plan(
        builder.client,
        apiStages=[{"apiId": builder.api_id, "stage": "dev", "throttle": {"/limited/GET": {"rateLimit": 0.001, "burstLimit": 1}}}],
    )
    _keyed(builder, plan_id)
    headers = {"x-api-key": "k" * 30}
    limited = [call(server, builder.api_id, "GET", "/dev/limited", headers=headers) for _ in range(2)]
    assert [r.status_code for r in limited] == [200, 429]
    assert limited[1].json() == {"message": "Too Many Requests"}
    free = [call(server, builder.api_id, "GET", "/dev/free", headers=headers).status_code for _ in range(3)]
    assert free == [200, 200, 200]


def test_update_usage_grants_remaining_requests_before_any_traffic(server: EmulatorProcess) -> None:
    builder = _api_with_stage(server)
    client = builder.client
    plan_id = _plan(client, apiStages=[{"apiId": builder.api_id, "stage": "dev"}], quota={"limit": 100, "period": "DAY"})
    key_id = _keyed(builder, plan_id)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    usage = client.get_usage(usagePlanId=plan_id, startDate=today, endDate=today)
    assert usage["items"] == {key_id: [[0, 100]]}
    updated = client.update_usage(
        usagePlanId=plan_id, keyId=key_id, patchOperations=[{"op": "replace", "path": "/remaining", "value": "2"}]
    )
    assert (updated["startDate"], updated["endDate"], updated["items"]) == (today, today, {key_id: [[0, 2]]})
    headers = {"x-api-key": "k" * 30}
    statuses = [call(server, builder.api_id, "GET", "/dev/free", headers=headers) for _ in range(3)]
    assert [r.status_code for r in statuses] == [200, 200, 429]
    assert statuses[2].json() == {"message": "Limit Exceeded"}
    usage = client.get_usage(usagePlanId=plan_id, keyId=key_id, startDate=today, endDate=today)
    assert usage["items"] == {key_id: [[2, 0]]}


def test_update_usage_takes_replace_of_remaining_only(server: EmulatorProcess) -> None:
    builder = _api_with_stage(server)
    client = builder.client
    plan_id = _plan(client, apiStages=[{"apiId": builder.api_id, "stage": "dev"}], quota={"limit": 100, "period": "DAY"})
    key_id = _keyed(builder, plan_id)
    with pytest.raises(ClientError) as info:
        client.update_usage(
            usagePlanId=plan_id, keyId=key_id, patchOperations=[{"op": "add", "path": "/remaining", "value": "5"}]
        )
    assert error_of(info) == ("BadRequestException", "Invalid patch path '/remaining' specified for op 'add'", 400)
