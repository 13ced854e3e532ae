"""AWS::Serverless::HttpApi: an HTTP API built from function events or an OpenAPI body.

Redeploying keeps the API (found by name), so its id and URL stay; its routes,
integrations and authorizers are rebuilt. SAM's generated stage is
``<Api>ApiGatewayDefaultStage`` for ``$default`` (``<Api><Stage>Stage``
otherwise), reached as ``!Ref MyHttpApi.Stage``.
"""

from __future__ import annotations

import json
from typing import Any

from ..deploy import Deployed, Deployer
from ..sam import Resource
from .http_auth import HttpAuth


def deploy_serverless_http_api(deployer: Deployer, resource: Resource, properties: dict[str, Any]) -> Deployed:
    client = deployer.client("apigatewayv2")
    logical_id = resource.logical_id
    name = properties.get("Name") or (
        deployer.stack_name if logical_id == "ServerlessHttpApi" else deployer.physical_name(logical_id)
    )
    stage = str(properties.get("StageName", "$default"))
    api = next((item for item in client.get_apis().get("Items", []) if item["Name"] == name), None)
    body = properties.get("DefinitionBody")
    cors = _cors(properties.get("CorsConfiguration"))
    if api is None:
        if body is not None:
            api = client.import_api(Body=json.dumps(body))
        else:
            api = client.create_api(Name=name, ProtocolType="HTTP", **cors)
    elif body is not None:
        client.reimport_api(ApiId=api["ApiId"], Body=json.dumps(body))
    elif cors:
        client.update_api(ApiId=api["ApiId"], **cors)
    api_id = api["ApiId"]
    if body is None:
        _rebuild_routes(deployer, client, api_id, resource, HttpAuth(deployer, api_id, logical_id, properties.get("Auth") or {}))
    elif properties.get("Auth"):
        deployer.note(f"{logical_id}: Auth is applied to event routes only, not to a DefinitionBody")
    stages = {item["StageName"] for item in client.get_stages(ApiId=api_id).get("Items", [])}
    variables = {k: str(v) for k, v in (properties.get("StageVariables") or {}).items()}
    if stage not in stages:
        client.create_stage(ApiId=api_id, StageName=stage, AutoDeploy=True, StageVariables=variables)
    elif variables:
        client.update_stage(ApiId=api_id, StageName=stage, StageVariables=variables)
    url = deployer.api_url(api_id, stage)
    deployed = Deployed(api_id, {"ApiEndpoint": url.rstrip("/"), "ApiId": api_id}, f"HTTP API  {logical_id}: {url}")
    stage_resource = Deployed(stage)
    stage_id = "ApiGatewayDefaultStage" if stage == "$default" else f"{stage}Stage"
    deployed.generated.update({f"{logical_id}{stage_id}": stage_resource, f"{logical_id}.Stage": stage_resource})
    return deployed


def _cors(configuration: Any) -> dict[str, Any]:
    if not configuration:
        return {}
    # SAM's http_api_generator: true allows any origin, a string names the one origin.
    if configuration is True:
        return {"CorsConfiguration": {"AllowOrigins": ["*"]}}
    if isinstance(configuration, str):
        return {"CorsConfiguration": {"AllowOrigins": [configuration.strip("'")]}}
    return {"CorsConfiguration": configuration}


def _rebuild_routes(deployer: Deployer, client: Any, api_id: str, resource: Resource, auth: HttpAuth) -> None:
    for route in client.get_routes(ApiId=api_id).get("Items", []):
        client.delete_route(ApiId=api_id, RouteId=route["RouteId"])
    for integration in client.get_integrations(ApiId=api_id).get("Items", []):
        client.delete_integration(ApiId=api_id, IntegrationId=integration["IntegrationId"])
    auth.create_authorizers()
    for route in deployer.deployed_routes(resource):
        integration: dict[str, Any] = {
            "IntegrationType": "AWS_PROXY",
            "IntegrationUri": deployer.arns[route.function],
            "PayloadFormatVersion": str(route.properties.get("PayloadFormatVersion", "2.0")),
        }
        if route.properties.get("TimeoutInMillis"):
            integration["TimeoutInMillis"] = int(route.properties["TimeoutInMillis"])
        created = client.create_integration(ApiId=api_id, **integration)
        key = "$default" if route.method == "$default" else f"{route.method} {route.path}"
        client.create_route(
            ApiId=api_id, RouteKey=key, Target=f"integrations/{created['IntegrationId']}", **auth.for_route(route)
        )
