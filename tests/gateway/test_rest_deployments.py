"""Deployments, stages (variables, method settings), API keys, usage plans and authorizers: control plane."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from test_rest_support import RestApiBuilder, call

from emulator.testing import EmulatorProcess


def _code(info: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    return info.value.response["Error"]["Code"], info.value.response["Error"]["Message"]


def test_deployment_needs_methods_with_integrations(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    with pytest.raises(ClientError) as info:
        builder.deploy()
    assert _code(info) == ("BadRequestException", "The REST API doesn't contain any methods")
    builder.client.put_method(
        restApiId=builder.api_id, resourceId=builder.ids["/"], httpMethod="GET", authorizationType="NONE"
    )
    with pytest.raises(ClientError) as info:
        builder.deploy()
    assert _code(info) == ("BadRequestException", "No integration defined for method")


def test_create_deployment_creates_stage_and_lists(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", '{"v": 1}')
    client = builder.client
    created = client.create_deployment(
        restApiId=builder.api_id, stageName="dev", description="first", variables={"a": "1"}
    )
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["description"] == "first" and "createdDate" in created
    assert [d["id"] for d in client.get_deployments(restApiId=builder.api_id)["items"]] == [created["id"]]
    stage = client.get_stage(restApiId=builder.api_id, stageName="dev")
    assert stage["deploymentId"] == created["id"]
    assert stage["variables"] == {"a": "1"}
    assert stage["cacheClusterEnabled"] is False
    assert stage["cacheClusterStatus"] == "NOT_AVAILABLE"
    assert stage["tracingEnabled"] is False
    assert [s["stageName"] for s in client.get_stages(restApiId=builder.api_id)["item"]] == ["dev"]


def test_stage_errors(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", "{}")
    deployment = builder.deploy("dev")
    client = builder.client
    with pytest.raises(ClientError) as info:
        client.create_stage(restApiId=builder.api_id, stageName="dev", deploymentId=deployment)
    assert _code(info) == ("ConflictException", "Stage already exists")
    with pytest.raises(ClientError) as info:
        client.create_stage(restApiId=builder.api_id, stageName="prod", deploymentId="nope")
    assert _code(info) == ("NotFoundException", "Invalid Deployment identifier specified")
    with pytest.raises(ClientError) as info:
        client.get_stage(restApiId=builder.api_id, stageName="nope")
    assert _code(info) == ("NotFoundException", "Invalid Stage identifier specified")
    client.delete_stage(restApiId=builder.api_id, stageName="dev")
    assert client.get_stages(restApiId=builder.api_id)["item"] == []


def test_update_stage_variables_and_throttling(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", '{"v": "$stageVariables.color"}')
    deployment = builder.deploy("dev")
    stage = builder.client.update_stage(
        restApiId=builder.api_id,
        stageName="dev",
        patchOperations=[
            {"op": "replace", "path": "/variables/color", "value": "blue"},
            {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "100"},
            {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "50"},
            {"op": "replace", "path": "/description", "value": "the dev stage"},
        ],
    )
    assert stage["variables"] == {"color": "blue"}
    assert stage["description"] == "the dev stage"
    assert stage["deploymentId"] == deployment
    # The other members keep AWS's defaults; loggingLevel shows only once set.
    assert stage["methodSettings"]["*/*"] == {
        "cacheDataEncrypted": False,
        "cacheTtlInSeconds": 300,
        "cachingEnabled": False,
        "dataTraceEnabled": False,
        "metricsEnabled": False,
        "requireAuthorizationForCacheControl": True,
        "throttlingBurstLimit": 50,
        "throttlingRateLimit": 100.0,
        "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER",
    }
    assert call(server, builder.api_id, "GET", "/dev/").json() == {"v": "blue"}


def test_stage_serves_its_deployment_not_live_resources(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", '{"version": 1}')
    first = builder.deploy("dev")
    builder.mock_method("/later", "GET", '{"version": 2}')
    assert call(server, builder.api_id, "GET", "/dev/later").status_code == 403
    second = builder.deploy("prod")
    assert call(server, builder.api_id, "GET", "/prod/later").json() == {"version": 2}
    builder.client.update_stage(
        restApiId=builder.api_id,
        stageName="dev",
        patchOperations=[{"op": "replace", "path": "/deploymentId", "value": second}],
    )
    assert call(server, builder.api_id, "GET", "/dev/later").json() == {"version": 2}
    assert first != second


def test_api_keys(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    key = client.create_api_key(name="k1", value="a" * 20 + "value", enabled=True)
    assert key["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert key["value"] == "a" * 20 + "value" and key["enabled"] is True and key["name"] == "k1"
    generated = client.create_api_key(name="k2")
    assert len(generated["value"]) == 40 and generated["enabled"] is False
    listed = client.get_api_keys()["items"]
    assert all("value" not in k for k in listed)
    with_values = {k["name"]: k["value"] for k in client.get_api_keys(includeValues=True)["items"]}
    assert with_values == {"k1": key["value"], "k2": generated["value"]}
    assert client.get_api_key(apiKey=key["id"], includeValue=True)["value"] == key["value"]
    with pytest.raises(ClientError) as info:
        client.create_api_key(name="dup", value=key["value"])
    assert _code(info)[0] == "ConflictException"
    with pytest.raises(ClientError) as info:
        client.get_api_key(apiKey="nope")
    assert _code(info) == ("NotFoundException", "Invalid API Key identifier specified")
    disabled = client.update_api_key(
        apiKey=key["id"], patchOperations=[{"op": "replace", "path": "/enabled", "value": "false"}]
    )
    assert disabled["enabled"] is False


def test_usage_plans_and_keys(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", "{}")
    builder.deploy("dev")
    client = builder.client
    plan = client.create_usage_plan(
        name="basic",
        apiStages=[{"apiId": builder.api_id, "stage": "dev"}],
        throttle={"rateLimit": 10.0, "burstLimit": 5},
        quota={"limit": 100, "period": "DAY"},
    )
    assert plan["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert plan["throttle"] == {"rateLimit": 10.0, "burstLimit": 5}
    assert plan["quota"] == {"limit": 100, "offset": 0, "period": "DAY"}
    key = client.create_api_key(name="k", enabled=True)
    entry = client.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    assert {k: entry[k] for k in ("id", "type", "value", "name")} == {
        "id": key["id"],
        "type": "API_KEY",
        "value": key["value"],
        "name": "k",
    }
    assert [k["id"] for k in client.get_usage_plan_keys(usagePlanId=plan["id"])["items"]] == [key["id"]]
    assert [p["id"] for p in client.get_usage_plans(keyId=key["id"])["items"]] == [plan["id"]]
    updated = client.update_usage_plan(
        usagePlanId=plan["id"],
        patchOperations=[{"op": "replace", "path": "/throttle/rateLimit", "value": "20"}],
    )
    assert updated["throttle"]["rateLimit"] == 20.0
    with pytest.raises(ClientError) as info:
        client.get_usage_plan(usagePlanId="nope")
    assert _code(info) == ("NotFoundException", "Invalid Usage Plan ID specified")
    client.delete_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"])
    assert client.get_usage_plan_keys(usagePlanId=plan["id"])["items"] == []


def test_authorizers_crud(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    api_id = client.create_rest_api(name="auth")["id"]
    uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:a/invocations"
    created = client.create_authorizer(
        restApiId=api_id,
        name="tok",
        type="TOKEN",
        authorizerUri=uri,
        identitySource="method.request.header.Authorization",
    )
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    # AWS shows a TTL left out as left out, and names the auth type (LocalStack's AWS-validated
    # test_apigateway_basic::test_apigateway_with_custom_authorization_method).
    assert "authorizerResultTtlInSeconds" not in created and created["authType"] == "custom"
    assert created["identitySource"] == "method.request.header.Authorization"
    assert [a["id"] for a in client.get_authorizers(restApiId=api_id)["items"]] == [created["id"]]
    updated = client.update_authorizer(
        restApiId=api_id,
        authorizerId=created["id"],
        patchOperations=[{"op": "replace", "path": "/authorizerResultTtlInSeconds", "value": "0"}],
    )
    assert updated["authorizerResultTtlInSeconds"] == 0
    client.delete_authorizer(restApiId=api_id, authorizerId=created["id"])
    with pytest.raises(ClientError) as info:
        client.get_authorizer(restApiId=api_id, authorizerId=created["id"])
    assert _code(info) == ("NotFoundException", "Invalid Authorizer identifier specified")


def test_apis_are_per_region(server: EmulatorProcess) -> None:
    east: Any = server.client("apigateway")
    west: Any = server.client("apigateway", region_name="us-west-2")
    api_id = east.create_rest_api(name="east")["id"]
    assert [a["id"] for a in east.get_rest_apis()["items"]] == [api_id]
    assert west.get_rest_apis()["items"] == []


def test_tags_on_apis_and_stages(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server, tags={"team": "a"})
    builder.mock_method("/", "GET", "{}")
    builder.deploy("dev")
    client = builder.client
    api_arn = f"arn:aws:apigateway:us-east-1::/restapis/{builder.api_id}"
    assert client.get_tags(resourceArn=api_arn)["tags"] == {"team": "a"}
    client.tag_resource(resourceArn=api_arn, tags={"env": "test"})
    client.untag_resource(resourceArn=api_arn, tagKeys=["team"])
    assert client.get_tags(resourceArn=api_arn)["tags"] == {"env": "test"}
    client.tag_resource(resourceArn=f"{api_arn}/stages/dev", tags={"stage": "yes"})
    assert client.get_stage(restApiId=builder.api_id, stageName="dev")["tags"] == {"stage": "yes"}
    with pytest.raises(ClientError) as info:
        client.get_tags(resourceArn="arn:aws:apigateway:us-east-1::/restapis/nope")
    assert _code(info)[0] == "NotFoundException"


def test_update_stage_access_logs_and_method_setting_removal(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", "{}")
    builder.deploy("dev")
    client = builder.client
    arn = "arn:aws:logs:us-east-1:000000000000:log-group:access"
    stage = client.update_stage(
        restApiId=builder.api_id,
        stageName="dev",
        patchOperations=[
            {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": arn},
            {"op": "replace", "path": "/accessLogSettings/format", "value": "$context.requestId"},
            {"op": "replace", "path": "/*/*/metrics/enabled", "value": "true"},
        ],
    )
    assert stage["accessLogSettings"] == {"destinationArn": arn, "format": "$context.requestId"}
    assert stage["methodSettings"]["*/*"]["metricsEnabled"] is True
    stage = client.update_stage(
        restApiId=builder.api_id,
        stageName="dev",
        patchOperations=[{"op": "remove", "path": "/accessLogSettings"}, {"op": "remove", "path": "/*/*"}],
    )
    assert "accessLogSettings" not in stage
    assert stage["methodSettings"] == {}
    with pytest.raises(ClientError) as info:
        client.update_stage(
            restApiId=builder.api_id, stageName="dev", patchOperations=[{"op": "remove", "path": "/*/*"}]
        )
    assert _code(info) == (
        "BadRequestException",
        "Cannot remove method setting */* because there is no method setting for this method ",
    )


def test_update_stage_unknown_path_lists_aws_paths(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", "{}")
    builder.deploy("dev")
    with pytest.raises(ClientError) as info:
        builder.client.update_stage(
            restApiId=builder.api_id,
            stageName="dev",
            patchOperations=[{"op": "replace", "path": "/nope", "value": "1"}],
        )
    code, message = _code(info)
    assert code == "BadRequestException"
    assert message.startswith("Invalid method setting path: /nope. Must be one of: [/deploymentId, /description, ")
    assert "/*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds" in message
    assert message.endswith("/variables/{variable_name}, /tracingEnabled]")


def test_get_deployment_embeds_the_api_summary(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", "{}")
    builder.mock_method("/items", "POST", "{}")
    deployment = builder.deploy("dev")
    plain = builder.client.get_deployment(restApiId=builder.api_id, deploymentId=deployment)
    assert "apiSummary" not in plain
    summary = builder.client.get_deployment(restApiId=builder.api_id, deploymentId=deployment, embed=["apisummary"])
    assert summary["apiSummary"] == {
        "/": {"GET": {"authorizationType": "NONE", "apiKeyRequired": False}},
        "/items": {"POST": {"authorizationType": "NONE", "apiKeyRequired": False}},
    }


def test_usage_plan_with_unknown_stage_is_a_bad_request(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    api_id = client.create_rest_api(name="no-stage")["id"]
    for stage in ({"apiId": api_id, "stage": "prod"}, {"apiId": "nope123456", "stage": "prod"}):
        with pytest.raises(ClientError) as info:
            client.create_usage_plan(name="plan", apiStages=[stage])
        assert _code(info) == (
            "BadRequestException",
            "Invalid API Stage {api: %s, stage: %s} specified for usageplan %s",
        )


def test_import_api_keys_from_csv(server: EmulatorProcess) -> None:
    client = server.client("apigateway")
    plan = client.create_usage_plan(name="plan")["id"]
    body = (
        "Name,Key,Description,Enabled,UsagePlanIds\n"
        f"first,{'a' * 30},the first,true,{plan}\n"
        f"second,{'b' * 30},,false,\n"
    )
    imported = client.import_api_keys(body=body.encode(), format="csv")
    assert imported["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert len(imported["ids"]) == 2
    keys = {k["name"]: k for k in client.get_api_keys(includeValues=True)["items"]}
    assert keys["first"]["value"] == "a" * 30 and keys["first"]["enabled"] is True
    assert keys["first"]["description"] == "the first"
    assert keys["second"]["enabled"] is False
    assert [k["name"] for k in client.get_usage_plan_keys(usagePlanId=plan)["items"]] == ["first"]


def test_stage_names_allow_only_word_characters(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", "{}")
    client = builder.client
    with pytest.raises(ClientError) as info:
        client.create_deployment(restApiId=builder.api_id, stageName="bad-name")
    assert _code(info) == ("BadRequestException", "Stage name only allows a-zA-Z0-9_")
    assert client.get_deployments(restApiId=builder.api_id)["items"] == []
    deployment = client.create_deployment(restApiId=builder.api_id)["id"]
    with pytest.raises(ClientError) as info:
        client.create_stage(restApiId=builder.api_id, stageName="bad name", deploymentId=deployment)
    assert _code(info) == ("BadRequestException", "Stage name only allows a-zA-Z0-9_")
    assert client.create_stage(restApiId=builder.api_id, stageName="v1_prod", deploymentId=deployment)


def test_api_key_stage_keys_are_api_slash_stage_strings(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", "{}")
    builder.deploy("prod")
    client = builder.client
    key = client.create_api_key(name="k", stageKeys=[{"restApiId": builder.api_id, "stageName": "prod"}])
    assert key["stageKeys"] == [f"{builder.api_id}/prod"]
    assert client.get_api_key(apiKey=key["id"])["stageKeys"] == [f"{builder.api_id}/prod"]
    updated = client.update_api_key(
        apiKey=key["id"], patchOperations=[{"op": "remove", "path": "/stages", "value": f"{builder.api_id}/prod"}]
    )
    assert updated["stageKeys"] == []


def test_canary_deployment_and_promotion(server: EmulatorProcess) -> None:
    builder = RestApiBuilder(server)
    builder.mock_method("/", "GET", "{}")
    main = builder.deploy("prod")
    client = builder.client
    canary = client.create_deployment(
        restApiId=builder.api_id,
        stageName="prod",
        canarySettings={"percentTraffic": 10.0, "stageVariableOverrides": {"color": "red"}},
    )["id"]
    stage = client.get_stage(restApiId=builder.api_id, stageName="prod")
    assert stage["deploymentId"] == main
    assert stage["canarySettings"] == {
        "percentTraffic": 10.0,
        "deploymentId": canary,
        "stageVariableOverrides": {"color": "red"},
        "useStageCache": False,
    }
    stage = client.update_stage(
        restApiId=builder.api_id,
        stageName="prod",
        patchOperations=[{"op": "replace", "path": "/canarySettings/percentTraffic", "value": "50"}],
    )
    assert stage["canarySettings"]["percentTraffic"] == 50.0
    promoted = client.update_stage(
        restApiId=builder.api_id,
        stageName="prod",
        patchOperations=[
            {"op": "replace", "path": "/deploymentId", "value": canary},
            {"op": "remove", "path": "/canarySettings"},
        ],
    )
    assert promoted["deploymentId"] == canary and "canarySettings" not in promoted
