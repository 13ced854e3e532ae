"""AWS::Logs::LogGroup, SubscriptionFilter and MetricFilter, as CloudFormation makes them.

A log group found by name (a function's, made by its first invocation, or the
last deploy's) is kept with its events; retention and tags follow the template.
"""

from __future__ import annotations

from typing import Any

from ...aws.wording import lower_first
from ..deploy import ACCOUNT_ID, Deployed, Deployer
from ..sam import Resource


def deploy_log_group(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    logs = deployer.client("logs")
    name = properties.get("LogGroupName") or deployer.physical_name(resource.logical_id)
    tags = {tag["Key"]: str(tag["Value"]) for tag in properties.get("Tags") or ()}
    try:
        logs.create_log_group(logGroupName=name, **({"tags": tags} if tags else {}))
    except logs.exceptions.ResourceAlreadyExistsException:
        if tags:
            logs.tag_log_group(logGroupName=name, tags=tags)
    if properties.get("RetentionInDays"):
        logs.put_retention_policy(logGroupName=name, retentionInDays=int(properties["RetentionInDays"]))
    else:
        logs.delete_retention_policy(logGroupName=name)
    if "DeletionProtectionEnabled" in properties:
        logs.put_log_group_deletion_protection(
            logGroupIdentifier=name, deletionProtectionEnabled=bool(properties["DeletionProtectionEnabled"])
        )
    if properties.get("KmsKeyId") or properties.get("DataProtectionPolicy"):
        deployer.note(f"{resource.logical_id}: KmsKeyId and DataProtectionPolicy are ignored (KMS is not emulated)")
    arn = f"arn:aws:logs:{deployer.region}:{ACCOUNT_ID}:log-group:{name}:*"
    return Deployed(name, {"Arn": arn})


def deploy_subscription_filter(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    name = properties.get("FilterName") or deployer.physical_name(resource.logical_id)
    params = {
        "logGroupName": properties["LogGroupName"],
        "filterName": name,
        "filterPattern": properties.get("FilterPattern", ""),
        "destinationArn": properties["DestinationArn"],
    }
    for member, key in (("RoleArn", "roleArn"), ("Distribution", "distribution")):
        if member in properties:
            params[key] = properties[member]
    deployer.client("logs").put_subscription_filter(**params)
    return Deployed(name)


def deploy_metric_filter(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    name = properties.get("FilterName") or deployer.physical_name(resource.logical_id)
    transformations = [
        {lower_first(key): value for key, value in transformation.items()}  # MetricName -> metricName
        for transformation in properties["MetricTransformations"]
    ]
    deployer.client("logs").put_metric_filter(
        logGroupName=properties["LogGroupName"],
        filterName=name,
        filterPattern=properties.get("FilterPattern", ""),
        metricTransformations=transformations,
    )
    return Deployed(name)


HANDLERS = {
    "AWS::Logs::LogGroup": deploy_log_group,
    "AWS::Logs::SubscriptionFilter": deploy_subscription_filter,
    "AWS::Logs::MetricFilter": deploy_metric_filter,
}
