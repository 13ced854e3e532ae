"""AWS::Serverless::WebSocketApi: a WebSocket API whose ``Routes`` name the functions serving them.

As SAM's generated-resources reference describes it: the API, a stage
(``StageName``, default ``default``: ``<Api><stage>Stage``), and per route an
integration, a route and a permission (``<Api><key>Route`` with the key's
special characters removed). ``Auth`` applies to ``$connect``. Redeploying keeps
the API (found by name) and rebuilds its routes.
"""

from __future__ import annotations

import re
from typing import Any

from ..deploy import Deployed, Deployer
from ..loader import TemplateError
from ..sam import Resource
from .functions import invocation_uri

#: RouteConfiguration members passed to CreateRoute as they are.
_ROUTE_MEMBERS = ("ApiKeyRequired", "OperationName", "RequestModels", "ModelSelectionExpression", "RouteResponseSelectionExpression")
#: WebSocketApi members passed to CreateApi as they are.
_API_MEMBERS = ("Description", "ApiKeySelectionExpression", "DisableExecuteApiEndpoint", "DisableSchemaValidation")
_SPECIAL = re.compile(r"[^A-Za-z0-9]")


def deploy_serverless_websocket_api(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    logical_id = resource.logical_id
    if not properties.get("RouteSelectionExpression") or not properties.get("Routes"):
        raise TemplateError(f"{logical_id}: a WebSocketApi needs RouteSelectionExpression and Routes")
    client = deployer.client("apigatewayv2")
    name = properties.get("Name") or deployer.physical_name(logical_id)
    api = next((item for item in client.get_apis().get("Items", []) if item["Name"] == name), None)
    settings = {key: properties[key] for key in _API_MEMBERS if key in properties}
    selection = properties["RouteSelectionExpression"]
    if api is None:
        tags = {k: str(v) for k, v in (properties.get("Tags") or {}).items()}
        api = client.create_api(Name=name, ProtocolType="WEBSOCKET", RouteSelectionExpression=selection, Tags=tags, **settings)
    else:
        client.update_api(ApiId=api["ApiId"], RouteSelectionExpression=selection, **settings)
    api_id = api["ApiId"]
    deployed = Deployed(api_id, {"ApiEndpoint": "", "ApiId": api_id})
    _clear(client, api_id)
    connect_auth = _authorizer(deployer, client, api_id, logical_id, properties.get("Auth") or {})
    for key, route in properties["Routes"].items():
        if "FunctionArn" not in (route or {}):
            raise TemplateError(f"{logical_id}: route {key} needs FunctionArn")
        integration: dict[str, Any] = {
            "IntegrationType": "AWS_PROXY",
            "IntegrationUri": invocation_uri(deployer.region, route["FunctionArn"]),
        }
        if route.get("IntegrationTimeout"):
            integration["TimeoutInMillis"] = int(route["IntegrationTimeout"])
        created = client.create_integration(ApiId=api_id, **integration)
        params = {member: route[member] for member in _ROUTE_MEMBERS if member in route}
        if key == "$connect":
            params.update(connect_auth)
        made = client.create_route(
            ApiId=api_id, RouteKey=key, Target=f"integrations/{created['IntegrationId']}", **params
        )
        normalized = _SPECIAL.sub("", key)
        deployed.generated[f"{logical_id}{normalized}Route"] = Deployed(made["RouteId"])
        deployed.generated[f"{logical_id}{normalized}Integration"] = Deployed(created["IntegrationId"])
    stage = str(properties.get("StageName", "default"))
    variables = {k: str(v) for k, v in (properties.get("StageVariables") or {}).items()}
    if stage in {item["StageName"] for item in client.get_stages(ApiId=api_id).get("Items", [])}:
        client.update_stage(ApiId=api_id, StageName=stage, StageVariables=variables)
    else:
        client.create_stage(ApiId=api_id, StageName=stage, StageVariables=variables)
    client.create_deployment(ApiId=api_id, StageName=stage)
    stage_resource = Deployed(stage)
    deployed.generated.update({f"{logical_id}{stage}Stage": stage_resource, f"{logical_id}.Stage": stage_resource})
    url = deployer.api_url(api_id, stage, "ws")
    deployed.attributes["ApiEndpoint"] = url.rsplit("/", 2)[0]
    deployed.summary = f"WebSocket  {logical_id}: {url}"
    return deployed


def _clear(client: Any, api_id: str) -> None:
    for route in client.get_routes(ApiId=api_id).get("Items", []):
        client.delete_route(ApiId=api_id, RouteId=route["RouteId"])
    for integration in client.get_integrations(ApiId=api_id).get("Items", []):
        client.delete_integration(ApiId=api_id, IntegrationId=integration["IntegrationId"])
    for authorizer in client.get_authorizers(ApiId=api_id).get("Items", []):
        client.delete_authorizer(ApiId=api_id, AuthorizerId=authorizer["AuthorizerId"])


def _authorizer(deployer: Deployer, client: Any, api_id: str, logical_id: str, auth: dict[str, Any]) -> dict[str, Any]:
    """The $connect route's authorization members (WebSocketApiAuth)."""
    kind = str(auth.get("AuthType", "NONE")).upper()
    if kind == "NONE":
        return {}
    if kind == "AWS_IAM":
        return {"AuthorizationType": "AWS_IAM"}
    if kind != "CUSTOM" or not auth.get("AuthArn"):
        raise TemplateError(f"{logical_id}: Auth.AuthType is NONE, AWS_IAM, or CUSTOM with an AuthArn")
    params: dict[str, Any] = {
        "AuthorizerType": "REQUEST",
        "AuthorizerUri": invocation_uri(deployer.region, auth["AuthArn"]),
        "Name": str(auth.get("Name") or f"{logical_id}Authorizer"),
    }
    if auth.get("IdentitySource"):
        params["IdentitySource"] = list(auth["IdentitySource"])
    created = client.create_authorizer(ApiId=api_id, **params)
    return {"AuthorizationType": "CUSTOM", "AuthorizerId": created["AuthorizerId"]}
