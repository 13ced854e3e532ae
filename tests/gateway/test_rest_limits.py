"""API keys on apiKeyRequired methods, usage plan throttling and quotas, stage throttling."""

from __future__ import annotations

from typing import Any

from test_rest_support import RestApiBuilder, call

from emulator.testing import EmulatorProcess


def _keyed_api(server: EmulatorProcess, **plan: Any) -> tuple[RestApiBuilder, str]:
    builder = RestApiBuilder(server)
    builder.mock_method("/keyed", "GET", '{"ok": true}', apiKeyRequired=True)
    builder.mock_method("/free", "GET", '{"free": true}')
    builder.deploy("dev")
    client = builder.client
    usage_plan = client.create_usage_plan(
        name="plan", apiStages=[{"apiId": builder.api_id, "stage": "dev"}], **plan
    )
    key = client.create_api_key(name="key", enabled=True, value="k" * 30)
    client.create_usage_plan_key(usagePlanId=usage_plan["id"], keyId=key["id"], keyType="API_KEY")
    return builder, key["value"]


def test_api_key_required_methods_check_x_api_key(server: EmulatorProcess) -> None:
    builder, value = _keyed_api(server)
    assert call(server, builder.api_id, "GET", "/dev/keyed", headers={"x-api-key": value}).json() == {
        "ok": True
    }
    for headers in ({}, {"x-api-key": "w" * 30}):
        response = call(server, builder.api_id, "GET", "/dev/keyed", headers=headers)
        assert response.status_code == 403
        assert response.json() == {"message": "Forbidden"}
        assert response.headers["x-amzn-errortype"] == "ForbiddenException"
    assert call(server, builder.api_id, "GET", "/dev/free").status_code == 200


def test_disabled_key_or_key_outside_plan_is_forbidden(server: EmulatorProcess) -> None:
    builder, value = _keyed_api(server)
    client = builder.client
    loose = client.create_api_key(name="loose", enabled=True, value="l" * 30)
    assert (
        call(server, builder.api_id, "GET", "/dev/keyed", headers={"x-api-key": loose["value"]}).status_code
        == 403
    )
    key_id = next(k["id"] for k in client.get_api_keys()["items"] if k["name"] == "key")
    client.update_api_key(
        apiKey=key_id, patchOperations=[{"op": "replace", "path": "/enabled", "value": "false"}]
    )
    assert call(server, builder.api_id, "GET", "/dev/keyed", headers={"x-api-key": value}).status_code == 403


def test_usage_plan_throttle_is_too_many_requests(server: EmulatorProcess) -> None:
    builder, value = _keyed_api(server, throttle={"rateLimit": 0.01, "burstLimit": 2})
    statuses = [
        call(server, builder.api_id, "GET", "/dev/keyed", headers={"x-api-key": value}) for _ in range(3)
    ]
    assert [r.status_code for r in statuses] == [200, 200, 429]
    assert statuses[2].json() == {"message": "Too Many Requests"}
    assert statuses[2].headers["x-amzn-errortype"] == "TooManyRequestsException"


def test_usage_plan_quota_is_limit_exceeded(server: EmulatorProcess) -> None:
    builder, value = _keyed_api(server, quota={"limit": 2, "period": "DAY"})
    responses = [
        call(server, builder.api_id, "GET", "/dev/keyed", headers={"x-api-key": value}) for _ in range(3)
    ]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert responses[2].json() == {"message": "Limit Exceeded"}
    assert responses[2].headers["x-amzn-errortype"] == "LimitExceededException"


def test_stage_throttling_token_bucket(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", '{"ok": true}')
    builder.mock_method("/other", "GET", '{"ok": true}')
    builder.deploy("dev")
    builder.client.update_stage(
        restApiId=builder.api_id,
        stageName="dev",
        patchOperations=[
            {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "0.01"},
            {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "3"},
            {"op": "replace", "path": "/~1other/GET/throttling/rateLimit", "value": "1000"},
            {"op": "replace", "path": "/~1other/GET/throttling/burstLimit", "value": "1000"},
        ],
    )
    statuses = [call(server, builder.api_id, "GET", "/dev/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert all(call(server, builder.api_id, "GET", "/dev/other").status_code == 200 for _ in range(5))


def test_get_usage_counts_requests_per_key_and_update_usage_grants_quota(server: EmulatorProcess) -> None:
    import datetime as dt

    builder, value = _keyed_api(server, quota={"limit": 5, "period": "DAY"})
    for _ in range(3):
        assert (
            call(server, builder.api_id, "GET", "/dev/keyed", headers={"x-api-key": value}).status_code == 200
        )
    client = builder.client
    plan_id = client.get_usage_plans()["items"][0]["id"]
    key_id = client.get_usage_plan_keys(usagePlanId=plan_id)["items"][0]["id"]
    today = dt.datetime.now(dt.UTC).date().isoformat()
    usage = client.get_usage(usagePlanId=plan_id, startDate=today, endDate=today)
    assert usage["items"] == {key_id: [[3, 2]]}
    updated = client.update_usage(
        usagePlanId=plan_id,
        keyId=key_id,
        patchOperations=[{"op": "replace", "path": "/remaining", "value": "0"}],
    )
    assert updated["items"][key_id][0][1] == 0
    assert call(server, builder.api_id, "GET", "/dev/keyed", headers={"x-api-key": value}).status_code == 429


def test_account_settings(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    account = client.get_account()
    assert account["throttleSettings"] == {"burstLimit": 5000, "rateLimit": 10000.0}
    role = "arn:aws:iam::000000000000:role/apigw-logs"
    updated = client.update_account(
        patchOperations=[{"op": "replace", "path": "/cloudwatchRoleArn", "value": role}]
    )
    assert updated["cloudwatchRoleArn"] == role
    assert client.get_account()["cloudwatchRoleArn"] == role
