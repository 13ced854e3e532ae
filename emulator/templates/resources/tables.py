"""AWS::DynamoDB::Table and AWS::Serverless::SimpleTable."""

from __future__ import annotations

from typing import Any

from ..deploy import Deployed, Deployer
from ..sam import Resource

_PASSED_AS_IS = (
    "AttributeDefinitions",
    "KeySchema",
    "BillingMode",
    "ProvisionedThroughput",
    "LocalSecondaryIndexes",
    "TableClass",
    "DeletionProtectionEnabled",
)
_SCALAR_TYPES = {"String": "S", "Number": "N", "Binary": "B"}


def deploy_table(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    name = properties.get("TableName") or deployer.physical_name(resource.logical_id)
    params: dict[str, Any] = {key: properties[key] for key in _PASSED_AS_IS if key in properties}
    if "GlobalSecondaryIndexes" in properties:
        params["GlobalSecondaryIndexes"] = properties["GlobalSecondaryIndexes"]
    if "ProvisionedThroughput" not in params and "BillingMode" not in params:
        params["BillingMode"] = "PAY_PER_REQUEST"
    stream = properties.get("StreamSpecification")
    if stream:
        params["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": stream["StreamViewType"]}
    sse = properties.get("SSESpecification")
    if sse:
        params["SSESpecification"] = {"Enabled": bool(sse.get("SSEEnabled")), **{
            k: v for k, v in sse.items() if k in ("SSEType", "KMSMasterKeyId")
        }}
    if properties.get("Tags"):
        params["Tags"] = properties["Tags"]
    return _create_or_keep(deployer, name, params, properties)


def deploy_simple_table(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    name = properties.get("TableName") or deployer.physical_name(resource.logical_id)
    key = properties.get("PrimaryKey") or {"Name": "id", "Type": "String"}
    params: dict[str, Any] = {
        "AttributeDefinitions": [{"AttributeName": key["Name"], "AttributeType": _SCALAR_TYPES[key.get("Type", "String")]}],
        "KeySchema": [{"AttributeName": key["Name"], "KeyType": "HASH"}],
    }
    if properties.get("ProvisionedThroughput"):
        params["ProvisionedThroughput"] = properties["ProvisionedThroughput"]
    else:
        params["BillingMode"] = "PAY_PER_REQUEST"
    if properties.get("Tags"):
        params["Tags"] = [{"Key": k, "Value": str(v)} for k, v in properties["Tags"].items()]
    return _create_or_keep(deployer, name, params, properties)


def _create_or_keep(deployer: Deployer, name: str, params: dict[str, Any], properties: dict[str, Any]) -> Deployed:
    dynamodb = deployer.client("dynamodb")
    try:
        description = dynamodb.describe_table(TableName=name)["Table"]
    except dynamodb.exceptions.ResourceNotFoundException:
        description = dynamodb.create_table(TableName=name, **params)["TableDescription"]
        dynamodb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 0.05, "MaxAttempts": 400})
    ttl = properties.get("TimeToLiveSpecification")
    if ttl and ttl.get("Enabled"):
        current = dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        if current.get("TimeToLiveStatus") != "ENABLED":
            dynamodb.update_time_to_live(
                TableName=name, TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": True}
            )
    attributes = {"Arn": description["TableArn"]}
    if description.get("LatestStreamArn"):
        attributes["StreamArn"] = description["LatestStreamArn"]
    return Deployed(name, attributes, f"table     {name}")
