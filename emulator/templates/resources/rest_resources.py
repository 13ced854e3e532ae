"""AWS::ApiGateway::* resources: a REST API written out, as CloudFormation templates and ``cdk synth`` write it.

CloudFormation's property names are the API's with a capital first letter, so
each resource is one call with its top-level keys lowered. An API found by
name is deleted and made anew on redeploy: its parts have no names to match
them by (as for ApiGatewayV2 resources).
"""

from __future__ import annotations

import json
from typing import Any

from ..deploy import Deployed, Deployer, Handler
from ..sam import Resource
from .rest_stage_settings import apply_stage_settings

#: CloudFormation names that are not the API's name with a capital letter.
_RENAMED = {"ApiKeySourceType": "apiKeySource", "ProviderARNs": "providerARNs"}
#: Properties that are not members of the call (handled apart, or without an equivalent here).
_NOT_MEMBERS = {"Body", "BodyS3Location", "Mode", "FailOnWarnings", "Parameters", "Tags", "Integration",
                "MethodResponses", "StageDescription", "DeploymentCanarySettings", "MethodSettings",
                "AccessLogSetting", "CanarySetting", "ClientCertificateId"}  # fmt: skip


def _members(properties: dict[str, Any], skip: set[str] = _NOT_MEMBERS) -> dict[str, Any]:
    return {
        _RENAMED.get(key, key[0].lower() + key[1:]): _lowered(value) if key == "EndpointConfiguration" else value
        for key, value in properties.items()
        if key not in skip
    }


def _lowered(value: Any) -> Any:
    return {key[0].lower() + key[1:]: item for key, item in value.items()} if isinstance(value, dict) else value


def deploy_rest_api(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    client = deployer.client("apigateway")
    name = properties.get("Name") or deployer.physical_name(resource.logical_id)
    for page in client.get_paginator("get_rest_apis").paginate():
        for existing in page.get("items", []):
            if existing["name"] == name:
                client.delete_rest_api(restApiId=existing["id"])
    params = _members({**properties, "Name": name})
    if properties.get("Tags"):
        params["tags"] = {tag["Key"]: str(tag["Value"]) for tag in properties["Tags"]}
    api = client.create_rest_api(**params)
    if properties.get("Body") is not None:
        api = client.put_rest_api(restApiId=api["id"], mode="overwrite", body=json.dumps(properties["Body"]).encode())
    root_id = next(item["id"] for item in client.get_resources(restApiId=api["id"])["items"] if item["path"] == "/")
    return Deployed(api["id"], {"RootResourceId": root_id, "RestApiId": api["id"]}, f"REST API  {resource.logical_id}: {api['id']}")


def deploy_method(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    client = deployer.client("apigateway")
    target = {"restApiId": properties["RestApiId"], "resourceId": properties["ResourceId"], "httpMethod": properties["HttpMethod"]}
    client.put_method(**{**_members(properties), **target, "authorizationType": properties.get("AuthorizationType", "NONE")})
    for response in properties.get("MethodResponses") or []:
        client.put_method_response(**target, **_status_as_text(_members(response)))
    integration = properties.get("Integration")
    if integration:
        client.put_integration(**target, **_members(integration, {"IntegrationResponses"}))
        for response in integration.get("IntegrationResponses") or []:
            client.put_integration_response(**target, **_status_as_text(_members(response)))
    return Deployed(f"{properties['ResourceId']}-{properties['HttpMethod']}")


def _status_as_text(members: dict[str, Any]) -> dict[str, Any]:
    # CloudFormation takes StatusCode: 200 as the string the API wants.
    if "statusCode" in members:
        members["statusCode"] = str(members["statusCode"])
    return members


def deploy_stage(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    client = deployer.client("apigateway")
    params = _members(properties)
    if properties.get("Tags"):
        params["tags"] = {tag["Key"]: str(tag["Value"]) for tag in properties["Tags"]}
    stage = client.create_stage(**params)
    apply_stage_settings(client, properties["RestApiId"], stage["stageName"], properties)
    url = deployer.api_url(properties["RestApiId"], stage["stageName"])
    return Deployed(stage["stageName"], {}, f"stage     {resource.logical_id}: {url}")


def deploy_deployment(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    client = deployer.client("apigateway")
    deployment = client.create_deployment(**_members(properties))
    # StageDescription's settings apply to the stage the deployment makes.
    if properties.get("StageName") and properties.get("StageDescription"):
        apply_stage_settings(client, properties["RestApiId"], properties["StageName"], properties["StageDescription"])
    return Deployed(deployment["id"], {})


def deploy_model(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    params = _members({**properties, "Name": properties.get("Name") or resource.logical_id})
    # CloudFormation takes the schema as an object; the API, as JSON text.
    if not isinstance(params.get("schema", ""), str):
        params["schema"] = json.dumps(params["schema"])
    model = deployer.client("apigateway").create_model(**params)
    return Deployed(model["name"], {})


def deploy_request_validator(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    params = _members({**properties, "Name": properties.get("Name") or deployer.physical_name(resource.logical_id)})
    validator = deployer.client("apigateway").create_request_validator(**params)
    return Deployed(validator["id"], {"RequestValidatorId": validator["id"]})


def _one_call(operation: str, id_field: str) -> Handler:
    def deploy(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
        created = getattr(deployer.client("apigateway"), operation)(**_members(properties))
        return Deployed(created.get(id_field, resource.logical_id), {})

    return deploy


HANDLERS: dict[str, Handler] = {
    "AWS::ApiGateway::RestApi": deploy_rest_api,
    "AWS::ApiGateway::Resource": _one_call("create_resource", "id"),
    "AWS::ApiGateway::Method": deploy_method,
    "AWS::ApiGateway::Deployment": deploy_deployment,
    "AWS::ApiGateway::Stage": deploy_stage,
    "AWS::ApiGateway::Authorizer": _one_call("create_authorizer", "id"),
    "AWS::ApiGateway::GatewayResponse": _one_call("put_gateway_response", "responseType"),
    "AWS::ApiGateway::Model": deploy_model,
    "AWS::ApiGateway::RequestValidator": deploy_request_validator,
}
