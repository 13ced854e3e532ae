"""AWS::ApiGateway::ApiKey, UsagePlan and UsagePlanKey written out in a template.

Redeploying keeps a key and a plan (found by name): the key's value stays the
one clients hold, and the plan takes the stages of the API made anew.
"""

from __future__ import annotations

from typing import Any

from ..deploy import Deployed, Deployer, Handler
from ..sam import Resource


def deploy_api_key(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    client = deployer.client("apigateway")
    name = properties.get("Name") or deployer.physical_name(resource.logical_id)
    found = [key for page in client.get_paginator("get_api_keys").paginate() for key in page.get("items", [])]
    key = next((key for key in found if key["name"] == name), None)
    if key is None:
        params: dict[str, Any] = {"name": name, "enabled": bool(properties.get("Enabled", False))}
        for member in ("Value", "Description", "CustomerId", "GenerateDistinctId"):
            if member in properties:
                params[member[0].lower() + member[1:]] = properties[member]
        stage_keys = [
            {"restApiId": stage["RestApiId"], "stageName": stage["StageName"]} for stage in properties.get("StageKeys") or []
        ]
        if stage_keys:
            params["stageKeys"] = stage_keys
        if properties.get("Tags"):
            params["tags"] = {tag["Key"]: str(tag["Value"]) for tag in properties["Tags"]}
        key = client.create_api_key(**params)
    return Deployed(key["id"], {"APIKeyId": key["id"]})


def deploy_usage_plan(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    client = deployer.client("apigateway")
    name = properties.get("UsagePlanName") or deployer.physical_name(resource.logical_id)
    stages = [_api_stage(stage) for stage in properties.get("ApiStages") or []]
    found = [plan for page in client.get_paginator("get_usage_plans").paginate() for plan in page.get("items", [])]
    plan = next((plan for plan in found if plan["name"] == name), None)
    if plan is None:
        params: dict[str, Any] = {"name": name, "apiStages": stages}
        if properties.get("Description"):
            params["description"] = properties["Description"]
        if properties.get("Quota"):
            params["quota"] = _lowered(properties["Quota"])
        if properties.get("Throttle"):
            params["throttle"] = _lowered(properties["Throttle"])
        if properties.get("Tags"):
            params["tags"] = {tag["Key"]: str(tag["Value"]) for tag in properties["Tags"]}
        plan = client.create_usage_plan(**params)
    else:
        held = {(stage["apiId"], stage["stage"]) for stage in plan.get("apiStages", [])}
        added = [
            {"op": "add", "path": "/apiStages", "value": f"{stage['apiId']}:{stage['stage']}"}
            for stage in stages
            if (stage["apiId"], stage["stage"]) not in held
        ]
        if added:
            client.update_usage_plan(usagePlanId=plan["id"], patchOperations=added)
    return Deployed(plan["id"], {"Id": plan["id"]})


def deploy_usage_plan_key(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    client = deployer.client("apigateway")
    plan_id, key_id = properties["UsagePlanId"], properties["KeyId"]
    held = client.get_usage_plan_keys(usagePlanId=plan_id, limit=500).get("items", [])
    if not any(item["id"] == key_id for item in held):
        client.create_usage_plan_key(usagePlanId=plan_id, keyId=key_id, keyType=properties.get("KeyType", "API_KEY"))
    return Deployed(key_id, {"Id": key_id})


def _api_stage(stage: dict[str, Any]) -> dict[str, Any]:
    api_stage: dict[str, Any] = {"apiId": stage["ApiId"], "stage": stage["Stage"]}
    # Throttle is keyed by method path ("/pets/GET"): only the limits inside are renamed.
    if stage.get("Throttle"):
        api_stage["throttle"] = {path: _lowered(limits) for path, limits in stage["Throttle"].items()}
    return api_stage


def _lowered(value: dict[str, Any]) -> dict[str, Any]:
    return {key[0].lower() + key[1:]: item for key, item in value.items()}


HANDLERS: dict[str, Handler] = {
    "AWS::ApiGateway::ApiKey": deploy_api_key,
    "AWS::ApiGateway::UsagePlan": deploy_usage_plan,
    "AWS::ApiGateway::UsagePlanKey": deploy_usage_plan_key,
}
