"""AWS::DynamoDB::Table and AWS::Serverless::SimpleTable.

A table found by name is kept with its data on redeploy; what CloudFormation
would update in place without replacing it (stream, TTL, point-in-time
recovery) is brought to the template's setting.
"""

from __future__ import annotations

from typing import Any

from ..deploy import Deployed, Deployer
from ..sam import Resource

_PASSED_AS_IS = (
    "AttributeDefinitions",
    "KeySchema",
    "BillingMode",
    "ProvisionedThroughput",
    "GlobalSecondaryIndexes",
    "LocalSecondaryIndexes",
    "TableClass",
    "DeletionProtectionEnabled",
    "OnDemandThroughput",
)
_SCALAR_TYPES = {"String": "S", "Number": "N", "Binary": "B"}


def deploy_table(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    name = properties.get("TableName") or deployer.physical_name(resource.logical_id)
    params: dict[str, Any] = {key: properties[key] for key in _PASSED_AS_IS if key in properties}
    if "ProvisionedThroughput" not in params and "BillingMode" not in params:
        params["BillingMode"] = "PAY_PER_REQUEST"
    sse = properties.get("SSESpecification")
    if sse:
        params["SSESpecification"] = {"Enabled": bool(sse.get("SSEEnabled")), **{
            k: v for k, v in sse.items() if k in ("SSEType", "KMSMasterKeyId")
        }}  # fmt: skip
    if properties.get("Tags"):
        params["Tags"] = [{"Key": tag["Key"], "Value": str(tag["Value"])} for tag in properties["Tags"]]
    if properties.get("KinesisStreamSpecification"):
        deployer.note(f"{resource.logical_id}: KinesisStreamSpecification is ignored (Kinesis is not emulated)")
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
    if (properties.get("SSESpecification") or {}).get("SSEEnabled"):
        params["SSESpecification"] = {"Enabled": True}
    if properties.get("Tags"):
        params["Tags"] = [{"Key": k, "Value": str(v)} for k, v in properties["Tags"].items()]
    return _create_or_keep(deployer, name, params, properties)


def _create_or_keep(deployer: Deployer, name: str, params: dict[str, Any], properties: dict[str, Any]) -> Deployed:
    dynamodb = deployer.client("dynamodb")
    stream = properties.get("StreamSpecification")
    wanted_stream = {"StreamEnabled": True, "StreamViewType": stream["StreamViewType"]} if stream else None
    try:
        description = dynamodb.describe_table(TableName=name)["Table"]
    except dynamodb.exceptions.ResourceNotFoundException:
        if wanted_stream:
            params["StreamSpecification"] = wanted_stream
        description = dynamodb.create_table(TableName=name, **params)["TableDescription"]
        _wait(dynamodb, name)
    else:
        description = _update_stream(dynamodb, name, description, wanted_stream)
    ttl = properties.get("TimeToLiveSpecification")
    if ttl and ttl.get("Enabled"):
        current = dynamodb.describe_time_to_live(TableName=name)["TimeToLiveDescription"]
        if current.get("TimeToLiveStatus") != "ENABLED":
            dynamodb.update_time_to_live(
                TableName=name, TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": True}
            )
    recovery = (properties.get("PointInTimeRecoverySpecification") or {}).get("PointInTimeRecoveryEnabled")
    if recovery is not None:
        dynamodb.update_continuous_backups(
            TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": bool(recovery)}
        )
    attributes = {"Arn": description["TableArn"]}
    if description.get("LatestStreamArn"):
        attributes["StreamArn"] = description["LatestStreamArn"]
    return Deployed(name, attributes, f"table     {name}")


def _update_stream(dynamodb: Any, name: str, description: dict[str, Any], wanted: dict[str, Any] | None) -> dict[str, Any]:
    current = description.get("StreamSpecification") or {}
    enabled = bool(current.get("StreamEnabled"))
    if wanted is None and not enabled:
        return description
    if wanted is not None and enabled and current.get("StreamViewType") == wanted["StreamViewType"]:
        return description
    if enabled:  # a stream's view type cannot change: a new stream replaces it
        dynamodb.update_table(TableName=name, StreamSpecification={"StreamEnabled": False})
        _wait(dynamodb, name)
    if wanted is not None:
        dynamodb.update_table(TableName=name, StreamSpecification=wanted)
        _wait(dynamodb, name)
    return dynamodb.describe_table(TableName=name)["Table"]


def _wait(dynamodb: Any, name: str) -> None:
    dynamodb.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 0.05, "MaxAttempts": 400})
