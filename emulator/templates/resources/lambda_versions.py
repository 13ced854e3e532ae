"""AWS::Lambda::Version, AWS::Lambda::Alias and AWS::Lambda::Url, as CloudFormation makes them."""

from __future__ import annotations

from typing import Any

from ..deploy import Deployed, Deployer
from ..sam import Resource


def deploy_version(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    params = {"Description": properties["Description"]} if properties.get("Description") else {}
    version = deployer.client("lambda").publish_version(FunctionName=properties["FunctionName"], **params)
    return Deployed(version["FunctionArn"], {"Version": version["Version"], "FunctionArn": version["FunctionArn"]})


def deploy_alias(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    lambda_ = deployer.client("lambda")
    params = {
        "FunctionName": properties["FunctionName"],
        "Name": properties["Name"],
        "FunctionVersion": str(properties["FunctionVersion"]),
    }
    if properties.get("Description"):
        params["Description"] = properties["Description"]
    try:
        alias = lambda_.update_alias(**params)
    except lambda_.exceptions.ResourceNotFoundException:
        alias = lambda_.create_alias(**params)
    return Deployed(alias["AliasArn"], {"AliasArn": alias["AliasArn"]})


def deploy_url(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    lambda_ = deployer.client("lambda")
    target = {"FunctionName": properties["TargetFunctionArn"]}
    if properties.get("Qualifier"):
        target["Qualifier"] = str(properties["Qualifier"])
    params = {key: properties[key] for key in ("AuthType", "Cors", "InvokeMode") if key in properties}
    try:
        url = lambda_.update_function_url_config(**target, **params)
    except lambda_.exceptions.ResourceNotFoundException:
        url = lambda_.create_function_url_config(**target, **params)
    return Deployed(
        url["FunctionArn"],
        {"FunctionArn": url["FunctionArn"], "FunctionUrl": url["FunctionUrl"]},
        f"URL       {deployer.localise(url['FunctionUrl'])}",
    )
